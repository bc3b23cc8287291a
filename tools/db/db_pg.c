// SPDX-License-Identifier: GPL-2.0
/*
 * The store on a PostgreSQL server, through libpq.  The connection string
 * is libpq's own (URI or key=value): sslmode, PGPASSFILE, PGHOST and the
 * rest work as libpq documents them.  Values go as text parameters; the
 * server casts them to the columns' types.  A query is prepared on the
 * server once per connection (ks1, ks2 ...) and run by name after.
 * Queued statements (fdb_queue()) go in libpq's pipeline mode: sent
 * without waiting, their results read at the next call that needs an
 * answer, or every PG_PIPE_MAX statements (the server's replies must
 * not fill the socket while nobody reads them).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* statements prepared per connection; a query past them runs unprepared */
#define PG_CACHE	64
/* queued statements sent before their results are read */
#define PG_PIPE_MAX	1024

struct pg_stmt {
	const char *key;		/* the caller's sql pointer */
	char *sql;
	char name[16];
};

struct pg {
	PGconn *c;
	struct pg_stmt cache[PG_CACHE];
	size_t n;
	bool pipe;			/* in pipeline mode */
	size_t pending;			/* sent, results unread */
};

/* libpq's messages end in a newline; one line for ours */
static void pg_msg(char *err, size_t errlen, const char *msg)
{
	size_t n;

	snprintf(err, errlen, "%s", msg && *msg ? msg : "PostgreSQL error");
	n = strlen(err);
	while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
	for (; n; n--)
		if (err[n - 1] == '\n')
			err[n - 1] = ' ';
}

