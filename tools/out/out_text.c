// SPDX-License-Identifier: GPL-2.0
/*
 * Output for people: aligned tables and findings in plain words.  The
 * JSON printer (out_json.c) renders the same data.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"

#define MAX_COLS	16

struct table {
	size_t ncols;
	char **cells;			/* rows * ncols */
	size_t nrows;
	size_t cap;
};

static void tab_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
}

/* Append one row of ncols strings (copied; NULL prints as "-"). */
static void tab_row(struct table *t, const char *const *cols)
{
	size_t i;

	t->cells = array_grow(t->cells, &t->cap, (t->nrows + 1) * t->ncols,
			      sizeof(*t->cells));
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] =
			xstrdup(cols[i] ? cols[i] : "-");
	t->nrows++;
}

static void tab_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

static void tab_print(FILE *f, struct table *t, const char *indent)
{
	size_t w[MAX_COLS] = { 0 }, r, c;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t n = strlen(t->cells[r * t->ncols + c]);

			if (n > w[c])
				w[c] = n;
		}
	for (r = 0; r < t->nrows; r++) {
		fputs(indent, f);
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			if (c + 1 == t->ncols)
				fprintf(f, "%s\n", s);
			else
				fprintf(f, "%-*s  ", (int)w[c], s);
		}
	}
	tab_free(t);
}

static const char *tri(enum ks_tri v)
{
	return v == KS_YES ? "yes" : v == KS_NO ? "no" : "?";
}

/* rules.h's export names; "?" for unknown, as for the other columns */
static const char *exported(enum ks_export e)
{
	return e == KS_EXPORT_UNKNOWN ? "?" : ks_export_names[e];
}

static void unknown_list(char *buf, size_t len, unsigned int unknown)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < ks_unk_count && off < len; i++)
		if (unknown & (1u << i))
			off += snprintf(buf + off, len - off, "%s%s",
					off ? ", " : "", ks_unk_names[i].words);
}

static void print_header(FILE *f, const struct ks_report *rep)
{
	bool alias = *rep->arch && strcmp(rep->arch, rep->machine);
	char buf[256];

	fprintf(f, "live report:  %s (%s", rep->path, rep->origin);
	if (!strcmp(rep->origin, "module"))
		fprintf(f, ", format version %u", rep->version);
	fputs(")\n", f);
	fprintf(f, "release:      %s\n", rep->release);
	if (rep->version >= 3 || rep->build_id)
		fprintf(f, "build_id:     %s\n",
			rep->build_id ? rep->build_id : "none");
	if (alias)
		fprintf(f, "arch:         %s (%s)\n", rep->arch, rep->machine);
	else
		fprintf(f, "arch:         %s\n",
			*rep->arch ? rep->arch : rep->machine);
	if (rep->kaslr_known)
		fprintf(f, "kaslr_offset: 0x%llx\n",
			(unsigned long long)rep->kaslr_offset);
	else
		fputs("kaslr_offset: unknown\n", f);
	fprintf(f, "symbols:      %lld", rep->symbols);
	if (rep->walk_us >= 0)
		fprintf(f, " walked in %lld us", rep->walk_us);
	fprintf(f, ", %lld modules", rep->modules);
	if (rep->generation >= 0)
		fprintf(f, ", generation %lld", rep->generation);
	fputc('\n', f);
	fprintf(f, "addresses:    %s\n", rep->addrs_visible ? "visible" :
		"hidden (kptr_restrict; run as root)");
	if (rep->ftrace_path)
		fprintf(f, "ftrace list:  %s\n", rep->ftrace_path);
	unknown_list(buf, sizeof(buf), rep->unknown & ~KS_UNK_KASLR);
	if (*buf)
		fprintf(f, "unknown:      %s (not in /proc/kallsyms)\n", buf);
}

static void sym_cells(const struct ks_report *rep, const struct ks_sym *s,
		      char cells[][40])
{
	snprintf(cells[0], 40, "%u", s->sympos);
	if (s->addr || rep->addrs_visible)
		snprintf(cells[1], 40, "0x%016llx",
			 (unsigned long long)s->addr);
	else
		snprintf(cells[1], 40, "hidden");
	if (s->size_known)
		snprintf(cells[2], 40, "%llu", (unsigned long long)s->size);
	else
		snprintf(cells[2], 40, "?");
	snprintf(cells[3], 40, "%c", s->type);
	snprintf(cells[4], 40, "%s", bind_name(s->bind) ?
		 bind_name(s->bind) : "?");
	if (s->ftrace == KS_YES && s->ftrace_addr && s->addr)
		snprintf(cells[5], 40, "yes +%lld",
			 (long long)(s->ftrace_addr - s->addr));
	else
		snprintf(cells[5], 40, "%s", tri(s->ftrace));
	if (s->kprobe == KS_NO && s->kprobe_err_known)
		snprintf(cells[6], 40, "no (%d)", s->kprobe_err);
	else
		snprintf(cells[6], 40, "%s", tri(s->kprobe));
	snprintf(cells[7], 40, "%s", exported(s->exported));
}

