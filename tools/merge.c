// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict: compare each live target with every offline row.
 *
 * A row of the same build as the running kernel (same version, ABI,
 * flavor and arch) must agree exactly: presence, binding, collision class
 * and clones equal, ELF st_size <= live extent < st_size + alignment
 * slack, and one address slide for all symbols, equal to kaslr_offset.
 * A disagreement there is a mismatch.  Rows of other builds are compared
 * too, but a difference there is only reported.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksymstat.h"
#include "depsurf_page.h"

static const char *const check_names[CK_NR] = {
	[CK_PRESENCE]	= "presence",
	[CK_BINDING]	= "binding",
	[CK_SIZE]	= "size",
	[CK_ADDRESS]	= "address",
	[CK_COLLISION]	= "collision",
	[CK_CLONES]	= "clones",
	[CK_TRACE]	= "traceability",
};

static const char *const verdict_names[] = {
	[CV_NA]		= "n/a",
	[CV_AGREE]	= "agree",
	[CV_DIFFER]	= "differ",
	[CV_EXPLAINED]	= "explained",
	[CV_UNKNOWN]	= "unknown",
	[CV_MISMATCH]	= "mismatch",
};

static const char *const match_names[] = {
	[RM_SAME_BUILD]		= "same_build",
	[RM_SAME_VERSION_ARCH]	= "same_version_arch",
	[RM_SAME_ARCH]		= "same_arch",
	[RM_SAME_VERSION]	= "same_version",
	[RM_OTHER]		= "other",
};

static const char *const target_verdict_names[] = {
	[TV_CONFIRMED]		= "confirmed",
	[TV_MISMATCH]		= "mismatch",
	[TV_NOT_PROBEABLE]	= "not_probeable",
	[TV_PROBE_UNKNOWN]	= "probe_unknown",
};

const char *check_kind_name(enum check_kind k)
{
	return check_names[k];
}

const char *check_verdict_name(enum check_verdict v)
{
	return verdict_names[v];
}

const char *row_match_name(enum row_match m)
{
	return match_names[m];
}

const char *target_verdict_name(enum target_verdict v)
{
	return target_verdict_names[v];
}

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

static enum row_match row_match(const struct kver *live,
				const struct off_row *r)
{
	const char *ver = r->version ? r->version : "";
	const char *arch = r->arch ? r->arch : "";
	bool v, a;
	struct kver k;

	if (r->release && kver_parse(r->release, r->arch, &k) &&
	    kver_same_build(live, &k))
		return RM_SAME_BUILD;
	v = *ver && !strcmp(ver, live->version);
	a = *arch && !strcmp(arch, live->arch);
	if (v && a)
		return RM_SAME_VERSION_ARCH;
	if (a)
		return RM_SAME_ARCH;
	return v ? RM_SAME_VERSION : RM_OTHER;
}

static void add_finding(struct target_verdict_s *t, char *s)
{
	t->findings = xrealloc(t->findings,
			       (t->n_findings + 1) * sizeof(*t->findings));
	t->findings[t->n_findings++] = s;
}

static void set_check(struct row_verdict *rv, enum check_kind k,
		      enum check_verdict verdict, char *detail)
{
	rv->checks[k].verdict = verdict;
	free(rv->checks[k].detail);
	rv->checks[k].detail = detail;
}

static bool is_vmlinux(const struct ks_sym *s)
{
	return !strcmp(s->owner, "vmlinux");
}

