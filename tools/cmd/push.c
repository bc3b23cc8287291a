// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat push: this host's live report into a fleet store
 * (fleet/report_store.c stores it, out/fleet_out.c says what was stored).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

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
	{ "live", required_argument, NULL, OPT_LIVE },
	{ "host", required_argument, NULL, OPT_FLEET_HOST },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_push(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *db = ctx->db, *host = NULL, *live = NULL;
	struct fleet_stored res = { 0 };
	int ret;
	char *path;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_push_opts, NULL)) != -1) {
		switch (c) {
		case OPT_LIVE:
			live = optarg;
			break;
		case OPT_FLEET_HOST:
			host = optarg;
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
	ret = fleet_import(ctx, db, host, 1, &path, &res);
	if (!ret)
		fleet_print_stored(ctx, &res);
	fleet_stored_free(&res);
	return ret;
}
