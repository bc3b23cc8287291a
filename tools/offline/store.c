// SPDX-License-Identifier: GPL-2.0
/*
 * The offline store: one SQLite database, imported once and queried many
 * times.  The schema is documented in docs/tool.md; PRAGMA user_version
 * carries its version.  Addresses are 64-bit unsigned values kept in
 * SQLite's signed INTEGER as the same bits (printf('%x', addr) shows them).
 *
 * From version 4 a DepSurf page is one row (page.markdown) and its rows are
 * parsed from it when a query asks for its function: the import stores
 * 1 row per page instead of 1 + 25 + its symbols (BENCHMARKS.md).  Older
 * stores keep the page's rows in func and func_sym and are read so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "offline.h"

/* Pages are rows of their own from this version on (see above). */
#define KS_STORE_PAGE_ROWS	4
/*
 * Builds record the GNU build-id of the file imported from this version
 * on (build.gnu_build_id); older builds keep NULL: nothing to compare, so
 * check falls back to the release for them (merge.c).
 */
#define KS_STORE_BUILD_IDS	5

enum {
	ST_BUILD_FIND,
	ST_BUILD_ADD,
	ST_BUILD_UPDATE,
	ST_BUILD_COMPLETE,
	ST_BUILD_CLEAR_SYMS,
	ST_BUILD_CLEAR_CONFIG,
	ST_FUNC_DEL,
	ST_FUNC_ADD,
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

/* ST_QUERY, with the build-id column (NULL before KS_STORE_BUILD_IDS) */
#define QUERY_SQL(gnu_build_id)						\
	"SELECT b.id, b.source, b.path, b.grp, b.label, b.release, b.version, b.arch, b.flavor, b.complete, f.id, f.status, f.collision, f.inline, f.transformation, f.prototype, EXISTS (SELECT 1 FROM config c WHERE c.build_id = b.id), b.key, " gnu_build_id "\n" \
	"FROM build b LEFT JOIN func f ON f.build_id = b.id AND f.name = ?1\n" \
	"WHERE (f.id IS NOT NULL OR b.complete OR (?2 AND b.source = '" PAGE_SOURCE "')) AND b.source IS NOT NULL ORDER BY b.id"

static const char *const stmt_sql[ST_NR] = {
	[ST_BUILD_FIND] = "SELECT id FROM build WHERE key = ?1",
	[ST_BUILD_ADD] =
		"INSERT INTO build (key, source, path, grp, label, release, version, arch, flavor, complete, gnu_build_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* the parameters of ST_BUILD_ADD (bind_build()); the key stays */
	[ST_BUILD_UPDATE] =
		"UPDATE build SET path = ?3, release = ?6, version = ?7, arch = ?8, flavor = ?9, complete = ?10, gnu_build_id = ?11 WHERE key = ?1",
	[ST_BUILD_COMPLETE] = "UPDATE build SET complete = 1 WHERE id = ?1",
	[ST_BUILD_CLEAR_SYMS] = "DELETE FROM sym WHERE build_id = ?1",
	[ST_BUILD_CLEAR_CONFIG] = "DELETE FROM config WHERE build_id = ?1",
	[ST_FUNC_DEL] =
		"DELETE FROM func_sym WHERE func_id IN (SELECT id FROM func WHERE build_id = ?1 AND name = ?2)",
	[ST_FUNC_ADD] =
		"INSERT OR REPLACE INTO func (build_id, name, status, collision, inline, transformation, prototype) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* ST_FUNC_ADD for a new (build, name): fails on a replacement */
	[ST_FUNC_INSERT] =
		"INSERT INTO func (build_id, name, status, collision, inline, transformation, prototype) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_FUNC_SYM_ADD] =
		"INSERT INTO func_sym (func_id, name, addr, size, bind) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SYM_ADD] =
		"INSERT INTO sym (build_id, name, base, suffix, addr, size, bind, type, extent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_CONFIG_ADD] =
		"INSERT OR REPLACE INTO config (build_id, key, value) VALUES (?1, ?2, ?3)",
	[ST_PAGE_ADD] =
		"INSERT OR REPLACE INTO page (name, path, markdown) VALUES (?1, ?2, ?3)",
	/*
	 * The readers skip NULLs where the schema says NOT NULL, so a
	 * database written by something else cannot crash them.
	 */
	[ST_PAGE_GET] =
		"SELECT markdown, path FROM page WHERE name = ?1 AND markdown IS NOT NULL",
	/*
	 * every build with a func record for ?1, every whole symtab, and
	 * (?2: the page of ?1 is stored) every build of DepSurf page rows
	 */
	[ST_QUERY] = QUERY_SQL("b.gnu_build_id"),
	[ST_QUERY_V4] = QUERY_SQL("NULL"),
	/* the whole-symtab builds of a GNU build-id (debuginfo.c) */
	[ST_BUILD_BY_ID] =
		"SELECT id, source, path FROM build WHERE gnu_build_id = ?1 AND complete ORDER BY id",
	/* the columns add_syms() reads */
	[ST_QUERY_FUNC_SYMS] =
		"SELECT name, addr, size, bind, NULL, NULL FROM func_sym WHERE func_id = ?1 AND name IS NOT NULL ORDER BY rowid",
	[ST_QUERY_SYMS] =
		"SELECT name, addr, size, bind, type, extent FROM sym WHERE build_id = ?1 AND base = ?2 AND (name = ?3 OR substr(name, 1, length(?3) + 1) = ?3 || '.') ORDER BY addr, rowid",
	/* DWARF entries of a function (docs/dwarf.md) */
	[ST_FUNC_INST_DEL] =
		"DELETE FROM func_inst WHERE func_id IN (SELECT id FROM func WHERE build_id = ?1 AND name = ?2)",
	[ST_FUNC_INST_ADD] =
		"INSERT INTO func_inst (func_id, seq, file, addr, location, inline, external, inline_callers, direct_callers, prototype) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_FUNC_INST_GET] =
		"SELECT i.file, i.addr, i.location, i.inline, i.inline_callers, i.direct_callers, i.external FROM func_inst i JOIN func f ON f.id = i.func_id WHERE f.build_id = ?1 AND f.name = ?2 ORDER BY i.seq",
	[ST_FUNC_FIND] = "SELECT 1 FROM func WHERE build_id = ?1 AND name = ?2",
	[ST_CONFIG_ALL] =
		"SELECT key, value FROM config WHERE build_id = ?1 AND value IS NOT NULL ORDER BY key",
};

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

#define STR_(x)	#x
#define STR(x)	STR_(x)

struct ks_store {
	sqlite3 *db;
	char *path;
	int version;		/* of the schema the database holds */
	struct sqlite3_stmt *cache[ST_NR];
};

/*
 * SQLite's message for the call that failed with rc: sqlite3_errmsg() of
 * the handle, unless a later call on it succeeded and left "not an error";
 * then the rc's own words.
 */
static const char *sql_msg(sqlite3 *db, int rc)
{
	if (!db)
		return sqlite3_errstr(rc);
	if (sqlite3_errcode(db) == SQLITE_OK && rc != SQLITE_OK)
		return sqlite3_errstr(rc);
	return sqlite3_errmsg(db);
}

static int db_err_rc(struct ks_store *st, const char *what, int rc,
		     char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s: %s", st->path, what,
		 sql_msg(st->db, rc));
	return -EIO;
}

