// SPDX-License-Identifier: GPL-2.0
/*
 * What a probe on each matched symbol would meet: its ftrace patch site, a
 * kprobe's verdict, and its export.  Nothing is left armed:
 *
 * - ftrace: ftrace_location() maps a function's address to its patch site
 *   (the mcount/fentry call or the patchable NOPs, which can sit a few bytes
 *   past the symbol) without touching any ftrace_ops; a site further in than
 *   ftrace itself accepts is a disabled record, not a traceable function.
 * - kprobe: each address gets a kprobe registered with KPROBE_FLAG_DISABLED,
 *   which runs every check register_kprobe() makes (blacklist, notrace text
 *   under KPROBES_ON_FTRACE, instruction boundary, module state) but never
 *   arms it; all of them are then unregistered in one batch (one RCU grace
 *   period for the whole set).
 * - export: the module loader's own find_symbol(), which knows the licence.
 *
 * Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksymstat.h"

static void ks_ftrace(struct ks_sym *s)
{
	s->ftrace_addr = ks_fn.ftrace_location ?
			 ks_fn.ftrace_location(s->addr) : 0;
	if (s->ftrace_addr && !ks_ftrace_site_valid(s->ftrace_addr - s->addr))
		s->ftrace_addr = 0;
}

static void ks_export(struct ks_sym *s)
{
	struct find_symbol_arg fsa = {
		.name = s->name,
		.gplok = true,
		.warn = false,
	};
	bool found, same;

	if (!ks_fn.find_symbol) {
		s->exported = KS_EXPORT_UNKNOWN;
		return;
	}
	s->exported = KS_EXPORT_NO;
	if (s->name[s->base_len] || s->bind == KS_BIND_LOCAL)
		return;
	preempt_disable();
	found = ks_fn.find_symbol(&fsa);
	same = found && !strcmp(fsa.owner ? fsa.owner->name : "", s->owner);
	preempt_enable();
	if (same)
		s->exported = fsa.license == KS_GPL_ONLY ? KS_EXPORT_GPL :
							   KS_EXPORT_YES;
}

static void ks_kprobes(struct ks_sym **syms, unsigned int n)
{
	struct kprobe *kps, **registered;
	unsigned int i, m = 0;

	kps = kvcalloc(n, sizeof(*kps), GFP_KERNEL);
	registered = kvcalloc(n, sizeof(*registered), GFP_KERNEL);
	if (!kps || !registered) {
		for (i = 0; i < n; i++)
			syms[i]->kprobe_err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		kps[i].addr = (kprobe_opcode_t *)syms[i]->addr;
		kps[i].flags = KPROBE_FLAG_DISABLED;
		syms[i]->kprobe_err = register_kprobe(&kps[i]);
		if (!syms[i]->kprobe_err)
			registered[m++] = &kps[i];
	}
	if (m)
		unregister_kprobes(registered, m);
out:
	kvfree(registered);
	kvfree(kps);
}

void ks_probe_all(void)
{
	struct ks_set *set = ks_state.set;
	struct ks_sym **all;
	unsigned int i, j, n = 0;

	for (i = 0; i < set->n; i++)
		n += set->sorted[i]->nsyms;
	if (!n)
		return;
	all = kvcalloc(n, sizeof(*all), GFP_KERNEL);
	n = 0;
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->sorted[i]->nsyms; j++) {
			struct ks_sym *s = &set->sorted[i]->syms[j];

			ks_ftrace(s);
			ks_export(s);
			if (all)
				all[n++] = s;
			else
				s->kprobe_err = -ENOMEM;
		}
	if (all)
		ks_kprobes(all, n);
	kvfree(all);
}
