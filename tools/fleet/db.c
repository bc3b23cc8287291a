// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet store's common half: which backend a --db names, passwords
 * kept out of messages, the schema and its migrations, and the calls the
 * fleet's code makes (db.h).  The schema is written once; the backends
 * differ only in the type of a generated id and in roles, which only a
 * PostgreSQL server has.
 */
#include <stdlib.h>
#include <string.h>

#include "../verdict/verdict.h"
#include "db.h"

/* a URI, or libpq's key=value form: it starts with "keyword=" */
bool fdb_is_pg(const char *spec)
{
	size_t k = strspn(spec, "abcdefghijklmnopqrstuvwxyz_");

	return !strncmp(spec, "postgresql://", 13) ||
	       !strncmp(spec, "postgres://", 11) || (k && spec[k] == '=');
}

/* URI: scheme://user:PASSWORD@host; key=value: password=PASSWORD */
char *fdb_redact(const char *spec)
{
	struct strbuf b = { 0 };
	const char *p, *at, *colon, *q;

	if (!fdb_is_pg(spec))
		return xstrdup(spec);
	p = strstr(spec, "://");
	if (p) {
		p += 3;
		at = p + strcspn(p, "@/?");
		colon = memchr(p, ':', at - p);
		if (*at == '@' && colon) {
			char *head = xstrndup(spec, colon + 1 - spec);

			strbuf_addf(&b, "%s***", head);
			free(head);
			spec = at;
		}
	}
	/* password= in a key=value string or in a URI's query */
	while ((q = strstr(spec, "password="))) {
		char *head = xstrndup(spec, q + 9 - spec);

		strbuf_addf(&b, "%s***", head);
		free(head);
		spec = q + 9;
		if (*spec == '\'') {
			spec++;
			while (*spec && *spec != '\'')
				spec += spec[0] == '\\' && spec[1] ? 2 : 1;
			if (*spec)
				spec++;
		} else {
			spec += strcspn(spec, " &");
		}
	}
	strbuf_put(&b, spec);
	return b.s;
}

/*
 * Schema version 1.  @ID@ is the backend's generated id.  A report is
 * stored once per host and content (UNIQUE (host, hash)); every push adds
 * a row to fleet_seen, and a host's current report is that of its newest
 * fleet_seen row.
 */
static const char schema_v1[] =
	"CREATE TABLE fleet_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE fleet_report (\n"
	"  id @ID@,\n"
	"  host TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL,\n"
	"  build_id TEXT NOT NULL,\n"
	"  release TEXT NOT NULL,\n"
	"  arch TEXT NOT NULL,\n"
	"  machine TEXT NOT NULL,\n"
	"  format_version INTEGER NOT NULL,\n"
	"  stored_at BIGINT NOT NULL,\n"
	"  kernel_facts TEXT NOT NULL,\n"
	"  targets INTEGER NOT NULL,\n"
	"  syms INTEGER NOT NULL,\n"
	"  UNIQUE (host, hash));\n"
	"CREATE INDEX fleet_report_build ON fleet_report (build_id, release, arch);\n"
	"CREATE TABLE fleet_target (\n"
	"  report_id BIGINT NOT NULL REFERENCES fleet_report (id),\n"
	"  name TEXT NOT NULL,\n"
	"  present INTEGER NOT NULL,\n"
	"  count INTEGER NOT NULL,\n"
	"  clones INTEGER NOT NULL,\n"
	"  cold INTEGER NOT NULL,\n"
	"  collision TEXT NOT NULL,\n"
	"  ftrace_sites BIGINT NOT NULL,\n"
	"  attach_kprobe TEXT,\n"
	"  attach_kprobe_event TEXT,\n"
	"  attach_fentry TEXT,\n"
	"  attach_kprobe_multi TEXT,\n"
	"  attach_ftrace TEXT,\n"
	"  attach_livepatch TEXT,\n"
	"  facts TEXT NOT NULL,\n"
	"  PRIMARY KEY (report_id, name));\n"
	"CREATE INDEX fleet_target_name ON fleet_target (name);\n"
	"CREATE TABLE fleet_sym (\n"
	"  report_id BIGINT NOT NULL REFERENCES fleet_report (id),\n"
	"  target TEXT NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  owner TEXT NOT NULL,\n"
	"  addr TEXT NOT NULL,\n"
	"  facts TEXT NOT NULL,\n"
	"  PRIMARY KEY (report_id, target, seq));\n"
	"CREATE TABLE fleet_seen (\n"
	"  id @ID@,\n"
	"  host TEXT NOT NULL,\n"
	"  report_id BIGINT NOT NULL REFERENCES fleet_report (id),\n"
	"  seen_at BIGINT NOT NULL);\n"
	"CREATE INDEX fleet_seen_host ON fleet_seen (host, id);\n";

