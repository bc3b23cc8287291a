// SPDX-License-Identifier: GPL-2.0
/*
 * The matrix from the fleet store: the current report of every host
 * (its newest sighting), grouped by kernel build (GNU build-id, or
 * release and arch when the report has none), and for each function the
 * verdict of one client on each build, with drift: hosts of one build
 * whose reports disagree.  The offline builds of the same store come after
 * them as columns (matrix_offline.c; docs/tool.md, "The fleet").
 */
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

const char *const mx_code_names[MX__COUNT] = {
	[MX_REFUSED] = "refused",
	[MX_ABSENT] = "absent",
	[MX_DRIFT] = "drift",
	[MX_DEGRADED] = "degraded",
	[MX_UNKNOWN] = "unknown",
	[MX_PRESENT] = "present",
	[MX_ATTACHES] = "attaches",
};

const char *const mx_code_short[MX__COUNT] = {
	[MX_REFUSED] = "NO",
	[MX_ABSENT] = "abs",
	[MX_DRIFT] = "drift",
	[MX_DEGRADED] = "deg",
	[MX_UNKNOWN] = "?",
	[MX_PRESENT] = "pres",
	[MX_ATTACHES] = "yes",
};

const char *const mx_code_meaning[MX__COUNT] = {
	[MX_REFUSED] = "the client refuses the name (errno, reason)",
	[MX_ABSENT] = "no symbol of that name",
	[MX_DRIFT] = "hosts of the build report different verdicts",
	[MX_DEGRADED] = "attaches, but misses calls (clones, several symbols)",
	[MX_UNKNOWN] = "no report of the build asked, or the verdict is unknown",
	[MX_PRESENT] = "present offline, attach not checked live (an offline build)",
	[MX_ATTACHES] = "the client attaches by name",
};

/* The current reports: "s.id" is the newest sighting of each host. */
#define SQL_CURRENT_IDS \
	"SELECT max(id) FROM fleet_seen GROUP BY host"

struct mx_host {
	long long report_id;
	char *host;
	char *build_id;
	char *release;
	char *arch;
	char *facts;
	size_t build;
};

struct loader {
	struct mx_host *hosts;
	size_t n, cap;
};

static int host_row(void *arg, int n, const char *const *v)
{
	struct loader *l = arg;
	struct mx_host *h;

	if (n < 6)
		return -EPROTO;
	l->hosts = array_grow(l->hosts, &l->cap, l->n, sizeof(*l->hosts));
	h = &l->hosts[l->n++];
	h->report_id = atoll(v[0]);
	h->host = xstrdup(v[1]);
	h->build_id = xstrdup(v[2]);
	h->release = xstrdup(v[3]);
	h->arch = xstrdup(v[4]);
	h->facts = xstrdup(v[5]);
	return 0;
}

static int build_cmp(const struct mx_host *a, const struct mx_host *b)
{
	int c = strcmp(a->arch, b->arch);

	if (!c)
		c = strcmp(a->release, b->release);
	if (!c)
		c = strcmp(a->build_id, b->build_id);
	return c;
}

static int host_cmp(const void *pa, const void *pb)
{
	const struct mx_host *a = pa, *b = pb;
	int c = build_cmp(a, b);

	return c ? c : strcmp(a->host, b->host);
}

/* the hosts' index by report id */
static int by_report(const void *pa, const void *pb)
{
	const struct mx_host *a = *(const struct mx_host *const *)pa;
	const struct mx_host *b = *(const struct mx_host *const *)pb;

	return (a->report_id > b->report_id) - (a->report_id < b->report_id);
}

/* What one host's report says of the function. */
struct hres {
	bool asked;
	enum mx_code code;
	char *verdict;
	char *facts;
	struct ks_findings why;
};

struct func_load {
	const struct matrix *m;
	const char *func;
	int client;
	struct mx_host **index;
	size_t n;
	struct hres *res;		/* by host, in m's host order */
	struct mx_host *hosts;
};

