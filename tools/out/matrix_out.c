// SPDX-License-Identifier: GPL-2.0
/*
 * The matrix for people and programs: a text table that fits a terminal
 * (builds as B1, B2 ... with a legend; rows with failures first), JSON,
 * and Markdown.  The HTML page is matrix_html.c.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

#define FUNC_COL_MAX	40

static size_t func_width(const struct matrix *m)
{
	size_t i, w = strlen("FUNCTION");

	for (i = 0; i < m->n_rows; i++)
		if (strlen(m->rows[i].label) > w)
			w = strlen(m->rows[i].label);
	return w > FUNC_COL_MAX ? FUNC_COL_MAX : w;
}

static void text_block(FILE *f, const struct matrix *m, size_t fw,
		       size_t cw, size_t from, size_t to)
{
	char label[24];
	size_t i, b;

	fprintf(f, "%-*s", (int)fw, "FUNCTION");
	for (b = from; b < to; b++) {
		snprintf(label, sizeof(label), "B%zu", b + 1);
		fprintf(f, " %*s", (int)cw, label);
	}
	fputc('\n', f);
	/* the source of each column under its name, when some are offline */
	if (m->n_live < m->n_builds) {
		fprintf(f, "%-*s", (int)fw, "");
		for (b = from; b < to; b++)
			fprintf(f, " %*s", (int)cw,
				mx_source_short[m->builds[b].source]);
		fputc('\n', f);
	}
	for (i = 0; i < m->n_rows; i++) {
		const struct mx_row *r = &m->rows[i];

		if (strlen(r->label) > fw)
			fprintf(f, "%.*s~", (int)fw - 1, r->label);
		else
			fprintf(f, "%-*s", (int)fw, r->label);
		for (b = from; b < to; b++)
			fprintf(f, " %*s", (int)cw,
				mx_code_short[r->cells[b].code]);
		fputc('\n', f);
	}
}

/* the columns of the same GNU build-id: "B2, B9" */
static void same_text(FILE *f, const struct mx_build *bd)
{
	size_t i;

	for (i = 0; i < bd->n_same; i++)
		fprintf(f, "%sB%zu", i ? ", " : "", bd->same[i] + 1);
}

/* a column in the legend: its source, build and hosts */
static void build_text(FILE *f, const struct matrix *m, size_t b)
{
	const struct mx_build *bd = &m->builds[b];

	if (bd->source == MX_SRC_LIVE) {
		fprintf(f, "live %s %s build-id %s: %zu host%s", bd->release,
			bd->arch, bd->build_id, bd->n_hosts,
			bd->n_hosts == 1 ? "" : "s");
		if (bd->n_same) {
			fputs("; the same build offline: ", f);
			same_text(f, bd);
		}
		return;
	}
	fprintf(f, "%s", mx_source_name(bd->source));
	if (bd->group)
		fprintf(f, " %s/%s", bd->group, bd->label ? bd->label : "");
	fprintf(f, " %s%s%s-%s-%s", bd->release, *bd->release ? " " : "",
		bd->version ? bd->version : "?", bd->arch,
		bd->flavor ? bd->flavor : "?");
	if (strcmp(bd->build_id, "none"))
		fprintf(f, " build-id %s", bd->build_id);
	if (bd->n_same) {
		fputs("; the same build as ", f);
		same_text(f, bd);
	}
}

