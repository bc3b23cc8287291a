// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver for depsurf_page.c.
 *
 *   depsurf_page_test roundtrip FILE|DIR...   parse + write every page (*.md
 *                                             under DIR), compare bytes
 *   depsurf_page_test dump FILE               stable dump of the parse
 *   depsurf_page_test parse FILE              exit 0, or print error, exit 2
 *   depsurf_page_test extra FILE              write FILE with two extra
 *                                             "Live" rows to stdout
 *   depsurf_page_test fuzz FILE [N]           every truncation plus N random
 *                                             mutations: never crash, and an
 *                                             accepted input must round trip
 *   depsurf_page_test selftest                status words, lookups
 *
 * Exit status: 0 ok, 1 test failure, 2 parse error (parse/dump), 3 usage or
 * I/O error.
 */
#define _GNU_SOURCE
#include "../base/compiler.h"
#include "depsurf_page.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_REPORTED 5

static int read_all(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, r;
	char *b = NULL, *nb;

	if (!f)
		return -errno;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				fclose(f);
				return -ENOMEM;
			}
			b = nb;
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		free(b);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

/* Render page (+ extra rows) into a malloc'd buffer. */
static int render(const struct ds_page *page, const struct ds_row *extra,
		  size_t n_extra, char **out, size_t *outlen)
{
	FILE *m = open_memstream(out, outlen);
	int ret;

	if (!m)
		return -errno;
	ret = ds_page_write(m, page, extra, n_extra);
	if (fclose(m) && !ret)
		ret = -EIO;
	return ret;
}

/* ---------------------------------------------------------------- */

struct rt_stats {
	unsigned long pages, identical, errors, differ;
};

static size_t line_of(const char *buf, size_t off)
{
	size_t i, l = 1;

	for (i = 0; i < off; i++)
		l += buf[i] == '\n';
	return l;
}

static void roundtrip_file(const char *path, struct rt_stats *st)
{
	char err[512], *buf = NULL, *out = NULL;
	size_t len = 0, outlen = 0, i, lim;
	struct ds_page *page;
	int ret;

	st->pages++;
	ret = read_all(path, &buf, &len);
	if (ret) {
		if (st->errors++ < MAX_REPORTED)
			printf("# error: %s: %s\n", path, strerror(-ret));
		return;
	}
	ret = ds_page_parse_buf(buf, len, path, &page, err, sizeof(err));
	if (ret) {
		if (st->errors++ < MAX_REPORTED)
			printf("# error: %s\n", err);
		free(buf);
		return;
	}
	ret = render(page, NULL, 0, &out, &outlen);
	ds_page_free(page);
	if (!ret && outlen == len && !memcmp(out, buf, len)) {
		st->identical++;
	} else if (st->differ++ < MAX_REPORTED) {
		lim = outlen < len ? outlen : len;
		for (i = 0; i < lim && out[i] == buf[i]; i++)
			;
		printf("# differs: %s (line %zu, %zu vs %zu bytes)\n", path,
		       line_of(buf, i), len, outlen);
	}
	free(out);
	free(buf);
}

static bool is_md(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && !strcmp(name + n - 3, ".md");
}

static void roundtrip_path(const char *path, bool top, struct rt_stats *st)
{
	struct dirent **ents;
	struct stat sb;
	int i, n;

	if (stat(path, &sb)) {
		if (st->errors++ < MAX_REPORTED)
			printf("# error: %s: %s\n", path, strerror(errno));
		st->pages++;
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		if (top || is_md(path))
			roundtrip_file(path, st);
		return;
	}
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		if (st->errors++ < MAX_REPORTED)
			printf("# error: %s: %s\n", path, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *sub;

		if (name[0] == '.' ||
		    asprintf(&sub, "%s/%s", path, name) < 0) {
			free(ents[i]);
			continue;
		}
		if (!stat(sub, &sb) && (S_ISDIR(sb.st_mode) || is_md(name)))
			roundtrip_path(sub, false, st);
		free(sub);
		free(ents[i]);
	}
	free(ents);
}

