// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat: is a kernel function probe-able on this host, and do the
 * offline data sets agree with what the running kernel says?
 *
 * Subcommands are dispatched from one table; names must match exactly.
 * Global options are taken here, once, and handed down in struct ks_ctx.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

/* What a command takes besides its own options. */
enum {
	CMD_DB		= 1 << 0,	/* reads or writes the --db store */
};

struct cmd {
	const char *name;
	int (*fn)(const struct ks_ctx *ctx, int argc, char **argv);
	void (*usage)(FILE *f);
	const char *summary;
	const struct option *opts;	/* its long options */
	unsigned int flags;		/* CMD_* */
	const struct cmd *verbs;	/* an object's verbs (bpftool) */
	size_t n_verbs;
};

static const struct cmd bpf_verbs[] = {
	{ .name = "check", .fn = cmd_bpf_check, .usage = usage_bpf_check,
	  .summary = "will a BPF object load and attach here, what it misses",
	  .opts = ks_bpf_check_opts, .flags = CMD_DB },
};

static const struct cmd cmds[] = {
	{ .name = "show", .fn = cmd_show, .usage = usage_show,
	  .summary = "print the live report (module, or --kallsyms fallback)",
	  .opts = ks_show_opts },
	{ .name = "import", .fn = cmd_import, .usage = usage_import,
	  .summary = "store DepSurf pages/datasets, vmlinux, System.map in SQLite",
	  .opts = ks_import_opts, .flags = CMD_DB },
	{ .name = "check", .fn = cmd_check, .usage = usage_check,
	  .summary = "compare live facts with offline rows and give a verdict",
	  .opts = ks_check_opts, .flags = CMD_DB },
	{ .name = "bpf", .summary = "BPF objects",
	  .verbs = bpf_verbs, .n_verbs = ARRAY_SIZE(bpf_verbs) },
	{ .name = "page", .fn = cmd_page, .usage = usage_page,
	  .summary = "DepSurf page of a function over the imported DWARF builds",
	  .opts = ks_page_opts, .flags = CMD_DB },
	{ .name = "proto", .fn = cmd_proto, .usage = usage_proto,
	  .summary = "function prototypes from BTF, in DepSurf's style",
	  .opts = ks_proto_opts },
	{ .name = "rules", .fn = cmd_rules, .usage = usage_rules,
	  .summary = "classify names by the shared clone and collision rules",
	  .opts = ks_rules_opts },
	{ .name = "push", .fn = cmd_push, .usage = usage_push,
	  .summary = "store this host's live report in a fleet store",
	  .opts = ks_push_opts, .flags = CMD_DB },
	{ .name = "matrix", .fn = cmd_matrix, .usage = usage_matrix,
	  .summary = "what attaches on every kernel build of the fleet",
	  .opts = ks_matrix_opts, .flags = CMD_DB },
};

/*
 * An old spelling kept for one version: "check --bpf OBJ ..." runs
 * "bpf check OBJ ..." (the same stdout; a note on stderr).
 */
static const struct alias {
	const char *cmd, *opt;		/* "check --bpf OBJ" */
	const char *object, *verb;	/* is "bpf check OBJ" */
	const char *until;		/* the last version that takes it */
} aliases[] = {
	{ "check", "bpf", "bpf", "check", "0.3" },
};

/*
 * The global options: main.c takes them once, before or after the
 * command (bpftool's rule), and hands them in struct ks_ctx.
 */
enum { OPT_G_JSON = 'j', OPT_G_PRETTY = 'p', OPT_G_DB = 0x300 };

static const struct option global_opts[] = {
	{ "json", no_argument, NULL, OPT_G_JSON },
	{ "pretty", no_argument, NULL, OPT_G_PRETTY },
	{ "db", required_argument, NULL, OPT_G_DB },
	{ NULL, 0, NULL, 0 },
};

