// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat proto [FUNC...] [--btf FILE [--base FILE]]: prototypes from BTF
 * in DepSurf's style (verdict/btf_proto.c writes them).
 */
#include <bpf/btf.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

void usage_proto(FILE *f)
{
	fputs("Usage: ksymstat proto [FUNC...] [--btf FILE [--base FILE]]\n"
	      "  Prototypes from BTF in DepSurf's style, one per line:\n"
	      "  NAME<TAB>PROTOTYPE (every BTF function when no FUNC is given);\n"
	      "  with -j or -p a JSON array of {\"name\", \"prototype\"}, the\n"
	      "  prototype null for a FUNC without one.\n"
	      "  FILE: raw BTF or an ELF with .BTF (default /sys/kernel/btf/vmlinux);\n"
	      "  --base: the vmlinux BTF a module's split BTF builds on.\n"
	      "Exit: 0 all found, 1 a FUNC has no BTF prototype, 2 error.\n", f);
}

/* The options of proto, for getopt and for the command table (main.c). */
const struct option ks_proto_opts[] = {
	{ "btf", required_argument, NULL, 'b' },
	{ "base", required_argument, NULL, 'B' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One prototype: a NAME<TAB>PROTOTYPE line, or an element of arr (-j). */
static void proto_put(struct json_object *arr, const char *name,
		      const char *proto)
{
	struct json_object *o;

	if (!arr) {
		printf("%s\t%s\n", name, proto);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "prototype",
			       proto ? json_object_new_string(proto) : NULL);
	json_object_array_add(arr, o);
}

int cmd_proto(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *path = "/sys/kernel/btf/vmlinux", *base_path = NULL;
	struct btf *btf, *base = NULL;
	struct json_object *arr = NULL;
	char err[KS_ERRLEN];
	int c, i, rc = KS_EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", ks_proto_opts,
				 NULL)) != -1) {
		switch (c) {
		case 'b':
			path = optarg;
			break;
		case 'B':
			base_path = optarg;
			break;
		case 'h':
			usage_proto(stdout);
			return KS_EXIT_OK;
		default:
			p_bad_option(ctx, "proto", argv[optind - 1]);
			return KS_EXIT_ERROR;
		}
	}
	if (base_path) {
		base = btf_open(base_path, NULL, err, sizeof(err));
		if (!base) {
			p_err(ctx, "%s", err);
			return KS_EXIT_ERROR;
		}
	}
	btf = btf_open(path, base, err, sizeof(err));
	if (!btf) {
		btf__free(base);
		p_err(ctx, "%s", err);
		return KS_EXIT_ERROR;
	}
	if (ctx->json)
		arr = json_object_new_array();
	if (optind == argc) {
		__u32 id, n = btf__type_cnt(btf);

		for (id = base ? btf__type_cnt(base) : 1; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(btf, id);
			const char *name = btf__name_by_offset(btf,
							       t->name_off);
			char *p;

			if (btf_is_func(t) && !name) {
				json_object_put(arr);
				p_err(ctx, "%s: BTF type %u: name offset %u is past the string section",
				      path, id, t->name_off);
				btf__free(btf);
				btf__free(base);
				return KS_EXIT_ERROR;
			}
			p = btf_func_proto(btf, id);
			if (!p)
				continue;
			proto_put(arr, name, p);
			free(p);
		}
	}
	for (i = optind; i < argc; i++) {
		char *p = proto_by_name(btf, argv[i]);

		if (!p) {
			fprintf(stderr, "ksymstat: %s: no BTF function\n",
				argv[i]);
			rc = KS_EXIT_MISMATCH;
			if (arr)
				proto_put(arr, argv[i], NULL);
			continue;
		}
		proto_put(arr, argv[i], p);
		free(p);
	}
	if (arr) {
		json_fputs(stdout, json_object_to_json_string_ext(arr,
			   ks_json_flags(ctx)));
		json_object_put(arr);
	}
	btf__free(btf);
	btf__free(base);
	if (fflush(stdout)) {
		p_err(ctx, "writing: %s", strerror(errno));
		return KS_EXIT_ERROR;
	}
	return rc;
}
