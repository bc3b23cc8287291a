// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat check --bpf FILE: the command (its options, usage and output);
 * verdict/bpf_check.c checks the hooks (bpf_check_run), out/bpf_out.c
 * prints them.  docs/bpf.md gives every rule.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

enum {
	OPT_BPF = 0x200,
	OPT_BTF,
	OPT_EVENTS,
	OPT_SYMBOLS,
	OPT_ERRINJ,
	OPT_TARGETS,
};

void usage_check_bpf(FILE *f)
{
	fputs("Usage: ksymstat check --bpf FILE [--live FILE] [--btf FILE]\n"
	      "                      [--events FILE] [--symbols FILE]\n"
	      "                      [--error-injection FILE]\n"
	      "                      [--db FILE] [--page FILE|DIR]...\n"
	      "                      [--json | --markdown | --targets]\n"
	      "  FILE       a BPF object, or a binary embedding libbpf skeletons\n"
	      "  --live     a saved report (default: the module's report, and the\n"
	      "             running kernel's BTF, event list and kallsyms)\n"
	      "  --btf      the kernel's BTF: raw (/sys/kernel/btf/vmlinux) or an\n"
	      "             ELF with a .BTF section (a -dbg vmlinux); again: other\n"
	      "             builds, whose CO-RE misses are notes\n"
	      "  --events   tracefs available_events of that kernel\n"
	      "  --symbols  its /proc/kallsyms (or function names), to expand\n"
	      "             kprobe.multi globs\n"
	      "  --error-injection  its error_injection/list (debugfs), for fmod_ret\n"
	      "  --targets  print the kernel functions the hooks need, one a line\n"
	      "             (to write to /sys/kernel/debug/ksymstat), and stop\n"
	      "\n"
	      "Exit: 0 every program runs, 1 one fails, runs degraded or\n"
	      "cannot be told, 2 usage or system error.\n", f);
}

bool check_wants_bpf(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--bpf") ||
		    !strncmp(argv[i], "--bpf=", 6))
			return true;
	}
	return false;
}

/* The options of check --bpf, for getopt and for the command table (main.c). */
const struct option ks_check_bpf_opts[] = {
	{ "bpf", required_argument, NULL, OPT_BPF },
	{ "live", required_argument, NULL, OPT_LIVE },
	{ "db", required_argument, NULL, OPT_DB },
	{ "page", required_argument, NULL, OPT_PAGE },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "symbols", required_argument, NULL, OPT_SYMBOLS },
	{ "error-injection", required_argument, NULL, OPT_ERRINJ },
	{ "targets", no_argument, NULL, OPT_TARGETS },
	{ "json", no_argument, NULL, OPT_JSON },
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
	while ((c = getopt_long(argc, argv, "h", ks_check_bpf_opts,
				 NULL)) != -1) {
		switch (c) {
		case OPT_BPF:
			a->file = optarg;
			break;
		case OPT_LIVE:
			a->live = optarg;
			break;
		case OPT_DB:
			a->db = optarg;
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
		case OPT_JSON:
			break;
		case OPT_MARKDOWN:
			a->markdown = true;
			break;
		case 'h':
			usage_check_bpf(stdout);
			return 1;
		default:
			p_err(ctx, "check --bpf: unknown or incomplete option '%s' (see ksymstat check --bpf --help)",
			      argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		p_err(ctx, "check --bpf takes no FUNC ('%s'): the hooks come from the object",
		      argv[optind]);
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

int cmd_check_bpf(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct bpf_args a = { 0 };
	struct bpf_run run = { 0 };
	char err[KS_ERRLEN];
	int ret;

	ret = parse_args(ctx, argc, argv, &a);
	if (ret)
		return ret > 0 ? KS_EXIT_OK : KS_EXIT_ERROR;
	ret = bpf_check_run(&a, &run, err, sizeof(err));
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
		bpf_out_json(stdout, &run);
	else
		bpf_out_text(stdout, &run);
	ret = run.status == BS_OK ? KS_EXIT_OK : KS_EXIT_MISMATCH;
	bpf_run_free(&run);
	return ret;
}
