// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict: compare each live target with every offline row.
 *
 * A row of the same build as the running kernel (the same GNU build-id;
 * when the report or the row has none, the same version, ABI, flavor and
 * arch, marked as a fallback) must agree exactly: presence, binding,
 * collision class and clones equal, ELF st_size <= live extent < st_size +
 * alignment slack, and one address slide for all symbols, equal to
 * kaslr_offset.
 * A disagreement there is a mismatch.  Rows of other builds are compared
 * too, but a difference there is only reported.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verdict.h"

/* "depsurf-page Arch/arm64", "vmlinux 6.1.0-56-cloud-arm64" */
void row_title(const struct off_row *r, char *buf, size_t len)
{
	if (r->grp || r->label)
		snprintf(buf, len, "%s %s/%s", r->source, r->grp ? r->grp : "",
			 r->label ? r->label : "");
	else if (r->release)
		snprintf(buf, len, "%s %s", r->source, r->release);
	else
		snprintf(buf, len, "%s %s", r->source, r->path ? r->path : "?");
}

/*
 * The same build: equal GNU build-ids when both sides have one (then a
 * release alone decides nothing), else the release (*by_release).
 */
bool row_same_build(const struct ks_report *rep, const struct kver *live,
		    const struct off_row *r, bool *by_release)
{
	struct kver k;

	*by_release = false;
	if (rep->build_id && r->gnu_build_id)
		return !strcmp(rep->build_id, r->gnu_build_id);
	*by_release = r->release && kver_parse(r->release, r->arch, &k) &&
		      kver_same_build(live, &k);
	return *by_release;
}

static enum row_match row_match(const struct ks_report *rep,
				const struct kver *live,
				struct row_verdict *rv)
{
	const struct off_row *r = rv->row;
	const char *ver = r->version ? r->version : "";
	const char *arch = r->arch ? r->arch : "";
	bool v, a;

	if (row_same_build(rep, live, r, &rv->by_release))
		return RM_SAME_BUILD;
	v = *ver && !strcmp(ver, live->version);
	a = *arch && !strcmp(arch, live->arch);
	if (v && a)
		return RM_SAME_VERSION_ARCH;
	if (a)
		return RM_SAME_ARCH;
	return v ? RM_SAME_VERSION : RM_OTHER;
}

/* A check's verdict and its detail (moved: *detail is left empty). */
static void set_check(struct row_verdict *rv, enum check_kind k,
		      enum check_verdict verdict, struct ks_findings *detail)
{
	rv->checks[k].verdict = verdict;
	findings_free(&rv->checks[k].detail);
	rv->checks[k].detail = *detail;
	detail->v = NULL;
	detail->n = 0;
}

/* A check whose detail is one finding of no arguments. */
static void set_check0(struct row_verdict *rv, enum check_kind k,
		       enum check_verdict verdict, enum ks_fcode code)
{
	struct ks_findings d = { 0 };

	findings_add(&d, code);
	set_check(rv, k, verdict, &d);
}

static bool is_vmlinux(const struct ks_sym *s)
{
	return !strcmp(s->owner, "vmlinux");
}

/* Module names owning the target live, in order of first symbol. */
static const char **live_modules(const struct ks_target *t, size_t *n)
{
	const char **out = xcalloc(t ? t->n_syms + 1 : 1, sizeof(*out));
	size_t i, j;

	*n = 0;
	for (i = 0; t && i < t->n_syms; i++) {
		if (is_vmlinux(&t->syms[i]))
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(t->syms[j].owner, t->syms[i].owner))
				break;
		if (j == i)
			out[(*n)++] = t->syms[i].owner;
	}
	return out;
}

static size_t live_vm_count(const struct ks_target *t)
{
	size_t i, n = 0;

	for (i = 0; t && i < t->n_syms; i++)
		n += is_vmlinux(&t->syms[i]);
	return n;
}

static enum ks_coll live_vm_collision(const struct ks_target *t)
{
	struct ks_coll_count cc = { 0 };
	size_t i;

	/*
	 * Over code only, as the ELF side (STT_FUNC and labels in code): a
	 * data symbol of the same name (watchdog, a static in .bss beside
	 * the function) makes a probe by name ambiguous, but is no function.
	 */
	for (i = 0; i < t->n_syms; i++)
		if (is_vmlinux(&t->syms[i]) &&
		    ks_text_of_letter(t->syms[i].type) != KS_TEXT_NO)
			ks_coll_count_add(&cc, t->syms[i].bind,
					  t->syms[i].suffix);
	return ks_coll_count_class(&cc);
}

/* What every row of a target is compared with, worked out once. */
struct live_facts {
	size_t vm;			/* symbols in vmlinux */
	const char **mods;		/* modules holding it */
	size_t n_mods;
	enum ks_coll coll;		/* collision class in vmlinux */
};

static void live_facts_get(struct live_facts *lf, const struct ks_target *t)
{
	lf->vm = live_vm_count(t);
	lf->mods = live_modules(t, &lf->n_mods);
	lf->coll = t ? live_vm_collision(t) : KS_COLL_UNKNOWN;
}