static int pg_open(struct fdb *db, const char *spec, bool readonly,
		   char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(spec);
	struct pg *p;
	PGresult *r;

	if (!c || PQstatus(c) != CONNECTION_OK) {
		pg_msg(err, errlen, c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return -ECONNREFUSED;
	}
	p = xcalloc(1, sizeof(*p));
	p->c = c;
	db->h = p;
	/* our statements print nothing; notices stay quiet */
	r = PQexec(c, "SET client_min_messages = warning");
	PQclear(r);
	if (readonly) {
		r = PQexec(c, "SET default_transaction_read_only = on");
		PQclear(r);
	}
	return 0;
}

static int pg_drain(struct fdb *db, char *err, size_t errlen);

static void pg_close(struct fdb *db)
{
	struct pg *p = db->h;
	char err[KS_ERRLEN];
	size_t i;

	pg_drain(db, err, sizeof(err));
	for (i = 0; i < p->n; i++)
		free(p->cache[i].sql);
	PQfinish(p->c);
	free(p);
	db->h = NULL;
}

static PGconn *conn(struct fdb *db)
{
	return ((struct pg *)db->h)->c;
}

static int pg_result(struct fdb *db, PGresult *r, char *err, size_t errlen)
{
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return 0;
	pg_msg(err, errlen, r ? PQresultErrorMessage(r) :
	       PQerrorMessage(conn(db)));
	return PQstatus(conn(db)) == CONNECTION_OK ? -EIO : -ECONNRESET;
}

/*
 * Read the results of the queued statements and leave pipeline mode:
 * the first one that failed is the error (the server skipped the rest).
 */
static int pg_drain(struct fdb *db, char *err, size_t errlen)
{
	struct pg *p = db->h;
	int ret = 0, nulls = 0;
	PGresult *r;

	if (!p->pipe)
		return 0;
	if (!PQpipelineSync(p->c)) {
		pg_msg(err, errlen, PQerrorMessage(p->c));
		ret = -ECONNRESET;
	}
	while (!ret || PQstatus(p->c) == CONNECTION_OK) {
		ExecStatusType s;

		r = PQgetResult(p->c);
		/* a NULL between two statements' results, never two */
		if (!r && ++nulls < 2 && PQstatus(p->c) == CONNECTION_OK)
			continue;
		if (!r) {
			if (!ret)
				pg_msg(err, errlen, PQerrorMessage(p->c));
			ret = ret ? ret : -ECONNRESET;
			break;
		}
		nulls = 0;
		s = PQresultStatus(r);
		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (s == PGRES_FATAL_ERROR && !ret)
			ret = pg_result(db, r, err, errlen);
		PQclear(r);
	}
	PQexitPipelineMode(p->c);
	p->pipe = false;
	p->pending = 0;
	return ret;
}

static int pg_script(struct fdb *db, const char *sql, char *err,
		     size_t errlen)
{
	PGresult *r;
	int ret = pg_drain(db, err, errlen);

	if (ret && strncmp(sql, "ROLLBACK", 8))
		return ret;
	r = PQexec(conn(db), sql);
	ret = pg_result(db, r, err, errlen);
	PQclear(r);
	return ret;
}

/*
 * Run sql: by the name it was prepared under, preparing it first when
 * new and there is room; else as it is.
 */
static int pg_run(struct fdb *db, const char *sql, int n,
		  const char *const *params, PGresult **out, char *err,
		  size_t errlen)
{
	struct pg *p = db->h;
	struct pg_stmt *c = NULL;
	PGresult *r;
	size_t i;
	int ret;

	*out = NULL;
	ret = pg_drain(db, err, errlen);
	if (ret)
		return ret;
	for (i = 0; i < p->n && !c; i++)
		if (p->cache[i].key == sql && !strcmp(p->cache[i].sql, sql))
			c = &p->cache[i];
	for (i = 0; i < p->n && !c; i++)
		if (!strcmp(p->cache[i].sql, sql))
			c = &p->cache[i];
	if (!c && p->n < PG_CACHE) {
		c = &p->cache[p->n];
		snprintf(c->name, sizeof(c->name), "ks%zu", p->n + 1);
		r = PQprepare(p->c, c->name, sql, 0, NULL);
		ret = pg_result(db, r, err, errlen);
		PQclear(r);
		if (ret)
			return ret;
		c->sql = xstrdup(sql);
		p->n++;
	}
	if (c) {
		c->key = sql;
		r = PQexecPrepared(p->c, c->name, n, params, NULL, NULL, 0);
	} else {
		r = PQexecParams(p->c, sql, n, NULL, params, NULL, NULL, 0);
	}
	*out = r;
	return pg_result(db, r, err, errlen);
}

static int pg_query(struct fdb *db, const char *sql, int n,
		    const char *const *params, fdb_row_fn fn, void *arg,
		    char *err, size_t errlen)
{
	const char *vals[64];
	int i, j, ncol, nrow, ret;
	PGresult *r;

	ret = pg_run(db, sql, n, params, &r, err, errlen);

	if (ret || !fn) {
		PQclear(r);
		return ret;
	}
	ncol = PQnfields(r);
	if (ncol > (int)ARRAY_SIZE(vals))
		ncol = ARRAY_SIZE(vals);
	nrow = PQntuples(r);
	for (i = 0; !ret && i < nrow; i++) {
		for (j = 0; j < ncol; j++)
			vals[j] = PQgetisnull(r, i, j) ? NULL :
				  PQgetvalue(r, i, j);
		ret = fn(arg, ncol, vals);
	}
	PQclear(r);
	return ret;
}

static int id_row(void *arg, int n, const char *const *vals)
{
	long long *id = arg;

	*id = n && vals[0] ? strtoll(vals[0], NULL, 10) : 0;
	return 2;	/* one row: stop, and say so */
}

static int pg_insert(struct fdb *db, const char *sql, int n,
		     const char *const *params, long long *id, char *err,
		     size_t errlen)
{
	int ret = pg_query(db, sql, n, params, id_row, id, err, errlen);

	if (ret == 2)
		return 0;
	return ret ? ret : 1;
}

/*
 * Queue a statement already prepared; a new one is prepared and run at
 * once (PQprepare is not for pipeline mode), as is one past the cache.
 */
static int pg_queue(struct fdb *db, const char *sql, int n,
		    const char *const *params, char *err, size_t errlen)
{
	struct pg *p = db->h;
	struct pg_stmt *c = NULL;
	size_t i;

	for (i = 0; i < p->n && !c; i++)
		if (p->cache[i].key == sql && !strcmp(p->cache[i].sql, sql))
			c = &p->cache[i];
	if (!c)
		return pg_query(db, sql, n, params, NULL, NULL, err, errlen);
	if (!p->pipe) {
		if (!PQenterPipelineMode(p->c))
			return pg_query(db, sql, n, params, NULL, NULL, err,
					errlen);
		p->pipe = true;
	}
	if (!PQsendQueryPrepared(p->c, c->name, n, params, NULL, NULL, 0)) {
		int ret = pg_drain(db, err, errlen);

		if (!ret)
			pg_msg(err, errlen, PQerrorMessage(p->c));
		return ret ? ret : -EIO;
	}
	if (++p->pending >= PG_PIPE_MAX)
		return pg_drain(db, err, errlen);
	return 0;
}

const struct fdb_ops fdb_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.script = pg_script,
	.query = pg_query,
	.insert = pg_insert,
	.queue = pg_queue,
	.begin_write = "BEGIN",
	/* one schema migration at a time across the fleet */
	.begin_schema = "BEGIN; SELECT pg_advisory_xact_lock(7273727)",
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.table_sql = "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = $1 AND schemaname = current_schema()",
};
