// SPDX-License-Identifier: GPL-2.0
/*
 * fentry on names vmlinux BTF lacks: the BTF of the loaded modules (split
 * BTF on vmlinux, what /sys/kernel/btf/MOD holds), asked as libbpf asks it
 * (find_kernel_btf_id(): vmlinux first, then each module's BTF in BTF
 * object id order, the first FUNC of the name wins).  The walk notes every
 * module it met (ks_modbtf_saw(), under module_mutex); after it, each
 * module's BTF is taken by reference and the module pointer is only
 * compared, never read: a module the walk met can be freed only after its
 * MODULE_STATE_GOING event, which ks_module_events counts, so when the
 * count is unchanged after the BTF references are taken every pointer
 * named a live module.  Otherwise the module answers stay unknown for this
 * walk (the next read walks again).  Every BTF reference is dropped before
 * ks_modbtf_mark() returns: no module and no BTF is held between reads.
 * Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/btf.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <uapi/linux/btf.h>

#include "ksymstat.h"

struct ks_modbtf {
	const struct module *mod;	/* compared only (see above) */
	struct btf *btf;		/* referenced while marking */
	u32 id;				/* btf_obj_id() */
	char name[MODULE_NAME_LEN];
};

static struct ks_modbtf *ks_mods;
static unsigned int ks_nmods, ks_mods_cap;
static bool ks_mods_lost;		/* no memory to note one */

void ks_modbtf_reset(void)
{
	ks_nmods = 0;
	ks_mods_lost = false;
}

/* A module the walk met; called with module_mutex held (mod is live). */
void ks_modbtf_saw(const struct module *mod)
{
	struct ks_modbtf *m;

	if (ks_nmods == ks_mods_cap) {
		unsigned int cap = ks_mods_cap ? 2 * ks_mods_cap : 64;

		m = kvmalloc_array(cap, sizeof(*m), GFP_KERNEL);
		if (!m) {
			ks_mods_lost = true;
			return;
		}
		if (ks_nmods)
			memcpy(m, ks_mods, ks_nmods * sizeof(*m));
		kvfree(ks_mods);
		ks_mods = m;
		ks_mods_cap = cap;
	}
	m = &ks_mods[ks_nmods++];
	m->mod = mod;
	m->btf = NULL;
	m->id = 0;
	strscpy(m->name, mod->name, sizeof(m->name));
}

void ks_modbtf_exit(void)
{
	kvfree(ks_mods);
	ks_mods = NULL;
	ks_nmods = ks_mods_cap = 0;
}

static bool ks_modbtf_usable(void)
{
	return ks_fn.get_module_btf && ks_fn.btf_put && ks_fn.btf_obj_id &&
	       !ks_mods_lost;
}

/* BTF object ids in load order, as libbpf meets them; no BTF last. */
static int ks_modbtf_cmp(const void *a, const void *b)
{
	const struct ks_modbtf *x = a, *y = b;

	if (!x->btf != !y->btf)
		return x->btf ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void ks_modbtf_put(void)
{
	unsigned int i;

	for (i = 0; i < ks_nmods; i++) {
		if (ks_mods[i].btf)
			ks_fn.btf_put(ks_mods[i].btf);
		ks_mods[i].btf = NULL;
	}
}

/* Take the BTF of every module noted; false: a module may have gone. */
static bool ks_modbtf_get(void)
{
	unsigned int i;

	for (i = 0; i < ks_nmods; i++) {
		struct btf *btf = ks_fn.get_module_btf(ks_mods[i].mod);

		if (IS_ERR_OR_NULL(btf))
			continue;
		ks_mods[i].btf = btf;
		ks_mods[i].id = ks_fn.btf_obj_id(btf);
	}
	if (atomic_read(&ks_module_events) != ks_state.module_events) {
		ks_modbtf_put();
		return false;
	}
	sort(ks_mods, ks_nmods, sizeof(*ks_mods), ks_modbtf_cmp, NULL);
	return true;
}

/*
 * The symbol the verifier takes for a FUNC of m's BTF from 6.4 on
 * (compat.h): the first of the name in m's own symbols, in the order its
 * symbol table and the walk share.
 */
static void ks_modbtf_addr(struct ks_target *t, const struct ks_modbtf *m)
{
	unsigned int i;

	for (i = 0; i < t->nsyms; i++) {
		struct ks_sym *s = &t->syms[i];

		if (!s->name[s->base_len] && !strcmp(s->owner, m->name)) {
			s->fentry_mod = true;
			return;
		}
	}
}

/* The FUNCs of m's own types (its ids follow vmlinux's) that are targets. */
static void ks_modbtf_scan(struct ks_set *set, const struct ks_modbtf *m,
			   u32 first)
{
	const struct btf_type *bt;
	struct ks_target *t;
	u32 id = first;

	while ((t = ks_btf_next_func(set, m->btf, &id, &bt))) {
		if (t->btf_func || t->mod_btf == KS_MOD_BTF_FUNC)
			continue;
		t->mod_btf = KS_MOD_BTF_FUNC;
		t->mod_proto = ks_btf_proto_code(m->btf, bt);
		if (KS_FENTRY_MOD_OWN_ADDR)
			ks_modbtf_addr(t, m);
	}
}

/*
 * Which targets without a vmlinux FUNC have one in a module's BTF, with
 * what the prototype allows (btfproto.c); after ks_btf_mark().
 */
void ks_modbtf_mark(struct ks_set *set, struct btf *vmlinux)
{
	bool usable = ks_modbtf_usable() && !IS_ERR_OR_NULL(vmlinux);
	unsigned int i, j;
	u32 first;

	for (i = 0; i < set->n; i++) {
		struct ks_target *t = set->sorted[i];

		t->mod_btf = usable ? KS_MOD_BTF_NONE : KS_MOD_BTF_UNKNOWN;
		t->mod_proto = KS_FENTRY_PROTO_OK;
		for (j = 0; j < t->nsyms; j++)
			t->syms[j].fentry_mod = false;
	}
	if (!usable)
		return;
	if (!ks_modbtf_get()) {
		for (i = 0; i < set->n; i++)
			set->sorted[i]->mod_btf = KS_MOD_BTF_UNKNOWN;
		return;
	}
	first = ks_fn.btf_nr_types(vmlinux);
	for (i = 0; i < ks_nmods && ks_mods[i].btf; i++)
		ks_modbtf_scan(set, &ks_mods[i], first);
	ks_modbtf_put();
}
