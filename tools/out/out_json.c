// SPDX-License-Identifier: GPL-2.0
/*
 * JSON output (json-c), over the same data as out_text.c.  Keys are
 * stable and documented in docs/tool.md; an unknown value is null, a
 * 64-bit address is a "0x%016x" string.
 */
#include <string.h>
#include <json-c/json.h>

#include "out.h"


static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *hex(uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	return json_object_new_string(buf);
}

static struct json_object *num(long long v)
{
	return v < 0 ? NULL : json_object_new_int64(v);
}

static struct json_object *tri(enum ks_tri v)
{
	return v == KS_UNKNOWN ? NULL : json_object_new_boolean(v == KS_YES);
}

static void dump(FILE *f, struct json_object *o, int flags)
{
	json_fputs(f, json_object_to_json_string_ext(o, flags));
	json_object_put(o);
}

static struct json_object *json_report_header(const struct ks_report *rep)
{
	struct json_object *o = json_object_new_object();
	struct json_object *u = json_object_new_array();
	size_t i;

	add(o, "source", str(rep->origin));
	add(o, "path", str(rep->path));
	add(o, "format_version", json_object_new_int(rep->version));
	add(o, "release", str(rep->release));
	add(o, "machine", str(rep->machine));
	add(o, "arch", *rep->arch ? str(rep->arch) : NULL);
	add(o, "kaslr_offset", rep->kaslr_known ? hex(rep->kaslr_offset) :
	    NULL);
	add(o, "symbols", num(rep->symbols));
	add(o, "modules", num(rep->modules));
	add(o, "walk_us", num(rep->walk_us));
	add(o, "generation", num(rep->generation));
	add(o, "addresses_visible", json_object_new_boolean(rep->addrs_visible));
	add(o, "ftrace_list", str(rep->ftrace_path));
	for (i = 0; i < ks_unk_count; i++)
		if (rep->unknown & (1u << i))
			json_object_array_add(u,
				json_object_new_string(ks_unk_names[i].key));
	add(o, "unknown", u);
	add(o, "kprobe_events_on_notrace", rep->version < 2 ? NULL :
	    tri(rep->on_notrace));
	add(o, "btf", rep->version < 2 ? NULL : tri(rep->btf));
	add(o, "livepatch", rep->version < 2 ? NULL : tri(rep->livepatch));
	add(o, "ftrace_entry", str(rep->ftrace_entry));
	add(o, "build_id", str(rep->build_id));
	if (rep->version >= 3) {
		struct json_object *m = json_object_new_object();

		for (i = 0; i < rep->n_mods; i++)
			add(m, rep->mods[i].name, str(rep->mods[i].build_id));
		add(o, "module_build_ids", m);
	}
	return o;
}

/* {CLIENT: {"verdict", "errno", "reason"}}, or null before version 2 */
static struct json_object *json_attach(const struct ks_report *rep,
				       const struct ks_attach *attach)
{
	struct json_object *o;
	unsigned int c;

	if (rep->version < 2)
		return NULL;
	o = json_object_new_object();
	for (c = 0; c < KS_CLIENT__COUNT; c++) {
		const struct ks_attach *a = &attach[c];
		struct json_object *v;

		if (!a->known)
			continue;
		v = json_object_new_object();
		add(v, "verdict", str(ks_verdict_names[a->verdict]));
		add(v, "errno", a->err[0] ? str(a->err) : NULL);
		add(v, "reason", a->verdict == KS_VERDICT_YES ? NULL :
		    str(ks_reason_names[a->reason]));
		add(o, ks_client_names[c], v);
	}
	return o;
}

static struct json_object *json_sym(const struct ks_report *rep,
				    const struct ks_sym *s)
{
	struct json_object *o = json_object_new_object();

	add(o, "name", str(s->name));
	add(o, "suffix", str(s->suffix));
	add(o, "addr", s->addr || rep->addrs_visible ? hex(s->addr) : NULL);
	add(o, "size", s->size_known ? json_object_new_int64(s->size) : NULL);
	add(o, "type", json_object_new_string_len(&s->type, 1));
	add(o, "bind", str(bind_name(s->bind)));
	add(o, "owner", str(s->owner));
	add(o, "sympos", json_object_new_int(s->sympos));
	add(o, "ftrace", tri(s->ftrace));
	add(o, "ftrace_addr", s->ftrace_addr_known && s->ftrace_addr ?
	    hex(s->ftrace_addr) : NULL);
	add(o, "kprobe", tri(s->kprobe));
	add(o, "kprobe_err", s->kprobe_err_known ?
	    json_object_new_int(s->kprobe_err) : NULL);
	add(o, "exported", s->exported == KS_EXPORT_UNKNOWN ? NULL :
	    json_object_new_string(ks_export_names[s->exported]));
	add(o, "ftrace_name", str(s->ftrace_name));
	add(o, "blacklisted", tri(s->blacklisted));
	add(o, "attach", json_attach(rep, s->attach));
	return o;
}

