// SPDX-License-Identifier: GPL-2.0
/*
 * A live report into the fleet store: read and parsed by report.c's
 * parser, written out again as canonical facts (what two hosts compare for
 * drift: no address, no timing), given a content hash, and stored in one
 * transaction with its targets, symbols and per-client verdicts.  The same
 * report of the same host is stored once (UNIQUE (host, hash)); every push
 * adds a sighting, and a host's newest sighting names its current report.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fleet.h"

bool fleet_is_report(const char *path)
{
	char head[16] = "";
	FILE *f = fopen(path, "r");
	bool yes;

	if (!f)
		return false;
	yes = fgets(head, sizeof(head), f) && !strncmp(head, "ksymstat ", 9);
	fclose(f);
	return yes;
}

static const char *tri_name(enum ks_tri t)
{
	return t == KS_YES ? "yes" : t == KS_NO ? "no" : "unknown";
}

static void attach_add(struct strbuf *b, const struct ks_attach *a)
{
	size_t c;

	for (c = 0; c < KS_CLIENT__COUNT; c++, a++) {
		strbuf_addf(b, " attach.%s=", ks_client_names[c]);
		if (!a->known)
			strbuf_put(b, "-");
		else if (a->verdict == KS_VERDICT_YES)
			strbuf_put(b, "yes");
		else if (a->verdict == KS_VERDICT_NO)
			strbuf_addf(b, "no:%s:%s", a->err,
				    ks_reason_names[a->reason]);
		else
			strbuf_addf(b, "unknown:%s",
				    ks_reason_names[a->reason]);
	}
}

/* One client's verdict as the report writes it; NULL: not reported. */
static char *attach_one(const struct ks_attach *a)
{
	if (!a->known)
		return NULL;
	if (a->verdict == KS_VERDICT_YES)
		return xstrdup("yes");
	if (a->verdict == KS_VERDICT_NO)
		return xasprintf("no:%s:%s", a->err,
				 ks_reason_names[a->reason]);
	return xasprintf("unknown:%s", ks_reason_names[a->reason]);
}

char *fleet_target_facts(const struct ks_target *t)
{
	struct strbuf b = { 0 };

	strbuf_addf(&b, "state=%s count=%u clones=%u collision=%s ftrace_sites=%lld",
		    t->present ? "present" : "absent", t->count, t->clones,
		    coll_name(t->collision), t->ftrace_sites);
	attach_add(&b, t->attach);
	return b.s;
}

char *fleet_sym_facts(const struct ks_sym *s)
{
	struct strbuf b = { 0 };

	strbuf_addf(&b, "name=%s suffix=%s size=", s->name,
		    s->suffix ? s->suffix : "-");
	if (s->size_known)
		strbuf_addf(&b, "%llu", (unsigned long long)s->size);
	else
		strbuf_put(&b, "unknown");
	strbuf_addf(&b, " type=%c bind=%s owner=%s sympos=%u ftrace=%s kprobe=%s kprobe_err=%d exported=%s ftrace_name=%s blacklisted=%s",
		    s->type ? s->type : '?', bind_name(s->bind),
		    s->owner ? s->owner : "-", s->sympos, tri_name(s->ftrace),
		    tri_name(s->kprobe),
		    s->kprobe_err_known ? s->kprobe_err : 0,
		    s->exported < KS_EXPORT__COUNT ?
		    ks_export_names[s->exported] : "unknown",
		    s->ftrace_name ? s->ftrace_name : "-",
		    tri_name(s->blacklisted));
	attach_add(&b, s->attach);
	return b.s;
}

static char *kernel_facts(const struct ks_report *rep)
{
	return xasprintf("format=%u btf=%s livepatch=%s kprobe_events_on_notrace=%s ftrace_entry=%s modules=%lld symbols=%lld",
			 rep->version, tri_name(rep->btf),
			 tri_name(rep->livepatch), tri_name(rep->on_notrace),
			 rep->ftrace_entry ? rep->ftrace_entry : "-",
			 rep->modules, rep->symbols);
}

/*
 * build_id= of the header line (docs/report-format.md): lowercase hex, or
 * "none"; a report without the field has none.
 */
