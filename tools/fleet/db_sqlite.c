// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet store in a SQLite file (the embedded default; the fleet
 * tables may share the file with the offline store, tables of their own).
 * Parameters are bound by name ("$1"), so a statement may use one twice.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "../verdict/verdict.h"
#include "db.h"

/* how long a writer waits for another's lock (64 pushers at once) */
#define SQLITE_BUSY_MS	120000

static int sq_open(struct fdb *db, const char *spec, bool readonly,
		   char *err, size_t errlen)
{
	int flags = readonly ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	sqlite3 *h = NULL;

	if (sqlite3_open_v2(spec, &h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s",
			 h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -EIO;
	}
	sqlite3_busy_timeout(h, SQLITE_BUSY_MS);
	sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	db->h = h;
	return 0;
}

static void sq_close(struct fdb *db)
{
	sqlite3_close(db->h);
	db->h = NULL;
}

static int sq_script(struct fdb *db, const char *sql, char *err,
		     size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : "SQLite error");
		sqlite3_free(msg);
		return -EIO;
	}
	return 0;
}

static int sq_query(struct fdb *db, const char *sql, int n,
		    const char *const *params, fdb_row_fn fn, void *arg,
		    char *err, size_t errlen)
{
	const char *vals[64];
	sqlite3_stmt *st;
	int i, rc, ncol, ret = 0;
	char name[16];

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db->h));
		return -EIO;
	}
	for (i = 0; i < n; i++) {
		int idx;

		snprintf(name, sizeof(name), "$%d", i + 1);
		idx = sqlite3_bind_parameter_index(st, name);
		if (!idx)
			continue;
		if (params[i])
			sqlite3_bind_text(st, idx, params[i], -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_null(st, idx);
	}
	ncol = sqlite3_column_count(st);
	if (ncol > (int)ARRAY_SIZE(vals))
		ncol = ARRAY_SIZE(vals);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncol; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		if (fn) {
			ret = fn(arg, ncol, vals);
			if (ret)
				break;
		}
	}
	if (!ret && rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db->h));
		ret = -EIO;
	}
	sqlite3_finalize(st);
	return ret;
}

const struct fdb_ops fdb_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.script = sq_script,
	.query = sq_query,
	.begin_write = "BEGIN IMMEDIATE",
	.begin_schema = "BEGIN IMMEDIATE",
	.id_type = "INTEGER PRIMARY KEY",
};
