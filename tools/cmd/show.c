// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat show: the live report, for people or as JSON.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

void usage_show(FILE *f)
{
	fputs("Usage: ksymstat show [FUNC...] [--live FILE] [-j | -p]\n"
	      "       ksymstat show FUNC... --kallsyms [FILE] [--filter-functions [FILE]]\n"
	      "                   [--live-release R] [--live-arch A] [-j | -p]\n"
	      "\n"
	      "Print the live report of the ksymstat module (default\n"
	      "/sys/kernel/debug/ksymstat, or $KSYMSTAT_REPORT), or a saved copy\n"
	      "with --live.  FUNC... limits the output to those targets.\n"
	      "Without the module, --kallsyms builds the same report for FUNC...\n"
	      "from /proc/kallsyms and ftrace's available_filter_functions;\n"
	      "size, module binding, kprobe and export are then unknown.\n"
	      "\n"
	      "Exit: 0 printed, 2 usage or system error.\n", f);
}

/*
 * The options of show, for getopt and for the command table (main.c);
 * -j and -p are main.c's global options.
 */
const struct option ks_show_opts[] = {
	LIVE_LONGOPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_show(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct live_opts lo = { 0 };
	char err[KS_ERRLEN], **names;
	struct ks_report *rep;
	size_t n_names, i;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_show_opts, NULL)) != -1) {
		if (live_opt(c, optarg, &lo, argc, argv, &optind))
			continue;
		switch (c) {
		case 'h':
			usage_show(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "show", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	names = argv + optind;
	n_names = argc - optind;
	if (lo.kallsyms && !n_names) {
		p_err(ctx, "show --kallsyms needs the functions to look for (ksymstat show FUNC... --kallsyms)");
		return KS_EXIT_ERROR;
	}
	if (lo.kallsyms && lo.live) {
		p_err(ctx, "give either --live or --kallsyms, not both");
		return KS_EXIT_ERROR;
	}
	ret = live_load(&lo, names, n_names, &rep, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	if (!lo.kallsyms && n_names) {
		/* keep only the named targets, in report order */
		size_t k = 0, j;

		for (i = 0; i < n_names; i++) {
			if (!report_target(rep, names[i])) {
				p_err(ctx, "%s is not a target of the live report %s",
				      names[i], rep->path);
				report_free(rep);
				return KS_EXIT_ERROR;
			}
		}
		for (i = 0; i < rep->n_targets; i++) {
			bool keep = false;

			for (j = 0; j < n_names; j++)
				keep |= !strcmp(rep->targets[i].name, names[j]);
			if (keep) {
				struct ks_target t = rep->targets[k];

				rep->targets[k++] = rep->targets[i];
				rep->targets[i] = t;
			}
		}
		for (i = k; i < rep->n_targets; i++)
			report_target_free(&rep->targets[i]);
		rep->n_targets = k;
	}
	if (ctx->json)
		json_show(stdout, rep, ks_json_flags(ctx));
	else
		text_show(stdout, rep);
	report_free(rep);
	return KS_EXIT_OK;
}
