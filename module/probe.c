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

#include <linux/ctype.h>
#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksymstat.h"

/*
 * Count the enabled ftrace records in [start, end] and keep the first one
 * found.  ftrace_location_range() returns any record of the range (a
 * bsearch inside each page), so the range is split at each one found.
 */
static unsigned int ks_ftrace_recs(unsigned long func, unsigned long start,
				   unsigned long end, unsigned int depth)
{
	unsigned long ip;
	unsigned int n;

	if (start > end || depth > 64)
		return 0;
	ip = ks_fn.ftrace_location_range(start, end);
	if (!ip)
		return 0;
	n = !ks_ftrace_rec_disabled(func, ip);
	if (ip > start)
		n += ks_ftrace_recs(func, start, ip - 1, depth + 1);
	/* a record matches every range its instruction overlaps */
	if (ip + MCOUNT_INSN_SIZE <= end)
		n += ks_ftrace_recs(func, ip + MCOUNT_INSN_SIZE, end,
				    depth + 1);
	return n;
}

/*
 * The name set_ftrace_filter knows a site by: ftrace_match_record() compares
 * the filter with kallsyms_lookup() of the record, which names one symbol
 * of several sharing an address (kernel/kallsyms.c, get_symbol_pos()).
 */
static int ks_ftrace_name(struct ks_sym *s, unsigned long ip)
{
	char buf[KSYM_SYMBOL_LEN];
	char *sp;

	sprint_symbol_no_offset(buf, ip);
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
	if (!strcmp(buf, s->name)) {
		s->ftrace_name = s->name;
		return 0;
	}
	s->ftrace_name = kstrdup(buf, GFP_KERNEL);
	return s->ftrace_name ? 0 : -ENOMEM;
}

static int ks_ftrace(struct ks_sym *s)
{
	unsigned long end = s->addr + (s->size ? s->size - 1 : 0);

	s->ftrace_addr = 0;
	s->ftrace_any = 0;
	s->ftrace_recs = 0;
	if (!ks_fn.ftrace_location)
		return 0;
	/* ftrace_location(): a record at addr, else the first in the extent. */
	s->ftrace_any = ks_fn.ftrace_location(s->addr);
	if (s->ftrace_any && ks_ftrace_entry_site(s->addr, s->ftrace_any))
		s->ftrace_addr = s->ftrace_any;
	if (ks_fn.ftrace_location_range && s->size) {
		s->ftrace_recs = ks_ftrace_recs(s->addr, s->addr, end, 0);
		/* an entry site other than the one ftrace_location() took */
		if (!s->ftrace_addr) {
			unsigned long ip = ks_fn.ftrace_location_range(s->addr,
								       s->addr + 8);

			if (ip && ks_ftrace_entry_site(s->addr, ip))
				s->ftrace_addr = ip;
		}
	}
	return s->ftrace_any ? ks_ftrace_name(s, s->ftrace_any) : 0;
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
	/* A binding not read: find_symbol() alone cannot tell a local. */
	if (s->bind == KS_BIND_UNKNOWN) {
		s->exported = KS_EXPORT_UNKNOWN;
		return;
	}
	preempt_disable();
	found = ks_fn.find_symbol(&fsa);
	same = found && !strcmp(fsa.owner ? fsa.owner->name : "", s->owner);
	preempt_enable();
	if (same)
		s->exported = fsa.license == KS_GPL_ONLY ? KS_EXPORT_GPL :
							   KS_EXPORT_YES;
}

/*
 * /proc/kallsyms prints a module symbol's letter upper case exactly when
 * the symbol is exported without the GPL restriction, lower case otherwise
 * (kernel/kallsyms.c s_show(); is_exported() in kernel/module/kallsyms.c
 * looks in mod->syms only, not mod->gpl_syms; 6.1 and 6.12).
 */
static void ks_module_type_case(struct ks_sym *s)
{
	if (!s->owner[0] || s->exported == KS_EXPORT_UNKNOWN || s->type == '?')
		return;
	s->type = s->exported == KS_EXPORT_YES ? toupper(s->type) :
						 tolower(s->type);
}

static int ks_kprobes(struct ks_sym **syms, unsigned int n)
{
	struct kprobe *kps, **registered;
	unsigned int i, m = 0;
	int err = 0;

	kps = kvcalloc(n, sizeof(*kps), GFP_KERNEL);
	registered = kvcalloc(n, sizeof(*registered), GFP_KERNEL);
	if (ks_fault_nomem) {
		ks_fault_nomem = false;
		err = -ENOMEM;
		goto out;
	}
	if (!kps || !registered) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		kps[i].addr = (kprobe_opcode_t *)syms[i]->addr;
		kps[i].flags = KPROBE_FLAG_DISABLED;
		syms[i]->kprobe_err = register_kprobe(&kps[i]);
		if (!syms[i]->kprobe_err)
			registered[m++] = &kps[i];
		/* Out of memory is the machine's state, not a verdict. */
		else if (syms[i]->kprobe_err == -ENOMEM)
			err = -ENOMEM;
	}
	if (m)
		unregister_kprobes(registered, m);
out:
	kvfree(registered);
	kvfree(kps);
	return err;
}

/* -ENOMEM when a check ran out of memory: the read fails, no verdict. */
int ks_probe_all(struct ks_set *set)
{
	struct ks_sym **all;
	unsigned int i, j, n = 0;
	int err = 0;

	for (i = 0; i < set->n; i++)
		n += set->sorted[i]->nsyms;
	if (!n)
		return 0;
	all = kvcalloc(n, sizeof(*all), GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	n = 0;
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->sorted[i]->nsyms; j++) {
			struct ks_sym *s = &set->sorted[i]->syms[j];

			cond_resched();
			if (!err)
				err = ks_ftrace(s);
			ks_export(s);
			ks_module_type_case(s);
			s->blacklisted = ks_fn.within_kprobe_blacklist &&
					 ks_fn.within_kprobe_blacklist(s->addr);
			all[n++] = s;
		}
	if (!err)
		err = ks_kprobes(all, n);
	kvfree(all);
	return err;
}
