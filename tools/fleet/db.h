/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fleet store: one interface, two backends (SQLite file, PostgreSQL
 * server through libpq).  The fleet's code writes its SQL once, with $1,
 * $2 ... parameters and text values, and calls these functions; only
 * db_sqlite.c and db_pg.c talk to a library.  The schema and its
 * migrations are in db.c (docs/tool.md, "The fleet store").
 */
#ifndef KS_FLEET_DB_H
#define KS_FLEET_DB_H

#include <stdbool.h>
#include <stddef.h>

#define FLEET_SCHEMA	1	/* fleet_meta.schema_version */

struct fdb;

/*
 * A row of a query: n values as text (NULL for SQL NULL).  Return 0 to go
 * on, anything else to stop (fdb_query returns it).
 */
typedef int (*fdb_row_fn)(void *arg, int n, const char *const *vals);

/* One backend: the functions db.c calls through. */
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
	/* BEGIN of a writer (a report: concurrent pushers) */
	const char *begin_write;
	/* BEGIN of a migration: one at a time across the fleet */
	const char *begin_schema;
	/* the column type of a generated row id */
	const char *id_type;
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

/*
 * Open the store; migrate its schema to FLEET_SCHEMA unless readonly or
 * migrate is false (a push role may not create tables: it needs the
 * schema made by an owner).
 */
int fdb_open(const char *spec, bool readonly, bool migrate, struct fdb **out,
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
/* The first column of the first row into buf ("" and 1: no row). */
int fdb_value(struct fdb *db, const char *sql, int n,
	      const char *const *params, char *buf, size_t len,
	      char *err, size_t errlen);
int fdb_schema_version(struct fdb *db, int *version, char *err,
		       size_t errlen);

extern const struct fdb_ops fdb_sqlite_ops, fdb_pg_ops;

#endif