/* CONFIG_<MODULE> (or CONFIG_<MODULE>_FS) of the first module: "m"... */
static bool module_config(const struct off_row *r,
			  const struct live_facts *lf,
			  char *key, size_t keylen, char *val, size_t vallen)
{
	static const char *const fmts[] = { "CONFIG_%s", "CONFIG_%s_FS" };
	char mod[128];
	size_t i;

	if (!r->has_config || !lf->n_mods)
		return false;
	snprintf(mod, sizeof(mod), "%s", lf->mods[0]);
	for (i = 0; mod[i]; i++)
		mod[i] = mod[i] == '-' ? '_' : toupper((unsigned char)mod[i]);
	for (i = 0; i < 2; i++) {
		snprintf(key, keylen, fmts[i], mod);
		if (off_config_get(r, key, val, vallen))
			return true;
	}
	return false;
}

/* codes[cfg]: without a config (the modules), or with key and value too */
static void module_detail(struct ks_findings *d, const enum ks_fcode *codes,
			  int cfg, const char *key, const char *val,
			  const struct live_facts *lf)
{
	if (cfg)
		findings_add(d, codes[cfg], key, val, lf->mods, lf->n_mods);
	else
		findings_add(d, codes[0], lf->mods, lf->n_mods);
}

static void check_presence(struct row_verdict *rv,
			   const struct live_facts *lf, bool same)
{
	static const enum ks_fcode in_module[] = {
		KF_PRESENCE_MODULE, KF_PRESENCE_MODULE_BECAUSE,
		KF_PRESENCE_MODULE_ALTHOUGH,
	};
	static const enum ks_fcode built_in_offline[] = {
		KF_PRESENCE_BUILTIN_OFFLINE, KF_PRESENCE_BUILTIN_BECAUSE,
		KF_PRESENCE_BUILTIN_ALTHOUGH,
	};
	const struct off_row *r = rv->row;
	size_t vm = lf->vm, nm = lf->n_mods;
	char key[160], val[64];
	bool built_in;
	int cfg;
	struct ks_findings d = { 0 };
	enum check_verdict other = same ? CV_MISMATCH : CV_DIFFER;

	/*
	 * CONFIG_<MODULE>=m explains a module (1: "because"); another value
	 * does not (2: "although"), and =y contradicts it; 0: no config.
	 */
	cfg = !module_config(r, lf, key, sizeof(key), val, sizeof(val)) ? 0 :
	      !strcmp(val, "m") ? 1 : 2;
	built_in = cfg && val[0] == 'y';

	if (vm && r->present) {
		set_check0(rv, CK_PRESENCE, CV_AGREE, KF_PRESENCE_VMLINUX);
	} else if (!vm && !nm && !r->present) {
		set_check0(rv, CK_PRESENCE, CV_AGREE, KF_PRESENCE_ABSENT);
	} else if (!vm && nm && !r->present) {
		module_detail(&d, in_module, cfg, key, val, lf);
		set_check(rv, CK_PRESENCE,
			  same && built_in ? CV_MISMATCH : CV_EXPLAINED, &d);
	} else if (vm && !r->present) {
		set_check0(rv, CK_PRESENCE, other,
			   KF_PRESENCE_MISSING_OFFLINE);
	} else if (nm) {
		module_detail(&d, built_in_offline, cfg, key, val, lf);
		set_check(rv, CK_PRESENCE, other, &d);
	} else {
		set_check0(rv, CK_PRESENCE, other, KF_PRESENCE_MISSING_LIVE);
	}
}

/*
 * Pair live vmlinux symbols with offline ones of the same full name, in
 * order, when both sides have as many; pair[i] is the offline index for
 * live symbol i or -1.
 */
static long *pair_syms(const struct ks_target *t, const struct off_row *r)
{
	long *pair = xcalloc(t->n_syms ? t->n_syms : 1, sizeof(*pair));
	size_t i, j;

	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *s = &t->syms[i];
		size_t nl = 0, no = 0, rank = 0;

		pair[i] = -1;
		if (!is_vmlinux(s))
			continue;
		for (j = 0; j < t->n_syms; j++) {
			if (!is_vmlinux(&t->syms[j]) ||
			    strcmp(t->syms[j].name, s->name))
				continue;
			if (j < i)
				rank++;
			nl++;
		}
		for (j = 0; j < r->n_syms; j++)
			no += !strcmp(r->syms[j].name, s->name);
		if (nl != no)
			continue;
		for (j = 0; j < r->n_syms; j++) {
			if (strcmp(r->syms[j].name, s->name))
				continue;
			if (!rank--) {
				pair[i] = j;
				break;
			}
		}
	}
	return pair;
}

