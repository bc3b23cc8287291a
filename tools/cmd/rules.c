// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat rules: the rules of include/ksymstat/rules.h, asked from the
 * shell.  Tests and scripts classify names with this command (or with the
 * ERE it prints) instead of writing the grammar a third time.
 *
 *   ksymstat rules classify [NAME...]     names from stdin when none given
 *   ksymstat rules collision TARGET NAME:BIND...
 *   ksymstat rules suffix-ere
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"

void usage_rules(FILE *f)
{
	fputs("Usage: ksymstat rules classify [NAME...] [-j | -p]\n"
	      "       ksymstat rules collision TARGET NAME:BIND... [-j | -p]\n"
	      "       ksymstat rules suffix-ere\n"
	      "\n"
	      "The rules the module and the tool share (docs/rules.md).\n"
	      "classify: per name (arguments, else one a line on stdin),\n"
	      "  NAME BASE SUFFIX KIND, tab-separated; SUFFIX '-' when none;\n"
	      "  KIND exact, clone or cold (a clone chain holding .cold).\n"
	      "collision: the collision class of TARGET over the symbols\n"
	      "  given as NAME:BIND (BIND global, local, weak or unknown);\n"
	      "  names that are neither TARGET nor its clones are ignored.\n"
	      "suffix-ere: a POSIX extended regular expression matching a\n"
	      "  whole clone-suffix chain (\".isra.0.cold\"), made from the\n"
	      "  same tables, for awk and grep -E (no JSON form: -j and -p\n"
	      "  are refused).\n"
	      "\n"
	      "Exit: 0 done, 2 usage error.\n", f);
}

static const char *kind_of(const char *suffix)
{
	if (!suffix)
		return "exact";
	return ks_suffix_is_cold(suffix) ? "cold" : "clone";
}

static void classify_one(const char *name, struct json_object *arr)
{
	const char *suffix = clone_suffix(name);
	size_t base = suffix ? (size_t)(suffix - name) : strlen(name);

	if (arr) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name",
				       json_object_new_string(name));
		json_object_object_add(o, "base",
				       json_object_new_string_len(name,
								  (int)base));
		json_object_object_add(o, "suffix", suffix ?
				       json_object_new_string(suffix) : NULL);
		json_object_object_add(o, "kind",
				       json_object_new_string(kind_of(suffix)));
		json_object_array_add(arr, o);
		return;
	}
	printf("%s\t%.*s\t%s\t%s\n", name, (int)base, name,
	       suffix ? suffix : "-", kind_of(suffix));
}

static int rules_classify(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct json_object *arr = ctx->json ? json_object_new_array() : NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int i;

	for (i = 0; i < argc; i++)
		classify_one(argv[i], arr);
	while (!argc && (len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (strlen(line) != (size_t)len) {
			p_err(ctx, "rules classify: a NUL byte in a name on stdin");
			free(line);
			json_object_put(arr);
			return KS_EXIT_ERROR;
		}
		if (len)
			classify_one(line, arr);
	}
	free(line);
	if (arr) {
		json_fputs(stdout, json_object_to_json_string_ext(arr,
			   ks_json_flags(ctx)));
		json_object_put(arr);
	}
	return KS_EXIT_OK;
}

static int rules_collision(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct ks_coll_count cc = { 0 };
	const char *target, *c;
	int i;

	if (argc < 1) {
		p_err(ctx, "rules collision: give TARGET and NAME:BIND... (see ksymstat help rules)");
		return KS_EXIT_ERROR;
	}
	target = argv[0];
	for (i = 1; i < argc; i++) {
		char *colon = strrchr(argv[i], ':');
		int b;

		b = colon ? ks_name_index(ks_bind_names, KS_BIND__COUNT,
					  colon + 1) : -1;
		if (b < 0) {
			p_err(ctx, "rules collision: '%s' is not NAME:BIND with BIND global, local, weak or unknown",
			      argv[i]);
			return KS_EXIT_ERROR;
		}
		*colon = 0;
		if (!strcmp(argv[i], target))
			ks_coll_count_add(&cc, b, NULL);
		else if (clone_of(argv[i], target))
			ks_coll_count_add(&cc, b, clone_suffix(argv[i]));
		*colon = ':';
	}
	c = ks_coll_names[ks_coll_count_class(&cc)];
	if (ctx->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "target",
				       json_object_new_string(target));
		json_object_object_add(o, "collision",
				       json_object_new_string(c));
		json_fputs(stdout, json_object_to_json_string_ext(o,
			   ks_json_flags(ctx)));
		json_object_put(o);
	} else
		printf("%s\n", c);
	return KS_EXIT_OK;
}

static void ere_words(const char *const *w, size_t n)
{
	size_t i;

	putchar('(');
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "|" : "", w[i]);
	putchar(')');
}

/* The grammar of rules.h (ks_suffix_component) as one ERE, from its tables. */
static int rules_suffix_ere(void)
{
	fputs("^(\\.", stdout);
	ere_words(ks_suffix_numbered, ARRAY_SIZE(ks_suffix_numbered));
	fputs("\\.[0-9]+|\\.", stdout);
	ere_words(ks_suffix_hashed, ARRAY_SIZE(ks_suffix_hashed));
	fputs("\\.[0-9A-Fa-f]+|\\.", stdout);
	ere_words(ks_suffix_plain, ARRAY_SIZE(ks_suffix_plain));
	fputs("(\\.[0-9]+)?)+$\n", stdout);
	return KS_EXIT_OK;
}

/*
 * The options of rules, for getopt and for the command table (main.c);
 * -j and -p are main.c's global options.
 */
const struct option ks_rules_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_rules(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *what;
	int c, i, j;

	optind = 1;
	opterr = 0;
	/* "+": stop at the first name, which may look like anything */
	while ((c = getopt_long(argc, argv, "+h", ks_rules_opts,
				 NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_rules(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "rules", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		p_err(ctx, "rules: give classify, collision or suffix-ere (see ksymstat help rules)");
		return KS_EXIT_ERROR;
	}
	what = argv[optind];
	argc -= optind + 1;
	argv += optind + 1;
	/*
	 * Options may follow the action (main.c took the global ones); no
	 * symbol name starts with '-', so such a word is an option this
	 * command lacks.
	 */
	for (i = j = 0; i < argc; i++) {
		if (argv[i][0] == '-') {
			p_bad_option(ctx, "rules", argv[i]);
			return KS_EXIT_ERROR;
		}
		argv[j++] = argv[i];
	}
	argc = j;
	if (!strcmp(what, "classify"))
		return rules_classify(ctx, argc, argv);
	if (!strcmp(what, "collision"))
		return rules_collision(ctx, argc, argv);
	if (!strcmp(what, "suffix-ere") && !argc) {
		if (ctx->json) {
			p_err(ctx, "rules suffix-ere prints an ERE for grep -E and awk, which has no JSON form");
			return KS_EXIT_ERROR;
		}
		return rules_suffix_ere();
	}
	p_err(ctx, "rules: unknown action '%s' (classify, collision, suffix-ere)",
	      what);
	return KS_EXIT_ERROR;
}
