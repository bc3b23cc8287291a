// SPDX-License-Identifier: GPL-2.0
/*
 * The vmlinux part of a walk without walking: each target is looked up.
 *
 * - Exact names: kallsyms_on_each_match_symbol() binary-searches the
 *   kallsyms names sorted by name (kallsyms_seqs_of_names, upstream 6.2 and
 *   Debian's 6.1) and gives each address of the name.
 * - Indexes: vmlinux kallsyms entries are sorted by address
 *   (scripts/kallsyms), so an address's index is found by bisection: first
 *   over the address of every 16th entry, kept from the walk at load, then
 *   over the lines of /proc/kallsyms in between (types.c), whose name must
 *   be the target's.  The same line gives the type letter.
 * - Clones: vmlinux never gains or loses a symbol after boot, so every name
 *   that is a prefix followed by a chain of compiler suffixes
 *   (ks_suffix_chain(), include/ksymstat/rules.h) is indexed once, at load,
 *   by the hash of each such prefix: 8 bytes per prefix, the name itself
 *   being read back from /proc/kallsyms when a target asks for it.
 *
 * Module symbols are still walked (walk.c): modules come and go.  Where a
 * lever is missing (no kallsyms_on_each_match_symbol, /proc/kallsyms lines
 * without addresses, out of memory at load) the walk does everything, and
 * the lookup=walk parameter asks for that too.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "ksymstat.h"

#define KS_MARK_SHIFT	4	/* an address kept every 16 entries */

struct ks_clone_ref {
	u32 hash;		/* jhash of the prefix */
	u32 index;		/* kallsyms index of the clone */
};

static struct {
	struct ks_clone_ref *clones;
	unsigned long nclones, cap;
	unsigned long *marks;
	unsigned long nmarks, mcap;
	unsigned long nvmlinux;	/* vmlinux kallsyms entries */
	int err;
	bool ready;
} ks_fast;

unsigned long ks_fast_nvmlinux(void)
{
	return ks_fast.ready ? ks_fast.nvmlinux : 0;
}

