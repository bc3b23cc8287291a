/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat out: the printers.  out_text.c, out_json.c and out_markdown.c
 * render a report, an import and a verdict; bpf_out.c a check --bpf run.
 */
#ifndef KSYMSTAT_OUT_H
#define KSYMSTAT_OUT_H

#include "../verdict/verdict.h"
#include "../fleet/matrix.h"

/* out_text.c, out_json.c, out_markdown.c */
void text_show(FILE *f, const struct ks_report *rep);
void text_check(FILE *f, const struct verdict *v, bool verbose);
void text_import(FILE *f, const char *db, const char *path,
		 const struct import_stats *s);
struct json_object;
struct json_object *json_findings(const struct ks_findings *l);
void json_show(FILE *f, const struct ks_report *rep, int flags);
void json_check(FILE *f, const struct verdict *v, int flags);
void json_import(FILE *f, const char *db, const char **paths,
		 const struct import_stats *stats, size_t n, int flags);
int markdown_check(FILE *f, const struct verdict *v, struct ks_store **stores,
		   size_t n_stores, char *err, size_t errlen);

/* bpf_out.c: the names and the words of check --bpf */
const char *bpf_sev_name(enum bpf_sev s);
const char *bpf_status_words(enum bpf_sev s);
const char *bpf_kind_name(enum bpf_hook_kind k);
void bpf_out_text(FILE *f, const struct bpf_run *run);
void bpf_out_json(FILE *f, const struct bpf_run *run, int flags);
void bpf_out_markdown(FILE *f, const struct bpf_run *run);
char *bpf_prog_summary(const struct bpf_prog *p);
char *bpf_obj_summary(const struct bpf_object_ks *o);

/* fleet_out.c: what push or import stored */
void fleet_print_stored(const struct ks_ctx *ctx,
			const struct fleet_stored *res);

#endif
