// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat push: this host's live report into a fleet store; and the
 * import of saved live reports (ksymstat import --db DB REPORT...).  Every
 * report is read and parsed before the store is opened: a report that
 * fails to parse stores nothing, and neither do the others given with it.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

void usage_push(FILE *f)
{
	fputs("Usage: ksymstat push --db DB [--live FILE] [--host LABEL] [--json]\n"
	      "\n"
	      "Store this host's live report (/sys/kernel/debug/ksymstat, or\n"
	      "--live FILE) in the fleet store DB: a SQLite file (created if\n"
	      "missing) or a PostgreSQL connection string (postgresql://...,\n"
	      "or libpq's key=value form; PGPASSFILE, sslmode as libpq says).\n"
	      "LABEL names the host (default: the host name).  The same report\n"
	      "of the same host is stored once; every push records a sighting,\n"
	      "and the newest sighting names the host's current report.\n"
	      "Saved reports: ksymstat import --db DB --host LABEL REPORT...\n"
	      "\n"
	      "Exit: 0 stored (or already stored), 2 usage or system error\n"
	      "(nothing is stored).\n", f);
}

const struct option ks_push_opts[] = {
	{ "db", required_argument, NULL, OPT_FLEET_DB },
	{ "live", required_argument, NULL, OPT_LIVE },
	{ "host", required_argument, NULL, OPT_FLEET_HOST },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void print_stored(const struct ks_ctx *ctx, const struct fdb *db,
			 const char *host, const struct fleet_report *frs,
			 size_t n)
{
	struct json_object *o, *a;
	size_t i;

	if (!ctx->json) {
		for (i = 0; i < n; i++) {
			const struct fleet_report *fr = &frs[i];

			printf("%s: %s (%s %s, build-id %s): %s report %lld in %s\n",
			       host, fr->path, fr->rep->release,
			       fr->rep->arch, fr->build_id,
			       fr->stored ? "stored as" : "already stored:",
			       fr->id, db->shown);
		}
		return;
	}
	o = json_object_new_object();
	a = json_object_new_array();
	json_object_object_add(o, "db", json_object_new_string(db->shown));
	json_object_object_add(o, "backend",
			       json_object_new_string(db->ops->name));
	json_object_object_add(o, "host", json_object_new_string(host));
	for (i = 0; i < n; i++) {
		const struct fleet_report *fr = &frs[i];
		struct json_object *r = json_object_new_object();

		json_object_object_add(r, "path",
				       json_object_new_string(fr->path));
		json_object_object_add(r, "release",
			json_object_new_string(fr->rep->release));
		json_object_object_add(r, "arch",
				       json_object_new_string(fr->rep->arch));
		json_object_object_add(r, "build_id",
				       json_object_new_string(fr->build_id));
		json_object_object_add(r, "hash",
				       json_object_new_string(fr->hash));
		json_object_object_add(r, "stored",
				       json_object_new_boolean(fr->stored));
		json_object_object_add(r, "report_id",
				       json_object_new_int64(fr->id));
		json_object_array_add(a, r);
	}
	json_object_object_add(o, "reports", a);
	json_fputs(stdout, json_object_to_json_string_ext(o, ks_json_flags()));
	json_object_put(o);
}

/* Store the parsed reports frs[0..n) of host; the error said. */
static int store_all(const struct ks_ctx *ctx, const char *spec,
		     const char *host, struct fleet_report *frs, size_t n)
{
	char err[KS_ERRLEN];
	struct fdb *db;
	int ret;

	ret = fdb_open(spec, false, true, &db, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	ret = fleet_store(db, host, frs, n, err, sizeof(err));
	if (ret) {
		p_err(ctx, "fleet store %s: nothing stored: %s", db->shown,
		      err);
		fdb_close(db);
		return KS_EXIT_ERROR;
	}
	print_stored(ctx, db, host, frs, n);
	fdb_close(db);
	return KS_EXIT_OK;
}

static int host_label(const struct ks_ctx *ctx, const char *given,
		      char *buf, size_t len)
{
	if (given) {
		if (!*given || strpbrk(given, " \t\n")) {
			p_err(ctx, "--host '%s': a host label is one word",
			      given);
			return -EINVAL;
		}
		snprintf(buf, len, "%s", given);
		return 0;
	}
	if (fleet_host_default(buf, len)) {
		p_err(ctx, "cannot read the host name: %s (give --host)",
		      strerror(errno));
		return -errno;
	}
	return 0;
}

int fleet_import(const struct ks_ctx *ctx, const char *db, const char *host,
		 int n, char **paths)
{
	struct fleet_report *frs = xcalloc(n, sizeof(*frs));
	char err[KS_ERRLEN], label[256];
	int i, ret = 0;

	if (host_label(ctx, host, label, sizeof(label)))
		ret = KS_EXIT_ERROR;
	for (i = 0; !ret && i < n; i++) {
		if (fleet_report_read(paths[i], &frs[i], err, sizeof(err))) {
			p_err(ctx, "%s (nothing stored)", err);
			ret = KS_EXIT_ERROR;
		}
	}
	if (!ret)
		ret = store_all(ctx, db, label, frs, n);
	for (i = 0; i < n; i++)
		fleet_report_free(&frs[i]);
	free(frs);
	return ret;
}

int cmd_push(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *db = NULL, *host = NULL, *live = NULL;
	char *path;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_push_opts, NULL)) != -1) {
		switch (c) {
		case OPT_FLEET_DB:
			db = optarg;
			break;
		case OPT_LIVE:
			live = optarg;
			break;
		case OPT_FLEET_HOST:
			host = optarg;
			break;
		case OPT_JSON:
			break;
		case 'h':
			usage_push(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "push", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	if (!db || optind < argc) {
		p_err(ctx, "push needs --db DB and no other argument (see ksymstat help push)");
		return KS_EXIT_ERROR;
	}
	if (!live)
		live = getenv("KSYMSTAT_REPORT");
	path = (char *)(live && *live ? live : KS_DEFAULT_REPORT);
	return fleet_import(ctx, db, host, 1, &path);
}