static void print_usage(FILE *f)
{
	size_t i, k;

	fputs("Usage: ksymstat [GLOBAL...] COMMAND [ARGS...] [GLOBAL...]\n"
	      "       ksymstat [GLOBAL...] OBJECT VERB [ARGS...] [GLOBAL...]\n"
	      "       ksymstat help [COMMAND [VERB]]\n"
	      "       ksymstat --version\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!cmds[i].verbs) {
			fprintf(f, "  %-9s %s\n", cmds[i].name,
				cmds[i].summary);
			continue;
		}
		for (k = 0; k < cmds[i].n_verbs; k++)
			fprintf(f, "  %s %-*s %s\n", cmds[i].name,
				(int)(8 - strlen(cmds[i].name)),
				cmds[i].verbs[k].name,
				cmds[i].verbs[k].summary);
	}
	fputs("\n"
	      "Global options, before or after the command, for every command:\n"
	      "  -j, --json    JSON, compact (errors too: {\"error\": ...})\n"
	      "  -p, --pretty  JSON, indented\n"
	      "  --db FILE     the store (import writes it; check, bpf check\n"
	      "                and page read it)\n"
	      "Colour on a terminal unless NO_COLOR is set non-empty or\n"
	      "TERM=dumb.\n"
	      "Exit codes: 0 agrees, 1 mismatch\n"
	      "or not probe-able, 2 usage or system error.\n", f);
}

