// SPDX-License-Identifier: GPL-2.0
/*
 * The target set.  A write that replaces the set builds a new one and swaps
 * it in; a write that adds and removes names changes the current set in
 * place, in time proportional to the write (appending one name per write()
 * stays linear), and undoes its own changes if it fails.  Either way a
 * rejected write changes nothing: every name is validated before anything
 * is touched.  The sorted view is rebuilt lazily, by the next walk.  Caller
 * holds ks_lock (except at load).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "ksymstat.h"

static u32 ks_hash(const char *name, unsigned int len)
{
	return jhash(name, len, 0);
}

static struct ks_target *ks_set_find(struct ks_set *set, const char *name,
				     unsigned int len)
{
	struct ks_target *t;
	u32 h = ks_hash(name, len);

	hash_for_each_possible(set->hash, t, node, h)
		if (t->hash == h && t->len == len && !memcmp(t->name, name, len))
			return t;
	return NULL;
}

struct ks_target *ks_target_find(struct ks_set *set, const char *name,
				 unsigned int len)
{
	return ks_set_find(set, name, len);
}

/* A target's symbols, as the last walk found them: dropped. */
void ks_sym_reset(struct ks_target *t)
{
	unsigned int i;

	for (i = 0; i < t->nsyms; i++)
		if (t->syms[i].name != t->name)
			kfree(t->syms[i].name);
	t->nsyms = 0;
	t->count = 0;
	t->clones = 0;
}

/*
 * One more symbol of t: name is t's own name, or it followed by a suffix
 * chain from base_len on.  Its facts start unknown.
 */
struct ks_sym *ks_add_sym(struct ks_target *t, const char *name,
			  unsigned int base_len, unsigned long addr)
{
	struct ks_sym *s;

	/* the sizes the comments in ksymstat.h and BENCHMARKS.md give */
	BUILD_BUG_ON(IS_ENABLED(CONFIG_64BIT) && sizeof(*s) != 48);
	BUILD_BUG_ON(IS_ENABLED(CONFIG_64BIT) &&
		     offsetof(struct ks_target, sym0) != 48);
	/* bind and exported are 2-bit fields */
	BUILD_BUG_ON(KS_BIND__COUNT > 4 || KS_EXPORT__COUNT > 4);

	if (!t->cap) {
		/* most targets have one symbol: the target has room for it */
		t->syms = &t->sym0;
		t->cap = 1;
	} else if (t->nsyms == t->cap) {
		unsigned int cap = 2 * t->cap;

		s = kmalloc_array(cap, sizeof(*s), GFP_KERNEL);
		if (!s)
			return NULL;
		memcpy(s, t->syms, t->nsyms * sizeof(*s));
		if (t->syms != &t->sym0)
			kfree(t->syms);
		t->syms = s;
		t->cap = cap;
	}
	s = &t->syms[t->nsyms];
	memset(s, 0, sizeof(*s));
	s->name = name[base_len] ? kstrdup(name, GFP_KERNEL) : t->name;
	if (!s->name)
		return NULL;
	s->owner = "";
	s->base_len = base_len;
	s->addr = addr;
	s->type = '?';
	s->bind = KS_BIND_UNKNOWN;
	s->exported = KS_EXPORT_UNKNOWN;
	t->nsyms++;
	if (name[base_len])
		t->clones++;
	else
		t->count++;
	return s;
}

static void ks_target_free(struct ks_target *t)
{
	ks_sym_reset(t);
	if (t->syms != &t->sym0)
		kfree(t->syms);
	/* the name lives in the same allocation; chunks go with their set */
	if (!t->chunked)
		kfree(t);
}

/*
 * Targets carved from chunks of their set: a replacing write adds every
 * name at once, and one allocation per target would round each up to its
 * slab size (a 125-byte target takes 128 bytes, a 130-byte one 192).  A
 * target removed later keeps its room until the set goes.
 */
#define KS_CHUNK_SIZE	(16 * 1024)

struct ks_chunk {
	struct ks_chunk *next;
	size_t used;
	char mem[] __aligned(8);
};

static struct ks_target *ks_chunk_alloc(struct ks_set *set, size_t size)
{
	struct ks_chunk *c = set->chunks;
	void *p;

	size = ALIGN(size, 8);
	if (size > KS_CHUNK_SIZE - sizeof(*c))
		return NULL;
	if (!c || c->used + size > KS_CHUNK_SIZE - sizeof(*c)) {
		c = kmalloc(KS_CHUNK_SIZE, GFP_KERNEL);
		if (!c)
			return NULL;
		c->next = set->chunks;
		c->used = 0;
		set->chunks = c;
	}
	p = c->mem + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

static void ks_chunks_free(struct ks_set *set)
{
	struct ks_chunk *c, *next;

	for (c = set->chunks; c; c = next) {
		next = c->next;
		kfree(c);
	}
	set->chunks = NULL;
}

static void ks_set_free(struct ks_set *set)
{
	struct ks_target *t;
	struct hlist_node *tmp;
	int bkt;

	if (!set)
		return;
	hash_for_each_safe(set->hash, bkt, tmp, t, node) {
		hash_del(&t->node);
		ks_target_free(t);
	}
	ks_chunks_free(set);
	kvfree(set->sorted);
	kvfree(set);
}

static struct ks_set *ks_set_alloc(void)
{
	struct ks_set *set = kvzalloc(sizeof(*set), GFP_KERNEL);

