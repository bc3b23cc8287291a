// SPDX-License-Identifier: GPL-2.0
/*
 * One program per SEC family ksymstat bpf check knows, every hook one
 * that exists on Debian's arm64 6.1 cloud kernel, plus the families it
 * lists as not checked and programs whose target is set at run time.
 */
#include "ks_bpf.h"

__u64 hits;

static __always_inline void count(void)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	if (BPF_CORE_READ(t, real_parent, tgid) >= 0 &&
	    bpf_core_enum_value(enum pid_type, PIDTYPE_TGID) == 1)
		__sync_fetch_and_add(&hits, 1);
}

SEC("kprobe/vfs_read")
int kp_vfs_read(void *ctx)
{
	count();
	return 0;
}

SEC("kprobe/tcp_v4_connect+0x8")
int kp_offset(void *ctx)
{
	return 0;
}

SEC("kretprobe/vfs_read")
int krp_vfs_read(void *ctx)
{
	return 0;
}

SEC("ksyscall/openat")
int ksc_openat(void *ctx)
{
	return 0;
}

SEC("kretsyscall/close")
int krsc_close(void *ctx)
{
	return 0;
}

SEC("kprobe.multi/tcp_v4_conn*")
int kpm_tcp(void *ctx)
{
	return 0;
}

SEC("fentry/vfs_read")
int fe_vfs_read(void *ctx)
{
	count();
	return 0;
}

SEC("fexit/tcp_v4_connect")
int fx_connect(void *ctx)
{
	return 0;
}

SEC("fmod_ret/security_file_open")
int fm_open(void *ctx)
{
	return 0;
}

SEC("lsm/file_open")
int lsm_open(void *ctx)
{
	return 0;
}

SEC("tp/syscalls/sys_enter_openat")
int tp_openat(void *ctx)
{
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int tp_switch(void *ctx)
{
	return 0;
}

SEC("raw_tp/sched_switch")
int rtp_switch(void *ctx)
{
	return 0;
}

SEC("tp_btf/sched_wakeup")
int btf_wakeup(void *ctx)
{
	return 0;
}

SEC("kprobe")
int kp_runtime(void *ctx)
{
	return 0;
}

SEC("xdp")
int xdp_pass(void *ctx)
{
	return 2;
}
