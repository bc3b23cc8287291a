// SPDX-License-Identifier: GPL-2.0
/*
 * Prototypes from BTF (libbpf): the running kernel's /sys/kernel/btf/vmlinux
 * (and /sys/kernel/btf/MODULE, split on vmlinux), a copy saved beside a
 * report (btf-vmlinux, btf-MODULE), or a vmlinux's .BTF section.  Written
 * in the style of DepSurf's pages, the same as dwarf_scan.c writes DWARF
 * prototypes, so that the two compare as strings (docs/dwarf.md).
 *
 *   ksymstat proto [FUNC...] [--btf FILE [--base FILE]]
 *
 * and the findings `check` prints: the live prototype against every offline
 * row, and, for the same build with DWARF imported, the call sites where
 * the function is inlined.
 */
#include <bpf/btf.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depsurf_page.h"
#include "dwarf_scan.h"
#include "ksymstat.h"

static void type_str(struct strbuf *b, const struct btf *btf, __u32 id, int d);

static void params_str(struct strbuf *b, const struct btf *btf,
		       const struct btf_type *fp, bool names, int d)
{
	const struct btf_param *p = btf_params(fp);
	__u16 i, n = btf_vlen(fp);

	for (i = 0; i < n; i++) {
		const char *pn = names ?
			btf__name_by_offset(btf, p[i].name_off) : NULL;
		const struct btf_type *t = btf__type_by_id(btf, p[i].type);

		if (i)
			strbuf_put(b, ", ");
		if (!p[i].type && (!pn || !*pn)) {
			strbuf_put(b, "...");
			continue;
		}
		if (t && btf_is_ptr(t)) {
			const struct btf_type *f = btf__type_by_id(btf, t->type);

			if (f && btf_is_func_proto(f)) {
				type_str(b, btf, f->type, d + 1);
				strbuf_put(b, " (*");
				strbuf_put(b, pn ? pn : "");
				strbuf_put(b, ")(");
				params_str(b, btf, f, false, d + 1);
				strbuf_put(b, ")");
				continue;
			}
		}
		type_str(b, btf, p[i].type, d + 1);
		if (pn && *pn) {
			if (!strbuf_ends_star(b))
				strbuf_put(b, " ");
			strbuf_put(b, pn);
		}
	}
}

static void type_str(struct strbuf *b, const struct btf *btf, __u32 id, int d)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_type *u;
	const char *n;
	char num[32];

	if (!id || !t) {
		strbuf_put(b, "void");
		return;
	}
	if (d > 32) {
		strbuf_put(b, "?");
		return;
	}
	n = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FLOAT:
		strbuf_put(b, n && *n ? n : "?");
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		strbuf_put(b, btf_is_struct(t) ? "struct " : btf_is_union(t) ?
		    "union " : "enum ");
		strbuf_put(b, n && *n ? n : "(anon)");
		break;
	case BTF_KIND_FWD:
		strbuf_put(b, btf_kflag(t) ? "union " : "struct ");
		strbuf_put(b, n && *n ? n : "(anon)");
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE: {
		const char *q = btf_is_const(t) ? "const" : "volatile";

		u = btf__type_by_id(btf, t->type);
		if (t->type && u && btf_is_ptr(u)) {
			type_str(b, btf, t->type, d + 1);
			strbuf_put(b, " ");
			strbuf_put(b, q);
		} else {
			strbuf_put(b, q);
			strbuf_put(b, " ");
			type_str(b, btf, t->type, d + 1);
		}
		break;
	}
	case BTF_KIND_RESTRICT:	/* C99: after the star it qualifies */
		type_str(b, btf, t->type, d + 1);
		strbuf_put(b, strbuf_ends_star(b) ? "restrict" : " restrict");
		break;
	case BTF_KIND_TYPE_TAG:
		type_str(b, btf, t->type, d + 1);
		break;
	case BTF_KIND_PTR:
		u = btf__type_by_id(btf, t->type);
		if (t->type && u && btf_is_func_proto(u)) {
			type_str(b, btf, u->type, d + 1);
			strbuf_put(b, " (*)(");
			params_str(b, btf, u, false, d + 1);
			strbuf_put(b, ")");
			break;
		}
		type_str(b, btf, t->type, d + 1);
		strbuf_put(b, strbuf_ends_star(b) ? "*" : " *");
		break;
	case BTF_KIND_ARRAY:
		type_str(b, btf, btf_array(t)->type, d + 1);
		snprintf(num, sizeof(num), "[%u]", btf_array(t)->nelems);
		strbuf_put(b, num);
		break;
	case BTF_KIND_FUNC_PROTO:
		type_str(b, btf, t->type, d + 1);
		strbuf_put(b, " (*)(");
		params_str(b, btf, t, false, d + 1);
		strbuf_put(b, ")");
		break;
	default:
		strbuf_put(b, n && *n ? n : "?");
	}
}

