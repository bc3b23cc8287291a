// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat matrix FUNC... [--client C] --db DB: what attaches on every
 * kernel build the fleet runs (matrix.c), as text, JSON, Markdown or an
 * HTML page.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "matrix.h"

#define MATRIX_CLIENT_DEFAULT	KS_CLIENT_KPROBE_EVENT

void usage_matrix(FILE *f)
{
	fputs("Usage: ksymstat matrix FUNC... --db DB [--client C] [--json]\n"
	      "         [--markdown] [--html FILE]\n"
	      "\n"
	      "Rows are the functions FUNC, columns the kernel builds the\n"
	      "fleet's hosts run (each host's current report in the fleet store\n"
	      "DB, grouped by GNU build-id), and each cell the verdict of client\n"
	      "C (kprobe, kprobe_event, fentry, kprobe_multi, ftrace, livepatch;\n"
	      "default kprobe_event): attaches, degraded, refused, absent,\n"
	      "unknown, or drift (hosts of the build disagree).  Rows with\n"
	      "failures come first.  --html FILE writes one self-contained page\n"
	      "(heatmap, legend, details on hover, build list) as well.\n"
	      "\n"
	      "Exit: 0 no cell refused, absent or drift; 1 some; 2 usage or\n"
	      "system error.\n", f);
}

const struct option ks_matrix_opts[] = {
	{ "db", required_argument, NULL, OPT_FLEET_DB },
	{ "client", required_argument, NULL, OPT_FLEET_CLIENT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "markdown", no_argument, NULL, OPT_FLEET_MARKDOWN },
	{ "html", required_argument, NULL, OPT_FLEET_HTML },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static unsigned int term_width(void)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;

	if (cols && atoi(cols) > 20)
		return atoi(cols);
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

int cmd_matrix(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *spec = NULL, *html = NULL;
	int c, client = MATRIX_CLIENT_DEFAULT, ret;
	struct matrix m = { 0 };
	bool markdown = false;
	char err[KS_ERRLEN];
	struct fdb *db;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_matrix_opts,
				 NULL)) != -1) {
		switch (c) {
		case OPT_FLEET_DB:
			spec = optarg;
			break;
		case OPT_FLEET_CLIENT:
			client = ks_name_index(ks_client_names,
					       KS_CLIENT__COUNT, optarg);
			if (client < 0) {
				p_err(ctx, "--client %s: not a client (kprobe, kprobe_event, fentry, kprobe_multi, ftrace, livepatch)",
				      optarg);
				return KS_EXIT_ERROR;
			}
			break;
		case OPT_FLEET_MARKDOWN:
			markdown = true;
			break;
		case OPT_FLEET_HTML:
			html = optarg;
			break;
		case OPT_JSON:
			break;
		case 'h':
			usage_matrix(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "matrix", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	if (!spec || optind >= argc) {
		p_err(ctx, "matrix needs --db DB and at least one FUNC (see ksymstat help matrix)");
		return KS_EXIT_ERROR;
	}
	if (markdown && ctx->json) {
		p_err(ctx, "matrix: --json and --markdown exclude each other");
		return KS_EXIT_ERROR;
	}
	ret = fdb_open(spec, true, false, &db, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	ret = matrix_load(db, client, argv + optind, argc - optind, &m, err,
			  sizeof(err));
	if (!ret && html)
		ret = matrix_html(html, &m, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s: %s", db->shown, err);
		matrix_free(&m);
		fdb_close(db);
		return KS_EXIT_ERROR;
	}
	if (ctx->json)
		matrix_json(stdout, &m);
	else if (markdown)
		matrix_markdown(stdout, &m);
	else
		matrix_text(stdout, &m, term_width());
	ret = matrix_exit(&m);
	matrix_free(&m);
	fdb_close(db);
	return ret;
}
