/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest helpers (kshelper.c, ksattach.c) share: errno names from
 * include/ksymstat/rules.h (the module prints the same ones), and reading
 * a list of names one per line.  Include after <errno.h>, <stdbool.h>,
 * <stddef.h>, <stdio.h>, <stdlib.h> and <string.h>.
 */
#ifndef KSGUEST_H
#define KSGUEST_H

#include <ksymstat/rules.h>

static const char *ename(int err)
{
	static char buf[16];
	const char *name = ks_errno_str(err);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static FILE *open_list(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	return f;
}

static int next_line(FILE *f, char *buf, size_t len)
{
	size_t n;

	if (!fgets(buf, len, f))
		return 0;
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 1;
}

#endif /* KSGUEST_H */
