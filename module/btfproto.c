// SPDX-License-Identifier: GPL-2.0
/*
 * Which BTF prototypes a BPF trampoline cannot take (fentry's load and
 * attach checks of the prototype): for vmlinux BTF a table by name, built
 * once; for a module's split BTF one FUNC at a time (modbtf.c).  Types are
 * resolved through the BTF given, so a module's FUNC_PROTO may name vmlinux
 * types.  Caller holds ks_lock (or is the load).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/bsearch.h>
#include <linux/btf.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <uapi/linux/btf.h>

#include "ksymstat.h"

/*
 * Functions whose vmlinux BTF prototype a BPF trampoline cannot take, by
 * name, with the errno: built once from the first BTF FUNC of each name (as
 * libbpf's btf__find_by_name_kind() picks it), vmlinux BTF never changing.
 * 260 such names on amd64 6.1 cloud refuse at load, 558 more have over 6
 * argument registers; the table holds KS_PROTO_MAX.
 */
#define KS_PROTO_MAX	2048

static struct ks_proto_err {
	const char *name;
	int err;
} ks_proto_errs[KS_PROTO_MAX];
static unsigned int ks_nproto_errs;
static int ks_proto_state;	/* 0 not built, 1 built, -1 too many */

static int ks_cmp_proto(const void *a, const void *b)
{
	return strcmp(((const struct ks_proto_err *)a)->name,
		      ((const struct ks_proto_err *)b)->name);
}

