// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet's schema on the store interface (db/db.h): its tables, their
 * migrations, the grants to the roles, and fdb_open(), the store of the
 * fleet's commands.  The schema is written once for both backends.
 */
#include <stdlib.h>
#include <string.h>

#include "fleet_schema.h"

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
 * The roles' grants on a server (db.c creates the roles): ksymstat_push
 * adds reports and sightings and reads only what it needs to find a
 * report already stored; ksymstat_import adds reports (saved ones);
 * ksymstat_read queries.  Nobody but the owner updates or deletes.
 */
static const char roles_v1[] =
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

int fdb_schema_version(struct fdb *db, int *version, char *err,
		       size_t errlen)
{
	char buf[32];
	int ret;

	*version = 0;
	ret = fdb_table_exists(db, "fleet_meta", err, errlen);
	if (ret <= 0)
		return ret;
	ret = fdb_value(db,
			"SELECT value FROM fleet_meta WHERE key = 'schema_version'",
			0, NULL, buf, sizeof(buf), err, errlen);
	if (ret < 0)
		return ret;
	*version = atoi(buf);
	return 0;
}

/* From version from to FLEET_SCHEMA, in fdb_migrate()'s transaction. */
static int upgrade(struct fdb *db, int from, char *err, size_t errlen)
{
	char num[16];
	const char *params[1] = { num };
	int ret = 0, v;

	if (fdb_on_pg(db))
		ret = fdb_script(db, fdb_roles_sql, err, errlen);
	for (v = from; !ret && v < FLEET_SCHEMA; v++) {
		const struct migration *m = &migrations[v];
		char *sql = fdb_subst_id(db, m->all);

		ret = fdb_script(db, sql, err, errlen);
		free(sql);
		if (!ret && m->pg && fdb_on_pg(db))
			ret = fdb_script(db, m->pg, err, errlen);
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
	return ret;
}

static const struct fdb_schema fleet_schema = {
	.name = "fleet",
	.version = FLEET_SCHEMA,
	.read_version = fdb_schema_version,
	.upgrade = upgrade,
};

int fdb_open(const char *spec, bool readonly, bool migrate_ok,
	     struct fdb **out, char *err, size_t errlen)
{
	struct fdb *db = NULL;
	char inner[KS_ERRLEN];
	int ret, v = 0;

	ret = fdb_connect(spec, readonly, &db, inner, sizeof(inner));
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
			ret = fdb_migrate(db, &fleet_schema, inner,
					  sizeof(inner));
		}
	}
	if (ret) {
		char *shown = fdb_redact(spec);

		snprintf(err, errlen, "fleet store %s: %s", shown, inner);
		free(shown);
		fdb_close(db);
		return ret;
	}
	*out = db;
	return 0;
}
