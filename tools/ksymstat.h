/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat: shared types of the userspace tool.
 *
 * The live side (report.c, kallsyms_fallback.c) fills a struct ks_report;
 * the offline side (store.c and the importers) yields struct off_row lists;
 * merge.c compares them into a struct verdict that the three printers
 * (out_text.c, out_json.c, out_markdown.c) render.
 */
#ifndef KSYMSTAT_H
#define KSYMSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler.h"
#include "../include/ksymstat/version.h"
#include <errno.h>
#include <ksymstat/rules.h>
#include "findings.h"

#define KS_REPORT_VERSION	2	/* the newest report format read */
#define KS_REPORT_VERSION_MIN	1
/* the store's PRAGMA user_version; 2: sym.extent; 3: func_inst */
#define KS_STORE_SCHEMA		4
#define KS_DEFAULT_REPORT	"/sys/kernel/debug/ksymstat"
#define KS_ERRLEN		512

/* Exit codes of every subcommand. */
enum {
	KS_EXIT_OK		= 0,	/* everything agrees */
	KS_EXIT_MISMATCH	= 1,	/* mismatch, or a target not probe-able */
	KS_EXIT_ERROR		= 2,	/* usage or system error */
};

struct ks_ctx {
	const char *prog;
	bool json;
};

/* common.c */
__printf(2, 3) void p_err(const struct ks_ctx *ctx, const char *fmt, ...);
void ks_json_set_pretty(bool pretty);
int ks_json_flags(void);
void p_bad_option(const struct ks_ctx *ctx, const char *cmd,
		  const char *word);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
uint64_t now_ns(void);
uint64_t cpu_ns(void);

/* A growing NUL-terminated string (prototypes, BPF summaries). */
struct strbuf {
	char *s;
	size_t n, cap;
};

void strbuf_put(struct strbuf *b, const char *s);
__printf(2, 3) void strbuf_addf(struct strbuf *b, const char *fmt, ...);
bool strbuf_ends_star(const struct strbuf *b);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
__printf(1, 2) char *xasprintf(const char *fmt, ...);
void *array_grow(void *arr, size_t *cap, size_t n, size_t size);
int read_file(const char *path, char **buf, size_t *len);
int read_input(const char *path, char **buf, size_t *len, char *err,
	       size_t errlen);
bool argv_has(int argc, char **argv, const char *opt);
const char *optional_path(int argc, char **argv, int *optind_p);
int parse_u64(const char *s, int base, uint64_t *out);
int input_check(const char *opt, const char *path, bool dir_ok, char *err,
		size_t errlen);
bool str_ends_with(const char *s, const char *suffix);
char *next_line(char *buf, size_t len, size_t *pos, bool *nul);
void json_fputs(FILE *f, const char *doc);

/* release.c: kernel release strings and architecture names */
struct kver {
	char version[32];	/* "6.1" */
	char full[32];		/* "6.1.0" */
	char abi[32];		/* "56", "" if none */
	char flavor[64];	/* "cloud", "generic", "aws" */
	char arch[32];		/* Debian name: "arm64", "amd64", "" unknown */
};
const char *arch_normalise(const char *machine);
const char *arch_from_elf_machine(unsigned int e_machine);
bool kver_parse(const char *release, const char *arch, struct kver *out);
bool kver_same_build(const struct kver *a, const struct kver *b);
unsigned int func_align_default(const char *arch);

/*
 * clone.c: compiler-made clones and collision classes, over the one
 * definition in include/ksymstat/rules.h (enum ks_bind, ks_coll, ks_export).
 */
const char *clone_suffix(const char *name);
bool clone_of(const char *name, const char *base);
bool suffix_is_cold(const char *suffix);
const char *bind_name(enum ks_bind bind);
enum ks_bind bind_parse(const char *s);
enum ks_bind bind_from_type(char type);
const char *coll_name(enum ks_coll coll);
enum ks_coll coll_parse(const char *s);
enum ks_coll coll_from_depsurf(const char *s);
const char *coll_to_depsurf(enum ks_coll coll);
bool coll_compatible(enum ks_coll live, enum ks_coll off);

/* The live report (docs/report-format.md) in memory. */
enum ks_tri {
	KS_UNKNOWN = -1,
	KS_NO = 0,
	KS_YES = 1,
};

/*
 * What one client does (report format version 2): a field
 * attach.CLIENT=yes|no:ERRNO:REASON|unknown:REASON.
 */
struct ks_attach {
	bool known;			/* the report gave it */
	enum ks_verdict verdict;
	char err[24];			/* errno name ("EADDRNOTAVAIL"), "" */
	enum ks_reason reason;
};

