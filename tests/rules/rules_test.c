// SPDX-License-Identifier: GPL-2.0
/*
 * The rules of include/ksymstat/rules.h against the tables beside this
 * file (TAP 13): names.tsv for the clone-suffix grammar, collision.tsv for
 * the collision rule, letters.tsv for the binding and text of a kallsyms
 * letter, elf.tsv for the binding of an ELF STB_* value, and the name
 * tables for their enums.
 *
 *   rules_test NAMES.tsv COLLISION.tsv LETTERS.tsv ELF.tsv
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ksymstat/rules.h>

static int n, failed;

static void result(bool ok, const char *fmt, const char *a, const char *b)
{
	printf("%sok %d - ", ok ? "" : "not ", ++n);
	printf(fmt, a, b);
	putchar('\n');
	failed += !ok;
}

/* Split line at tabs into at most max fields; returns the count. */
static int fields(char *line, char **f, int max)
{
	int k = 0;

	line[strcspn(line, "\n")] = 0;
	while (k < max) {
		f[k++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = 0;
	}
	return k;
}

static FILE *open_table(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		exit(2);
	}
	return f;
}

/*
 * The next row of a table into f (comments and blank lines skipped): its
 * field count, 0 at the end.  A row without want fields (want 0: any
 * count) ends the run.
 */
static int next_row(FILE *in, const char *path, char *line, int size,
		    char **f, int max, int want)
{
	int k;

	while (fgets(line, size, in)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		k = fields(line, f, max);
		if (want && k != want) {
			fprintf(stderr, "%s: bad line: %s\n", path, line);
			exit(2);
		}
		return k;
	}
	return 0;
}

static void names(const char *path)
{
	char line[512], *f[4], base[256], why[512];
	FILE *in = open_table(path);
	unsigned int len;
	const char *suffix, *kind;

	while (next_row(in, path, line, sizeof(line), f, 4, 4)) {
		len = ks_clone_base_len(f[0]);
		snprintf(base, sizeof(base), "%.*s", len ? (int)len :
			 (int)strlen(f[0]), f[0]);
		suffix = len ? f[0] + len : "-";
		kind = !len ? "exact" :
		       ks_suffix_is_cold(suffix) ? "cold" : "clone";
		snprintf(why, sizeof(why), "%s -> %s %s %s", f[0], base,
			 suffix, kind);
		result(!strcmp(base, f[1]) && !strcmp(suffix, f[2]) &&
		       !strcmp(kind, f[3]), "%s (table: %s)", why, f[3]);
		/* the suffix on its own is a chain exactly when it is one */
		if (len)
			result(ks_suffix_chain(suffix), "%s is a chain%s",
			       suffix, "");
	}
	fclose(in);
}

static void collisions(const char *path)
{
	char line[1024], *f[16], why[1024];
	FILE *in = open_table(path);
	struct ks_coll_count cc;
	const char *got;
	int k, i, b;

	while ((k = next_row(in, path, line, sizeof(line), f, 16, 0))) {
		memset(&cc, 0, sizeof(cc));
		why[0] = 0;
		for (i = 2; i < k; i++) {
			char *colon = strrchr(f[i], ':');
			size_t tl = strlen(f[0]);

			b = colon ? ks_name_index(ks_bind_names,
						  KS_BIND__COUNT,
						  colon + 1) : -1;
			if (k < 2 || b < 0) {
				fprintf(stderr, "%s: bad symbol %s\n", path,
					f[i]);
				exit(2);
			}
			*colon = 0;
			if (!strcmp(f[i], f[0]))
				ks_coll_count_add(&cc, b, NULL);
			else if (!strncmp(f[i], f[0], tl) &&
				 ks_clone_base_len(f[i]) == tl)
				ks_coll_count_add(&cc, b, f[i] + tl);
			*colon = ':';
			strncat(why, " ", sizeof(why) - strlen(why) - 1);
			strncat(why, f[i], sizeof(why) - strlen(why) - 1);
		}
		got = ks_coll_names[ks_coll_count_class(&cc)];
		result(!strcmp(got, f[1]), "collision %s:%s", f[0], why);
		if (strcmp(got, f[1]))
			printf("# got %s, table says %s\n", got, f[1]);
	}
	fclose(in);
}

/* LETTER BINDING TEXT: ks_bind_of_letter() and ks_text_of_letter(). */
static void letters(const char *path)
{
	char line[256], *f[3];
	FILE *in = open_table(path);
	const char *bind, *text;
	char c;

	while (next_row(in, path, line, sizeof(line), f, 3, 3)) {
		if (strlen(f[0]) != 1 && strcmp(f[0], "\\0")) {
			fprintf(stderr, "%s: bad letter %s\n", path, f[0]);
			exit(2);
		}
		c = strlen(f[0]) == 1 ? f[0][0] : '\0';
		bind = ks_bind_names[ks_bind_of_letter(c)];
		text = ks_text_names[ks_text_of_letter(c)];
		result(!strcmp(bind, f[1]), "letter %s: binding %s", f[0], bind);
		result(!strcmp(text, f[2]), "letter %s: text %s", f[0], text);
	}
	fclose(in);
}

/* VALUE BINDING: ks_bind_of_elf(). */
static void elf_binds(const char *path)
{
	char line[256], *f[2], *end;
	FILE *in = open_table(path);
	const char *bind;
	unsigned long v;

	while (next_row(in, path, line, sizeof(line), f, 2, 2)) {
		v = strtoul(f[0], &end, 10);
		if (*end || end == f[0] || v > 15) {
			fprintf(stderr, "%s: bad STB value %s\n", path, f[0]);
			exit(2);
		}
		bind = ks_bind_names[ks_bind_of_elf((unsigned int)v)];
		result(!strcmp(bind, f[1]), "STB value %s: binding %s", f[0],
		       bind);
	}
	fclose(in);
}

/* Every enum value has a name, and the names are distinct. */
static void table(const char *what, const char *const *t, unsigned int cnt)
{
	unsigned int i;
	bool ok = true;

	for (i = 0; i < cnt; i++)
		ok &= t[i] && ks_name_index(t, cnt, t[i]) == (int)i;
	result(ok, "%s: %s names, one per value, all distinct", what,
	       cnt ? t[0] : "");
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr,
			"usage: rules_test NAMES.tsv COLLISION.tsv LETTERS.tsv ELF.tsv\n");
		return 2;
	}
	printf("TAP version 13\n");
	names(argv[1]);
	collisions(argv[2]);
	letters(argv[3]);
	elf_binds(argv[4]);
	table("ks_bind", ks_bind_names, KS_BIND__COUNT);
	table("ks_export", ks_export_names, KS_EXPORT__COUNT);
	table("ks_coll", ks_coll_names, KS_COLL__COUNT);
	table("ks_client", ks_client_names, KS_CLIENT__COUNT);
	table("ks_verdict", ks_verdict_names, KS_VERDICT__COUNT);
	table("ks_reason", ks_reason_names, KS_REASON__COUNT);
	table("ks_text", ks_text_names, KS_TEXT__COUNT);
	result(ks_bind_names[KS_BIND_UNKNOWN][0] == 'u' &&
	       KS_BIND_UNKNOWN == 0 && KS_EXPORT_UNKNOWN == 0 &&
	       KS_TEXT_UNKNOWN == 0,
	       "unknown is value 0 of ks_bind, ks_export and ks_text%s%s", "",
	       "");
	printf("1..%d\n", n);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       n - failed, failed);
	return failed ? 1 : 0;
}