static void host_verdict(const struct func_load *fl, struct hres *r,
			 const char *const *v, const char *host)
{
	const char *client = ks_client_names[fl->client];
	unsigned int count = atoi(v[2]), clones = atoi(v[3]);
	unsigned int cold = atoi(v[4]);
	const char *attach = v[6];

	r->asked = true;
	r->verdict = attach ? xstrdup(attach) : NULL;
	r->facts = xstrdup(v[7] ? v[7] : "");
	if (!atoi(v[1])) {
		r->code = MX_ABSENT;
		findings_add(&r->why, KF_ABSENT_LIVE, fl->func, host);
	} else if (!attach) {
		r->code = MX_UNKNOWN;
		findings_add(&r->why, KF_CLIENT_V1_NO_VERDICT, client, 1LL);
	} else if (!strcmp(attach, "yes")) {
		r->code = MX_ATTACHES;
		if (count > 1) {
			r->code = MX_DEGRADED;
			findings_add(&r->why, KF_AMBIGUOUS_NAME,
				     (long long)count, fl->func, v[5]);
		}
		if (clones > cold) {
			r->code = MX_DEGRADED;
			findings_add(&r->why, KF_CLONES,
				     (long long)(clones - cold), fl->func);
		}
	} else if (!strncmp(attach, "no:", 3)) {
		const char *e = attach + 3, *reason = strchr(e, ':');
		char *errname = xstrndup(e, reason ? (size_t)(reason - e) :
					 strlen(e));

		r->code = MX_REFUSED;
		findings_add(&r->why, KF_CLIENT_REFUSES, client, fl->func,
			     errname, reason ? reason + 1 : "-");
		free(errname);
	} else {
		const char *reason = strchr(attach, ':');

		r->code = MX_UNKNOWN;
		findings_add(&r->why, KF_CLIENT_UNKNOWN, client,
			     reason ? reason + 1 : attach);
	}
}

static int target_row(void *arg, int n, const char *const *v)
{
	struct func_load *fl = arg;
	struct mx_host key = { .report_id = atoll(v[0]) }, *kp = &key;
	struct mx_host **hit;
	size_t i;

	if (n < 8)
		return -EPROTO;
	hit = bsearch(&kp, fl->index, fl->n, sizeof(*fl->index), by_report);
	/* a sighting newer than the list: not current for this matrix */
	if (!hit)
		return 0;
	i = *hit - fl->hosts;
	host_verdict(fl, &fl->res[i], v, (*hit)->host);
	return 0;
}