static void print_syms(FILE *f, const struct ks_report *rep,
		       const struct ks_target *const *targets, size_t n,
		       bool with_target, const char *indent)
{
	static const char *const head[] = {
		"TARGET", "SYMBOL", "OWNER", "POS", "ADDR", "SIZE", "TYPE",
		"BIND", "FTRACE", "KPROBE", "EXPORTED",
	};
	struct table t;
	size_t i, j, k, off = with_target ? 0 : 1;

	tab_init(&t, 11 - off);
	tab_row(&t, head + off);
	for (i = 0; i < n; i++) {
		for (j = 0; j < targets[i]->n_syms; j++) {
			const struct ks_sym *s = &targets[i]->syms[j];
			char cells[8][40];
			const char *row[11];

			sym_cells(rep, s, cells);
			row[0] = targets[i]->name;
			row[1] = s->name;
			row[2] = s->owner;
			for (k = 0; k < 8; k++)
				row[3 + k] = cells[k];
			tab_row(&t, row + off);
		}
	}
	if (t.nrows > 1)
		tab_print(f, &t, indent);
	else
		tab_free(&t);
}

/* A client verdict in the report's own grammar: yes, no:EINVAL:notrace. */
static const char *attach_cell(const struct ks_attach *a, char *buf,
			       size_t len)
{
	if (!a->known)
		return "-";
	if (a->verdict == KS_VERDICT_YES)
		return "yes";
	if (a->verdict == KS_VERDICT_NO)
		snprintf(buf, len, "no:%s:%s", a->err,
			 ks_reason_names[a->reason]);
	else
		snprintf(buf, len, "unknown:%s", ks_reason_names[a->reason]);
	return buf;
}

/*
 * Per-client verdicts (report version 2): one row per target by name, one
 * per symbol; every client, or only the one asked for (client >= 0).
 */
static void print_clients(FILE *f, const struct ks_report *rep,
			  const struct ks_target *const *targets, size_t n,
			  int client, const char *indent)
{
	const char *row[3 + KS_CLIENT__COUNT];
	char cells[KS_CLIENT__COUNT][64], pos[16];
	unsigned int c, first = client < 0 ? 0 : client;
	unsigned int last = client < 0 ? KS_CLIENT__COUNT : client + 1;
	size_t i, j, ncols = 3 + last - first;
	struct table t;

	if (rep->version < 2)
		return;
	tab_init(&t, ncols);
	row[0] = "TARGET";
	row[1] = "SYMBOL";
	row[2] = "POS";
	for (c = first; c < last; c++)
		row[3 + c - first] = ks_client_names[c];
	tab_row(&t, row);
	for (i = 0; i < n; i++) {
		const struct ks_target *tg = targets[i];

		row[0] = tg->name;
		row[1] = "(by name)";
		row[2] = "-";
		for (c = first; c < last; c++)
			row[3 + c - first] = attach_cell(&tg->attach[c],
							 cells[c], 64);
		tab_row(&t, row);
		for (j = 0; j < tg->n_syms; j++) {
			const struct ks_sym *s = &tg->syms[j];

			snprintf(pos, sizeof(pos), "%u", s->sympos);
			row[1] = s->name;
			row[2] = pos;
			for (c = first; c < last; c++)
				row[3 + c - first] =
					attach_cell(&s->attach[c], cells[c],
						    64);
			tab_row(&t, row);
		}
	}
	fprintf(f, "%sclients (by name on the target's row, by address or sympos on each symbol's):\n",
		indent);
	tab_print(f, &t, indent);
}

void text_show(FILE *f, const struct ks_report *rep)
{
	static const char *const head[] = {
		"TARGET", "STATE", "COUNT", "CLONES", "COLLISION",
	};
	const struct ks_target **targets;
	struct table t;
	size_t i;

	print_header(f, rep);
	fputc('\n', f);
	tab_init(&t, 5);
	tab_row(&t, head);
	targets = xcalloc(rep->n_targets + 1, sizeof(*targets));
	for (i = 0; i < rep->n_targets; i++) {
		const struct ks_target *tg = &rep->targets[i];
		char count[16], clones[16];
		const char *row[5];

		snprintf(count, sizeof(count), "%u", tg->count);
		snprintf(clones, sizeof(clones), "%u", tg->clones);
		row[0] = tg->name;
		row[1] = tg->present ? "present" : "absent";
		row[2] = count;
		row[3] = clones;
		row[4] = coll_name(tg->collision) ? coll_name(tg->collision) :
			 "?";
		tab_row(&t, row);
		targets[i] = tg;
	}
	tab_print(f, &t, "");
	for (i = 0; i < rep->n_targets; i++)
		if (rep->targets[i].n_syms)
			break;
	if (i < rep->n_targets) {
		fputc('\n', f);
		print_syms(f, rep, targets, rep->n_targets, true, "");
	}
	if (rep->version >= 2) {
		fputc('\n', f);
		print_clients(f, rep, targets, rep->n_targets, -1, "");
	}
	free(targets);
}

