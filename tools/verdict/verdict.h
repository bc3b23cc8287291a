/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat verdict: compares the live side with the offline rows.  merge.c
 * gives a struct verdict of checks and findings (findings.h);
 * btf_proto.c compares prototypes; bpf_obj.c, bpf_core.c and bpf_check.c
 * analyse BPF objects (bpf.h).
 */
#ifndef KSYMSTAT_VERDICT_H
#define KSYMSTAT_VERDICT_H

#include <linux/types.h>

#include "../live/live.h"
#include "../offline/offline.h"
#include "words.h"
#include "bpf.h"

/* bpf_obj.c: a libbpf error (errno or libbpf's own code) in words */
const char *libbpf_errstr(int err, char *buf, size_t len);
/* btf_proto.c: prototypes from BTF (libbpf), live findings */
struct btf *btf_open(const char *path, struct btf *base, char *err,
		     size_t errlen);
char *btf_func_proto(const struct btf *btf, __u32 id);
char *proto_by_name(const struct btf *btf, const char *name);
struct verdict;
void proto_findings(struct verdict *v);
/* the DWARF inlining of r's function (INLINED ..., NOT_INLINED) */
void inline_findings(struct ks_findings *fl, const char *name,
		     const struct off_row *r);
/* PROTOTYPE_CHANGE findings of old -> new_ (none: equal) */
void proto_changes(const char *name, const char *old, const char *new_,
		   struct ks_findings *out);
char *live_proto(const struct ks_report *rep, const struct ks_target *t,
		 char *from, size_t len);

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
	bool by_release;		/* same_build by release: no build-id pair */
	long *pair;			/* live sym i ~ row->syms[pair[i]] */
	struct row_check checks[CK_NR];
};

enum target_verdict {
	TV_CONFIRMED,
	TV_MISMATCH,
	TV_NOT_PROBEABLE,
	TV_PROBE_UNKNOWN,
};

struct target_result {
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
	struct target_result *targets;
	size_t n_targets;
	int client;			/* --client: enum ks_client, -1 all */
	bool offline_given;		/* --db or an offline source given */
	const struct debuginfo *debuginfo;	/* found by build-id, or NULL */
	int exit_code;
};

void merge(struct verdict *v);
bool row_same_build(const struct ks_report *rep, const struct kver *live,
		    const struct off_row *r, bool *by_release);
void row_title(const struct off_row *r, char *buf, size_t len);
void verdict_free(struct verdict *v);

/* off_cell.c: what one offline row proves for a client (by name) */
enum off_cell {
	OFFC_ABSENT,			/* no symbol, or fully inlined */
	OFFC_DEGRADED,			/* a symbol; calls missed, changed */
	OFFC_PRESENT,			/* a symbol; attach is a live fact */
};

unsigned int off_row_version(const struct off_row *r);
const struct off_row *off_row_before(const struct off_row *rows, size_t n,
				     const struct off_row *r);
enum off_cell off_row_cell(const struct off_row *rows, size_t n,
			   const struct off_row *r, const char *name,
			   int client, struct ks_findings *why);
const char *check_kind_name(enum check_kind k);
const char *check_verdict_name(enum check_verdict v);
const char *row_match_name(enum row_match m);
const char *target_verdict_name(enum target_verdict v);

#endif
