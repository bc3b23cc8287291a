// SPDX-License-Identifier: GPL-2.0
/*
 * Freeing the plain rows the verdict reads (struct off_row): what
 * store_query() read into them and what off_rows_resolve() added.  Apart
 * from store.c, so that the verdict frees rows without linking the store.
 */
#include <stdlib.h>
#include <string.h>

#include "offline.h"

const char *const off_source_names[OFF_SRC__COUNT] = {
	[OFF_SRC_UNKNOWN] = "unknown",
	[OFF_SRC_PAGE] = PAGE_SOURCE,
	[OFF_SRC_DATASET] = "depsurf-dataset",
	[OFF_SRC_VMLINUX] = "vmlinux",
	[OFF_SRC_SYSMAP] = "system.map",
	[OFF_SRC_DWARF] = "dwarf",
};

enum off_source off_source_of(const char *source)
{
	int i;

	for (i = OFF_SRC_UNKNOWN + 1; source && i < OFF_SRC__COUNT; i++)
		if (!strcmp(source, off_source_names[i]))
			return i;
	return OFF_SRC_UNKNOWN;
}

enum off_source off_row_source(const struct off_row *r)
{
	return off_source_of(r->source);
}

/* The strings of n symbols (not the array). */
void off_syms_free(struct off_sym *syms, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(syms[i].name);
		free(syms[i].suffix);
	}
}

/* What off_rows_resolve() (row_facts.c) read into a row. */
static void off_row_facts_free(struct off_row *r)
{
	size_t i, j;

	for (i = 0; i < r->n_config; i++) {
		free(r->config[i].key);
		free(r->config[i].value);
	}
	free(r->config);
	for (i = 0; i < r->n_insts; i++) {
		struct ds_instance *in = &r->insts[i];

		free(in->file);
		free(in->location);
		free(in->inline_);
		for (j = 0; j < in->n_inline_callers; j++)
			free(in->inline_callers[j]);
		for (j = 0; j < in->n_direct_callers; j++)
			free(in->direct_callers[j]);
		free(in->inline_callers);
		free(in->direct_callers);
	}
	free(r->insts);
}

void off_rows_free(struct off_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct off_row *r = &rows[i];

		off_syms_free(r->syms, r->n_syms);
		free(r->syms);
		free(r->source);
		free(r->path);
		free(r->grp);
		free(r->label);
		free(r->release);
		free(r->version);
		free(r->arch);
		free(r->flavor);
		free(r->gnu_build_id);
		free(r->collision);
		free(r->inline_);
		free(r->transformation);
		free(r->prototype);
		off_row_facts_free(r);
	}
	free(rows);
}
