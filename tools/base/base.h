/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat base: what every layer of the tool uses (the lowest layer).
 *
 * common.c: errors, memory, strings, files; release.c: kernel release
 * strings and architecture names; clone.c: the clone grammar and the name
 * tables of include/ksymstat/rules.h.  The layers above, each a folder with
 * one header: live/ and offline/ read the two sides, verdict/ compares
 * them, out/ prints, cmd/ are the commands, main.c dispatches.
 */
#ifndef KSYMSTAT_BASE_H
#define KSYMSTAT_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler.h"
#include "findings.h"
#include "../../include/ksymstat/version.h"
#include <errno.h>
#include <ksymstat/rules.h>

#define KS_ERRLEN		512

/* Exit codes of every subcommand. */
enum {
	KS_EXIT_OK		= 0,	/* everything agrees */
	KS_EXIT_MISMATCH	= 1,	/* mismatch, or a target not probe-able */
	KS_EXIT_ERROR		= 2,	/* usage or system error */
};

/*
 * The global options, parsed once by main.c before or after the command
 * (bpftool's rule) and handed to every command: nothing global is mutable.
 */
struct ks_ctx {
	const char *prog;
	bool json;			/* -j/--json, or -p */
	bool pretty;			/* -p/--pretty: indented JSON */
	const char *db;			/* --db FILE, for the commands with a store */
};

/* common.c */
__printf(2, 3) void p_err(const struct ks_ctx *ctx, const char *fmt, ...);
int ks_json_flags(const struct ks_ctx *ctx);
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
const char *optional_path(int argc, char **argv, int *optind_p);
int parse_u64(const char *s, int base, uint64_t *out);
int input_check(const char *opt, const char *path, bool dir_ok, char *err,
		size_t errlen);
bool str_ends_with(const char *s, const char *suffix);
char *next_line(char *buf, size_t len, size_t *pos, bool *nul);
void json_fputs(FILE *f, const char *doc);

/* GNU build-ids as lowercase hex (KS_BUILD_ID_HEX bytes with the NUL) */
#define KS_BUILD_ID_MAX		64	/* bytes of the note's desc */
#define KS_BUILD_ID_HEX		(2 * KS_BUILD_ID_MAX + 1)
bool build_id_valid(const char *s);	/* release.c */

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
/* "6.12" after "6.1": numeric by component; NULL as "" */
int version_cmp(const char *a, const char *b);
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
const char *coll_name(enum ks_coll coll);
enum ks_coll coll_parse(const char *s);
enum ks_coll coll_from_depsurf(const char *s);
const char *coll_to_depsurf(enum ks_coll coll);
bool coll_compatible(enum ks_coll live, enum ks_coll off);

/* Known, known not, or not known. */
enum ks_tri {
	KS_UNKNOWN = -1,
	KS_NO = 0,
	KS_YES = 1,
};

/*
 * The long options' codes of every command (getopt returns them; the live
 * ones are read by live_opt(), the build ones by elf_opt()).
 */
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

#endif