static struct json_object *json_target(const struct ks_report *rep,
				       const struct ks_target *t)
{
	struct json_object *o = json_object_new_object();
	struct json_object *syms = json_object_new_array();
	size_t i;

	add(o, "name", str(t->name));
	add(o, "state", json_object_new_string(t->present ? "present" :
					       "absent"));
	add(o, "count", json_object_new_int(t->count));
	add(o, "clones", json_object_new_int(t->clones));
	add(o, "collision", str(coll_name(t->collision)));
	add(o, "ftrace_sites", num(t->ftrace_sites));
	add(o, "attach", json_attach(rep, t->attach));
	for (i = 0; i < t->n_syms; i++)
		json_object_array_add(syms, json_sym(rep, &t->syms[i]));
	add(o, "symbols", syms);
	return o;
}

void json_show(FILE *f, const struct ks_report *rep, int flags)
{
	struct json_object *o = json_object_new_object();
	struct json_object *h = json_report_header(rep);
	struct json_object *t = json_object_new_array();
	size_t i;

	for (i = 0; i < rep->n_targets; i++)
		json_object_array_add(t, json_target(rep, &rep->targets[i]));
	add(h, "targets", t);
	add(o, "report", h);
	dump(f, o, flags);
}

/*
 * {"code": "...", <arguments>..., "message": "..."}: the code and the
 * arguments are the contract (docs/tool.md), the message is for people.
 */
void json_finding_fields(struct json_object *o, const struct ks_finding *f)
{
	const char *name;
	char key[64], type;
	size_t i, j, len;

	add(o, "code", str(finding_name(f->code)));
	for (i = 0; finding_arg(f->code, i, &name, &len, &type); i++) {
		const struct ks_farg *a = &f->a[i];
		struct ks_findings sub = ks_farg_items(a);
		struct json_object *v;

		snprintf(key, sizeof(key), "%.*s", (int)len, name);
		if (json_object_object_get_ex(o, key, NULL))
			continue;
		switch (type) {
		case 's':
			v = str(a->s);
			break;
		case 'x':
			v = hex(a->n);
			break;
		case 'k':
			v = str(finding_btf_kind(a->n));
			break;
		case 'l':
		case 'w':
		case 'm':
			v = json_object_new_array();
			for (j = 0; j < a->nv; j++)
				json_object_array_add(v, str(a->v[j]));
			break;
		case 'i':
		case 'c':
			v = json_findings(&sub);
			break;
		default:
			v = json_object_new_int64(a->n);
			break;
		}
		add(o, key, v);
	}
}

static struct json_object *json_finding(const struct ks_finding *f)
{
	struct json_object *o = json_object_new_object();
	char *msg;

	json_finding_fields(o, f);
	msg = finding_message(f);
	add(o, "message", str(msg));
	free(msg);
	return o;
}

struct json_object *json_findings(const struct ks_findings *l)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_object_array_add(a, json_finding(&l->v[i]));
	return a;
}

/* A check's detail or the slide's: the message, as before codes. */
static struct json_object *json_detail(const struct ks_findings *l)
{
	char *s = findings_message(l, "; ");
	struct json_object *o = str(s);

	free(s);
	return o;
}

/* How the debug info was found by build-id (debuginfo.c), or null. */
static struct json_object *json_debuginfo(const struct debuginfo *di)
{
	struct json_object *o, *steps;
	size_t i;

	if (!di)
		return NULL;
	o = json_object_new_object();
	steps = json_object_new_array();
	add(o, "build_id", str(di->build_id));
	add(o, "found", str(di->found));
	add(o, "path", str(di->path));
	add(o, "store", str(di->store));
	add(o, "imported", json_object_new_boolean(di->imported));
	for (i = 0; i < di->n_steps; i++) {
		struct json_object *s = json_object_new_object();

		add(s, "source", str(di->steps[i].source));
		add(s, "result", str(di->steps[i].result));
		add(s, "path", str(di->steps[i].path));
		add(s, "detail", str(di->steps[i].detail));
		json_object_array_add(steps, s);
	}
	add(o, "steps", steps);
	return o;
}

static struct json_object *json_row(const struct row_verdict *rv)
{
	const struct off_row *r = rv->row;
	struct json_object *o = json_object_new_object();
	struct json_object *syms = json_object_new_array();
	struct json_object *checks = json_object_new_object();
	struct json_object *st = json_object_new_array();
	size_t i;