void matrix_text(FILE *f, const struct matrix *m, unsigned int width)
{
	size_t fw = func_width(m), cw = 5, per, b, i, c;
	char label[24];

	fprintf(f, "client %s; %zu live build%s, %zu host%s; %zu offline build%s; store %s\n",
		matrix_client(m), m->n_live, m->n_live == 1 ? "" : "s",
		m->n_hosts, m->n_hosts == 1 ? "" : "s",
		m->n_builds - m->n_live,
		m->n_builds - m->n_live == 1 ? "" : "s", m->db);
	if (m->offline_note)
		fprintf(f, "no offline builds: %s\n", m->offline_note);
	fputc('\n', f);
	snprintf(label, sizeof(label), "B%zu", m->n_builds);
	if (strlen(label) > cw)
		cw = strlen(label);
	per = width > fw + cw + 1 ? (width - fw) / (cw + 1) : 1;
	if (!per)
		per = 1;
	for (b = 0; b < m->n_builds || !b; b += per) {
		if (b)
			fputc('\n', f);
		text_block(f, m, fw, cw, b,
			   b + per < m->n_builds ? b + per : m->n_builds);
		if (!m->n_builds)
			break;
	}
	fputs("\nBuilds:\n", f);
	for (b = 0; b < m->n_builds; b++) {
		snprintf(label, sizeof(label), "B%zu", b + 1);
		fprintf(f, "  %-*s ", (int)cw, label);
		build_text(f, m, b);
		fputc('\n', f);
	}
	fputs("Cells:", f);
	for (c = 0; c < MX__COUNT; c++)
		fprintf(f, "%s %s %s", c ? ";" : "", mx_code_short[c],
			mx_code_names[c]);
	fputc('\n', f);
	/* what the cells that are not plain yes or not asked say */
	for (i = 0; i < m->n_rows; i++) {
		const struct mx_row *r = &m->rows[i];

		for (b = 0; b < m->n_builds; b++) {
			const struct mx_cell *cell = &r->cells[b];
			long k = findings_summary(&cell->why);
			char *msg;

			if (cell->code == MX_ATTACHES ||
			    cell->code == MX_PRESENT || k < 0 ||
			    cell->why.v[k].code == KF_NOT_ASKED ||
			    cell->why.v[k].code == KF_NO_OFFLINE_ROW)
				continue;
			msg = finding_message(&cell->why.v[k]);
			fprintf(f, "  %s B%zu: %s\n", r->label, b + 1, msg);
			free(msg);
		}
	}
	if (m->skipped_hooks)
		fprintf(f, "Not in the matrix: %zu hook%s that name no kernel function by itself (tracepoints, ksyscall, kprobe.multi globs, set at run time)\n",
			m->skipped_hooks, m->skipped_hooks == 1 ? "" : "s");
	if (m->findings.n)
		fputs("Findings:\n", f);
	for (i = 0; i < m->findings.n; i++) {
		char *msg = finding_message(&m->findings.v[i]);

		fprintf(f, "  %s\n", msg);
		free(msg);
	}
}

struct json_object *matrix_json_obj(const struct matrix *m)
{
	struct json_object *o = json_object_new_object();
	struct json_object *builds = json_object_new_array();
	struct json_object *rows = json_object_new_array();
	const char *client = matrix_client(m);
	char label[24];
	size_t i, b;

	json_object_object_add(o, "client", json_object_new_string(client));
	json_object_object_add(o, "db", json_object_new_string(m->db));
	json_object_object_add(o, "hosts", json_object_new_int64(m->n_hosts));
	json_object_object_add(o, "live_builds",
			       json_object_new_int64(m->n_live));
	json_object_object_add(o, "offline_read",
			       json_object_new_boolean(m->offline_read));
	for (b = 0; b < m->n_builds; b++) {
		const struct mx_build *bd = &m->builds[b];
		struct json_object *bo = json_object_new_object();
		struct json_object *h = json_object_new_array(), *sm;

		snprintf(label, sizeof(label), "B%zu", b + 1);
		json_object_object_add(bo, "id", json_object_new_string(label));
		json_object_object_add(bo, "name",
				       json_object_new_string(bd->name));
		json_object_object_add(bo, "build_id",
				       json_object_new_string(bd->build_id));
		json_object_object_add(bo, "release",
				       json_object_new_string(bd->release));
		json_object_object_add(bo, "arch",
				       json_object_new_string(bd->arch));
		json_object_object_add(bo, "source",
			json_object_new_string(mx_source_name(bd->source)));
		json_object_object_add(bo, "version", bd->version ?
			json_object_new_string(bd->version) : NULL);
		json_object_object_add(bo, "flavor", bd->flavor ?
			json_object_new_string(bd->flavor) : NULL);
		json_object_object_add(bo, "group", bd->group ?
			json_object_new_string(bd->group) : NULL);
		json_object_object_add(bo, "label", bd->label ?
			json_object_new_string(bd->label) : NULL);
		sm = json_object_new_array();
		for (i = 0; i < bd->n_same; i++) {
			snprintf(label, sizeof(label), "B%zu", bd->same[i] + 1);
			json_object_array_add(sm,
					      json_object_new_string(label));
		}
		json_object_object_add(bo, "same_build", sm);
		for (i = 0; i < bd->n_hosts; i++)
			json_object_array_add(h,
				json_object_new_string(bd->hosts[i]));
		json_object_object_add(bo, "hosts", h);
		json_object_array_add(builds, bo);
	}
	json_object_object_add(o, "builds", builds);
	for (i = 0; i < m->n_rows; i++) {
		const struct mx_row *r = &m->rows[i];
		struct json_object *ro = json_object_new_object();
		struct json_object *cells = json_object_new_array();

		json_object_object_add(ro, "function",
				       json_object_new_string(r->func));
		json_object_object_add(ro, "label",
				       json_object_new_string(r->label));
		json_object_object_add(ro, "client",
			json_object_new_string(ks_client_names[r->client]));
		for (b = 0; b < m->n_builds; b++) {
			const struct mx_cell *c = &r->cells[b];
			struct json_object *co = json_object_new_object();

			snprintf(label, sizeof(label), "B%zu", b + 1);
			json_object_object_add(co, "build",
					       json_object_new_string(label));
			json_object_object_add(co, "code",
				json_object_new_string(mx_code_names[c->code]));
			json_object_object_add(co, "verdict", c->verdict ?
				json_object_new_string(c->verdict) : NULL);
			json_object_object_add(co, "hosts",
					       json_object_new_int64(c->asked));
			json_object_object_add(co, "findings",
					       json_findings(&c->why));
			json_object_array_add(cells, co);
		}
		json_object_object_add(ro, "cells", cells);
		json_object_array_add(rows, ro);
	}
	json_object_object_add(o, "rows", rows);
	json_object_object_add(o, "findings", json_findings(&m->findings));
	return o;
}

