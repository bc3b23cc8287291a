// SPDX-License-Identifier: GPL-2.0
/*
 * What one offline row proves of a function for a client that attaches
 * by name, without the running kernel: absent (no symbol of the name or a
 * clone of it, or fully inlined with no out-of-line copy), degraded (a
 * symbol, but calls a probe on it misses or a changed prototype), or
 * present (whether the client attaches is a live fact: notrace, the
 * kprobe blacklist, BTF, ftrace sites are not in offline data).  The
 * matrix's offline columns read it; check --bpf shares its version order
 * and the row before a row (off_row_version(), off_row_before()).
 */
#include <stdlib.h>
#include <string.h>

#include "verdict.h"

static unsigned int vnum(const char *v)
{
	unsigned int a = 0, b = 0;

	if (!v || sscanf(v, "%u.%u", &a, &b) < 1)
		return 0;
	return a * 1000 + b;
}

/* The kernel version of a row: DepSurf's Regular rows carry it as label. */
unsigned int off_row_version(const struct off_row *r)
{
	if (r->version && *r->version)
		return vnum(r->version);
	if (r->grp && !strcmp(r->grp, "Regular"))
		return vnum(r->label);
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/*
 * The row of the version before r's on the same line of builds (source,
 * group, arch and flavor), among rows with a prototype: what r's
 * prototype changed from.  NULL: none.
 */
const struct off_row *off_row_before(const struct off_row *rows, size_t n,
				     const struct off_row *r)
{
	unsigned int v = off_row_version(r);
	const struct off_row *prev = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct off_row *q = &rows[i];

		if (!q->have_func || !q->prototype ||
		    !same_str(q->source, r->source) ||
		    !same_str(q->grp, r->grp) ||
		    !same_str(q->arch, r->arch) ||
		    !same_str(q->flavor, r->flavor) ||
		    off_row_version(q) >= v)
			continue;
		if (!prev || off_row_version(q) > off_row_version(prev))
			prev = q;
	}
	return prev;
}

/* The symbols of r named exactly name, and its clones but .cold ones. */
static void count_syms(const struct off_row *r, const char *name,
		       size_t *exact, size_t *clones, const char ***cv)
{
	size_t i;

	*exact = *clones = 0;
	*cv = xcalloc(r->n_syms + 1, sizeof(**cv));
	for (i = 0; i < r->n_syms; i++) {
		const struct off_sym *s = &r->syms[i];

		if (!strcmp(s->name, name))
			(*exact)++;
		else if (!s->suffix || !suffix_is_cold(s->suffix))
			(*cv)[(*clones)++] = s->name;
	}
}

enum off_cell off_row_cell(const struct off_row *rows, size_t n,
			   const struct off_row *r, const char *name,
			   int client, struct ks_findings *why)
{
	enum off_cell c = OFFC_PRESENT;
	const struct off_row *prev;
	size_t exact, clones;
	const char **cv, *t[1];
	char title[300];
	bool present;

	row_title(r, title, sizeof(title));
	t[0] = title;
	present = r->present ||
		  (r->have_func && !r->n_syms &&
		   !(r->status & (DS_ABSENT | DS_FULL_INLINE)));
	if (!present || (r->have_func && (r->status & DS_ABSENT))) {
		if (r->have_func && (r->status & DS_FULL_INLINE))
			findings_add(why, KF_BPF_ROWS_INLINED, 1LL, 1LL, t,
				     (size_t)1);
		else
			findings_add(why, KF_SOURCE_ABSENT, r->source, t,
				     (size_t)1);
		return OFFC_ABSENT;
	}
	count_syms(r, name, &exact, &clones, &cv);
	if (r->n_syms && !exact) {
		findings_add(why, KF_CLONE_ONLY, name, cv, clones);
		c = OFFC_DEGRADED;
	} else if (clones) {
		findings_add(why, KF_CLONES, (long long)clones, name);
		c = OFFC_DEGRADED;
	}
	free(cv);
	if (exact > 1) {
		findings_add(why, KF_AMBIGUOUS_NAME, (long long)exact, name,
			     r->collision ? r->collision : "-");
		c = OFFC_DEGRADED;
	}
	if (!r->n_syms && r->have_func && (r->status & DS_TRANSFORMATION)) {
		findings_add(why, KF_BPF_ROWS_RENAMED, 1LL, 1LL, t,
			     (size_t)1);
		c = OFFC_DEGRADED;
	}
	/* a DWARF row counts the inlined call sites; a page says Selective */
	if (r->n_insts) {
		size_t had = why->n;

		inline_findings(why, name, r);
		if (why->n > had && why->v[had].code != KF_NOT_INLINED)
			c = OFFC_DEGRADED;
	} else if (r->have_func && (r->status & (DS_SELECTIVE_INLINE |
						 DS_FULL_INLINE))) {
		findings_add(why, KF_SELECTIVE_INLINE, t, (size_t)1);
		c = OFFC_DEGRADED;
	}
	prev = r->have_func && r->prototype ? off_row_before(rows, n, r) :
					       NULL;
	if (prev && strcmp(prev->prototype, r->prototype)) {
		struct ks_findings ch = { 0 };
		char ptitle[300];
		const char *p[1] = { ptitle };

		row_title(prev, ptitle, sizeof(ptitle));
		proto_changes(name, prev->prototype, r->prototype, &ch);
		if (ch.n) {
			findings_add(why, KF_PROTOTYPE_CHANGED, p, (size_t)1,
				     &ch);
			c = OFFC_DEGRADED;
		}
		findings_free(&ch);
	}
	if (c == OFFC_PRESENT)
		findings_add(why, KF_OFFLINE_PRESENT, name, title,
			     ks_client_names[client]);
	return c;
}