static int header_build_id(const char *buf, size_t len, char *out,
			   size_t outlen, char *err, size_t errlen,
			   const char *what)
{
	const char *end = memchr(buf, '\n', len), *p, *v;
	size_t n;

	snprintf(out, outlen, "none");
	if (!end)
		end = buf + len;
	for (p = buf; p < end; p = v + n) {
		p = memchr(p, ' ', end - p);
		if (!p)
			return 0;
		p++;
		v = p;
		n = 0;
		while (v + n < end && v[n] != ' ')
			n++;
		if (n < 9 || strncmp(v, "build_id=", 9))
			continue;
		v += 9;
		n -= 9;
		if (n == 4 && !strncmp(v, "none", 4))
			return 0;
		if (n < 2 || n >= outlen || n % 2)
			goto bad;
		for (size_t i = 0; i < n; i++)
			if (!strchr("0123456789abcdef", v[i]))
				goto bad;
		memcpy(out, v, n);
		out[n] = '\0';
		return 0;
	}
	return 0;
bad:
	snprintf(err, errlen,
		 "%s:1: malformed report line: build_id=%.*s is not lowercase hex (an even number of digits) or none",
		 what, (int)(n > 80 ? 80 : n), v);
	return -EINVAL;
}

static void hash_hex(const struct strbuf *b, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	EVP_Digest(b->s ? b->s : "", b->n, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < mdlen && i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
	out[2 * i] = '\0';
}

/* What makes a report this report: every fact and address, no timing. */
static void report_hash(struct fleet_report *fr)
{
	const struct ks_report *rep = fr->rep;
	struct strbuf b = { 0 };
	size_t i, j;

	strbuf_addf(&b, "build_id=%s release=%s machine=%s %s kaslr=",
		    fr->build_id, rep->release, rep->machine,
		    fr->kernel_facts);
	if (rep->kaslr_known)
		strbuf_addf(&b, "%llx\n",
			    (unsigned long long)rep->kaslr_offset);
	else
		strbuf_put(&b, "unknown\n");
	for (i = 0; i < rep->n_targets; i++) {
		const struct ks_target *t = &rep->targets[i];
		char *facts = fleet_target_facts(t);

		strbuf_addf(&b, "target %s %s\n", t->name, facts);
		free(facts);
		for (j = 0; j < t->n_syms; j++) {
			const struct ks_sym *s = &t->syms[j];

			facts = fleet_sym_facts(s);
			strbuf_addf(&b, "sym %llx %llx %s\n",
				    (unsigned long long)s->addr,
				    (unsigned long long)s->ftrace_addr, facts);
			free(facts);
		}
	}
	hash_hex(&b, fr->hash);
	free(b.s);
}

int fleet_report_parse(const char *path, const char *buf, size_t len,
		       struct fleet_report *fr, char *err, size_t errlen)
{
	int ret;

	memset(fr, 0, sizeof(*fr));
	fr->path = path;
	ret = report_parse_buf(buf, len, path, &fr->rep, err, errlen);
	if (!ret)
		ret = header_build_id(buf, len, fr->build_id,
				      sizeof(fr->build_id), err, errlen, path);
	if (ret) {
		fleet_report_free(fr);
		return ret;
	}
	fr->kernel_facts = kernel_facts(fr->rep);
	report_hash(fr);
	return 0;
}

int fleet_report_read(const char *path, struct fleet_report *fr, char *err,
		      size_t errlen)
{
	size_t len;
	char *buf;
	int ret;

	ret = read_input(path, &buf, &len, err, errlen);
	if (ret)
		return ret;
	ret = fleet_report_parse(path, buf, len, fr, err, errlen);
	free(buf);
	return ret;
}

void fleet_report_free(struct fleet_report *fr)
{
	report_free(fr->rep);
	free(fr->kernel_facts);
	fr->rep = NULL;
	fr->kernel_facts = NULL;
}

int fleet_host_default(char *buf, size_t len)
{
	if (gethostname(buf, len))
		return -errno;
	buf[len - 1] = '\0';
	return 0;
}

static int id_row(void *arg, int n, const char *const *vals)
{
	long long *id = arg;

	if (n > 0 && vals[0])
		*id = atoll(vals[0]);
	return 0;
}

/* fleet_target has one attach_ column per client */
_Static_assert(KS_CLIENT__COUNT == 6, "fleet_target: one column a client");

static int store_target(struct fdb *db, long long id,
			const struct ks_target *t, char *err, size_t errlen)
{
	char sid[24], present[4], count[16], clones[16], cold[16], sites[24];
	char *attach[KS_CLIENT__COUNT], *facts = fleet_target_facts(t);
	unsigned int n_cold = 0;
	const char *p[15];
	char seq[24];
	size_t c, j;
	int ret;

	for (j = 0; j < t->n_syms; j++)
		n_cold += t->syms[j].suffix &&
			  suffix_is_cold(t->syms[j].suffix);
	snprintf(cold, sizeof(cold), "%u", n_cold);

	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(present, sizeof(present), "%d", t->present);
	snprintf(count, sizeof(count), "%u", t->count);
	snprintf(clones, sizeof(clones), "%u", t->clones);
	snprintf(sites, sizeof(sites), "%lld", t->ftrace_sites);
	for (c = 0; c < KS_CLIENT__COUNT; c++)
		attach[c] = attach_one(&t->attach[c]);
	p[0] = sid;
	p[1] = t->name;
	p[2] = present;
	p[3] = count;
	p[4] = clones;
	p[5] = coll_name(t->collision);
	p[6] = sites;
	for (c = 0; c < KS_CLIENT__COUNT; c++)
		p[7 + c] = attach[c];
	p[13] = facts;
	p[14] = cold;
	ret = fdb_exec(db,
		       "INSERT INTO fleet_target (report_id, name, present, count, clones, collision, ftrace_sites, attach_kprobe, attach_kprobe_event, attach_fentry, attach_kprobe_multi, attach_ftrace, attach_livepatch, facts, cold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
		       15, p, err, errlen);
	for (c = 0; c < KS_CLIENT__COUNT; c++)
		free(attach[c]);
	free(facts);
	for (j = 0; !ret && j < t->n_syms; j++) {
		const struct ks_sym *s = &t->syms[j];
		char addr[24];

		facts = fleet_sym_facts(s);
		snprintf(seq, sizeof(seq), "%zu", j);
		snprintf(addr, sizeof(addr), "0x%016llx",
			 (unsigned long long)s->addr);
		p[0] = sid;
		p[1] = t->name;
		p[2] = seq;
		p[3] = s->name;
		p[4] = s->owner ? s->owner : "-";
		p[5] = addr;
		p[6] = facts;
		ret = fdb_exec(db,
			       "INSERT INTO fleet_sym (report_id, target, seq, name, owner, addr, facts) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			       7, p, err, errlen);
		free(facts);
	}
	return ret;
}

/* tests/fleet: a pause in the middle of a push, to stop the server then */
static void test_pause(void)
{
	const char *ms = getenv("KSYMSTAT_FLEET_TEST_PAUSE_MS");
	struct timespec ts;
	long v;

	if (!ms || (v = atol(ms)) <= 0)
		return;
	ts.tv_sec = v / 1000;
	ts.tv_nsec = (v % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

static int store_one(struct fdb *db, const char *host,
		     struct fleet_report *fr, const char *now,
		     char *err, size_t errlen)
{
	const struct ks_report *rep = fr->rep;
	char fmt[16], nt[24], ns[24], sid[24];
	const char *p[11];
	size_t i, syms = 0;
	int ret;

	for (i = 0; i < rep->n_targets; i++)
		syms += rep->targets[i].n_syms;
	snprintf(fmt, sizeof(fmt), "%u", rep->version);
	snprintf(nt, sizeof(nt), "%zu", rep->n_targets);
	snprintf(ns, sizeof(ns), "%zu", syms);
	p[0] = host;
	p[1] = fr->hash;
	p[2] = fr->build_id;
	p[3] = rep->release;
	p[4] = rep->arch && *rep->arch ? rep->arch : "unknown";
	p[5] = rep->machine;
	p[6] = fmt;
	p[7] = now;
	p[8] = fr->kernel_facts;
	p[9] = nt;
	p[10] = ns;
	fr->id = 0;
	ret = fdb_query(db,
			"INSERT INTO fleet_report (host, hash, build_id, release, arch, machine, format_version, stored_at, kernel_facts, targets, syms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (host, hash) DO NOTHING RETURNING id",
			11, p, id_row, &fr->id, err, errlen);
	if (ret)
		return ret;
	fr->stored = fr->id != 0;
	if (fr->stored) {
		test_pause();
		for (i = 0; !ret && i < rep->n_targets; i++)
			ret = store_target(db, fr->id, &rep->targets[i], err,
					   errlen);
	} else {
		ret = fdb_query(db,
				"SELECT id FROM fleet_report WHERE host = $1 AND hash = $2",
				2, p, id_row, &fr->id, err, errlen);
		if (!ret && !fr->id) {
			snprintf(err, errlen,
				 "the report of %s with hash %s is neither new nor found",
				 host, fr->hash);
			ret = -EIO;
		}
	}
	if (ret)
		return ret;
	snprintf(sid, sizeof(sid), "%lld", fr->id);
	p[1] = sid;
	p[2] = now;
	return fdb_exec(db,
			"INSERT INTO fleet_seen (host, report_id, seen_at) VALUES ($1, $2, $3)",
			3, p, err, errlen);
}

int fleet_store(struct fdb *db, const char *host, struct fleet_report *frs,
		size_t n, char *err, size_t errlen)
{
	char now[24];
	size_t i;
	int ret;

	snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
	ret = fdb_begin(db, err, errlen);
	for (i = 0; !ret && i < n; i++)
		ret = store_one(db, host, &frs[i], now, err, errlen);
	if (ret) {
		fdb_rollback(db);
		return ret;
	}
	return fdb_commit(db, err, errlen);
}

/* Store the parsed reports frs[0..n) of host; the error said. */
static int store_all(const struct ks_ctx *ctx, const char *spec,
		     const char *host, struct fleet_report *frs, size_t n,
		     struct fleet_stored *res)
{
	char err[KS_ERRLEN];
	struct fdb *db;
	int ret;

	ret = fdb_open(spec, false, true, &db, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	ret = fleet_store(db, host, frs, n, err, sizeof(err));
	if (ret) {
		p_err(ctx, "fleet store %s: nothing stored: %s", db->shown,
		      err);
		fdb_close(db);
		return KS_EXIT_ERROR;
	}
	res->shown = xstrdup(db->shown);
	res->backend = db->ops->name;
	fdb_close(db);
	return KS_EXIT_OK;
}

static int host_label(const struct ks_ctx *ctx, const char *given,
		      char *buf, size_t len)
{
	if (given) {
		if (!*given || strpbrk(given, " \t\n")) {
			p_err(ctx, "--host '%s': a host label is one word",
			      given);
			return -EINVAL;
		}
		snprintf(buf, len, "%s", given);
		return 0;
	}
	if (fleet_host_default(buf, len)) {
		p_err(ctx, "cannot read the host name: %s (give --host)",
		      strerror(errno));
		return -errno;
	}
	return 0;
}

int fleet_import(const struct ks_ctx *ctx, const char *db, const char *host,
		 int n, char **paths, struct fleet_stored *res)
{
	struct fleet_report *frs = xcalloc(n, sizeof(*frs));
	char err[KS_ERRLEN], label[256];
	int i, ret = 0;

	res->frs = frs;
	res->n = n;

	if (host_label(ctx, host, label, sizeof(label)))
		ret = KS_EXIT_ERROR;
	for (i = 0; !ret && i < n; i++) {
		if (fleet_report_read(paths[i], &frs[i], err, sizeof(err))) {
			p_err(ctx, "%s (nothing stored)", err);
			ret = KS_EXIT_ERROR;
		}
	}
	if (!ret)
		ret = store_all(ctx, db, label, frs, n, res);
	snprintf(res->host, sizeof(res->host), "%s", label);
	return ret;
}

void fleet_stored_free(struct fleet_stored *res)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		fleet_report_free(&res->frs[i]);
	free(res->frs);
	free(res->shown);
	memset(res, 0, sizeof(*res));
}