static int db_err(struct ks_store *st, const char *what, char *err,
		  size_t errlen)
{
	return db_err_rc(st, what, sqlite3_errcode(st->db), err, errlen);
}

/* Run sql; what says what it does (the message never quotes the SQL). */
static int exec(struct ks_store *st, const char *sql, const char *what,
		char *err, size_t errlen)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_err_rc(st, what, rc, err, errlen);
	return 0;
}

static sqlite3_stmt *stmt(struct ks_store *st, int which)
{
	sqlite3_stmt *s = st->cache[which];

	if (!s) {
		if (sqlite3_prepare_v2(st->db, stmt_sql[which], -1, &s,
				       NULL) != SQLITE_OK)
			return NULL;
		st->cache[which] = s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int run(struct ks_store *st, sqlite3_stmt *s, const char *what,
	       char *err, size_t errlen)
{
	int rc;

	if (!s)
		return db_err(st, what, err, errlen);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err_rc(st, what, rc, err, errlen);
	return 0;
}

/*
 * Bring a store opened for writing to KS_STORE_SCHEMA: create the tables
 * (version 0), add func_inst (2), move page rows out of func (2 and 3:
 * from 4 on they are read from the page), add build.gnu_build_id (2 to 4:
 * NULL for the builds already there, whose files may have changed since).
 * One transaction: a failed migration leaves the store as it was.  A file
 * this open created is written without syncs: a crash can only lose that
 * new file.
 */
static int migrate(struct ks_store *st, int version, bool fresh, char *err,
		   size_t errlen)
{
	if (version == KS_STORE_SCHEMA)
		return 0;
	/*
	 * 64 kB pages: a page's text fits in one, no overflow chain.  The
	 * cache's 2 MB are set again after: SQLite had counted them in pages
	 * of the old size (16 times the memory, and slower).
	 */
	if (fresh &&
	    exec(st, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; PRAGMA page_size = 65536; PRAGMA cache_size = -2000",
		 "set up a new store", err, errlen))
		return -EIO;
	if (exec(st, "BEGIN", "begin the migration", err, errlen))
		return -EIO;
	/* before the tables (and the index on the new column) */
	if ((version && version < KS_STORE_BUILD_IDS &&
	     exec(st, "ALTER TABLE build ADD COLUMN gnu_build_id TEXT",
		  "add the build-id column", err, errlen)) ||
	    exec(st, schema_sql, "create the tables", err, errlen) ||
	    (version && version < KS_STORE_PAGE_ROWS &&
	     exec(st,
		  "DELETE FROM func_sym WHERE func_id IN (SELECT f.id FROM func f JOIN build b ON b.id = f.build_id WHERE b.source = '" PAGE_SOURCE "');\n"
		  "DELETE FROM func WHERE build_id IN (SELECT id FROM build WHERE source = '" PAGE_SOURCE "')",
		  "migrate the page rows", err, errlen)) ||
	    exec(st, "PRAGMA user_version = " STR(KS_STORE_SCHEMA),
		 "set the schema version", err, errlen) ||
	    exec(st, "COMMIT", "commit the migration", err, errlen)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -EIO;
	}
	return 0;
}

int store_open(const char *path, bool readonly, struct ks_store **out,
	       char *err, size_t errlen)
{
	struct ks_store *st = xcalloc(1, sizeof(*st));
	int flags = readonly ? SQLITE_OPEN_READONLY :
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	sqlite3_stmt *s;
	struct stat sb;
	int version = 0, rc;
	bool fresh;

	st->path = xstrdup(path ? path : "(memory)");
	fresh = path && (stat(path, &sb) ? errno == ENOENT : !sb.st_size);
	if (path && !stat(path, &sb) && !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen,
			 "cannot open the database %s: %s, not a SQLite file",
			 path, S_ISDIR(sb.st_mode) ? "a directory" :
			 "not a regular file");
		store_close(st);
		return -EINVAL;
	}
	if (sqlite3_open_v2(path ? path : ":memory:", &st->db, flags,
			    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open the database %s: %s",
			 st->path, st->db ? sqlite3_errmsg(st->db) :
			 "out of memory");
		store_close(st);
		return -EIO;
	}
	sqlite3_busy_timeout(st->db, 5000);
	rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s is not a ksymstat database: %s",
			 st->path, sql_msg(st->db, rc));
		store_close(st);
		return -EINVAL;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, rc == SQLITE_NOTADB ?
			 "%s is not a ksymstat database: %s" :
			 "%s: cannot read the database: %s",
			 st->path, sql_msg(st->db, rc));
		store_close(st);
		return -EIO;
	}
	if (version > KS_STORE_SCHEMA) {
		snprintf(err, errlen,
			 "%s: database schema version %d is newer than this ksymstat's (%d)",
			 st->path, version, KS_STORE_SCHEMA);
		store_close(st);
		return -EPROTO;
	}
	if (readonly) {
		/* version 2 reads as a store without DWARF entries */
		if (version < 2) {
			snprintf(err, errlen,
				 "%s is not a ksymstat database (run ksymstat import --db %s first)",
				 st->path, st->path);
			store_close(st);
			return -EINVAL;
		}
	} else if (version && version < 2) {
		snprintf(err, errlen,
			 "%s: database schema version %d is older than this ksymstat's (%d): import into a new file",
			 st->path, version, KS_STORE_SCHEMA);
		store_close(st);
		return -EPROTO;
	} else if (migrate(st, version, fresh, err, errlen)) {
		store_close(st);
		return -EIO;
	} else {
		version = KS_STORE_SCHEMA;
	}
	st->version = version;
	*out = st;
	return 0;
}