	if (set)
		hash_init(set->hash);
	return set;
}

/*
 * Add name unless present; *added is the new target, or NULL.  chunked: in
 * the set's chunks (a new set), else an allocation of its own.
 */
static int ks_set_add(struct ks_set *set, const char *name, unsigned int len,
		      bool chunked, struct ks_target **added)
{
	size_t size = struct_size((struct ks_target *)NULL, name, len + 1);
	struct ks_target *t;

	*added = NULL;
	if (ks_set_find(set, name, len))
		return 0;
	if (set->n >= KS_MAX_TARGETS)
		return -E2BIG;
	t = chunked ? ks_chunk_alloc(set, size) : kzalloc(size, GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->chunked = chunked;
	memcpy(t->name, name, len);
	t->len = len;
	t->hash = ks_hash(name, len);
	hash_add(set->hash, &t->node, t->hash);
	set->n++;
	*added = t;
	return 0;
}

/* Unhash name; the caller frees or restores the target returned. */
static struct ks_target *ks_set_unlink(struct ks_set *set, const char *name,
				       unsigned int len)
{
	struct ks_target *t = ks_set_find(set, name, len);

	if (t) {
		hash_del(&t->node);
		set->n--;
	}
	return t;
}

static void ks_set_link(struct ks_set *set, struct ks_target *t)
{
	hash_add(set->hash, &t->node, t->hash);
	set->n++;
}

/* The set changed: the sorted view is rebuilt before the next use. */
static void ks_set_unsort(struct ks_set *set)
{
	kvfree(set->sorted);
	set->sorted = NULL;
}

/*
 * The sorted view, in strcmp() order: the first 8 bytes of each name as a
 * big-endian number (zero-padded: a shorter name sorts first, as with
 * strcmp()) sorted by radix, 8 bits a pass, then the runs of equal keys by
 * the rest of the names.  sort() of the targets with strcmp() was most of a
 * read of 10,000 names asked before (BENCHMARKS.md).
 */
struct ks_sort_key {
	u64 key;
	struct ks_target *t;
};

static int ks_cmp_rest(const void *a, const void *b)
{
	const struct ks_sort_key *x = a, *y = b;

	/* names of a set differ: equal keys mean both reach 8 bytes */
	return strcmp(x->t->name + 8, y->t->name + 8);
}

/* LSD radix sort of keys, tmp as large; the result ends in keys. */
static void ks_radix_sort(struct ks_sort_key *keys, struct ks_sort_key *tmp,
			  unsigned int n, u32 (*count)[256])
{
	struct ks_sort_key *from = keys, *to = tmp;
	unsigned int i, pass, d;

	memset(count, 0, 8 * sizeof(*count));
	for (i = 0; i < n; i++)
		for (pass = 0; pass < 8; pass++)
			count[pass][(keys[i].key >> (8 * pass)) & 0xff]++;
	for (pass = 0; pass < 8; pass++) {
		u32 sum = 0, c;

		/* every key has this digit: nothing to move */
		if (count[pass][(keys[0].key >> (8 * pass)) & 0xff] == n)
			continue;
		for (d = 0; d < 256; d++) {
			c = count[pass][d];
			count[pass][d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[pass][(from[i].key >> (8 * pass)) & 0xff]++] =
				from[i];
		swap(from, to);
	}
	if (from != keys)
		memcpy(keys, from, n * sizeof(*keys));
}

int ks_set_sort(struct ks_set *set)
{
	struct ks_sort_key *keys;
	u32 (*count)[256];
	struct ks_target *t;
	unsigned int i = 0, j, n = set->n;
	int bkt;

	if (set->sorted)
		return 0;
	set->sorted = kvcalloc(max(n, 1U), sizeof(*set->sorted), GFP_KERNEL);
	keys = kvmalloc_array(2 * max(n, 1U), sizeof(*keys), GFP_KERNEL);
	count = kmalloc_array(8, sizeof(*count), GFP_KERNEL);
	if (!set->sorted || !keys || !count) {
		kfree(count);
		kvfree(keys);
		ks_set_unsort(set);
		return -ENOMEM;
	}
	hash_for_each(set->hash, bkt, t, node) {
		u64 key = 0;

		for (j = 0; j < 8; j++)
			key = key << 8 | (j < t->len ? (u8)t->name[j] : 0);
		keys[i].key = key;
		keys[i++].t = t;
	}
	if (n)
		ks_radix_sort(keys, keys + n, n, count);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && keys[j].key == keys[i].key; j++)
			;
		if (j - i > 1)
			sort(keys + i, j - i, sizeof(*keys), ks_cmp_rest, NULL);
	}
	for (i = 0; i < n; i++)
		set->sorted[i] = keys[i].t;
	kfree(count);
	kvfree(keys);
	return 0;
}

/*
 * kallsyms names: ASCII letters, digits, '_', '.', '$'.  Not isalnum(): the
 * kernel's ctype counts Latin-1 letters (0xC0-0xFF) as letters.
 */
static bool ks_valid_name(const char *name, size_t len)
{
	size_t i;

	if (!len || len >= KSYM_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!ks_name_char(name[i]))
			return false;
	return true;
}

/* ASCII white space and ','.  Not isspace(): it takes 0xA0 (NBSP) too. */
bool ks_is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f' || c == ',';
}

