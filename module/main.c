// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat: confirm, live, what a probe on a kernel function will find.
 *
 * Load, parameters, module notifier, unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>
#include <linux/string.h>

#include "ksymstat.h"
#include "../include/ksymstat/version.h"

/*
 * The kernel takes at most 1,024 bytes for a string parameter
 * (param_set_charp()).  The check is made here first so that the error
 * says which limit was hit and what to do instead.
 */
#define KS_PARAM_MAX	1024

static int ks_param_set_targets(const char *val, const struct kernel_param *kp)
{
	if (strnlen(val, KS_PARAM_MAX + 1) > KS_PARAM_MAX) {
		pr_err("targets=: longer than %d bytes, the kernel's limit for a string parameter; write the names to /sys/kernel/debug/ksymstat instead\n",
		       KS_PARAM_MAX);
		return -ENOSPC;
	}
	return param_set_charp(val, kp);
}

static const struct kernel_param_ops ks_targets_ops = {
	.set = ks_param_set_targets,
	.get = param_get_charp,
	.free = param_free_charp,
};

static char *targets = "kvm_write_guest";
module_param_cb(targets, &ks_targets_ops, &targets, 0444);
MODULE_PARM_DESC(targets,
		 "comma-separated function names to analyse at load (default kvm_write_guest; at most 1024 bytes, the kernel's limit for a string parameter); change later by writing to /sys/kernel/debug/ksymstat");

/* Test hook (tests/module/ksymstat.sh): the next probe check gets ENOMEM. */
bool ks_fault_nomem;
module_param_named(fault_nomem, ks_fault_nomem, bool, 0600);
MODULE_PARM_DESC(fault_nomem,
		 "test hook: the next walk's probe checks fail as out of memory (the read fails with ENOMEM)");

/*
 * Parameters writable at run time only count their changes: the next read
 * walks again.  Their stores run under the module's param_lock, so taking
 * ks_lock there would order param_lock before ks_lock (lockdep, on the
 * debug kernel, found the cycle that closes through sysfs reads).
 */
atomic_t ks_param_events = ATOMIC_INIT(0);

/* How vmlinux symbols are found (fast.c); tests compare the ways. */
int ks_lookup_mode = KS_LOOKUP_AUTO;
static const char * const ks_lookup_names[] = {
	[KS_LOOKUP_AUTO] = "auto",
	[KS_LOOKUP_WALK] = "walk",
	[KS_LOOKUP_INDEX] = "index",
};

static int ks_param_set_lookup(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(ks_lookup_names, val);

	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(ks_lookup_mode, i);
	atomic_inc(&ks_param_events);
	return 0;
}

static int ks_param_get_lookup(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", ks_lookup_names[ks_lookup_mode]);
}

static const struct kernel_param_ops ks_lookup_ops = {
	.set = ks_param_set_lookup,
	.get = ks_param_get_lookup,
};

module_param_cb(lookup, &ks_lookup_ops, NULL, 0644);
MODULE_PARM_DESC(lookup,
		 "how vmlinux symbols are found: auto (kept for names asked before, the rest looked up when few, walked when many), walk, or index (these two never use what was kept)");

/* Test hook: the facts of vmlinux symbols asked afresh each walk. */
bool ks_kprobe_cache = true;
static int ks_param_set_kprobe_cache(const char *val,
				     const struct kernel_param *kp)
{
	int err = param_set_bool(val, kp);

	if (!err)
		atomic_inc(&ks_param_events);
	return err;
}

static const struct kernel_param_ops ks_kprobe_cache_ops = {
	.set = ks_param_set_kprobe_cache,
	.get = param_get_bool,
};

module_param_cb(kprobe_cache, &ks_kprobe_cache_ops, &ks_kprobe_cache, 0644);
MODULE_PARM_DESC(kprobe_cache,
		 "keep the facts of vmlinux symbols (kprobe verdict, ftrace records, export, blacklist, type letter) across walks (default 1; 0 asks and registers afresh every walk)");

DEFINE_MUTEX(ks_lock);
struct ks_state ks_state;

atomic_t ks_module_events = ATOMIC_INIT(0);

/*
 * Results follow modules: the next read walks kallsyms again.  No lock here:
 * the walk holds ks_lock while it takes module_mutex and the kprobe locks,
 * so the notifier only counts.
 */
static int ks_module_event(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	if (action == MODULE_STATE_LIVE || action == MODULE_STATE_GOING)
		atomic_inc(&ks_module_events);
	return NOTIFY_DONE;
}

static struct notifier_block ks_module_nb = {
	.notifier_call = ks_module_event,
};

static int __init ksymstat_init(void)
{
	int err;

	err = ks_resolve();
	if (err)
		return err;

	ks_kallsyms_open();
	ks_fast_init();
	ks_btf_index_init();
	ks_btf_proto_init();

	err = ks_targets_init(targets);
	if (err)
		goto err_fast;

	err = register_module_notifier(&ks_module_nb);
	if (err)
		goto err_free_targets;

	err = ks_report_init();
	if (err)
		goto err_unregister_notifier;

	pr_info("ready: %u target(s), report at /sys/kernel/debug/ksymstat\n",
		ks_state.set->n);
	return 0;

err_unregister_notifier:
	unregister_module_notifier(&ks_module_nb);
err_free_targets:
	ks_targets_exit();
err_fast:
	ks_btf_index_exit();
	ks_modbtf_exit();
	ks_owners_free();
	ks_known_free();
	ks_fast_exit();
	ks_kallsyms_close();
	return err;
}

static void __exit ksymstat_exit(void)
{
	ks_report_exit();
	unregister_module_notifier(&ks_module_nb);
	ks_probe_exit();
	ks_targets_exit();
	ks_owners_free();
	ks_modbtf_exit();
	ks_btf_index_exit();
	ks_known_free();
	ks_fast_exit();
	ks_kallsyms_close();
}

module_init(ksymstat_init);
module_exit(ksymstat_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Live kallsyms, ftrace and kprobe facts of kernel functions");
MODULE_AUTHOR("ksymstat developers");
MODULE_VERSION(KSYMSTAT_VERSION);
