// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat bpf check OBJ: the command (its options, usage and output);
 * verdict/bpf_check.c reads the object and the live sources
 * (bpf_check_open), offline/bpf_rows.c the offline rows of the functions
 * the hooks need (off_funcs_read), the verdict checks the hooks
 * (bpf_check_verdict) and out/bpf_out.c prints them.  docs/bpf.md gives
 * every rule.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

enum {
	OPT_BTF = 0x200,
	OPT_EVENTS,
	OPT_SYMBOLS,
	OPT_ERRINJ,
	OPT_TARGETS,
};

void usage_bpf_check(FILE *f)
{
	fputs("Usage: ksymstat bpf check OBJ [--live FILE] [--btf FILE]...\n"
	      "                          [--events FILE] [--symbols FILE]\n"
	      "                          [--error-injection FILE]\n"
	      "                          [--db FILE] [--page FILE|DIR]...\n"
	      "                          [-j | -p | --markdown | --targets]\n"
	      "  OBJ        a BPF object, or a binary embedding libbpf skeletons\n"
	      "  --live     a saved report (default: the module's report, and the\n"
	      "             running kernel's BTF, event list and kallsyms)\n"
	      "  --btf      the kernel's BTF: raw (/sys/kernel/btf/vmlinux) or an\n"
	      "             ELF with a .BTF section (a -dbg vmlinux), of the\n"
	      "             report's arch and release; again: other builds, whose\n"
	      "             CO-RE misses are notes\n"
	      "  --events   tracefs available_events of that kernel\n"
	      "  --symbols  its /proc/kallsyms (or function names), to expand\n"
	      "             kprobe.multi globs\n"
	      "  --error-injection  its error_injection/list (debugfs), for fmod_ret\n"
	      "  --db, --page  offline rows of the functions the hooks need\n"
	      "  --targets  print the kernel functions the hooks need, once each,\n"
	      "             one a line (to write to /sys/kernel/debug/ksymstat),\n"
	      "             and stop\n"
	      "  -j, --json JSON, compact;  -p, --pretty  JSON, indented\n"
	      "\n"
	      "\"ksymstat check --bpf OBJ ...\" is the same command under its old\n"
	      "name, kept for one version (see CHANGELOG.md).\n"
	      "\n"
	      "Exit: 0 every program runs, 1 one fails, runs degraded or\n"
	      "cannot be told, 2 usage or system error.\n", f);
}

/*
 * The options of bpf check, for getopt and for the command table (main.c);
 * --db, -j and -p are main.c's global options.
 */
const struct option ks_bpf_check_opts[] = {
	{ "live", required_argument, NULL, OPT_LIVE },
	{ "page", required_argument, NULL, OPT_PAGE },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "symbols", required_argument, NULL, OPT_SYMBOLS },
	{ "error-injection", required_argument, NULL, OPT_ERRINJ },
	{ "targets", no_argument, NULL, OPT_TARGETS },
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct ks_ctx *ctx, int argc, char **argv,
		      struct bpf_args *a)
{
	int c;

	optind = 1;
	opterr = 0;
	a->db = ctx->db;
	while ((c = getopt_long(argc, argv, "h", ks_bpf_check_opts,
				 NULL)) != -1) {
		switch (c) {
		case OPT_LIVE:
			a->live = optarg;
			break;
		case OPT_PAGE:
			if (a->n_pages == MAX_PAGES) {
				p_err(ctx, "too many --page (at most %d)",
				      MAX_PAGES);
				return -1;
			}
			a->pages[a->n_pages++] = optarg;
			break;
		case OPT_BTF:
			if (!a->btf) {
				a->btf = optarg;
				break;
			}
			if (a->n_btf_others == MAX_BTF) {
				p_err(ctx, "too many --btf (at most %d)",
				      MAX_BTF + 1);
				return -1;
			}
			a->btf_others[a->n_btf_others++] = optarg;
			break;
		case OPT_EVENTS:
			a->events = optarg;
			break;
		case OPT_SYMBOLS:
			a->symbols = optarg;
			break;
		case OPT_ERRINJ:
			a->errinj = optarg;
			break;
		case OPT_TARGETS:
			a->targets = true;
			break;
		case OPT_MARKDOWN:
			a->markdown = true;
			break;
		case 'h':
			usage_bpf_check(stdout);
			return 1;
		default:
			p_bad_option(ctx, "bpf check", argv[optind - 1]);
			return -1;
		}
	}
	if (optind == argc) {
		p_err(ctx, "bpf check needs the OBJ to check (see ksymstat help bpf check)");
		return -1;
	}
	a->file = argv[optind];
	if (optind + 1 < argc) {
		p_err(ctx, "bpf check takes one OBJ and no FUNC ('%s'): the hooks come from the object",
		      argv[optind + 1]);
		return -1;
	}
	if (ctx->json + a->markdown + a->targets > 1) {
		p_err(ctx, "give one of --json, --markdown, --targets");
		return -1;
	}
	return 0;
}

