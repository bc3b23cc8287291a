// SPDX-License-Identifier: GPL-2.0
/*
 * Which names vmlinux BTF has a FUNC for: the FUNC type ids sorted by name,
 * then their name offsets, built once at load (vmlinux BTF never changes),
 * 4 bytes per FUNC.  The targets, sorted the same way, are marked in one
 * pass that gallops through it.  btf_find_by_name_kind() would scan every
 * type for each name (kernel/bpf/btf.c, 6.1 and 6.12).  ks_btf_mark() marks
 * the targets for the fentry verdict (clients.c), whose first check
 * (libbpf's, before the kernel's support) is a FUNC of the name.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/btf.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <uapi/linux/btf.h>

#include "ksymstat.h"

static u32 *ks_btf_ids;
static u32 ks_btf_nids;
static const struct btf *ks_btf;

/*
 * vmlinux BTF keeps its strings in one block (no base BTF): a type's name
 * is the block's start plus its name_off, which the search then reads
 * without two calls through resolved pointers per step.  Checked for every
 * FUNC when the index is built; otherwise names are asked for.
 */
static const char *ks_btf_strings;

static const char *ks_btf_name(u32 id)
{
	const struct btf_type *bt = ks_fn.btf_type_by_id(ks_btf, id);
	const char *name = bt ? ks_fn.btf_name_by_offset(ks_btf, bt->name_off) :
				NULL;

	return name ? name : "";
}

static int ks_btf_cmp(const void *a, const void *b)
{
	return strcmp(ks_btf_name(*(const u32 *)a), ks_btf_name(*(const u32 *)b));
}

static bool ks_btf_is_func(u32 id)
{
	const struct btf_type *bt = ks_fn.btf_type_by_id(ks_btf, id);

	return bt && BTF_INFO_KIND(bt->info) == BTF_KIND_FUNC;
}

/* After the sort: the ids become name offsets, if every one checks out. */
static void ks_btf_offsets(void)
{
	const char *base = ks_fn.btf_name_by_offset(ks_btf, 0);
	u32 i;

	if (!base)
		return;
	for (i = 0; i < ks_btf_nids; i++) {
		const struct btf_type *bt = ks_fn.btf_type_by_id(ks_btf,
								 ks_btf_ids[i]);

		if (!bt || ks_fn.btf_name_by_offset(ks_btf, bt->name_off) !=
			   base + bt->name_off)
			return;
	}
	for (i = 0; i < ks_btf_nids; i++)
		ks_btf_ids[i] = ks_fn.btf_type_by_id(ks_btf,
						     ks_btf_ids[i])->name_off;
	ks_btf_strings = base;
}

void ks_btf_index_init(void)
{
	struct btf *btf;
	u32 id, n, k = 0;

	if (!ks_fn.get_btf_vmlinux)
		return;
	btf = ks_fn.get_btf_vmlinux();
	if (IS_ERR_OR_NULL(btf))
		return;
	ks_btf = btf;
	n = ks_fn.btf_nr_types(btf);
	for (id = 1; id < n; id++)
		k += ks_btf_is_func(id);
	ks_btf_ids = kvmalloc_array(k, sizeof(*ks_btf_ids), GFP_KERNEL);
	if (!ks_btf_ids) {
		pr_info("no memory for the BTF index: each read scans BTF\n");
		return;
	}
	for (id = 1; id < n && ks_btf_nids < k; id++)
		if (ks_btf_is_func(id))
			ks_btf_ids[ks_btf_nids++] = id;
	sort(ks_btf_ids, ks_btf_nids, sizeof(*ks_btf_ids), ks_btf_cmp, NULL);
	ks_btf_offsets();
	pr_info("BTF index: %u functions of %u types, %zu bytes%s\n",
		ks_btf_nids, n, ks_btf_nids * sizeof(*ks_btf_ids),
		ks_btf_strings ? ", by name offset" : "");
}

void ks_btf_index_exit(void)
{
	kvfree(ks_btf_ids);
	ks_btf_ids = NULL;
	ks_btf_nids = 0;
	ks_btf_strings = NULL;
}

static int ks_btf_cmp_at(u32 i, const char *name)
{
	return strcmp(ks_btf_strings ? ks_btf_strings + ks_btf_ids[i] :
		      ks_btf_name(ks_btf_ids[i]), name);
}

/*
 * The first index at or after lo whose name is not below name: galloping
 * from lo, then bisecting.  A sorted run of names costs about 2 log2 of
 * the distance between neighbours each, not log2 of the whole index.
 */
static u32 ks_btf_lower_bound(u32 lo, const char *name)
{
	u32 hi = lo, step = 1;

	while (hi < ks_btf_nids && ks_btf_cmp_at(hi, name) < 0) {
		lo = hi + 1;
		hi = lo + step;
		step <<= 1;
	}
	hi = min(hi, ks_btf_nids);
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (ks_btf_cmp_at(mid, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Mark the targets vmlinux BTF has a FUNC for; sorted: in strcmp() order,
 * as the set's sorted view.  -ENOENT: no index (the caller scans BTF).
 */
static int ks_btf_mark_funcs(const struct btf *btf, struct ks_target **sorted,
		      unsigned int n)
{
	unsigned int i;
	u32 at = 0;

	if (!ks_btf_ids || btf != ks_btf)
		return -ENOENT;
	for (i = 0; i < n; i++) {
		if (sorted[i]->known)	/* kept with the name (known.c) */
			continue;
		at = ks_btf_lower_bound(at, sorted[i]->name);
		sorted[i]->btf_func = at < ks_btf_nids &&
				      !ks_btf_cmp_at(at, sorted[i]->name);
	}
	return 0;
}

/*
 * Which targets vmlinux BTF has a FUNC for, with what its prototype allows
 * (btfproto.c): the index, or without it one pass over the BTF types
 * (btf_find_by_name_kind() is a linear scan per name on 6.1).
 */
void ks_btf_mark(struct ks_set *set, struct btf *btf)
{
	struct ks_target *t;
	u32 id = 1;

	ks_proto_mark(set, btf);
	/* the index of btfidx.c when it was built */
	if (!ks_btf_mark_funcs(btf, set->sorted, set->n))
		return;

	while ((t = ks_btf_next_func(set, btf, &id, NULL)))
		t->btf_func = true;
}

/*
 * One pass over btf's types from *id on, a step a call: the next FUNC whose
 * name is a target of set (its type in *type when asked), or NULL at the
 * end.  *id is left past it.  Vmlinux's BTF and a module's split BTF alike
 * (a module's own ids follow vmlinux's).
 */
struct ks_target *ks_btf_next_func(struct ks_set *set, struct btf *btf,
				   u32 *id, const struct btf_type **type)
{
	u32 n = ks_fn.btf_nr_types(btf);

	for (; *id < n; (*id)++) {
		const struct btf_type *bt = ks_fn.btf_type_by_id(btf, *id);
		struct ks_target *t;
		const char *name;

		if (!(*id & 4095))
			cond_resched();
		if (!bt || BTF_INFO_KIND(bt->info) != BTF_KIND_FUNC)
			continue;
		name = ks_fn.btf_name_by_offset(btf, bt->name_off);
		t = name ? ks_target_find(set, name, strlen(name)) : NULL;
		if (!t)
			continue;
		if (type)
			*type = bt;
		(*id)++;
		return t;
	}
	return NULL;
}
