// SPDX-License-Identifier: GPL-2.0
/*
 * The target set.  It changes only as a whole: a write builds a new set from
 * the old one and its operations, and replaces the old set when every name
 * was valid and every allocation succeeded, so a rejected write changes
 * nothing.  Caller holds ks_lock (except at load).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
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

struct ks_target *ks_target_find(const char *name, unsigned int len)
{
	return ks_set_find(ks_state.set, name, len);
}

static void ks_target_free(struct ks_target *t)
{
	ks_sym_reset(t);
	kfree(t->syms);
	kfree(t->name);
	kfree(t);
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

static int ks_set_add(struct ks_set *set, const char *name, unsigned int len)
{
	struct ks_target *t;

	if (ks_set_find(set, name, len))
		return 0;
	if (set->n >= KS_MAX_TARGETS)
		return -E2BIG;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->name = kmemdup_nul(name, len, GFP_KERNEL);
	if (!t->name) {
		kfree(t);
		return -ENOMEM;
	}
	t->len = len;
	t->hash = ks_hash(name, len);
	hash_add(set->hash, &t->node, t->hash);
	set->n++;
	return 0;
}

static void ks_set_del(struct ks_set *set, const char *name, unsigned int len)
{
	struct ks_target *t = ks_set_find(set, name, len);

	if (t) {
		hash_del(&t->node);
		ks_target_free(t);
		set->n--;
	}
}

static int ks_cmp_target(const void *a, const void *b)
{
	const struct ks_target *x = *(const struct ks_target **)a;
	const struct ks_target *y = *(const struct ks_target **)b;

	return strcmp(x->name, y->name);
}

static int ks_set_sort(struct ks_set *set)
{
	struct ks_target *t;
	unsigned int i = 0;
	int bkt;

	set->sorted = kvcalloc(max(set->n, 1U), sizeof(*set->sorted),
			       GFP_KERNEL);
	if (!set->sorted)
		return -ENOMEM;
	hash_for_each(set->hash, bkt, t, node)
		set->sorted[i++] = t;
	sort(set->sorted, set->n, sizeof(*set->sorted), ks_cmp_target, NULL);
	return 0;
}

/* kallsyms names: letters, digits, '_', '.', '$'. */
static bool ks_valid_name(const char *name, size_t len)
{
	size_t i;

	if (!len || len >= KSYM_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.$", name[i]))
			return false;
	return true;
}

bool ks_is_sep(char c)
{
	return isspace(c) || c == ',';
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

/*
 * Apply "name" (add) and "!name" (remove) tokens, separated by white space
 * or commas, in order.  replace starts from an empty set (ftrace's "echo >"),
 * otherwise from the current one ("echo >>").  buf is NUL-terminated.
 */
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

int ks_targets_update(const char *buf, bool replace)
{
	struct ks_set *set, *old = ks_state.set;
	struct ks_target *t;
	const char *p, *tok;
	unsigned int len;
	int bkt, err = 0;

	/* Validate every token before anything is built. */
	for (p = buf; (tok = ks_next_token(&p, &len)); )
		if (!ks_valid_token(tok, len))
			return -EINVAL;

	set = ks_set_alloc();
	if (!set)
		return -ENOMEM;
	if (!replace && old)
		hash_for_each(old->hash, bkt, t, node) {
			err = ks_set_add(set, t->name, t->len);
			if (err)
				goto err_free_set;
		}

	for (p = buf; (tok = ks_next_token(&p, &len)); ) {
		if (*tok == '!') {
			ks_set_del(set, tok + 1, len - 1);
			continue;
		}
		err = ks_set_add(set, tok, len);
		if (err)
			goto err_free_set;
	}

	err = ks_set_sort(set);
	if (err)
		goto err_free_set;

	ks_state.set = set;
	ks_state.stale = true;
	ks_set_free(old);
	return 0;

err_free_set:
	ks_set_free(set);
	return err;
}

int ks_targets_init(const char *list)
{
	int err = ks_targets_update(list ? list : "", true);

	if (err == -EINVAL)
		pr_err("targets=: invalid function name in '%s'\n", list);
	else if (err == -E2BIG)
		pr_err("targets=: more than %d targets\n", KS_MAX_TARGETS);
	return err;
}

void ks_targets_exit(void)
{
	ks_set_free(ks_state.set);
	ks_state.set = NULL;
}
