// SPDX-License-Identifier: GPL-2.0
/* Built without -g: an object with no BTF, which bpf check refuses. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/vfs_read")
int kp_vfs_read(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