static const struct cmd *find_in(const struct cmd *t, size_t n,
				 const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

static const struct cmd *find_cmd(const char *name)
{
	return find_in(cmds, ARRAY_SIZE(cmds), name);
}

/* An object's usage: its verbs, then each verb's own. */
static void print_object_usage(FILE *f, const struct cmd *c)
{
	size_t k;

	fprintf(f, "Usage: ksymstat %s VERB [ARGS...]\nVerbs:\n", c->name);
	for (k = 0; k < c->n_verbs; k++)
		fprintf(f, "  %-8s %s\n", c->verbs[k].name,
			c->verbs[k].summary);
	for (k = 0; k < c->n_verbs; k++) {
		fputc('\n', f);
		c->verbs[k].usage(f);
	}
}

/*
 * The command argv names from *i on: a command, or an object and its
 * verb; *i is left on the last word taken.  Errors are said.
 */
static const struct cmd *named_cmd(const struct ks_ctx *ctx, int argc,
				   char **argv, int *i)
{
	const struct cmd *c = find_cmd(argv[*i]), *v;

	if (!c) {
		p_err(ctx, "no such command '%s' (see ksymstat --help)",
		      argv[*i]);
		return NULL;
	}
	if (!c->verbs || *i + 1 >= argc)
		return c;
	v = find_in(c->verbs, c->n_verbs, argv[*i + 1]);
	if (!v && strcmp(argv[*i + 1], "help")) {
		p_err(ctx, "%s: no such verb '%s' (see ksymstat help %s)",
		      c->name, argv[*i + 1], c->name);
		return NULL;
	}
	if (v)
		++*i;
	return v ? v : c;
}

static int do_help(const struct ks_ctx *ctx, int argc, char **argv)
{
	const struct cmd *c;
	int i = 1;

	if (argc < 2) {
		print_usage(stdout);
		return KS_EXIT_OK;
	}
	c = named_cmd(ctx, argc, argv, &i);
	if (!c)
		return KS_EXIT_ERROR;
	if (c->verbs)
		print_object_usage(stdout, c);
	else
		c->usage(stdout);
	return KS_EXIT_OK;
}

/* The option of opts that "--word" (no "=") names: exact or a prefix. */
static const struct option *long_opt(const struct option *opts,
				     const char *word)
{
	const struct option *o, *hit = NULL;
	size_t n;

	if (!opts || strncmp(word, "--", 2) || strchr(word, '='))
		return NULL;
	word += 2;
	n = strlen(word);
	for (o = opts; n && o->name; o++) {
		if (!strcmp(o->name, word))
			return o;
		if (!strncmp(o->name, word, n))
			hit = hit ? hit : o;
	}
	return hit;
}

/* Does word take the next word as its value (in opts or globally)? */
static bool takes_value(const struct option *opts, const char *word)
{
	const struct option *o = long_opt(opts, word);

	if (o)
		return o->has_arg == required_argument;
	o = long_opt(global_opts, word);
	return o && o->has_arg == required_argument;
}

/*
 * ksymstat complete [COMMAND [VERB]]: the words of the command table, one
 * a line: the commands; an object's verbs; or COMMAND's long options ("="
 * after one that takes a value) and the global options it takes.  The bash
 * completion asks for them, so that it never offers other words.
 */
static int do_complete(const struct ks_ctx *ctx, int argc, char **argv)
{
	const struct option *o;
	const struct cmd *c;
	size_t i;
	int k = 1;

	if (argc < 2) {
		for (i = 0; i < ARRAY_SIZE(cmds); i++)
			puts(cmds[i].name);
		puts("help");
		return KS_EXIT_OK;
	}
	c = named_cmd(ctx, argc, argv, &k);
	if (!c)
		return KS_EXIT_ERROR;
	for (i = 0; c->verbs && i < c->n_verbs; i++)
		puts(c->verbs[i].name);
	if (c->verbs)
		return KS_EXIT_OK;
	for (o = c->opts; o->name; o++)
		printf("--%s%s\n", o->name,
		       o->has_arg == required_argument ? "=" : "");
	for (o = global_opts; o->name; o++) {
		if (o->val == OPT_G_DB && !(c->flags & CMD_DB))
			continue;
		printf("--%s%s\n", o->name,
		       o->has_arg == required_argument ? "=" : "");
		if (o->val < 0x100)
			printf("-%c\n", o->val);
	}
	return KS_EXIT_OK;
}

/*
 * Take global option i of argv into ctx: "-j", "--json", "--db FILE",
 * "--db=FILE" (global_opts, spelled out: a prefix may be a command's).
 * Returns the words it used (1 or 2), 0 when argv[i] is no global
 * option, -1 when its value is missing.
 */
static int global_opt(struct ks_ctx *ctx, int argc, char **argv, int i)
{
	const char *w = argv[i], *val = NULL;
	const struct option *o;
	int used = 1;
	size_t n;

	for (o = global_opts; o->name; o++) {
		n = strlen(o->name);
		if (w[0] == '-' && w[1] == o->val && !w[2] && o->val < 0x100)
			break;
		if (strncmp(w, "--", 2) || strncmp(w + 2, o->name, n))
			continue;
		if (!w[n + 2])
			break;
		if (w[n + 2] == '=' && o->has_arg == required_argument) {
			val = w + n + 3;
			break;
		}
	}
	if (!o->name)
		return 0;
	if (o->has_arg == required_argument && !val) {
		if (i + 1 >= argc)
			return -1;
		val = argv[i + 1];
		used = 2;
	}
	switch (o->val) {
	case OPT_G_PRETTY:		/* -p is JSON too */
		ctx->pretty = true;
		ctx->json = true;
		break;
	case OPT_G_JSON:
		ctx->json = true;
		break;
	case OPT_G_DB:
		ctx->db = val;
		break;
	}
	return used;
}

/*
 * Take the global options out of a command's words argv[1..argc), up to
 * a "--", skipping the values of the command's own options.  Returns the
 * words left; *bad is the first global option without its value.
 */
static int strip_globals(struct ks_ctx *ctx, const struct option *opts,
			 int argc, char **argv, const char **bad)
{
	int i, j, n;

	for (i = j = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		n = global_opt(ctx, argc, argv, i);
		if (n < 0 && !*bad)
			*bad = argv[i];
		if (n) {
			i += n > 1;
			continue;
		}
		argv[j++] = argv[i];
		if (long_opt(opts, argv[i]) && takes_value(opts, argv[i]) &&
		    i + 1 < argc)
			argv[j++] = argv[++i];
	}
	argv[j] = NULL;
	return j;
}

/*
 * An alias's words as its command's: "check --bpf OBJ ARGS" becomes
 * "check OBJ ARGS" for bpf check.  Returns the alias, or NULL.
 */
static const struct alias *take_alias(const struct cmd *c, int *argc,
				      char **argv, const struct cmd **to)
{
	const struct alias *al;
	const struct cmd *obj;
	char **w;
	size_t n, k;
	int i, j, m, v;

	for (k = 0; k < ARRAY_SIZE(aliases); k++) {
		al = &aliases[k];
		if (strcmp(c->name, al->cmd))
			continue;
		obj = find_cmd(al->object);
		*to = find_in(obj->verbs, obj->n_verbs, al->verb);
		n = strlen(al->opt);
		for (i = 1; i < *argc && strcmp(argv[i], "--"); i++) {
			if (!strncmp(argv[i], "--", 2) &&
			    !strncmp(argv[i] + 2, al->opt, n) &&
			    (!argv[i][n + 2] || argv[i][n + 2] == '='))
				break;
			if (takes_value((*to)->opts, argv[i]))
				i++;
		}
		if (i >= *argc || !strcmp(argv[i], "--"))
			continue;
		/* argv[0], the value, then the other words in order */
		w = xcalloc(*argc + 1, sizeof(*w));
		w[0] = argv[0];
		m = 1;
		v = -1;
		if (argv[i][n + 2] == '=')
			w[m++] = argv[i] + n + 3;
		else if (i + 1 < *argc)
			w[m++] = argv[v = i + 1];
		for (j = 1; j < *argc; j++)
			if (j != i && j != v)
				w[m++] = argv[j];
		memcpy(argv, w, (m + 1) * sizeof(*w));
		*argc = m;
		free(w);
		return al;
	}
	return NULL;
}

static int dispatch(struct ks_ctx *ctx, int argc, char **argv)
{
	const struct cmd *c, *to;
	const struct alias *al;
	const char *bad = NULL;
	int i, n;

	/* the global options before the command */
	for (i = 1; i < argc && argv[i][0] == '-'; i += n) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_usage(stdout);
			return KS_EXIT_OK;
		}
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("ksymstat %s (report formats %d to %d, store schema %d)\n",
			       KSYMSTAT_VERSION, KS_REPORT_VERSION_MIN,
			       KS_REPORT_VERSION, KS_STORE_SCHEMA);
			return KS_EXIT_OK;
		}
		n = global_opt(ctx, argc, argv, i);
		if (n <= 0) {
			p_err(ctx, n ? "--db needs a FILE" :
			      "unknown global option '%s' (see ksymstat --help)",
			      argv[i]);
			return KS_EXIT_ERROR;
		}
	}
	if (i >= argc) {
		if (ctx->json)
			p_err(ctx, "no COMMAND given (see ksymstat --help)");
		else
			print_usage(stderr);
		return KS_EXIT_ERROR;
	}
	argc -= i;
	argv += i;
	if (!strcmp(argv[0], "help") || !strcmp(argv[0], "complete")) {
		argc = strip_globals(ctx, NULL, argc, argv, &bad);
		if (bad) {
			p_err(ctx, "%s needs a FILE", bad);
			return KS_EXIT_ERROR;
		}
		return !strcmp(argv[0], "help") ? do_help(ctx, argc, argv) :
		       do_complete(ctx, argc, argv);
	}
	c = find_cmd(argv[0]);
	if (!c) {
		p_err(ctx, "unknown command '%s' (see ksymstat --help)",
		      argv[0]);
		return KS_EXIT_ERROR;
	}
	if (c->verbs) {
		const struct cmd *v = argc > 1 ?
			find_in(c->verbs, c->n_verbs, argv[1]) : NULL;

		if (argc > 1 && (!strcmp(argv[1], "help") ||
				 !strcmp(argv[1], "--help") ||
				 !strcmp(argv[1], "-h"))) {
			print_object_usage(stdout, c);
			return KS_EXIT_OK;
		}
		if (!v) {
			strip_globals(ctx, NULL, argc, argv, &bad);
			if (argc > 1)
				p_err(ctx, "%s: no such verb '%s' (see ksymstat help %s)",
				      c->name, argv[1], c->name);
			else
				p_err(ctx, "%s needs a VERB (see ksymstat help %s)",
				      c->name, c->name);
			return KS_EXIT_ERROR;
		}
		c = v;
		argc--;
		argv++;
	}
	al = take_alias(c, &argc, argv, &to);
	if (al)
		c = to;
	argc = strip_globals(ctx, c->opts, argc, argv, &bad);
	if (al)
		fprintf(stderr, "ksymstat: note: '%s --%s' is an old name of '%s %s', taken until version %s\n",
			al->cmd, al->opt, al->object, al->verb, al->until);
	if (bad) {
		p_err(ctx, "%s needs a FILE", bad);
		return KS_EXIT_ERROR;
	}
	if (ctx->db && !(c->flags & CMD_DB)) {
		p_err(ctx, "%s reads no store: --db does not apply (see ksymstat help %s)",
		      c->name, c->name);
		return KS_EXIT_ERROR;
	}
	return c->fn(ctx, argc, argv);
}

int main(int argc, char **argv)
{
	struct ks_ctx ctx = { .prog = "ksymstat" };
	struct ks_ctx plain = { .prog = "ksymstat" };
	uint64_t t0 = now_ns(), c0 = cpu_ns();
	int ret = dispatch(&ctx, argc, argv);

	/* KSYMSTAT_TIMING=1: the command's time from main(), on stderr */
	if (getenv("KSYMSTAT_TIMING") && argc > 1)
		fprintf(stderr, "ksymstat: %s took %.3f ms (cpu %.3f ms)\n",
			argv[1], (now_ns() - t0) / 1e6,
			(cpu_ns() - c0) / 1e6);
	/*
	 * Output cut short (a full disk) must not exit 0.  stdout is what
	 * failed, so this error goes to stderr even with --json.
	 */
	if (fflush(stdout) || ferror(stdout)) {
		p_err(&plain, "cannot write the output: %s", strerror(errno));
		return KS_EXIT_ERROR;
	}
	return ret;
}