/* Module names owning the target live, comma-separated; NULL if none. */
static char *live_modules(const struct ks_target *t)
{
	char *out = NULL;
	size_t i, j;

	for (i = 0; t && i < t->n_syms; i++) {
		char *n;

		if (is_vmlinux(&t->syms[i]))
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(t->syms[j].owner, t->syms[i].owner))
				break;
		if (j < i)
			continue;
		n = out ? xasprintf("%s, %s", out, t->syms[i].owner) :
			  xstrdup(t->syms[i].owner);
		free(out);
		out = n;
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

/* kallsyms letters of code: t, w (and their global capitals); '?' unknown */
static bool is_text_type(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W' ||
	       type == '?' || !type;
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
		if (is_vmlinux(&t->syms[i]) && is_text_type(t->syms[i].type))
			ks_coll_count_add(&cc, t->syms[i].bind,
					  t->syms[i].suffix);
	return ks_coll_count_class(&cc);
}

/* What every row of a target is compared with, worked out once. */
struct live_facts {
	size_t vm;			/* symbols in vmlinux */
	char *mods;			/* modules holding it, "a, b"; or NULL */
	enum ks_coll coll;		/* collision class in vmlinux */
};

static void live_facts_get(struct live_facts *lf, const struct ks_target *t)
{
	lf->vm = live_vm_count(t);
	lf->mods = live_modules(t);
	lf->coll = t ? live_vm_collision(t) : KS_COLL_UNKNOWN;
}

/* CONFIG_<MODULE> (or CONFIG_<MODULE>_FS) of the first module: "m"... */
static bool module_config(const struct off_row *r, const char *mods,
			  char *key, size_t keylen, char *val, size_t vallen)
{
	static const char *const fmts[] = { "CONFIG_%s", "CONFIG_%s_FS" };
	char mod[128];
	size_t i;

	if (!r->has_config || !mods)
		return false;
	snprintf(mod, sizeof(mod), "%.*s", (int)strcspn(mods, ","), mods);
	for (i = 0; mod[i]; i++)
		mod[i] = mod[i] == '-' ? '_' : toupper((unsigned char)mod[i]);
	for (i = 0; i < 2; i++) {
		snprintf(key, keylen, fmts[i], mod);
		if (store_config_get(r->store, r->build_id, key, val, vallen))
			return true;
	}
	return false;
}

static void check_presence(struct row_verdict *rv,
			   const struct live_facts *lf, bool same)
{
	const struct off_row *r = rv->row;
	const char *mods = lf->mods;
	size_t vm = lf->vm;
	char key[160], val[64], why[256] = "";

	if (module_config(r, mods, key, sizeof(key), val, sizeof(val)))
		snprintf(why, sizeof(why), " %s %s=%s",
			 !strcmp(val, "m") ? "because" : "although", key, val);

	if (vm && r->present) {
		set_check(rv, CK_PRESENCE, CV_AGREE,
			  xstrdup("present in vmlinux offline and live"));
	} else if (!vm && !mods && !r->present) {
		set_check(rv, CK_PRESENCE, CV_AGREE,
			  xstrdup("absent offline and live"));
	} else if (!vm && mods && !r->present) {
		bool built_in = r->has_config && strstr(why, "=y");

		set_check(rv, CK_PRESENCE,
			  same && built_in ? CV_MISMATCH : CV_EXPLAINED,
			  xasprintf("absent from vmlinux offline%s; live: present in module %s",
				    why, mods));
	} else if (vm && !r->present) {
		set_check(rv, CK_PRESENCE, same ? CV_MISMATCH : CV_DIFFER,
			  xstrdup("absent offline; live: present in vmlinux"));
	} else if (mods) {
		set_check(rv, CK_PRESENCE, same ? CV_MISMATCH : CV_DIFFER,
			  xasprintf("built into vmlinux offline; live: present in module %s%s",
				    mods, why));
	} else {
		set_check(rv, CK_PRESENCE, same ? CV_MISMATCH : CV_DIFFER,
			  xstrdup("present offline; live: absent"));
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

static char *append(char *s, const char *fmt, const char *a, const char *b,
		    const char *c)
{
	char *n, *item = xasprintf(fmt, a, b, c);

	n = s ? xasprintf("%s; %s", s, item) : xstrdup(item);
	free(item);
	free(s);
	return n;
}

static void check_binding(struct row_verdict *rv, const struct ks_target *t,
			  const long *pair, bool same)
{
	const struct off_row *r = rv->row;
	char *diff = NULL, *agree = NULL;
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
			diff = append(diff, "%s: %s offline, %s live", s->name,
				      bind_name(o->bind), bind_name(s->bind));
		else
			agree = append(agree, "%s: %s%s", s->name,
				       bind_name(s->bind), "");
	}
	if (diff) {
		set_check(rv, CK_BINDING, same ? CV_MISMATCH : CV_DIFFER, diff);
		free(agree);
	} else if (agree) {
		set_check(rv, CK_BINDING, CV_AGREE, agree);
	} else if (unknown) {
		set_check(rv, CK_BINDING, CV_UNKNOWN,
			  xstrdup("binding not known on one side"));
	}
}

static unsigned int size_slack(const struct off_row *r, const char *arch,
			       bool *from_config)
{
	char val[64];
	unsigned long a, p = 0;

	*from_config = false;
	if (!r->has_config ||
	    !store_config_get(r->store, r->build_id,
			      "CONFIG_FUNCTION_ALIGNMENT", val, sizeof(val)))
		return func_align_default(arch);
	a = strtoul(val, NULL, 0);
	if (store_config_get(r->store, r->build_id,
			     "CONFIG_FUNCTION_PADDING_BYTES", val, sizeof(val)))
		p = strtoul(val, NULL, 0);
	if (store_config_get(r->store, r->build_id,
			     "CONFIG_DEBUG_FORCE_FUNCTION_ALIGN_64B", val,
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
	char *out = NULL, num[3][48];
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
			out = append(out, "%s: %s%s", s->name,
				     !s->size_known ? "live extent unknown" :
				     "no st_size offline", "");
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
		snprintf(num[0], sizeof(num[0]), "%llu",
			 (unsigned long long)o->size);
		snprintf(num[1], sizeof(num[1]), "%llu",
			 (unsigned long long)s->size);
		snprintf(num[2], sizeof(num[2]), "%+lld%s",
			 (long long)(s->size - o->size),
			 fits ? "" : ", outside");
		if (same && o->extent)
			snprintf(num[1] + strlen(num[1]),
				 sizeof(num[1]) - strlen(num[1]), " (ELF %llu)",
				 (unsigned long long)o->extent);
		out = append(out, "%s: st_size %s, live extent %s", s->name,
			     num[0], num[1]);
		if (!same) {
			char *n = xasprintf("%s (%s)", out, num[2]);

			free(out);
			out = n;
		}
		if (!fits)
			bad = true;
		if (verdict == CV_NA || verdict == CV_UNKNOWN)
			verdict = CV_AGREE;
	}
	if (!out)
		return;
	if (bad)
		verdict = same ? CV_MISMATCH : CV_DIFFER;
	if (exact) {
		char *n = xasprintf("%s; same build: live extent = distance to the next symbol in the ELF",
				    out);

		free(out);
		out = n;
	} else if (verdict == CV_AGREE || verdict == CV_MISMATCH) {
		char *n = xasprintf("%s; allowed: st_size <= extent < st_size + %u (%s)",
				    out, slack,
				    cfg ? "alignment + padding from the config" :
				    "default alignment slack");

		free(out);
		out = n;
	}
	set_check(rv, CK_SIZE, verdict, out);
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

	if (!lf->vm || !rv->row->present)
		return;
	off = off_collision(rv->row, target);
	if (live == KS_COLL_UNKNOWN || off == KS_COLL_UNKNOWN) {
		set_check(rv, CK_COLLISION, CV_UNKNOWN,
			  xasprintf("offline %s, live %s",
				    rv->row->collision ? rv->row->collision :
				    coll_name(off) ? coll_name(off) : "unknown",
				    coll_name(live) ? coll_name(live) :
				    "unknown"));
		return;
	}
	if (coll_compatible(live, off))
		set_check(rv, CK_COLLISION, CV_AGREE,
			  xstrdup(coll_name(live)));
	else
		set_check(rv, CK_COLLISION, same ? CV_MISMATCH : CV_DIFFER,
			  xasprintf("offline %s, live %s",
				    rv->row->collision ? rv->row->collision :
				    coll_name(off), coll_name(live)));
}

/* Sorted, de-duplicated clone names ("foo.isra.0 foo.cold"), or NULL. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_sorted(const char **v, size_t n)
{
	char *out = NULL;
	size_t i;

	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		char *s;

		if (i && !strcmp(v[i], v[i - 1]))
			continue;
		s = out ? xasprintf("%s %s", out, v[i]) : xstrdup(v[i]);
		free(out);
		out = s;
	}
	return out;
}

static void check_clones(struct row_verdict *rv, const struct ks_target *t,
			 const struct live_facts *lf, bool same)
{
	const struct off_row *r = rv->row;
	const char **v;
	char *live, *off;
	size_t i, n = 0;

	if (!lf->vm || !r->present)
		return;
	/*
	 * A clone is a symbol named the target plus suffixes; the target may
	 * carry a suffix itself (NF_HOOK.constprop.0), so compare names.
	 */
	v = xcalloc(t->n_syms + r->n_syms + 1, sizeof(*v));
	for (i = 0; i < t->n_syms; i++)
		if (is_vmlinux(&t->syms[i]) && strcmp(t->syms[i].name, t->name))
			v[n++] = t->syms[i].name;
	live = join_sorted(v, n);
	for (i = 0, n = 0; i < r->n_syms; i++)
		if (strcmp(r->syms[i].name, t->name))
			v[n++] = r->syms[i].name;
	off = join_sorted(v, n);
	free(v);
	if (!live && !off)
		set_check(rv, CK_CLONES, CV_AGREE, xstrdup("none"));
	else if (live && off && !strcmp(live, off))
		set_check(rv, CK_CLONES, CV_AGREE, xstrdup(live));
	else
		set_check(rv, CK_CLONES, same ? CV_MISMATCH : CV_DIFFER,
			  xasprintf("offline %s, live %s", off ? off : "none",
				    live ? live : "none"));
	free(live);
	free(off);
}

static void check_trace(struct row_verdict *rv, const struct ks_target *t,
			bool same)
{
	const struct off_row *r = rv->row;
	bool yes = false, no = true;
	char tracer[16] = "n", dyn[16] = "n", kp[16] = "n";
	size_t i;

	if (!r->has_config || !t->n_syms)
		return;
	for (i = 0; i < t->n_syms; i++) {
		if (t->syms[i].ftrace == KS_YES)
			yes = true;
		if (t->syms[i].ftrace != KS_NO)
			no = false;
	}
	store_config_get(r->store, r->build_id, "CONFIG_FUNCTION_TRACER",
			 tracer, sizeof(tracer));
	store_config_get(r->store, r->build_id, "CONFIG_DYNAMIC_FTRACE", dyn,
			 sizeof(dyn));
	store_config_get(r->store, r->build_id, "CONFIG_KPROBES", kp,
			 sizeof(kp));
	if (yes && strcmp(tracer, "y"))
		set_check(rv, CK_TRACE, same ? CV_MISMATCH : CV_DIFFER,
			  xstrdup("ftrace-able live, but CONFIG_FUNCTION_TRACER is not set offline"));
	else if (yes)
		set_check(rv, CK_TRACE, CV_AGREE,
			  xasprintf("ftrace-able live; CONFIG_FUNCTION_TRACER=y, CONFIG_DYNAMIC_FTRACE=%s, CONFIG_KPROBES=%s",
				    dyn, kp));
	else if (no && !strcmp(dyn, "y"))
		set_check(rv, CK_TRACE, CV_EXPLAINED,
			  xstrdup("not in ftrace's list although CONFIG_DYNAMIC_FTRACE=y: notrace, __init or not instrumented"));
	else if (no)
		set_check(rv, CK_TRACE, CV_AGREE,
			  xasprintf("not ftrace-able live; CONFIG_DYNAMIC_FTRACE=%s",
				    dyn));
	else
		set_check(rv, CK_TRACE, CV_UNKNOWN,
			  xstrdup("ftrace state unknown live"));
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
	char *out = NULL;

	for (i = 0; i < t->n_syms; i++) {
		const struct off_sym *o;
		uint64_t slide;
		char a[40], b[40], c[40];

		if (pair[i] < 0)
			continue;
		o = &r->syms[pair[i]];
		if (!t->syms[i].addr || !o->addr)
			continue;
		slide = t->syms[i].addr - o->addr;
		snprintf(a, sizeof(a), "0x%llx", (unsigned long long)o->addr);
		snprintf(b, sizeof(b), "0x%llx",
			 (unsigned long long)t->syms[i].addr);
		snprintf(c, sizeof(c), "0x%llx", (unsigned long long)slide);
		out = append(out, "%s offline, %s live, slide %s", a, b, c);
		n++;
		if (!v->slide_known || slide != v->slide)
			off_slide++;
	}
	if (!n) {
		if (!rep->addrs_visible && lf->vm && r->present)
			set_check(rv, CK_ADDRESS, CV_UNKNOWN,
				  xstrdup("live addresses hidden (kptr_restrict)"));
		free(out);
		return;
	}
	if (off_slide) {
		char *s = xasprintf("%s; the common slide is 0x%llx", out,
				    (unsigned long long)v->slide);

		set_check(rv, CK_ADDRESS, CV_MISMATCH, s);
	} else if (rep->kaslr_known && v->slide != rep->kaslr_offset) {
		char *s = xasprintf("%s; kaslr_offset is 0x%llx", out,
				    (unsigned long long)rep->kaslr_offset);

		set_check(rv, CK_ADDRESS, CV_MISMATCH, s);
	} else {
		char *s = xasprintf("%s%s", out, rep->kaslr_known ?
				    "; the slide is kaslr_offset" : "");

		set_check(rv, CK_ADDRESS, CV_AGREE, s);
	}
	free(out);
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

/* "a (1, vmlinux), b (2, kvm)": the symbols the client attaches to. */
static char *client_yes_syms(const struct ks_target *t, int client)
{
	char *out = NULL, *s;
	size_t i;

	for (i = 0; i < t->n_syms; i++) {
		const struct ks_sym *y = &t->syms[i];

		if (attach_tri(&y->attach[client]) != KS_YES)
			continue;
		s = xasprintf("%s%s%s (sympos %u, %s)", out ? out : "",
			      out ? ", " : "", y->name, y->sympos, y->owner);
		free(out);
		out = s;
	}
	return out;
}

static void client_findings(struct target_verdict_s *tv,
			    const struct ks_report *rep, int client)
{
	const struct ks_target *t = tv->live;
	const struct ks_attach *a;
	const char *cn;
	char *syms;

	if (client < 0 || tv->probeable == KS_YES)
		return;
	cn = ks_client_names[client];
	if (rep->version < 2 && (client == KS_CLIENT_KPROBE ||
				 client == KS_CLIENT_FTRACE)) {
		add_finding(tv, xasprintf("%s: %s on every symbol of %s (report format version %u: its %s= fields)",
					  cn, tv->probeable == KS_NO ?
					  "refused" : "unknown", t->name,
					  rep->version, cn));
		return;
	}
	if (rep->version < 2) {
		add_finding(tv, xasprintf("%s: unknown: report format version %u has no per-client verdicts (a version 2 module reports them)",
					  cn, rep->version));
		return;
	}
	a = &t->attach[client];
	if (a->verdict == KS_VERDICT_NO)
		add_finding(tv, xasprintf("%s refuses %s by name: %s (%s)",
					  cn, t->name, a->err,
					  ks_reason_names[a->reason]));
	else
		add_finding(tv, xasprintf("%s by name: unknown (%s)", cn,
					  ks_reason_names[a->reason]));
	syms = client_yes_syms(t, client);
	if (syms)
		add_finding(tv, xasprintf("%s attaches by address or sympos to: %s",
					  cn, syms));
	free(syms);
}

static void probe_facts(struct target_verdict_s *tv,
			const struct ks_report *rep,
			const struct live_facts *lf, int client)
{
	const struct ks_target *t = tv->live;
	unsigned int cold = 0;
	size_t i;

	if (!t)
		tv->probeable = KS_NO;
	else if (rep->version >= 2)
		tv->probeable = v2_probeable(t, client);
	else
		tv->probeable = v1_probeable(t, client);

	if (!t || !t->present) {
		add_finding(tv, xasprintf("absent live: no symbol named %s or a compiler clone of it in %s",
					  t ? t->name : "?",
					  !strcmp(rep->origin, "module") ?
					  "kallsyms" : rep->path));
		return;
	}
	if (!lf->vm)
		add_finding(tv, xasprintf("live: present in module %s, not in vmlinux",
					  lf->mods));
	for (i = 0; i < t->n_syms; i++)
		cold += suffix_is_cold(t->syms[i].suffix);
	if (!t->count && t->clones) {
		const char **v = xcalloc(t->n_syms, sizeof(*v));
		size_t n = 0;
		char *names;

		for (i = 0; i < t->n_syms; i++)
			v[n++] = t->syms[i].name;
		names = join_sorted(v, n);
		add_finding(tv, xasprintf("no symbol is named exactly %s; compiler clone(s): %s. Probe the clone; the compiler may have changed its parameters",
					  t->name, names));
		free(names);
		free(v);
	} else {
		if (t->clones > cold)
			add_finding(tv, xasprintf("%u compiler clone(s) besides %s: calls that go to a clone are not seen by a probe on %s",
						  t->clones - cold, t->name,
						  t->name));
		if (cold)
			add_finding(tv, xasprintf("%u .cold fragment(s) of %s: out-of-line code that %s jumps to, not a function of its own; a probe on %s's entry sees every call, one on the fragment only the rare path",
						  cold, t->name, t->name,
						  t->name));
	}
	if (t->count > 1)
		add_finding(tv, xasprintf("%u symbols are named %s (%s): a probe by name is ambiguous; attach by address or give sympos",
					  t->count, t->name,
					  coll_name(t->collision) ?
					  coll_name(t->collision) : "unknown"));
	if (client >= 0) {
		client_findings(tv, rep, client);
	} else if (rep->version >= 2) {
		if (tv->probeable == KS_NO)
			add_finding(tv, xasprintf("no client attaches to %s by name (see the clients table)",
						  t->name));
		else if (tv->probeable == KS_UNKNOWN)
			add_finding(tv, xasprintf("no client is known to attach to %s by name; some verdicts are unknown",
						  t->name));
	} else if (tv->probeable == KS_NO) {
		int err = 0;

		for (i = 0; i < t->n_syms; i++)
			if (t->syms[i].kprobe_err_known &&
			    t->syms[i].kprobe_err)
				err = t->syms[i].kprobe_err;
		add_finding(tv, xasprintf("cannot be probed: not in ftrace's list and register_kprobe failed (%d: %s)",
					  err, strerror(-err)));
	} else if (tv->probeable == KS_UNKNOWN) {
		add_finding(tv, xstrdup((rep->unknown & KS_UNK_FTRACE) ?
			    "probe-ability unknown: kprobe is not checked without the module, and ftrace's list was not readable" :
			    "probe-ability unknown: not in ftrace's list, and kprobe is not checked without the module"));
	} else {
		bool ftrace = false;

		for (i = 0; i < t->n_syms; i++)
			if (t->syms[i].ftrace == KS_YES)
				ftrace = true;
		if (!ftrace)
			add_finding(tv, xstrdup("not in ftrace's list (no fentry/function tracer), but a kprobe attaches"));
	}
}

/* "DepSurf: present in arm64; absent in 4.4, 4.8, ..." per source. */
static void summarise_source(struct target_verdict_s *tv, const char *source)
{
	char *present = NULL, *absent = NULL, *s;
	size_t i;

	for (i = 0; i < tv->n_rows; i++) {
		const struct off_row *r = &tv->rows[i];
		char **dst = r->present ? &present : &absent;
		const char *label = r->label ? r->label :
				    r->release ? r->release : r->path;

		if (strcmp(r->source, source))
			continue;
		s = *dst ? xasprintf("%s, %s", *dst, label) : xstrdup(label);
		free(*dst);
		*dst = s;
	}
	if (!present && !absent)
		return;
	add_finding(tv, xasprintf("%s: %s%s%s%s%s", source,
				  present ? "present in " : "",
				  present ? present : "",
				  present && absent ? "; " : "",
				  absent ? "absent in " : "",
				  absent ? absent : ""));
	free(present);
	free(absent);
}

/*
 * One finding per distinct explanation, naming every row it holds for:
 * "depsurf-page Regular/4.4, Regular/4.8: absent from vmlinux offline...".
 */
static void explained_findings(struct target_verdict_s *tv)
{
	size_t i, j, k;
	bool *done = xcalloc(tv->n_rows * CK_NR + 1, sizeof(*done));

	for (i = 0; i < tv->n_rows; i++) {
		for (k = 0; k < CK_NR; k++) {
			const struct row_check *c = &tv->rv[i].checks[k];
			char title[300], *rows;

			if (c->verdict != CV_EXPLAINED || done[i * CK_NR + k])
				continue;
			row_title(tv->rv[i].row, title, sizeof(title));
			rows = xstrdup(title);
			for (j = i + 1; j < tv->n_rows; j++) {
				const struct row_check *d;
				const struct off_row *r = tv->rv[j].row;
				char *n;

				d = &tv->rv[j].checks[k];
				if (d->verdict != CV_EXPLAINED ||
				    strcmp(d->detail, c->detail) ||
				    strcmp(r->source, tv->rv[i].row->source))
					continue;
				done[j * CK_NR + k] = true;
				row_title(r, title, sizeof(title));
				n = xasprintf("%s, %s", rows,
					      title + strlen(r->source) + 1);
				free(rows);
				rows = n;
			}
			add_finding(tv, xasprintf("%s: %s", rows, c->detail));
			free(rows);
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

static void row_findings(struct target_verdict_s *tv, const struct kver *live)
{
	const struct row_verdict *closest = NULL;
	char *selective = NULL, title[300];
	size_t i, k;

	for (i = 0; i < tv->n_rows; i++) {
		const struct row_verdict *rv = &tv->rv[i];
		const struct off_row *r = rv->row;

		row_title(r, title, sizeof(title));
		for (k = 0; k < CK_NR; k++) {
			const struct row_check *c = &rv->checks[k];

			if (c->verdict == CV_MISMATCH)
				add_finding(tv, xasprintf("MISMATCH with %s (same build): %s: %s",
							  title,
							  check_names[k],
							  c->detail));
		}
		if (r->status & DS_SELECTIVE_INLINE) {
			char *n = selective ?
				  xasprintf("%s, %s", selective, title) :
				  xstrdup(title);

			free(selective);
			selective = n;
		}
		/* the nearest version among the best-matching rows */
		if (rv->match == tv->best &&
		    (!closest ||
		     version_distance(live->version, r->version) <=
		     version_distance(live->version, closest->row->version)))
			closest = rv;
	}
	if (selective)
		add_finding(tv, xasprintf("selectively inlined in %s: a probe on the symbol misses the inlined call sites",
					  selective));
	free(selective);
	if (closest && tv->best != RM_SAME_BUILD && tv->best != RM_OTHER) {
		row_title(closest->row, title, sizeof(title));
		add_finding(tv, xasprintf("closest offline row (%s): %s: %s there",
					  row_match_name(tv->best), title,
					  closest->row->present ? "present" :
					  "absent"));
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
		struct target_verdict_s *tv = &v->targets[i];

		tv->rv = xcalloc(tv->n_rows + 1, sizeof(*tv->rv));
		tv->best = RM_OTHER;
		for (j = 0; j < tv->n_rows; j++) {
			struct row_verdict *rv = &tv->rv[j];

			rv->row = &tv->rows[j];
			rv->match = row_match(&v->live, rv->row);
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
			v->slide_detail = xasprintf("%zu of %zu same-build symbols share the slide 0x%llx; the others differ",
						    same, acc.n, slide);
		else if (rep->kaslr_known && v->slide != rep->kaslr_offset)
			v->slide_detail = xasprintf("all %zu same-build symbols share the slide 0x%llx, but kaslr_offset is 0x%llx",
						    acc.n, slide, kaslr);
		else
			v->slide_detail = xasprintf("all %zu same-build symbols share the slide 0x%llx%s",
						    acc.n, slide,
						    rep->kaslr_known ?
						    " = kaslr_offset" : "");
	}
	free(acc.slides);

	/* pass 2: the checks */
	for (i = 0; i < v->n_targets; i++) {
		struct target_verdict_s *tv = &v->targets[i];
		const struct ks_target *t = tv->live;
		struct live_facts lf;

		live_facts_get(&lf, t);
		probe_facts(tv, rep, &lf, v->client);
		for (j = 0; j < tv->n_rows; j++) {
			struct row_verdict *rv = &tv->rv[j];
			bool same = rv->match == RM_SAME_BUILD;
			size_t k;

			check_presence(rv, &lf, same);
			check_binding(rv, t, rv->pair, same);
			/*
			 * A DWARF row's symbols are the symbol table its own
			 * import also stored (a vmlinux row): checked there.
			 */
			if (!rv->row->source || strcmp(rv->row->source, "dwarf"))
				check_size(rv, t, rv->pair, same, rep->arch);
			if (same && (!rv->row->source ||
				     strcmp(rv->row->source, "dwarf")))
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
		row_findings(tv, &v->live);
		if (!rep->addrs_visible && t->present)
			add_finding(tv, xstrdup("live addresses are hidden (kptr_restrict): address checks skipped; run as root"));
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
		struct target_verdict_s *tv = &v->targets[i];

		for (j = 0; tv->rv && j < tv->n_rows; j++) {
			free(tv->rv[j].pair);
			for (k = 0; k < CK_NR; k++)
				free(tv->rv[j].checks[k].detail);
		}
		free(tv->rv);
		for (j = 0; j < tv->n_findings; j++)
			free(tv->findings[j]);
		free(tv->findings);
		off_rows_free(tv->rows, tv->n_rows);
	}
	free(v->targets);
	free(v->slide_detail);
}