/* btf_type_skip_modifiers() (include/linux/btf.h, 6.1, 6.12) */
static const struct btf_type *ks_btf_resolve(struct btf *btf, u32 id)
{
	const struct btf_type *bt = ks_fn.btf_type_by_id(btf, id);
	int i;

	for (i = 0; bt && i < 32; i++) {
		switch (BTF_INFO_KIND(bt->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			bt = ks_fn.btf_type_by_id(btf, bt->type);
			continue;
		}
		return bt;
	}
	return NULL;
}

/* __get_type_size() (kernel/bpf/btf.c, 6.1, 6.12); -1 for its -EINVAL */
static int ks_btf_size(const struct btf_type *bt)
{
	if (!bt)
		return -1;
	switch (BTF_INFO_KIND(bt->info)) {
	case BTF_KIND_PTR:
		return sizeof(void *);
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_STRUCT:
		return bt->size;
	}
	return -1;
}

/*
 * btf_distill_func_proto() (kernel/bpf/btf.c, 6.1, 6.12), at load: more
 * than MAX_BPF_FUNC_ARGS arguments, variadic, a return type that is a
 * struct or not sized, an argument not sized or a struct over 16 bytes:
 * -EINVAL.  Then arch_prepare_bpf_trampoline(), at attach: arguments
 * needing more registers than KS_FENTRY_MAX_REGS (compat.h): -ENOTSUPP.
 */
static int ks_btf_proto_err(struct btf *btf, const struct btf_type *func)
{
	const struct btf_type *proto = ks_btf_resolve(btf, func->type);
	const struct btf_param *args;
	const struct btf_type *bt;
	unsigned int i, nargs, regs = 0;
	int size;

	if (!proto || BTF_INFO_KIND(proto->info) != BTF_KIND_FUNC_PROTO)
		return -EINVAL;
	args = (const struct btf_param *)(proto + 1);
	nargs = BTF_INFO_VLEN(proto->info);
	if (nargs > MAX_BPF_FUNC_ARGS)
		return -EINVAL;
	if (proto->type) {
		bt = ks_btf_resolve(btf, proto->type);
		if (ks_btf_size(bt) < 0 ||
		    BTF_INFO_KIND(bt->info) == BTF_KIND_STRUCT)
			return -EINVAL;
	}
	for (i = 0; i < nargs; i++) {
		if (i == nargs - 1 && !args[i].type)
			return -EINVAL;
		bt = ks_btf_resolve(btf, args[i].type);
		size = ks_btf_size(bt);
		if (size <= 0 ||
		    (BTF_INFO_KIND(bt->info) == BTF_KIND_STRUCT && size > 16))
			return -EINVAL;
		regs += BTF_INFO_KIND(bt->info) == BTF_KIND_STRUCT ?
			(size + 7) / 8 : 1;
	}
	return regs > KS_FENTRY_MAX_REGS ? -ENOTSUPP : 0;
}

static void ks_proto_build(struct btf *btf)
{
	u32 id, n = ks_fn.btf_nr_types(btf);
	unsigned int i, k;
	const char *name;
	int err;

	ks_proto_state = 1;
	for (id = 1; id < n; id++) {
		const struct btf_type *bt = ks_fn.btf_type_by_id(btf, id);

		if (!(id & 4095))
			cond_resched();
		if (!bt || BTF_INFO_KIND(bt->info) != BTF_KIND_FUNC)
			continue;
		err = ks_btf_proto_err(btf, bt);
		name = ks_fn.btf_name_by_offset(btf, bt->name_off);
		if (!err || !name)
			continue;
		if (ks_nproto_errs == KS_PROTO_MAX) {
			ks_proto_state = -1;
			return;
		}
		ks_proto_errs[ks_nproto_errs].name = name;
		ks_proto_errs[ks_nproto_errs++].err = err;
	}
	/*
	 * A name once.  Same-name FUNCs with other prototypes are rare (static
	 * functions of several files); their first refused one stands.
	 */
	sort(ks_proto_errs, ks_nproto_errs, sizeof(*ks_proto_errs),
	     ks_cmp_proto, NULL);
	for (i = k = 0; i < ks_nproto_errs; i++)
		if (!k || strcmp(ks_proto_errs[k - 1].name,
				 ks_proto_errs[i].name))
			ks_proto_errs[k++] = ks_proto_errs[i];
	ks_nproto_errs = k;
}

static u8 ks_proto_code(int err)
{
	return err == -ENOTSUPP ? KS_FENTRY_PROTO_ENOTSUPP :
				  KS_FENTRY_PROTO_EINVAL;
}

/* The enum ks_fentry_proto of one FUNC of btf (a module's, modbtf.c). */
u8 ks_btf_proto_code(struct btf *btf, const struct btf_type *func)
{
	int err = ks_btf_proto_err(btf, func);

	return err ? ks_proto_code(err) : KS_FENTRY_PROTO_OK;
}

void ks_proto_mark(struct ks_set *set, struct btf *btf)
{
	struct ks_proto_err key, *e;
	unsigned int i, k = 0;
	int c;

	if (!ks_proto_state)
		ks_proto_build(btf);
	for (i = 0; i < set->n; i++) {
		struct ks_target *t = set->sorted[i];

		if (t->known)
			continue;
		t->fentry_proto = KS_FENTRY_PROTO_OK;
		if (ks_proto_state < 0) {
			t->fentry_proto = KS_FENTRY_PROTO_UNKNOWN;
			continue;
		}
		/* few targets: a binary search each; many: the merge */
		if (set->n < ks_nproto_errs / 8) {
			key.name = t->name;
			e = bsearch(&key, ks_proto_errs, ks_nproto_errs,
				    sizeof(key), ks_cmp_proto);
			if (e)
				t->fentry_proto = ks_proto_code(e->err);
			continue;
		}
		c = -1;
		while (k < ks_nproto_errs &&
		       (c = strcmp(ks_proto_errs[k].name, t->name)) < 0)
			k++;
		if (k < ks_nproto_errs && !c)
			t->fentry_proto = ks_proto_code(ks_proto_errs[k].err);
	}
}

/* At load: what the first read would otherwise build (vmlinux BTF is fixed). */
void ks_btf_proto_init(void)
{
	struct btf *btf;

	if (!ks_fn.get_btf_vmlinux)
		return;
	btf = ks_fn.get_btf_vmlinux();
	if (!IS_ERR_OR_NULL(btf) && !ks_proto_state)
		ks_proto_build(btf);
}
