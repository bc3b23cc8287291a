// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat matrix FUNC... [--client C] --db DB: what attaches on every
 * kernel build the fleet runs, and what the offline builds of the same
 * store say (matrix.c, matrix_offline.c), as text, JSON, Markdown or an
 * HTML page.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"

#define MATRIX_CLIENT_DEFAULT	KS_CLIENT_KPROBE_EVENT

void usage_matrix(FILE *f)
{
	fputs("Usage: ksymstat matrix FUNC... --db DB [--client C] [--json]\n"
	      "         [--markdown] [--html FILE] [--no-offline | --offline-only]\n"
	      "       ksymstat matrix --bpf OBJ... --db DB [...]\n"
	      "\n"
	      "Rows are the functions FUNC, columns the kernel builds the\n"
	      "fleet's hosts run (each host's current report in the fleet store\n"
	      "DB, grouped by GNU build-id), then the offline builds DB holds\n"
	      "(DWARF imports of -dbg vmlinux files, DepSurf's dataset, each\n"
	      "row of DepSurf's pages), and each cell the verdict of client C\n"
	      "(kprobe, kprobe_event, fentry, kprobe_multi, ftrace, livepatch;\n"
	      "default kprobe_event): attaches, degraded, refused, absent,\n"
	      "unknown, drift (hosts of the build disagree), or on an offline\n"
	      "build present (attach is checked live only).  Rows with\n"
	      "failures come first.  --html FILE writes one self-contained page\n"
	      "(heatmap, legend, details on hover, build list) as well.\n"
	      "--no-offline: live builds only; --offline-only: offline builds\n"
	      "only (DB may then be an offline store without live reports).\n"
	      "--bpf OBJ (again for more): a row for each hook of each program\n"
	      "of the BPF object OBJ (or the skeletons a binary embeds) that\n"
	      "names its kernel function, with the client the hook uses\n"
	      "(kprobe: kprobe_event; fentry, fexit, lsm: fentry).\n"
	      "\n"
	      "Exit: 0 no cell refused, absent or drift; 1 some; 2 usage or\n"
	      "system error.\n", f);
}

const struct option ks_matrix_opts[] = {
	{ "client", required_argument, NULL, OPT_FLEET_CLIENT },
	{ "markdown", no_argument, NULL, OPT_FLEET_MARKDOWN },
	{ "html", required_argument, NULL, OPT_FLEET_HTML },
	{ "bpf", required_argument, NULL, OPT_FLEET_BPF },
	{ "no-offline", no_argument, NULL, OPT_FLEET_NO_OFFLINE },
	{ "offline-only", no_argument, NULL, OPT_FLEET_OFFLINE_ONLY },
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

struct wants {
	struct mx_want *v;
	char **labels;
	size_t n, cap;
	size_t skipped;
};

static void want_add(struct wants *w, char *label, const char *func,
		     int client)
{
	w->v = array_grow(w->v, &w->cap, w->n, sizeof(*w->v));
	w->labels = xrealloc(w->labels, w->cap * sizeof(*w->labels));
	w->labels[w->n] = label;
	w->v[w->n].label = label;
	w->v[w->n].func = func;
	w->v[w->n++].client = client;
}

/* the hooks of a BPF object that name their function */
static int bpf_wants(const struct ks_ctx *ctx, const char *path,
		     struct bpf_run *run, struct wants *w)
{
	char err[KS_ERRLEN];
	size_t i, j, k;

	if (bpf_read_file(path, run, err, sizeof(err))) {
		p_err(ctx, "%s", err);
		return -EINVAL;
	}
	for (i = 0; i < run->n_objs; i++) {
		for (j = 0; j < run->objs[i].n_progs; j++) {
			const struct bpf_prog *p = &run->objs[i].progs[j];

			if (!p->n_funcs)
				w->skipped++;
			for (k = 0; k < p->n_funcs; k++)
				want_add(w, xasprintf("%s (%s)", p->name,
						      p->sec),
					 p->funcs[k].name, p->funcs[k].client);
		}
	}
	return 0;
}

int cmd_matrix(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *spec = ctx->db, *html = NULL, **bpf = NULL;
	int c, i, client = MATRIX_CLIENT_DEFAULT, ret;
	enum mx_scope scope = MX_SCOPE_ALL;
	struct bpf_run *runs = NULL;
	struct wants w = { 0 };
	char *shown = NULL;
	size_t n_bpf = 0, k;
	struct matrix m = { 0 };
	bool markdown = false;
	char err[KS_ERRLEN];
	struct fdb *db = NULL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_matrix_opts,
				 NULL)) != -1) {
		switch (c) {
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
		case OPT_FLEET_BPF:
			bpf = xrealloc(bpf, (n_bpf + 1) * sizeof(*bpf));
			bpf[n_bpf++] = optarg;
			break;
		case OPT_FLEET_NO_OFFLINE:
		case OPT_FLEET_OFFLINE_ONLY:
			if (scope != MX_SCOPE_ALL) {
				p_err(ctx, "matrix: --no-offline and --offline-only exclude each other");
				ret = KS_EXIT_ERROR;
				goto out;
			}
			scope = c == OPT_FLEET_NO_OFFLINE ? MX_SCOPE_LIVE :
							    MX_SCOPE_OFFLINE;
			break;
		case 'h':
			usage_matrix(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "matrix", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	if (!spec || (optind >= argc && !n_bpf)) {
		p_err(ctx, "matrix needs --db DB and at least one FUNC or --bpf OBJ (see ksymstat help matrix)");
		ret = KS_EXIT_ERROR;
		goto out;
	}
	if (markdown && ctx->json) {
		p_err(ctx, "matrix: --json and --markdown exclude each other");
		ret = KS_EXIT_ERROR;
		goto out;
	}
	for (i = optind; i < argc; i++)
		want_add(&w, xstrdup(argv[i]), argv[i], client);
	runs = xcalloc(n_bpf ? n_bpf : 1, sizeof(*runs));
	for (k = 0; k < n_bpf; k++) {
		if (bpf_wants(ctx, bpf[k], &runs[k], &w)) {
			ret = KS_EXIT_ERROR;
			goto out;
		}
	}
	/* an offline store needs no fleet tables */
	ret = scope == MX_SCOPE_OFFLINE ? 0 :
	      fdb_open(spec, true, false, &db, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s", err);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	shown = fdb_redact(spec);
	m.db = shown;
	ret = matrix_load(db, spec, scope, w.v, w.n, &m, err, sizeof(err));
	m.skipped_hooks = w.skipped;
	if (!ret && html)
		ret = matrix_html(html, &m, err, sizeof(err));
	if (ret) {
		p_err(ctx, "%s: %s", shown, err);
		ret = KS_EXIT_ERROR;
	} else if (ctx->json) {
		matrix_json(stdout, &m, ks_json_flags(ctx));
	} else if (markdown) {
		matrix_markdown(stdout, &m);
	} else {
		matrix_text(stdout, &m, term_width());
	}
	if (!ret)
		ret = matrix_exit(&m);
	matrix_free(&m);
	fdb_close(db);
out:
	free(shown);
	for (k = 0; k < w.n; k++)
		free(w.labels[k]);
	free(w.labels);
	free(w.v);
	for (k = 0; runs && k < n_bpf; k++)
		bpf_run_free(&runs[k]);
	free(runs);
	free(bpf);
	return ret;
}
