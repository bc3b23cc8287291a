// SPDX-License-Identifier: GPL-2.0
/*
 * `ksymstat import` of an ELF file with DWARF: the rows DepSurf would
 * compute for that build (dwarf_scan.c) into the store, as the build
 * "dwarf:RELEASE:ARCH" with one func record per function name, its
 * symbols (func_sym) and its DWARF entries (func_inst).  A module .ko
 * given after a vmlinux joins that vmlinux's build.  docs/dwarf.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "offline.h"

/* The DWARF build of the last vmlinux imported in this process. */
static long long last_build = -1;
static const struct ks_store *last_store;

static bool elf_is_rel(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	GElf_Ehdr eh;
	Elf *elf;
	bool rel = false;

	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && gelf_getehdr(elf, &eh))
		rel = eh.e_type == ET_REL;
	elf_end(elf);
	close(fd);
	return rel;
}

static char *join_callers(const struct dw_caller *c, size_t n)
{
	size_t len = 1, i, o = 0;
	char *s;

	if (!n)
		return NULL;
	for (i = 0; i < n; i++)
		len += strlen(c[i].file) + strlen(c[i].name) + 2;
	s = xcalloc(1, len);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, len - o, "%s%s:%s",
				      i ? "\n" : "", c[i].file, c[i].name);
	return s;
}

/* DepSurf's words for the Collision and Inline of a row. */
static const char *const collision_words[DW_COLLISION__COUNT] = {
	[DW_UNIQUE_GLOBAL]	= "Unique Global",
	[DW_UNIQUE_STATIC]	= "Unique Static",
	[DW_STATIC_DUPLICATION]	= "Static Duplication",
	[DW_STATIC_STATIC]	= "Static-Static Collision",
	[DW_STATIC_GLOBAL]	= "Static-Global Collision",
};

static const char *const inline_words[DW_INLINE__COUNT] = {
	[DW_INLINE_NO]		= "No",
	[DW_INLINE_SELECTIVE]	= "Selective",
	[DW_INLINE_FULL]	= "Full",
};

static int store_group(struct ks_store *st, long long build_id,
		       const struct dw_group *g, struct import_stats *stats,
		       char *err, size_t errlen)
{
	long long fid;
	size_t k;
	int ret;

	ret = store_func_add(st, build_id, g->name, g->status,
			     collision_words[g->collision],
			     inline_words[g->inline_],
			     g->transformation ? "True" : "False",
			     g->proto, &fid, err, errlen);
	for (k = 0; !ret && k < g->n_syms; k++) {
		ret = store_func_sym_add(st, fid, g->syms[k].name,
					 g->syms[k].start, true,
					 g->syms[k].size,
					 ks_bind_of_elf(g->syms[k].bind), err,
					 errlen);
		stats->syms++;
	}
	for (k = 0; !ret && k < g->n_entries; k++) {
		const struct dw_entry *e = g->entries[k];
		char *inl = join_callers(e->inl, e->n_inl);
		char *dir = join_callers(e->dir, e->n_dir);

		ret = store_inst_add(st, fid, (int)k, e->file, e->addr,
				     e->loc, dw_inline_actual(e->inline_) ?
				     "True" : "False", e->external, inl, dir,
				     e->proto, err, errlen);
		free(inl);
		free(dir);
	}
	stats->funcs++;
	return ret;
}

int dwarf_import(struct ks_store *st, const char *path,
		 const struct elf_opts *eo, struct import_stats *stats,
		 char *err, size_t errlen)
{
	struct dw_result *r;
	char release[256];
	bool ko = elf_is_rel(path);
	long long build_id;
	size_t i;
	int ret;

	stats->kind = ko ? "dwarf-module" : "dwarf";
	if (ko && (last_build < 0 || last_store != st)) {
		snprintf(err, errlen,
			 "%s: a module's DWARF joins a vmlinux's: give the -dbg vmlinux first",
			 path);
		return -EINVAL;
	}
	ret = ko ? dw_scan_module(path, &r, err, errlen) :
		   dw_scan(path, 0, &r, err, errlen);
	if (ret)
		return ret;
	if (ko) {
		build_id = last_build;
	} else {
		release_from_path(path, "vmlinux-", release, sizeof(release));
		ret = symtab_build(st, off_source_names[OFF_SRC_DWARF], path, eo, release,
				   arch_from_elf_machine(dw_elf_machine(r)),
				   &build_id, err, errlen);
		if (ret)
			goto out;
		stats->builds++;
		last_build = build_id;
		last_store = st;
	}
	for (i = 0; !ret && i < dw_ngroups(r); i++) {
		const struct dw_group *g = dw_group_at(r, i);

		/* a module function named like a vmlinux one: vmlinux's row */
		if (ko && store_func_exists(st, build_id, g->name)) {
			stats->skipped++;
			continue;
		}
		ret = store_group(st, build_id, g, stats, err, errlen);
	}
out:
	dw_free(r);
	return ret;
}

/* Import the symbol table (elfsyms.c) and, with DWARF, the rows. */
int elf_dwarf_import(struct ks_store *st, const char *path,
		     const struct elf_opts *eo, struct import_stats *stats,
		     char *err, size_t errlen)
{
	struct import_stats ds = { 0 };
	int ret;

	if (!dw_has_debug_info(path))
		return elf_import(st, path, eo, stats, err, errlen);
	if (!elf_is_rel(path)) {
		ret = elf_import(st, path, eo, stats, err, errlen);
		if (ret)
			return ret;
	}
	ret = dwarf_import(st, path, eo, &ds, err, errlen);
	if (ret)
		return ret;
	stats->kind = ds.kind;
	stats->builds += ds.builds;
	stats->funcs += ds.funcs;
	stats->skipped += ds.skipped;
	if (!stats->syms)
		stats->syms = ds.syms;
	return 0;
}