static const char *short_verdict(enum check_verdict v)
{
	return v == CV_NA ? "-" : check_verdict_name(v);
}

static void print_rows(FILE *f, const struct target_result *tv)
{
	static const char *const head[] = {
		"SOURCE", "ROW", "RELEASE", "VERSION", "ARCH", "FLAVOR",
		"MATCH", "STATUS", "PRESENCE", "BINDING", "SIZE", "ADDRESS",
		"COLLISION", "CLONES", "TRACE",
	};
	struct table t;
	size_t i, k;

	tab_init(&t, 15);
	tab_row(&t, head);
	for (i = 0; i < tv->n_rows; i++) {
		const struct row_verdict *rv = &tv->rv[i];
		const struct off_row *r = rv->row;
		char row_name[200], status[128];
		const char *row[15];

		if (r->grp || r->label)
			snprintf(row_name, sizeof(row_name), "%s/%s",
				 r->grp ? r->grp : "",
				 r->label ? r->label : "");
		else
			snprintf(row_name, sizeof(row_name), "-");
		if (r->have_func)
			ds_status_words(r->status, status, sizeof(status));
		else
			snprintf(status, sizeof(status), "%s",
				 r->present ? "ok" : "Absent");
		row[0] = r->source;
		row[1] = row_name;
		row[2] = r->release;
		row[3] = r->version;
		row[4] = r->arch;
		row[5] = r->flavor;
		row[6] = row_match_name(rv->match);
		row[7] = status;
		for (k = 0; k < CK_NR; k++)
			row[8 + k] = short_verdict(rv->checks[k].verdict);
		tab_row(&t, row);
	}
	tab_print(f, &t, "    ");
}

/* The checks against the closest rows (none when only others exist). */
static void print_details(FILE *f, const struct target_result *tv)
{
	size_t i, k;

	if (tv->best == RM_OTHER)
		return;
	for (i = 0; i < tv->n_rows; i++) {
		const struct row_verdict *rv = &tv->rv[i];
		char title[300], *detail;
		struct table t;

		if (rv->match != tv->best)
			continue;
		row_title(rv->row, title, sizeof(title));
		fprintf(f, "  checks against %s (%s%s):\n", title,
			row_match_name(rv->match),
			rv->match != RM_SAME_BUILD ? "" :
			rv->by_release ? ", by release: no build-id to compare" :
			", by build-id");
		tab_init(&t, 3);
		for (k = 0; k < CK_NR; k++) {
			const char *row[3];

			if (rv->checks[k].verdict == CV_NA)
				continue;
			detail = findings_message(&rv->checks[k].detail, "; ");
			row[0] = check_kind_name(k);
			row[1] = check_verdict_name(rv->checks[k].verdict);
			row[2] = detail;
			tab_row(&t, row);
			free(detail);
		}
		tab_print(f, &t, "    ");
	}
}

/*
 * Colour only on a terminal that has it: never when NO_COLOR is set to a
 * non-empty value (no-color.org), nor when TERM is dumb.
 */
static bool use_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	return isatty(fileno(f)) && !(nc && *nc) &&
	       !(term && !strcmp(term, "dumb"));
}

static const char *verdict_colour(enum target_verdict tv)
{
	switch (tv) {
	case TV_CONFIRMED:
		return "\033[32m";	/* green */
	case TV_PROBE_UNKNOWN:
		return "\033[33m";	/* yellow */
	default:
		return "\033[1;31m";	/* bold red */
	}
}

/* How the same-build rows were found: "" when there is none. */
static const char *same_build_by(const struct target_result *tv)
{
	const char *by = "";
	size_t i;

	for (i = 0; i < tv->n_rows; i++) {
		if (tv->rv[i].match != RM_SAME_BUILD)
			continue;
		if (!tv->rv[i].by_release)
			return "; same build by build-id";
		by = "; same build by release only";
	}
	return by;
}

/*
 * One line per target: the verdict at a glance, and why: the finding of
 * the lowest rank (findings.h).
 */