struct ks_sym {
	char *name;
	char *suffix;			/* NULL: exact name */
	uint64_t addr;			/* 0: hidden */
	uint64_t size;
	bool size_known;
	char type;			/* kallsyms letter */
	enum ks_bind bind;
	char *owner;			/* "vmlinux" or module */
	unsigned int sympos;
	enum ks_tri ftrace;
	bool ftrace_addr_known;
	uint64_t ftrace_addr;		/* 0: none ("-") */
	enum ks_tri kprobe;
	bool kprobe_err_known;
	int kprobe_err;
	enum ks_export exported;
	/* version 2 */
	char *ftrace_name;		/* NULL: "-" or not reported */
	enum ks_tri blacklisted;
	struct ks_attach attach[KS_CLIENT__COUNT];
};

struct ks_target {
	char *name;
	bool present;
	unsigned int count;
	unsigned int clones;
	enum ks_coll collision;
	struct ks_sym *syms;
	size_t n_syms;
	/* version 2 */
	long long ftrace_sites;		/* -1: not reported */
	struct ks_attach attach[KS_CLIENT__COUNT];	/* by name */
};

/* Fields a report source could not know (kallsyms fallback). */
enum {
	KS_UNK_SIZE		= 1 << 0,
	KS_UNK_MODULE_BIND	= 1 << 1,
	KS_UNK_KPROBE		= 1 << 2,
	KS_UNK_EXPORTED		= 1 << 3,
	KS_UNK_FTRACE		= 1 << 4,
	KS_UNK_FTRACE_ADDR	= 1 << 5,
	KS_UNK_KASLR		= 1 << 6,
};

struct ks_report {
	char *path;
	const char *origin;		/* "module" or "kallsyms" */
	char *ftrace_path;		/* fallback: filter-functions file */
	unsigned int version;
	char *release;
	char *machine;			/* as the source printed it */
	const char *arch;		/* normalised, "" unknown */
	bool kaslr_known;
	uint64_t kaslr_offset;
	long long symbols;		/* -1: unknown */
	long long modules;
	long long walk_us;
	long long generation;
	bool addrs_visible;
	unsigned int unknown;		/* KS_UNK_* */
	/* version 2 header */
	enum ks_tri on_notrace;		/* CONFIG_KPROBE_EVENTS_ON_NOTRACE */
	enum ks_tri btf;
	enum ks_tri livepatch;
	char *ftrace_entry;		/* x86_fentry, arm64_bl, any */
	struct ks_target *targets;
	size_t n_targets;
};

/* report.c */
struct live_opts {
	const char *live;		/* --live FILE */
	bool kallsyms;			/* --kallsyms given */
	const char *kallsyms_path;
	const char *filter_path;	/* --filter-functions */
	const char *release;		/* --live-release */
	const char *machine;		/* --live-arch */
};

/* Options every subcommand reading the live side takes (report.c). */
enum {
	OPT_LIVE = 0x100,
	OPT_KALLSYMS,
	OPT_FILTER,
	OPT_LIVE_RELEASE,
	OPT_LIVE_ARCH,
	OPT_JSON,
	OPT_MARKDOWN,
	OPT_DB,
	OPT_PAGE,
	OPT_DATASET,
	OPT_VMLINUX,
	OPT_SYSMAP,
	OPT_CONFIG,
	OPT_RELEASE,
	OPT_ARCH,
	OPT_FLAVOR,
	OPT_CLIENT,
};

#define LIVE_LONGOPTS \
	{ "live", required_argument, NULL, OPT_LIVE }, \
	{ "kallsyms", optional_argument, NULL, OPT_KALLSYMS }, \
	{ "filter-functions", optional_argument, NULL, OPT_FILTER }, \
	{ "live-release", required_argument, NULL, OPT_LIVE_RELEASE }, \
	{ "live-arch", required_argument, NULL, OPT_LIVE_ARCH }

bool live_opt(int opt, const char *arg, struct live_opts *o, int argc,
	      char **argv, int *optind_p);
int live_load(const struct live_opts *opts, char **names, size_t n_names,
	      struct ks_report **out, char *err, size_t errlen);
/* a report already read: what names it in messages (the fleet's push) */
int report_parse_buf(const char *buf, size_t len, const char *what,
		     struct ks_report **out, char *err, size_t errlen);
void report_free(struct ks_report *rep);
void report_target_free(struct ks_target *t);
const struct ks_target *report_target(const struct ks_report *rep,
				      const char *name);

/* kallsyms_fallback.c */
int kallsyms_report(const struct live_opts *opts, char **names,
		    size_t n_names, struct ks_report **out,
		    char *err, size_t errlen);

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

