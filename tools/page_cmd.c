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
 * Also the rows `check --markdown` adds (dwarf_page_rows()).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "depsurf_page.h"
#include "dwarf_scan.h"
#include "ksymstat.h"

/* "6.12" after "6.1": numeric by component. */
static int cmp_version(const char *a, const char *b)
{
	while (a && b && *a && *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10);
		unsigned long y = strtoul(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a || eb == b)
			break;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return strcmp(a ? a : "", b ? b : "");
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int cmp_build(const void *x, const void *y)
{
	const struct off_row *a = *(struct off_row *const *)x;
	const struct off_row *b = *(struct off_row *const *)y;
	int c = strcmp(nz(a->arch), nz(b->arch));

	if (!c)
		c = strcmp(nz(a->flavor), nz(b->flavor));
	if (!c)
		c = cmp_version(a->version, b->version);
	if (!c)
		c = strcmp(nz(a->release), nz(b->release));
	return c;
}

static void fill_row(struct ks_store *st, const char *name,
		     const struct off_row *o, struct ds_row *row)
{
	size_t i;
	char err[KS_ERRLEN];

	memset(row, 0, sizeof(*row));
	row->group = xstrdup("Debian");
	row->label = xstrdup(o->release ? o->release : o->path);
	if (!o->have_func) {
		row->status = DS_ABSENT;
		return;
	}
	row->status = o->status;
	row->details = true;
	row->prototype = o->prototype ? xstrdup(o->prototype) : NULL;
	row->collision = o->collision ? xstrdup(o->collision) : NULL;
	row->inline_ = o->inline_ ? xstrdup(o->inline_) : NULL;
	row->transformation = o->transformation ?
			      xstrdup(o->transformation) : NULL;
	row->symbols = xcalloc(o->n_syms + 1, sizeof(*row->symbols));
	for (i = 0; i < o->n_syms; i++) {
		struct ds_symbol *s = &row->symbols[i];

		s->start = o->syms[i].addr;
		s->end = o->syms[i].addr + o->syms[i].size;
		s->name = xstrdup(o->syms[i].name);
		s->bind = xstrdup(ks_stb_names[o->syms[i].bind]);
	}
	row->n_symbols = o->n_syms;
	if (store_insts(st, o->build_id, name, &row->instances,
			&row->n_instances, err, sizeof(err)))
		row->n_instances = 0;
}

/*
 * The rows of name in every DWARF build of st, sorted by arch, flavor,
 * version.  Returns how many; *rows is owned by the caller (ds rows whose
 * strings are heap copies).  *builds gets the off_rows behind them.
 */
static size_t collect(struct ks_store *st, const char *name,
		      struct ds_row **rows, struct off_row **offs,
		      size_t *n_offs, const struct off_row ***order)
{
	const struct off_row **v;
	char err[KS_ERRLEN];
	size_t i, n = 0;

	*rows = NULL;
	*order = NULL;
	*offs = NULL;
	*n_offs = 0;
	if (store_query(st, name, offs, n_offs, err, sizeof(err)))
		return 0;
	v = xcalloc(*n_offs + 1, sizeof(*v));
	for (i = 0; i < *n_offs; i++)
		if ((*offs)[i].source && !strcmp((*offs)[i].source, "dwarf"))
			v[n++] = &(*offs)[i];
	qsort(v, n, sizeof(*v), cmp_build);
	*rows = xcalloc(n + 1, sizeof(**rows));
	for (i = 0; i < n; i++)
		fill_row(st, name, v[i], &(*rows)[i]);
	*order = v;
	return n;
}

size_t dwarf_page_rows(struct ks_store *st, const char *name,
		       struct ds_row **rows)
{
	const struct off_row **order;
	struct off_row *offs;
	size_t n_offs, n;

	n = collect(st, name, rows, &offs, &n_offs, &order);
	free(order);
	off_rows_free(offs, n_offs);
	return n;
}

/* ---- prototypes taken apart, and compared as DepSurf does ---- */

struct param {
	char *text;			/* "const void *data" */
	char *name;			/* "data" */
	char *type;			/* text without the name */
};

struct proto {
	char *ret;
	struct param *p;
	size_t n;
};

static bool ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static void param_parse(const char *s, size_t len, struct param *p)
{
	const char *fp;
	size_t e = len, b;

	p->text = xstrndup(s, len);
	fp = strstr(p->text, " (*");
	if (fp) {
		/* "int (*cb)(void *)": the name sits inside (*...) */
		const char *n = fp + 3, *ne = strchr(n, ')');

		p->name = xstrndup(n, ne ? (size_t)(ne - n) : 0);
		p->type = xasprintf("%.*s(*)%s", (int)(fp - p->text + 1),
				    p->text, ne ? ne + 1 : "");
		return;
	}
	while (e && ident(s[e - 1]))
		e--;
	b = e;
	while (b && s[b - 1] == ' ')
		b--;
	/* a lone type word ("void", "...") has no name */
	if (e == len || e == 0 || !strncmp(s + e, "...", 3)) {
		p->name = xstrdup("");
		p->type = xstrdup(p->text);
		return;
	}
	p->name = xstrndup(s + e, len - e);
	p->type = xstrndup(s, b);
}

static bool proto_parse(const char *text, const char *name, struct proto *out)
{
	size_t nl = strlen(name), i, start, depth = 0;
	const char *at = text, *params = NULL, *end;

	memset(out, 0, sizeof(*out));
	if (!text)
		return false;
	while ((at = strstr(at, name))) {
		if ((at == text || !ident(at[-1])) && at[nl] == '(') {
			params = at + nl + 1;
			break;
		}
		at += nl;
	}
	if (!params)
		return false;
	end = strrchr(text, ')');
	if (!end || end < params)
		return false;
	i = (size_t)(at - text);
	while (i && text[i - 1] == ' ')
		i--;
	out->ret = xstrndup(text, i);
	start = 0;
	for (i = 0; params + i <= end; i++) {
		char c = params[i];

		if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if ((c == ',' && !depth) || params + i == end) {
			size_t b = start, e = i;

			while (b < e && params[b] == ' ')
				b++;
			if (e > b) {
				out->p = xrealloc(out->p, (out->n + 1) *
						  sizeof(*out->p));
				param_parse(params + b, e - b, &out->p[out->n++]);
			}
			start = i + 1;
		}
	}
	return true;
}

static void proto_free(struct proto *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->p[i].text);
		free(p->p[i].name);
		free(p->p[i].type);
	}
	free(p->p);
	free(p->ret);
}