static int cmd_roundtrip(int argc, char **argv)
{
	struct rt_stats st = { 0 };
	int i;

	for (i = 0; i < argc; i++)
		roundtrip_path(argv[i], true, &st);
	printf("# pages=%lu identical=%lu errors=%lu\n", st.pages,
	       st.identical, st.errors);
	return st.errors || st.differ || !st.pages ? 1 : 0;
}

/* ---------------------------------------------------------------- */

static void dump_strv(const char *key, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("    %s %s\n", key, v[i]);
}

static const char *s_(const char *s)
{
	return s ? s : "(null)";
}

static void dump_row(const struct ds_row *r)
{
	char words[128];
	size_t i;

	printf("row %s %s status=%u details=%d", s_(r->group), s_(r->label),
	       r->status, r->details);
	if (r->status)
		printf(" words=%s", ds_status_words(r->status, words,
						    sizeof(words)));
	putchar('\n');
	if (r->status_text)
		printf("  status_text %s\n", r->status_text);
	if (r->prototype)
		printf("  prototype %s\n", r->prototype);
	if (r->collision)
		printf("  collision %s\n", r->collision);
	if (r->inline_)
		printf("  inline %s\n", r->inline_);
	if (r->transformation)
		printf("  transformation %s\n", r->transformation);
	for (i = 0; i < r->n_instances; i++) {
		const struct ds_instance *in = &r->instances[i];

		printf("  instance %s %" PRIx64 "\n", s_(in->file), in->addr);
		if (in->location)
			printf("    location %s\n", in->location);
		if (in->inline_)
			printf("    inline %s\n", in->inline_);
		dump_strv("inline_caller", in->inline_callers,
			  in->n_inline_callers);
		dump_strv("direct_caller", in->direct_callers,
			  in->n_direct_callers);
	}
	for (i = 0; i < r->n_symbols; i++)
		printf("  symbol %" PRIx64 " %" PRIx64 " %s %s\n",
		       r->symbols[i].start, r->symbols[i].end,
		       s_(r->symbols[i].name), s_(r->symbols[i].bind));
}

static void dump_page(const struct ds_page *page)
{
	size_t i, j;

	printf("page %s rows=%zu diffs=%zu\n", s_(page->name), page->n_rows,
	       page->n_diffs);
	for (i = 0; i < page->n_row_groups; i++)
		printf("status_group %s rows=%zu\n",
		       s_(page->row_groups[i].name), page->row_groups[i].n);
	for (i = 0; i < page->n_rows; i++)
		dump_row(&page->rows[i]);
	for (i = 0; i < page->n_diff_groups; i++)
		printf("diff_group %s diffs=%zu\n",
		       s_(page->diff_groups[i].name), page->diff_groups[i].n);
	for (i = 0; i < page->n_diffs; i++) {
		const struct ds_diff *d = &page->diffs[i];

		printf("diff %s %s %s changed=%d changes=%zu\n", s_(d->group),
		       s_(d->from), s_(d->to), d->changed, d->n_changes);
		for (j = 0; j < d->n_changes; j++)
			printf("  change %s | %s\n", s_(d->changes[j].kind),
			       s_(d->changes[j].text));
	}
}

static int parse_or_report(const char *path, struct ds_page **page)
{
	char err[512];
	int ret;

	ret = ds_page_parse_file(path, page, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "error: %s\n", err);
		return 2;
	}
	return 0;
}

/* "dump": the whole parse; "parse": one summary line. */
static int cmd_parse(const char *path, bool dump)
{
	struct ds_page *page;
	int ret = parse_or_report(path, &page);

	if (ret)
		return ret;
	if (dump)
		dump_page(page);
	else
		printf("ok %s rows=%zu diffs=%zu\n", page->name, page->n_rows,
		       page->n_diffs);
	ds_page_free(page);
	return 0;
}

/* ---------------------------------------------------------------- */