/* "int f(struct kvm *kvm, gpa_t gpa);" for a BTF_KIND_FUNC, or NULL. */
char *btf_func_proto(const struct btf *btf, __u32 id)
{
	const struct btf_type *f = btf__type_by_id(btf, id);
	const struct btf_type *fp;
	struct strbuf b = { 0 };
	const char *name;

	if (!f || !btf_is_func(f))
		return NULL;
	/* NULL: name_off past the strings (libbpf 1.1 does not check) */
	name = btf__name_by_offset(btf, f->name_off);
	if (!name)
		return NULL;
	fp = btf__type_by_id(btf, f->type);
	if (!fp || !btf_is_func_proto(fp))
		return NULL;
	type_str(&b, btf, fp->type, 0);
	if (!strbuf_ends_star(&b))
		strbuf_put(&b, " ");
	strbuf_put(&b, name);
	strbuf_put(&b, "(");
	params_str(&b, btf, fp, true, 0);
	strbuf_put(&b, ");");
	return b.s;
}

/* The BTF of path (raw or an ELF's .BTF), split on base when given. */
static struct btf *btf_open(const char *path, struct btf *base, char *err,
			    size_t errlen)
{
	struct btf *btf;
	char msg[128];

	if (input_check("--btf", path, false, err, errlen))
		return NULL;
	btf = base ? btf__parse_split(path, base) : btf__parse(path, NULL);
	if (!btf) {
		snprintf(err, errlen, "%.300s: no BTF (%s)", path,
			 libbpf_errstr(errno ? errno : EINVAL, msg,
				       sizeof(msg)));
		return NULL;
	}
	return btf;
}

static char *proto_by_name(const struct btf *btf, const char *name)
{
	__s32 id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);

	return id > 0 ? btf_func_proto(btf, (__u32)id) : NULL;
}

/* ---- `ksymstat proto` ---- */

