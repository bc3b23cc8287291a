// SPDX-License-Identifier: GPL-2.0
/*
 * Compiler-renamed clones and same-name collisions.
 *
 * gcc and clang rename the copies they make of a function: foo.isra.0
 * (scalar replacement of aggregates), foo.constprop.0 (constant
 * propagation), foo.part.0 (partial inlining), foo.cold (the cold split),
 * foo.llvm.<hash> (LTO promotion), foo.localalias; they chain
 * (foo.constprop.0.isra.0, foo.part.0.cold).  A suffix is matched
 * explicitly, component by component, so that "foo.bar" is never taken
 * for a clone of "foo".
 */
#include <ctype.h>
#include <string.h>

#include "ksymstat.h"

static const char *const numbered[] = {
	"isra", "constprop", "part", "lto_priv", "specialized",
};

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Length of one suffix component at s (which starts with '.'), or 0. */
static size_t component(const char *s)
{
	const char *w = s + 1, *dot;
	size_t n, i;

	if (*s != '.')
		return 0;
	dot = strchr(w, '.');
	n = dot ? (size_t)(dot - w) : strlen(w);

	for (i = 0; i < ARRAY_SIZE(numbered); i++) {
		const char *num;
		size_t m;

		if (strlen(numbered[i]) != n || strncmp(w, numbered[i], n))
			continue;
		if (!dot)
			return 0;
		num = dot + 1;
		m = strcspn(num, ".");
		return all_digits(num, m) ? (size_t)(num + m - s) : 0;
	}
	if (n == 4 && !strncmp(w, "cold", 4)) {
		/* ".cold" or ".cold.N" */
		if (dot) {
			size_t m = strcspn(dot + 1, ".");

			if (all_digits(dot + 1, m))
				return dot + 1 + m - s;
		}
		return 5;
	}
	if (n == 10 && !strncmp(w, "localalias", 10))
		return 11;
	if (n == 4 && !strncmp(w, "llvm", 4) && dot) {
		size_t m = strcspn(dot + 1, ".");

		return m ? (size_t)(dot + 1 + m - s) : 0;
	}
	return 0;
}

/* The clone suffix of name (".isra.0", ".part.0.cold"), or NULL. */
const char *clone_suffix(const char *name)
{
	const char *p;

	for (p = strchr(name, '.'); p; p = strchr(p + 1, '.')) {
		const char *q = p;
		size_t n;

		if (p == name)
			continue;
		while ((n = component(q)))
			q += n;
		if (q != p && !*q)
			return p;
	}
	return NULL;
}

/* Is name base plus a clone suffix? */
bool clone_of(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *suffix;

	if (strncmp(name, base, n) || name[n] != '.')
		return false;
	suffix = clone_suffix(name);
	return suffix == name + n;
}

bool suffix_is_cold(const char *suffix)
{
	return suffix && strstr(suffix, ".cold");
}

const char *bind_name(enum ks_bind bind)
{
	switch (bind) {
	case KS_BIND_GLOBAL:
		return "global";
	case KS_BIND_LOCAL:
		return "local";
	case KS_BIND_WEAK:
		return "weak";
	default:
		return NULL;
	}
}

/* "global", "STB_GLOBAL", ... */
enum ks_bind bind_parse(const char *s)
{
	if (!s)
		return KS_BIND_UNKNOWN;
	if (!strncmp(s, "STB_", 4))
		s += 4;
	if (!strcasecmp(s, "global"))
		return KS_BIND_GLOBAL;
	if (!strcasecmp(s, "local"))
		return KS_BIND_LOCAL;
	if (!strcasecmp(s, "weak"))
		return KS_BIND_WEAK;
	return KS_BIND_UNKNOWN;
}

/* nm/kallsyms letter: upper case is global, w/W/v/V weak. */
enum ks_bind bind_from_type(char type)
{
	if (type == 'w' || type == 'W' || type == 'v' || type == 'V')
		return KS_BIND_WEAK;
	if (isupper((unsigned char)type))
		return KS_BIND_GLOBAL;
	if (islower((unsigned char)type))
		return KS_BIND_LOCAL;
	return KS_BIND_UNKNOWN;
}

static const char *const coll_names[] = {
	[KS_COLL_UNKNOWN]	= NULL,
	[KS_COLL_NONE]		= "none",
	[KS_COLL_UNIQUE_GLOBAL]	= "unique_global",
	[KS_COLL_UNIQUE_WEAK]	= "unique_weak",
	[KS_COLL_UNIQUE_STATIC]	= "unique_static",
	[KS_COLL_STATIC_STATIC]	= "static_static",
	[KS_COLL_STATIC_GLOBAL]	= "static_global",
	[KS_COLL_GLOBAL_GLOBAL]	= "global_global",
};

const char *coll_name(enum ks_coll coll)
{
	return coll_names[coll];
}

enum ks_coll coll_parse(const char *s)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(coll_names); i++)
		if (!strcmp(s, coll_names[i]))
			return i;
	return KS_COLL_UNKNOWN;
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

/* The report's rule (docs/report-format.md), over the given bindings. */
enum ks_coll coll_compute(const enum ks_bind *binds, size_t n)
{
	size_t i, local = 0, weak = 0;

	if (!n)
		return KS_COLL_NONE;
	for (i = 0; i < n; i++) {
		if (binds[i] == KS_BIND_UNKNOWN)
			return KS_COLL_UNKNOWN;
		if (binds[i] == KS_BIND_LOCAL)
			local++;
		else if (binds[i] == KS_BIND_WEAK)
			weak++;
	}
	if (n == 1) {
		if (local)
			return KS_COLL_UNIQUE_STATIC;
		return weak ? KS_COLL_UNIQUE_WEAK : KS_COLL_UNIQUE_GLOBAL;
	}
	if (local == n)
		return KS_COLL_STATIC_STATIC;
	return local ? KS_COLL_STATIC_GLOBAL : KS_COLL_GLOBAL_GLOBAL;
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
