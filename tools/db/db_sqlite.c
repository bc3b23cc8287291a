// SPDX-License-Identifier: GPL-2.0
/*
 * The store in a SQLite file (the embedded default; the fleet's tables
 * and the offline store's may share a file, tables of their own).  A
 * query's $N parameters become SQLite's ?N, so a statement may use one
 * twice; its statement is prepared once and kept (an import runs a few
 * statements some 10^5 times).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* how long a writer waits for another's lock (64 pushers at once) */
#define SQLITE_BUSY_MS	120000
/* statements kept per connection; a query past them is prepared each time */
#define SQ_CACHE	64

struct sq_stmt {
	const char *key;		/* the caller's sql pointer */
	char *sql;			/* its text, as given */
	bool insert;			/* prepared for sq_insert() */
	sqlite3_stmt *st;
};

struct sq {
	sqlite3 *h;
	struct sq_stmt cache[SQ_CACHE];
	size_t n;
};

static int sq_err(struct sq *q, int rc, char *err, size_t errlen)
{
	/* the handle's message, unless a later call left "not an error" */
	snprintf(err, errlen, "%s", sqlite3_errcode(q->h) == SQLITE_OK ?
		 sqlite3_errstr(rc) : sqlite3_errmsg(q->h));
	return (rc & 0xff) == SQLITE_NOTADB ? -EBADMSG : -EIO;
}

static int sq_open(struct fdb *db, const char *spec, bool readonly,
		   char *err, size_t errlen)
{
	int flags = readonly ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	struct sq *q = xcalloc(1, sizeof(*q));

	if (sqlite3_open_v2(spec, &q->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s",
			 q->h ? sqlite3_errmsg(q->h) : "out of memory");
		sqlite3_close(q->h);
		free(q);
		return -EIO;
	}
	sqlite3_busy_timeout(q->h, SQLITE_BUSY_MS);
	sqlite3_exec(q->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	db->h = q;
	return 0;
}

static void sq_close(struct fdb *db)
{
	struct sq *q = db->h;
	size_t i;

	for (i = 0; i < q->n; i++) {
		sqlite3_finalize(q->cache[i].st);
		free(q->cache[i].sql);
	}
	sqlite3_close(q->h);
	free(q);
	db->h = NULL;
}

static int sq_script(struct fdb *db, const char *sql, char *err,
		     size_t errlen)
{
	struct sq *q = db->h;
	int rc = sqlite3_exec(q->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sq_err(q, rc, err, errlen);
}

#define RETURNING_ID	" RETURNING id"

/*
 * sql with each $N outside a quoted string written ?N (malloc'd); for
 * sq_insert() without its RETURNING id.
 */
static char *sq_params(const char *sql, bool insert)
{
	char *s = xstrdup(sql), *p, quote = 0;
	size_t len = strlen(s), rl = strlen(RETURNING_ID);

	if (insert && len > rl && !strcmp(s + len - rl, RETURNING_ID))
		s[len - rl] = '\0';

	for (p = s; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			*p = '?';
		}
	}
	return s;
}

/*
 * The statement of sql, reset: the one kept for it, or a new one (kept
 * while there is room).  *temp: the caller finalizes it (no room, or the
 * kept one is running: a query inside another's rows).
 */
static int sq_stmt(struct sq *q, const char *sql, bool insert,
		   sqlite3_stmt **out, bool *temp)
{
	struct sq_stmt *c = NULL;
	sqlite3_stmt *st;
	char *text;
	size_t i;
	int rc;

	for (i = 0; i < q->n && !c; i++)
		if (q->cache[i].key == sql && q->cache[i].insert == insert &&
		    !strcmp(q->cache[i].sql, sql))
			c = &q->cache[i];
	for (i = 0; i < q->n && !c; i++)
		if (q->cache[i].insert == insert &&
		    !strcmp(q->cache[i].sql, sql))
			c = &q->cache[i];
	if (c && !sqlite3_stmt_busy(c->st)) {
		c->key = sql;
		*out = c->st;
		*temp = false;
		return SQLITE_OK;
	}
	text = sq_params(sql, insert);
	rc = sqlite3_prepare_v2(q->h, text, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		free(text);
		return rc;
	}
	*out = st;
	*temp = c || q->n == SQ_CACHE;
	if (*temp) {
		free(text);
		return SQLITE_OK;
	}
	free(text);
	q->cache[q->n].key = sql;
	q->cache[q->n].sql = xstrdup(sql);
	q->cache[q->n].insert = insert;
	q->cache[q->n].st = st;
	q->n++;
	return SQLITE_OK;
}

static void sq_bind(sqlite3_stmt *st, int n, const char *const *params)
{
	int i, nparam = sqlite3_bind_parameter_count(st);

	for (i = 0; i < n && i < nparam; i++) {
		if (params[i])
			sqlite3_bind_text(st, i + 1, params[i], -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	}
}

static void sq_done(sqlite3_stmt *st, bool temp)
{
	if (temp) {
		sqlite3_finalize(st);
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

static int sq_query(struct fdb *db, const char *sql, int n,
		    const char *const *params, fdb_row_fn fn, void *arg,
		    char *err, size_t errlen)
{
	struct sq *q = db->h;
	const char *vals[64];
	sqlite3_stmt *st;
	int i, rc, ncol, ret = 0;
	bool temp;

	rc = sq_stmt(q, sql, false, &st, &temp);
	if (rc != SQLITE_OK)
		return sq_err(q, rc, err, errlen);
	sq_bind(st, n, params);
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
	if (!ret && rc != SQLITE_DONE)
		ret = sq_err(q, rc, err, errlen);
	sq_done(st, temp);
	return ret;
}

static int sq_insert(struct fdb *db, const char *sql, int n,
		     const char *const *params, long long *id, char *err,
		     size_t errlen)
{
	struct sq *q = db->h;
	sqlite3_stmt *st;
	int rc, ret = 0;
	bool temp;

	rc = sq_stmt(q, sql, true, &st, &temp);
	if (rc != SQLITE_OK)
		return sq_err(q, rc, err, errlen);
	sq_bind(st, n, params);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = sq_err(q, rc, err, errlen);
	else if (!sqlite3_changes(q->h))
		ret = 1;
	else
		*id = sqlite3_last_insert_rowid(q->h);
	sq_done(st, temp);
	return ret;
}

const struct fdb_ops fdb_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.script = sq_script,
	.query = sq_query,
	.insert = sq_insert,
	.begin_write = "BEGIN IMMEDIATE",
	.begin_schema = "BEGIN IMMEDIATE",
	.id_type = "INTEGER PRIMARY KEY",
	.table_sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
};
