// SPDX-License-Identifier: GPL-2.0
/*
 * --markdown: the target's DepSurf page written again (ds_page_write)
 * with the running kernel as one more group, "Live", labelled with its
 * release.  Without a page for the function, a page holding only the live
 * row is built.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

/*
 * The live row, in DepSurf's words.  Symbols: START-END with END =
 * START + the kallsyms extent (the live side has no st_size); "address
 * hidden" under kptr_restrict, "START-(size unknown)" without an extent
 * (the kallsyms fallback), never a made-up range.
 */
static void live_row(const struct ks_report *rep, const struct ks_target *t,
		     struct ds_row *row, struct ds_symbol *syms)
{
	size_t i;

	memset(row, 0, sizeof(*row));
	row->group = (char *)"Live";
	row->label = rep->release;
	if (!t->present)
		row->status |= DS_ABSENT;
	if (t->clones)
		row->status |= DS_TRANSFORMATION;
	if (t->count > 1)
		row->status |= t->collision == KS_COLL_STATIC_STATIC ?
			       DS_DUPLICATE : DS_COLLISION;
	if (!t->present)
		return;
	row->details = true;
	row->collision = (char *)coll_to_depsurf(t->collision);
	row->transformation = (char *)(t->clones ? "True" : "False");
	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *s = &t->syms[i];

		syms[i].start = s->addr;
		syms[i].end = s->addr + s->size;
		if (!s->addr && !rep->addrs_visible)
			snprintf(syms[i].range, sizeof(syms[i].range),
				 "address hidden");
		else if (!s->size_known)
			snprintf(syms[i].range, sizeof(syms[i].range),
				 "%llx-(size unknown)",
				 (unsigned long long)s->addr);
		syms[i].name = t->syms[i].name;
		syms[i].bind = (char *)ks_stb_names[t->syms[i].bind];
	}
	row->symbols = syms;
	row->n_symbols = t->n_syms;
}

/* The stored page of name from the first store that has one. */
static int find_page(struct ks_store **stores, size_t n, const char *name,
		     struct ds_page **page, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *text, *path;
		int ret;

		if (!stores[i] || store_page_get(stores[i], name, &text, &path))
			continue;
		ret = ds_page_parse_buf(text, strlen(text),
					path ? path : name, page, err, errlen);
		free(text);
		free(path);
		return ret;
	}
	*page = NULL;
	return 0;
}

/*
 * The page with the imported DWARF builds (docs/dwarf.md) as group
 * "Debian" before the live row, which carries the live BTF prototype.
 */
static int write_with_dwarf(FILE *f, const struct ds_page *page,
			    struct ks_store **stores, size_t n_stores,
			    const struct ks_report *rep,
			    const struct ks_target *t, struct ds_row *live)
{
	struct ds_page *dw = xcalloc(1, sizeof(*dw));
	struct ds_row *extra;
	char from[4096];
	size_t i, n;
	int ret;

	for (i = 0; i < n_stores; i++) {
		struct ds_row *r;

		if (!stores[i])
			continue;
		n = dwarf_page_rows(stores[i], t->name, &r);
		/* memcpy() from NULL is undefined even for 0 bytes */
		if (n) {
			dw->rows = xrealloc(dw->rows,
					    (dw->n_rows + n) * sizeof(*r));
			memcpy(dw->rows + dw->n_rows, r, n * sizeof(*r));
			dw->n_rows += n;
		}
		free(r);
	}
	extra = xcalloc(dw->n_rows + 1, sizeof(*extra));
	if (dw->n_rows)
		memcpy(extra, dw->rows, dw->n_rows * sizeof(*extra));
	extra[dw->n_rows] = *live;
	if (t->present)
		extra[dw->n_rows].prototype = live_proto(rep, t, from,
							 sizeof(from));
	ret = ds_page_write(f, page, extra, dw->n_rows + 1);
	free(extra[dw->n_rows].prototype);
	free(extra);
	ds_page_free(dw);
	return ret;
}

int markdown_check(FILE *f, const struct verdict *v, struct ks_store **stores,
		   size_t n_stores, char *err, size_t errlen)
{
	size_t i;
	int ret;

	for (i = 0; i < v->n_targets; i++) {
		const struct ks_target *t = v->targets[i].live;
		struct ds_symbol *syms = xcalloc(t->n_syms + 1, sizeof(*syms));
		struct ds_page *page, bare = { 0 };
		struct ds_row row;

		ret = find_page(stores, n_stores, t->name, &page, err, errlen);
		if (ret) {
			free(syms);
			return ret;
		}
		bare.name = t->name;
		live_row(v->rep, t, &row, syms);
		if (i)
			fputc('\n', f);
		ret = write_with_dwarf(f, page ? page : &bare, stores, n_stores,
				       v->rep, t, &row);
		ds_page_free(page);
		free(syms);
		if (ret) {
			snprintf(err, errlen, "writing the page of %s: %s",
				 t->name, strerror(-ret));
			return ret;
		}
	}
	return 0;
}
