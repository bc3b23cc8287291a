// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat check --bpf: text, JSON and markdown over one struct bpf_run.
 * The analysis (bpf_check.c, bpf_core.c) records codes; the names of its
 * enums and the words of every summary are chosen here, the words of its
 * findings in findings.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "out.h"

const char *bpf_sev_name(enum bpf_sev s)
{
	static const char *const n[] = {
		[BS_OK] = "ok", [BS_NOTE] = "note", [BS_DEGRADED] = "degraded",
		[BS_UNKNOWN] = "unknown", [BS_FAIL] = "fail",
	};

	return n[s];
}

const char *bpf_status_words(enum bpf_sev s)
{
	static const char *const n[] = {
		[BS_OK] = "runs on this host",
		[BS_NOTE] = "runs on this host",
		[BS_DEGRADED] = "runs degraded",
		[BS_UNKNOWN] = "cannot tell",
		[BS_FAIL] = "fails to load or attach",
	};

	return n[s];
}

const char *bpf_kind_name(enum bpf_hook_kind k)
{
	static const char *const n[] = {
		[BH_KPROBE] = "kprobe", [BH_FENTRY] = "fentry",
		[BH_MULTI] = "kprobe_multi", [BH_TRACEPOINT] = "tracepoint",
		[BH_RAW_TP] = "raw_tracepoint", [BH_RUNTIME] = "runtime",
		[BH_NOT_CHECKED] = "not_checked",
	};

	return n[k];
}

/* Why a client's verdict is unknown, in words (malloc'd), or NULL. */
static char *why_words(const struct bpf_client_v *v)
{
	struct ks_finding why = { .code = v->why };

	return v->has_why ? finding_message(&why) : NULL;
}

/* Add word to a ", "-separated list unless it is there already. */
static void sb_item(struct strbuf *b, const char *word)
{
	size_t wl = strlen(word);
	const char *p = b->s;

	while (p && (p = strstr(p, word))) {
		if ((p == b->s || p[-1] == ' ') &&
		    (p[wl] == '\0' || p[wl] == ','))
			return;
		p += wl;
	}
	strbuf_addf(b, "%s%s", b->n ? ", " : "", word);
}

/* The items of a program's status that is not ok: what fails, ... */
static void prog_items(struct strbuf *items, const struct bpf_prog *p)
{
	size_t i, j;

	for (i = 0; i < p->n_funcs; i++) {
		const struct bpf_func *f = &p->funcs[i];

		if (p->status == BS_FAIL && f->sev == BS_FAIL) {
			sb_item(items, f->name);
		} else if (p->status == BS_UNKNOWN && f->sev == BS_UNKNOWN &&
			   f->v.verdict != KS_VERDICT_YES) {
			char *why = why_words(&f->v);
			char *w = xasprintf("%s (%s)", f->name,
					    why ? why : f->v.reason);

			sb_item(items, w);
			free(w);
			free(why);
		} else if (p->status == BS_DEGRADED) {
			for (j = 0; j < f->offline.n; j++) {
				char *w;

				if (f->offline_sev[j] != BS_DEGRADED)
					continue;
				w = finding_message(&f->offline.v[j]);
				strbuf_addf(items, "%s%s: %s",
					    items->n ? "; " : "", f->name, w);
				free(w);
			}
		}
	}
	for (i = 0; i < p->n_findings; i++) {
		const struct bpf_finding *f = &p->findings[i];
		char *text;

		if (f->sev != p->status)
			continue;
		text = finding_message(&f->what);
		if (p->status == BS_DEGRADED)
			strbuf_addf(items, "%s%s", items->n ? "; " : "", text);
		else if (p->status == BS_UNKNOWN &&
			 f->what.code == KF_BPF_CORE_UNCHECKED)
			strbuf_addf(items, "%s%s", items->n ? ", " : "", text);
		else if (p->status == BS_UNKNOWN)
			strbuf_addf(items, "%s%s (%s)", items->n ? ", " : "",
				    f->hook, text);
		else
			sb_item(items, f->hook);
		free(text);
	}
}

