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
 * Module text keeps the same facts, and its symbols' binding, by address
 * and name (aliases share an address, not a binding), only while no module
 * comes or goes: a module's text, ftrace records, exports and blacklist
 * entries are fixed from its load to its unload, and the first walk after a
 * module event (ks_module_events) starts the module table afresh.  The name
 * is a copy: the module's own strings go with it.
 *
 * Open-addressing tables (tab.h): 16-byte entries for vmlinux, 32-byte ones
 * for modules.  The kprobe_cache=0 parameter bypasses
 * both: the guest tests compare the two.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksymstat.h"
#include "tab.h"

#define KS_KP_BLACKLISTED	0x01
#define KS_KP_ALIAS		0x02
#define KS_KP_EV_NOTRACE	0x04
#define KS_KP_RECHECK		0x08
#define KS_KP_UNSAFE		0x10
#define KS_KP_BIND_SHIFT	5	/* modules: enum ks_bind, 2 bits */

/* What probe.c finds for a symbol: 12 bytes. */
struct ks_facts {
	u32 ftrace_any_off;
	s16 kprobe_err;
	u16 ftrace_recs;
	char type;
	u8 exported;
	u8 ftrace_entry;
	u8 flags;
};

static void ks_facts_of(struct ks_facts *f, const struct ks_sym *s,
			bool recheck)
{
	f->ftrace_any_off = s->ftrace_any_off;
	f->kprobe_err = s->kprobe_err;
	f->ftrace_recs = s->ftrace_recs;
	f->type = s->type;
	f->exported = s->exported;
	f->ftrace_entry = s->ftrace_entry;
	f->flags = (s->blacklisted ? KS_KP_BLACKLISTED : 0) |
		   (s->ftrace_alias ? KS_KP_ALIAS : 0) |
		   (s->ev_notrace ? KS_KP_EV_NOTRACE : 0) |
		   (recheck ? KS_KP_RECHECK : 0) |
		   (s->kprobe_unsafe ? KS_KP_UNSAFE : 0) |
		   s->bind << KS_KP_BIND_SHIFT;
}

static bool ks_facts_to(const struct ks_facts *f, struct ks_sym *s)
{
	s->ftrace_any_off = f->ftrace_any_off;
	s->ftrace_entry = f->ftrace_entry;
	s->ftrace_recs = f->ftrace_recs;
	s->ftrace_alias = f->flags & KS_KP_ALIAS;
	s->exported = f->exported;
	s->blacklisted = f->flags & KS_KP_BLACKLISTED;
	s->ev_notrace = f->flags & KS_KP_EV_NOTRACE;
	s->kprobe_err = f->kprobe_err;
	s->kprobe_unsafe = f->flags & KS_KP_UNSAFE;
	return f->flags & KS_KP_RECHECK;
}

/* Whether what s found is a fact to keep: not out of memory, read. */
static bool ks_facts_keep(const struct ks_sym *s)
{
	return s->kprobe_err != -ENOMEM && s->type != '?';
}

/* vmlinux: by kallsyms index. */
struct ks_kpentry {
	u32 key;		/* kallsyms index + 1; 0: free */
	struct ks_facts f;
};

static u32 ks_kp_hash(const void *x)
{
	return ((const struct ks_kpentry *)x)->key;
}

static bool ks_kp_match(const void *a, const void *b)
{
	return ((const struct ks_kpentry *)a)->key ==
	       ((const struct ks_kpentry *)b)->key;
}

static bool ks_kp_used(const void *x)
{
	return ((const struct ks_kpentry *)x)->key;
}

static const struct ks_tab_ops ks_kp_ops = {
	.esize = sizeof(struct ks_kpentry),
	.used = ks_kp_used,
	.hash = ks_kp_hash,
	.match = ks_kp_match,
};

static struct ks_tab ks_kp;

static struct ks_kpentry *ks_kp_find(u32 index)
{
	struct ks_kpentry key = { .key = index + 1 };

	return key.key ? ks_tab_get(&ks_kp_ops, &ks_kp, key.key, &key) : NULL;
}

/* The type letter of a vmlinux symbol seen before (walk.c). */
bool ks_kpcache_type(struct ks_sym *s)
{
	const struct ks_kpentry *e = ks_kp_find(s->index);

	if (!e)
		return false;
	s->type = e->f.type;
	s->bind = ks_bind_of_letter(e->f.type);
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
	*recheck = ks_facts_to(&e->f, s);
	return true;
}