static void check_binding(struct row_verdict *rv, const struct ks_target *t,
			  const long *pair, bool same)
{
	const struct off_row *r = rv->row;
	struct ks_findings diff = { 0 }, agree = { 0 };
	bool unknown = false;
	size_t i;

	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *s = &t->syms[i];
		const struct off_sym *o;

		if (pair[i] < 0)
			continue;
		o = &r->syms[pair[i]];
		if (s->bind == KS_BIND_UNKNOWN || o->bind == KS_BIND_UNKNOWN) {
			unknown = true;
			continue;
		}
		if (s->bind != o->bind)
			findings_add(&diff, KF_BINDING_DIFFERS, s->name,
				     bind_name(o->bind), bind_name(s->bind));
		else
			findings_add(&agree, KF_BINDING_SAME, s->name,
				     bind_name(s->bind));
	}
	if (diff.n)
		set_check(rv, CK_BINDING, same ? CV_MISMATCH : CV_DIFFER,
			  &diff);
	else if (agree.n)
		set_check(rv, CK_BINDING, CV_AGREE, &agree);
	else if (unknown)
		set_check0(rv, CK_BINDING, CV_UNKNOWN, KF_BINDING_UNKNOWN);
	findings_free(&agree);
}

static unsigned int size_slack(const struct off_row *r, const char *arch,
			       bool *from_config)
{
	char val[64];
	unsigned long a, p = 0;

	*from_config = false;
	if (!r->has_config ||
	    !off_config_get(r, "CONFIG_FUNCTION_ALIGNMENT", val, sizeof(val)))
		return func_align_default(arch);
	a = strtoul(val, NULL, 0);
	if (off_config_get(r, "CONFIG_FUNCTION_PADDING_BYTES", val,
			   sizeof(val)))
		p = strtoul(val, NULL, 0);
	if (off_config_get(r, "CONFIG_DEBUG_FORCE_FUNCTION_ALIGN_64B", val,
			   sizeof(val)) && !strcmp(val, "y") && a < 64)
		a = 64;
	if (!a)
		return func_align_default(arch);
	*from_config = true;
	return a + p;
}

static void check_size(struct row_verdict *rv, const struct ks_target *t,
		       const long *pair, bool same, const char *arch)
{
	const struct off_row *r = rv->row;
	struct ks_findings out = { 0 };
	enum check_verdict verdict = CV_NA;
	bool cfg, bad = false, exact = false;
	unsigned int slack = size_slack(r, arch, &cfg);
	size_t i;

	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *s = &t->syms[i];
		const struct off_sym *o;
		bool fits;

		if (pair[i] < 0)
			continue;
		o = &r->syms[pair[i]];
		if (!s->size_known || !o->size_known ||
		    (!o->size && !(same && o->extent))) {
			if (verdict == CV_NA)
				verdict = CV_UNKNOWN;
			findings_add(&out, s->size_known ? KF_SIZE_NO_ST_SIZE :
				     KF_SIZE_NO_LIVE_EXTENT, s->name);
			continue;
		}
		/*
		 * Same build with the ELF's own extent (distance to the next
		 * kallsyms-visible symbol): the live extent must be exactly
		 * that.  Otherwise: st_size plus at most the alignment slack.
		 */
		if (same && o->extent) {
			exact = true;
			fits = s->size == o->extent;
		} else {
			fits = o->size <= s->size && s->size < o->size + slack;
		}
		if (same && o->extent)
			findings_add(&out, KF_SIZE_EXTENT_ELF, s->name,
				     (long long)o->size, (long long)s->size,
				     (long long)o->extent);
		else if (same)
			findings_add(&out, KF_SIZE_EXTENT, s->name,
				     (long long)o->size, (long long)s->size);
		else
			findings_add(&out, fits ? KF_SIZE_EXTENT_DELTA :
				     KF_SIZE_EXTENT_OUTSIDE, s->name,
				     (long long)o->size, (long long)s->size,
				     (long long)(s->size - o->size));
		if (!fits)
			bad = true;
		if (verdict == CV_NA || verdict == CV_UNKNOWN)
			verdict = CV_AGREE;
	}
	if (!out.n)
		return;
	if (bad)
		verdict = same ? CV_MISMATCH : CV_DIFFER;
	if (exact)
		findings_add(&out, KF_SIZE_RULE_EXACT);
	else if (verdict == CV_AGREE || verdict == CV_MISMATCH)
		findings_add(&out, cfg ? KF_SIZE_RULE_CONFIG :
			     KF_SIZE_RULE_DEFAULT, (long long)slack);
	set_check(rv, CK_SIZE, verdict, &out);
}

/*
 * The row's class by the same rule as the live one, with exact and clone
 * taken relative to the target: for a target named foo.cold, the symbol
 * foo.cold is its exact-name entry, not a fragment.
 */
static enum ks_coll off_collision(const struct off_row *r, const char *target)
{
	struct ks_coll_count cc = { 0 };
	size_t i, n = strlen(target);

	if (r->collision)
		return coll_from_depsurf(r->collision);
	for (i = 0; i < r->n_syms; i++) {
		const char *name = r->syms[i].name;

		if (!strcmp(name, target))
			ks_coll_count_add(&cc, r->syms[i].bind, NULL);
		else if (clone_of(name, target))
			ks_coll_count_add(&cc, r->syms[i].bind, name + n);
	}
	return ks_coll_count_class(&cc);
}

