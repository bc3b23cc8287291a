// SPDX-License-Identifier: GPL-2.0
/*
 * The matrix's offline columns: the builds of the offline store (the same
 * --db: DWARF imports of -dbg vmlinux files, DepSurf's dataset, each row
 * of DepSurf's pages), after the live builds.  A cell is what the build's
 * row proves for the row's client (off_row_cell(), tools/verdict): absent,
 * degraded, or present (attach is known live only), never "attaches".
 * An offline build of the GNU build-id of a live build keeps its column
 * and both name each other (mx_build.same).  A vmlinux symtab of the
 * build-id of a DWARF import is no column of its own: the DWARF import
 * reads the same file (docs/tool.md, "The fleet").
 */
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

/* the store's source of each offline column kind (offline.h names them) */
static const enum off_source mx_off_source[MX_SRC__COUNT] = {
	[MX_SRC_LIVE] = OFF_SRC_UNKNOWN,
	[MX_SRC_DWARF] = OFF_SRC_DWARF,
	[MX_SRC_VMLINUX] = OFF_SRC_VMLINUX,
	[MX_SRC_SYSMAP] = OFF_SRC_SYSMAP,
	[MX_SRC_DATASET] = OFF_SRC_DATASET,
	[MX_SRC_PAGE] = OFF_SRC_PAGE,
};

const char *mx_source_name(enum mx_source s)
{
	return s == MX_SRC_LIVE ? "live" : off_source_names[mx_off_source[s]];
}

const char *const mx_source_short[MX_SRC__COUNT] = {
	[MX_SRC_LIVE] = "live",
	[MX_SRC_DWARF] = "dwarf",
	[MX_SRC_VMLINUX] = "elf",
	[MX_SRC_SYSMAP] = "map",
	[MX_SRC_DATASET] = "set",
	[MX_SRC_PAGE] = "page",
};

static enum mx_source source_of(const char *s)
{
	enum off_source o = off_source_of(s);
	int i;

	for (i = MX_SRC_DWARF; o != OFF_SRC_UNKNOWN && i < MX_SRC__COUNT; i++)
		if (mx_off_source[i] == o)
			return i;
	return MX_SRC__COUNT;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* DepSurf's groups in its pages' order */
static int group_rank(const char *g)
{
	static const char *const order[] = { "Regular", "Arch", "Flavor" };
	size_t i;

	for (i = 0; g && i < ARRAY_SIZE(order); i++)
		if (!strcmp(g, order[i]))
			return i;
	return ARRAY_SIZE(order);
}

static int build_cmp(const void *pa, const void *pb)
{
	const struct mx_build *a = pa, *b = pb;
	int c = (int)a->source - (int)b->source;

	if (!c)
		c = group_rank(a->group) - group_rank(b->group);
	if (!c)
		c = strcmp(a->arch, b->arch);
	if (!c)
		c = strcmp(nz(a->flavor), nz(b->flavor));
	if (!c)
		c = version_cmp(a->version, b->version);
	if (!c)
		c = strcmp(a->release, b->release);
	if (!c)
		c = strcmp(nz(a->label), nz(b->label));
	return c;
}

static struct mx_build *find_build(struct mx_build *v, size_t n,
				   long long store_id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].store_id == store_id)
			return &v[i];
	return NULL;
}

static void add_build(struct mx_build **v, size_t *n, size_t *cap,
		      const struct off_row *r, enum mx_source src)
{
	char title[300];
	struct mx_build *b;

	*v = array_grow(*v, cap, *n, sizeof(**v));
	b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->source = src;
	b->store_id = r->build_id;
	b->build_id = xstrdup(r->gnu_build_id ? r->gnu_build_id : "none");
	b->release = xstrdup(nz(r->release));
	b->arch = xstrdup(nz(r->arch));
	b->version = r->version ? xstrdup(r->version) : NULL;
	b->flavor = r->flavor ? xstrdup(r->flavor) : NULL;
	b->group = r->grp ? xstrdup(r->grp) : NULL;
	b->label = r->label ? xstrdup(r->label) : NULL;
	row_title(r, title, sizeof(title));
	b->name = xstrdup(title);
}

void mx_build_free(struct mx_build *b)
{
	free(b->build_id);
	free(b->release);
	free(b->arch);
	free(b->name);
	free(b->version);
	free(b->flavor);
	free(b->group);
	free(b->label);
	free(b->same);
}

/* a vmlinux symtab of a DWARF import's build-id: that import's file */
static bool under_dwarf(const struct mx_build *v, size_t n,
			const struct mx_build *b)
{
	size_t i;

	if (b->source != MX_SRC_VMLINUX || !strcmp(b->build_id, "none"))
		return false;
	for (i = 0; i < n; i++)
		if (v[i].source == MX_SRC_DWARF &&
		    !strcmp(v[i].build_id, b->build_id))
			return true;
	return false;
}

