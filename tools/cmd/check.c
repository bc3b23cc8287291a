// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat check: the live facts of each FUNC against every offline row
 * (from --db, and/or sources given here, imported into memory), with a
 * verdict (merge.c) printed as text, JSON or a DepSurf-style page.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"

#define MAX_SOURCES	64

void usage_check(FILE *f)
{
	fputs("Usage: ksymstat check FUNC... [LIVE] [OFFLINE...] [-v] [-j | -p | --markdown]\n"
	      "       ksymstat check --bpf OBJ ... (old name of ksymstat bpf check)\n"
	      "  LIVE:    --live FILE (a saved report; default the module's report)\n"
	      "           --kallsyms [FILE] [--filter-functions [FILE]]\n"
	      "           [--live-release R] [--live-arch A]\n"
	      "  OFFLINE: --db FILE          a store made by ksymstat import\n"
	      "           --page FILE|DIR    DepSurf page(s); DIR is searched for FUNC.md\n"
	      "           --dataset F.jsonl  DepSurf dataset file\n"
	      "           --vmlinux F [--config F]  vmlinux ELF and its kernel config\n"
	      "           --sysmap F         System.map\n"
	      "           --release R --arch A --flavor F  for --vmlinux/--sysmap\n"
	      "  -v, --verbose  every fact, offline row and check (default: one\n"
	      "                 line per FUNC, coloured on a terminal unless NO_COLOR)\n"
	      "  -j, --json     JSON, compact;  -p, --pretty  JSON, indented\n"
	      "  --client C  base the verdict on one client: kprobe, kprobe_event,\n"
	      "              fentry, kprobe_multi, ftrace, livepatch (report\n"
	      "              version 2; default: every client is shown)\n"
	      "\n"
	      "Compare the running kernel's facts on each FUNC with every offline\n"
	      "row: presence, binding, size, address, collisions, clones and\n"
	      "traceability.  Rows of the same build must agree exactly; other\n"
	      "builds' differences are reported.  --markdown writes the DepSurf\n"
	      "page of each FUNC with the live kernel as an extra \"Live\" group.\n"
	      "\n"
	      "Exit: 0 all confirmed, 1 a mismatch or a target that cannot be\n"
	      "probed (by the --client named, else by any client), 2 usage or\n"
	      "system error.\n"
	      "\n"
	      "check --bpf OBJ is ksymstat bpf check OBJ (see ksymstat help bpf\n"
	      "check) under its old name, kept for one version.\n",
	      f);
}

struct source {
	const char *path;
	const char *hint;
};

struct check_args {
	struct live_opts lo;
	struct elf_opts eo;
	const char *db;
	bool markdown;
	bool verbose;			/* -v: every fact and row */
	struct source src[MAX_SOURCES];
	size_t n_src;
	char **names;
	size_t n_names;
	int client;			/* --client, -1: every client */
};

/*
 * The options of check, for getopt and for the command table (main.c);
 * --db, -j and -p are main.c's global options.
 */
const struct option ks_check_opts[] = {
	LIVE_LONGOPTS,
	{ "page", required_argument, NULL, OPT_PAGE },
	{ "dataset", required_argument, NULL, OPT_DATASET },
	{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
	{ "sysmap", required_argument, NULL, OPT_SYSMAP },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "release", required_argument, NULL, OPT_RELEASE },
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "flavor", required_argument, NULL, OPT_FLAVOR },
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ "verbose", no_argument, NULL, 'v' },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct ks_ctx *ctx, int argc, char **argv,
		      struct check_args *a)
{
	int c;