static int ks_fast_grow(void **arr, size_t elem, unsigned long *cap,
			unsigned long need)
{
	unsigned long ncap = *cap ? 2 * *cap : 4096;
	void *n;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	n = kvmalloc_array(ncap, elem, GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	if (*arr)
		memcpy(n, *arr, *cap * elem);
	kvfree(*arr);
	*arr = n;
	*cap = ncap;
	return 0;
}

static int ks_fast_index_sym(void *data, const char *name, unsigned long addr)
{
	size_t len = strlen(name), i;

	if (!(ks_fast.nvmlinux & ((1 << KS_MARK_SHIFT) - 1))) {
		if (ks_fast_grow((void **)&ks_fast.marks, sizeof(*ks_fast.marks),
				 &ks_fast.mcap, ks_fast.nmarks + 1))
			goto nomem;
		ks_fast.marks[ks_fast.nmarks++] = addr;
	}
	for (i = 1; i < len; i++) {
		if (name[i] != '.' || !ks_suffix_chain(name + i))
			continue;
		if (ks_fast_grow((void **)&ks_fast.clones,
				 sizeof(*ks_fast.clones), &ks_fast.cap,
				 ks_fast.nclones + 1))
			goto nomem;
		ks_fast.clones[ks_fast.nclones].hash = jhash(name, i, 0);
		ks_fast.clones[ks_fast.nclones].index = ks_fast.nvmlinux;
		ks_fast.nclones++;
	}
	ks_fast.nvmlinux++;
	return 0;
nomem:
	ks_fast.err = -ENOMEM;
	return -ENOMEM;
}

KS_VMLINUX_CB(ks_fast_index_cb, ks_fast_index_sym)

static int ks_cmp_clone(const void *a, const void *b)
{
	const struct ks_clone_ref *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void ks_fast_exit(void)
{
	kvfree(ks_fast.clones);
	kvfree(ks_fast.marks);
	memset(&ks_fast, 0, sizeof(ks_fast));
}

/* At load: one walk of vmlinux for the clone index and the marks. */
int ks_fast_init(void)
{
	int err;

	if (!ks_fn.on_each_match_symbol || !ks_kallsyms_has_values()) {
		pr_info("vmlinux lookups walk kallsyms: %s\n",
			ks_fn.on_each_match_symbol ?
			"/proc/kallsyms shows no addresses" :
			"no kallsyms_on_each_match_symbol");
		return 0;
	}
	err = ks_fn.on_each_symbol(ks_fast_index_cb, NULL);
	if (err || ks_fast.err || ks_fast.nvmlinux > U32_MAX) {
		pr_info("vmlinux lookups walk kallsyms: clone index not built (%d)\n",
			err ? err : ks_fast.err);
		ks_fast_exit();
		return 0;
	}
	sort(ks_fast.clones, ks_fast.nclones, sizeof(*ks_fast.clones),
	     ks_cmp_clone, NULL);
	ks_fast.ready = true;
	pr_info("vmlinux index: %lu symbols, %lu clone prefixes, %zu bytes\n",
		ks_fast.nvmlinux, ks_fast.nclones,
		ks_fast.nclones * sizeof(*ks_fast.clones) +
		ks_fast.nmarks * sizeof(*ks_fast.marks));
	return 0;
}

bool ks_fast_usable(unsigned int ntargets)
{
	int mode = READ_ONCE(ks_lookup_mode);

	if (!ks_fast.ready || mode == KS_LOOKUP_WALK)
		return false;
	return mode == KS_LOOKUP_INDEX || ntargets <= KS_FAST_MAX;
}

/* The kallsyms index of the symbol @name at @addr, with its line. */
static int ks_fast_index_of(unsigned long addr, const char *name,
			    struct ks_line *l, unsigned long *index)
{
	unsigned long lo = 0, hi = ks_fast.nmarks, i, end;
	int err;

	/* the last mark below addr: its block holds addr's first entry */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (ks_fast.marks[mid] < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	lo = lo ? (lo - 1) << KS_MARK_SHIFT : 0;
	hi = min(lo + (1UL << KS_MARK_SHIFT) + 1, ks_fast.nvmlinux);
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		err = ks_kallsyms_line(mid, l);
		if (err)
			return err;
		if (l->addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* several names may share the address */
	end = ks_fast.nvmlinux;
	for (i = lo; i < end; i++) {
		err = ks_kallsyms_line(i, l);
		if (err || l->addr != addr)
			break;
		if (!strcmp(l->name, name)) {
			*index = i;
			return 0;
		}
	}
	return -ENOENT;
}

struct ks_addrs {
	unsigned long *addr;
	unsigned long n, cap;
	int err;
};

static int ks_fast_addr_cb(void *data, unsigned long addr)
{
	struct ks_addrs *a = data;

	if (ks_fast_grow((void **)&a->addr, sizeof(*a->addr), &a->cap,
			 a->n + 1)) {
		a->err = -ENOMEM;
		return -ENOMEM;
	}
	a->addr[a->n++] = addr;
	return 0;
}

static int ks_fast_add(struct ks_target *t, const struct ks_line *l,
		       unsigned long index)
{
	struct ks_sym *s = ks_add_sym(t, l->name, t->len, l->addr);

	if (!s)
		return -ENOMEM;
	s->index = index;
	s->type = l->type;
	s->bind = ks_bind_of_letter(l->type);
	return 0;
}

static int ks_cmp_sym_index(const void *a, const void *b)
{
	const struct ks_sym *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static int ks_fast_target(struct ks_target *t, struct ks_line *l,
			  struct ks_addrs *a)
{
	struct ks_clone_ref key = { .hash = jhash(t->name, t->len, 0) };
	unsigned long lo = 0, hi = ks_fast.nclones, i, index;
	int err;

	a->n = 0;
	a->err = 0;
	err = ks_fn.on_each_match_symbol(ks_fast_addr_cb, t->name, a);
	if (err || a->err)
		return err ? err : a->err;
	for (i = 0; i < a->n; i++) {
		err = ks_fast_index_of(a->addr[i], t->name, l, &index);
		if (!err)
			err = ks_fast_add(t, l, index);
		if (err)
			return err;
	}

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (ks_fast.clones[mid].hash < key.hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < ks_fast.nclones && ks_fast.clones[i].hash == key.hash;
	     i++) {
		err = ks_kallsyms_line(ks_fast.clones[i].index, l);
		if (err)
			return err;
		if (strncmp(l->name, t->name, t->len) || l->name[t->len] != '.' ||
		    !ks_suffix_chain(l->name + t->len))
			continue;	/* another prefix of the same hash */
		err = ks_fast_add(t, l, ks_fast.clones[i].index);
		if (err)
			return err;
	}
	/* kallsyms order, as a walk finds them (livepatch's sympos) */
	sort(t->syms, t->nsyms, sizeof(*t->syms), ks_cmp_sym_index, NULL);
	return 0;
}

/*
 * The vmlinux symbols of every target known.c did not have.  An error
 * other than -ENOMEM means the index and kallsyms disagree: the caller
 * walks instead.
 */
int ks_fast_lookup(struct ks_set *set)
{
	struct ks_addrs a = { };
	struct ks_line *l;
	unsigned int i;
	int err = 0;

	l = kmalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	for (i = 0; i < set->n && !err; i++) {
		if (set->sorted[i]->known)	/* known.c had it */
			continue;
		err = ks_fast_target(set->sorted[i], l, &a);
		cond_resched();
	}
	kvfree(a.addr);
	kfree(l);
	return err;
}