static void check_collision(struct row_verdict *rv, const char *target,
			    const struct live_facts *lf, bool same)
{
	enum ks_coll live = lf->coll, off;
	struct ks_findings d = { 0 };
	const char *off_name;

	if (!lf->vm || !rv->row->present)
		return;
	off = off_collision(rv->row, target);
	off_name = rv->row->collision ? rv->row->collision :
		   coll_name(off) ? coll_name(off) : "unknown";
	if (live == KS_COLL_UNKNOWN || off == KS_COLL_UNKNOWN) {
		findings_add(&d, KF_COLLISION_DIFFERS, off_name,
			     coll_name(live) ? coll_name(live) : "unknown");
		set_check(rv, CK_COLLISION, CV_UNKNOWN, &d);
		return;
	}
	if (coll_compatible(live, off)) {
		findings_add(&d, KF_COLLISION_SAME, coll_name(live));
		set_check(rv, CK_COLLISION, CV_AGREE, &d);
	} else {
		findings_add(&d, KF_COLLISION_DIFFERS, off_name,
			     coll_name(live));
		set_check(rv, CK_COLLISION, same ? CV_MISMATCH : CV_DIFFER,
			  &d);
	}
}

/* Clone names sorted and de-duplicated in place; returns how many. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t sort_unique(const char **v, size_t n)
{
	size_t i, m = 0;

	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		if (!m || strcmp(v[i], v[m - 1]))
			v[m++] = v[i];
	return m;
}

static bool same_names(const char **a, size_t na, const char **b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

static void check_clones(struct row_verdict *rv, const struct ks_target *t,
			 const struct live_facts *lf, bool same)
{
	const struct off_row *r = rv->row;
	const char **live, **off;
	struct ks_findings d = { 0 };
	size_t i, nl = 0, no = 0;

	if (!lf->vm || !r->present)
		return;
	/*
	 * A clone is a symbol named the target plus suffixes; the target may
	 * carry a suffix itself (NF_HOOK.constprop.0), so compare names.
	 */
	live = xcalloc(t->n_syms + 1, sizeof(*live));
	off = xcalloc(r->n_syms + 1, sizeof(*off));
	for (i = 0; i < t->n_syms; i++)
		if (is_vmlinux(&t->syms[i]) && strcmp(t->syms[i].name, t->name))
			live[nl++] = t->syms[i].name;
	nl = sort_unique(live, nl);
	for (i = 0; i < r->n_syms; i++)
		if (strcmp(r->syms[i].name, t->name))
			off[no++] = r->syms[i].name;
	no = sort_unique(off, no);
	if (same_names(live, nl, off, no)) {
		/* no clones on either side: the list renders as "none" */
		findings_add(&d, KF_CLONES_SAME, live, nl);
		set_check(rv, CK_CLONES, CV_AGREE, &d);
	} else {
		findings_add(&d, KF_CLONES_DIFFER, off, no, live, nl);
		set_check(rv, CK_CLONES, same ? CV_MISMATCH : CV_DIFFER, &d);
	}
	free(live);
	free(off);
}

static void check_trace(struct row_verdict *rv, const struct ks_target *t,
			bool same)
{
	const struct off_row *r = rv->row;
	bool yes = false, no = true;
	char tracer[16] = "n", dyn[16] = "n", kp[16] = "n";
	struct ks_findings d = { 0 };
	size_t i;

	if (!r->has_config || !t->n_syms)
		return;
	for (i = 0; i < t->n_syms; i++) {
		if (t->syms[i].ftrace == KS_YES)
			yes = true;
		if (t->syms[i].ftrace != KS_NO)
			no = false;
	}
	off_config_get(r, "CONFIG_FUNCTION_TRACER", tracer, sizeof(tracer));
	off_config_get(r, "CONFIG_DYNAMIC_FTRACE", dyn, sizeof(dyn));
	off_config_get(r, "CONFIG_KPROBES", kp, sizeof(kp));
	if (yes && strcmp(tracer, "y")) {
		set_check0(rv, CK_TRACE, same ? CV_MISMATCH : CV_DIFFER,
			   KF_TRACE_NO_TRACER);
	} else if (yes) {
		findings_add(&d, KF_TRACE_FTRACE, dyn, kp);
		set_check(rv, CK_TRACE, CV_AGREE, &d);
	} else if (no && !strcmp(dyn, "y")) {
		set_check0(rv, CK_TRACE, CV_EXPLAINED, KF_TRACE_NOTRACE);
	} else if (no) {
		findings_add(&d, KF_TRACE_NOT_FTRACEABLE, dyn);
		set_check(rv, CK_TRACE, CV_AGREE, &d);
	} else {
		set_check0(rv, CK_TRACE, CV_UNKNOWN, KF_TRACE_UNKNOWN);
	}
}

/* Same-build address pairs: the slide every one of them must share. */
struct slide_acc {
	uint64_t *slides;
	size_t n;
};