	optind = 1;
	opterr = 0;
	a->client = -1;
	a->db = ctx->db;
	while ((c = getopt_long(argc, argv, "hv", ks_check_opts,
				 NULL)) != -1) {
		const char *hint = NULL;

		if (live_opt(c, optarg, &a->lo, argc, argv, &optind) ||
		    elf_opt(c, optarg, &a->eo))
			continue;
		switch (c) {
		case OPT_PAGE:
			hint = "page";
			break;
		case OPT_DATASET:
			hint = "dataset";
			break;
		case OPT_VMLINUX:
			hint = "vmlinux";
			break;
		case OPT_SYSMAP:
			hint = "sysmap";
			break;
		case OPT_MARKDOWN:
			a->markdown = true;
			break;
		case 'v':
			a->verbose = true;
			break;
		case OPT_CLIENT:
			a->client = ks_name_index(ks_client_names,
						  KS_CLIENT__COUNT, optarg);
			if (a->client < 0) {
				p_err(ctx, "--client %s: not a client (kprobe, kprobe_event, fentry, kprobe_multi, ftrace, livepatch)",
				      optarg);
				return -1;
			}
			break;
		case 'h':
			usage_check(stdout);
			return 1;
		default:
			p_bad_option(ctx, "check", argv[optind - 1]);
			return -1;
		}
		if (hint) {
			if (a->n_src == MAX_SOURCES) {
				p_err(ctx, "too many sources (at most %d)",
				      MAX_SOURCES);
				return -1;
			}
			a->src[a->n_src].path = optarg;
			a->src[a->n_src++].hint = hint;
		}
	}
	a->names = argv + optind;
	a->n_names = argc - optind;
	if (!a->n_names) {
		p_err(ctx, "check needs at least one FUNC (see ksymstat help check)");
		return -1;
	}
	if (ctx->json && a->markdown) {
		p_err(ctx, "give either --json or --markdown, not both");
		return -1;
	}
	if (a->lo.kallsyms && a->lo.live) {
		p_err(ctx, "give either --live or --kallsyms, not both");
		return -1;
	}
	if (a->eo.config) {
		size_t i, n = 0;

		for (i = 0; i < a->n_src; i++)
			n += !strcmp(a->src[i].hint, "vmlinux") ||
			     !strcmp(a->src[i].hint, "sysmap");
		if (!n) {
			p_err(ctx, "--config belongs to a --vmlinux or --sysmap");
			return -1;
		}
	}
	return 0;
}

/* Direct sources into an in-memory store; a page DIR only for FUNC... */
static int import_direct(const struct check_args *a, struct ks_store **out,
			 char *err, size_t errlen)
{
	struct import_stats stats;
	struct ks_store *st;
	size_t i, j;
	int ret;

	*out = NULL;
	if (!a->n_src)
		return 0;
	ret = store_open(NULL, false, &st, err, errlen);
	if (ret)
		return ret;
	ret = store_begin(st, err, errlen);
	for (i = 0; !ret && i < a->n_src; i++) {
		const struct source *s = &a->src[i];
		struct stat sb;

		if (!strcmp(s->hint, "page") && !stat(s->path, &sb) &&
		    S_ISDIR(sb.st_mode)) {
			for (j = 0; !ret && j < a->n_names; j++) {
				char path[4096];

				memset(&stats, 0, sizeof(stats));
				if (!page_find(s->path, a->names[j], path,
					       sizeof(path)))
					ret = page_import_file(st, path, &stats,
							       err, errlen);
			}
			continue;
		}
		ret = import_source(st, s->path, s->hint, &a->eo, &stats, err,
				    errlen);
	}
	if (!ret)
		ret = store_commit(st, err, errlen);
	if (ret) {
		store_close(st);
		return ret;
	}
	*out = st;
	return 0;
}

/* Was a symbol table of the running kernel given (--vmlinux, --sysmap)? */
static bool symtab_given(const struct check_args *a)
{
	size_t i;

	for (i = 0; i < a->n_src; i++)
		if (!strcmp(a->src[i].hint, "vmlinux") ||
		    !strcmp(a->src[i].hint, "sysmap"))
			return true;
	return false;
}

/*
 * No symbol table given and the report names its build: the debug info
 * by build-id (debuginfo.c), into the store *db names (--db, else the
 * default one).  Not found: an error when a debuginfod server was asked
 * and nothing else is offline; else said, and the rest compared.
 */