void matrix_json(FILE *f, const struct matrix *m, int flags)
{
	struct json_object *o = matrix_json_obj(m);

	json_fputs(f, json_object_to_json_string_ext(o, flags));
	json_object_put(o);
}

/* Markdown's table cells: '|' escaped */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

void matrix_markdown(FILE *f, const struct matrix *m)
{
	size_t i, b, c;

	fprintf(f, "## Matrix: client `%s`\n\n| function |",
		matrix_client(m));
	for (b = 0; b < m->n_builds; b++)
		fprintf(f, " B%zu%s%s |", b + 1,
			b < m->n_live ? "" : " ",
			b < m->n_live ? "" :
			mx_source_short[m->builds[b].source]);
	fputs("\n|---|", f);
	for (b = 0; b < m->n_builds; b++)
		fputs("---|", f);
	fputc('\n', f);
	for (i = 0; i < m->n_rows; i++) {
		const struct mx_row *r = &m->rows[i];

		fputs("| `", f);
		md_cell(f, r->label);
		fputs("` |", f);
		for (b = 0; b < m->n_builds; b++) {
			const struct mx_cell *cell = &r->cells[b];

			fprintf(f, " %s", mx_code_names[cell->code]);
			if (cell->code == MX_REFUSED && cell->verdict) {
				fputs(" `", f);
				md_cell(f, cell->verdict);
				fputc('`', f);
			}
			fputs(" |", f);
		}
		fputc('\n', f);
	}
	fputs("\n| build | source | release | arch | build-id | hosts | same build |\n|---|---|---|---|---|---|---|\n",
	      f);
	for (b = 0; b < m->n_builds; b++) {
		const struct mx_build *bd = &m->builds[b];

		fprintf(f, "| B%zu | %s", b + 1,
			mx_source_name(bd->source));
		if (bd->group)
			fprintf(f, " %s/%s", bd->group,
				bd->label ? bd->label : "");
		fprintf(f, " | %s | %s | `%s` | ", *bd->release ?
			bd->release : bd->version ? bd->version : "",
			bd->arch, bd->build_id);
		if (bd->source == MX_SRC_LIVE)
			fprintf(f, "%zu", bd->n_hosts);
		fputs(" | ", f);
		same_text(f, bd);
		fputs(" |\n", f);
	}
	fputs("\n", f);
	for (c = 0; c < MX__COUNT; c++)
		fprintf(f, "- **%s**: %s\n", mx_code_names[c],
			mx_code_meaning[c]);
	for (i = 0; i < m->findings.n; i++) {
		char *msg = finding_message(&m->findings.v[i]);

		if (!i)
			fputs("\nFindings:\n\n", f);
		fputs("- ", f);
		md_cell(f, msg);
		fputc('\n', f);
		free(msg);
	}
}
