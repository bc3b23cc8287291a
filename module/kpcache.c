// SPDX-License-Identifier: GPL-2.0
/*
 * The facts of vmlinux symbols, kept across walks, by kallsyms index: the
 * type letter, the ftrace records, the export, the blacklist, trace_kprobe's
 * notrace check and what register_kprobe() returned there.  vmlinux text,
 * init text aside (freed before any module loads), does not change after
 * boot: its symbols, ftrace records, exports, blacklist, jump label and
 * static call sites, bug table and instructions are fixed, so these facts
 * are too.  Two of them can follow a module: the blacklist and the notrace
 * check of a name with a '.' look its prefix up by name, which may find a
 * module's symbol (or none yet); those two are checked again at every walk
 * (recheck).  A symbol not registered because the bytes after it are not
 * mapped (kprobe_unsafe: freed init text) stays so.  Not kept: a symbol
 * whose check ran out of memory or whose letter could not be read.
 *
 * Module text keeps only register_kprobe()'s answer, by address, and only
 * while no module comes or goes: the first walk after a module event
 * (ks_module_events) starts the module table afresh.
 *
 * An open-addressing table of 16-byte entries, grown at three quarters
 * full.  The kprobe_cache=0 parameter bypasses it: the guest tests compare
 * the two.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "ksymstat.h"

#define KS_KP_BLACKLISTED	0x01
#define KS_KP_ALIAS		0x02
#define KS_KP_EV_NOTRACE	0x04
#define KS_KP_RECHECK		0x08
#define KS_KP_UNSAFE		0x10

struct ks_kpentry {
	u32 key;		/* kallsyms index + 1; 0: free */
	u32 ftrace_any_off;
	s16 kprobe_err;
	u16 ftrace_recs;
	char type;
	u8 exported;
	u8 ftrace_entry;
	u8 flags;
};

static struct ks_kpentry *ks_kp;
static u32 ks_kp_cap, ks_kp_n;	/* cap: a power of two */

static u32 ks_kp_slot(u32 key, u32 cap)
{
	return hash_32(key, ilog2(cap));
}

static struct ks_kpentry *ks_kp_find(u32 index)
{
	u32 i, key = index + 1;

	if (!ks_kp || !key)
		return NULL;
	for (i = ks_kp_slot(key, ks_kp_cap);; i = (i + 1) & (ks_kp_cap - 1)) {
		if (!ks_kp[i].key)
			return NULL;
		if (ks_kp[i].key == key)
			return &ks_kp[i];
	}
}

/* The type letter of a vmlinux symbol seen before (walk.c). */
bool ks_kpcache_type(struct ks_sym *s)
{
	const struct ks_kpentry *e = ks_kp_find(s->index);

	if (!e)
		return false;
	s->type = e->type;
	s->bind = ks_bind_of(e->type);
	return true;
}

/*
 * Every fact probe.c would find for s, when s was seen before; *recheck:
 * its blacklist and notrace checks are the caller's to make again.
 */
bool ks_kpcache_get(struct ks_sym *s, bool *recheck)
{
	const struct ks_kpentry *e = ks_kp_find(s->index);

	if (!e)
		return false;
	s->ftrace_any_off = e->ftrace_any_off;
	s->ftrace_entry = e->ftrace_entry;
	s->ftrace_recs = e->ftrace_recs;
	s->ftrace_alias = e->flags & KS_KP_ALIAS;
	s->exported = e->exported;
	s->blacklisted = e->flags & KS_KP_BLACKLISTED;
	s->ev_notrace = e->flags & KS_KP_EV_NOTRACE;
	s->kprobe_err = e->kprobe_err;
	s->kprobe_unsafe = e->flags & KS_KP_UNSAFE;
	*recheck = e->flags & KS_KP_RECHECK;
	return true;
}

static void ks_kp_insert(struct ks_kpentry *tab, u32 cap,
			 const struct ks_kpentry *e)
{
	u32 i;

	for (i = ks_kp_slot(e->key, cap); tab[i].key && tab[i].key != e->key;
	     i = (i + 1) & (cap - 1))
		;
	tab[i] = *e;
}