int ks_kpcache_put(const struct ks_sym *s, bool recheck)
{
	struct ks_kpentry e = { .key = s->index + 1 }, *x;

	BUILD_BUG_ON(sizeof(e) != 16);
	/* Not a verdict, not read, or not kept by index: not kept. */
	if (s->owner[0] || !ks_facts_keep(s) || !e.key)
		return 0;
	ks_facts_of(&e.f, s, recheck);
	if (ks_tab_reserve(&ks_kp_ops, &ks_kp, 1024))
		return -ENOMEM;
	x = ks_tab_find(&ks_kp_ops, ks_kp.e, ks_kp.cap, e.key, &e);
	if (!x->key)
		ks_kp.n++;
	*x = e;
	return 0;
}

/* Module text: by address and name, per module events. */
struct ks_kpmod {
	unsigned long addr;	/* 0: free */
	const char *name;	/* a copy */
	u32 hash;		/* of the name */
	struct ks_facts f;
};

static u32 ks_km_hash(const void *x)
{
	const struct ks_kpmod *e = x;

	return hash_long(e->addr, 32) ^ e->hash;
}

static bool ks_km_match(const void *a, const void *b)
{
	const struct ks_kpmod *x = a, *y = b;

	return x->addr == y->addr && x->hash == y->hash &&
	       !strcmp(x->name, y->name);
}

static bool ks_km_used(const void *x)
{
	return ((const struct ks_kpmod *)x)->addr;
}

static const struct ks_tab_ops ks_km_ops = {
	.esize = sizeof(struct ks_kpmod),
	.used = ks_km_used,
	.hash = ks_km_hash,
	.match = ks_km_match,
};

static struct ks_tab ks_km;

static int ks_km_events;	/* ks_module_events its entries are from */

static void ks_km_free(void)
{
	u32 i;

	for (i = 0; i < ks_km.cap; i++)
		kfree(((struct ks_kpmod *)ks_km.e)[i].name);
	ks_tab_free(&ks_km);
}

/* At the start of a walk: a module event empties the table. */
void ks_kpcache_mod_sync(int events)
{
	if (events == ks_km_events)
		return;
	ks_km_free();
	ks_km_events = events;
}

static struct ks_kpmod *ks_km_find(const struct ks_sym *s)
{
	struct ks_kpmod key = {
		.addr = s->addr,
		.name = s->name,
		.hash = jhash(s->name, strlen(s->name), 0),
	};

	return s->addr ? ks_tab_get(&ks_km_ops, &ks_km, ks_km_hash(&key), &key) :
			 NULL;
}

/* The type letter and binding of a module symbol seen before (walk.c). */
bool ks_kpcache_mod_type(struct ks_sym *s)
{
	const struct ks_kpmod *e = ks_km_find(s);

	if (!e)
		return false;
	s->type = e->f.type;
	s->bind = e->f.flags >> KS_KP_BIND_SHIFT;
	return true;
}

/* Every fact probe.c would find for a module symbol seen before. */
bool ks_kpcache_mod_get(struct ks_sym *s)
{
	const struct ks_kpmod *e = ks_km_find(s);

	if (!e)
		return false;
	ks_facts_to(&e->f, s);
	s->type = e->f.type;
	s->bind = e->f.flags >> KS_KP_BIND_SHIFT;
	return true;
}

int ks_kpcache_mod_put(const struct ks_sym *s)
{
	struct ks_kpmod key = {
		.addr = s->addr,
		.name = s->name,
		.hash = jhash(s->name, strlen(s->name), 0),
	}, *x;

	BUILD_BUG_ON(KS_BIND__COUNT > 1 << (8 - KS_KP_BIND_SHIFT));
	if (!s->addr || !ks_facts_keep(s))
		return 0;
	if (ks_tab_reserve(&ks_km_ops, &ks_km, 256))
		return -ENOMEM;
	x = ks_tab_find(&ks_km_ops, ks_km.e, ks_km.cap, ks_km_hash(&key), &key);
	if (!x->addr) {
		x->name = kstrdup(s->name, GFP_KERNEL);
		if (!x->name)
			return -ENOMEM;
		x->addr = s->addr;
		x->hash = key.hash;
		ks_km.n++;
	}
	ks_facts_of(&x->f, s, false);
	return 0;
}

void ks_kpcache_free(void)
{
	ks_tab_free(&ks_kp);
	ks_km_free();
}