/*
 * Least privilege on a server: three roles, granted to login roles by the
 * administrator (docs/tool.md).  ksymstat_push adds reports and sightings
 * and reads only what it needs to find a report already stored;
 * ksymstat_import adds reports (saved ones, offline data); ksymstat_read
 * queries.  Nobody but the owner updates or deletes.
 */
static const char roles_v1[] =
	"DO $$ BEGIN\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ksymstat_push') THEN\n"
	"    CREATE ROLE ksymstat_push NOLOGIN; END IF;\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ksymstat_import') THEN\n"
	"    CREATE ROLE ksymstat_import NOLOGIN; END IF;\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ksymstat_read') THEN\n"
	"    CREATE ROLE ksymstat_read NOLOGIN; END IF;\n"
	"END $$;\n"
	"REVOKE ALL ON fleet_meta, fleet_report, fleet_target, fleet_sym, fleet_seen FROM PUBLIC;\n"
	"GRANT SELECT ON fleet_meta TO ksymstat_push, ksymstat_import, ksymstat_read;\n"
	"GRANT INSERT ON fleet_report, fleet_target, fleet_sym, fleet_seen TO ksymstat_push;\n"
	"GRANT SELECT (id, host, hash) ON fleet_report TO ksymstat_push;\n"
	"GRANT SELECT, INSERT ON fleet_report, fleet_target, fleet_sym, fleet_seen TO ksymstat_import;\n"
	"GRANT SELECT ON fleet_report, fleet_target, fleet_sym, fleet_seen TO ksymstat_read;\n";

struct migration {
	const char *all;		/* both backends */
	const char *pg;			/* PostgreSQL only, after it */
};

/* migrations[i] takes the schema from version i to i + 1 */
static const struct migration migrations[FLEET_SCHEMA] = {
	{ schema_v1, roles_v1 },
};

static char *subst_id(const char *sql, const char *id_type)
{
	struct strbuf b = { 0 };
	const char *p;

	while ((p = strstr(sql, "@ID@"))) {
		char *head = xstrndup(sql, p - sql);

		strbuf_addf(&b, "%s%s", head, id_type);
		free(head);
		sql = p + 4;
	}
	strbuf_put(&b, sql);
	return b.s;
}

int fdb_query(struct fdb *db, const char *sql, int n,
	      const char *const *params, fdb_row_fn fn, void *arg,
	      char *err, size_t errlen)
{
	return db->ops->query(db, sql, n, params, fn, arg, err, errlen);
}

int fdb_exec(struct fdb *db, const char *sql, int n,
	     const char *const *params, char *err, size_t errlen)
{
	return db->ops->query(db, sql, n, params, NULL, NULL, err, errlen);
}

struct value_arg {
	char *buf;
	size_t len;
	bool found;
};

static int value_row(void *arg, int n, const char *const *vals)
{
	struct value_arg *v = arg;

	if (!v->found && n > 0)
		snprintf(v->buf, v->len, "%s", vals[0] ? vals[0] : "");
	v->found = true;
	return 0;
}

int fdb_value(struct fdb *db, const char *sql, int n,
	      const char *const *params, char *buf, size_t len,
	      char *err, size_t errlen)
{
	struct value_arg v = { buf, len, false };
	int ret;

	buf[0] = '\0';
	ret = fdb_query(db, sql, n, params, value_row, &v, err, errlen);
	if (ret)
		return ret;
	return v.found ? 0 : 1;
}

static int begin(struct fdb *db, const char *sql, char *err, size_t errlen)
{
	int ret;

	db->in_tx = true;
	ret = db->ops->script(db, sql, err, errlen);
	if (ret)
		fdb_rollback(db);
	return ret;
}

int fdb_begin(struct fdb *db, char *err, size_t errlen)
{
	return begin(db, db->ops->begin_write, err, errlen);
}