static int find_debuginfo(const struct ks_ctx *ctx, struct check_args *a,
			  const struct ks_report *rep, struct debuginfo *di,
			  char **db, char *err, size_t errlen)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	int ret;

	if (!rep->build_id || symtab_given(a))
		return 0;
	*db = debuginfo_store_path(a->db);
	ret = debuginfo_find(di, rep->build_id, rep->release, rep->arch, *db,
			     &a->eo, err, errlen);
	if (a->verbose || ret) {
		fprintf(stderr, "%s: debug info of build-id %s: ", ctx->prog,
			di->build_id);
		debuginfo_steps_text(di, stderr, "; ");
		fputc('\n', stderr);
	}
	/* said above; with other sources, or no server asked: live only */
	if (ret == -ENOENT && (a->db || a->n_src || !urls || !*urls)) {
		free(*db);
		*db = NULL;
		return 0;
	}
	if (ret == -ENOENT)
		snprintf(err, errlen,
			 "no debug info for build-id %s (the store, the local debug tree, debuginfod: see above) and no other offline source: give --vmlinux, or another DEBUGINFOD_URLS",
			 di->build_id);
	if (!ret)
		a->db = *db;
	return ret;
}

int cmd_check(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct debuginfo di = { 0 };
	char *di_db = NULL;
	struct check_args a = { 0 };
	struct ks_store *stores[2] = { NULL, NULL };
	struct ks_report *rep = NULL;
	struct verdict v = { 0 };
	char err[KS_ERRLEN];
	size_t i, s;
	int ret;

	ret = parse_args(ctx, argc, argv, &a);
	if (ret)
		return ret > 0 ? KS_EXIT_OK : KS_EXIT_ERROR;

	ret = live_load(&a.lo, a.names, a.n_names, &rep, err, sizeof(err));
	if (ret)
		goto fail;
	for (i = 0; i < a.n_names; i++) {
		if (!report_target(rep, a.names[i])) {
			snprintf(err, sizeof(err),
				 "%s is not a target of the live report %s (add it to the module's targets, or use --kallsyms)",
				 a.names[i], rep->path);
			goto fail;
		}
	}
	ret = find_debuginfo(ctx, &a, rep, &di, &di_db, err, sizeof(err));
	if (ret)
		goto fail;
	if (a.db) {
		ret = store_open(a.db, true, &stores[0], err, sizeof(err));
		if (ret)
			goto fail;
	}
	ret = import_direct(&a, &stores[1], err, sizeof(err));
	if (ret)
		goto fail;

	v.rep = rep;
	v.client = a.client;
	v.offline_given = a.db || a.n_src;
	v.debuginfo = di.found ? &di : NULL;
	v.targets = xcalloc(a.n_names, sizeof(*v.targets));
	for (i = 0; i < a.n_names; i++) {
		struct target_result *tv = &v.targets[v.n_targets];
		size_t k;

		/* each FUNC once */
		for (k = 0; k < i; k++)
			if (!strcmp(a.names[k], a.names[i]))
				break;
		if (k < i)
			continue;
		v.n_targets++;
		tv->live = report_target(rep, a.names[i]);
		for (s = 0; s < 2; s++) {
			size_t had = tv->n_rows;

			if (!stores[s])
				continue;
			ret = store_query(stores[s], a.names[i], &tv->rows,
					  &tv->n_rows, err, sizeof(err));
			if (!ret)
				ret = off_rows_resolve(stores[s], a.names[i],
						       tv->rows + had,
						       tv->n_rows - had,
						       OFF_RESOLVE_ALL, err,
						       sizeof(err));
			if (ret)
				goto fail;
		}
	}
	merge(&v);
	proto_findings(&v);

	if (a.markdown) {
		struct ks_store *order[2] = { stores[1], stores[0] };

		ret = markdown_check(stdout, &v, order, 2, err, sizeof(err));
		if (ret)
			goto fail;
	} else if (ctx->json) {
		json_check(stdout, &v, ks_json_flags(ctx));
	} else {
		text_check(stdout, &v, a.verbose);
	}
	ret = v.exit_code;
out:
	debuginfo_free(&di);
	free(di_db);
	verdict_free(&v);
	store_close(stores[0]);
	store_close(stores[1]);
	report_free(rep);
	return ret;
fail:
	p_err(ctx, "%s", err);
	ret = KS_EXIT_ERROR;
	goto out;
}
