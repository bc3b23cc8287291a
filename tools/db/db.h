/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tool's store interface: one interface, two backends (a SQLite file,
 * a PostgreSQL server through libpq).  The offline store
 * (offline/store.c) and the fleet store (fleet/) write their SQL once,
 * with $1, $2 ... parameters and text values, and call these functions;
 * only db_sqlite.c and db_pg.c talk to a library.  db.c holds what both
 * share: which backend a --db names, passwords kept out of messages,
 * transactions and the migration of a schema (docs/tool.md, "The store
 * interface").  The schemas are their users': offline/store.c,
 * fleet/fleet_schema.c.
 */
#ifndef KS_DB_H
#define KS_DB_H

#include "../base/base.h"

struct fdb;

/*
 * A row of a query: n values as text (NULL for SQL NULL).  Return 0 to go
 * on, anything else to stop (fdb_query returns it).
 */
typedef int (*fdb_row_fn)(void *arg, int n, const char *const *vals);

/*
 * One backend: the functions db.c calls through.  They return 0, -EIO (the
 * statement failed), -EBADMSG (the file is not a database),
 * -ECONNREFUSED / -ECONNRESET (no server, or it went away), with a message
 * in err.  A query's statement is prepared once per connection and kept:
 * sql is its key (the pointer first, then the text).
 */
struct fdb_ops {
	const char *name;		/* "sqlite", "postgresql" */
	int (*open)(struct fdb *db, const char *spec, bool readonly,
		    char *err, size_t errlen);
	void (*close)(struct fdb *db);
	/* sql: statements separated by ';', no parameters */
	int (*script)(struct fdb *db, const char *sql, char *err,
		      size_t errlen);
	int (*query)(struct fdb *db, const char *sql, int n,
		     const char *const *params, fdb_row_fn fn, void *arg,
		     char *err, size_t errlen);
	/* fdb_insert() */
	int (*insert)(struct fdb *db, const char *sql, int n,
		      const char *const *params, long long *id, char *err,
		      size_t errlen);
	/* fdb_queue(); NULL: run at once */
	int (*queue)(struct fdb *db, const char *sql, int n,
		     const char *const *params, char *err, size_t errlen);
	/* BEGIN of a writer (a report: concurrent pushers) */
	const char *begin_write;
	/* BEGIN of a migration: one at a time across the fleet */
	const char *begin_schema;
	/* the column type of a generated row id */
	const char *id_type;
	/* count(*) of the tables named $1 in the store's schema */
	const char *table_sql;
};

struct fdb {
	const struct fdb_ops *ops;
	void *h;			/* the backend's handle */
	char *shown;			/* the spec without a password */
	bool in_tx;
};

/* A PostgreSQL connection string (URI or key=value) or a file name? */
bool fdb_is_pg(const char *spec);
/* spec with any password replaced by "***" (malloc'd) */
char *fdb_redact(const char *spec);
/* Is db on a PostgreSQL server? */
bool fdb_on_pg(const struct fdb *db);

/* Connect to the store spec names (NULL: a SQLite database in memory). */
int fdb_connect(const char *spec, bool readonly, struct fdb **out,
		char *err, size_t errlen);
void fdb_close(struct fdb *db);
int fdb_begin(struct fdb *db, char *err, size_t errlen);
int fdb_commit(struct fdb *db, char *err, size_t errlen);
void fdb_rollback(struct fdb *db);
int fdb_query(struct fdb *db, const char *sql, int n,
	      const char *const *params, fdb_row_fn fn, void *arg,
	      char *err, size_t errlen);
/* A statement without rows. */
int fdb_exec(struct fdb *db, const char *sql, int n,
	     const char *const *params, char *err, size_t errlen);
/*
 * A statement without rows, in a transaction, whose failure may be
 * reported by a later call on db instead (the next query, the commit):
 * a server runs the statements queued so in a pipeline, one round trip
 * for many (an import's rows).  Outside a transaction: fdb_exec().
 */
int fdb_queue(struct fdb *db, const char *sql, int n,
	      const char *const *params, char *err, size_t errlen);
/*
 * An INSERT that ends in "RETURNING id": 0 and the new row's id, 1 when
 * it inserted nothing (ON CONFLICT DO NOTHING), or -errno.  (SQLite runs
 * it without the RETURNING, which costs it a temporary table a row, and
 * takes the rowid it inserted.)
 */
int fdb_insert(struct fdb *db, const char *sql, int n,
	       const char *const *params, long long *id, char *err,
	       size_t errlen);
/* Statements separated by ';', without parameters or rows. */
int fdb_script(struct fdb *db, const char *sql, char *err, size_t errlen);
/* The first column of the first row into buf ("" and 1: no row). */
int fdb_value(struct fdb *db, const char *sql, int n,
	      const char *const *params, char *buf, size_t len,
	      char *err, size_t errlen);
/* Does the table exist (1), not (0), or -errno. */
int fdb_table_exists(struct fdb *db, const char *table, char *err,
		     size_t errlen);
/* sql with each @ID@ replaced by the backend's generated id (malloc'd) */
char *fdb_subst_id(const struct fdb *db, const char *sql);

/*
 * A schema and its migrations.  fdb_migrate() takes the store's one
 * migration lock (a transaction; on a server an advisory lock as well),
 * reads the version again under it, and has upgrade() bring it from there
 * to version, recording it; all or nothing.
 */
struct fdb_schema {
	const char *name;		/* in messages: "fleet", "offline" */
	int version;
	/* 0: no such schema in the store */
	int (*read_version)(struct fdb *db, int *version, char *err,
			    size_t errlen);
	int (*upgrade)(struct fdb *db, int from, char *err, size_t errlen);
};

int fdb_migrate(struct fdb *db, const struct fdb_schema *s, char *err,
		size_t errlen);

/*
 * The three roles of a server's store (docs/tool.md, "Roles"), created
 * NOLOGIN when missing; each schema grants them its tables.
 */
extern const char fdb_roles_sql[];

extern const struct fdb_ops fdb_sqlite_ops, fdb_pg_ops;

#endif
