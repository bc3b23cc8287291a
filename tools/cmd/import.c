// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat import: offline sources into a SQLite store, in one
 * transaction (all sources or none).  Each source is recognised and
 * imported by import_source() (offline/source.c), which check uses too.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

void usage_import(FILE *f)
{
	fputs("Usage: ksymstat import --db DB [-j | -p] SOURCE...\n"
	      "         [--config FILE] [--release R] [--arch A] [--flavor F]\n"
	      "\n"
	      "Import offline sources into the store DB: a SQLite file (created\n"
	      "if missing) or a PostgreSQL database (postgresql://... or\n"
	      "key=value; see ksymstat help push).  A source imported again\n"
	      "replaces its earlier rows.\n"
	      "SOURCE is recognised by its content:\n"
	      "  a DepSurf function page (*.md) or a directory of them\n"
	      "  a DepSurf dataset file (RELEASE-ARCH.jsonl)\n"
	      "  a vmlinux ELF with .symtab (e.g. /usr/lib/debug/boot/vmlinux-RELEASE)\n"
	      "  a System.map (address type name lines)\n"
	      "--config attaches a kernel config to the vmlinux/System.map;\n"
	      "--release/--arch/--flavor override what the path and e_machine say.\n"
	      "\n"
	      "       ksymstat import --db DB [--host LABEL] REPORT...\n"
	      "Saved live reports (the module's report format) go to the fleet\n"
	      "store DB (a SQLite file or postgresql://...; see ksymstat help\n"
	      "push) as reports of host LABEL (default: the host name).\n"
	      "\n"
	      "Exit: 0 imported, 2 usage or system error (nothing is imported).\n",
	      f);
}

/*
 * KSYMSTAT_TIMING=1: where the time went, on stderr (scripts/bench).  The
 * store phase of pages includes SQLite's writes; commit is the rest.
 */
static void print_timing(const struct import_stats *stats, int n,
			 uint64_t commit_ns)
{
	static const char *const phase[IMPORT_PHASES] = {
		[IMPORT_READ] = "read",
		[IMPORT_PARSE] = "parse",
		[IMPORT_STORE] = "store",
	};
	uint64_t ns[IMPORT_PHASES] = { 0 };
	int i, p;

	for (i = 0; i < n; i++)
		for (p = 0; p < IMPORT_PHASES; p++)
			ns[p] += stats[i].ns[p];
	fputs("ksymstat: import timing:", stderr);
	for (p = 0; p < IMPORT_PHASES; p++)
		fprintf(stderr, " %s %.3f s", phase[p], ns[p] / 1e9);
	fprintf(stderr, " commit %.3f s\n", commit_ns / 1e9);
}

/*
 * The options of import, for getopt and for the command table (main.c);
 * --db (the store it writes), -j and -p are main.c's global options.
 */
const struct option ks_import_opts[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "release", required_argument, NULL, OPT_RELEASE },
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "flavor", required_argument, NULL, OPT_FLAVOR },
	{ "host", required_argument, NULL, OPT_FLEET_HOST },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_import(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct elf_opts eo = { 0 };
	struct import_stats *stats;
	struct ks_store *st;
	const char *db = ctx->db, *host = NULL;
	char err[KS_ERRLEN];
	bool created;
	struct stat sb;
	int c, i, n, ret;
	uint64_t t;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_import_opts,
				 NULL)) != -1) {
		if (elf_opt(c, optarg, &eo))
			continue;
		switch (c) {
		case OPT_FLEET_HOST:
			host = optarg;
			break;
		case 'h':
			usage_import(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "import", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	n = argc - optind;
	if (!db || !n) {
		p_err(ctx, "import needs --db FILE and at least one SOURCE (see ksymstat help import)");
		return KS_EXIT_ERROR;
	}
	/* live reports go to the fleet store (tools/fleet/) */
	if (fleet_is_report(argv[optind])) {
		struct fleet_stored res = { 0 };

		ret = fleet_import(ctx, db, host, n, argv + optind, &res);
		if (!ret)
			fleet_print_stored(ctx, &res);
		fleet_stored_free(&res);
		return ret;
	}
	if (host) {
		p_err(ctx, "import: --host labels live reports only");
		return KS_EXIT_ERROR;
	}
	/*
	 * a store file this import creates goes again when the import fails
	 * (on a server the transaction leaves nothing)
	 */
	created = !fdb_is_pg(db) && stat(db, &sb) && errno == ENOENT;
	ret = store_open(db, false, &st, err, sizeof(err));
	if (ret) {
		if (created)
			unlink(db);
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	ret = store_begin(st, err, sizeof(err));
	stats = xcalloc(n, sizeof(*stats));
	for (i = 0; !ret && i < n; i++)
		ret = import_source(st, argv[optind + i], NULL, &eo,
				    &stats[i], err, sizeof(err));
	t = now_ns();
	if (!ret)
		ret = store_commit(st, err, sizeof(err));
	t = now_ns() - t;
	if (ret) {
		store_rollback(st);
		store_close(st);
		if (created)
			unlink(db);
		free(stats);
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	store_close(st);
	if (getenv("KSYMSTAT_TIMING"))
		print_timing(stats, n, t);
	if (ctx->json)
		json_import(stdout, db, (const char **)argv + optind, stats, n,
			    ks_json_flags(ctx));
	else
		for (i = 0; i < n; i++)
			text_import(stdout, db, argv[optind + i], &stats[i]);
	free(stats);
	return KS_EXIT_OK;
}
