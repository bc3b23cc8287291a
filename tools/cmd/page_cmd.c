// SPDX-License-Identifier: GPL-2.0
/*
 * `ksymstat page FUNC... --db FILE`: the DepSurf page of each FUNC over
 * every build whose DWARF was imported (docs/dwarf.md), with the
 * "## Differences" section in DepSurf's words and anchors:
 *
 *   Regular  builds of one arch and flavor, consecutive versions;
 *   Arch     the amd64 build against each other arch, same version/flavor;
 *   Flavor   the generic build against each other flavor, same
 *            version/arch.
 *
 * The rows come from offline/dwarf_rows.c, the prototypes' Differences
 * from offline/proto_diff.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* ---- the Differences section ---- */

struct diffs {
	struct ds_diff *v;
	size_t n;
	struct ds_page_group *g;
	size_t ng;
};

static void add_pair(struct diffs *D, const char *group, const char *name,
		     const struct ds_row *a, const struct ds_row *b)
{
	struct ds_diff *d;

	if (!a->details || !b->details)
		return;
	D->v = xrealloc(D->v, (D->n + 1) * sizeof(*D->v));
	d = &D->v[D->n++];
	memset(d, 0, sizeof(*d));
	d->group = xstrdup(group);
	d->from = xstrdup(a->label);
	d->to = xstrdup(b->label);
	dwarf_proto_diff(name, a->prototype, b->prototype, d);
	D->g[D->ng - 1].n++;
}

static void open_group(struct diffs *D, const char *group)
{
	D->g = xrealloc(D->g, (D->ng + 1) * sizeof(*D->g));
	D->g[D->ng].name = xstrdup(group);
	D->g[D->ng].n = 0;
	D->ng++;
}

static bool same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void build_diffs(const char *name, const struct off_row **o,
			const struct ds_row *rows, size_t n, struct diffs *D)
{
	size_t i, j;
	bool any;

	/* Regular: consecutive versions of one arch and flavor */
	any = false;
	for (i = 0; i + 1 < n; i++)
		if (same(o[i]->arch, o[i + 1]->arch) &&
		    same(o[i]->flavor, o[i + 1]->flavor))
			any = true;
	if (any) {
		open_group(D, "Regular");
		for (i = 0; i + 1 < n; i++)
			if (same(o[i]->arch, o[i + 1]->arch) &&
			    same(o[i]->flavor, o[i + 1]->flavor))
				add_pair(D, "Regular", name, &rows[i],
					 &rows[i + 1]);
	}
	/* Arch: amd64 against the others, same version and flavor */
	any = false;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (same(o[i]->arch, "amd64") &&
			    !same(o[j]->arch, "amd64") &&
			    same(o[i]->version, o[j]->version) &&
			    same(o[i]->flavor, o[j]->flavor)) {
				if (!any)
					open_group(D, "Arch");
				any = true;
				add_pair(D, "Arch", name, &rows[i], &rows[j]);
			}
	/* Flavor: generic against the others, same version and arch */
	any = false;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (same(o[i]->flavor, "generic") &&
			    !same(o[j]->flavor, "generic") &&
			    same(o[i]->version, o[j]->version) &&
			    same(o[i]->arch, o[j]->arch)) {
				if (!any)
					open_group(D, "Flavor");
				any = true;
				add_pair(D, "Flavor", name, &rows[i],
					 &rows[j]);
			}
}

static int write_page(FILE *f, struct ks_store *st, const char *name,
		      size_t *n_builds)
{
	const struct off_row **order;
	struct off_row *offs;
	struct ds_page *page = xcalloc(1, sizeof(*page));
	struct diffs D = { 0 };
	size_t n_offs, n;
	int ret;

	n = dwarf_rows_collect(st, name, &page->rows, &offs, &n_offs, &order);
	page->name = xstrdup(name);
	page->n_rows = n;
	build_diffs(name, order, page->rows, n, &D);
	page->diffs = D.v;
	page->n_diffs = D.n;
	page->diff_groups = D.g;
	page->n_diff_groups = D.ng;
	*n_builds = n;
	ret = ds_page_write(f, page, NULL, 0);
	free(order);
	off_rows_free(offs, n_offs);
	ds_page_free(page);
	return ret;
}

void usage_page(FILE *f)
{
	fputs("Usage: ksymstat page FUNC... --db FILE\n"
	      "  The DepSurf page of each FUNC over every build whose DWARF was\n"
	      "  imported (ksymstat import --db FILE VMLINUX [KO...]), with the\n"
	      "  Differences section (docs/dwarf.md).  A page is markdown: -j and\n"
	      "  -p are refused (check FUNC --db FILE -j gives the rows as JSON).\n"
	      "Exit: 0 written, 2 usage or system error.\n", f);
}

/*
 * The options of page, for getopt and for the command table (main.c);
 * --db is main.c's global option.
 */
const struct option ks_page_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_page(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *db = ctx->db;
	struct ks_store *st;
	char err[KS_ERRLEN];
	int c, i, ret = 0;
	size_t n;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_page_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_page(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "page", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	if (ctx->json) {
		p_err(ctx, "page writes DepSurf's markdown pages, which have no JSON form (ksymstat check FUNC --db FILE -j gives the rows as JSON)");
		return KS_EXIT_ERROR;
	}
	if (!db || optind >= argc) {
		p_err(ctx, "page needs FUNC... and --db FILE (see ksymstat help page)");
		return KS_EXIT_ERROR;
	}
	if (store_open(db, true, &st, err, sizeof(err))) {
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	for (i = optind; !ret && i < argc; i++) {
		/* A page is written only once it has a build: no skeleton. */
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (!m) {
			ret = -errno;
			break;
		}
		ret = write_page(m, st, argv[i], &n);
		if (fclose(m) && !ret)
			ret = -errno;
		if (!ret && !n) {
			free(buf);
			p_err(ctx, "%s: no build with DWARF rows: import a -dbg vmlinux first",
			      db);
			store_close(st);
			return KS_EXIT_ERROR;
		}
		if (i > optind)
			fputc('\n', stdout);
		if (!ret)
			fwrite(buf, 1, len, stdout);
		free(buf);
	}
	store_close(st);
	if (ret || fflush(stdout)) {
		p_err(ctx, "writing the page: %s", strerror(ret ? -ret : errno));
		return KS_EXIT_ERROR;
	}
	return KS_EXIT_OK;
}
