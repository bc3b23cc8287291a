// SPDX-License-Identifier: GPL-2.0
/*
 * Names asked before, and the vmlinux symbols each one matched: its exact
 * name and its compiler clones, by kallsyms index and address.  vmlinux
 * never gains, loses or moves a symbol after boot (init symbols stay in
 * kallsyms once their text is freed), so what a walk or a lookup found for
 * a name stays true; a later set that names it again needs neither.  A name
 * that matched nothing in vmlinux is kept too (nsyms 0): on amd64 kvm's are
 * such names.  Module symbols are always walked (walk.c): modules come and
 * go.  Whether vmlinux BTF has a FUNC of the name, and what fentry's
 * prototype check says of it, are kept too: vmlinux BTF does not change.
 *
 * The names themselves are kept, not a hash of them: a hash alone would
 * answer for a name never asked.  A record is
 *
 *	struct ks_known, then per symbol its address, kallsyms index, size
 *	and type letter (four arrays), the name and a NUL, then each
 *	symbol's suffix and a NUL ("" for the exact name), padded to 8 bytes,
 *
 * carved from 64 kB chunks; an open-addressing table (tab.h) of u32 (the
 * chunk and the record's offset in it, plus one) finds it.  About 56 bytes for a name
 * of 20 characters with one symbol, and 4 to 11 for its slot.  At most
 * KS_KNOWN_MAX bytes are kept: when a name would not fit, everything is
 * dropped and filling starts again.  Used by lookup=auto only: lookup=walk
 * and lookup=index are the references the guest tests compare it with.
 * Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksymstat.h"
#include "tab.h"

#define KS_KNOWN_MAX	(8UL << 20)	/* bytes of records */
#define KS_KNOWN_CHUNK	(64U << 10)
#define KS_KNOWN_ALIGN	8
#define KS_KNOWN_OFF_BITS	13	/* KS_KNOWN_CHUNK / KS_KNOWN_ALIGN */

struct ks_known {
	u32 hash;		/* jhash of the name, as targets.c */
	u16 len;
	u16 nsyms:13;
	u16 btf_func:1;		/* the target's BTF facts (clients.c) */
	u16 fentry_proto:2;
};

#define KS_KNOWN_MAX_SYMS	((1U << 13) - 1)

static struct {
	char **chunks;
	u32 nchunks, ccap;
	u32 used;		/* bytes used in the last chunk */
	struct ks_tab slots;	/* u32: chunk << 13 | offset / 8, plus one */
	unsigned long nvmlinux;	/* vmlinux kallsyms entries */
} ks_kn;

static unsigned long *ks_known_addrs(struct ks_known *k)
{
	return (unsigned long *)(k + 1);
}

static u32 *ks_known_indexes(struct ks_known *k)
{
	return (u32 *)(ks_known_addrs(k) + k->nsyms);
}

static u32 *ks_known_sizes(struct ks_known *k)
{
	return ks_known_indexes(k) + k->nsyms;
}

static char *ks_known_types(struct ks_known *k)
{
	return (char *)(ks_known_sizes(k) + k->nsyms);
}

static char *ks_known_name(struct ks_known *k)
{
	return ks_known_types(k) + k->nsyms;
}

static struct ks_known *ks_known_at(u32 slot)
{
	slot--;
	return (struct ks_known *)(ks_kn.chunks[slot >> KS_KNOWN_OFF_BITS] +
				   (slot & ((1U << KS_KNOWN_OFF_BITS) - 1)) *
				   KS_KNOWN_ALIGN);
}

static bool ks_known_used(const void *slot)
{
	return *(const u32 *)slot;
}

static u32 ks_known_hash(const void *slot)
{
	return ks_known_at(*(const u32 *)slot)->hash;
}

/* Whether the record of slot is target key's name. */
static bool ks_known_match(const void *slot, const void *key)
{
	struct ks_known *k = ks_known_at(*(const u32 *)slot);
	const struct ks_target *t = key;

	return k->hash == t->hash && k->len == t->len &&
	       !memcmp(ks_known_name(k), t->name, t->len);
}

static const struct ks_tab_ops ks_known_ops = {
	.esize = sizeof(u32),
	.used = ks_known_used,
	.hash = ks_known_hash,
	.match = ks_known_match,
};

static void ks_known_drop(void)
{
	u32 i;

	for (i = 0; i < ks_kn.nchunks; i++)
		kvfree(ks_kn.chunks[i]);
	ks_kn.nchunks = 0;
	ks_kn.used = 0;
	ks_tab_clear(&ks_known_ops, &ks_kn.slots);
}

void ks_known_free(void)
{
	ks_known_drop();
	kfree(ks_kn.chunks);
	ks_tab_free(&ks_kn.slots);
	memset(&ks_kn, 0, sizeof(ks_kn));
}

static struct ks_known *ks_known_find(const struct ks_target *t)
{
	u32 *slot = ks_tab_get(&ks_known_ops, &ks_kn.slots, t->hash, t);

	return slot ? ks_known_at(*slot) : NULL;
}

bool ks_known_usable(void)
{
	return ks_kn.slots.n && READ_ONCE(ks_lookup_mode) == KS_LOOKUP_AUTO;
}

unsigned long ks_known_nvmlinux(void)
{
	return ks_kn.nvmlinux;
}

/*
 * The vmlinux symbols of every target asked before (t->known), in kallsyms
 * order as a walk finds them; *unknown: how many targets were not.
 */
