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
 *   arms it; all of them are then unregistered in one batch by a work item,
 *   so the RCU grace period of unregister_kprobes() is off the read path.
 *   vmlinux text never changes after boot, so the verdict of a vmlinux
 *   symbol is kept (kpcache.c), with its other facts, and later walks ask
 *   nothing again; those of module text are kept until a module comes or
 *   goes.
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
#include <linux/workqueue.h>

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
 * Only whether it is another name is kept; the report asks kallsyms for
 * that name again (render.c).
 */
static void ks_ftrace_name(struct ks_sym *s, unsigned long ip)
{
	char buf[KSYM_SYMBOL_LEN];
	char *sp;

	sprint_symbol_no_offset(buf, ip);
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
	s->ftrace_alias = strcmp(buf, s->name) != 0;
}

static void ks_ftrace(struct ks_sym *s)
{
	unsigned long end = s->addr + (s->size ? s->size - 1 : 0);
	unsigned long any, off;

	s->ftrace_any_off = 0;
	s->ftrace_entry = KS_ENTRY_NONE;
	s->ftrace_recs = 0;
	s->ftrace_alias = false;
	if (!ks_fn.ftrace_location)
		return;
	/*
	 * ftrace_location(): a record at addr, else the first in the extent.
	 * One that starts before addr overlaps it by less than an instruction
	 * (MCOUNT_INSN_SIZE < KS_ENTRY_BIAS) and the extent's size is a u32
	 * (walk.c), so the offset fits; the check is for "cannot happen".
	 */
	any = ks_fn.ftrace_location(s->addr);
	if (any) {
		off = any - s->addr + KS_ENTRY_BIAS;
		if (WARN_ON_ONCE(!off || off > U32_MAX))
			any = 0;
		else
			s->ftrace_any_off = off;
	}
	if (any && ks_ftrace_entry_site(s->addr, any))
		s->ftrace_entry = KS_ENTRY_ANY;
	if (ks_fn.ftrace_location_range && s->size) {
		s->ftrace_recs = min_t(unsigned int, U16_MAX,
				       ks_ftrace_recs(s->addr, s->addr, end, 0));
		/* an entry site other than the one ftrace_location() took */
		if (!s->ftrace_entry) {
			unsigned long ip = ks_fn.ftrace_location_range(s->addr,
								       s->addr + 8);

			/* a record may start before addr: it overlaps it */
			if (ip && ks_ftrace_entry_site(s->addr, ip) &&
			    ip + KS_ENTRY_BIAS > s->addr &&
			    ip + KS_ENTRY_BIAS - s->addr <= U8_MAX)
				s->ftrace_entry = ip + KS_ENTRY_BIAS - s->addr;
		}
	}
	if (any)
		ks_ftrace_name(s, any);
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

/*
 * Registered probes, unregistered later by ks_kprobe_reap(), a chunk at a
 * time.  Few may stay registered at once: kprobes hashes every probe into
 * 64 buckets, and each registration on x86 decodes its whole function
 * looking every instruction up there (try_to_optimize_kprobe(),
 * can_optimize()), so thousands of live probes made one registration take
 * over 20 s under emulation (a soft lockup).  So each chunk goes to the
 * work item as soon as it is full, and the walk waits for the work when
 * more than KS_KPROBE_BACKLOG chunks are still registered.
 */
#define KS_KPROBE_CHUNK		64U
#define KS_KPROBE_BACKLOG	4

struct ks_kprobe_batch {
	struct list_head node;
	unsigned int n;
	struct kprobe *registered[KS_KPROBE_CHUNK];
	struct kprobe kps[KS_KPROBE_CHUNK];
};

static LIST_HEAD(ks_kprobe_batches);
static DEFINE_SPINLOCK(ks_kprobe_batch_lock);
static atomic_t ks_kprobe_pending = ATOMIC_INIT(0);

/*
 * Every chunk waiting is unregistered in one call: unregister_kprobes()
 * waits for one RCU grace period per call, whatever its length, and the
 * walk waits for this work when the backlog is full (BENCHMARKS.md).
 */
static void ks_kprobe_reap(struct work_struct *work)
{
	struct ks_kprobe_batch *b, *tmp;
	struct kprobe **all;
	unsigned int n, nb;
	LIST_HEAD(batches);

	for (;;) {
		spin_lock(&ks_kprobe_batch_lock);
		list_splice_init(&ks_kprobe_batches, &batches);
		spin_unlock(&ks_kprobe_batch_lock);
		if (list_empty(&batches))
			return;
		n = 0;
		nb = 0;
		list_for_each_entry(b, &batches, node) {
			n += b->n;
			nb++;
		}
		all = nb > 1 ? kvmalloc_array(n, sizeof(*all), GFP_KERNEL) :
			       NULL;
		if (all) {
			n = 0;
			list_for_each_entry(b, &batches, node) {
				memcpy(all + n, b->registered,
				       b->n * sizeof(*all));
				n += b->n;
			}
			unregister_kprobes(all, n);
			kvfree(all);
		}
		list_for_each_entry_safe(b, tmp, &batches, node) {
			list_del(&b->node);
			/* no room for one array: a call per chunk */
			if (!all)
				unregister_kprobes(b->registered, b->n);
			kvfree(b);
		}
		atomic_sub(nb, &ks_kprobe_pending);
		cond_resched();
	}
}

static DECLARE_WORK(ks_kprobe_work, ks_kprobe_reap);

static void ks_kprobe_defer(struct ks_kprobe_batch *b)
{
	if (!b->n) {
		kvfree(b);
		return;
	}
	atomic_inc(&ks_kprobe_pending);
	spin_lock(&ks_kprobe_batch_lock);
	list_add_tail(&b->node, &ks_kprobe_batches);
	spin_unlock(&ks_kprobe_batch_lock);
	schedule_work(&ks_kprobe_work);
}

void ks_probe_exit(void)
{
	flush_work(&ks_kprobe_work);
	ks_kprobe_reap(NULL);
	ks_kpcache_free();
}

/*
 * Whether registering a kprobe at s can fault the kernel.  x86's
 * try_to_optimize_kprobe() decodes the whole kallsyms extent of the
 * function in place (can_optimize(), 6.1 and 6.12), reading up to
 * MAX_INSN_SIZE bytes past its last instruction; the last symbol of a
 * module's text runs to the end of its mapping, so the decoder read the
 * unmapped page after ksymstat's own cleanup_module and oopsed (amd64 6.12,
 * tests/module/clients.sh).  A symbol whose extent is not followed by
 * readable bytes is not registered: its kprobe verdict is unknown:unsafe.
 */
#define KS_INSN_MAX	16

static bool ks_kprobe_safe(const struct ks_sym *s)
{
	u8 tail[KS_INSN_MAX];

	return !copy_from_kernel_nofault(tail, (void *)(s->addr + s->size),
					 sizeof(tail));
}

/*
 * Whether the blacklist and notrace checks of a vmlinux symbol can change
 * with the modules loaded: both look up, by name, the part before a '.' of
 * the name kallsyms gives the address (within_kprobe_blacklist() in
 * kernel/kprobes.c, within_notrace_func() in kernel/trace/trace_kprobe.c,
 * 6.1 and 6.12), and a module may hold that name, or come to.
 */
static bool ks_follows_modules(unsigned long addr)
{
	char name[KSYM_SYMBOL_LEN];
	unsigned long base;
	char *dot;
	bool mod;

	sprint_symbol_no_offset(name, addr);
	dot = strchr(name, '.');
	if (!dot || !strncmp(name, "0x", 2))
		return false;
	*dot = '\0';
	base = ks_fn.lookup_name(name);
	if (!base)
		return true;
	preempt_disable();
	mod = ks_fn.module_address(base) != NULL;
	preempt_enable();
	return mod;
}

/* The facts that change with modules: the blacklist, trace_kprobe's notrace. */
static void ks_blacklist(struct ks_sym *s)
{
	s->blacklisted = ks_fn.within_kprobe_blacklist &&
			 ks_fn.within_kprobe_blacklist(s->addr);
	s->ev_notrace = ks_kprobe_event_notrace(s->addr);
}

/* Keep what the walk found (kpcache.c). */
static int ks_keep(const struct ks_sym *s)
{
	if (s->owner[0])
		return ks_kpcache_mod_put(s);
	return ks_kpcache_put(s, ks_follows_modules(s->addr));
}

/*
 * The verdict of register_kprobe() at each address, by registering a
 * disabled probe; the facts of vmlinux symbols are kept (kpcache.c).
 */
static int ks_kprobes(struct ks_sym **syms, unsigned int n, bool cache)
{
	struct ks_kprobe_batch *b = NULL;
	unsigned int i;
	int err = 0;

	if (ks_fault_nomem) {
		ks_fault_nomem = false;
		return -ENOMEM;
	}
	for (i = 0; i < n && !err; i++) {
		struct ks_sym *s = syms[i];
		struct kprobe *kp;

		if (!ks_kprobe_safe(s)) {
			s->kprobe_err = -EFAULT;
			s->kprobe_unsafe = true;
			if (cache && ks_keep(s))
				err = -ENOMEM;
			continue;
		}
		if (!b) {
			b = kvzalloc(sizeof(*b), GFP_KERNEL);
			if (!b) {
				err = -ENOMEM;
				break;
			}
		}
		kp = &b->kps[b->n];
		kp->addr = (kprobe_opcode_t *)s->addr;
		kp->flags = KPROBE_FLAG_DISABLED;
		s->kprobe_err = register_kprobe(kp);
		if (!s->kprobe_err) {
			b->registered[b->n++] = kp;
		} else {
			/* a refused probe leaves nothing registered: reuse it */
			memset(kp, 0, sizeof(*kp));
		}
		/* Out of memory is the machine's state, not a verdict. */
		if (s->kprobe_err == -ENOMEM)
			err = -ENOMEM;
		else if (cache && ks_keep(s))
			err = -ENOMEM;
		if (b->n == KS_KPROBE_CHUNK) {
			ks_kprobe_defer(b);
			b = NULL;
			if (atomic_read(&ks_kprobe_pending) > KS_KPROBE_BACKLOG)
				flush_work(&ks_kprobe_work);
		}
		/* one registration can take milliseconds: yield after each */
		cond_resched();
	}
	if (b)
		ks_kprobe_defer(b);
	return err;
}

/* -ENOMEM when a check ran out of memory: the read fails, no verdict. */
int ks_probe_all(struct ks_set *set)
{
	bool cache = READ_ONCE(ks_kprobe_cache), recheck;
	struct ks_sym **all;
	unsigned int i, j, n = 0;
	int err;

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

			if (!(j & 63))
				cond_resched();
			/* a symbol seen before: nothing to ask */
			if (cache && !s->owner[0] &&
			    ks_kpcache_get(s, &recheck)) {
				if (recheck)
					ks_blacklist(s);
				continue;
			}
			if (cache && s->owner[0] && ks_kpcache_mod_get(s))
				continue;
			ks_ftrace(s);
			ks_export(s);
			ks_module_type_case(s);
			ks_blacklist(s);
			all[n++] = s;
		}
	err = ks_kprobes(all, n, cache);
	kvfree(all);
	return err;
}
