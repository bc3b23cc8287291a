// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat: the DepSurf rows of a function in every DWARF build of a store,
 * for `ksymstat page` and the rows `check --markdown` adds
 * (dwarf_page_rows()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "offline.h"

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
		c = version_cmp(a->version, b->version);
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
size_t dwarf_rows_collect(struct ks_store *st, const char *name,
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
		if (off_row_source(&(*offs)[i]) == OFF_SRC_DWARF)
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

	n = dwarf_rows_collect(st, name, rows, &offs, &n_offs, &order);
	free(order);
	off_rows_free(offs, n_offs);
	return n;
}
