// SPDX-License-Identifier: GPL-2.0
/*
 * One walk of kallsyms over vmlinux and every loaded module: every symbol
 * whose name is a target, or a target followed by a chain of compiler
 * suffixes, is recorded with its address, owner, size, type and binding.
 * Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/elf.h>
#include <linux/jhash.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksymstat.h"

struct ks_walk {
	struct ks_set *set;
	unsigned long nvmlinux;
	unsigned long nmodule_syms;
	unsigned int nmodules;
	struct module *last_mod;
	int err;
};

/* Module names, interned: a symbol refers to its owner's. */
struct ks_owner {
	struct list_head node;
	char name[];
};

static LIST_HEAD(ks_owners);

static const char *ks_owner_intern(const char *name)
{
	struct ks_owner *o;

	list_for_each_entry(o, &ks_owners, node)
		if (!strcmp(o->name, name))
			return o->name;
	o = kmalloc(struct_size(o, name, strlen(name) + 1), GFP_KERNEL);
	if (!o)
		return NULL;
	strcpy(o->name, name);
	list_add(&o->node, &ks_owners);
	return o->name;
}

void ks_owners_free(void)
{
	struct ks_owner *o, *tmp;

	list_for_each_entry_safe(o, tmp, &ks_owners, node)
		kfree(o);
	INIT_LIST_HEAD(&ks_owners);
}

/*
 * Record name under every target it belongs to: the target of the same name,
 * and the target of each prefix that a suffix chain follows.
 */
typedef int (*ks_match_fn)(struct ks_sym *s, void *arg);

static int ks_match(struct ks_set *set, const char *name, unsigned long addr,
		    ks_match_fn fn, void *arg)
{
	size_t len = strlen(name), i;
	struct ks_target *t;
	struct ks_sym *s;

	for (i = 1; i <= len; i++) {
		if (i < len && (name[i] != '.' || !ks_suffix_chain(name + i)))
			continue;
		t = ks_target_find(set, name, i);
		if (!t)
			continue;
		s = ks_add_sym(t, name, i, addr);
		if (!s || fn(s, arg))
			return -ENOMEM;
	}
	return 0;
}

static int ks_vmlinux_facts(struct ks_sym *s, void *arg)
{
	const struct ks_walk *w = arg;

	s->index = w->nvmlinux;
	return 0;
}

static int ks_walk_vmlinux_sym(void *data, const char *name,
			       unsigned long addr)
{
	struct ks_walk *w = data;

	w->err = ks_match(w->set, name, addr, ks_vmlinux_facts, w);
	w->nvmlinux++;
	return w->err;
}

KS_VMLINUX_CB(ks_vmlinux_cb, ks_walk_vmlinux_sym)

/*
 * Type letter and true ELF binding of a module symbol, from the module's own
 * symbol table (/proc/kallsyms's letter case follows export status there).
 */
static int ks_module_facts(struct ks_sym *s, void *arg)
{
	struct module *mod = arg;
	struct mod_kallsyms *ks;
	unsigned int i;

	s->owner = ks_owner_intern(mod->name);
	if (!s->owner)
		return -ENOMEM;
	/* seen since the last module event: kept (kpcache.c) */
	if (READ_ONCE(ks_kprobe_cache) && ks_kpcache_mod_type(s))
		return 0;
	s->bind = KS_BIND_UNKNOWN;	/* unless the symtab has it */
	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; i < ks->num_symtab; i++) {
		const Elf_Sym *e = &ks->symtab[i];

		if (e->st_value != s->addr ||
		    strcmp(ks->strtab + e->st_name, s->name))
			continue;
		s->type = ks->typetab[i];
		s->bind = ks_bind_of_elf(ELF_ST_BIND(e->st_info));
		break;
	}
	preempt_enable();
	return 0;
}

/* Called with module_mutex held by module_kallsyms_on_each_symbol(). */
static int ks_walk_module_sym(void *data, const char *name,
			      struct module *mod, unsigned long addr)
{
	struct ks_walk *w = data;

	if (!mod)
		mod = ks_fn.module_address(addr);
	/* A module on its way out: its notifier event follows. */
	if (!mod || mod->state == MODULE_STATE_GOING)
		return 0;
	if (mod != w->last_mod) {
		w->last_mod = mod;
		w->nmodules++;
		ks_modbtf_saw(mod);
	}
	w->nmodule_syms++;
	w->err = ks_match(w->set, name, addr, ks_module_facts, mod);
	return w->err;
}

KS_MODULE_CB(ks_module_cb, ks_walk_module_sym)

/* livepatch's sympos: 1-based rank among same-name symbols of one owner. */
static void ks_sympos(struct ks_target *t)
{
	unsigned int i, j;

	for (i = 0; i < t->nsyms; i++) {
		struct ks_sym *s = &t->syms[i];

		s->sympos = 1;
		for (j = 0; j < i; j++)
			if (!strcmp(t->syms[j].name, s->name) &&
			    !strcmp(t->syms[j].owner, s->owner))
				s->sympos++;
	}
}

/*
 * The type letters of the vmlinux symbols without one (walked, or kept by
 * known.c): kept from an earlier walk (kpcache.c) or read from
 * /proc/kallsyms (types.c).
 */
static int ks_collect_vmlinux(struct ks_set *set)
{
	bool cache = READ_ONCE(ks_kprobe_cache);
	struct ks_sym **v;
	unsigned int i, j, n = 0;
	int err;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->sorted[i]->nsyms; j++) {
			struct ks_sym *s = &set->sorted[i]->syms[j];

			n += !s->owner[0] && s->type == '?' &&
			     !(cache && ks_kpcache_type(s));
		}
	if (!n)
		return 0;
	v = kvcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	n = 0;
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->sorted[i]->nsyms; j++) {
			struct ks_sym *s = &set->sorted[i]->syms[j];

			if (!s->owner[0] && s->type == '?')
				v[n++] = s;
		}
	err = ks_vmlinux_types(v, n);
	kvfree(v);
	return err;
}

