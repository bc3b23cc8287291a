/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One open-addressing table: linear probing over a power of two of entries
 * of esize bytes (a free one is all zeros), grown at three quarters full.
 * Its operations are inlined with constant ops, so a lookup makes no
 * indirect call.  The kept facts (kpcache.c) and the kept names (known.c)
 * are such tables.  Caller holds ks_lock.
 */
#ifndef KSYMSTAT_TAB_H
#define KSYMSTAT_TAB_H

#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

struct ks_tab {
	void *e;
	u32 cap, n;
};

struct ks_tab_ops {
	size_t esize;
	bool (*used)(const void *entry);
	u32 (*hash)(const void *entry);	/* the hash it was looked up by */
	bool (*match)(const void *entry, const void *key);
};

/* key's entry, or the free one where it would go (key NULL: a free one). */
static __always_inline void *ks_tab_find(const struct ks_tab_ops *ops,
					 void *e, u32 cap, u32 hash,
					 const void *key)
{
	u32 i;

	for (i = hash_32(hash, ilog2(cap));; i = (i + 1) & (cap - 1)) {
		void *x = e + (size_t)i * ops->esize;

		if (!ops->used(x) || (key && ops->match(x, key)))
			return x;
	}
}

/* Room for one more entry: doubles the table at three quarters full. */
static __always_inline int ks_tab_reserve(const struct ks_tab_ops *ops,
					  struct ks_tab *t, u32 first)
{
	u32 cap = t->cap ? 2 * t->cap : first, i;
	void *e;

	if (4 * (t->n + 1) <= 3 * t->cap)
		return 0;
	if (!cap)
		return -ENOMEM;
	e = kvcalloc(cap, ops->esize, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < t->cap; i++) {
		void *x = t->e + (size_t)i * ops->esize;

		if (ops->used(x))
			memcpy(ks_tab_find(ops, e, cap, ops->hash(x), NULL), x,
			       ops->esize);
	}
	kvfree(t->e);
	t->e = e;
	t->cap = cap;
	return 0;
}

/* key's entry, or NULL. */
static __always_inline void *ks_tab_get(const struct ks_tab_ops *ops,
					const struct ks_tab *t, u32 hash,
					const void *key)
{
	void *x;

	if (!t->n)
		return NULL;
	x = ks_tab_find(ops, t->e, t->cap, hash, key);
	return ops->used(x) ? x : NULL;
}

/* Every entry gone; the room stays. */
static inline void ks_tab_clear(const struct ks_tab_ops *ops,
				struct ks_tab *t)
{
	if (t->e)
		memset(t->e, 0, (size_t)t->cap * ops->esize);
	t->n = 0;
}

static inline void ks_tab_free(struct ks_tab *t)
{
	kvfree(t->e);
	t->e = NULL;
	t->cap = 0;
	t->n = 0;
}

#endif /* KSYMSTAT_TAB_H */
