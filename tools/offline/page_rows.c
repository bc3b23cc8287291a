// SPDX-License-Identifier: GPL-2.0
/*
 * The rows of a stored DepSurf page as a query gives them (store.c, schema
 * 4: a page's rows are read from its text): the row of a build key, and
 * the off_row it makes; and the build key pages.c gives each row.
 */
#include <stdlib.h>
#include <string.h>

#include "offline.h"

/* The build key of a row: "depsurf:GROUP:LABEL". */
void row_key(const struct ds_row *row, char *key, size_t len)
{
	snprintf(key, len, "depsurf:%s:%s", row->group ? row->group : "",
		 row->label ? row->label : "");
}

/* Is key the build key of row?  row_key() without the snprintf. */
static bool is_row_key(const char *key, const struct ds_row *row)
{
	const char *grp = row->group ? row->group : "";
	const char *label = row->label ? row->label : "";
	size_t gl = strlen(grp);
	char k[256];

	if (strlen(key) >= sizeof(k) - 1) {	/* may be cut short */
		row_key(row, k, sizeof(k));
		return !strcmp(k, key);
	}
	return !strncmp(key, "depsurf:", 8) && !strncmp(key + 8, grp, gl) &&
	       key[8 + gl] == ':' && !strcmp(key + 9 + gl, label);
}

/* The row of a page that gives build key's row (the last one, as stored). */
const struct ds_row *page_row_of(const struct ds_page *page, const char *key)
{
	const struct ds_row *found = NULL;
	size_t i;

	if (!key)
		return NULL;
	for (i = 0; i < page->n_rows; i++)
		if (is_row_key(key, &page->rows[i]))
			found = &page->rows[i];
	return found;
}

/*
 * A page row as a query's function record: what storing it in func and
 * func_sym and reading it back gave (a symbol's size is unknown when its
 * end is below its start).
 */
void page_row_fill(const struct ds_row *row, struct off_row *r, size_t *cap)
{
	size_t i;

	r->have_func = true;
	r->status = row->status;
	r->collision = row->collision ? xstrdup(row->collision) : NULL;
	r->inline_ = row->inline_ ? xstrdup(row->inline_) : NULL;
	r->transformation = row->transformation ?
			    xstrdup(row->transformation) : NULL;
	r->prototype = row->prototype ? xstrdup(row->prototype) : NULL;
	for (i = 0; i < row->n_symbols; i++) {
		const struct ds_symbol *s = &row->symbols[i];
		const char *suffix = clone_suffix(s->name);
		struct off_sym *o;

		r->syms = array_grow(r->syms, cap, r->n_syms, sizeof(*r->syms));
		o = &r->syms[r->n_syms++];
		o->name = xstrdup(s->name);
		o->suffix = suffix ? xstrdup(suffix) : NULL;
		o->addr = s->start;
		o->size_known = s->end >= s->start;
		o->size = o->size_known ? s->end - s->start : 0;
		o->bind = bind_parse(s->bind);
	}
}