static void same_add(struct mx_build *b, size_t col)
{
	b->same = xrealloc(b->same, (b->n_same + 1) * sizeof(*b->same));
	b->same[b->n_same++] = col;
}

/* columns of one GNU build-id name each other */
static void link_same(struct matrix *m)
{
	size_t i, j;

	for (i = m->n_live; i < m->n_builds; i++) {
		struct mx_build *o = &m->builds[i];

		if (!strcmp(o->build_id, "none"))
			continue;
		for (j = 0; j < m->n_builds; j++)
			if (j != i && !strcmp(m->builds[j].build_id,
					      o->build_id)) {
				same_add(o, j);
				if (j < m->n_live)
					same_add(&m->builds[j], i);
			}
	}
}

/* append the offline builds the rows name, sorted, to m's columns */
static void offline_builds(struct matrix *m, const struct mx_offline *off)
{
	struct mx_build *v = NULL;
	size_t n = 0, cap = 0, i, j, k;

	for (i = 0; i < off->n; i++) {
		for (j = 0; j < off->n_rows[i]; j++) {
			const struct off_row *r = &off->rows[i][j];
			enum mx_source src = source_of(r->source);

			if (src == MX_SRC__COUNT ||
			    find_build(v, n, r->build_id))
				continue;
			add_build(&v, &n, &cap, r, src);
		}
	}
	for (i = k = 0; i < n; i++) {
		if (under_dwarf(v, n, &v[i])) {
			mx_build_free(&v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	n = k;
	if (n)
		qsort(v, n, sizeof(*v), build_cmp);
	m->builds = xrealloc(m->builds,
			     (m->n_builds + n + 1) * sizeof(*m->builds));
	memcpy(m->builds + m->n_builds, v, n * sizeof(*v));
	m->n_builds += n;
	free(v);
	link_same(m);
}

/* the store names its spec in messages: never with a password */
static void redact_spec(char *err, size_t errlen, const char *spec,
			const char *shown)
{
	struct strbuf b = { 0 };
	const char *p = err, *hit;

	if (!*spec || !shown)
		return;
	while ((hit = strstr(p, spec))) {
		strbuf_addf(&b, "%.*s%s", (int)(hit - p), p, shown);
		p = hit + strlen(spec);
	}
	strbuf_put(&b, p);
	snprintf(err, errlen, "%s", b.s ? b.s : "");
	free(b.s);
}

int mx_offline_read(struct matrix *m, const char *spec,
		    const struct mx_want *want, size_t n_want,
		    struct mx_offline *off, char *err, size_t errlen)
{
	struct ks_store *st;
	size_t i;
	int ret;

	ret = store_open(spec, true, &st, err, errlen);
	if (ret)
		redact_spec(err, errlen, spec, m->db);
	if (ret) {
		if (m->scope == MX_SCOPE_OFFLINE)
			return ret;
		/* a fleet store without offline builds */
		m->offline_note = xstrdup(err);
		return 0;
	}
	off->rows = xcalloc(n_want + 1, sizeof(*off->rows));
	off->n_rows = xcalloc(n_want + 1, sizeof(*off->n_rows));
	off->n = n_want;
	for (i = 0; !ret && i < n_want; i++) {
		ret = store_query(st, want[i].func, &off->rows[i],
				  &off->n_rows[i], err, errlen);
		if (!ret)
			ret = off_rows_resolve(st, want[i].func,
					       off->rows[i], off->n_rows[i],
					       OFF_RESOLVE_INSTS, err, errlen);
	}
	store_close(st);
	if (ret)
		return ret;
	m->offline_read = true;
	offline_builds(m, off);
	return 0;
}

static const enum mx_code cell_codes[] = {
	[OFFC_ABSENT] = MX_ABSENT,
	[OFFC_DEGRADED] = MX_DEGRADED,
	[OFFC_PRESENT] = MX_PRESENT,
};

void mx_offline_cell(const struct matrix *m, const struct mx_offline *off,
		     size_t w, size_t b, struct mx_cell *cell)
{
	const struct mx_build *bd = &m->builds[b];
	const struct mx_row *row = &m->rows[w];
	const struct off_row *rows = off->rows[w], *r = NULL;
	size_t n = off->n_rows[w], i;

	for (i = 0; i < n && !r; i++)
		if (rows[i].build_id == bd->store_id)
			r = &rows[i];
	if (!r) {
		cell->code = MX_UNKNOWN;
		findings_add(&cell->why, KF_NO_OFFLINE_ROW, row->func,
			     bd->name);
		return;
	}
	cell->code = cell_codes[off_row_cell(rows, n, r, row->func,
					     row->client, &cell->why)];
}

void mx_offline_free(struct mx_offline *off)
{
	size_t i;

	for (i = 0; i < off->n; i++)
		off_rows_free(off->rows[i], off->n_rows[i]);
	free(off->rows);
	free(off->n_rows);
}
