// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat import: offline sources into a SQLite store, in one
 * transaction (all sources or none).  Also used by check for sources given
 * on its command line (import_source()).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ksymstat.h"
#include "fleet/fleet.h"

void usage_import(FILE *f)
{
	fputs("Usage: ksymstat import --db FILE [--json] SOURCE...\n"
	      "         [--config FILE] [--release R] [--arch A] [--flavor F]\n"
	      "\n"
	      "Import offline sources into the SQLite database FILE (created if\n"
	      "missing; a source imported again replaces its earlier rows).\n"
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

/* Recognise a source and import it.  kind_hint: "page", "dataset", ... */
int import_source(struct ks_store *st, const char *path, const char *hint,
		  const struct elf_opts *eo, struct import_stats *stats,
		  char *err, size_t errlen)
{
	bool page = hint && !strcmp(hint, "page");
	const char *base;
	char opt[32];
	struct stat sb;
	int ret;

	memset(stats, 0, sizeof(*stats));
	if (hint)
		snprintf(opt, sizeof(opt), "--%s", hint);
	/* pages come as directories too; a SOURCE is a file or a directory */
	ret = input_check(hint ? opt : NULL, path, page || !hint, err,
			  errlen);
	if (ret)
		return ret;
	if (stat(path, &sb)) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	if (page || S_ISDIR(sb.st_mode) || str_ends_with(path, ".md"))
		return pages_import(st, path, stats, err, errlen);
	if ((hint && !strcmp(hint, "dataset")) ||
	    str_ends_with(path, ".jsonl"))
		return dataset_import(st, path, stats, err, errlen);
	if ((hint && !strcmp(hint, "vmlinux")) || is_elf_file(path)) {
		ret = elf_dwarf_import(st, path, eo, stats, err, errlen);
		/*
		 * .debug_info that yields no function entry at all (no
		 * compile unit or DIE could be read) would make every
		 * function of the build Absent.
		 */
		if (!ret && stats->kind && !strncmp(stats->kind, "dwarf", 5) &&
		    !stats->funcs && !stats->skipped) {
			snprintf(err, errlen,
				 "%s: its DWARF (.debug_info) yields no function entry: broken or empty debug info, nothing imported",
				 path);
			ret = -EINVAL;
		}
		return ret;
	}
	/* by name too, so that a bad first line gets its line's message */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if ((hint && !strcmp(hint, "sysmap")) || is_sysmap_file(path) ||
	    !strncmp(base, "System.map", 10))
		return sysmap_import(st, path, eo, stats, err, errlen);
	snprintf(err, errlen,
		 "%s: unknown source (want a DepSurf page or directory, a .jsonl dataset, a vmlinux ELF or a System.map)",
		 path);
	return -EINVAL;
}

/* Handle --config, --release, --arch, --flavor; false for other options. */
bool elf_opt(int opt, const char *arg, struct elf_opts *eo)
{
	switch (opt) {
	case OPT_CONFIG:
		eo->config = arg;
		return true;
	case OPT_RELEASE:
		eo->release = arg;
		return true;
	case OPT_ARCH:
		eo->arch = arg;
		return true;
	case OPT_FLAVOR:
		eo->flavor = arg;
		return true;
	default:
		return false;
	}
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

/* The options of import, for getopt and for the command table (main.c). */
const struct option ks_import_opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "release", required_argument, NULL, OPT_RELEASE },
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "flavor", required_argument, NULL, OPT_FLAVOR },
	{ "host", required_argument, NULL, OPT_FLEET_HOST },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_import(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct elf_opts eo = { 0 };
	struct import_stats *stats;
	struct ks_store *st;
	const char *db = NULL, *host = NULL;
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
		case OPT_DB:
			db = optarg;
			break;
		case OPT_FLEET_HOST:
			host = optarg;
			break;
		case OPT_JSON:
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
	if (fleet_is_report(argv[optind]))
		return fleet_import(ctx, db, host, n, argv + optind);
	if (fdb_is_pg(db)) {
		p_err(ctx, "import: %s is not a live report; offline sources go to a SQLite store (a PostgreSQL store holds live reports only)",
		      argv[optind]);
		return KS_EXIT_ERROR;
	}
	if (host) {
		p_err(ctx, "import: --host labels live reports only");
		return KS_EXIT_ERROR;
	}
	/* a store this import creates goes again when the import fails */
	created = stat(db, &sb) && errno == ENOENT;
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
		json_import(stdout, db, (const char **)argv + optind, stats, n);
	else
		for (i = 0; i < n; i++)
			text_import(stdout, db, argv[optind + i], &stats[i]);
	free(stats);
	return KS_EXIT_OK;
}