int ks_kpcache_put(const struct ks_sym *s, bool recheck)
{
	struct ks_kpentry e = {
		.key = s->index + 1,
		.kprobe_err = s->kprobe_err,
		.ftrace_any_off = s->ftrace_any_off,
		.ftrace_recs = s->ftrace_recs,
		.type = s->type,
		.exported = s->exported,
		.ftrace_entry = s->ftrace_entry,
		.flags = (s->blacklisted ? KS_KP_BLACKLISTED : 0) |
			 (s->ftrace_alias ? KS_KP_ALIAS : 0) |
			 (s->ev_notrace ? KS_KP_EV_NOTRACE : 0) |
			 (recheck ? KS_KP_RECHECK : 0) |
			 (s->kprobe_unsafe ? KS_KP_UNSAFE : 0),
	};

	/* Not a verdict, not read, or not kept by index: not kept. */
	if (s->owner[0] || s->kprobe_err == -ENOMEM ||
	    s->type == '?' || !e.key)
		return 0;
	if (4 * (ks_kp_n + 1) > 3 * ks_kp_cap) {
		u32 cap = ks_kp_cap ? 2 * ks_kp_cap : 1024, i;
		struct ks_kpentry *tab;

		if (!cap)
			return 0;
		tab = kvcalloc(cap, sizeof(*tab), GFP_KERNEL);
		if (!tab)
			return -ENOMEM;
		for (i = 0; i < ks_kp_cap; i++)
			if (ks_kp[i].key)
				ks_kp_insert(tab, cap, &ks_kp[i]);
		kvfree(ks_kp);
		ks_kp = tab;
		ks_kp_cap = cap;
	}
	if (!ks_kp_find(s->index))
		ks_kp_n++;
	ks_kp_insert(ks_kp, ks_kp_cap, &e);
	return 0;
}

/* Module text: register_kprobe()'s answer by address, per module events. */
struct ks_kpmod {
	unsigned long addr;	/* 0: free */
	int err;
	bool unsafe;
};

static struct ks_kpmod *ks_km;
static u32 ks_km_cap, ks_km_n;
static int ks_km_events;	/* ks_module_events its entries are from */

static struct ks_kpmod *ks_km_find(struct ks_kpmod *tab, u32 cap,
				   unsigned long addr)
{
	u32 i;

	for (i = hash_long(addr, ilog2(cap));; i = (i + 1) & (cap - 1))
		if (!tab[i].addr || tab[i].addr == addr)
			return &tab[i];
}

/* Before a walk's registrations: a module event empties the table. */
void ks_kpcache_mod_sync(int events)
{
	if (events == ks_km_events)
		return;
	kvfree(ks_km);
	ks_km = NULL;
	ks_km_cap = 0;
	ks_km_n = 0;
	ks_km_events = events;
}

bool ks_kpcache_mod_get(struct ks_sym *s)
{
	const struct ks_kpmod *e;

	if (!ks_km || !s->addr)
		return false;
	e = ks_km_find(ks_km, ks_km_cap, s->addr);
	if (!e->addr)
		return false;
	s->kprobe_err = e->err;
	s->kprobe_unsafe = e->unsafe;
	return true;
}

int ks_kpcache_mod_put(const struct ks_sym *s)
{
	struct ks_kpmod *e;

	if (!s->addr || s->kprobe_err == -ENOMEM)
		return 0;
	if (4 * (ks_km_n + 1) > 3 * ks_km_cap) {
		u32 cap = ks_km_cap ? 2 * ks_km_cap : 256, i;
		struct ks_kpmod *tab;

		if (!cap)
			return 0;
		tab = kvcalloc(cap, sizeof(*tab), GFP_KERNEL);
		if (!tab)
			return -ENOMEM;
		for (i = 0; i < ks_km_cap; i++)
			if (ks_km[i].addr)
				*ks_km_find(tab, cap, ks_km[i].addr) = ks_km[i];
		kvfree(ks_km);
		ks_km = tab;
		ks_km_cap = cap;
	}
	e = ks_km_find(ks_km, ks_km_cap, s->addr);
	if (!e->addr)
		ks_km_n++;
	e->addr = s->addr;
	e->err = s->kprobe_err;
	e->unsafe = s->kprobe_unsafe;
	return 0;
}

void ks_kpcache_free(void)
{
	kvfree(ks_kp);
	ks_kp = NULL;
	ks_kp_cap = 0;
	ks_kp_n = 0;
	kvfree(ks_km);
	ks_km = NULL;
	ks_km_cap = 0;
	ks_km_n = 0;
}