/* the keys whose key=value words differ between two facts strings */
static void fields_differ(const char *a, const char *b, char ***keys,
			  size_t *n)
{
	const char *s[2] = { a, b };
	int side;

	for (side = 0; side < 2; side++) {
		const char *p = s[side], *o = s[!side];

		while (*p) {
			size_t len = strcspn(p, " "), klen;
			const char *q = o, *eq = memchr(p, '=', len);
			bool same = false;
			size_t i;

			klen = eq ? (size_t)(eq - p) : len;
			while (*q) {
				size_t ql = strcspn(q, " ");

				if (ql == len && !memcmp(p, q, len))
					same = true;
				q += ql;
				q += *q == ' ';
			}
			for (i = 0; !same && i < *n; i++)
				if (strlen((*keys)[i]) == klen &&
				    !memcmp((*keys)[i], p, klen))
					same = true;
			if (!same) {
				*keys = xrealloc(*keys,
						 (*n + 1) * sizeof(**keys));
				(*keys)[(*n)++] = xstrndup(p, klen);
			}
			p += len;
			p += *p == ' ';
		}
	}
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Drift among facts[0..n) (NULL: not asked): the facts most hosts share
 * are the reference; the hosts that differ and the keys that do.  false
 * when all agree.
 */
static bool drift_of(char **facts, char **hosts, size_t n, char ***odd,
		     size_t *n_odd, char ***keys, size_t *n_keys)
{
	size_t i, j, best = n, best_count = 0;

	for (i = 0; i < n; i++) {
		size_t c = 0;

		if (!facts[i])
			continue;
		for (j = 0; j < n; j++)
			c += facts[j] && !strcmp(facts[i], facts[j]);
		if (c > best_count) {
			best = i;
			best_count = c;
		}
	}
	*odd = *keys = NULL;
	*n_odd = *n_keys = 0;
	if (best == n)
		return false;
	for (i = 0; i < n; i++) {
		if (!facts[i] || !strcmp(facts[i], facts[best]))
			continue;
		*odd = xrealloc(*odd, (*n_odd + 1) * sizeof(**odd));
		(*odd)[(*n_odd)++] = hosts[i];
		fields_differ(facts[best], facts[i], keys, n_keys);
	}
	if (*n_keys)
		qsort(*keys, *n_keys, sizeof(**keys), strp_cmp);
	return *n_odd > 0;
}

/* append a copy of the findings src to dst */
static void add_copy(struct ks_findings *dst, const struct ks_findings *src)
{
	struct ks_findings c;
	size_t i;

	findings_copy(&c, src);
	dst->v = xrealloc(dst->v, (dst->n + c.n) * sizeof(*dst->v));
	for (i = 0; i < c.n; i++)
		dst->v[dst->n++] = c.v[i];
	free(c.v);
}

static void cell_of(struct matrix *m, const char *func, size_t b,
		    struct hres *res, size_t lo, size_t hi,
		    struct mx_cell *cell)
{
	const struct mx_build *bd = &m->builds[b];
	char **facts = xcalloc(hi - lo, sizeof(*facts));
	char **odd, **keys;
	size_t i, first = hi, n_odd, n_keys;
	bool same = true;

	for (i = lo; i < hi; i++) {
		if (!res[i].asked)
			continue;
		facts[i - lo] = res[i].facts;
		cell->asked++;
		if (first == hi) {
			first = i;
			continue;
		}
		if (res[i].code != res[first].code ||
		    !res[i].verdict != !res[first].verdict ||
		    (res[i].verdict &&
		     strcmp(res[i].verdict, res[first].verdict)))
			same = false;
	}
	if (first == hi) {
		cell->code = MX_UNKNOWN;
		findings_add(&cell->why, KF_NOT_ASKED, func, bd->name);
		free(facts);
		return;
	}
	cell->code = res[first].code;
	cell->verdict = res[first].verdict ? xstrdup(res[first].verdict) :
					     NULL;
	if (drift_of(facts, bd->hosts, hi - lo, &odd, &n_odd, &keys,
		     &n_keys)) {
		struct ks_findings one = { 0 };

		findings_add(&one, KF_DRIFT, func, bd->name,
			     (const char *const *)odd, n_odd,
			     (const char *const *)keys, n_keys);
		/* one finding, however many rows (hooks) name the function */
		for (i = 0; i < m->findings.n; i++)
			if (findings_equal(&one, &(struct ks_findings){
					&m->findings.v[i], 1 }))
				break;
		if (i == m->findings.n)
			add_copy(&m->findings, &one);
		if (!same) {
			cell->code = MX_DRIFT;
			add_copy(&cell->why, &one);
		}
		findings_free(&one);
		free(odd);
		free_strv(keys, n_keys);
	}
	if (cell->code != MX_DRIFT)
		findings_copy(&cell->why, &res[first].why);
	free(facts);
}

static int load_func(struct fdb *db, struct matrix *m, struct mx_host *hosts,
		     struct mx_host **index, const struct mx_want *want,
		     struct mx_row *row, char *err, size_t errlen)
{
	struct func_load fl = {
		.m = m, .func = want->func, .client = want->client,
		.index = index, .n = m->n_hosts, .hosts = hosts,
	};
	const char *func = want->func, *p[1] = { func };
	size_t b, i, lo;
	char sql[512];
	int ret;

	fl.res = xcalloc(m->n_hosts ? m->n_hosts : 1, sizeof(*fl.res));
	snprintf(sql, sizeof(sql),
		 "SELECT report_id, present, count, clones, cold, collision, attach_%s, facts FROM fleet_target WHERE name = $1 AND report_id IN (SELECT report_id FROM fleet_seen WHERE id IN (" SQL_CURRENT_IDS "))",
		 ks_client_names[want->client]);
	ret = fdb_query(db, sql, 1, p, target_row, &fl, err, errlen);
	row->func = xstrdup(func);
	row->label = xstrdup(want->label);
	row->client = want->client;
	row->cells = xcalloc(m->n_builds ? m->n_builds : 1,
			     sizeof(*row->cells));
	row->worst = MX_ATTACHES;
	for (b = 0, lo = 0; !ret && b < m->n_live; b++) {
		size_t hi = lo + m->builds[b].n_hosts;

		cell_of(m, func, b, fl.res, lo, hi, &row->cells[b]);
		if (row->cells[b].code < row->worst)
			row->worst = row->cells[b].code;
		lo = hi;
	}
	for (i = 0; i < m->n_hosts; i++) {
		free(fl.res[i].verdict);
		free(fl.res[i].facts);
		findings_free(&fl.res[i].why);
	}
	free(fl.res);
	return ret;
}

/* group the sorted hosts into builds; kernel drift within each */
static void group_builds(struct matrix *m, struct mx_host *h, size_t n)
{
	size_t i, cap = 0;

	for (i = 0; i < n; i++) {
		struct mx_build *b;

		if (!i || build_cmp(&h[i - 1], &h[i])) {
			m->builds = array_grow(m->builds, &cap, m->n_builds,
					       sizeof(*m->builds));
			b = &m->builds[m->n_builds++];
			memset(b, 0, sizeof(*b));
			b->source = MX_SRC_LIVE;
			b->build_id = xstrdup(h[i].build_id);
			b->release = xstrdup(h[i].release);
			b->arch = xstrdup(h[i].arch);
			if (strcmp(b->build_id, "none"))
				b->name = xasprintf("%s@%.12s", b->release,
						    b->build_id);
			else
				b->name = xasprintf("%s (%s, no build-id)",
						    b->release, b->arch);
		}
		b = &m->builds[m->n_builds - 1];
		b->hosts = xrealloc(b->hosts,
				    (b->n_hosts + 1) * sizeof(*b->hosts));
		b->facts = xrealloc(b->facts,
				    (b->n_hosts + 1) * sizeof(*b->facts));
		b->hosts[b->n_hosts] = xstrdup(h[i].host);
		b->facts[b->n_hosts++] = xstrdup(h[i].facts);
		h[i].build = m->n_builds - 1;
	}
	for (i = 0; i < m->n_builds; i++) {
		struct mx_build *b = &m->builds[i];
		char **odd, **keys;
		size_t n_odd, n_keys;

		if (!drift_of(b->facts, b->hosts, b->n_hosts, &odd, &n_odd,
			      &keys, &n_keys))
			continue;
		findings_add(&m->findings, KF_DRIFT_KERNEL, b->name,
			     (const char *const *)odd, n_odd,
			     (const char *const *)keys, n_keys);
		free(odd);
		free_strv(keys, n_keys);
	}
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct mx_row *a = pa, *b = pb;

	if (a->worst != b->worst)
		return (int)a->worst - (int)b->worst;
	return strcmp(a->label, b->label);
}

const char *matrix_client(const struct matrix *m)
{
	return m->client < 0 ? "per hook" : ks_client_names[m->client];
}

static void worst_first(struct matrix *m)
{
	size_t i, b;

	for (i = 0; i < m->n_rows; i++) {
		m->rows[i].worst = MX_ATTACHES;
		for (b = 0; b < m->n_builds; b++)
			if (m->rows[i].cells[b].code < m->rows[i].worst)
				m->rows[i].worst = m->rows[i].cells[b].code;
	}
	if (m->n_rows)
		qsort(m->rows, m->n_rows, sizeof(*m->rows), row_cmp);
}

static int load_live(struct fdb *db, struct matrix *m, struct loader *l,
		     char *err, size_t errlen)
{
	int ret;

	ret = fdb_query(db,
			"SELECT r.id, s.host, r.build_id, r.release, r.arch, r.kernel_facts FROM fleet_seen s JOIN fleet_report r ON r.id = s.report_id WHERE s.id IN (" SQL_CURRENT_IDS ")",
			0, NULL, host_row, l, err, errlen);
	if (!ret && l->n)
		qsort(l->hosts, l->n, sizeof(*l->hosts), host_cmp);
	m->n_hosts = l->n;
	if (!ret)
		group_builds(m, l->hosts, l->n);
	m->n_live = m->n_builds;
	return ret;
}

int matrix_load(struct fdb *db, const char *offline, enum mx_scope scope,
		const struct mx_want *want, size_t n_want, struct matrix *m,
		char *err, size_t errlen)
{
	struct mx_offline off = { 0 };
	struct loader l = { 0 };
	struct mx_host **index;
	size_t i, b;
	int ret = 0;

	m->client = n_want ? want[0].client : -1;
	for (i = 1; i < n_want; i++)
		if (want[i].client != m->client)
			m->client = -1;
	m->scope = scope;
	if (db && !m->db)
		m->db = db->shown;
	if (db && scope != MX_SCOPE_OFFLINE)
		ret = load_live(db, m, &l, err, errlen);
	if (!ret && offline && scope != MX_SCOPE_LIVE)
		ret = mx_offline_read(m, offline, want, n_want, &off, err,
				      errlen);
	index = xcalloc(l.n ? l.n : 1, sizeof(*index));
	for (i = 0; i < l.n; i++)
		index[i] = &l.hosts[i];
	if (l.n)
		qsort(index, l.n, sizeof(*index), by_report);
	m->rows = xcalloc(n_want ? n_want : 1, sizeof(*m->rows));
	for (i = 0; !ret && i < n_want; i++, m->n_rows++) {
		if (m->n_live) {
			ret = load_func(db, m, l.hosts, index, &want[i],
					&m->rows[i], err, errlen);
		} else {
			m->rows[i].func = xstrdup(want[i].func);
			m->rows[i].label = xstrdup(want[i].label);
			m->rows[i].client = want[i].client;
			m->rows[i].cells = xcalloc(m->n_builds ? m->n_builds :
						   1, sizeof(*m->rows[i].cells));
		}
		for (b = m->n_live; !ret && b < m->n_builds; b++)
			mx_offline_cell(m, &off, i, b, &m->rows[i].cells[b]);
	}
	if (!ret)
		worst_first(m);
	mx_offline_free(&off);
	for (i = 0; i < l.n; i++) {
		free(l.hosts[i].host);
		free(l.hosts[i].build_id);
		free(l.hosts[i].release);
		free(l.hosts[i].arch);
		free(l.hosts[i].facts);
	}
	free(l.hosts);
	free(index);
	return ret;
}

void matrix_col_id(const struct matrix *m, size_t b, char *buf, size_t len)
{
	(void)m;
	snprintf(buf, len, "B%zu", b + 1);
}

int matrix_exit(const struct matrix *m)
{
	size_t i;

	for (i = 0; i < m->n_rows; i++)
		if (m->rows[i].worst <= MX_DRIFT)
			return KS_EXIT_MISMATCH;
	return KS_EXIT_OK;
}

void matrix_free(struct matrix *m)
{
	size_t i, j;

	for (i = 0; i < m->n_rows; i++) {
		for (j = 0; j < m->n_builds; j++) {
			free(m->rows[i].cells[j].verdict);
			findings_free(&m->rows[i].cells[j].why);
		}
		free(m->rows[i].cells);
		free(m->rows[i].func);
		free(m->rows[i].label);
	}
	free(m->rows);
	for (i = 0; i < m->n_builds; i++) {
		struct mx_build *b = &m->builds[i];

		free_strv(b->hosts, b->n_hosts);
		free_strv(b->facts, b->n_hosts);
		mx_build_free(b);
	}
	free(m->builds);
	free(m->offline_note);
	findings_free(&m->findings);
}