void store_close(struct ks_store *st)
{
	int i;

	if (!st)
		return;
	for (i = 0; i < ST_NR; i++)
		sqlite3_finalize(st->cache[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct ks_store *st, char *err, size_t errlen)
{
	return exec(st, "BEGIN", "begin", err, errlen);
}

int store_commit(struct ks_store *st, char *err, size_t errlen)
{
	return exec(st, "COMMIT", "commit", err, errlen);
}

void store_rollback(struct ks_store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Run cached statement which, whose only parameter is id. */
static int run_id(struct ks_store *st, int which, long long id,
		  const char *what, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, which);

	if (s)
		sqlite3_bind_int64(s, 1, id);
	return run(st, s, what, err, errlen);
}

/* The parameters of ST_BUILD_ADD and ST_BUILD_UPDATE. */
static void bind_build(sqlite3_stmt *s, const struct store_build *b)
{
	bind_text(s, 1, b->key);
	bind_text(s, 2, b->source);
	bind_text(s, 3, b->path);
	bind_text(s, 4, b->grp);
	bind_text(s, 5, b->label);
	bind_text(s, 6, b->release);
	bind_text(s, 7, b->version);
	bind_text(s, 8, b->arch);
	bind_text(s, 9, b->flavor);
	sqlite3_bind_int(s, 10, b->complete);
	bind_text(s, 11, b->gnu_build_id);
}

/*
 * Find or create the build with key b->key.  reset (for whole-symtab
 * sources imported again) drops its symbols and config first.
 */
int store_build_get(struct ks_store *st, const struct store_build *b,
		    bool reset, long long *id, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_BUILD_FIND);
	int ret, rc;

	if (!s)
		return db_err(st, "find build", err, errlen);
	sqlite3_bind_text(s, 1, b->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		if (!reset)
			return 0;
		s = stmt(st, ST_BUILD_UPDATE);
		if (s)
			bind_build(s, b);
		ret = run(st, s, "update build", err, errlen);
		if (!ret)
			ret = run_id(st, ST_BUILD_CLEAR_SYMS, *id,
				     "clear symbols", err, errlen);
		if (!ret)
			ret = run_id(st, ST_BUILD_CLEAR_CONFIG, *id,
				     "clear config", err, errlen);
		return ret;
	}
	if (rc != SQLITE_DONE)
		return db_err(st, "find build", err, errlen);
	s = stmt(st, ST_BUILD_ADD);
	if (s)
		bind_build(s, b);
	ret = run(st, s, "add build", err, errlen);
	if (ret)
		return ret;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* The build holds a whole symbol table: absence there means absent. */
int store_build_complete(struct ks_store *st, long long build_id,
			 char *err, size_t errlen)
{
	return run_id(st, ST_BUILD_COMPLETE, build_id, "update build", err,
		      errlen);
}

/* The parameters of ST_FUNC_ADD and ST_FUNC_INSERT. */
static void bind_func(sqlite3_stmt *s, long long build_id, const char *name,
		      unsigned int status, const char *collision,
		      const char *inline_, const char *transformation,
		      const char *prototype)
{
	sqlite3_bind_int64(s, 1, build_id);
	bind_text(s, 2, name);
	sqlite3_bind_int(s, 3, status);
	bind_text(s, 4, collision);
	bind_text(s, 5, inline_);
	bind_text(s, 6, transformation);
	bind_text(s, 7, prototype);
}

/*
 * Add the func record (build_id, name), replacing an earlier one with its
 * symbols and DWARF entries.  A new record, the common case, is one
 * INSERT; only when it finds the record there (a unique constraint) does
 * the replacement run its two deletes and the INSERT OR REPLACE.
 */
int store_func_add(struct ks_store *st, long long build_id, const char *name,
		   unsigned int status, const char *collision,
		   const char *inline_, const char *transformation,
		   const char *prototype, long long *func_id,
		   char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_FUNC_INSERT);
	int ret, rc;

	if (!s)
		return db_err(st, "add function", err, errlen);
	bind_func(s, build_id, name, status, collision, inline_,
		  transformation, prototype);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE) {
		*func_id = sqlite3_last_insert_rowid(st->db);
		return 0;
	}
	if (rc != SQLITE_CONSTRAINT)
		return db_err(st, "add function", err, errlen);
	s = stmt(st, ST_FUNC_DEL);
	if (s) {
		sqlite3_bind_int64(s, 1, build_id);
		bind_text(s, 2, name);
	}
	ret = run(st, s, "replace function", err, errlen);
	if (ret)
		return ret;
	s = stmt(st, ST_FUNC_INST_DEL);
	if (s) {
		sqlite3_bind_int64(s, 1, build_id);
		bind_text(s, 2, name);
	}
	ret = run(st, s, "replace function entries", err, errlen);
	if (ret)
		return ret;
	s = stmt(st, ST_FUNC_ADD);
	if (s)
		bind_func(s, build_id, name, status, collision, inline_,
			  transformation, prototype);
	ret = run(st, s, "add function", err, errlen);
	if (ret)
		return ret;
	*func_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_func_sym_add(struct ks_store *st, long long func_id,
		       const char *name, uint64_t addr, bool size_known,
		       uint64_t size, enum ks_bind bind,
		       char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_FUNC_SYM_ADD);

	if (s) {
		sqlite3_bind_int64(s, 1, func_id);
		bind_text(s, 2, name);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)addr);
		if (size_known)
			sqlite3_bind_int64(s, 4, (sqlite3_int64)size);
		bind_text(s, 5, bind_name(bind));
	}
	return run(st, s, "add function symbol", err, errlen);
}

