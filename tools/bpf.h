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

#include "compiler.h"

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

/* One client verdict, as the report's CLIENT=... field gives it. */
struct bpf_client_v {
	int verdict;		/* enum ks_verdict */
	char reason[32];	/* a ks_reason_names entry, "" when none */
	char err[24];		/* errno name, "" when none */
	const char *why;	/* when no field: why it is unknown */
};

/* One kernel function a hook needs, with its client's verdict. */
struct bpf_func {
	char *name;
	struct bpf_client_v v;
	int client;		/* enum ks_client */
	enum bpf_sev sev;
	char **offline;		/* offline findings, words chosen here */
	enum bpf_sev *offline_sev;
	size_t n_offline;
};

struct bpf_finding {
	enum bpf_sev sev;
	char *hook;		/* what it is about: a function, event, field */
	char *text;
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
	char *detail;		/* what is missing or incompatible */
	const char *btf;	/* another build's BTF (--btf again), or NULL */
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
void bpf_prog_add_finding(struct bpf_prog *p, enum bpf_sev sev,
			  const char *hook, const char *fmt, ...)
	__printf(4, 5);

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

/* bpf_core.c */
int bpf_core_check(struct bpf_object_ks *o, const unsigned char *img,
		   size_t len, const struct btf *target, char *err,
		   size_t errlen);

/* bpf_check.c */
const char *bpf_sev_name(enum bpf_sev s);
const char *bpf_status_words(enum bpf_sev s);
const char *bpf_kind_name(enum bpf_hook_kind k);
const char *syscall_prefix(const char *arch);

/* bpf_btf_kernel.c: refuse a --btf of another arch or release (-EINVAL) */
int bpf_btf_same_kernel(const char *path, const struct btf *btf,
			const char *arch, const char *release, char *err,
			size_t errlen);

/* bpf_out.c */
void bpf_out_text(FILE *f, const struct bpf_run *run);
void bpf_out_json(FILE *f, const struct bpf_run *run, int flags);
void bpf_out_markdown(FILE *f, const struct bpf_run *run);
char *bpf_prog_summary(const struct bpf_prog *p);
char *bpf_obj_summary(const struct bpf_object_ks *o);

#endif
