// SPDX-License-Identifier: GPL-2.0
/*
 * One program per failure class: a missing function, a notrace function,
 * an ambiguous name, a fully inlined function, a missing tracepoint, a
 * missing field, a glob that matches nothing, fmod_ret on a function the
 * verifier does not let it modify; and the degraded classes (a
 * selectively inlined function, a prototype that changed) and a guarded
 * field that is fine to miss.
 */
#include "ks_bpf.h"

/* A struct the program was built against, with a field this kernel lacks. */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

struct cred {
	unsigned int ks_no_such_field;
} __attribute__((preserve_access_index));

SEC("kprobe/ksymstat_no_such_function")
int missing_func(void *ctx)
{
	return 0;
}

SEC("kprobe/sched_clock")
int notrace_func(void *ctx)
{
	return 0;
}

SEC("kprobe/c_show")
int ambiguous_name(void *ctx)
{
	return 0;
}

SEC("fentry/attach_tasks")
int inlined_func(void *ctx)
{
	return 0;
}

SEC("tp/sched/ksymstat_no_such_event")
int missing_tracepoint(void *ctx)
{
	return 0;
}

SEC("kprobe/vfs_read")
int missing_field(void *ctx)
{
	struct cred *c = (void *)bpf_get_current_task();

	return BPF_CORE_READ(c, ks_no_such_field);
}

SEC("kprobe/vfs_read")
int guarded_field(void *ctx)
{
	struct task_struct___old *t = (void *)bpf_get_current_task();

	if (bpf_core_field_exists(t->state))
		return BPF_CORE_READ(t, state);
	return 0;
}

SEC("kprobe.multi/ksymstat_no_such_*")
int empty_glob(void *ctx)
{
	return 0;
}

SEC("fmod_ret/vfs_read")
int fmod_ret_refused(void *ctx)
{
	return 0;
}

SEC("kprobe/do_tcp_setsockopt")
int selective_inline(void *ctx)
{
	return 0;
}

/* selectively inlined in this very build (its DWARF import says so) */
SEC("kprobe/tcp_getsockopt")
int selective_here(void *ctx)
{
	return 0;
}

SEC("fentry/bpf_prog_free_id")
int prototype_changed(void *ctx)
{
	return 0;
}