	add(o, "source", str(r->source));
	add(o, "path", str(r->path));
	add(o, "group", str(r->grp));
	add(o, "label", str(r->label));
	add(o, "release", str(r->release));
	add(o, "version", str(r->version));
	add(o, "arch", str(r->arch));
	add(o, "flavor", str(r->flavor));
	add(o, "match", json_object_new_string(row_match_name(rv->match)));
	add(o, "gnu_build_id", str(r->gnu_build_id));
	if (rv->match == RM_SAME_BUILD)
		add(o, "same_build_by", json_object_new_string(rv->by_release ?
							       "release" :
							       "build_id"));
	add(o, "present", json_object_new_boolean(r->present));
	if (r->have_func) {
		const char *word;
		unsigned int bit;

		for (i = 0; (word = ds_status_word(i, &bit)); i++)
			if (r->status & bit)
				json_object_array_add(st, str(word));
	} else if (!r->present) {
		json_object_array_add(st, json_object_new_string("Absent"));
	}
	add(o, "status", st);
	add(o, "collision", str(r->collision));
	add(o, "inline", str(r->inline_));
	add(o, "transformation", str(r->transformation));
	add(o, "prototype", str(r->prototype));
	for (i = 0; i < r->n_syms; i++) {
		const struct off_sym *s = &r->syms[i];
		struct json_object *so = json_object_new_object();

		add(so, "name", str(s->name));
		add(so, "addr", s->addr ? hex(s->addr) : NULL);
		add(so, "size", s->size_known ?
		    json_object_new_int64(s->size) : NULL);
		add(so, "bind", str(bind_name(s->bind)));
		json_object_array_add(syms, so);
	}
	add(o, "symbols", syms);
	for (i = 0; i < CK_NR; i++) {
		struct json_object *c;

		if (rv->checks[i].verdict == CV_NA)
			continue;
		c = json_object_new_object();
		add(c, "verdict", json_object_new_string(
			check_verdict_name(rv->checks[i].verdict)));
		add(c, "detail", json_detail(&rv->checks[i].detail));
		add(checks, check_kind_name(i), c);
	}
	add(o, "checks", checks);
	return o;
}

void json_check(FILE *f, const struct verdict *v, int flags)
{
	struct json_object *o = json_object_new_object();
	struct json_object *targets = json_object_new_array();
	struct json_object *slide = NULL;
	size_t i, j;

	add(o, "live", json_report_header(v->rep));
	for (i = 0; i < v->n_targets; i++) {
		const struct target_result *tv = &v->targets[i];
		struct json_object *t = json_object_new_object();
		struct json_object *rows = json_object_new_array();

		add(t, "name", str(tv->live->name));
		add(t, "verdict", json_object_new_string(
			target_verdict_name(tv->verdict)));
		add(t, "probeable", tri(tv->probeable));
		add(t, "live", json_target(v->rep, tv->live));
		for (j = 0; j < tv->n_rows; j++)
			json_object_array_add(rows, json_row(&tv->rv[j]));
		add(t, "offline", rows);
		add(t, "findings", json_findings(&tv->findings));
		json_object_array_add(targets, t);
	}
	add(o, "targets", targets);
	if (v->slide_known) {
		slide = json_object_new_object();
		add(slide, "slide", hex(v->slide));
		add(slide, "pairs", json_object_new_int(v->slide_pairs));
		add(slide, "consistent",
		    json_object_new_boolean(v->slide_consistent));
		add(slide, "detail", json_detail(&v->slide_detail));
	}
	add(o, "address_slide", slide);
	add(o, "client", v->client < 0 ? NULL :
	    str(ks_client_names[v->client]));
	/* only where check looked debug info up by build-id */
	if (v->debuginfo)
		add(o, "debuginfo", json_debuginfo(v->debuginfo));
	add(o, "exit_code", json_object_new_int(v->exit_code));
	dump(f, o, flags);
}

void json_import(FILE *f, const char *db, const char **paths,
		 const struct import_stats *stats, size_t n, int flags)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();
	size_t i;

	add(o, "db", str(db));
	for (i = 0; i < n; i++) {
		const struct import_stats *s = &stats[i];
		struct json_object *so = json_object_new_object();

		add(so, "path", str(paths[i]));
		add(so, "kind", str(s->kind));
		add(so, "builds", json_object_new_int64(s->builds));
		add(so, "pages", json_object_new_int64(s->pages));
		add(so, "functions", json_object_new_int64(s->funcs));
		add(so, "symbols", json_object_new_int64(s->syms));
		add(so, "config", json_object_new_int64(s->config));
		add(so, "skipped", json_object_new_int64(s->skipped));
		json_object_array_add(a, so);
	}
	add(o, "sources", a);
	dump(f, o, flags);
}
