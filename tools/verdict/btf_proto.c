// SPDX-License-Identifier: GPL-2.0
/*
 * Prototypes from BTF (libbpf): the running kernel's /sys/kernel/btf/vmlinux
 * (and /sys/kernel/btf/MODULE, split on vmlinux), a copy saved beside a
 * report (btf-vmlinux, btf-MODULE), or a vmlinux's .BTF section.  Written
 * in the style of DepSurf's pages, the same as dwarf_scan.c writes DWARF
 * prototypes, so that the two compare as strings (docs/dwarf.md).
 * For `ksymstat proto` (cmd/proto.c) and the findings `check` prints: the live prototype against every offline
 * row, and, for the same build with DWARF imported, the call sites where
 * the function is inlined.
 */
#include <bpf/btf.h>
#include <json-c/json.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "verdict.h"
#include "../base/decl.h"

static struct decl *btf_decl(const struct btf *btf, __u32 id, int d);

/* The parameters of func_proto fp into fn (names: the top level only). */
static void btf_decl_params(struct decl *fn, const struct btf *btf,
		       const struct btf_type *fp, bool names, int d)
{
	const struct btf_param *p = btf_params(fp);
	__u16 i, n = btf_vlen(fp);

	for (i = 0; i < n; i++) {
		const char *pn = names ?
			btf__name_by_offset(btf, p[i].name_off) : NULL;
		const struct btf_type *t = btf__type_by_id(btf, p[i].type);

		if (!p[i].type && (!pn || !*pn)) {
			decl_add_param(fn, NULL, NULL);
			continue;
		}
		if (t && btf_is_ptr(t)) {
			const struct btf_type *f = btf__type_by_id(btf, t->type);

			if (f && btf_is_func_proto(f)) {
				struct decl *sub = decl_new(DECL_FUNC, NULL,
					btf_decl(btf, f->type, d + 1));

				btf_decl_params(sub, btf, f, false, d + 1);
				decl_add_param(fn, decl_new(DECL_POINTER, NULL,
							    sub), pn);
				continue;
			}
		}
		decl_add_param(fn, btf_decl(btf, p[i].type, d + 1), pn);
	}
}

/* The description of BTF type id (decl.h), d levels deep. */
static struct decl *btf_decl(const struct btf *btf, __u32 id, int d)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	struct decl *r;
	const char *n;

	if (!id || !t)
		return decl_new(DECL_VOID, NULL, NULL);
	if (d > 32)
		return decl_new(DECL_UNKNOWN, NULL, NULL);
	n = btf__name_by_offset(btf, t->name_off);
	if (n && !*n)
		n = NULL;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FLOAT:
		return decl_new(DECL_NAME, n, NULL);
	case BTF_KIND_STRUCT:
		return decl_new(DECL_STRUCT, n, NULL);
	case BTF_KIND_UNION:
		return decl_new(DECL_UNION, n, NULL);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return decl_new(DECL_ENUM, n, NULL);
	case BTF_KIND_FWD:
		return decl_new(btf_kflag(t) ? DECL_UNION : DECL_STRUCT, n,
				NULL);
	case BTF_KIND_CONST:
		return decl_new(DECL_CONST, NULL,
				btf_decl(btf, t->type, d + 1));
	case BTF_KIND_VOLATILE:
		return decl_new(DECL_VOLATILE, NULL,
				btf_decl(btf, t->type, d + 1));
	case BTF_KIND_RESTRICT:
		return decl_new(DECL_RESTRICT, NULL,
				btf_decl(btf, t->type, d + 1));
	case BTF_KIND_TYPE_TAG:
		return btf_decl(btf, t->type, d + 1);
	case BTF_KIND_PTR:
		return decl_new(DECL_POINTER, NULL,
				btf_decl(btf, t->type, d + 1));
	case BTF_KIND_ARRAY:
		r = decl_new(DECL_ARRAY, NULL,
			     btf_decl(btf, btf_array(t)->type, d + 1));
		r->nelems = btf_array(t)->nelems;
		return r;
	case BTF_KIND_FUNC_PROTO:
		r = decl_new(DECL_FUNC, NULL, btf_decl(btf, t->type, d + 1));
		btf_decl_params(r, btf, t, false, d + 1);
		return r;
	default:
		return decl_new(DECL_NAME, n, NULL);
	}
}

/* "int f(struct kvm *kvm, gpa_t gpa);" for a BTF_KIND_FUNC, or NULL. */
char *btf_func_proto(const struct btf *btf, __u32 id)
{
	const struct btf_type *f = btf__type_by_id(btf, id);
	const struct btf_type *fp;
	struct decl *fn;
	const char *name;
	char *s;

	if (!f || !btf_is_func(f))
		return NULL;
	/* NULL: name_off past the strings (libbpf 1.1 does not check) */
	name = btf__name_by_offset(btf, f->name_off);
	if (!name)
		return NULL;
	fp = btf__type_by_id(btf, f->type);
	if (!fp || !btf_is_func_proto(fp))
		return NULL;
	fn = decl_new(DECL_FUNC, NULL, btf_decl(btf, fp->type, 0));
	btf_decl_params(fn, btf, fp, true, 0);
	s = decl_proto(fn, name);
	decl_free(fn);
	return s;
}

/* The BTF of path (raw or an ELF's .BTF), split on base when given. */
struct btf *btf_open(const char *path, struct btf *base, char *err,
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

char *proto_by_name(const struct btf *btf, const char *name)
{
	__s32 id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);

	return id > 0 ? btf_func_proto(btf, (__u32)id) : NULL;
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

/* The changes from prototype old to new_ of name (proto_diff.c). */
void proto_changes(const char *name, const char *old, const char *new_,
		   struct ks_findings *out)
{
	struct ds_diff d = { 0 };

	dwarf_proto_diff(name, old, new_, &d);
	diff_changes(out, &d);
	free_diff(&d);
}

/* The inlining facts of a DWARF row (the same build's, for check). */
void inline_findings(struct ks_findings *fl, const char *name,
		     const struct off_row *r)
{
	const struct ds_instance *in = r->insts;
	size_t n = r->n_insts, i, j, k, inl = 0, all = 0, shown = 0;
	const char *list[4];

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
		findings_add(fl, inl > shown ? KF_INLINED_MORE : KF_INLINED,
			     (long long)inl, (long long)all, list, shown, name);
	else if (n)
		findings_add(fl, KF_NOT_INLINED, (long long)all);
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
		struct target_result *tv = &v->targets[i];
		char from[4096], *live, (*titles)[256];
		struct ks_findings *changes;
		const char ***rows;
		size_t nt = 0, *n_rows;

		for (k = 0; k < tv->n_rows; k++) {
			const struct off_row *r = &tv->rows[k];
			bool by_release;

			if (off_row_source(r) != OFF_SRC_DWARF || !r->have_func)
				continue;
			if (row_same_build(v->rep, &v->live, r, &by_release))
				inline_findings(&tv->findings,
						tv->live->name, r);
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