/* The words for one program's status. */
char *bpf_prog_summary(const struct bpf_prog *p)
{
	struct strbuf b = { 0 }, items = { 0 };

	if (p->kind == BH_RUNTIME)
		return xasprintf("target set at run time (SEC(\"%s\")): not checked",
				 p->sec);
	if (p->kind == BH_NOT_CHECKED)
		return xasprintf("not checked (SEC \"%s\" is not a kernel function or tracepoint hook)",
				 p->sec);
	if (p->status == BS_OK)
		return xstrdup(bpf_status_words(BS_OK));
	prog_items(&items, p);
	strbuf_addf(&b, "%s: %s%s", bpf_status_words(p->status),
	       p->status == BS_FAIL ? "hooks " : "",
	       items.s ? items.s : "");
	free(items.s);
	return b.s;
}

char *bpf_obj_summary(const struct bpf_object_ks *o)
{
	struct strbuf b = { 0 }, items = { 0 };
	size_t i, j;

	if (o->status == BS_OK || o->status == BS_NOTE)
		return xstrdup(bpf_status_words(BS_OK));
	for (i = 0; i < o->n_progs; i++) {
		const struct bpf_prog *p = &o->progs[i];

		if (p->status != o->status)
			continue;
		if (o->status == BS_FAIL) {
			for (j = 0; j < p->n_funcs; j++)
				if (p->funcs[j].sev == BS_FAIL)
					sb_item(&items, p->funcs[j].name);
			for (j = 0; j < p->n_findings; j++)
				if (p->findings[j].sev == BS_FAIL)
					sb_item(&items, p->findings[j].hook);
		} else if (o->status == BS_UNKNOWN) {
			sb_item(&items, p->name);
		} else {
			struct strbuf pi = { 0 };

			prog_items(&pi, p);
			strbuf_addf(&items, "%s%s: %s", items.n ? "; " : "",
			       p->name, pi.s ? pi.s : "");
			free(pi.s);
		}
	}
	strbuf_addf(&b, "%s: %s%s", bpf_status_words(o->status),
	       o->status == BS_FAIL ? "hooks " :
	       o->status == BS_UNKNOWN ? "programs " : "",
	       items.s ? items.s : "");
	free(items.s);
	return b.s;
}

static void text_verdict(FILE *f, const struct bpf_func *fn)
{
	fprintf(f, "%s=%s", bpf_client_name(fn->client),
		bpf_verdict_name(fn->v.verdict));
	if (fn->v.err[0])
		fprintf(f, ":%s", fn->v.err);
	if (fn->v.reason[0])
		fprintf(f, ":%s", fn->v.reason);
	if (fn->v.has_why) {
		char *why = why_words(&fn->v);

		fprintf(f, " (%s)", why);
		free(why);
	}
}

static void text_sources(FILE *f, const struct bpf_run *run)
{
	size_t i;

	fprintf(f, "bpf file:     %s (%s, %zu object%s)\n", run->file,
		run->embedded ? "binary embedding BPF objects" : "BPF object",
		run->n_objs, run->n_objs == 1 ? "" : "s");
	if (run->report)
		fprintf(f, "live report:  %s (format version %u)\n",
			run->report, run->report_version);
	else
		fprintf(f, "live report:  none (the module is not loaded)\n");
	fprintf(f, "kernel:       %s %s\n", run->release ? run->release : "?",
		run->arch ? run->arch : "?");
	fprintf(f, "kernel BTF:   %s\n", run->btf_path ? run->btf_path : "none");
	for (i = 0; i < run->n_btf_others; i++)
		fprintf(f, "other BTF:    %s (CO-RE misses are notes)\n",
			run->btf_others[i]);
	fprintf(f, "events:       %s\n",
		run->events_path ? run->events_path : "none");
	fprintf(f, "symbols:      %s\n",
		run->symbols_path ? run->symbols_path : "none");
}

