// SPDX-License-Identifier: GPL-2.0
/*
 * DepSurf function pages into the store.  The parser is depsurf_page.c;
 * this file maps each row (group, label) to the kernel image DepSurf
 * built it from, and keeps the page text, which is both what --markdown
 * renders again and where a query reads the page's rows from
 * (page_rows.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "offline.h"

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

/* Builds the rows named so far, so that a row costs no query. */
#define PAGE_BUILDS	64

struct page_build {
	char *grp;		/* "" for none, as in the key */
	char *label;
	long long id;
};

/* One import of pages: the store, its counts, and what pages reuse. */
struct page_import {
	struct ks_store *st;
	struct import_stats *stats;
	struct page_build builds[PAGE_BUILDS];
	size_t n_builds;
	size_t next;		/* rows come in the same order page after page */
	char *buf;		/* the page being imported */
	size_t cap;
};

static void page_import_done(struct page_import *pi)
{
	size_t i;

	for (i = 0; i < pi->n_builds; i++) {
		free(pi->builds[i].grp);
		free(pi->builds[i].label);
	}
	free(pi->buf);
}

/* The build of a row, created the first time a page names it. */
static int row_build(struct page_import *pi, const struct ds_row *row,
		     long long *id, char *err, size_t errlen)
{
	const char *grp = row->group ? row->group : "";
	const char *label = row->label ? row->label : "";
	struct store_build b = { .source = PAGE_SOURCE };
	struct page_build *pb;
	struct image img;
	char key[256];
	size_t i;
	int ret;

	for (i = 0; i < pi->n_builds; i++) {
		pb = &pi->builds[(pi->next + i) % pi->n_builds];
		if (!strcmp(pb->label, label) && !strcmp(pb->grp, grp)) {
			pi->next = (pi->next + i + 1) % pi->n_builds;
			*id = pb->id;
			return 0;
		}
	}
	row_image(row, &img);
	row_key(row, key, sizeof(key));
	b.key = key;
	b.grp = row->group;
	b.label = row->label;
	b.release = img.release;
	b.version = img.version;
	b.arch = img.arch;
	b.flavor = img.flavor;
	ret = store_build_get(pi->st, &b, false, id, err, errlen);
	if (ret || pi->n_builds == PAGE_BUILDS)
		return ret;
	pb = &pi->builds[pi->n_builds++];
	pb->grp = xstrdup(grp);
	pb->label = xstrdup(label);
	pb->id = *id;
	return 0;
}

/*
 * A parsed page: a build for each row, and the text.  The rows
 * themselves are not stored: a query parses them from the text.
 */
static int import_page(struct page_import *pi, const char *path,
		       const struct ds_page *page, const char *text,
		       char *err, size_t errlen)
{
	long long build_id;
	size_t i;
	int ret;

	for (i = 0; i < page->n_rows; i++) {
		ret = row_build(pi, &page->rows[i], &build_id, err, errlen);
		if (ret)
			return ret;
		pi->stats->funcs++;
		pi->stats->syms += page->rows[i].n_symbols;
	}
	pi->stats->pages++;
	return store_page_add(pi->st, page->name, path, text, err, errlen);
}

/* The buffer a page is read into grows from this; pages are ~10 kB. */
#define PAGE_BUF	(64 << 10)

/*
 * Read name (in the directory open as dfd, or AT_FDCWD) into pi->buf,
 * NUL-terminated; *len without the NUL.  path names it in messages.
 */
static int read_page(struct page_import *pi, int dfd, const char *name,
		     const char *path, size_t *len, char *err, size_t errlen)
{
	size_t n = 0;
	int fd, ret = 0;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	if (!pi->cap) {
		pi->cap = PAGE_BUF;
		pi->buf = xrealloc(pi->buf, pi->cap);
	}
	for (;;) {
		ssize_t r;

		if (pi->cap - n < 2) {
			pi->cap *= 2;
			pi->buf = xrealloc(pi->buf, pi->cap);
		}
		r = read(fd, pi->buf + n, pi->cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			goto out;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	pi->buf[n] = '\0';
	*len = n;
out:
	if (ret)
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
	if (fd >= 0)
		close(fd);
	return ret;
}

static int import_file(struct page_import *pi, int dfd, const char *name,
		       const char *path, char *err, size_t errlen)
{
	struct import_stats *stats = pi->stats;
	struct ds_page *page;
	uint64_t t0, t1, t2;
	size_t len = 0;
	int ret;

	t0 = now_ns();
	ret = read_page(pi, dfd, name, path, &len, err, errlen);
	if (ret)
		return ret;
	t1 = now_ns();
	ret = ds_page_parse_buf(pi->buf, len, path, &page, err, errlen);
	t2 = now_ns();
	stats->ns[IMPORT_READ] += t1 - t0;
	stats->ns[IMPORT_PARSE] += t2 - t1;
	if (ret)
		return ret;
	ret = import_page(pi, path, page, pi->buf, err, errlen);
	ds_page_free(page);
	stats->ns[IMPORT_STORE] += now_ns() - t2;
	return ret;
}

int page_import_file(struct ks_store *st, const char *path,
		     struct import_stats *stats, char *err, size_t errlen)
{
	struct page_import pi = { .st = st, .stats = stats };
	int ret = import_file(&pi, AT_FDCWD, path, path, err, errlen);

	page_import_done(&pi);
	return ret;
}

static int md_filter(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Directory or not: d_type when the file system gives it, else stat. */
static bool is_dir(const char *path, const struct dirent *d, bool *found)
{
	struct stat sb;

	*found = true;
	if (d->d_type == DT_DIR)
		return true;
	if (d->d_type == DT_REG)
		return false;
	if (stat(path, &sb)) {
		*found = false;
		return false;
	}
	return S_ISDIR(sb.st_mode);
}

/* A *.md entry of a directory: a regular file (a FIFO would block). */
static int import_entry(struct page_import *pi, int dfd,
			const struct dirent *d, const char *path, char *err,
			size_t errlen)
{
	int ret = d->d_type == DT_REG ? 0 :
		  input_check(NULL, path, false, err, errlen);

	return ret ? ret : import_file(pi, dfd, d->d_name, path, err, errlen);
}

static int walk(struct page_import *pi, const char *dir, char *err,
		size_t errlen)
{
	struct dirent **ents;
	int n, i, dfd, ret = 0;

	n = scandir(dir, &ents, md_filter, alphasort);
	dfd = n < 0 ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot read the directory %s: %s", dir,
			 strerror(-ret));
		for (i = 0; i < n; i++)
			free(ents[i]);
		if (n >= 0)
			free(ents);
		return ret;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, ents[i]->d_name);
		bool found, dir_;

		if (!ret) {
			dir_ = is_dir(path, ents[i], &found);
			if (!found)
				;
			else if (dir_)
				ret = walk(pi, path, err, errlen);
			else if (!str_ends_with(path, ".md"))
				pi->stats->skipped++;
			else
				ret = import_entry(pi, dfd, ents[i], path, err,
						   errlen);
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
	close(dfd);
	return ret;
}

/* A page file, or a directory searched recursively for *.md pages. */
int pages_import(struct ks_store *st, const char *path,
		 struct import_stats *stats, char *err, size_t errlen)
{
	struct page_import pi = { .st = st, .stats = stats };
	struct stat sb;
	int ret;

	stats->kind = PAGE_SOURCE;
	if (stat(path, &sb)) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	if (S_ISDIR(sb.st_mode))
		ret = walk(&pi, path, err, errlen);
	else
		ret = import_file(&pi, AT_FDCWD, path, path, err, errlen);
	page_import_done(&pi);
	return ret;
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
