/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test programs need without vmlinux.h: the kernel types they
 * read, with CO-RE relocations (preserve_access_index), as a BPF program
 * built against an older or newer kernel would declare them.
 */
#ifndef KS_BPF_H
#define KS_BPF_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

enum pid_type {
	PIDTYPE_PID,
	PIDTYPE_TGID,
};

char LICENSE[] SEC("license") = "GPL";

#endif