static int cmd_extra(const char *path)
{
	char *caller = "virt/kvm/kvm_main.c:kvm_vcpu_write_guest";
	struct ds_symbol sym = {
		.start = 0xffff8000080b9880ull,
		.end = 0xffff8000080b9918ull,
		.name = "kvm_write_guest",
		.bind = "STB_GLOBAL",
	};
	struct ds_instance in = {
		.file = "virt/kvm/kvm_main.c",
		.addr = 0xffff8000080b9880ull,
		.location = "virt/kvm/kvm_main.c:3311",
		.inline_ = "False",
		.direct_callers = &caller,
		.n_direct_callers = 1,
	};
	struct ds_row extra[3] = {
		{
			.group = "Live",
			.label = "6.1.0-999-cloud-arm64",
			.status = 0,
			.details = true,
			.collision = "Unique Global",
			.inline_ = "No",
			.transformation = "False",
			.instances = &in,
			.n_instances = 1,
			.symbols = &sym,
			.n_symbols = 1,
		},
		{
			.group = "Live",
			.label = "6.1.0-999-cloud-amd64",
			.status = DS_ABSENT,
		},
		{
			/* no group: the writer names it "Live" */
			.label = "6.12.0-1-arm64",
			.status = DS_SELECTIVE_INLINE | DS_DUPLICATE,
			.symbols = &sym,
			.n_symbols = 1,
		},
	};
	struct ds_page *page;
	int ret = parse_or_report(path, &page);

	if (ret)
		return ret;
	ret = ds_page_write(stdout, page, extra, 3);
	ds_page_free(page);
	return ret ? 3 : 0;
}

/* ---------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Parse buf; if accepted, the rendering must equal buf.  1 on mismatch. */
static int fuzz_one(const char *buf, size_t len, unsigned long *accepted)
{
	char err[256], *out = NULL;
	struct ds_page *page;
	size_t outlen = 0;
	int ret, bad = 0;

	ret = ds_page_parse_buf(buf, len, "fuzz", &page, err, sizeof(err));
	if (ret) {
		/* Rejected: must be -EINVAL with a "fuzz:LINE: " message. */
		if (ret != -EINVAL || strncmp(err, "fuzz:", 5))
			bad = 1;
		return bad;
	}
	(*accepted)++;
	if (render(page, NULL, 0, &out, &outlen) || outlen != len ||
	    memcmp(out, buf, len))
		bad = 1;
	free(out);
	ds_page_free(page);
	return bad;
}

static int cmd_fuzz(const char *path, unsigned long iters)
{
	static const char *const tokens[] = {
		"\n", "```", "```c\n", "<li>\n", "</li>\n", "<details>\n",
		"</details>\n", "<ul>\n", "</ul>\n", " (", ")", "-", ": ",
		", ", "\xe2\x9c\x85", " \xe2\x9a\xa0\xef\xb8\x8f", "<code>",
		"</code>", "\0", "\xff", "0", "Absent", "  - ",
	};
	unsigned long accepted = 0, failures = 0, i;
	char *buf, *m;
	size_t len, k;

	if (read_all(path, &buf, &len))
		return 3;
	m = malloc(len + 64);
	if (!m) {
		free(buf);
		return 3;
	}
	/* Every prefix (truncation) of the page. */
	for (k = 0; k < len; k++) {
		memcpy(m, buf, k);
		failures += fuzz_one(m, k, &accepted);
	}
	/* Random edits: overwrite, delete or insert bytes / tokens. */
	for (i = 0; i < iters && len; i++) {
		size_t at = rng() % len, n = len, t;
		const char *tok;
		size_t tl;

		memcpy(m, buf, len);
		switch (rng() % 4) {
		case 0:
			m[at] = (char)rng();
			break;
		case 1:
			memmove(m + at, m + at + 1, len - at - 1);
			n--;
			break;
		default:
			t = rng() % ARRAY_SIZE(tokens);
			tok = tokens[t];
			tl = tok[0] ? strlen(tok) : 1;
			memmove(m + at + tl, m + at, len - at);
			memcpy(m + at, tok, tl);
			n += tl;
			break;
		}
		failures += fuzz_one(m, n, &accepted);
	}
	printf("# fuzz inputs=%lu accepted=%lu failures=%lu\n", len + iters,
	       accepted, failures);
	free(m);
	free(buf);
	return failures ? 1 : 0;
}

/* ---------------------------------------------------------------- */

static int check(bool cond, const char *what)
{
	if (!cond)
		printf("# selftest failed: %s\n", what);
	return !cond;
}

