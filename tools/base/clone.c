// SPDX-License-Identifier: GPL-2.0
/*
 * Compiler-renamed clones and same-name collisions.
 *
 * The grammar, the name tables and the collision rule are those of
 * include/ksymstat/rules.h, shared with the module (docs/rules.md); this
 * file only adapts them to the tool's C strings and adds DepSurf's words.
 */
#include <ctype.h>
#include <string.h>

#include "base.h"

/* The clone suffix of name (".isra.0", ".part.0.cold"), or NULL. */
const char *clone_suffix(const char *name)
{
	unsigned int n = ks_clone_base_len(name);

	return n ? name + n : NULL;
}

/* Is name base plus a clone suffix? */
bool clone_of(const char *name, const char *base)
{
	size_t n = strlen(base);

	if (strncmp(name, base, n) || name[n] != '.')
		return false;
	return ks_clone_base_len(name) == n;
}

bool suffix_is_cold(const char *suffix)
{
	return suffix && ks_suffix_is_cold(suffix);
}

/* The report's word for bind, or NULL when unknown. */
const char *bind_name(enum ks_bind bind)
{
	if (bind <= KS_BIND_UNKNOWN || bind >= KS_BIND__COUNT)
		return NULL;
	return ks_bind_names[bind];
}

/* "global", "STB_GLOBAL", "GLOBAL", ... */
enum ks_bind bind_parse(const char *s)
{
	char low[16];
	size_t i;
	int b;

	if (!s)
		return KS_BIND_UNKNOWN;
	if (!strncmp(s, "STB_", 4))
		s += 4;
	for (i = 0; s[i] && i + 1 < sizeof(low); i++)
		low[i] = tolower((unsigned char)s[i]);
	if (s[i])
		return KS_BIND_UNKNOWN;
	low[i] = 0;
	b = ks_name_index(ks_bind_names, KS_BIND__COUNT, low);
	return b < 0 ? KS_BIND_UNKNOWN : (enum ks_bind)b;
}

/* The report's word for coll, or NULL when unknown. */
const char *coll_name(enum ks_coll coll)
{
	if (coll <= KS_COLL_UNKNOWN || coll >= KS_COLL__COUNT)
		return NULL;
	return ks_coll_names[coll];
}

enum ks_coll coll_parse(const char *s)
{
	int c = ks_name_index(ks_coll_names, KS_COLL__COUNT, s);

	return c < 0 ? KS_COLL_UNKNOWN : (enum ks_coll)c;
}

/* DepSurf's words, to the report's. */
enum ks_coll coll_from_depsurf(const char *s)
{
	if (!s)
		return KS_COLL_UNKNOWN;
	if (!strcmp(s, "Unique Global"))
		return KS_COLL_UNIQUE_GLOBAL;
	if (!strcmp(s, "Unique Static"))
		return KS_COLL_UNIQUE_STATIC;
	if (!strcmp(s, "Static Duplication") ||
	    !strcmp(s, "Static-Static Collision"))
		return KS_COLL_STATIC_STATIC;
	if (!strcmp(s, "Static-Global Collision"))
		return KS_COLL_STATIC_GLOBAL;
	return coll_parse(s);
}

const char *coll_to_depsurf(enum ks_coll coll)
{
	switch (coll) {
	case KS_COLL_UNIQUE_GLOBAL:
	case KS_COLL_UNIQUE_WEAK:
		return "Unique Global";
	case KS_COLL_UNIQUE_STATIC:
		return "Unique Static";
	case KS_COLL_STATIC_STATIC:
		return "Static-Static Collision";
	case KS_COLL_STATIC_GLOBAL:
	case KS_COLL_GLOBAL_GLOBAL:
		return "Static-Global Collision";
	default:
		return NULL;
	}
}

/* DepSurf has no weak class: a lone weak symbol is its Unique Global. */
bool coll_compatible(enum ks_coll live, enum ks_coll off)
{
	if (live == KS_COLL_UNIQUE_WEAK)
		live = KS_COLL_UNIQUE_GLOBAL;
	if (off == KS_COLL_UNIQUE_WEAK)
		off = KS_COLL_UNIQUE_GLOBAL;
	return live == off;
}