void usage_proto(FILE *f)
{
	fputs("Usage: ksymstat proto [FUNC...] [--btf FILE [--base FILE]]\n"
	      "  Prototypes from BTF in DepSurf's style, one per line:\n"
	      "  NAME<TAB>PROTOTYPE (every BTF function when no FUNC is given).\n"
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

int cmd_proto(const struct ks_ctx *ctx, int argc, char **argv)
{
	const char *path = "/sys/kernel/btf/vmlinux", *base_path = NULL;
	struct btf *btf, *base = NULL;
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
	if (optind == argc) {
		__u32 id, n = btf__type_cnt(btf);

		for (id = base ? btf__type_cnt(base) : 1; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(btf, id);
			const char *name = btf__name_by_offset(btf,
							       t->name_off);
			char *p;

			if (btf_is_func(t) && !name) {
				p_err(ctx, "%s: BTF type %u: name offset %u is past the string section",
				      path, id, t->name_off);
				btf__free(btf);
				btf__free(base);
				return KS_EXIT_ERROR;
			}
			p = btf_func_proto(btf, id);
			if (!p)
				continue;
			printf("%s\t%s\n", name, p);
			free(p);
		}
	}
	for (i = optind; i < argc; i++) {
		char *p = proto_by_name(btf, argv[i]);

		if (!p) {
			fprintf(stderr, "ksymstat: %s: no BTF function\n",
				argv[i]);
			rc = KS_EXIT_MISMATCH;
			continue;
		}
		printf("%s\t%s\n", argv[i], p);
		free(p);
	}
	btf__free(btf);
	btf__free(base);
	if (fflush(stdout)) {
		p_err(ctx, "writing: %s", strerror(errno));
		return KS_EXIT_ERROR;
	}
	return rc;
}

/* ---- the live prototype in `check` ---- */

/*
 * Where the live BTF is: $KSYMSTAT_BTF (a directory holding vmlinux and
 * module files, or a vmlinux BTF file); beside a saved report
 * (btf-vmlinux, btf-MODULE); else /sys/kernel/btf for the module's report.
 */
static bool btf_paths(const struct ks_report *rep, const char *owner,
		      char *vm, char *mod, size_t len)
{
	const char *env = getenv("KSYMSTAT_BTF");
	struct stat sb;

	if (env && *env) {
		if (!stat(env, &sb) && S_ISDIR(sb.st_mode)) {
			snprintf(vm, len, "%s/vmlinux", env);
			snprintf(mod, len, "%s/%s", env, owner);
		} else {
			snprintf(vm, len, "%s", env);
			mod[0] = '\0';
		}
	} else if (rep->path && strcmp(rep->path, KS_DEFAULT_REPORT) &&
		   strncmp(rep->path, "/proc/", 6)) {
		char *dup = xstrdup(rep->path);
		char *dir = dirname(dup);

		snprintf(vm, len, "%s/btf-vmlinux", dir);
		snprintf(mod, len, "%s/btf-%s", dir, owner);
		free(dup);
	} else {
		snprintf(vm, len, "/sys/kernel/btf/vmlinux");
		snprintf(mod, len, "/sys/kernel/btf/%s", owner);
	}
	return !stat(vm, &sb);
}

/* The live prototype of t, and where it came from; NULL if none. */
char *live_proto(const struct ks_report *rep, const struct ks_target *t,
		 char *from, size_t len)
{
	const char *owner = "vmlinux";
	char vm[4096], mod[4096], err[KS_ERRLEN];
	struct btf *base, *btf;
	char *p = NULL;
	size_t i;

	for (i = 0; i < t->n_syms; i++)
		if (t->syms[i].owner && strcmp(t->syms[i].owner, "vmlinux")) {
			owner = t->syms[i].owner;
			break;
		}
	if (!btf_paths(rep, owner, vm, mod, sizeof(vm)))
		return NULL;
	base = btf_open(vm, NULL, err, sizeof(err));
	if (!base)
		return NULL;
	p = proto_by_name(base, t->name);
	snprintf(from, len, "%s", vm);
	if (!p && strcmp(owner, "vmlinux") && mod[0]) {
		btf = btf_open(mod, base, err, sizeof(err));
		if (btf) {
			p = proto_by_name(btf, t->name);
			snprintf(from, len, "%s", mod);
			btf__free(btf);
		}
	}
	btf__free(base);
	return p;
}

/*
 * The changes as PROTOTYPE_CHANGE findings: kind "parameter 3", change
 * "`long unsigned int len` → `unsigned long len`" ...
 */
static void diff_changes(struct ks_findings *out, const struct ds_diff *d)
{
	size_t i;

	for (i = 0; i < d->n_changes; i++) {
		const char *txt = d->changes[i].text;
		char *plain = xstrdup(txt), *w, *r;

		/* the page's <code>x</code> ➡️ <code>y</code> as `x` → `y` */
		for (w = r = plain; *r;) {
			if (!strncmp(r, "<code>", 6) || !strncmp(r, "</code>", 7)) {
				*w++ = '`';
				r += r[1] == '/' ? 7 : 6;
			} else if (!strncmp(r, "➡️", strlen("➡️"))) {
				memcpy(w, "→", strlen("→"));
				w += strlen("→");
				r += strlen("➡️");
			} else {
				*w++ = *r++;
			}
		}
		*w = '\0';
		findings_add(out, KF_PROTOTYPE_CHANGE, d->changes[i].kind,
			     plain);
		free(plain);
	}
}

static void free_diff(struct ds_diff *d)
{
	size_t i;

	for (i = 0; i < d->n_changes; i++) {
		free(d->changes[i].kind);
		free(d->changes[i].text);
	}
	free(d->changes);
}

/* The inlining facts of the same build's DWARF row. */
static void inline_finding(struct target_verdict_s *tv, const char *name,
			   const struct off_row *r)
{
	struct ds_instance *in;
	size_t n, i, j, k, inl = 0, all = 0, shown = 0;
	const char *list[4];
	char err[KS_ERRLEN];

	if (store_insts(r->store, r->build_id, name, &in, &n, err,
			sizeof(err)))
		n = 0;
	for (i = 0; i < n; i++) {
		inl += in[i].n_inline_callers;
		all += in[i].n_inline_callers + in[i].n_direct_callers;
		for (j = 0; j < in[i].n_inline_callers && shown < 4; j++) {
			const char *c = strrchr(in[i].inline_callers[j], ':');

			c = c ? c + 1 : in[i].inline_callers[j];
			for (k = 0; k < shown && strcmp(list[k], c); k++)
				;
			if (k == shown)
				list[shown++] = c;
		}
	}
	if (inl)
		findings_add(&tv->findings, inl > shown ? KF_INLINED_MORE :
			     KF_INLINED, (long long)inl, (long long)all, list,
			     shown, name);
	else if (n)
		findings_add(&tv->findings, KF_NOT_INLINED, (long long)all);
	for (i = 0; i < n; i++) {
		free(in[i].file);
		free(in[i].location);
		free(in[i].inline_);
		for (j = 0; j < in[i].n_inline_callers; j++)
			free(in[i].inline_callers[j]);
		for (j = 0; j < in[i].n_direct_callers; j++)
			free(in[i].direct_callers[j]);
		free(in[i].inline_callers);
		free(in[i].direct_callers);
	}
	free(in);
}

/*
 * Findings from the live BTF prototype: equal to / changed since each
 * offline row with a prototype (rows with the same difference are named
 * together), and the same build's DWARF inlining.
 */
void proto_findings(struct verdict *v)
{
	size_t i, k, j;

	for (i = 0; i < v->n_targets; i++) {
		struct target_verdict_s *tv = &v->targets[i];
		char from[4096], *live, (*titles)[256];
		struct ks_findings *changes;
		const char ***rows;
		size_t nt = 0, *n_rows;

		for (k = 0; k < tv->n_rows; k++) {
			const struct off_row *r = &tv->rows[k];
			bool by_release;

			if (!r->source || strcmp(r->source, "dwarf") ||
			    !r->have_func)
				continue;
			if (row_same_build(v->rep, &v->live, r, &by_release))
				inline_finding(tv, tv->live->name, r);
		}
		live = tv->live->present ?
		       live_proto(v->rep, tv->live, from, sizeof(from)) : NULL;
		if (!live)
			continue;
		findings_add(&tv->findings, KF_LIVE_PROTOTYPE, from, live);
		/* rows of equal changes are named together */
		changes = xcalloc(tv->n_rows + 1, sizeof(*changes));
		rows = xcalloc(tv->n_rows + 1, sizeof(*rows));
		n_rows = xcalloc(tv->n_rows + 1, sizeof(*n_rows));
		titles = xcalloc(tv->n_rows + 1, sizeof(*titles));
		for (k = 0; k < tv->n_rows; k++) {
			const struct off_row *r = &tv->rows[k];
			struct ds_diff d = { 0 };
			struct ks_findings c = { 0 };

			if (!r->prototype)
				continue;
			dwarf_proto_diff(tv->live->name, r->prototype, live,
					 &d);
			diff_changes(&c, &d);
			free_diff(&d);
			row_title(r, titles[k], sizeof(titles[k]));
			for (j = 0; j < nt && !findings_equal(&changes[j], &c);
			     j++)
				;
			if (j == nt) {
				changes[nt] = c;
				rows[nt++] = xcalloc(tv->n_rows + 1,
						     sizeof(**rows));
			} else {
				findings_free(&c);
			}
			rows[j][n_rows[j]++] = titles[k];
		}
		for (j = 0; j < nt; j++) {
			if (changes[j].n)
				findings_add(&tv->findings,
					     KF_PROTOTYPE_CHANGED, rows[j],
					     n_rows[j], &changes[j]);
			else
				findings_add(&tv->findings,
					     KF_PROTOTYPE_UNCHANGED, rows[j],
					     n_rows[j]);
			findings_free(&changes[j]);
			free(rows[j]);
		}
		free(changes);
		free(rows);
		free(n_rows);
		free(titles);
		free(live);
	}
}