int store_sym_add(struct ks_store *st, long long build_id, const char *name,
		  uint64_t addr, bool size_known, uint64_t size,
		  enum ks_bind bind, char type, uint64_t extent,
		  char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_SYM_ADD);
	const char *suffix = clone_suffix(name);
	char t[2] = { type, '\0' };

	if (s) {
		sqlite3_bind_int64(s, 1, build_id);
		bind_text(s, 2, name);
		sqlite3_bind_text(s, 3, name,
				  suffix ? (int)(suffix - name) : -1,
				  SQLITE_STATIC);
		bind_text(s, 4, suffix);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)addr);
		if (size_known)
			sqlite3_bind_int64(s, 6, (sqlite3_int64)size);
		bind_text(s, 7, bind_name(bind));
		bind_text(s, 8, type ? t : NULL);
		if (extent)
			sqlite3_bind_int64(s, 9, (sqlite3_int64)extent);
		else
			sqlite3_bind_null(s, 9);
	}
	return run(st, s, "add symbol", err, errlen);
}

int store_config_add(struct ks_store *st, long long build_id,
		     const char *key, const char *value,
		     char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_CONFIG_ADD);

	if (s) {
		sqlite3_bind_int64(s, 1, build_id);
		bind_text(s, 2, key);
		bind_text(s, 3, value);
	}
	return run(st, s, "add config", err, errlen);
}