int fdb_commit(struct fdb *db, char *err, size_t errlen)
{
	int ret = db->ops->script(db, "COMMIT", err, errlen);

	if (ret)
		fdb_rollback(db);
	db->in_tx = false;
	return ret;
}

void fdb_rollback(struct fdb *db)
{
	char err[KS_ERRLEN];

	if (db->in_tx)
		db->ops->script(db, "ROLLBACK", err, sizeof(err));
	db->in_tx = false;
}

int fdb_schema_version(struct fdb *db, int *version, char *err,
		       size_t errlen)
{
	const char *exists = db->ops == &fdb_pg_ops ?
		"SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'fleet_meta' AND schemaname = current_schema()" :
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'fleet_meta'";
	char buf[32];
	int ret;

	*version = 0;
	ret = fdb_value(db, exists, 0, NULL, buf, sizeof(buf), err, errlen);
	if (ret < 0)
		return ret;
	if (strcmp(buf, "1"))
		return 0;
	ret = fdb_value(db,
			"SELECT value FROM fleet_meta WHERE key = 'schema_version'",
			0, NULL, buf, sizeof(buf), err, errlen);
	if (ret < 0)
		return ret;
	*version = atoi(buf);
	return 0;
}

static int migrate(struct fdb *db, char *err, size_t errlen)
{
	char num[16];
	int ret, v;

	ret = begin(db, db->ops->begin_schema, err, errlen);
	if (!ret)
		ret = fdb_schema_version(db, &v, err, errlen);
	for (; !ret && v < FLEET_SCHEMA; v++) {
		const struct migration *m = &migrations[v];
		char *sql = subst_id(m->all, db->ops->id_type);
		const char *params[1] = { num };

		ret = db->ops->script(db, sql, err, errlen);
		free(sql);
		if (!ret && m->pg && db->ops == &fdb_pg_ops)
			ret = db->ops->script(db, m->pg, err, errlen);
		snprintf(num, sizeof(num), "%d", v + 1);
		if (!ret)
			ret = fdb_exec(db,
				       "DELETE FROM fleet_meta WHERE key = 'schema_version'",
				       0, NULL, err, errlen);
		if (!ret)
			ret = fdb_exec(db,
				       "INSERT INTO fleet_meta (key, value) VALUES ('schema_version', $1)",
				       1, params, err, errlen);
	}
	if (ret) {
		fdb_rollback(db);
		return ret;
	}
	return fdb_commit(db, err, errlen);
}

int fdb_open(const char *spec, bool readonly, bool migrate_ok,
	     struct fdb **out, char *err, size_t errlen)
{
	struct fdb *db = xcalloc(1, sizeof(*db));
	char inner[KS_ERRLEN];
	int ret, v = 0;

	db->ops = fdb_is_pg(spec) ? &fdb_pg_ops : &fdb_sqlite_ops;
	db->shown = fdb_redact(spec);
	ret = db->ops->open(db, spec, readonly, inner, sizeof(inner));
	if (!ret)
		ret = fdb_schema_version(db, &v, inner, sizeof(inner));
	if (!ret && v > FLEET_SCHEMA) {
		snprintf(inner, sizeof(inner),
			 "its fleet schema is version %d, newer than this ksymstat's %d",
			 v, FLEET_SCHEMA);
		ret = -EPROTO;
	}
	if (!ret && v < FLEET_SCHEMA) {
		if (readonly || !migrate_ok) {
			if (v)
				snprintf(inner, sizeof(inner),
					 "its fleet schema is version %d; this ksymstat needs %d: import once as the store's owner",
					 v, FLEET_SCHEMA);
			else
				snprintf(inner, sizeof(inner),
					 "no fleet data in it: import a live report first (as the store's owner)");
			ret = -ENOENT;
		} else {
			ret = migrate(db, inner, sizeof(inner));
		}
	}
	if (ret) {
		snprintf(err, errlen, "fleet store %s: %s", db->shown, inner);
		fdb_close(db);
		return ret;
	}
	*out = db;
	return 0;
}

void fdb_close(struct fdb *db)
{
	if (!db)
		return;
	fdb_rollback(db);
	if (db->h)
		db->ops->close(db);
	free(db->shown);
	free(db);
}
