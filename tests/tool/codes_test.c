// SPDX-License-Identifier: GPL-2.0
/*
 * Walks every finding code of tools/base/findings.h, one line each:
 *   name TAB rank TAB arguments ("-": none) TAB format
 * after checking the table itself: problems go to stdout as
 * "# bad CODE: why" and the exit status is 1 (tests/tool/codes.sh).
 */
#include <stdio.h>
#include <string.h>

#include "../../tools/base/findings.h"

struct def {
	const char *name;
	unsigned int rank;
	const char *args;
	const char *fmt;
};

#define DEF(code, name, rank, args, fmt) { name, rank, args, fmt },
static const struct def defs[] = {
	KS_FINDING_CODES(DEF)
};

static int bad;

static void complain(const struct def *d, const char *why)
{
	printf("# bad %s: %s\n", d->name, why);
	bad = 1;
}

/* Is {name} (len chars) an argument of d? */
static int has_arg(const struct def *d, const char *name, size_t len)
{
	const char *p = d->args;

	while (*(p += strspn(p, " "))) {
		size_t l = strcspn(p, ":");

		if (l == len && !strncmp(p, name, len))
			return 1;
		p += strcspn(p, " ");
	}
	return 0;
}

static void check(const struct def *d, size_t i)
{
	const char *p = d->args, *f;
	size_t j, n = 0;

	if (!d->fmt || !*d->fmt)
		complain(d, "no message format");
	for (j = 0; d->name[j]; j++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", d->name[j]))
			complain(d, "name is not snake_case");
	for (j = 0; j < i; j++) {
		if (!strcmp(defs[j].name, d->name))
			complain(d, "name used twice");
		if (d->rank && defs[j].rank == d->rank)
			complain(d, "rank used twice");
	}
	while (*(p += strspn(p, " "))) {
		const char *colon = strchr(p, ':');

		if (!colon || colon > p + strcspn(p, " ") ||
		    !colon[1] || !strchr("sud+xlwmkic", colon[1]) ||
		    (colon[2] && colon[2] != ' '))
			complain(d, "argument is not name:type");
		p += strcspn(p, " ");
		n++;
	}
	if (n > KS_FINDING_ARGS)
		complain(d, "more arguments than KS_FINDING_ARGS");
	for (f = d->fmt; f && (f = strchr(f, '{')); f++) {
		size_t len = strcspn(f + 1, "}"), name = strcspn(f + 1, "?}");

		if (!f[1 + len] || !has_arg(d, f + 1, name))
			complain(d, "{placeholder} is no argument");
	}
}

int main(void)
{
	size_t i, n = sizeof(defs) / sizeof(defs[0]);

	if (n != KF__COUNT)
		bad = 1;
	for (i = 0; i < n; i++) {
		check(&defs[i], i);
		printf("%s\t%u\t%s\t%s\n", defs[i].name, defs[i].rank,
		       *defs[i].args ? defs[i].args : "-", defs[i].fmt);
	}
	return bad;
}