static void collect_slides(struct slide_acc *acc, const struct ks_target *t,
			   const struct off_row *r, const long *pair)
{
	size_t i;

	for (i = 0; i < t->n_syms; i++) {
		const struct off_sym *o;

		if (pair[i] < 0 || !t->syms[i].addr)
			continue;
		o = &r->syms[pair[i]];
		if (!o->addr)
			continue;
		acc->slides = xrealloc(acc->slides,
				       (acc->n + 1) * sizeof(*acc->slides));
		acc->slides[acc->n++] = t->syms[i].addr - o->addr;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The most common slide (ties: the lowest). */
static uint64_t slide_mode(uint64_t *v, size_t n)
{
	size_t i, run = 0, best = 0;
	uint64_t mode = v[0];

	qsort(v, n, sizeof(*v), cmp_u64);
	for (i = 0; i < n; i++) {
		run = i && v[i] == v[i - 1] ? run + 1 : 1;
		if (run > best) {
			best = run;
			mode = v[i];
		}
	}
	return mode;
}

static void check_address(struct verdict *v, struct row_verdict *rv,
			  const struct ks_target *t,
			  const struct live_facts *lf)
{
	const long *pair = rv->pair;
	const struct ks_report *rep = v->rep;
	const struct off_row *r = rv->row;
	size_t i, n = 0, off_slide = 0;
	struct ks_findings out = { 0 };

	for (i = 0; i < t->n_syms; i++) {
		const struct off_sym *o;
		uint64_t slide;

		if (pair[i] < 0)
			continue;
		o = &r->syms[pair[i]];
		if (!t->syms[i].addr || !o->addr)
			continue;
		slide = t->syms[i].addr - o->addr;
		findings_add(&out, KF_ADDRESS_PAIR, (long long)o->addr,
			     (long long)t->syms[i].addr, (long long)slide);
		n++;
		if (!v->slide_known || slide != v->slide)
			off_slide++;
	}
	if (!n) {
		if (!rep->addrs_visible && lf->vm && r->present)
			set_check0(rv, CK_ADDRESS, CV_UNKNOWN,
				   KF_ADDRESS_HIDDEN);
		return;
	}
	if (off_slide) {
		findings_add(&out, KF_ADDRESS_COMMON_SLIDE,
			     (long long)v->slide);
		set_check(rv, CK_ADDRESS, CV_MISMATCH, &out);
	} else if (rep->kaslr_known && v->slide != rep->kaslr_offset) {
		findings_add(&out, KF_ADDRESS_KASLR_DIFFERS,
			     (long long)rep->kaslr_offset);
		set_check(rv, CK_ADDRESS, CV_MISMATCH, &out);
	} else {
		if (rep->kaslr_known)
			findings_add(&out, KF_ADDRESS_KASLR);
		set_check(rv, CK_ADDRESS, CV_AGREE, &out);
	}
}

static enum ks_tri attach_tri(const struct ks_attach *a)
{
	if (!a->known || a->verdict == KS_VERDICT_UNKNOWN)
		return KS_UNKNOWN;
	return a->verdict == KS_VERDICT_YES ? KS_YES : KS_NO;
}

/*
 * Version 1 facts: a symbol's ftrace= and kprobe= fields (both when client
 * is -1); version 1 knows nothing of the other clients.
 */
static enum ks_tri v1_probeable(const struct ks_target *t, int client)
{
	bool yes = false, all_no = true;
	size_t i;

	if (client >= 0 && client != KS_CLIENT_KPROBE &&
	    client != KS_CLIENT_FTRACE)
		return KS_UNKNOWN;
	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *s = &t->syms[i];
		enum ks_tri f = client == KS_CLIENT_KPROBE ? KS_NO : s->ftrace;
		enum ks_tri k = client == KS_CLIENT_FTRACE ? KS_NO : s->kprobe;

		if (f == KS_YES || k == KS_YES)
			yes = true;
		if (f != KS_NO || k != KS_NO)
			all_no = false;
	}
	return yes ? KS_YES : all_no ? KS_NO : KS_UNKNOWN;
}

/* Version 2: the client's verdict by name, or any client's. */
static enum ks_tri v2_probeable(const struct ks_target *t, int client)
{
	bool yes = false, all_no = true;
	unsigned int c;

	if (client >= 0)
		return attach_tri(&t->attach[client]);
	for (c = 0; c < KS_CLIENT__COUNT; c++) {
		enum ks_tri v = attach_tri(&t->attach[c]);

		yes |= v == KS_YES;
		all_no &= v == KS_NO;
	}
	return yes ? KS_YES : all_no ? KS_NO : KS_UNKNOWN;
}

/* The symbols the client attaches to: name, sympos, owner. */
static void client_yes_syms(struct ks_findings *out,
			    const struct ks_target *t, int client)
{
	size_t i;

	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *y = &t->syms[i];

		if (attach_tri(&y->attach[client]) == KS_YES)
			findings_add(out, KF_SYMBOL_AT, y->name,
				     (long long)y->sympos, y->owner);
	}
}

