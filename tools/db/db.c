// SPDX-License-Identifier: GPL-2.0
/*
 * The store interface's common half (db.h): which backend a --db names,
 * passwords kept out of messages, transactions, the migration of a schema
 * and the roles of a server.  The backends differ in the type of a
 * generated id, their catalogs and roles, which only a server has.
 */
#include <stdlib.h>
#include <string.h>

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

char *fdb_subst_id(const struct fdb *db, const char *sql)
{
	const char *id_type = db->ops->id_type;
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

int fdb_queue(struct fdb *db, const char *sql, int n,
	      const char *const *params, char *err, size_t errlen)
{
	if (!db->in_tx || !db->ops->queue)
		return fdb_exec(db, sql, n, params, err, errlen);
	return db->ops->queue(db, sql, n, params, err, errlen);
}

int fdb_insert(struct fdb *db, const char *sql, int n,
	       const char *const *params, long long *id, char *err,
	       size_t errlen)
{
	return db->ops->insert(db, sql, n, params, id, err, errlen);
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

int fdb_script(struct fdb *db, const char *sql, char *err, size_t errlen)
{
	return db->ops->script(db, sql, err, errlen);
}

bool fdb_on_pg(const struct fdb *db)
{
	return db->ops == &fdb_pg_ops;
}

int fdb_table_exists(struct fdb *db, const char *table, char *err,
		     size_t errlen)
{
	const char *params[1] = { table };
	char buf[32];
	int ret;

	ret = fdb_value(db, db->ops->table_sql, 1, params, buf, sizeof(buf),
			err, errlen);
	if (ret < 0)
		return ret;
	return atoi(buf) > 0;
}

/*
 * Least privilege on a server: three roles, granted to login roles by the
 * administrator (docs/tool.md, "Roles").  Each schema grants them its
 * tables; nobody but the owner changes a schema.
 */
const char fdb_roles_sql[] =
	"DO $$ BEGIN\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ksymstat_push') THEN\n"
	"    CREATE ROLE ksymstat_push NOLOGIN; END IF;\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ksymstat_import') THEN\n"
	"    CREATE ROLE ksymstat_import NOLOGIN; END IF;\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ksymstat_read') THEN\n"
	"    CREATE ROLE ksymstat_read NOLOGIN; END IF;\n"
	"END $$";

int fdb_migrate(struct fdb *db, const struct fdb_schema *s, char *err,
		size_t errlen)
{
	int ret, v = 0;

	ret = begin(db, db->ops->begin_schema, err, errlen);
	if (ret)
		return ret;
	ret = s->read_version(db, &v, err, errlen);
	if (!ret && v > s->version) {
		snprintf(err, errlen,
			 "its %s schema is version %d, newer than this ksymstat's %d",
			 s->name, v, s->version);
		ret = -EPROTO;
	}
	if (!ret && v < s->version)
		ret = s->upgrade(db, v, err, errlen);
	if (ret) {
		fdb_rollback(db);
		return ret;
	}
	return fdb_commit(db, err, errlen);
}

int fdb_connect(const char *spec, bool readonly, struct fdb **out,
		char *err, size_t errlen)
{
	struct fdb *db = xcalloc(1, sizeof(*db));
	int ret;

	db->ops = spec && fdb_is_pg(spec) ? &fdb_pg_ops : &fdb_sqlite_ops;
	db->shown = spec ? fdb_redact(spec) : xstrdup("(memory)");
	ret = db->ops->open(db, spec ? spec : ":memory:", readonly, err,
			    errlen);
	if (ret) {
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
