/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DepSurf function page (function/<letter>/<name>.md): parsed form.
 *
 * Contract between the page parser/writer (depsurf_page.c) and the rest of
 * the tool.  Every string is owned by the page; free the whole page with
 * ds_page_free().  A parsed page keeps its strings in one block
 * (ds_page.strings), so never free() or realloc() one of them alone; a page
 * built by hand has heap-allocated strings and no block.  ds_page_write()
 * renders a page back to Markdown byte-for-byte (that round trip is how the
 * parser proves it loses nothing).
 */
#ifndef KSYMSTAT_DEPSURF_PAGE_H
#define KSYMSTAT_DEPSURF_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Status words of a row; 0 means the row is fine (the check mark). */
enum ds_status {
	DS_ABSENT		= 1 << 0,
	DS_FULL_INLINE		= 1 << 1,
	DS_SELECTIVE_INLINE	= 1 << 2,
	DS_TRANSFORMATION	= 1 << 3,
	DS_DUPLICATE		= 1 << 4,
	DS_COLLISION		= 1 << 5,
};

/* Every status bit above. */
#define DS_STATUS_ALL		0x3fu

struct ds_symbol {
	uint64_t start;
	uint64_t end;			/* start + ELF st_size */
	char *name;
	char *bind;			/* "STB_GLOBAL", "STB_LOCAL", "STB_WEAK" */
	/* writer only: printed instead of START-END when not empty */
	char range[48];
};

struct ds_instance {
	char *file;
	uint64_t addr;			/* 0 when DWARF had no low_pc */
	char *location;			/* "virt/kvm/kvm_main.c:2177" */
	char *inline_;			/* "False", "True", ... as printed */
	char **inline_callers;
	size_t n_inline_callers;
	char **direct_callers;
	size_t n_direct_callers;
};

struct ds_row {
	char *group;			/* "Regular", "Arch", "Flavor" */
	char *label;			/* "5.4", "arm64", "aws", ... */
	unsigned int status;		/* enum ds_status bits */
	bool details;			/* <details> block (else one line) */
	char *prototype;		/* NULL when the page has none */
	char *collision;		/* "Unique Global", ...; NULL if none */
	char *inline_;			/* "No", "Selective", "Full"; or NULL */
	char *transformation;		/* "True", "False"; or NULL */
	struct ds_instance *instances;
	size_t n_instances;
	struct ds_symbol *symbols;
	size_t n_symbols;
	/*
	 * Added for the round trip: the STATUS text exactly as printed
	 * ("Full Inline, Duplicate ⚠️"), kept only when it differs from the
	 * canonical rendering of status; NULL otherwise.  The writer prints it
	 * only while it still encodes the same bits as status.
	 */
	char *status_text;
};

/* One item of a "Changed between A and B" block. */
struct ds_change {
	char *kind;			/* "Param added", "Return type changed" */
	char *text;			/* the rest of the item, as printed */
};

struct ds_diff {
	char *group;
	char *from;
	char *to;
	bool changed;
	struct ds_change *changes;
	size_t n_changes;
};

/*
 * Added for the round trip: a <b>NAME</b> <ul> group of a section and how many
 * consecutive rows (or diffs) it holds.  Keeps empty groups and group order.
 */
struct ds_page_group {
	char *name;
	size_t n;
};

struct ds_page {
	char *name;			/* the function name */
	struct ds_row *rows;
	size_t n_rows;
	struct ds_diff *diffs;
	size_t n_diffs;
	/* implementation may add fields it needs for a lossless round trip */
	/*
	 * Added: the groups of "## Status" (over rows) and "## Differences"
	 * (over diffs), in page order.  The writer uses them while their
	 * counts add up to n_rows / n_diffs and their names match the rows'
	 * (diffs') group; otherwise (e.g. a page built by hand without them) it
	 * groups consecutive rows / diffs of the same group name.
	 */
	struct ds_page_group *row_groups;
	size_t n_row_groups;
	struct ds_page_group *diff_groups;
	size_t n_diff_groups;
	/*
	 * Added: the block a parsed page's strings are carved from (NULL for
	 * a page built by hand); a string outside it is its own allocation.
	 */
	char *strings;
	size_t strings_size;
};

/*
 * Parse one page.  Returns 0, or -errno / -EINVAL with a message naming the
 * file and line in err.
 */
int ds_page_parse_file(const char *path, struct ds_page **out,
		       char *err, size_t errlen);
int ds_page_parse_buf(const char *buf, size_t len, const char *what,
		      struct ds_page **out, char *err, size_t errlen);
void ds_page_free(struct ds_page *page);

/* Render to Markdown.  extra (may be NULL) is appended as its own group. */
int ds_page_write(FILE *f, const struct ds_page *page,
		  const struct ds_row *extra, size_t n_extra);

/* "Absent, Full Inline" for a status mask; "ok" for 0. */
const char *ds_status_words(unsigned int status, char *buf, size_t len);
/* The i-th status word in canonical order and its bit; NULL past the end. */
const char *ds_status_word(size_t i, unsigned int *bit);

/*
 * Added: parse STATUS as printed on a page ("✅", "Absent ⚠️",
 * "Duplicate, Full Inline ⚠️") into *status.  Returns 0 or -EINVAL (unknown
 * or repeated word, missing mark).
 */
int ds_status_parse(const char *text, unsigned int *status);

/* The row of group/label, or NULL.  A NULL group matches any group. */
const struct ds_row *ds_page_row(const struct ds_page *page,
				 const char *group, const char *label);

#endif