/* A digest of the results, to tell whether a walk changed anything. */
static u32 ks_digest(struct ks_set *set)
{
	u32 h = set->n;
	unsigned int i, j;

	for (i = 0; i < set->n; i++) {
		struct ks_target *t = set->sorted[i];

		h = jhash_2words(t->hash, t->nsyms, h);
		for (j = 0; j < t->nsyms; j++) {
			struct ks_sym *s = &t->syms[j];
			/* owners are interned: the pointer names one */
			u64 w[4] = {
				s->addr, (unsigned long)s->owner,
				ks_ftrace_addr(s),
				s->size ^ (u64)(u8)s->type << 32,
			};

			if (s->name != t->name)
				h = jhash(s->name, strlen(s->name), h);
			h = jhash2((u32 *)w, 2 * ARRAY_SIZE(w), h);
			h = jhash_3words(s->bind, s->kprobe_err,
					 s->exported, h);
		}
	}
	return h;
}

bool ks_walk_needed(void)
{
	return ks_state.stale || !ks_state.generation ||
	       atomic_read(&ks_module_events) != ks_state.module_events ||
	       atomic_read(&ks_param_events) != ks_state.param_events;
}

/*
 * The vmlinux symbols of every target: kept from an earlier walk for names
 * asked before (known.c), looked up (fast.c) when that is the cheaper way
 * for the rest, else found by a walk of every vmlinux symbol.  ks_walk()
 * keeps what was not kept, with the sizes, for the next time.
 */
static int ks_find_vmlinux(struct ks_set *set, struct ks_walk *w)
{
	unsigned int i, unknown = set->n;
	int err;

	ks_state.how = KS_HOW_WALK;
	if (ks_known_usable()) {
		err = ks_known_lookup(set, &unknown);
		if (err)
			goto reset;
		if (!unknown) {
			ks_state.how = KS_HOW_KNOWN;
			w->nvmlinux = ks_known_nvmlinux();
			return 0;
		}
	}
	if (ks_fast_usable(unknown)) {
		err = ks_fast_lookup(set);
		if (!err) {
			ks_state.how = KS_HOW_INDEX;
			w->nvmlinux = ks_fast_nvmlinux();
			return 0;
		}
		if (err != -ENOMEM)
			pr_warn_ratelimited("vmlinux lookup failed (%d): walking instead\n",
					    err);
		goto reset;
	}
	if (unknown == set->n)
		goto walk;
	err = 0;
reset:
	for (i = 0; i < set->n; i++) {
		ks_sym_reset(set->sorted[i]);
		set->sorted[i]->known = false;
	}
	if (err == -ENOMEM)
		return err;
walk:
	err = ks_fn.on_each_symbol(ks_vmlinux_cb, w);
	return err ? err : w->err;
}

int ks_walk(struct ks_set *set)
{
	struct ks_walk w = { .set = set };
	unsigned int i, j;
	u64 start = ktime_get_ns(), probe_start;
	u32 digest;
	int err;

	ks_state.walks++;
	err = ks_set_sort(set);
	if (err)
		return err;
	ks_state.module_events = atomic_read(&ks_module_events);
	ks_state.param_events = atomic_read(&ks_param_events);
	ks_kpcache_mod_sync(ks_state.module_events);
	ks_modbtf_reset();
	for (i = 0; i < set->n; i++) {
		ks_sym_reset(set->sorted[i]);
		set->sorted[i]->known = false;
	}

	err = ks_find_vmlinux(set, &w);
	if (!err)
		err = ks_module_kallsyms_walk(ks_fn.module_on_each_symbol,
					      ks_module_cb, &w);
	if (!err)
		err = w.err;
	if (!err)
		err = ks_collect_vmlinux(set);
	if (err) {
		for (i = 0; i < set->n; i++)
			ks_sym_reset(set->sorted[i]);
		return err;
	}
	for (i = 0; i < set->n; i++) {
		struct ks_target *t = set->sorted[i];
		unsigned long size, off;

		for (j = 0; j < t->nsyms; j++) {
			/* kept by known.c with the rest of the symbol */
			if (t->known && !t->syms[j].owner[0])
				continue;
			if (!ks_fn.lookup_size_offset(t->syms[j].addr, &size,
						      &off) || size > U32_MAX)
				size = 0;
			t->syms[j].size = size;
		}
		ks_sympos(t);
	}
	ks_state.lookup_ns = ktime_get_ns() - start;
	probe_start = ktime_get_ns();
	err = ks_probe_all(set);
	if (err) {
		for (i = 0; i < set->n; i++)
			ks_sym_reset(set->sorted[i]);
		ks_state.stale = true;
		return err;
	}
	ks_clients(set);
	ks_state.probe_ns = ktime_get_ns() - probe_start;
	ks_known_put_set(set, w.nvmlinux);

	ks_state.nsymbols = w.nvmlinux + w.nmodule_syms;
	ks_state.nvmlinux = w.nvmlinux;
	ks_state.nmodules = w.nmodules;
	ks_state.text = ks_fn.lookup_name(KS_TEXT_ANCHOR);
	ks_state.walk_ns = ktime_get_ns() - start;
	ks_state.stale = false;

	digest = ks_digest(set);
	if (!ks_state.generation || digest != ks_state.digest)
		ks_state.generation++;
	ks_state.digest = digest;
	return 0;
}