int store_page_add(struct ks_store *st, const char *name, const char *path,
		   const char *text, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_PAGE_ADD);

	if (s) {
		bind_text(s, 1, name);
		bind_text(s, 2, path);
		bind_text(s, 3, text);
	}
	return run(st, s, "add page", err, errlen);
}

static char *col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? xstrdup((const char *)v) : NULL;
}

int store_page_get(struct ks_store *st, const char *name, char **text,
		   char **path)
{
	sqlite3_stmt *s = stmt(st, ST_PAGE_GET);
	int ret = -ENOENT, rc;

	if (!s)
		return -EIO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*text = col_str(s, 0);
		*path = col_str(s, 1);
		ret = 0;
	} else if (rc != SQLITE_DONE) {
		ret = -EIO;
	}
	sqlite3_reset(s);	/* after an error it keeps the message */
	return ret;
}

/* Every key of a build's config, sorted by key. */
int store_config_all(struct ks_store *st, long long build_id,
		     struct off_kv **out, size_t *n_out, char *err,
		     size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_CONFIG_ALL);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!s) {
		snprintf(err, errlen, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return -EIO;
	}
	sqlite3_bind_int64(s, 1, build_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = array_grow(*out, &cap, *n_out, sizeof(**out));
		(*out)[*n_out].key = col_str(s, 0);
		(*out)[*n_out].value = col_str(s, 1);
		(*n_out)++;
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", st->path, sqlite3_errmsg(st->db));
		sqlite3_reset(s);
		return -EIO;
	}
	sqlite3_reset(s);
	return 0;
}