static const struct param *find_param(const struct proto *p, const char *n,
				      size_t *idx)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->p[i].name, n)) {
			if (idx)
				*idx = i;
			return &p->p[i];
		}
	return NULL;
}

static void add_change(struct ds_diff *d, const char *kind, char *text)
{
	d->changes = xrealloc(d->changes,
			      (d->n_changes + 1) * sizeof(*d->changes));
	d->changes[d->n_changes].kind = xstrdup(kind);
	d->changes[d->n_changes].text = text;
	d->n_changes++;
}

static char *names_of(const struct proto *p)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < p->n; i++) {
		t = xasprintf("%s%s%s", s, i ? ", " : "", p->p[i].name);
		free(s);
		s = t;
	}
	return s;
}

/*
 * DepSurf's order: params added, removed, reordered (the positions of
 * the common params differ), type changed; then the return type.
 */
void dwarf_proto_diff(const char *name, const char *old, const char *new_,
		      struct ds_diff *d)
{
	struct proto a, b;
	bool reordered = false;
	size_t i, ia, ib;

	if (!proto_parse(old, name, &a) || !proto_parse(new_, name, &b)) {
		proto_free(&a);
		proto_free(&b);
		if (old && new_ && strcmp(old, new_))
			add_change(d, "Prototype changed",
				   xasprintf("<code>%s</code> ➡️ <code>%s</code>",
					     old, new_));
		d->changed = d->n_changes > 0;
		return;
	}
	for (i = 0; i < b.n; i++)
		if (!find_param(&a, b.p[i].name, NULL))
			add_change(d, "Param added",
				   xasprintf("<code>%s</code>", b.p[i].text));
	for (i = 0; i < a.n; i++)
		if (!find_param(&b, a.p[i].name, NULL))
			add_change(d, "Param removed",
				   xasprintf("<code>%s</code>", a.p[i].text));
	for (i = 0; i < a.n; i++)
		if (find_param(&b, a.p[i].name, &ib) && ib != i)
			reordered = true;
	if (reordered) {
		char *x = names_of(&a), *y = names_of(&b);

		add_change(d, "Param reordered",
			   xasprintf("<code>%s</code> ➡️ <code>%s</code>", x,
				     y));
		free(x);
		free(y);
	}
	for (i = 0; i < a.n; i++) {
		const struct param *q = find_param(&b, a.p[i].name, &ia);

		if (q && strcmp(q->type, a.p[i].type))
			add_change(d, "Param type changed",
				   xasprintf("<code>%s</code> ➡️ <code>%s</code>",
					     a.p[i].text, q->text));
	}
	if (strcmp(a.ret, b.ret))
		add_change(d, "Return type changed",
			   xasprintf("<code>%s</code> ➡️ <code>%s</code>",
				     a.ret, b.ret));
	d->changed = d->n_changes > 0;
	proto_free(&a);
	proto_free(&b);
}

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
	return !strcmp(nz(a), nz(b));
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

	n = collect(st, name, &page->rows, &offs, &n_offs, &order);
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
