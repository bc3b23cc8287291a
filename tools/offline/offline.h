/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat offline: the facts of kernel builds from files, kept in a SQLite
 * store.  store.c is the store; pages.c and dataset.c import DepSurf's
 * pages (depsurf_page.c parses them) and dataset; elfsyms.c, sysmap.c and
 * kconfig.c an ELF's symbols, a System.map and a config; dwarf_scan.c and
 * dwarf_import.c the DWARF of a vmlinux or module.  store_query() gives
 * struct off_row lists, which the verdict reads.
 */
#ifndef KSYMSTAT_OFFLINE_H
#define KSYMSTAT_OFFLINE_H

#include "../base/base.h"
#include "depsurf_page.h"
#include "dwarf_scan.h"
#include "debuginfo.h"

/*
 * The store's PRAGMA user_version; 2: sym.extent; 3: func_inst; 4: a page
 * is one row, its rows read from its text; 5: build.gnu_build_id.
 */
#define KS_STORE_SCHEMA		5

/* store.c: the offline SQLite store */
struct ks_store;

struct store_build {
	const char *key;
	const char *source;
	const char *path;
	const char *grp;
	const char *label;
	const char *release;
	const char *version;
	const char *arch;
	const char *flavor;
	const char *gnu_build_id;	/* of the file imported, NULL: none */
	bool complete;
};

struct off_sym {
	char *name;
	char *suffix;
	uint64_t addr;			/* 0: unknown */
	bool size_known;
	uint64_t size;
	enum ks_bind bind;
	char type;			/* System.map letter, or 0 */
	uint64_t extent;		/* to the next kallsyms-visible symbol; 0: unknown */
};

/* A build's config key and value (off_row.config, sorted by key). */
struct off_kv {
	char *key;
	char *value;
};

/*
 * One build's facts about a function, plain data: the verdict reads no
 * store (off_rows_resolve() fills config and insts).
 */
struct off_row {
	long long build_id;
	char *source;
	char *path;
	char *grp;
	char *label;
	char *release;
	char *version;
	char *arch;
	char *flavor;
	char *gnu_build_id;		/* NULL: none recorded */
	bool have_func;			/* a per-function record */
	unsigned int status;		/* enum ds_status bits */
	char *collision;
	char *inline_;
	char *transformation;
	char *prototype;
	bool present;
	bool has_config;
	struct off_sym *syms;
	size_t n_syms;
	struct off_kv *config;		/* has_config: the build's config */
	size_t n_config;
	struct ds_instance *insts;	/* a "dwarf" row: its DWARF entries */
	size_t n_insts;
};

int store_open(const char *path, bool readonly, struct ks_store **out,
	       char *err, size_t errlen);
void store_close(struct ks_store *st);
int store_begin(struct ks_store *st, char *err, size_t errlen);
int store_commit(struct ks_store *st, char *err, size_t errlen);
void store_rollback(struct ks_store *st);
int store_build_get(struct ks_store *st, const struct store_build *b,
		    bool reset, long long *id, char *err, size_t errlen);
int store_build_complete(struct ks_store *st, long long build_id,
			 char *err, size_t errlen);
int store_build_by_gnu_id(struct ks_store *st, const char *hex,
			  const char *source, long long *id, char **path,
			  char *err, size_t errlen);
int store_func_add(struct ks_store *st, long long build_id, const char *name,
		   unsigned int status, const char *collision,
		   const char *inline_, const char *transformation,
		   const char *prototype, long long *func_id,
		   char *err, size_t errlen);
int store_func_sym_add(struct ks_store *st, long long func_id,
		       const char *name, uint64_t addr, bool size_known,
		       uint64_t size, enum ks_bind bind,
		       char *err, size_t errlen);
int store_sym_add(struct ks_store *st, long long build_id, const char *name,
		  uint64_t addr, bool size_known, uint64_t size,
		  enum ks_bind bind, char type, uint64_t extent,
		  char *err, size_t errlen);
int store_config_add(struct ks_store *st, long long build_id,
		     const char *key, const char *value,
		     char *err, size_t errlen);
int store_page_add(struct ks_store *st, const char *name, const char *path,
		   const char *text, char *err, size_t errlen);
int store_page_get(struct ks_store *st, const char *name, char **text,
		   char **path);
int store_query(struct ks_store *st, const char *name, struct off_row **rows,
		size_t *n_rows, char *err, size_t errlen);
int store_config_all(struct ks_store *st, long long build_id,
		     struct off_kv **out, size_t *n_out, char *err,
		     size_t errlen);
/* row_facts.c: what the verdict reads of a row's build, read beforehand */
enum off_resolve {
	OFF_RESOLVE_CONFIG = 1 << 0,	/* the build's kernel config */
	OFF_RESOLVE_INSTS = 1 << 1,	/* a DWARF row's entries */
	OFF_RESOLVE_ALL = OFF_RESOLVE_CONFIG | OFF_RESOLVE_INSTS,
};
int off_rows_resolve(struct ks_store *st, const char *name,
		     struct off_row *rows, size_t n, unsigned int what,
		     char *err, size_t errlen);
bool off_config_get(const struct off_row *r, const char *key, char *buf,
		    size_t len);
/* off_row.c: freeing rows */
void off_syms_free(struct off_sym *syms, size_t n);
void off_rows_free(struct off_row *rows, size_t n);
/* bpf_rows.c: the rows of the functions bpf check's hooks need */
struct off_func_rows {
	char *name;
	struct off_row *rows;
	size_t n_rows;
};
struct off_funcs {
	struct off_func_rows *v;
	size_t n;
};
int off_funcs_read(struct ks_store *db, const char *const *pages,
		   size_t n_pages, const char *const *names, size_t n_names,
		   struct off_funcs *out, char *err, size_t errlen);