static void client_findings(struct target_result *tv,
			    const struct ks_report *rep, int client)
{
	const struct ks_target *t = tv->live;
	struct ks_findings *fl = &tv->findings, syms = { 0 };
	const struct ks_attach *a;
	const char *cn;

	if (client < 0 || tv->probeable == KS_YES)
		return;
	cn = ks_client_names[client];
	if (rep->version < 2 && (client == KS_CLIENT_KPROBE ||
				 client == KS_CLIENT_FTRACE)) {
		findings_add(fl, tv->probeable == KS_NO ?
			     KF_CLIENT_V1_REFUSED : KF_CLIENT_V1_UNKNOWN, cn,
			     t->name, (long long)rep->version);
		return;
	}
	if (rep->version < 2) {
		findings_add(fl, KF_CLIENT_V1_NO_VERDICT, cn,
			     (long long)rep->version);
		return;
	}
	a = &t->attach[client];
	if (a->verdict == KS_VERDICT_NO)
		findings_add(fl, KF_CLIENT_REFUSES, cn, t->name, a->err,
			     ks_reason_names[a->reason]);
	else
		findings_add(fl, KF_CLIENT_UNKNOWN, cn,
			     ks_reason_names[a->reason]);
	client_yes_syms(&syms, t, client);
	if (syms.n)
		findings_add(fl, KF_CLIENT_BY_ADDRESS, cn, &syms);
}

static void probe_facts(struct target_result *tv,
			const struct ks_report *rep,
			const struct live_facts *lf, int client)
{
	const struct ks_target *t = tv->live;
	struct ks_findings *fl = &tv->findings;
	unsigned int cold = 0;
	size_t i;

	if (!t)
		tv->probeable = KS_NO;
	else if (rep->version >= 2)
		tv->probeable = v2_probeable(t, client);
	else
		tv->probeable = v1_probeable(t, client);

	if (!t || !t->present) {
		findings_add(fl, KF_ABSENT_LIVE, t ? t->name : "?",
			     !strcmp(rep->origin, "module") ? "kallsyms" :
			     rep->path);
		return;
	}
	if (!lf->vm)
		findings_add(fl, KF_MODULE_ONLY, lf->mods, lf->n_mods);
	for (i = 0; i < t->n_syms; i++)
		cold += suffix_is_cold(t->syms[i].suffix);
	if (!t->count && t->clones) {
		const char **v = xcalloc(t->n_syms + 1, sizeof(*v));
		size_t n;

		for (i = 0; i < t->n_syms; i++)
			v[i] = t->syms[i].name;
		n = sort_unique(v, t->n_syms);
		findings_add(fl, KF_CLONE_ONLY, t->name, v, n);
		free(v);
	} else {
		if (t->clones > cold)
			findings_add(fl, KF_CLONES,
				     (long long)(t->clones - cold), t->name);
		if (cold)
			findings_add(fl, KF_COLD_FRAGMENTS, (long long)cold,
				     t->name);
	}
	if (t->count > 1)
		findings_add(fl, KF_AMBIGUOUS_NAME, (long long)t->count,
			     t->name, coll_name(t->collision) ?
			     coll_name(t->collision) : "unknown");
	if (client >= 0) {
		client_findings(tv, rep, client);
	} else if (rep->version >= 2) {
		if (tv->probeable == KS_NO)
			findings_add(fl, KF_NO_CLIENT, t->name);
		else if (tv->probeable == KS_UNKNOWN)
			findings_add(fl, KF_NO_CLIENT_KNOWN, t->name);
	} else if (tv->probeable == KS_NO) {
		int err = 0;

		for (i = 0; i < t->n_syms; i++)
			if (t->syms[i].kprobe_err_known &&
			    t->syms[i].kprobe_err)
				err = t->syms[i].kprobe_err;
		findings_add(fl, KF_NOT_PROBEABLE_V1, (long long)err,
			     strerror(-err));
	} else if (tv->probeable == KS_UNKNOWN) {
		findings_add(fl, (rep->unknown & KS_UNK_FTRACE) ?
			     KF_PROBE_UNKNOWN_NO_FTRACE :
			     KF_PROBE_UNKNOWN_NO_KPROBE);
	} else {
		bool ftrace = false;

		for (i = 0; i < t->n_syms; i++)
			if (t->syms[i].ftrace == KS_YES)
				ftrace = true;
		if (!ftrace)
			findings_add(fl, KF_KPROBE_ONLY);
	}
}

/* "DepSurf: present in arm64; absent in 4.4, 4.8, ..." per source. */
static void summarise_source(struct target_result *tv, const char *source)
{
	const char **present = xcalloc(tv->n_rows + 1, sizeof(*present));
	const char **absent = xcalloc(tv->n_rows + 1, sizeof(*absent));
	size_t i, np = 0, na = 0;

	for (i = 0; i < tv->n_rows; i++) {
		const struct off_row *r = &tv->rows[i];
		const char *label = r->label ? r->label :
				    r->release ? r->release : r->path;

		if (strcmp(r->source, source))
			continue;
		if (r->present)
			present[np++] = label;
		else
			absent[na++] = label;
	}
	if (np && na)
		findings_add(&tv->findings, KF_SOURCE_PRESENT_ABSENT, source,
			     present, np, absent, na);
	else if (np)
		findings_add(&tv->findings, KF_SOURCE_PRESENT, source,
			     present, np);
	else if (na)
		findings_add(&tv->findings, KF_SOURCE_ABSENT, source,
			     absent, na);
	free(present);
	free(absent);
}