static void print_brief(FILE *f, const struct verdict *v, size_t width)
{
	bool colour = use_colour(f);
	size_t i;

	for (i = 0; i < v->n_targets; i++) {
		const struct target_result *tv = &v->targets[i];
		const struct ks_target *t = tv->live;
		const char *name = target_verdict_name(tv->verdict);
		long why;

		fprintf(f, "%-*s  %s%-13s%s  %s, %u exact, %u clone(s), %s; %zu offline row(s)%s",
			(int)width, t->name, colour ? verdict_colour(tv->verdict) : "",
			name, colour ? "\033[0m" : "",
			t->present ? "present" : "absent", t->count, t->clones,
			coll_name(t->collision) ? coll_name(t->collision) :
			"unknown", tv->n_rows, same_build_by(tv));
		why = findings_summary(&tv->findings);
		if (tv->verdict != TV_CONFIRMED && why >= 0) {
			char *s = finding_message(&tv->findings.v[why]);

			fprintf(f, ": %s", s);
			free(s);
		}
		fputc('\n', f);
	}
}

void text_check(FILE *f, const struct verdict *v, bool verbose)
{
	const struct ks_report *rep = v->rep;
	unsigned int count[4] = { 0 };
	size_t i, j, width = 8;

	fprintf(f, "live: %s %s (%s %s)%s%s\n", rep->release,
		*rep->arch ? rep->arch : rep->machine, rep->origin,
		rep->path, rep->build_id ? " build-id " : "",
		rep->build_id ? rep->build_id : "");
	if (v->debuginfo)
		fprintf(f, "debug info: %s %s%s\n", v->debuginfo->found,
			v->debuginfo->path,
			v->debuginfo->imported ? " (imported into the store)" :
			"");
	if (!verbose) {
		for (i = 0; i < v->n_targets; i++) {
			count[v->targets[i].verdict]++;
			if (strlen(v->targets[i].live->name) > width)
				width = strlen(v->targets[i].live->name);
		}
		print_brief(f, v, width);
		fprintf(f, "verdict: %u confirmed, %u mismatch, %u not probe-able, %u probe-ability unknown (exit %d; -v for the detail)\n",
			count[TV_CONFIRMED], count[TV_MISMATCH],
			count[TV_NOT_PROBEABLE], count[TV_PROBE_UNKNOWN],
			v->exit_code);
		return;
	}
	for (i = 0; i < v->n_targets; i++) {
		const struct target_result *tv = &v->targets[i];
		const struct ks_target *t = tv->live;

		count[tv->verdict]++;
		fprintf(f, "\n%s: %s\n", t->name,
			target_verdict_name(tv->verdict));
		fprintf(f, "  live: %s, %u exact, %u clone(s), collision %s, probe-able %s\n",
			t->present ? "present" : "absent", t->count,
			t->clones, coll_name(t->collision) ?
			coll_name(t->collision) : "unknown",
			tri(tv->probeable));
		if (t->n_syms)
			print_syms(f, rep, &t, 1, false, "    ");
		print_clients(f, rep, &t, 1, v->client, "  ");
		if (tv->n_rows) {
			fprintf(f, "  offline: %zu row(s)\n", tv->n_rows);
			print_rows(f, tv);
			print_details(f, tv);
		} else if (v->offline_given) {
			fprintf(f, "  offline: no rows for %s in the sources given\n",
				t->name);
		} else {
			fputs("  offline: no rows (give --db, --page, --dataset, --vmlinux or --sysmap)\n",
			      f);
		}
		if (tv->findings.n)
			fputs("  findings:\n", f);
		for (j = 0; j < tv->findings.n; j++) {
			char *s = finding_message(&tv->findings.v[j]);

			fprintf(f, "    - %s\n", s);
			free(s);
		}
	}
	if (v->slide_detail.n) {
		char *s = findings_message(&v->slide_detail, "; ");

		fprintf(f, "\naddresses: %s\n", s);
		free(s);
	}
	fprintf(f, "\nverdict: %u confirmed, %u mismatch, %u not probe-able, %u probe-ability unknown (exit %d)\n",
		count[TV_CONFIRMED], count[TV_MISMATCH],
		count[TV_NOT_PROBEABLE], count[TV_PROBE_UNKNOWN],
		v->exit_code);
}

void text_import(FILE *f, const char *db, const char *path,
		 const struct import_stats *s)
{
	fprintf(f, "%s: %s", path, s->kind);
	if (s->pages)
		fprintf(f, ", %lu page(s)", s->pages);
	if (s->funcs)
		fprintf(f, ", %lu function row(s)", s->funcs);
	if (s->builds)
		fprintf(f, ", %lu build(s)", s->builds);
	fprintf(f, ", %lu symbol(s)", s->syms);
	if (s->config)
		fprintf(f, ", %lu config entries", s->config);
	if (s->skipped)
		fprintf(f, ", %lu skipped", s->skipped);
	fprintf(f, " -> %s\n", db);
}