int ks_known_lookup(struct ks_set *set, unsigned int *unknown)
{
	char *buf = NULL;
	unsigned int i, j;
	int err = 0;

	*unknown = 0;
	for (i = 0; i < set->n && !err; i++) {
		struct ks_target *t = set->sorted[i];
		struct ks_known *k = ks_known_find(t);
		const char *suffix;

		t->known = k != NULL;
		if (!k) {
			(*unknown)++;
			continue;
		}
		t->btf_func = k->btf_func;
		t->fentry_proto = k->fentry_proto;
		suffix = ks_known_name(k) + k->len + 1;
		for (j = 0; j < k->nsyms; j++) {
			size_t slen = strlen(suffix);
			const char *name = t->name;
			struct ks_sym *s;

			if (slen) {
				if (!buf)
					buf = kmalloc(KSYM_NAME_LEN, GFP_KERNEL);
				if (!buf) {
					err = -ENOMEM;
					break;
				}
				memcpy(buf, t->name, t->len);
				memcpy(buf + t->len, suffix, slen + 1);
				name = buf;
			}
			s = ks_add_sym(t, name, t->len,
				       ks_known_addrs(k)[j]);
			if (!s) {
				err = -ENOMEM;
				break;
			}
			s->index = ks_known_indexes(k)[j];
			s->size = ks_known_sizes(k)[j];
			s->type = ks_known_types(k)[j];
			s->bind = ks_bind_of_letter(s->type);
			suffix += slen + 1;
		}
		if (!(i & 255))
			cond_resched();
	}
	kfree(buf);
	return err;
}

/* Room for size bytes of record: the last chunk, or a new one. */
static void *ks_known_alloc(size_t size, u32 *slot)
{
	char **chunks;

	if (!ks_kn.nchunks || ks_kn.used + size > KS_KNOWN_CHUNK) {
		if ((ks_kn.nchunks + 1) * (size_t)KS_KNOWN_CHUNK > KS_KNOWN_MAX) {
			pr_info_ratelimited("%u names kept, %u chunks: dropped\n",
					    ks_kn.slots.n, ks_kn.nchunks);
			ks_known_drop();
		}
		if (ks_kn.nchunks == ks_kn.ccap) {
			u32 ccap = ks_kn.ccap ? 2 * ks_kn.ccap : 16;

			chunks = krealloc_array(ks_kn.chunks, ccap,
						sizeof(*chunks), GFP_KERNEL);
			if (!chunks)
				return NULL;
			ks_kn.chunks = chunks;
			ks_kn.ccap = ccap;
		}
		ks_kn.chunks[ks_kn.nchunks] = kvmalloc(KS_KNOWN_CHUNK,
						       GFP_KERNEL);
		if (!ks_kn.chunks[ks_kn.nchunks])
			return NULL;
		ks_kn.nchunks++;
		ks_kn.used = 0;
	}
	*slot = ((ks_kn.nchunks - 1) << KS_KNOWN_OFF_BITS |
		 ks_kn.used / KS_KNOWN_ALIGN) + 1;
	ks_kn.used += size;
	return ks_kn.chunks[ks_kn.nchunks - 1] + ks_kn.used - size;
}

/* Keep t's vmlinux symbols, which come first in t->syms. */
static int ks_known_put(const struct ks_target *t)
{
	size_t size = sizeof(struct ks_known) + t->len + 1;
	struct ks_known *k;
	unsigned int j, n = 0;
	u32 *slot, at;
	char *p;

	for (j = 0; j < t->nsyms && !t->syms[j].owner[0]; j++) {
		/* a letter not read: asked again next time */
		if (t->syms[j].type == '?')
			return 0;
		size += sizeof(unsigned long) + 2 * sizeof(u32) + 1 +
			strlen(t->syms[j].name + t->syms[j].base_len) + 1;
		n++;
	}
	size = ALIGN(size, KS_KNOWN_ALIGN);
	if (size > KS_KNOWN_CHUNK || n > KS_KNOWN_MAX_SYMS)
		return 0;	/* not kept: looked up each time */
	if (ks_tab_reserve(&ks_known_ops, &ks_kn.slots, 1024))
		return -ENOMEM;
	slot = ks_tab_find(&ks_known_ops, ks_kn.slots.e, ks_kn.slots.cap,
			   t->hash, t);
	if (*slot)
		return 0;
	k = ks_known_alloc(size, &at);
	if (!k)
		return -ENOMEM;
	if (!ks_kn.slots.n)	/* dropped: the slot found above may not be */
		slot = ks_tab_find(&ks_known_ops, ks_kn.slots.e,
				   ks_kn.slots.cap, t->hash, t);
	k->hash = t->hash;
	k->len = t->len;
	k->nsyms = n;
	k->btf_func = t->btf_func;
	k->fentry_proto = t->fentry_proto;
	for (j = 0; j < n; j++) {
		ks_known_addrs(k)[j] = t->syms[j].addr;
		ks_known_indexes(k)[j] = t->syms[j].index;
		ks_known_sizes(k)[j] = t->syms[j].size;
		ks_known_types(k)[j] = t->syms[j].type;
	}
	p = ks_known_name(k);
	memcpy(p, t->name, t->len);
	p += t->len;
	*p++ = '\0';
	for (j = 0; j < n; j++) {
		const char *suffix = t->syms[j].name + t->syms[j].base_len;
		size_t slen = strlen(suffix) + 1;

		memcpy(p, suffix, slen);
		p += slen;
	}
	*slot = at;
	ks_kn.slots.n++;
	return 0;
}

/*
 * At the end of a walk, every fact of the target found: keep every target
 * not kept yet.  Out of memory keeps fewer; not an error.
 */
void ks_known_put_set(struct ks_set *set, unsigned long nvmlinux)
{
	unsigned int i;

	if (!nvmlinux)
		return;
	ks_kn.nvmlinux = nvmlinux;
	for (i = 0; i < set->n; i++)
		if (!set->sorted[i]->known && ks_known_put(set->sorted[i]))
			return;
}
