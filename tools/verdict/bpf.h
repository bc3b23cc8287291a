/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat check --bpf: the hooks of a BPF object (or of every BPF object a
 * binary embeds as a libbpf skeleton), each with the verdict of the client
 * that attaches it, tracepoints, offline findings and CO-RE relocations.
 *
 * bpf_obj.c reads the file and names every hook from its SEC; bpf_live.c
 * reads the per-client verdicts of the live report; bpf_core.c checks CO-RE
 * relocations against a kernel BTF; bpf_check.c joins them into a status
 * per program and per object; bpf_out.c prints text, JSON and markdown.
 * docs/bpf.md describes the rules.
 */
#ifndef KSYMSTAT_BPF_H
#define KSYMSTAT_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../live/live.h"

struct btf;
struct ks_ctx;

/* How a SEC family attaches (docs/bpf.md has the table). */
enum bpf_hook_kind {
	BH_KPROBE,		/* kprobe, kretprobe, ksyscall: kprobe_event */
	BH_FENTRY,		/* fentry, fexit, fmod_ret, lsm: fentry */
	BH_MULTI,		/* kprobe.multi: kprobe_multi, per name */
	BH_TRACEPOINT,		/* tp, tracepoint: category:name */
	BH_RAW_TP,		/* raw_tp, tp_btf: tracepoint name */
	BH_RUNTIME,		/* the target is set at run time */
	BH_NOT_CHECKED,		/* any other program type */
};

/* How bad a finding is; a program's status is its worst finding. */
enum bpf_sev {
	BS_OK,			/* runs */
	BS_NOTE,		/* worth knowing, does not change the status */
	BS_DEGRADED,		/* runs, but misses events */
	BS_UNKNOWN,		/* cannot tell */
	BS_FAIL,		/* fails to load or attach */
};

/* One kernel function a hook needs, with its client's verdict. */
struct bpf_func {
	char *name;
	struct bpf_client_v v;
	int client;		/* enum ks_client */
	enum bpf_sev sev;
	struct ks_findings offline;	/* offline rows and kernel BTF */
	enum bpf_sev *offline_sev;	/* one per offline finding */
};

struct bpf_finding {
	enum bpf_sev sev;
	char *hook;		/* what it is about: a function, event, field */
	struct ks_finding what;	/* KF_BPF_* */
};

struct bpf_prog {
	char *name;
	char *sec;
	const char *family;	/* SEC family: "kprobe", "fentry", ... */
	enum bpf_hook_kind kind;
	char *target;		/* function, glob, category/name, hook */
	bool has_offset;
	unsigned long offset;
	bool sleepable;
	struct bpf_func *funcs;	/* functions checked (a glob: each match) */
	size_t n_funcs;
	struct bpf_finding *findings;
	size_t n_findings;
	enum bpf_sev status;
	/* ELF extent of the program, to place CO-RE relocations */
	int shndx;
	uint64_t insn_off;
	uint64_t insn_size;
};

/* One CO-RE relocation (.BTF.ext), and what the target BTF says. */
struct bpf_core_rel {
	char *prog;		/* program that holds it */
	char *type;		/* "struct task_struct" (local spelling) */
	char *access;		/* "pid", "se.vruntime", "TASK_RUNNING" */
	const char *kind;	/* "field_byte_offset", "enumval_exists", ... */
	bool guard;		/* an existence check (*_exists, type_matches) */
	enum bpf_sev sev;	/* BS_OK when found */
	struct ks_findings detail;	/* what is missing or incompatible */
	const char *btf;	/* another build's BTF (--btf again), or NULL */
	bool syscall_ctx;	/* found, but the syscall record differs */
};

struct bpf_object_ks {
	char *name;		/* the file, or FILE@0xOFFSET when embedded */
	uint64_t offset;	/* of the ELF image inside the file */
	uint64_t size;
	struct bpf_prog *progs;
	size_t n_progs;
	struct bpf_core_rel *core;
	size_t n_core;
	bool core_checked;
	enum bpf_sev status;
};

/* Everything a check run looks at, and its result. */
struct bpf_run {
	const char *file;
	unsigned char *buf;	/* the whole file */
	size_t len;
	bool embedded;		/* FILE is a binary embedding objects */
	struct bpf_object_ks *objs;
	size_t n_objs;
	/* sources */
	const char *report;	/* path of the live report, or NULL */
	unsigned int report_version;
	char *release;
	char *arch;		/* Debian name */
	const char *btf_path;
	const char **btf_others;	/* more --btf: CO-RE notes only */
	size_t n_btf_others;
	const char *events_path;
	const char *symbols_path;
	bool offline;		/* a store was given */
	enum bpf_sev status;
};

/* bpf_obj.c */
int bpf_read_file(const char *path, struct bpf_run *run, char *err,
		  size_t errlen);
void bpf_run_free(struct bpf_run *run);
int bpf_scan_embedded(const unsigned char *buf, size_t len,
		      uint64_t **offs, uint64_t **sizes, size_t *n);
void bpf_prog_add_func(struct bpf_prog *p, const char *name, int client);
/* After code, its arguments as findings_add() takes them. */
void bpf_prog_add_finding(struct bpf_prog *p, enum bpf_sev sev,
			  const char *hook, enum ks_fcode code, ...);

/* bpf_check.c: the inputs of a check, what check --bpf's options name */
#define MAX_PAGES	64
#define MAX_BTF		8

struct bpf_args {
	const char *file;
	const char *live;
	const char *db;
	const char *btf;
	const char *btf_others[MAX_BTF];
	size_t n_btf_others;
	const char *events;
	const char *symbols;
	const char *errinj;
	const char *pages[MAX_PAGES];
	size_t n_pages;
	bool targets;
	bool markdown;
};
struct bpf_sources;
struct off_funcs;
int bpf_check_open(const struct bpf_args *a, struct bpf_run *run,
		   struct bpf_sources **out, char *err, size_t errlen);
int bpf_check_verdict(const struct bpf_args *a, struct bpf_run *run,
		      struct bpf_sources *s, const struct off_funcs *rows,
		      char *err, size_t errlen);
void bpf_sources_free(struct bpf_sources *s);

/* bpf_core.c */
int bpf_core_check(struct bpf_object_ks *o, const unsigned char *img,
		   size_t len, const struct btf *target, char *err,
		   size_t errlen);

/* bpf_check.c */
const char *syscall_prefix(const char *arch);

/* bpf_btf_kernel.c: refuse a --btf of another arch or release (-EINVAL) */
int bpf_btf_same_kernel(const char *path, const struct btf *btf,
			const char *arch, const char *release, char *err,
			size_t errlen);

#endif