/* Each function the hooks need, once, in the order first met. */
static void print_targets(const struct bpf_run *run)
{
	const char **seen = NULL;
	size_t i, j, k, m, n = 0, cap = 0;

	for (i = 0; i < run->n_objs; i++)
		for (j = 0; j < run->objs[i].n_progs; j++)
			for (k = 0; k < run->objs[i].progs[j].n_funcs; k++) {
				const char *name =
					run->objs[i].progs[j].funcs[k].name;

				for (m = 0; m < n; m++)
					if (!strcmp(seen[m], name))
						break;
				if (m < n)
					continue;
				seen = array_grow(seen, &cap, n,
						  sizeof(*seen));
				seen[n++] = name;
				printf("%s\n", name);
			}
	free(seen);
}

/* Each function the hooks need, each time a hook names it, in order. */
static const char **hook_funcs(const struct bpf_run *run, size_t *n)
{
	const char **v = NULL;
	size_t i, j, k, cap = 0;

	*n = 0;
	for (i = 0; i < run->n_objs; i++)
		for (j = 0; j < run->objs[i].n_progs; j++)
			for (k = 0; k < run->objs[i].progs[j].n_funcs; k++) {
				v = array_grow(v, &cap, *n, sizeof(*v));
				v[(*n)++] = run->objs[i].progs[j].funcs[k].name;
			}
	return v;
}

/*
 * Check the hooks of a.file: the object and the live sources, the --db
 * store (opened even for --targets: a bad one is an error), then the
 * offline rows of the functions the hooks need, read before the verdict.
 */
static int check_run(const struct bpf_args *a, struct bpf_run *run,
		     char *err, size_t errlen)
{
	struct off_funcs rows = { 0 };
	struct bpf_sources *src;
	struct ks_store *db = NULL;
	const char **names = NULL;
	size_t n_names;
	int ret;

	ret = bpf_check_open(a, run, &src, err, errlen);
	if (!ret && a->db) {
		ret = store_open(a->db, true, &db, err, errlen);
		run->offline = !ret;
	}
	if (ret || a->targets)
		goto out;
	names = hook_funcs(run, &n_names);
	ret = off_funcs_read(db, a->pages, a->n_pages, names, n_names, &rows,
			     err, errlen);
	if (a->n_pages)
		run->offline = true;
	if (!ret)
		ret = bpf_check_verdict(a, run, src, &rows, err, errlen);
out:
	free(names);
	off_funcs_free(&rows);
	store_close(db);
	bpf_sources_free(src);
	return ret;
}

int cmd_bpf_check(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct bpf_args a = { 0 };
	struct bpf_run run = { 0 };
	char err[KS_ERRLEN];
	int ret;

	ret = parse_args(ctx, argc, argv, &a);
	if (ret)
		return ret > 0 ? KS_EXIT_OK : KS_EXIT_ERROR;
	ret = check_run(&a, &run, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s", err);
		bpf_run_free(&run);
		return KS_EXIT_ERROR;
	}
	if (a.targets)
		print_targets(&run);
	else if (a.markdown)
		bpf_out_markdown(stdout, &run);
	else if (ctx->json)
		bpf_out_json(stdout, &run, ks_json_flags(ctx));
	else
		bpf_out_text(stdout, &run);
	ret = run.status == BS_OK ? KS_EXIT_OK : KS_EXIT_MISMATCH;
	bpf_run_free(&run);
	return ret;
}
