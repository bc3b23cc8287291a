// SPDX-License-Identifier: GPL-2.0
/*
 * The offline store: imported once and queried many times, on the store
 * interface (db/db.h): a SQLite file, or a PostgreSQL database that may
 * also hold the fleet's reports.  The schema is documented in docs/tool.md;
 * a SQLite file's PRAGMA user_version carries its version, a server's
 * offline_meta.  Addresses are 64-bit unsigned values kept in a signed
 * 64-bit INTEGER (BIGINT) as the same bits.
 *
 * From version 4 a DepSurf page is one row (page.markdown) and its rows are
 * parsed from it when a query asks for its function: the import stores
 * 1 row per page instead of 1 + 25 + its symbols (BENCHMARKS.md).  Older
 * stores keep the page's rows in func and func_sym and are read so.  A
 * server's store starts at the current version.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../db/db.h"
#include "offline.h"

/* Pages are rows of their own from this version on (see above). */
#define KS_STORE_PAGE_ROWS	4
/*
 * Builds record the GNU build-id of the file imported from this version
 * on (build.gnu_build_id); older builds keep NULL: nothing to compare, so
 * check falls back to the release for them (merge.c).
 */
#define KS_STORE_BUILD_IDS	5
/* DWARF entries (func_inst) from this version on */
#define KS_STORE_INSTS		3

enum {
	ST_BUILD_FIND,
	ST_BUILD_ADD,
	ST_BUILD_UPDATE,
	ST_BUILD_COMPLETE,
	ST_BUILD_CLEAR_SYMS,
	ST_BUILD_CLEAR_CONFIG,
	ST_FUNC_DEL,
	ST_FUNC_REPLACE,
	ST_FUNC_INSERT,
	ST_FUNC_SYM_ADD,
	ST_SYM_ADD,
	ST_CONFIG_ADD,
	ST_PAGE_ADD,
	ST_PAGE_GET,
	ST_QUERY,
	ST_QUERY_V4,		/* ST_QUERY on a store without build-ids */
	ST_BUILD_BY_ID,
	ST_QUERY_FUNC_SYMS,
	ST_QUERY_SYMS,
	ST_FUNC_INST_DEL,
	ST_FUNC_INST_ADD,
	ST_FUNC_INST_GET,
	ST_FUNC_FIND,
	ST_CONFIG_ALL,
	ST_NR,
};

/*
 * ST_QUERY, with the build-id column (NULL before KS_STORE_BUILD_IDS):
 * every build with a func record for $1, every whole symtab, and ($2 = 1:
 * the page of $1 is stored) every build of DepSurf page rows.
 */
#define QUERY_SQL(gnu_build_id)						\
	"SELECT b.id, b.source, b.path, b.grp, b.label, b.release, b.version, b.arch, b.flavor, b.complete, f.id, f.status, f.collision, f.inline, f.transformation, f.prototype, CASE WHEN EXISTS (SELECT 1 FROM config c WHERE c.build_id = b.id) THEN 1 ELSE 0 END, b.key, " gnu_build_id "\n" \
	"FROM build b LEFT JOIN func f ON f.build_id = b.id AND f.name = $1\n" \
	"WHERE (f.id IS NOT NULL OR b.complete <> 0 OR (CAST($2 AS INTEGER) = 1 AND b.source = '" PAGE_SOURCE "')) AND b.source IS NOT NULL ORDER BY b.id"

/* The symbols' order of insertion: SQLite's rowid, a server's seq column */
#define FUNC_SYMS_SQL(order)						\
	"SELECT name, addr, size, bind, NULL, NULL FROM func_sym WHERE func_id = $1 AND name IS NOT NULL ORDER BY " order
#define SYMS_SQL(order)							\
	"SELECT name, addr, size, bind, type, extent FROM sym WHERE build_id = $1 AND base = $2 AND (name = CAST($3 AS TEXT) OR substr(name, 1, length(CAST($3 AS TEXT)) + 1) = CAST($3 AS TEXT) || '.') ORDER BY addr, " order

/*
 * The statements, written once for both backends ($N parameters, values
 * as text).  A func record's id comes back by RETURNING; a new record,
 * the common case, is one INSERT.
 */