/* A copy of a check's detail, to be an argument of a target's finding. */
static struct ks_findings *detail_copy(struct ks_findings *dst,
				       const struct ks_findings *src)
{
	findings_copy(dst, src);
	return dst;
}

/*
 * One finding per distinct explanation, naming every row it holds for:
 * "depsurf-page Regular/4.4, Regular/4.8: absent from vmlinux offline...".
 */
static void explained_findings(struct target_result *tv)
{
	size_t i, j, k;
	bool *done = xcalloc(tv->n_rows * CK_NR + 1, sizeof(*done));

	for (i = 0; i < tv->n_rows; i++) {
		for (k = 0; k < CK_NR; k++) {
			const struct row_check *c = &tv->rv[i].checks[k];
			const char *source = tv->rv[i].row->source;
			char (*titles)[300];
			const char **rows;
			struct ks_findings d;
			size_t n = 0;

			if (c->verdict != CV_EXPLAINED || done[i * CK_NR + k])
				continue;
			titles = xcalloc(tv->n_rows, sizeof(*titles));
			rows = xcalloc(tv->n_rows, sizeof(*rows));
			for (j = i; j < tv->n_rows; j++) {
				const struct off_row *r = tv->rv[j].row;
				const struct row_check *o;

				o = &tv->rv[j].checks[k];
				if (o->verdict != CV_EXPLAINED ||
				    !findings_equal(&o->detail, &c->detail) ||
				    strcmp(r->source, source))
					continue;
				done[j * CK_NR + k] = true;
				/* the title without "source " */
				row_title(r, titles[n], sizeof(titles[n]));
				rows[n] = titles[n] + strlen(source) + 1;
				n++;
			}
			findings_add(&tv->findings, KF_EXPLAINED, source, rows,
				     n, check_kind_name(k),
				     detail_copy(&d, &c->detail));
			free(rows);
			free(titles);
		}
	}
	free(done);
}

/* Distance between "6.1" and "5.4" in minor versions, major = 100. */
static long version_distance(const char *a, const char *b)
{
	unsigned int amaj = 0, amin = 0, bmaj = 0, bmin = 0;
	long d;

	if (!a || !b || sscanf(a, "%u.%u", &amaj, &amin) < 1 ||
	    sscanf(b, "%u.%u", &bmaj, &bmin) < 1)
		return 1000000;
	d = (long)(amaj * 100 + amin) - (long)(bmaj * 100 + bmin);
	return d < 0 ? -d : d;
}

/* How a row of the running release was or was not taken as its build. */
static void build_findings(struct target_result *tv,
			   const struct ks_report *rep,
			   const struct kver *live,
			   const struct row_verdict *rv, const char *title)
{
	const struct off_row *r = rv->row;
	struct kver k;

	if (rv->match == RM_SAME_BUILD && rv->by_release)
		findings_add(&tv->findings, KF_SAME_BUILD_BY_RELEASE, title,
			     r->release);
	else if (rv->match != RM_SAME_BUILD && rep->build_id &&
		 r->gnu_build_id && r->release &&
		 kver_parse(r->release, r->arch, &k) &&
		 kver_same_build(live, &k))
		findings_add(&tv->findings, KF_OTHER_BUILD_SAME_RELEASE, title,
			     rep->build_id, r->gnu_build_id);
}

static void row_findings(struct target_result *tv,
			 const struct ks_report *rep, const struct kver *live)
{
	const struct row_verdict *closest = NULL;
	char title[300], (*selective)[300];
	const char **sel;
	size_t i, k, n_sel = 0;

	selective = xcalloc(tv->n_rows + 1, sizeof(*selective));
	sel = xcalloc(tv->n_rows + 1, sizeof(*sel));
	for (i = 0; i < tv->n_rows; i++) {
		const struct row_verdict *rv = &tv->rv[i];
		const struct off_row *r = rv->row;

		row_title(r, title, sizeof(title));
		build_findings(tv, rep, live, rv, title);
		for (k = 0; k < CK_NR; k++) {
			const struct row_check *c = &rv->checks[k];

			struct ks_findings d;

			if (c->verdict == CV_MISMATCH)
				findings_add(&tv->findings, KF_MISMATCH, title,
					     check_kind_name(k),
					     detail_copy(&d, &c->detail));
		}
		if (r->status & DS_SELECTIVE_INLINE) {
			row_title(r, selective[n_sel], sizeof(selective[0]));
			sel[n_sel] = selective[n_sel];
			n_sel++;
		}
		/* the nearest version among the best-matching rows */
		if (rv->match == tv->best &&
		    (!closest ||
		     version_distance(live->version, r->version) <=
		     version_distance(live->version, closest->row->version)))
			closest = rv;
	}
	if (n_sel)
		findings_add(&tv->findings, KF_SELECTIVE_INLINE, sel, n_sel);
	free(sel);
	free(selective);
	if (closest && tv->best != RM_SAME_BUILD && tv->best != RM_OTHER) {
		row_title(closest->row, title, sizeof(title));
		findings_add(&tv->findings, closest->row->present ?
			     KF_CLOSEST_PRESENT : KF_CLOSEST_ABSENT,
			     row_match_name(tv->best), title);
	}
	explained_findings(tv);
}