struct off_row {
	struct ks_store *store;
	long long build_id;
	char *source;
	char *path;
	char *grp;
	char *label;
	char *release;
	char *version;
	char *arch;
	char *flavor;
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
bool store_config_get(struct ks_store *st, long long build_id,
		      const char *key, char *buf, size_t len);
void off_rows_free(struct off_row *rows, size_t n);
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
/* page_cmd.c: the rows of name in every DWARF build, and the command */
struct ds_row;
size_t dwarf_page_rows(struct ks_store *st, const char *name,
		       struct ds_row **rows);
int cmd_page(const struct ks_ctx *ctx, int argc, char **argv);
void usage_page(FILE *f);
/* bpf_obj.c: a libbpf error (errno or libbpf's own code) in words */
const char *libbpf_errstr(int err, char *buf, size_t len);
/* btf_proto.c: prototypes from BTF (libbpf), live findings */
int cmd_proto(const struct ks_ctx *ctx, int argc, char **argv);
void usage_proto(FILE *f);
struct verdict;
void proto_findings(struct verdict *v);
char *live_proto(const struct ks_report *rep, const struct ks_target *t,
		 char *from, size_t len);

/* Importers: one per data format. */
/* Where a page import's time goes. */
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
struct ds_page;
struct ds_row;
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
bool is_sysmap_file(const char *path);
void release_from_path(const char *path, const char *prefix, char *buf,
		       size_t len);

int import_source(struct ks_store *st, const char *path, const char *hint,
		  const struct elf_opts *eo, struct import_stats *stats,
		  char *err, size_t errlen);
bool elf_opt(int opt, const char *arg, struct elf_opts *eo);

/* merge.c: the verdict */
enum check_verdict {
	CV_NA,				/* not compared */
	CV_AGREE,
	CV_DIFFER,			/* other build: no fault */
	CV_EXPLAINED,			/* differs, known reason */
	CV_UNKNOWN,			/* cannot tell */
	CV_MISMATCH,			/* same build and they disagree */
};

enum row_match {
	RM_SAME_BUILD,
	RM_SAME_VERSION_ARCH,
	RM_SAME_ARCH,
	RM_SAME_VERSION,
	RM_OTHER,
};

enum check_kind {
	CK_PRESENCE,
	CK_BINDING,
	CK_SIZE,
	CK_ADDRESS,
	CK_COLLISION,
	CK_CLONES,
	CK_TRACE,
	CK_NR,
};

struct row_check {
	enum check_verdict verdict;
	struct ks_findings detail;	/* findings.h: rendered "a; b" */
};

struct row_verdict {
	const struct off_row *row;
	enum row_match match;
	long *pair;			/* live sym i ~ row->syms[pair[i]] */
	struct row_check checks[CK_NR];
};

enum target_verdict {
	TV_CONFIRMED,
	TV_MISMATCH,
	TV_NOT_PROBEABLE,
	TV_PROBE_UNKNOWN,
};

struct target_verdict_s {
	const struct ks_target *live;
	struct off_row *rows;
	size_t n_rows;
	struct row_verdict *rv;
	enum row_match best;		/* the closest match among rv */
	enum ks_tri probeable;
	struct ks_findings findings;	/* in the order recorded */
	unsigned int n_mismatch;
	enum target_verdict verdict;
};

struct verdict {
	const struct ks_report *rep;
	struct kver live;
	bool slide_known;
	uint64_t slide;
	bool slide_consistent;
	unsigned int slide_pairs;
	struct ks_findings slide_detail;	/* one SLIDE_* finding */
	struct target_verdict_s *targets;
	size_t n_targets;
	int client;			/* --client: enum ks_client, -1 all */
	bool offline_given;		/* --db or an offline source given */
	int exit_code;
};

void merge(struct verdict *v);
void row_title(const struct off_row *r, char *buf, size_t len);
void verdict_free(struct verdict *v);
const char *check_kind_name(enum check_kind k);
const char *check_verdict_name(enum check_verdict v);
const char *row_match_name(enum row_match m);
const char *target_verdict_name(enum target_verdict v);

/* out_text.c, out_json.c, out_markdown.c */
void text_show(FILE *f, const struct ks_report *rep);
void text_check(FILE *f, const struct verdict *v, bool verbose);
void text_import(FILE *f, const char *db, const char *path,
		 const struct import_stats *s);
void json_show(FILE *f, const struct ks_report *rep);
void json_check(FILE *f, const struct verdict *v);
void json_import(FILE *f, const char *db, const char **paths,
		 const struct import_stats *stats, size_t n);
/* [{"code", <arguments>..., "message"}] (the fleet's matrix too) */
struct json_object;
struct json_object *json_findings(const struct ks_findings *l);
int markdown_check(FILE *f, const struct verdict *v, struct ks_store **stores,
		   size_t n_stores, char *err, size_t errlen);

/* Subcommands */
int cmd_show(const struct ks_ctx *ctx, int argc, char **argv);
int cmd_import(const struct ks_ctx *ctx, int argc, char **argv);
int cmd_check(const struct ks_ctx *ctx, int argc, char **argv);
int cmd_rules(const struct ks_ctx *ctx, int argc, char **argv);
void usage_show(FILE *f);
void usage_import(FILE *f);
void usage_check(FILE *f);
void usage_rules(FILE *f);
void usage_check_bpf(FILE *f);
/*
 * Each command's long options, one table for getopt and for the command
 * table of main.c, which lists them (ksymstat complete: the bash
 * completion; tests/tool/cli.sh checks usage and man page against it).
 */
#include <getopt.h>
extern const struct option ks_show_opts[], ks_import_opts[], ks_check_opts[],
	ks_check_bpf_opts[], ks_page_opts[], ks_proto_opts[], ks_rules_opts[];

#endif
