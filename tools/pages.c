// SPDX-License-Identifier: GPL-2.0
/*
 * DepSurf function pages into the store.  The parser is depsurf_page.c;
 * this file maps each row (group, label) to the kernel image DepSurf
 * built it from, and keeps the page text so --markdown can render it
 * again.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ksymstat.h"
#include "depsurf_page.h"

struct image {
	const char *grp;
	const char *label;
	const char *release;	/* NULL: DepSurf does not name the image */
	const char *version;
	const char *arch;
	const char *flavor;
};

/* The images behind the rows (docs/tool.md, "DepSurf rows"). */
static const struct image images[] = {
	{ "Regular", "4.4", "4.4.0-21-generic", "4.4", "amd64", "generic" },
	{ "Regular", "6.8", "6.8.0-31-generic", "6.8", "amd64", "generic" },
	{ "Arch", "arm64", "5.4.0-26-generic", "5.4", "arm64", "generic" },
	{ "Arch", "armhf", "5.4.0-26-generic", "5.4", "armhf", "generic" },
	{ "Arch", "ppc64el", "5.4.0-26-generic", "5.4", "ppc64el", "generic" },
	{ "Arch", "riscv64", "5.4.0-24-generic", "5.4", "riscv64", "generic" },
	{ "Flavor", "aws", "5.4.0-1009-aws", "5.4", "amd64", "aws" },
	{ "Flavor", "azure", "5.4.0-1010-azure", "5.4", "amd64", "azure" },
	{ "Flavor", "gcp", "5.4.0-1009-gcp", "5.4", "amd64", "gcp" },
	{ "Flavor", "lowlatency", "5.4.0-26-lowlatency", "5.4", "amd64",
	  "lowlatency" },
};

static void row_image(const struct ds_row *row, struct image *img)
{
	size_t i;

	memset(img, 0, sizeof(*img));
	img->grp = row->group;
	img->label = row->label;
	for (i = 0; i < ARRAY_SIZE(images); i++) {
		if (row->group && row->label &&
		    !strcmp(images[i].grp, row->group) &&
		    !strcmp(images[i].label, row->label)) {
			*img = images[i];
			return;
		}
	}
	if (row->group && !strcmp(row->group, "Regular")) {
		img->version = row->label;
		img->arch = "amd64";
		img->flavor = "generic";
	}
}

static int import_page(struct ks_store *st, const char *path,
		       const struct ds_page *page, const char *text,
		       struct import_stats *stats, char *err, size_t errlen)
{
	size_t i, j;
	int ret;

	for (i = 0; i < page->n_rows; i++) {
		const struct ds_row *row = &page->rows[i];
		struct store_build b = { .source = "depsurf-page" };
		struct image img;
		long long build_id, func_id;
		char key[256];

		row_image(row, &img);
		snprintf(key, sizeof(key), "depsurf:%s:%s",
			 row->group ? row->group : "",
			 row->label ? row->label : "");
		b.key = key;
		b.path = NULL;
		b.grp = row->group;
		b.label = row->label;
		b.release = img.release;
		b.version = img.version;
		b.arch = img.arch;
		b.flavor = img.flavor;
		ret = store_build_get(st, &b, false, &build_id, err, errlen);
		if (ret)
			return ret;
		ret = store_func_add(st, build_id, page->name, row->status,
				     row->collision, row->inline_,
				     row->transformation, row->prototype,
				     &func_id, err, errlen);
		if (ret)
			return ret;
		stats->funcs++;
		for (j = 0; j < row->n_symbols; j++) {
			const struct ds_symbol *s = &row->symbols[j];

			ret = store_func_sym_add(st, func_id, s->name,
						 s->start, s->end >= s->start,
						 s->end - s->start,
						 bind_parse(s->bind), err,
						 errlen);
			if (ret)
				return ret;
			stats->syms++;
		}
	}
	stats->pages++;
	return store_page_add(st, page->name, path, text, err, errlen);
}

int page_import_file(struct ks_store *st, const char *path,
		     struct import_stats *stats, char *err, size_t errlen)
{
	struct ds_page *page;
	size_t len;
	char *text;
	int ret;

	ret = read_input(path, &text, &len, err, errlen);
	if (ret)
		return ret;
	ret = ds_page_parse_buf(text, len, path, &page, err, errlen);
	if (ret) {
		free(text);
		return ret;
	}
	ret = import_page(st, path, page, text, stats, err, errlen);
	ds_page_free(page);
	free(text);
	return ret;
}

static int md_filter(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int walk(struct ks_store *st, const char *dir,
		struct import_stats *stats, char *err, size_t errlen)
{
	struct dirent **ents;
	int n, i, ret = 0;

	n = scandir(dir, &ents, md_filter, alphasort);
	if (n < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot read the directory %s: %s", dir,
			 strerror(-ret));
		return ret;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, ents[i]->d_name);
		struct stat sb;

		if (!ret && !stat(path, &sb)) {
			if (S_ISDIR(sb.st_mode))
				ret = walk(st, path, stats, err, errlen);
			else if (str_ends_with(path, ".md"))
				ret = page_import_file(st, path, stats, err,
						       errlen);
			else
				stats->skipped++;
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
	return ret;
}

/* A page file, or a directory searched recursively for *.md pages. */
int pages_import(struct ks_store *st, const char *path,
		 struct import_stats *stats, char *err, size_t errlen)
{
	struct stat sb;

	stats->kind = "depsurf-page";
	if (stat(path, &sb)) {
		int ret = -errno;

		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	if (S_ISDIR(sb.st_mode))
		return walk(st, path, stats, err, errlen);
	return page_import_file(st, path, stats, err, errlen);
}

/*
 * The page of name under dir: dir/NAME.md, dir/L/NAME.md or
 * dir/function/L/NAME.md, L being the first letter after any leading
 * underscores (DepSurf files __foo under f/).
 */
int page_find(const char *dir, const char *name, char *buf, size_t len)
{
	const char *l = name + strspn(name, "_");
	char letter = *l ? *l : name[0];
	struct stat sb;
	int i;

	for (i = 0; i < 3; i++) {
		if (i == 0)
			snprintf(buf, len, "%s/%s.md", dir, name);
		else if (i == 1)
			snprintf(buf, len, "%s/%c/%s.md", dir, letter, name);
		else
			snprintf(buf, len, "%s/function/%c/%s.md", dir, letter,
				 name);
		if (!stat(buf, &sb) && S_ISREG(sb.st_mode))
			return 0;
	}
	return -ENOENT;
}