static int cmd_selftest(void)
{
	static const char page_src[] =
		"# Function: <code>f</code>\n\n## Status\n"
		"<b>Regular</b>\n<ul>\n<li>\n"
		"In <code>4.4</code>: Absent \xe2\x9a\xa0\xef\xb8\x8f\n"
		"</li>\n</ul>\n"
		"<b>Arch</b>\n<ul>\n<li>\n"
		"In <code>4.4</code>: \xe2\x9c\x85\n"
		"</li>\n</ul>\n\n## Differences\n";
	struct ds_page *page;
	char buf[128], tiny[4], err[256];
	unsigned int st = 99;
	int bad = 0;

	bad += check(!strcmp(ds_status_words(0, buf, sizeof(buf)), "ok"),
		     "words(0) == ok");
	bad += check(!strcmp(ds_status_words(DS_ABSENT | DS_FULL_INLINE, buf,
					     sizeof(buf)),
			     "Absent, Full Inline"), "words(absent|full)");
	bad += check(!strcmp(ds_status_words(DS_STATUS_ALL, buf, sizeof(buf)),
			     "Absent, Collision, Duplicate, Full Inline, Selective Inline, Transformation"),
		     "words(all)");
	bad += check(!strcmp(ds_status_words(DS_ABSENT, tiny, sizeof(tiny)),
			     "Abs"), "words truncates");
	bad += check(!strcmp(ds_status_words(DS_ABSENT, NULL, 0), ""),
		     "words(NULL buffer)");
	bad += check(!ds_status_parse("\xe2\x9c\x85", &st) && st == 0,
		     "parse ok mark");
	bad += check(!ds_status_parse("Duplicate, Full Inline \xe2\x9a\xa0\xef\xb8\x8f",
				      &st) &&
		     st == (DS_DUPLICATE | DS_FULL_INLINE), "parse words");
	bad += check(ds_status_parse("Absent, Absent \xe2\x9a\xa0\xef\xb8\x8f",
				     &st) == -EINVAL, "repeated word");
	bad += check(ds_status_parse("Absent", &st) == -EINVAL, "no mark");
	bad += check(ds_status_parse(" \xe2\x9a\xa0\xef\xb8\x8f", &st) ==
		     -EINVAL, "no words");
	bad += check(ds_status_parse("Absent,  \xe2\x9a\xa0\xef\xb8\x8f",
				     &st) == -EINVAL, "empty word");
	bad += check(ds_status_parse(NULL, &st) == -EINVAL, "NULL text");
	if (ds_page_parse_buf(page_src, sizeof(page_src) - 1, "selftest",
			      &page, err, sizeof(err))) {
		printf("# selftest failed: %s\n", err);
		return 1;
	}
	bad += check(ds_page_row(page, "Arch", "4.4") == &page->rows[1],
		     "row(Arch, 4.4)");
	bad += check(ds_page_row(page, NULL, "4.4") == &page->rows[0],
		     "row(NULL, 4.4)");
	bad += check(!ds_page_row(page, "Flavor", "4.4"), "row(Flavor)");
	bad += check(!ds_page_row(page, "Arch", NULL), "row(NULL label)");
	bad += check(!ds_page_row(NULL, "Arch", "4.4"), "row(NULL page)");
	ds_page_free(page);
	ds_page_free(NULL);
	bad += check(ds_page_parse_file("/nonexistent/x.md", &page, err,
					sizeof(err)) == -ENOENT &&
		     strstr(err, "/nonexistent/x.md"), "missing file");
	printf("# selftest %s\n", bad ? "failed" : "ok");
	return bad ? 1 : 0;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: depsurf_page_test roundtrip FILE|DIR...\n"
		"       depsurf_page_test dump|parse|extra FILE\n"
		"       depsurf_page_test fuzz FILE [ITERATIONS]\n"
		"       depsurf_page_test selftest\n");
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "roundtrip"))
		return cmd_roundtrip(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "dump"))
		return cmd_parse(argv[2], true);
	if (argc == 3 && !strcmp(argv[1], "parse"))
		return cmd_parse(argv[2], false);
	if (argc == 3 && !strcmp(argv[1], "extra"))
		return cmd_extra(argv[2]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "fuzz"))
		return cmd_fuzz(argv[2],
				argc == 4 ? strtoul(argv[3], NULL, 0) : 2000);
	if (argc == 2 && !strcmp(argv[1], "selftest"))
		return cmd_selftest();
	print_usage();
	return 3;
}