/* Append the symbols s yields (name, addr, size, bind, type) to r. */
static int add_syms(struct ks_store *st, struct off_row *r, size_t *cap,
		    sqlite3_stmt *s, char *err, size_t errlen)
{
	int rc;

	for (rc = sqlite3_step(s); rc == SQLITE_ROW; rc = sqlite3_step(s)) {
		struct off_sym *o;
		const char *suffix;

		r->syms = array_grow(r->syms, cap, r->n_syms, sizeof(*r->syms));
		o = &r->syms[r->n_syms++];
		o->name = col_str(s, 0);
		suffix = clone_suffix(o->name);
		o->suffix = suffix ? xstrdup(suffix) : NULL;
		o->addr = (uint64_t)sqlite3_column_int64(s, 1);
		o->size_known = sqlite3_column_type(s, 2) != SQLITE_NULL;
		o->size = (uint64_t)sqlite3_column_int64(s, 2);
		o->bind = bind_parse((const char *)sqlite3_column_text(s, 3));
		if (sqlite3_column_type(s, 4) == SQLITE_TEXT)
			o->type = sqlite3_column_text(s, 4)[0];
		o->extent = (uint64_t)sqlite3_column_int64(s, 5);
	}
	if (rc != SQLITE_DONE)
		return db_err(st, "query symbols", err, errlen);
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
	char *text, *path, msg[KS_ERRLEN];
	int ret;

	*page = NULL;
	if (st->version < KS_STORE_PAGE_ROWS)
		return 0;
	ret = store_page_get(st, name, &text, &path);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return db_err(st, "read the page", err, errlen);
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

/*
 * Every build that says something about name: a per-function record
 * (DepSurf page row, dataset func group) with its symbols, or, for a
 * build holding a whole symbol table, the symbols named name or a clone
 * of it (their absence then means absent).  Appends to *rows.
 */
int store_query(struct ks_store *st, const char *name, struct off_row **rows,
		size_t *n_rows, char *err, size_t errlen)
{
	sqlite3_stmt *s, *fs, *ss;
	struct ds_page *page;
	size_t cap = *n_rows;
	const char *suffix;
	int rc, ret = 0;

	/* each checked at once: a later prepare resets the message */
	s = stmt(st, st->version < KS_STORE_BUILD_IDS ? ST_QUERY_V4 :
		 ST_QUERY);
	if (!s)
		return db_err(st, "query", err, errlen);
	fs = stmt(st, ST_QUERY_FUNC_SYMS);
	if (!fs)
		return db_err(st, "query", err, errlen);
	ss = stmt(st, ST_QUERY_SYMS);
	if (!ss)
		return db_err(st, "query", err, errlen);
	ret = query_page(st, name, &page, err, errlen);
	if (ret)
		return ret;
	/*
	 * A target may itself carry a suffix (NF_HOOK.constprop.0): its
	 * symbols share its base and are it or it plus more suffixes.
	 */
	suffix = clone_suffix(name);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, page != NULL);
	sqlite3_bind_text(ss, 2, name, suffix ? (int)(suffix - name) : -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(ss, 3, name, -1, SQLITE_STATIC);
	for (rc = sqlite3_step(s); rc == SQLITE_ROW; rc = sqlite3_step(s)) {
		const struct ds_row *prow = NULL;
		const char *source;
		struct off_row *r;
		size_t scap = 0;

		source = (const char *)sqlite3_column_text(s, 1);
		if (st->version >= KS_STORE_PAGE_ROWS &&
		    !strcmp(source, PAGE_SOURCE)) {
			/* its rows are the page's, never func's */
			prow = page ? page_row_of(page, (const char *)
					sqlite3_column_text(s, 17)) : NULL;
			if (!prow && !sqlite3_column_int(s, 9))
				continue;
		}
		*rows = array_grow(*rows, &cap, *n_rows, sizeof(**rows));
		r = &(*rows)[(*n_rows)++];
		memset(r, 0, sizeof(*r));
		r->build_id = sqlite3_column_int64(s, 0);
		r->source = col_str(s, 1);
		r->path = col_str(s, 2);
		r->grp = col_str(s, 3);
		r->label = col_str(s, 4);
		r->release = col_str(s, 5);
		r->version = col_str(s, 6);
		r->arch = col_str(s, 7);
		r->flavor = col_str(s, 8);
		r->has_config = sqlite3_column_int(s, 16);
		r->gnu_build_id = col_str(s, 18);
		if (prow) {
			page_row_fill(prow, r, &scap);
		} else if (sqlite3_column_type(s, 10) != SQLITE_NULL &&
			   (st->version < KS_STORE_PAGE_ROWS ||
			    strcmp(source, PAGE_SOURCE))) {
			r->have_func = true;
			r->status = sqlite3_column_int(s, 11);
			r->collision = col_str(s, 12);
			r->inline_ = col_str(s, 13);
			r->transformation = col_str(s, 14);
			r->prototype = col_str(s, 15);
			sqlite3_reset(fs);
			sqlite3_bind_int64(fs, 1, sqlite3_column_int64(s, 10));
			ret = add_syms(st, r, &scap, fs, err, errlen);
		}
		/* a whole symtab beats a func group's own symbol list */
		if (!ret && sqlite3_column_int(s, 9)) {
			size_t had = r->n_syms;

			sqlite3_reset(ss);
			sqlite3_bind_int64(ss, 1, r->build_id);
			ret = add_syms(st, r, &scap, ss, err, errlen);
			if (had && r->n_syms > had) {
				off_syms_free(r->syms, had);
				memmove(r->syms, r->syms + had,
					(r->n_syms - had) * sizeof(*r->syms));
				r->n_syms -= had;
			}
		}
		r->present = r->n_syms > 0;
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = db_err(st, "query", err, errlen);
	sqlite3_reset(s);
	sqlite3_reset(fs);
	sqlite3_reset(ss);
	ds_page_free(page);
	return ret;
}

/* One DWARF entry of a function (func_inst); callers joined by '\n'. */
int store_inst_add(struct ks_store *st, long long func_id, int seq,
		   const char *file, uint64_t addr, const char *location,
		   const char *inline_, bool external,
		   const char *inline_callers, const char *direct_callers,
		   const char *prototype, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_FUNC_INST_ADD);

	if (s) {
		sqlite3_bind_int64(s, 1, func_id);
		sqlite3_bind_int(s, 2, seq);
		bind_text(s, 3, file);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)addr);
		bind_text(s, 5, location);
		bind_text(s, 6, inline_);
		sqlite3_bind_int(s, 7, external);
		bind_text(s, 8, inline_callers);
		bind_text(s, 9, direct_callers);
		bind_text(s, 10, prototype);
	}
	return run(st, s, "add function entry", err, errlen);
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