static const char *const stmt_sql[ST_NR] = {
	[ST_BUILD_FIND] = "SELECT id FROM build WHERE key = $1",
	[ST_BUILD_ADD] =
		"INSERT INTO build (key, source, path, grp, label, release, version, arch, flavor, complete, gnu_build_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
	/* the key stays, and so do source, grp and label */
	[ST_BUILD_UPDATE] =
		"UPDATE build SET path = $2, release = $3, version = $4, arch = $5, flavor = $6, complete = $7, gnu_build_id = $8 WHERE key = $1",
	[ST_BUILD_COMPLETE] = "UPDATE build SET complete = 1 WHERE id = $1",
	[ST_BUILD_CLEAR_SYMS] = "DELETE FROM sym WHERE build_id = $1",
	[ST_BUILD_CLEAR_CONFIG] = "DELETE FROM config WHERE build_id = $1",
	[ST_FUNC_DEL] =
		"DELETE FROM func_sym WHERE func_id IN (SELECT id FROM func WHERE build_id = $1 AND name = $2)",
	/* a record already there: new values, same id (after the deletes) */
	[ST_FUNC_REPLACE] =
		"UPDATE func SET status = $3, collision = $4, inline = $5, transformation = $6, prototype = $7 WHERE build_id = $1 AND name = $2 RETURNING id",
	/* no row back: (build, name) has a record already */
	[ST_FUNC_INSERT] =
		"INSERT INTO func (build_id, name, status, collision, inline, transformation, prototype) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (build_id, name) DO NOTHING RETURNING id",
	[ST_FUNC_SYM_ADD] =
		"INSERT INTO func_sym (func_id, name, addr, size, bind) VALUES ($1, $2, $3, $4, $5)",
	[ST_SYM_ADD] =
		"INSERT INTO sym (build_id, name, base, suffix, addr, size, bind, type, extent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
	[ST_CONFIG_ADD] =
		"INSERT INTO config (build_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (build_id, key) DO UPDATE SET value = excluded.value",
	[ST_PAGE_ADD] =
		"INSERT INTO page (name, path, markdown) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET path = excluded.path, markdown = excluded.markdown",
	/*
	 * The readers skip NULLs where the schema says NOT NULL, so a
	 * database written by something else cannot crash them.
	 */
	[ST_PAGE_GET] =
		"SELECT markdown, path FROM page WHERE name = $1 AND markdown IS NOT NULL",
	[ST_QUERY] = QUERY_SQL("b.gnu_build_id"),
	[ST_QUERY_V4] = QUERY_SQL("NULL"),
	/* the whole-symtab builds of a GNU build-id (debuginfo.c) */
	[ST_BUILD_BY_ID] =
		"SELECT id, source, path FROM build WHERE gnu_build_id = $1 AND complete <> 0 ORDER BY id",
	/* the columns add_sym() reads */
	[ST_QUERY_FUNC_SYMS] = FUNC_SYMS_SQL("rowid"),
	[ST_QUERY_SYMS] = SYMS_SQL("rowid"),
	/* DWARF entries of a function (docs/dwarf.md) */
	[ST_FUNC_INST_DEL] =
		"DELETE FROM func_inst WHERE func_id IN (SELECT id FROM func WHERE build_id = $1 AND name = $2)",
	[ST_FUNC_INST_ADD] =
		"INSERT INTO func_inst (func_id, seq, file, addr, location, inline, external, inline_callers, direct_callers, prototype) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	[ST_FUNC_INST_GET] =
		"SELECT i.file, i.addr, i.location, i.inline, i.inline_callers, i.direct_callers, i.external FROM func_inst i JOIN func f ON f.id = i.func_id WHERE f.build_id = $1 AND f.name = $2 ORDER BY i.seq",
	[ST_FUNC_FIND] = "SELECT 1 FROM func WHERE build_id = $1 AND name = $2",
	[ST_CONFIG_ALL] =
		"SELECT key, value FROM config WHERE build_id = $1 AND value IS NOT NULL ORDER BY key",
};

/* A server's statements where its schema differs (no rowid) */
static const char *const stmt_sql_pg[ST_NR] = {
	[ST_QUERY_FUNC_SYMS] = FUNC_SYMS_SQL("seq"),
	[ST_QUERY_SYMS] = SYMS_SQL("seq"),
};

