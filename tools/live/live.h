/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat live: the running kernel's side.  report.c reads the module's
 * report (docs/report-format.md) into a struct ks_report;
 * kallsyms_fallback.c makes one from /proc/kallsyms when the module is not
 * loaded; bpf_live.c indexes a report's per-client verdicts by name for
 * check --bpf.
 */
#ifndef KSYMSTAT_LIVE_H
#define KSYMSTAT_LIVE_H

#include "../base/base.h"

#define KS_REPORT_VERSION	3	/* the newest report format read */
#define KS_REPORT_VERSION_MIN	1
#define KS_DEFAULT_REPORT	"/sys/kernel/debug/ksymstat"

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

/* A version 3 "module" line: a module owning a reported symbol. */
struct ks_module_id {
	char *name;
	char *build_id;			/* NULL: none */
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
	/* version 3: GNU build-ids, lowercase hex; NULL: none or not said */
	char *build_id;
	struct ks_module_id *mods;	/* the module lines, sorted by name */
	size_t n_mods;
	struct ks_target *targets;
	size_t n_targets;
};

/* live.c: where the live side is read from (LIVE_LONGOPTS) */
struct live_opts {
	const char *live;		/* --live FILE */
	bool kallsyms;			/* --kallsyms given */
	const char *kallsyms_path;
	const char *filter_path;	/* --filter-functions */
	const char *release;		/* --live-release */
	const char *machine;		/* --live-arch */
};

#define LIVE_LONGOPTS \
	{ "live", required_argument, NULL, OPT_LIVE }, \
	{ "kallsyms", optional_argument, NULL, OPT_KALLSYMS }, \
	{ "filter-functions", optional_argument, NULL, OPT_FILTER }, \
	{ "live-release", required_argument, NULL, OPT_LIVE_RELEASE }, \
	{ "live-arch", required_argument, NULL, OPT_LIVE_ARCH }

/* live.c */
bool live_opt(int opt, const char *arg, struct live_opts *o, int argc,
	      char **argv, int *optind_p);
int live_load(const struct live_opts *opts, char **names, size_t n_names,
	      struct ks_report **out, char *err, size_t errlen);

/* report.c: the module's report */
int report_parse_file(const char *path, struct ks_report **out,
		      char *err, size_t errlen);
void report_free(struct ks_report *rep);
void report_target_free(struct ks_target *t);
const struct ks_target *report_target(const struct ks_report *rep,
				      const char *name);

/* report.c: a report held in memory (what names it in messages) */
int report_parse_buf(const char *buf, size_t len, const char *what,
		     struct ks_report **out, char *err, size_t errlen);

/* kallsyms_fallback.c */
int kallsyms_report(const struct live_opts *opts, char **names,
		    size_t n_names, struct ks_report **out,
		    char *err, size_t errlen);


/* One client verdict, as the report's CLIENT=... field gives it. */
struct bpf_client_v {
	int verdict;		/* enum ks_verdict */
	char reason[32];	/* a ks_reason_names entry, "" when none */
	char err[24];		/* errno name, "" when none */
	bool has_why;		/* no field: why tells why it is unknown */
	enum ks_fcode why;	/* KF_BPF_NO_REPORT, ... */
};

/* bpf_live.c: per-client verdicts by name, report versions 1 and 2 */
struct bpf_live;
int bpf_live_open(const char *path, bool given, struct bpf_live **out,
		  char *err, size_t errlen);
void bpf_live_free(struct bpf_live *l);
unsigned int bpf_live_version(const struct bpf_live *l);
const char *bpf_live_release(const struct bpf_live *l);
const char *bpf_live_arch(const struct bpf_live *l);
void bpf_live_verdict(const struct bpf_live *l, const char *name,
		      int client, struct bpf_client_v *out);
int bpf_live_clones(const struct bpf_live *l, const char *name);
const char *bpf_client_name(int client);
const char *bpf_verdict_name(int verdict);
int bpf_client_id(const char *name);

#endif