/* "name" or "!name". */
bool ks_valid_token(const char *tok, size_t len)
{
	if (len && *tok == '!') {
		tok++;
		len--;
	}
	return ks_valid_name(tok, len);
}

/* The next token at *p, or NULL at the end; *p moves past it. */
static const char *ks_next_token(const char **p, unsigned int *len)
{
	const char *tok;

	while (**p && ks_is_sep(**p))
		(*p)++;
	if (!**p)
		return NULL;
	tok = *p;
	while (**p && !ks_is_sep(**p))
		(*p)++;
	*len = *p - tok;
	return tok;
}

/* ftrace's "echo >": a new set of the names, "!name" dropping one. */
static int ks_targets_replace(const char *buf)
{
	struct ks_set *set, *old = ks_state.set;
	struct ks_target *t;
	const char *p, *tok;
	unsigned int len;
	int err;

	set = ks_set_alloc();
	if (!set)
		return -ENOMEM;
	for (p = buf; (tok = ks_next_token(&p, &len)); ) {
		if (*tok == '!') {
			t = ks_set_unlink(set, tok + 1, len - 1);
			if (t)
				ks_target_free(t);
			continue;
		}
		err = ks_set_add(set, tok, len, true, &t);
		if (err) {
			ks_set_free(set);
			return err;
		}
	}
	ks_state.set = set;
	ks_state.stale = true;
	ks_set_free(old);
	return 0;
}

/*
 * ftrace's "echo >>": names added to and removed from the current set in
 * place.  What this write added and removed is remembered (ntok slots
 * each) so that a failure puts the set back as it was.
 */
static int ks_targets_edit(const char *buf, unsigned int ntok)
{
	struct ks_set *set = ks_state.set;
	struct ks_target **added, **removed, *t;
	unsigned int na = 0, nr = 0, i, len;
	const char *p, *tok;
	int err = 0;

	added = kvcalloc(ntok, sizeof(*added), GFP_KERNEL);
	removed = kvcalloc(ntok, sizeof(*removed), GFP_KERNEL);
	if (!added || !removed) {
		err = -ENOMEM;
		goto out;
	}
	for (p = buf; (tok = ks_next_token(&p, &len)); ) {
		if (*tok != '!') {
			err = ks_set_add(set, tok, len, false, &t);
			if (err)
				break;
			if (t) {
				t->fresh = true;
				added[na++] = t;
			}
			continue;
		}
		t = ks_set_unlink(set, tok + 1, len - 1);
		if (!t)
			continue;
		if (!t->fresh) {
			removed[nr++] = t;
			continue;
		}
		for (i = 0; i < na; i++)
			if (added[i] == t)
				added[i] = NULL;
		ks_target_free(t);
	}
	for (i = 0; i < na; i++) {
		if (!added[i])
			continue;
		added[i]->fresh = false;
		if (err) {
			hash_del(&added[i]->node);
			set->n--;
			ks_target_free(added[i]);
		}
	}
	for (i = 0; i < nr; i++) {
		if (err)
			ks_set_link(set, removed[i]);
		else
			ks_target_free(removed[i]);
	}
	if (!err && (na || nr)) {
		ks_set_unsort(set);
		ks_state.stale = true;
	}
out:
	kvfree(removed);
	kvfree(added);
	return err;
}

/*
 * Apply "name" (add) and "!name" (remove) tokens, separated by white space
 * or commas, in order.  replace starts from an empty set (ftrace's "echo >"),
 * otherwise from the current one ("echo >>").  buf is NUL-terminated.
 */
int ks_targets_update(const char *buf, bool replace)
{
	unsigned int len, ntok = 0;
	const char *p, *tok;

	/* Validate every token before anything is changed. */
	for (p = buf; (tok = ks_next_token(&p, &len)); ntok++)
		if (!ks_valid_token(tok, len))
			return -EINVAL;

	if (replace || !ks_state.set)
		return ks_targets_replace(buf);
	if (!ntok)
		return 0;
	return ks_targets_edit(buf, ntok);
}

int ks_targets_init(const char *list)
{
	int err = ks_targets_update(list ? list : "", true);

	if (err == -EINVAL)
		pr_err("targets=: invalid function name (only [A-Za-z0-9_.$@], shorter than %d bytes)\n",
		       KSYM_NAME_LEN);
	else if (err == -E2BIG)
		pr_err("targets=: more than %d targets\n", KS_MAX_TARGETS);
	return err;
}

void ks_targets_exit(void)
{
	ks_set_free(ks_state.set);
	ks_state.set = NULL;
}
