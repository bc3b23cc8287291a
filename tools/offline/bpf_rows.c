// SPDX-License-Identifier: GPL-2.0
/*
 * The offline rows of bpf check, read before its verdict runs: the rows of
 * each function the hooks need from the --db store and from the --page
 * files, imported into a store of their own.  The verdict is given them
 * as plain off_row lists (struct off_funcs) and queries no store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "offline.h"

/*
 * --page FILE|DIR into a store of its own: a file whole, of a directory
 * the pages of names (in their order, each time named).
 */
static int pages_read(struct ks_store *st, const char *const *pages,
		      size_t n_pages, const char *const *names,
		      size_t n_names, char *err, size_t errlen)
{
	struct import_stats stats;
	size_t i, j;
	int ret;

	ret = store_begin(st, err, errlen);
	for (i = 0; !ret && i < n_pages; i++) {
		struct stat sb;

		memset(&stats, 0, sizeof(stats));
		if (stat(pages[i], &sb) || !S_ISDIR(sb.st_mode)) {
			ret = import_source(st, pages[i], "page", NULL, &stats,
					    err, errlen);
			continue;
		}
		for (j = 0; !ret && j < n_names; j++) {
			char path[4096];

			if (page_find(pages[i], names[j], path, sizeof(path)))
				continue;
			ret = page_import_file(st, path, &stats, err, errlen);
		}
	}
	if (!ret)
		ret = store_commit(st, err, errlen);
	return ret;
}

/*
 * The rows of each of names (once each, in the order first named): those
 * of db (NULL: none), then those of the pages.  Returns 0, or -errno with
 * a message in err; out is the caller's to free (off_funcs_free) either way.
 */
int off_funcs_read(struct ks_store *db, const char *const *pages,
		   size_t n_pages, const char *const *names, size_t n_names,
		   struct off_funcs *out, char *err, size_t errlen)
{
	struct ks_store *st[2] = { db, NULL };
	size_t i, k, cap = 0;
	int ret = 0;

	if (n_pages) {
		ret = store_open(NULL, false, &st[1], err, errlen);
		if (!ret)
			ret = pages_read(st[1], pages, n_pages, names, n_names,
					 err, errlen);
	}
	for (i = 0; !ret && i < n_names; i++) {
		struct off_func_rows *f;

		if (off_funcs_get(out, names[i]))
			continue;
		out->v = array_grow(out->v, &cap, out->n, sizeof(*out->v));
		f = &out->v[out->n++];
		memset(f, 0, sizeof(*f));
		f->name = xstrdup(names[i]);
		for (k = 0; !ret && k < 2; k++)
			if (st[k] && store_query(st[k], f->name, &f->rows,
						 &f->n_rows, err, errlen))
				ret = -EIO;
	}
	store_close(st[1]);
	return ret;
}

/* The rows of name, or NULL when it was not read. */
const struct off_func_rows *off_funcs_get(const struct off_funcs *fs,
					  const char *name)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].name, name))
			return &fs->v[i];
	return NULL;
}

void off_funcs_free(struct off_funcs *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].name);
		off_rows_free(fs->v[i].rows, fs->v[i].n_rows);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}
