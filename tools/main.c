// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat: is a kernel function probe-able on this host, and do the
 * offline data sets agree with what the running kernel says?
 *
 * Subcommands are dispatched from one table; names must match exactly.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ksymstat.h"
#include "fleet/fleet.h"

struct cmd {
	const char *name;
	int (*fn)(const struct ks_ctx *ctx, int argc, char **argv);
	void (*usage)(FILE *f);
	const char *summary;
	const struct option *opts[2];	/* its long options (check: --bpf too) */
};

static const struct cmd cmds[] = {
	{ "show", cmd_show, usage_show,
	  "print the live report (module, or --kallsyms fallback)",
	  { ks_show_opts } },
	{ "import", cmd_import, usage_import,
	  "store DepSurf pages/datasets, vmlinux, System.map in SQLite",
	  { ks_import_opts } },
	{ "check", cmd_check, usage_check,
	  "compare live facts with offline rows and give a verdict",
	  { ks_check_opts, ks_check_bpf_opts } },
	{ "page", cmd_page, usage_page,
	  "DepSurf page of a function over the imported DWARF builds",
	  { ks_page_opts } },
	{ "proto", cmd_proto, usage_proto,
	  "function prototypes from BTF, in DepSurf's style",
	  { ks_proto_opts } },
	{ "push", cmd_push, usage_push,
	  "store this host's live report in a fleet store",
	  { ks_push_opts } },
	{ "matrix", cmd_matrix, usage_matrix,
	  "what attaches on every kernel build of the fleet",
	  { ks_matrix_opts } },
	{ "rules", cmd_rules, usage_rules,
	  "classify names by the shared clone and collision rules",
	  { ks_rules_opts } },
};

/* The switches main.c takes for every command (json_switches()). */
static const char *const global_words[] = { "-j", "--json", "-p", "--pretty" };

static void print_usage(FILE *f)
{
	size_t i;

	fputs("Usage: ksymstat COMMAND [ARGS...]\n"
	      "       ksymstat help [COMMAND]\n"
	      "       ksymstat --version\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\n"
	      "Every command takes -j/--json (compact) and -p/--pretty.\n"
	      "Exit codes: 0 agrees, 1 mismatch\n"
	      "or not probe-able, 2 usage or system error.\n", f);
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

/* The command a help or complete asks about, or an error said. */
static const struct cmd *named_cmd(const struct ks_ctx *ctx, const char *name)
{
	const struct cmd *c = find_cmd(name);

	if (!c)
		p_err(ctx, "no such command '%s' (see ksymstat --help)", name);
	return c;
}

static int do_help(const struct ks_ctx *ctx, int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		print_usage(stdout);
		return KS_EXIT_OK;
	}
	c = named_cmd(ctx, argv[1]);
	if (!c)
		return KS_EXIT_ERROR;
	c->usage(stdout);
	return KS_EXIT_OK;
}

static bool opt_in(const struct option *opts, const char *name)
{
	for (; opts->name; opts++)
		if (!strcmp(opts->name, name))
			return true;
	return false;
}

/*
 * ksymstat complete [COMMAND]: the words of the command table, one a line:
 * the commands, or COMMAND's long options ("=" after one that takes a
 * value) with the global switches.  The bash completion asks for them, so
 * that it never offers other words.
 */
static int do_complete(const struct ks_ctx *ctx, int argc, char **argv)
{
	const struct option *o;
	const struct cmd *c;
	size_t i, k;

	if (argc < 2) {
		for (i = 0; i < ARRAY_SIZE(cmds); i++)
			puts(cmds[i].name);
		puts("help");
		return KS_EXIT_OK;
	}
	c = named_cmd(ctx, argv[1]);
	if (!c)
		return KS_EXIT_ERROR;
	for (k = 0; k < ARRAY_SIZE(c->opts) && c->opts[k]; k++)
		for (o = c->opts[k]; o->name; o++)
			if (!k || !opt_in(c->opts[0], o->name))
				printf("--%s%s\n", o->name,
				       o->has_arg == required_argument ? "=" : "");
	for (i = 0; opt_in(c->opts[0], "json") &&
		    i < ARRAY_SIZE(global_words); i++)
		puts(global_words[i]);
	return KS_EXIT_OK;
}

/*
 * bpftool's JSON switches: -j/--json compact, -p/--pretty indented.  Both
 * reach the commands as --json, which each parses itself.
 */
static void json_switches(struct ks_ctx *ctx, int argc, char **argv)
{
	static char json_opt[] = "--json";
	bool pretty = false;
	int i;

	for (i = 2; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-j")) {
			argv[i] = json_opt;
		} else if (!strcmp(argv[i], "-p") ||
			   !strcmp(argv[i], "--pretty")) {
			argv[i] = json_opt;
			pretty = true;
		}
	}
	ks_json_set_pretty(pretty);
	ctx->json = argv_has(argc, argv, "--json");
}

static int dispatch(struct ks_ctx *ctx, int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		print_usage(stderr);
		return KS_EXIT_ERROR;
	}
	json_switches(ctx, argc, argv);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_usage(stdout);
		return KS_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("ksymstat %s (report formats %d to %d, store schema %d)\n",
		       KSYMSTAT_VERSION, KS_REPORT_VERSION_MIN,
		       KS_REPORT_VERSION, KS_STORE_SCHEMA);
		return KS_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return do_help(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "complete"))
		return do_complete(ctx, argc - 1, argv + 1);
	c = find_cmd(argv[1]);
	if (!c) {
		p_err(ctx, "unknown command '%s' (see ksymstat --help)",
		      argv[1]);
		return KS_EXIT_ERROR;
	}
	return c->fn(ctx, argc - 1, argv + 1);
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