void bpf_out_text(FILE *f, const struct bpf_run *run)
{
	size_t i, j, k, l;

	text_sources(f, run);
	for (i = 0; i < run->n_objs; i++) {
		const struct bpf_object_ks *o = &run->objs[i];
		size_t found = 0, missing = 0, off_record = 0;
		char *s = bpf_obj_summary(o);

		fprintf(f, "\nobject %s: %zu program%s: %s\n", o->name,
			o->n_progs, o->n_progs == 1 ? "" : "s", s);
		free(s);
		for (j = 0; j < o->n_progs; j++) {
			const struct bpf_prog *p = &o->progs[j];

			s = bpf_prog_summary(p);
			fprintf(f, "  program %s (%s): %s\n", p->name, p->sec,
				s);
			free(s);
			for (k = 0; k < p->n_funcs; k++) {
				const struct bpf_func *fn = &p->funcs[k];

				fprintf(f, "    %s", fn->name);
				if (p->has_offset)
					fprintf(f, "+0x%lx", p->offset);
				fputs("  ", f);
				text_verdict(f, fn);
				fputc('\n', f);
				for (l = 0; l < fn->offline.n; l++) {
					s = finding_message(&fn->offline.v[l]);
					fprintf(f, "      %s: %s\n",
						bpf_sev_name(fn->offline_sev[l]),
						s);
					free(s);
				}
			}
			for (k = 0; k < p->n_findings; k++) {
				s = finding_message(&p->findings[k].what);
				fprintf(f, "    %s: %s\n",
					bpf_sev_name(p->findings[k].sev), s);
				free(s);
			}
		}
		for (j = 0; j < o->n_core; j++) {
			if (o->core[j].btf)
				continue;
			if (o->core[j].sev == BS_OK || o->core[j].syscall_ctx)
				found++;
			else
				missing++;
			off_record += o->core[j].syscall_ctx;
		}
		if (found + missing)
			fprintf(f, "  CO-RE: %zu relocation%s, %zu found, %zu not (%s)",
				found + missing,
				found + missing == 1 ? "" : "s", found,
				missing, o->core_checked ? "checked" :
				"no kernel BTF");
		if (off_record)
			fprintf(f, "; %zu found off the syscall record",
				off_record);
		if (found + missing)
			fputc('\n', f);
	}
	fprintf(f, "\nverdict: %s\n", bpf_status_words(run->status));
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

void bpf_out_json(FILE *f, const struct bpf_run *run, int flags)
{
	json_object *root = json_object_new_object(), *objs, *others;
	size_t i, j, k, l;

	json_object_object_add(root, "file", jstr(run->file));
	json_object_object_add(root, "embedded",
			       json_object_new_boolean(run->embedded));
	json_object_object_add(root, "report", jstr(run->report));
	json_object_object_add(root, "report_version",
			       run->report ? json_object_new_int(run->report_version) : NULL);
	json_object_object_add(root, "release", jstr(run->release));
	json_object_object_add(root, "arch", jstr(run->arch));
	json_object_object_add(root, "btf", jstr(run->btf_path));
	others = json_object_new_array();
	for (i = 0; i < run->n_btf_others; i++)
		json_object_array_add(others, jstr(run->btf_others[i]));
	json_object_object_add(root, "btf_others", others);
	json_object_object_add(root, "events", jstr(run->events_path));
	json_object_object_add(root, "symbols", jstr(run->symbols_path));
	objs = json_object_new_array();
	for (i = 0; i < run->n_objs; i++) {
		const struct bpf_object_ks *o = &run->objs[i];
		json_object *jo = json_object_new_object(), *progs, *core;
		char *s = bpf_obj_summary(o);

		json_object_object_add(jo, "name", jstr(o->name));
		json_object_object_add(jo, "offset",
				       json_object_new_int64(o->offset));
		json_object_object_add(jo, "size",
				       json_object_new_int64(o->size));
		json_object_object_add(jo, "status",
				       jstr(bpf_sev_name(o->status)));
		json_object_object_add(jo, "summary", jstr(s));
		free(s);
		progs = json_object_new_array();
		for (j = 0; j < o->n_progs; j++) {
			const struct bpf_prog *p = &o->progs[j];
			json_object *jp = json_object_new_object(), *hooks,
				    *finds;

			s = bpf_prog_summary(p);
			json_object_object_add(jp, "name", jstr(p->name));
			json_object_object_add(jp, "section", jstr(p->sec));
			json_object_object_add(jp, "family", jstr(p->family));
			json_object_object_add(jp, "kind",
					       jstr(bpf_kind_name(p->kind)));
			json_object_object_add(jp, "target", jstr(p->target));
			json_object_object_add(jp, "offset", p->has_offset ?
				json_object_new_int64(p->offset) : NULL);
			json_object_object_add(jp, "status",
					       jstr(bpf_sev_name(p->status)));
			json_object_object_add(jp, "summary", jstr(s));
			free(s);
			hooks = json_object_new_array();
			for (k = 0; k < p->n_funcs; k++) {
				const struct bpf_func *fn = &p->funcs[k];
				json_object *jh = json_object_new_object();
				json_object *off = json_object_new_array();

				json_object_object_add(jh, "function",
						       jstr(fn->name));
				json_object_object_add(jh, "client",
					jstr(bpf_client_name(fn->client)));
				json_object_object_add(jh, "verdict",
					jstr(bpf_verdict_name(fn->v.verdict)));
				json_object_object_add(jh, "errno",
					fn->v.err[0] ? jstr(fn->v.err) : NULL);
				json_object_object_add(jh, "reason",
					fn->v.reason[0] ? jstr(fn->v.reason) :
					NULL);
				s = why_words(&fn->v);
				json_object_object_add(jh, "why", jstr(s));
				free(s);
				json_object_object_add(jh, "why_code",
					fn->v.has_why ?
					jstr(finding_name(fn->v.why)) : NULL);
				json_object_object_add(jh, "status",
					jstr(bpf_sev_name(fn->sev)));
				for (l = 0; l < fn->offline.n; l++) {
					json_object *x = json_object_new_object();

					s = finding_message(&fn->offline.v[l]);
					json_object_object_add(x, "severity",
						jstr(bpf_sev_name(fn->offline_sev[l])));
					json_object_object_add(x, "text",
						jstr(s));
					json_finding_fields(x,
						&fn->offline.v[l]);
					json_object_array_add(off, x);
					free(s);
				}
				json_object_object_add(jh, "offline", off);
				json_object_array_add(hooks, jh);
			}
			json_object_object_add(jp, "hooks", hooks);
			finds = json_object_new_array();
			for (k = 0; k < p->n_findings; k++) {
				json_object *x = json_object_new_object();

				s = finding_message(&p->findings[k].what);
				json_object_object_add(x, "severity",
					jstr(bpf_sev_name(p->findings[k].sev)));
				json_object_object_add(x, "about",
						       jstr(p->findings[k].hook));
				json_object_object_add(x, "text", jstr(s));
				json_finding_fields(x, &p->findings[k].what);
				json_object_array_add(finds, x);
				free(s);
			}
			json_object_object_add(jp, "findings", finds);
			json_object_array_add(progs, jp);
		}
		json_object_object_add(jo, "programs", progs);
		core = json_object_new_array();
		for (j = 0; j < o->n_core; j++) {
			const struct bpf_core_rel *r = &o->core[j];
			json_object *x = json_object_new_object();

			json_object_object_add(x, "program", jstr(r->prog));
			json_object_object_add(x, "kind", jstr(r->kind));
			json_object_object_add(x, "type", jstr(r->type));
			json_object_object_add(x, "access", jstr(r->access));
			json_object_object_add(x, "status",
					       jstr(bpf_sev_name(r->sev)));
			s = r->detail.n ? finding_message(&r->detail.v[0]) :
			    NULL;
			json_object_object_add(x, "detail", jstr(s));
			free(s);
			json_object_object_add(x, "btf", jstr(r->btf));
			if (r->detail.n)
				json_finding_fields(x, &r->detail.v[0]);
			else
				json_object_object_add(x, "code", NULL);
			json_object_array_add(core, x);
		}
		json_object_object_add(jo, "core", core);
		json_object_array_add(objs, jo);
	}
	json_object_object_add(root, "objects", objs);
	json_object_object_add(root, "status", jstr(bpf_sev_name(run->status)));
	json_object_object_add(root, "summary",
			       jstr(bpf_status_words(run->status)));
	/* file and section names are bytes: json_fputs() keeps it UTF-8 */
	json_fputs(f, json_object_to_json_string_ext(root, flags));
	json_object_put(root);
}

/* Markdown cells must not hold a '|' or a newline. */
static void md_cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

void bpf_out_markdown(FILE *f, const struct bpf_run *run)
{
	size_t i, j, k;

	fprintf(f, "# BPF check: `%s`\n\n", run->file);
	fprintf(f, "Kernel `%s` (%s); live report %s; BTF %s; events %s.\n",
		run->release ? run->release : "?",
		run->arch ? run->arch : "?",
		run->report ? run->report : "none",
		run->btf_path ? run->btf_path : "none",
		run->events_path ? run->events_path : "none");
	fprintf(f, "\n**Verdict:** %s\n", bpf_status_words(run->status));
	for (i = 0; i < run->n_objs; i++) {
		const struct bpf_object_ks *o = &run->objs[i];
		char *s = bpf_obj_summary(o);

		fprintf(f, "\n## Object `%s`\n\n%s\n\n", o->name, s);
		free(s);
		fputs("| program | SEC | hook | client | verdict | status |\n"
		      "| --- | --- | --- | --- | --- | --- |\n", f);
		for (j = 0; j < o->n_progs; j++) {
			const struct bpf_prog *p = &o->progs[j];

			for (k = 0; k < p->n_funcs || (!k && !p->n_funcs);
			     k++) {
				const struct bpf_func *fn = p->n_funcs ?
							    &p->funcs[k] : NULL;

				fprintf(f, "| `%s` | `", p->name);
				md_cell(f, p->sec);
				fputs("` | ", f);
				md_cell(f, fn ? fn->name : p->target ?
					p->target : "-");
				fprintf(f, " | %s | ",
					fn ? bpf_client_name(fn->client) : "-");
				if (fn) {
					fputs(bpf_verdict_name(fn->v.verdict), f);
					if (fn->v.err[0])
						fprintf(f, ":%s", fn->v.err);
					if (fn->v.reason[0])
						fprintf(f, ":%s", fn->v.reason);
				} else {
					fputs("-", f);
				}
				fprintf(f, " | %s |\n",
					bpf_sev_name(fn ? fn->sev : p->status));
			}
		}
		fputs("\n", f);
		for (j = 0; j < o->n_progs; j++) {
			const struct bpf_prog *p = &o->progs[j];
			size_t l;

			s = bpf_prog_summary(p);
			fprintf(f, "- **`%s`**: ", p->name);
			md_cell(f, s);
			fputc('\n', f);
			free(s);
			for (k = 0; k < p->n_funcs; k++)
				for (l = 0; l < p->funcs[k].offline.n; l++) {
					fprintf(f, "  - %s `%s`: ",
						bpf_sev_name(p->funcs[k].offline_sev[l]),
						p->funcs[k].name);
					s = finding_message(
						&p->funcs[k].offline.v[l]);
					md_cell(f, s);
					free(s);
					fputc('\n', f);
				}
			for (k = 0; k < p->n_findings; k++) {
				fprintf(f, "  - %s: ",
					bpf_sev_name(p->findings[k].sev));
				s = finding_message(&p->findings[k].what);
				md_cell(f, s);
				free(s);
				fputc('\n', f);
			}
		}
	}
}