/* The DWARF entries of name in a build, as a page's instances. */
int store_insts(struct ks_store *st, long long build_id, const char *name,
		struct ds_instance **out, size_t *n_out, char *err,
		size_t errlen)
{
	sqlite3_stmt *s = stmt(st, ST_FUNC_INST_GET);
	struct ds_instance *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!s)		/* a version 2 store opened read-only: none */
		return 0;
	sqlite3_bind_int64(s, 1, build_id);
	bind_text(s, 2, name);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ds_instance *in;
		const char *t;

		v = array_grow(v, &cap, n + 1, sizeof(*v));
		in = &v[n++];
		memset(in, 0, sizeof(*in));
		t = (const char *)sqlite3_column_text(s, 0);
		in->file = xstrdup(t ? t : "");
		in->addr = (uint64_t)sqlite3_column_int64(s, 1);
		t = (const char *)sqlite3_column_text(s, 2);
		in->location = xstrdup(t ? t : "");
		t = (const char *)sqlite3_column_text(s, 3);
		in->inline_ = xstrdup(t ? t : "False");
		in->inline_callers = split_lines(
			(const char *)sqlite3_column_text(s, 4),
			&in->n_inline_callers);
		in->direct_callers = split_lines(
			(const char *)sqlite3_column_text(s, 5),
			&in->n_direct_callers);
	}
	if (rc != SQLITE_DONE) {
		*out = v;
		*n_out = n;
		return db_err(st, "read function entries", err, errlen);
	}
	*out = v;
	*n_out = n;
	return 0;
}

/* Has build_id a func record for name? */
bool store_func_exists(struct ks_store *st, long long build_id,
		       const char *name)
{
	sqlite3_stmt *s = stmt(st, ST_FUNC_FIND);

	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, build_id);
	bind_text(s, 2, name);
	return sqlite3_step(s) == SQLITE_ROW;
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
	sqlite3_stmt *s;
	int rc;

	if (st->version < KS_STORE_BUILD_IDS)
		return -ENOENT;
	s = stmt(st, ST_BUILD_BY_ID);
	if (!s)
		return db_err(st, "find a build by its build-id", err, errlen);
	sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *src = (const char *)sqlite3_column_text(s, 1);

		if (source && (!src || strcmp(src, source)))
			continue;
		*id = sqlite3_column_int64(s, 0);
		*path = col_str(s, 2);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err_rc(st, "find a build by its build-id", rc, err,
				 errlen);
	return -ENOENT;
}