void merge(struct verdict *v)
{
	const struct ks_report *rep = v->rep;
	struct slide_acc acc = { 0 };
	size_t i, j;

	kver_parse(rep->release, rep->arch, &v->live);
	v->exit_code = KS_EXIT_OK;

	/* pass 1: match rows, pair symbols, find the slide of same-build rows */
	for (i = 0; i < v->n_targets; i++) {
		struct target_result *tv = &v->targets[i];

		tv->rv = xcalloc(tv->n_rows + 1, sizeof(*tv->rv));
		tv->best = RM_OTHER;
		for (j = 0; j < tv->n_rows; j++) {
			struct row_verdict *rv = &tv->rv[j];

			rv->row = &tv->rows[j];
			rv->match = row_match(rep, &v->live, rv);
			if (rv->match < tv->best)
				tv->best = rv->match;
			if (!tv->live)
				continue;
			rv->pair = pair_syms(tv->live, rv->row);
			if (rv->match == RM_SAME_BUILD)
				collect_slides(&acc, tv->live, rv->row,
					       rv->pair);
		}
	}
	if (acc.n) {
		unsigned long long slide, kaslr = rep->kaslr_offset;
		size_t same = 0;

		v->slide = slide_mode(acc.slides, acc.n);
		slide = v->slide;
		v->slide_known = true;
		for (i = 0; i < acc.n; i++)
			same += acc.slides[i] == v->slide;
		v->slide_pairs = acc.n;
		v->slide_consistent = same == acc.n;
		if (!v->slide_consistent)
			findings_add(&v->slide_detail, KF_SLIDE_INCONSISTENT,
				     (long long)same, (long long)acc.n,
				     (long long)slide);
		else if (rep->kaslr_known && v->slide != rep->kaslr_offset)
			findings_add(&v->slide_detail, KF_SLIDE_NOT_KASLR,
				     (long long)acc.n, (long long)slide,
				     (long long)kaslr);
		else
			findings_add(&v->slide_detail, rep->kaslr_known ?
				     KF_SLIDE_KASLR : KF_SLIDE_CONSISTENT,
				     (long long)acc.n, (long long)slide);
	}
	free(acc.slides);

	/* pass 2: the checks */
	for (i = 0; i < v->n_targets; i++) {
		struct target_result *tv = &v->targets[i];
		const struct ks_target *t = tv->live;
		struct live_facts lf;

		live_facts_get(&lf, t);
		probe_facts(tv, rep, &lf, v->client);
		for (j = 0; j < tv->n_rows; j++) {
			struct row_verdict *rv = &tv->rv[j];
			bool same = rv->match == RM_SAME_BUILD;
			bool dwarf = off_row_source(rv->row) == OFF_SRC_DWARF;
			size_t k;

			check_presence(rv, &lf, same);
			check_binding(rv, t, rv->pair, same);
			/*
			 * A DWARF row's symbols are the symbol table its own
			 * import also stored (a vmlinux row): checked there.
			 */
			if (!dwarf)
				check_size(rv, t, rv->pair, same, rep->arch);
			if (same && !dwarf)
				check_address(v, rv, t, &lf);
			check_collision(rv, t->name, &lf, same);
			check_clones(rv, t, &lf, same);
			check_trace(rv, t, same);
			for (k = 0; k < CK_NR; k++)
				tv->n_mismatch += rv->checks[k].verdict ==
						  CV_MISMATCH;
		}
		free(lf.mods);
		summarise_source(tv, "depsurf-page");
		summarise_source(tv, "depsurf-dataset");
		row_findings(tv, rep, &v->live);
		if (!rep->addrs_visible && t->present)
			findings_add(&tv->findings, KF_ADDRESSES_HIDDEN);
		if (tv->n_mismatch)
			tv->verdict = TV_MISMATCH;
		else if (tv->probeable == KS_NO)
			tv->verdict = TV_NOT_PROBEABLE;
		else if (tv->probeable == KS_UNKNOWN)
			tv->verdict = TV_PROBE_UNKNOWN;
		else
			tv->verdict = TV_CONFIRMED;
		if (tv->verdict != TV_CONFIRMED)
			v->exit_code = KS_EXIT_MISMATCH;
	}
}

void verdict_free(struct verdict *v)
{
	size_t i, j, k;

	for (i = 0; i < v->n_targets; i++) {
		struct target_result *tv = &v->targets[i];

		for (j = 0; tv->rv && j < tv->n_rows; j++) {
			free(tv->rv[j].pair);
			for (k = 0; k < CK_NR; k++)
				findings_free(&tv->rv[j].checks[k].detail);
		}
		free(tv->rv);
		findings_free(&tv->findings);
		off_rows_free(tv->rows, tv->n_rows);
	}
	free(v->targets);
	findings_free(&v->slide_detail);
}