const struct off_func_rows *off_funcs_get(const struct off_funcs *fs,
					  const char *name);
void off_funcs_free(struct off_funcs *fs);
/* DWARF entries (func_inst): docs/dwarf.md */
struct ds_instance;
int store_inst_add(struct ks_store *st, long long func_id, int seq,
		   const char *file, uint64_t addr, const char *location,
		   const char *inline_, bool external,
		   const char *inline_callers, const char *direct_callers,
		   const char *prototype, char *err, size_t errlen);
int store_insts(struct ks_store *st, long long build_id, const char *name,
		struct ds_instance **out, size_t *n_out, char *err,
		size_t errlen);
bool store_func_exists(struct ks_store *st, long long build_id,
		       const char *name);
/*
 * dwarf_rows.c: the rows of name in every DWARF build (collect: also the
 * off_rows behind them, in the page's order)
 */
struct ds_row;
size_t dwarf_page_rows(struct ks_store *st, const char *name,
		       struct ds_row **rows);
size_t dwarf_rows_collect(struct ks_store *st, const char *name,
			  struct ds_row **rows, struct off_row **offs,
			  size_t *n_offs, const struct off_row ***order);
/* Importers, one per data format.  Where a page import's time goes: */
enum import_phase {
	IMPORT_READ,
	IMPORT_PARSE,
	IMPORT_STORE,
	IMPORT_PHASES,
};

struct import_stats {
	const char *kind;
	unsigned long builds;
	unsigned long pages;
	unsigned long funcs;
	unsigned long syms;
	unsigned long config;
	unsigned long skipped;
	uint64_t ns[IMPORT_PHASES];	/* KSYMSTAT_TIMING=1 prints them */
};

struct elf_opts {
	const char *release;
	const char *arch;
	const char *flavor;
	const char *config;
};

int pages_import(struct ks_store *st, const char *path,
		 struct import_stats *stats, char *err, size_t errlen);
int page_import_file(struct ks_store *st, const char *path,
		     struct import_stats *stats, char *err, size_t errlen);
int page_find(const char *dir, const char *name, char *buf, size_t len);
/* A page's rows are read from its text (store.c, schema 4) */
#define PAGE_SOURCE	"depsurf-page"
/*
 * Where an offline build came from: the store's build.source, named once
 * here (off_source_names) for the importers that write it and the code
 * that decides by it.
 */
enum off_source {
	OFF_SRC_UNKNOWN,		/* NULL or a name of no importer */
	OFF_SRC_PAGE,			/* a DepSurf function page's row */
	OFF_SRC_DATASET,		/* a DepSurf dataset file */
	OFF_SRC_VMLINUX,		/* a vmlinux ELF symbol table */
	OFF_SRC_SYSMAP,			/* a System.map */
	OFF_SRC_DWARF,			/* a vmlinux's DWARF (dwarf_import.c) */
	OFF_SRC__COUNT
};
extern const char *const off_source_names[OFF_SRC__COUNT];
enum off_source off_source_of(const char *source);
/* the row's build source */
enum off_source off_row_source(const struct off_row *r);
struct ds_page;
struct ds_row;
void row_key(const struct ds_row *row, char *key, size_t len);
const struct ds_row *page_row_of(const struct ds_page *page, const char *key);
void page_row_fill(const struct ds_row *row, struct off_row *r, size_t *cap);
int dataset_import(struct ks_store *st, const char *path,
		   struct import_stats *stats, char *err, size_t errlen);
int elf_import(struct ks_store *st, const char *path,
	       const struct elf_opts *opts, struct import_stats *stats,
	       char *err, size_t errlen);
/* dwarf_import.c: an ELF with DWARF gives its symtab and DepSurf's rows */
int dwarf_import(struct ks_store *st, const char *path,
		 const struct elf_opts *eo, struct import_stats *stats,
		 char *err, size_t errlen);
int elf_dwarf_import(struct ks_store *st, const char *path,
		     const struct elf_opts *eo, struct import_stats *stats,
		     char *err, size_t errlen);
int kconfig_import(struct ks_store *st, long long build_id, const char *path,
		   struct import_stats *stats, char *err, size_t errlen);
int sysmap_import(struct ks_store *st, const char *path,
		  const struct elf_opts *opts, struct import_stats *stats,
		  char *err, size_t errlen);
int symtab_build(struct ks_store *st, const char *source, const char *path,
		 const struct elf_opts *opts, const char *guess_release,
		 const char *guess_arch, long long *id, char *err,
		 size_t errlen);
int symtab_config(struct ks_store *st, long long build_id,
		  const struct elf_opts *opts, const char *guess_release,
		  struct import_stats *stats, char *err, size_t errlen);
bool is_elf_file(const char *path);

/* buildid.c: an ELF file's GNU build-id as lowercase hex */
int elf_build_id(const char *path, char *hex);	/* -ENODATA: none */
bool is_sysmap_file(const char *path);
void release_from_path(const char *path, const char *prefix, char *buf,
		       size_t len);

int import_source(struct ks_store *st, const char *path, const char *hint,
		  const struct elf_opts *eo, struct import_stats *stats,
		  char *err, size_t errlen);
bool elf_opt(int opt, const char *arg, struct elf_opts *eo);

#endif