/* A SQLite file's schema, created in it or completed (migrate_sqlite()) */
static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS build (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  source TEXT NOT NULL,\n"
	"  path TEXT,\n"
	"  grp TEXT,\n"
	"  label TEXT,\n"
	"  release TEXT,\n"
	"  version TEXT,\n"
	"  arch TEXT,\n"
	"  flavor TEXT,\n"
	"  complete INTEGER NOT NULL DEFAULT 0,\n"
	"  gnu_build_id TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS build_gnu_build_id ON build (gnu_build_id);\n"
	"CREATE TABLE IF NOT EXISTS func (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  build_id INTEGER NOT NULL REFERENCES build(id),\n"
	"  name TEXT NOT NULL,\n"
	"  status INTEGER NOT NULL,\n"
	"  collision TEXT,\n"
	"  inline TEXT,\n"
	"  transformation TEXT,\n"
	"  prototype TEXT,\n"
	"  UNIQUE (build_id, name)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS func_name ON func (name);\n"
	"CREATE TABLE IF NOT EXISTS func_sym (\n"
	"  func_id INTEGER NOT NULL REFERENCES func(id),\n"
	"  name TEXT NOT NULL,\n"
	"  addr INTEGER,\n"
	"  size INTEGER,\n"
	"  bind TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS func_sym_func ON func_sym (func_id);\n"
	"CREATE TABLE IF NOT EXISTS sym (\n"
	"  build_id INTEGER NOT NULL REFERENCES build(id),\n"
	"  name TEXT NOT NULL,\n"
	"  base TEXT NOT NULL,\n"
	"  suffix TEXT,\n"
	"  addr INTEGER,\n"
	"  size INTEGER,\n"
	"  bind TEXT,\n"
	"  type TEXT,\n"
	"  extent INTEGER\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS sym_base ON sym (base, build_id);\n"
	"CREATE INDEX IF NOT EXISTS sym_name ON sym (name);\n"
	"CREATE TABLE IF NOT EXISTS config (\n"
	"  build_id INTEGER NOT NULL REFERENCES build(id),\n"
	"  key TEXT NOT NULL,\n"
	"  value TEXT NOT NULL,\n"
	"  PRIMARY KEY (build_id, key)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS page (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  path TEXT,\n"
	"  markdown TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS func_inst (\n"
	"  func_id INTEGER NOT NULL REFERENCES func(id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  file TEXT,\n"
	"  addr INTEGER,\n"
	"  location TEXT,\n"
	"  inline TEXT,\n"
	"  external INTEGER,\n"
	"  inline_callers TEXT,\n"
	"  direct_callers TEXT,\n"
	"  prototype TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS func_inst_func ON func_inst (func_id);\n";

/*
 * A server's schema: the file's at KS_STORE_SCHEMA, with 64-bit columns
 * spelt BIGINT, generated ids, and a seq for the order of symbols (a
 * SQLite file has its rowid).  offline_meta holds the version.
 */
static const char schema_pg[] =
	"CREATE TABLE offline_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE build (\n"
	"  id @ID@,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  source TEXT NOT NULL,\n"
	"  path TEXT,\n"
	"  grp TEXT,\n"
	"  label TEXT,\n"
	"  release TEXT,\n"
	"  version TEXT,\n"
	"  arch TEXT,\n"
	"  flavor TEXT,\n"
	"  complete INTEGER NOT NULL DEFAULT 0,\n"
	"  gnu_build_id TEXT);\n"
	"CREATE INDEX build_gnu_build_id ON build (gnu_build_id);\n"
	"CREATE TABLE func (\n"
	"  id @ID@,\n"
	"  build_id BIGINT NOT NULL REFERENCES build (id),\n"
	"  name TEXT NOT NULL,\n"
	"  status INTEGER NOT NULL,\n"
	"  collision TEXT,\n"
	"  inline TEXT,\n"
	"  transformation TEXT,\n"
	"  prototype TEXT,\n"
	"  UNIQUE (build_id, name));\n"
	"CREATE INDEX func_name ON func (name);\n"
	"CREATE TABLE func_sym (\n"
	"  seq @ID@,\n"
	"  func_id BIGINT NOT NULL REFERENCES func (id),\n"
	"  name TEXT NOT NULL,\n"
	"  addr BIGINT,\n"
	"  size BIGINT,\n"
	"  bind TEXT);\n"
	"CREATE INDEX func_sym_func ON func_sym (func_id);\n"
	"CREATE TABLE sym (\n"
	"  seq @ID@,\n"
	"  build_id BIGINT NOT NULL REFERENCES build (id),\n"
	"  name TEXT NOT NULL,\n"
	"  base TEXT NOT NULL,\n"
	"  suffix TEXT,\n"
	"  addr BIGINT,\n"
	"  size BIGINT,\n"
	"  bind TEXT,\n"
	"  type TEXT,\n"
	"  extent BIGINT);\n"
	"CREATE INDEX sym_base ON sym (base, build_id);\n"
	"CREATE INDEX sym_name ON sym (name);\n"
	"CREATE TABLE config (\n"
	"  build_id BIGINT NOT NULL REFERENCES build (id),\n"
	"  key TEXT NOT NULL,\n"
	"  value TEXT NOT NULL,\n"
	"  PRIMARY KEY (build_id, key));\n"
	"CREATE TABLE page (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  path TEXT,\n"
	"  markdown TEXT NOT NULL);\n"
	"CREATE TABLE func_inst (\n"
	"  func_id BIGINT NOT NULL REFERENCES func (id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  file TEXT,\n"
	"  addr BIGINT,\n"
	"  location TEXT,\n"
	"  inline TEXT,\n"
	"  external INTEGER,\n"
	"  inline_callers TEXT,\n"
	"  direct_callers TEXT,\n"
	"  prototype TEXT);\n"
	"CREATE INDEX func_inst_func ON func_inst (func_id);\n";

/*
 * The roles' grants on the offline tables: the import role writes them
 * (an import again replaces a build's symbols, config and func records:
 * UPDATE and DELETE too), the read role reads them, the push role nothing
 * (a host adds its report, never offline data).
 */
#define OFFLINE_TABLES "offline_meta, build, func, func_sym, sym, config, page, func_inst"
static const char grants_pg[] =
	"REVOKE ALL ON " OFFLINE_TABLES " FROM PUBLIC;\n"
	"GRANT SELECT ON " OFFLINE_TABLES " TO ksymstat_import, ksymstat_read;\n"
	"GRANT INSERT, UPDATE, DELETE ON build, func, func_sym, sym, config, page, func_inst TO ksymstat_import;\n";

/* a backend's message, inside one of ours */
#define MSG_LEN	(KS_ERRLEN / 2)

struct ks_store {
	struct fdb *db;
	char *path;		/* as messages name it: no password */
	int version;		/* of the schema the database holds */
	const char *const *sql_pg;	/* a server's statements, or NULL */
};

static const char *sql_of(const struct ks_store *st, int which)
{
	if (st->sql_pg && st->sql_pg[which])
		return st->sql_pg[which];
	return stmt_sql[which];
}

/* "path: what: message" (the message never quotes the SQL) */
static int st_err(struct ks_store *st, const char *what, const char *msg,
		  int ret, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s: %s", st->path, what, msg);
	return ret < 0 ? ret : -EIO;
}

/* Run statement which with its n parameters; no rows. */
static int run(struct ks_store *st, int which, int n,
	       const char *const *params, const char *what, char *err,
	       size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_exec(st->db, sql_of(st, which), n, params, msg,
			   sizeof(msg));

	return ret ? st_err(st, what, msg, ret, err, errlen) : 0;
}

/* Run which, or queue it (fdb_queue(): an import's rows). */
static int queue(struct ks_store *st, int which, int n,
		 const char *const *params, const char *what, char *err,
		 size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_queue(st->db, sql_of(st, which), n, params, msg,
			    sizeof(msg));

	return ret ? st_err(st, what, msg, ret, err, errlen) : 0;
}

/* Run which; its rows to fn. */
static int query(struct ks_store *st, int which, int n,
		 const char *const *params, fdb_row_fn fn, void *arg,
		 const char *what, char *err, size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_query(st->db, sql_of(st, which), n, params, fn, arg,
			    msg, sizeof(msg));

	if (ret < 0)
		return st_err(st, what, msg, ret, err, errlen);
	return ret;
}

/* An id back: 0, 1 when no row came, or -errno. */
static int query_id(struct ks_store *st, int which, int n,
		    const char *const *params, long long *id,
		    const char *what, char *err, size_t errlen)
{
	char msg[MSG_LEN], buf[32];
	int ret = fdb_value(st->db, sql_of(st, which), n, params, buf,
			    sizeof(buf), msg, sizeof(msg));

	if (ret < 0)
		return st_err(st, what, msg, ret, err, errlen);
	if (!ret)
		*id = strtoll(buf, NULL, 10);
	return ret;
}

/* A new row's id: 0, 1 when the INSERT added none, or -errno. */
static int insert_id(struct ks_store *st, int which, int n,
		     const char *const *params, long long *id,
		     const char *what, char *err, size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_insert(st->db, sql_of(st, which), n, params, id, msg,
			     sizeof(msg));

	return ret < 0 ? st_err(st, what, msg, ret, err, errlen) : ret;
}

/* A number as a parameter; an address keeps its bits, signed. */
#define NUM_LEN	24
static const char *num(char *buf, long long v)
{
	snprintf(buf, NUM_LEN, "%lld", v);
	return buf;
}

static long long to_ll(const char *v)
{
	return v ? strtoll(v, NULL, 10) : 0;
}

static char *dup_or_null(const char *v)
{
	return v ? xstrdup(v) : NULL;
}

/* ---- the schema: version, migrations ---------------------------------- */

static int version_sqlite(struct fdb *db, int *version, char *err,
			  size_t errlen)
{
	char buf[32];
	int ret = fdb_value(db, "PRAGMA user_version", 0, NULL, buf,
			    sizeof(buf), err, errlen);

	*version = ret ? 0 : atoi(buf);
	return ret < 0 ? ret : 0;
}

static int version_pg(struct fdb *db, int *version, char *err,
		      size_t errlen)
{
	char buf[32];
	int ret;

	*version = 0;
	ret = fdb_table_exists(db, "offline_meta", err, errlen);
	if (ret <= 0)
		return ret;
	ret = fdb_value(db,
			"SELECT value FROM offline_meta WHERE key = 'schema_version'",
			0, NULL, buf, sizeof(buf), err, errlen);
	if (ret < 0)
		return ret;
	*version = atoi(buf);
	return 0;
}

/* what: the step that failed, before the backend's message */
static int step(struct fdb *db, const char *sql, const char *what,
		char *err, size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_script(db, sql, msg, sizeof(msg));

	if (ret)
		snprintf(err, errlen, "%s: %s", what, msg);
	return ret;
}

#define STR_(x)	#x
#define STR(x)	STR_(x)

/*
 * A SQLite file to KS_STORE_SCHEMA: create the tables (version 0), add
 * func_inst (2), move page rows out of func (2 and 3: from 4 on they are
 * read from the page), add build.gnu_build_id (2 to 4: NULL for the builds
 * already there, whose files may have changed since).
 */
static int migrate_sqlite(struct fdb *db, int from, char *err,
			  size_t errlen)
{
	/* before the tables (and the index on the new column) */
	if (from && from < KS_STORE_BUILD_IDS &&
	    step(db, "ALTER TABLE build ADD COLUMN gnu_build_id TEXT",
		 "add the build-id column", err, errlen))
		return -EIO;
	if (step(db, schema_sql, "create the tables", err, errlen))
		return -EIO;
	if (from && from < KS_STORE_PAGE_ROWS &&
	    step(db,
		 "DELETE FROM func_sym WHERE func_id IN (SELECT f.id FROM func f JOIN build b ON b.id = f.build_id WHERE b.source = '" PAGE_SOURCE "');\n"
		 "DELETE FROM func WHERE build_id IN (SELECT id FROM build WHERE source = '" PAGE_SOURCE "')",
		 "migrate the page rows", err, errlen))
		return -EIO;
	return step(db, "PRAGMA user_version = " STR(KS_STORE_SCHEMA),
		    "set the schema version", err, errlen) ? -EIO : 0;
}

/* A server's store: the current schema at once, and its grants. */
static int migrate_pg(struct fdb *db, int from, char *err, size_t errlen)
{
	char *sql = fdb_subst_id(db, schema_pg);
	int ret;

	(void)from;	/* always 0: a server's store has no older version */
	ret = step(db, fdb_roles_sql, "create the roles", err, errlen);
	if (!ret)
		ret = step(db, sql, "create the tables", err, errlen);
	free(sql);
	if (!ret)
		ret = step(db, grants_pg, "grant the roles", err, errlen);
	if (!ret)
		ret = step(db,
			   "INSERT INTO offline_meta (key, value) VALUES ('schema_version', '" STR(KS_STORE_SCHEMA) "')",
			   "set the schema version", err, errlen);
	return ret;
}

static const struct fdb_schema schema_sqlite_file = {
	.name = "offline",
	.version = KS_STORE_SCHEMA,
	.read_version = version_sqlite,
	.upgrade = migrate_sqlite,
};

static const struct fdb_schema schema_server = {
	.name = "offline",
	.version = KS_STORE_SCHEMA,
	.read_version = version_pg,
	.upgrade = migrate_pg,
};

/* ---- open, close, transactions ---------------------------------------- */

/*
 * Bring a store opened for writing to KS_STORE_SCHEMA, in one transaction:
 * a failed migration leaves the store as it was.  A file this open created
 * is written without syncs: a crash can only lose that new file.
 */
static int migrate(struct ks_store *st, bool fresh, char *err,
		   size_t errlen)
{
	const struct fdb_schema *s = fdb_on_pg(st->db) ? &schema_server :
				     &schema_sqlite_file;
	char msg[KS_ERRLEN];
	int ret;

	/*
	 * 64 kB pages: a page's text fits in one, no overflow chain.  The
	 * cache's 2 MB are set again after: SQLite had counted them in pages
	 * of the old size (16 times the memory, and slower).
	 */
	if (fresh && !fdb_on_pg(st->db) &&
	    step(st->db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; PRAGMA page_size = 65536; PRAGMA cache_size = -2000",
		 "set up a new store", msg, sizeof(msg))) {
		snprintf(err, errlen, "%s: %s", st->path, msg);
		return -EIO;
	}
	ret = fdb_migrate(st->db, s, msg, sizeof(msg));
	if (ret)
		snprintf(err, errlen, "%s: %s", st->path, msg);
	return ret;
}

static int open_fail(struct ks_store *st, int ret)
{
	store_close(st);
	return ret;
}

/*
 * path: a SQLite file, a PostgreSQL connection string (fdb_is_pg()), or
 * NULL: a SQLite store in memory.
 */
int store_open(const char *path, bool readonly, struct ks_store **out,
	       char *err, size_t errlen)
{
	struct ks_store *st = xcalloc(1, sizeof(*st));
	bool pg = path && fdb_is_pg(path), fresh = false;
	char msg[MSG_LEN];
	struct stat sb;
	int version = 0, ret;

	st->path = path ? fdb_redact(path) : xstrdup("(memory)");
	if (path && !pg) {
		fresh = stat(path, &sb) ? errno == ENOENT : !sb.st_size;
		if (!stat(path, &sb) && !S_ISREG(sb.st_mode)) {
			snprintf(err, errlen,
				 "cannot open the database %s: %s, not a SQLite file",
				 path, S_ISDIR(sb.st_mode) ? "a directory" :
				 "not a regular file");
			return open_fail(st, -EINVAL);
		}
	}
	ret = fdb_connect(path, readonly, &st->db, msg, sizeof(msg));
	if (ret) {
		snprintf(err, errlen, "cannot open the database %s: %s",
			 st->path, msg);
		return open_fail(st, ret == -ECONNREFUSED ? ret : -EIO);
	}
	st->sql_pg = pg ? stmt_sql_pg : NULL;
	ret = (pg ? version_pg : version_sqlite)(st->db, &version, msg,
						   sizeof(msg));
	if (ret) {
		snprintf(err, errlen, ret == -EBADMSG ?
			 "%s is not a ksymstat database: %s" :
			 "%s: cannot read the database: %s", st->path, msg);
		return open_fail(st, ret == -EBADMSG ? -EINVAL : -EIO);
	}
	if (version > KS_STORE_SCHEMA) {
		snprintf(err, errlen,
			 "%s: database schema version %d is newer than this ksymstat's (%d)",
			 st->path, version, KS_STORE_SCHEMA);
		return open_fail(st, -EPROTO);
	}
	if (readonly) {
		/* version 2 reads as a store without DWARF entries */
		if (version < 2) {
			snprintf(err, errlen,
				 "%s is not a ksymstat database (run ksymstat import --db %s first)",
				 st->path, st->path);
			return open_fail(st, -EINVAL);
		}
	} else if (version && version < 2) {
		snprintf(err, errlen,
			 "%s: database schema version %d is older than this ksymstat's (%d): import into a new file",
			 st->path, version, KS_STORE_SCHEMA);
		return open_fail(st, -EPROTO);
	} else if (version < KS_STORE_SCHEMA) {
		ret = migrate(st, fresh, err, errlen);
		if (ret)
			return open_fail(st, ret == -EPROTO ? ret : -EIO);
		version = KS_STORE_SCHEMA;
	}
	st->version = version;
	*out = st;
	return 0;
}

void store_close(struct ks_store *st)
{
	if (!st)
		return;
	fdb_close(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct ks_store *st, char *err, size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_begin(st->db, msg, sizeof(msg));

	return ret ? st_err(st, "begin", msg, ret, err, errlen) : 0;
}

int store_commit(struct ks_store *st, char *err, size_t errlen)
{
	char msg[MSG_LEN];
	int ret = fdb_commit(st->db, msg, sizeof(msg));

	return ret ? st_err(st, "commit", msg, ret, err, errlen) : 0;
}

void store_rollback(struct ks_store *st)
{
	fdb_rollback(st->db);
}

/* ---- writing ----------------------------------------------------------- */

/* Run which, whose only parameter is id. */
static int run_id(struct ks_store *st, int which, long long id,
		  const char *what, char *err, size_t errlen)
{
	char b[NUM_LEN];
	const char *p[1] = { num(b, id) };

	return run(st, which, 1, p, what, err, errlen);
}

/*
 * Find or create the build with key b->key.  reset (for whole-symtab
 * sources imported again) drops its symbols and config first.
 */
int store_build_get(struct ks_store *st, const struct store_build *b,
		    bool reset, long long *id, char *err, size_t errlen)
{
	const char *complete = b->complete ? "1" : "0";
	const char *find[1] = { b->key };
	const char *upd[8] = { b->key, b->path, b->release, b->version,
			       b->arch, b->flavor, complete, b->gnu_build_id };
	const char *add[11] = { b->key, b->source, b->path, b->grp, b->label,
				b->release, b->version, b->arch, b->flavor,
				complete, b->gnu_build_id };
	int ret;

	ret = query_id(st, ST_BUILD_FIND, 1, find, id, "find build", err,
		       errlen);
	if (ret < 0)
		return ret;
	if (!ret) {
		if (!reset)
			return 0;
		ret = run(st, ST_BUILD_UPDATE, 8, upd, "update build", err,
			  errlen);
		if (!ret)
			ret = run_id(st, ST_BUILD_CLEAR_SYMS, *id,
				     "clear symbols", err, errlen);
		if (!ret)
			ret = run_id(st, ST_BUILD_CLEAR_CONFIG, *id,
				     "clear config", err, errlen);
		return ret;
	}
	ret = insert_id(st, ST_BUILD_ADD, 11, add, id, "add build", err,
		       errlen);
	if (ret > 0)
		ret = st_err(st, "add build", "no id came back", -EIO, err,
			     errlen);
	return ret;
}

/* The build holds a whole symbol table: absence there means absent. */
int store_build_complete(struct ks_store *st, long long build_id,
			 char *err, size_t errlen)
{
	return run_id(st, ST_BUILD_COMPLETE, build_id, "update build", err,
		      errlen);
}

/*
 * Add the func record (build_id, name), replacing an earlier one with its
 * symbols and DWARF entries.  A new record, the common case, is one
 * INSERT; only when it finds the record there does the replacement run
 * its two deletes and an UPDATE (the record keeps its id).
 */
int store_func_add(struct ks_store *st, long long build_id, const char *name,
		   unsigned int status, const char *collision,
		   const char *inline_, const char *transformation,
		   const char *prototype, long long *func_id,
		   char *err, size_t errlen)
{
	char b[NUM_LEN], s[NUM_LEN];
	const char *p[7] = { num(b, build_id), name, num(s, status),
			     collision, inline_, transformation, prototype };
	int ret;

	ret = insert_id(st, ST_FUNC_INSERT, 7, p, func_id, "add function",
		       err, errlen);
	if (ret <= 0)
		return ret;
	ret = run(st, ST_FUNC_DEL, 2, p, "replace function", err, errlen);
	if (!ret)
		ret = run(st, ST_FUNC_INST_DEL, 2, p,
			  "replace function entries", err, errlen);
	if (!ret)
		ret = query_id(st, ST_FUNC_REPLACE, 7, p, func_id,
			       "add function", err, errlen);
	if (ret > 0)
		ret = st_err(st, "add function", "no id came back", -EIO, err,
			     errlen);
	return ret;
}

int store_func_sym_add(struct ks_store *st, long long func_id,
		       const char *name, uint64_t addr, bool size_known,
		       uint64_t size, enum ks_bind bind,
		       char *err, size_t errlen)
{
	char f[NUM_LEN], a[NUM_LEN], s[NUM_LEN];
	const char *p[5] = { num(f, func_id), name, num(a, (long long)addr),
			     size_known ? num(s, (long long)size) : NULL,
			     bind_name(bind) };

	return queue(st, ST_FUNC_SYM_ADD, 5, p, "add function symbol", err,
		     errlen);
}

int store_sym_add(struct ks_store *st, long long build_id, const char *name,
		  uint64_t addr, bool size_known, uint64_t size,
		  enum ks_bind bind, char type, uint64_t extent,
		  char *err, size_t errlen)
{
	const char *suffix = clone_suffix(name);
	char b[NUM_LEN], a[NUM_LEN], s[NUM_LEN], e[NUM_LEN];
	char t[2] = { type, '\0' };
	char *base = suffix ? xstrndup(name, suffix - name) : NULL;
	const char *p[9] = { num(b, build_id), name, base ? base : name,
			     suffix, num(a, (long long)addr),
			     size_known ? num(s, (long long)size) : NULL,
			     bind_name(bind), type ? t : NULL,
			     extent ? num(e, (long long)extent) : NULL };
	int ret;

	ret = queue(st, ST_SYM_ADD, 9, p, "add symbol", err, errlen);
	free(base);
	return ret;
}

int store_config_add(struct ks_store *st, long long build_id,
		     const char *key, const char *value,
		     char *err, size_t errlen)
{
	char b[NUM_LEN];
	const char *p[3] = { num(b, build_id), key, value };

	return queue(st, ST_CONFIG_ADD, 3, p, "add config", err, errlen);
}

int store_page_add(struct ks_store *st, const char *name, const char *path,
		   const char *text, char *err, size_t errlen)
{
	const char *p[3] = { name, path, text };

	return queue(st, ST_PAGE_ADD, 3, p, "add page", err, errlen);
}

/* One DWARF entry of a function (func_inst); callers joined by '\n'. */
int store_inst_add(struct ks_store *st, long long func_id, int seq,
		   const char *file, uint64_t addr, const char *location,
		   const char *inline_, bool external,
		   const char *inline_callers, const char *direct_callers,
		   const char *prototype, char *err, size_t errlen)
{
	char f[NUM_LEN], s[NUM_LEN], a[NUM_LEN];
	const char *p[10] = { num(f, func_id), num(s, seq),
			      file, num(a, (long long)addr), location,
			      inline_, external ? "1" : "0", inline_callers,
			      direct_callers, prototype };

	return queue(st, ST_FUNC_INST_ADD, 10, p, "add function entry", err,
		     errlen);
}

/* ---- reading ----------------------------------------------------------- */

struct page_arg {
	char **text;
	char **path;
	bool found;
};

static int page_row(void *arg, int n, const char *const *v)
{
	struct page_arg *a = arg;

	(void)n;
	*a->text = xstrdup(v[0]);
	*a->path = dup_or_null(v[1]);
	a->found = true;
	return 1;
}

int store_page_get(struct ks_store *st, const char *name, char **text,
		   char **path)
{
	struct page_arg a = { text, path, false };
	const char *p[1] = { name };
	char err[KS_ERRLEN];
	int ret;

	ret = query(st, ST_PAGE_GET, 1, p, page_row, &a, "read the page",
		    err, sizeof(err));
	if (ret < 0)
		return ret;
	return a.found ? 0 : -ENOENT;
}

struct kv_arg {
	struct off_kv *v;
	size_t n, cap;
};

static int kv_row(void *arg, int n, const char *const *v)
{
	struct kv_arg *a = arg;

	(void)n;
	a->v = array_grow(a->v, &a->cap, a->n, sizeof(*a->v));
	a->v[a->n].key = dup_or_null(v[0]);
	a->v[a->n].value = dup_or_null(v[1]);
	a->n++;
	return 0;
}

/* Every key of a build's config, sorted by key. */
int store_config_all(struct ks_store *st, long long build_id,
		     struct off_kv **out, size_t *n_out, char *err,
		     size_t errlen)
{
	struct kv_arg a = { 0 };
	char b[NUM_LEN];
	const char *p[1] = { num(b, build_id) };
	int ret;

	ret = query(st, ST_CONFIG_ALL, 1, p, kv_row, &a, "read config", err,
		    errlen);
	*out = a.v;
	*n_out = a.n;
	return ret;
}

/* The symbols of a row, appended (name, addr, size, bind, type, extent). */
struct sym_arg {
	struct off_row *r;
	size_t *cap;
};

static int sym_row(void *arg, int n, const char *const *v)
{
	struct sym_arg *a = arg;
	struct off_row *r = a->r;
	struct off_sym *o;
	const char *suffix;

	(void)n;
	r->syms = array_grow(r->syms, a->cap, r->n_syms, sizeof(*r->syms));
	o = &r->syms[r->n_syms++];
	memset(o, 0, sizeof(*o));
	o->name = xstrdup(v[0]);
	suffix = clone_suffix(o->name);
	o->suffix = suffix ? xstrdup(suffix) : NULL;
	o->addr = (uint64_t)to_ll(v[1]);
	o->size_known = v[2] != NULL;
	o->size = (uint64_t)to_ll(v[2]);
	o->bind = bind_parse(v[3]);
	if (v[4])
		o->type = v[4][0];
	o->extent = (uint64_t)to_ll(v[5]);
	return 0;
}

/*
 * The page of name parsed into *page, when this store reads page rows
 * from pages; NULL without one (an older store, no page).  A stored page
 * that no longer parses is an error: its rows would go missing.
 */
static int query_page(struct ks_store *st, const char *name,
		      struct ds_page **page, char *err, size_t errlen)
{
	char *text, *path, msg[MSG_LEN];
	const char *p[1] = { name };
	struct page_arg a = { &text, &path, false };
	int ret;

	*page = NULL;
	if (st->version < KS_STORE_PAGE_ROWS)
		return 0;
	ret = query(st, ST_PAGE_GET, 1, p, page_row, &a, "read the page",
		    err, errlen);
	if (ret < 0)
		return ret;
	if (!a.found)
		return 0;
	ret = ds_page_parse_buf(text, strlen(text), path ? path : name, page,
				msg, sizeof(msg));
	if (ret) {
		*page = NULL;
		snprintf(err, errlen,
			 "%s: the stored page of %s does not parse (%s): import it again",
			 st->path, name, msg);
		ret = -EINVAL;
	}
	free(text);
	free(path);
	return ret;
}

/* A build of the query, before its symbols are read. */
struct qrow {
	long long func_id;		/* 0: no func record to read */
	bool complete;
};

struct query_arg {
	struct ks_store *st;
	const struct ds_page *page;
	struct off_row **rows;
	size_t *n_rows, cap;
	struct qrow *q;			/* one per row added */
	size_t n_q, cap_q;
};

static int query_row(void *arg, int n, const char *const *v)
{
	struct query_arg *a = arg;
	struct ks_store *st = a->st;
	const struct ds_row *prow = NULL;
	bool complete = to_ll(v[9]) != 0;
	struct off_row *r;
	struct qrow *q;
	size_t scap = 0;

	(void)n;
	if (st->version >= KS_STORE_PAGE_ROWS && v[1] &&
	    !strcmp(v[1], PAGE_SOURCE)) {
		/* its rows are the page's, never func's */
		prow = a->page && v[17] ? page_row_of(a->page, v[17]) : NULL;
		if (!prow && !complete)
			return 0;
	}
	*a->rows = array_grow(*a->rows, &a->cap, *a->n_rows,
			      sizeof(**a->rows));
	r = &(*a->rows)[(*a->n_rows)++];
	memset(r, 0, sizeof(*r));
	a->q = array_grow(a->q, &a->cap_q, a->n_q, sizeof(*a->q));
	q = &a->q[a->n_q++];
	memset(q, 0, sizeof(*q));
	q->complete = complete;
	r->build_id = to_ll(v[0]);
	r->source = dup_or_null(v[1]);
	r->path = dup_or_null(v[2]);
	r->grp = dup_or_null(v[3]);
	r->label = dup_or_null(v[4]);
	r->release = dup_or_null(v[5]);
	r->version = dup_or_null(v[6]);
	r->arch = dup_or_null(v[7]);
	r->flavor = dup_or_null(v[8]);
	r->has_config = to_ll(v[16]) != 0;
	r->gnu_build_id = dup_or_null(v[18]);
	if (prow) {
		/* its symbols counted in the row's own capacity */
		page_row_fill(prow, r, &scap);
	} else if (v[10] && (st->version < KS_STORE_PAGE_ROWS ||
			     !v[1] || strcmp(v[1], PAGE_SOURCE))) {
		r->have_func = true;
		r->status = (unsigned int)to_ll(v[11]);
		r->collision = dup_or_null(v[12]);
		r->inline_ = dup_or_null(v[13]);
		r->transformation = dup_or_null(v[14]);
		r->prototype = dup_or_null(v[15]);
		q->func_id = to_ll(v[10]);
	}
	return 0;
}

/*
 * Every build that says something about name: a per-function record
 * (DepSurf page row, dataset func group) with its symbols, or, for a
 * build holding a whole symbol table, the symbols named name or a clone
 * of it (their absence then means absent).  Appends to *rows.
 */
int store_query(struct ks_store *st, const char *name, struct off_row **rows,
		size_t *n_rows, char *err, size_t errlen)
{
	struct query_arg a = { .st = st, .rows = rows, .n_rows = n_rows,
			       .cap = *n_rows };
	const char *suffix = clone_suffix(name);
	char *base = suffix ? xstrndup(name, suffix - name) : NULL;
	struct ds_page *page;
	size_t first = *n_rows, i;
	int ret;

	ret = query_page(st, name, &page, err, errlen);
	if (ret) {
		free(base);
		return ret;
	}
	a.page = page;
	{
		const char *p[2] = { name, page ? "1" : "0" };

		ret = query(st, st->version < KS_STORE_BUILD_IDS ?
			    ST_QUERY_V4 : ST_QUERY, 2, p, query_row, &a,
			    "query", err, errlen);
	}
	/*
	 * A target may itself carry a suffix (NF_HOOK.constprop.0): its
	 * symbols share its base and are it or it plus more suffixes.
	 */
	for (i = 0; !ret && i < a.n_q; i++) {
		struct off_row *r = &(*rows)[first + i];
		size_t scap = r->n_syms;
		struct sym_arg sa = { r, &scap };
		char id[NUM_LEN];

		if (a.q[i].func_id) {
			const char *p[1] = { num(id, a.q[i].func_id) };

			ret = query(st, ST_QUERY_FUNC_SYMS, 1, p, sym_row, &sa,
				    "query symbols", err, errlen);
		}
		/* a whole symtab beats a func group's own symbol list */
		if (!ret && a.q[i].complete) {
			const char *p[3] = { num(id, r->build_id),
					     base ? base : name, name };
			size_t had = r->n_syms;

			ret = query(st, ST_QUERY_SYMS, 3, p, sym_row, &sa,
				    "query symbols", err, errlen);
			if (had && r->n_syms > had) {
				off_syms_free(r->syms, had);
				memmove(r->syms, r->syms + had,
					(r->n_syms - had) * sizeof(*r->syms));
				r->n_syms -= had;
			}
		}
		r->present = r->n_syms > 0;
	}
	free(a.q);
	free(base);
	ds_page_free(page);
	return ret;
}

static char **split_lines(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *e;

	*n = 0;
	while (s && *s) {
		e = strchr(s, '\n');
		v = array_grow(v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = e ? xstrndup(s, (size_t)(e - s)) : xstrdup(s);
		s = e ? e + 1 : NULL;
	}
	return v;
}

struct inst_arg {
	struct ds_instance *v;
	size_t n, cap;
};

static int inst_row(void *arg, int n, const char *const *v)
{
	struct inst_arg *a = arg;
	struct ds_instance *in;

	(void)n;
	a->v = array_grow(a->v, &a->cap, a->n + 1, sizeof(*a->v));
	in = &a->v[a->n++];
	memset(in, 0, sizeof(*in));
	in->file = xstrdup(v[0] ? v[0] : "");
	in->addr = (uint64_t)to_ll(v[1]);
	in->location = xstrdup(v[2] ? v[2] : "");
	in->inline_ = xstrdup(v[3] ? v[3] : "False");
	in->inline_callers = split_lines(v[4], &in->n_inline_callers);
	in->direct_callers = split_lines(v[5], &in->n_direct_callers);
	return 0;
}

/* The DWARF entries of name in a build, as a page's instances. */
int store_insts(struct ks_store *st, long long build_id, const char *name,
		struct ds_instance **out, size_t *n_out, char *err,
		size_t errlen)
{
	struct inst_arg a = { 0 };
	char b[NUM_LEN];
	const char *p[2] = { num(b, build_id), name };
	int ret;

	*out = NULL;
	*n_out = 0;
	if (st->version < KS_STORE_INSTS)	/* a version 2 store: none */
		return 0;
	ret = query(st, ST_FUNC_INST_GET, 2, p, inst_row, &a,
		    "read function entries", err, errlen);
	*out = a.v;
	*n_out = a.n;
	return ret;
}

/* Has build_id a func record for name? */
bool store_func_exists(struct ks_store *st, long long build_id,
		       const char *name)
{
	char b[NUM_LEN], err[KS_ERRLEN];
	const char *p[2] = { num(b, build_id), name };
	long long one;

	return !query_id(st, ST_FUNC_FIND, 2, p, &one, "find function", err,
			 sizeof(err));
}

struct by_id_arg {
	const char *source;
	long long id;
	char *path;
	bool found;
};

static int by_id_row(void *arg, int n, const char *const *v)
{
	struct by_id_arg *a = arg;

	(void)n;
	if (a->source && (!v[1] || strcmp(v[1], a->source)))
		return 0;
	a->id = to_ll(v[0]);
	a->path = dup_or_null(v[2]);
	a->found = true;
	return 1;
}

/*
 * The whole-symtab build recorded for a GNU build-id, the first imported:
 * 0 with *id and *path (the file it came from), -ENOENT when none, or
 * -EIO.  A store from before KS_STORE_BUILD_IDS has none.
 */
int store_build_by_gnu_id(struct ks_store *st, const char *hex,
			  const char *source, long long *id, char **path,
			  char *err, size_t errlen)
{
	struct by_id_arg a = { .source = source };
	const char *p[1] = { hex };
	int ret;

	if (st->version < KS_STORE_BUILD_IDS)
		return -ENOENT;
	ret = query(st, ST_BUILD_BY_ID, 1, p, by_id_row, &a,
		    "find a build by its build-id", err, errlen);
	if (ret < 0)
		return ret;
	if (!a.found)
		return -ENOENT;
	*id = a.id;
	*path = a.path;
	return 0;
}
