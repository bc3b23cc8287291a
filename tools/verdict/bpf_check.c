// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat bpf check OBJ: will this BPF program load and attach here,
 * and what will it miss?  Every hook gets the verdict of the client that
 * attaches it (the live report's per-client fields), tracepoints are
 * looked up in the kernel's event list, offline rows add what other
 * builds do to the same functions, and CO-RE relocations are set against
 * the kernel's BTF.  docs/bpf.md gives every rule.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/btf.h>

#include "verdict.h"

/* The live sources read when no saved report is given. */
#define LIVE_BTF	"/sys/kernel/btf/vmlinux"
#define LIVE_SYMBOLS	"/proc/kallsyms"
#define LIVE_ERRINJ	"/sys/kernel/debug/error_injection/list"
static const char *const live_events[] = {
	"/sys/kernel/tracing/available_events",
	"/sys/kernel/debug/tracing/available_events",
};

/* A sorted list of names read from a file. */
struct names {
	char *text;
	char **v;
	size_t n;
};

/* Everything the checks read. */
struct bpf_sources {
	struct bpf_live *live;
	struct btf *btf;
	struct btf *others[MAX_BTF];
	struct names events;
	bool have_events;
	struct names symbols;
	bool have_symbols;
	struct names errinj;
	bool have_errinj;
	const struct off_funcs *rows;	/* read by the offline layer */
	struct kver kv;
	const char *release;		/* of the live kernel, or NULL */
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read names, one a line: the first word, or for /proc/kallsyms lines
 * ("ADDR TYPE NAME [MOD]") the third, text symbols only.
 */
static int names_read(const char *path, struct names *nm, bool kallsyms_ok,
		      char *err, size_t errlen)
{
	size_t cap = 0, len;
	char *line, *next;
	int ret;

	memset(nm, 0, sizeof(*nm));
	ret = read_input(path, &nm->text, &len, err, errlen);
	if (ret)
		return ret;
	for (line = nm->text; line && *line; line = next) {
		char *w[3], *tok, *save = NULL;
		int nw = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (tok = strtok_r(line, " \t", &save); tok && nw < 3;
		     tok = strtok_r(NULL, " \t", &save))
			w[nw++] = tok;
		if (!nw)
			continue;
		if (kallsyms_ok && nw == 3 && strlen(w[1]) == 1) {
			if (ks_text_of_letter(w[1][0]) != KS_TEXT_YES)
				continue;
			w[0] = w[2];
		}
		nm->v = array_grow(nm->v, &cap, nm->n, sizeof(*nm->v));
		nm->v[nm->n++] = w[0];
	}
	qsort(nm->v, nm->n, sizeof(*nm->v), cmp_str);
	return 0;
}

static bool names_has(const struct names *nm, const char *name)
{
	return bsearch(&name, nm->v, nm->n, sizeof(*nm->v), cmp_str);
}

static void names_free(struct names *nm)
{
	free(nm->v);
	free(nm->text);
}

/* ksyscall and kprobe.multi name their functions from the live kernel. */
static void resolve_funcs(struct bpf_run *run, struct bpf_sources *s)
{
	int multi = bpf_client_id("kprobe_multi");
	int kev = bpf_client_id("kprobe_event");
	const char *pfx = syscall_prefix(run->arch);
	size_t i, j, k;

	for (i = 0; i < run->n_objs; i++) {
		for (j = 0; j < run->objs[i].n_progs; j++) {
			struct bpf_prog *p = &run->objs[i].progs[j];

			if (p->kind == BH_KPROBE && !p->n_funcs) {
				char *fn;

				if (!pfx) {
					bpf_prog_add_finding(p, BS_UNKNOWN,
						p->target, KF_BPF_SYSCALL_ARCH,
						run->arch ? run->arch : "?");
					continue;
				}
				fn = xasprintf("__%s_sys_%s", pfx, p->target);
				bpf_prog_add_func(p, fn, kev);
				free(fn);
			}
			if (p->kind != BH_MULTI)
				continue;
			if (!s->have_symbols) {
				bpf_prog_add_finding(p, BS_UNKNOWN, p->target,
					KF_BPF_GLOB_NO_SYMBOLS, p->target);
				continue;
			}
			for (k = 0; k < s->symbols.n; k++) {
				const char *n = s->symbols.v[k];

				if (k && !strcmp(n, s->symbols.v[k - 1]))
					continue;
				if (!fnmatch(p->target, n, 0))
					bpf_prog_add_func(p, n, multi);
			}
			if (!p->n_funcs)
				bpf_prog_add_finding(p, BS_FAIL, p->target,
					KF_BPF_GLOB_NO_MATCH, p->target);
		}
	}
}

/* An offline finding of f: after code, its arguments (findings_add()). */
static void func_offline(struct bpf_func *f, enum bpf_sev sev,
			 enum ks_fcode code, ...)
{
	va_list ap;

	f->offline_sev = xrealloc(f->offline_sev, (f->offline.n + 1) *
				  sizeof(*f->offline_sev));
	f->offline_sev[f->offline.n] = sev;
	va_start(ap, code);
	findings_vadd(&f->offline, code, ap);
	va_end(ap);
	if (sev > f->sev)
		f->sev = sev;
}

static unsigned int vnum(const char *v)
{
	unsigned int a = 0, b = 0;

	if (!v || sscanf(v, "%u.%u", &a, &b) < 1)
		return 0;
	return a * 1000 + b;
}

static const char *row_label(const struct off_row *r)
{
	return r->label ? r->label : r->release ? r->release : "?";
}

/* The labels of the rows with status bit `bit` (none: NULL, *k = 0). */
static const char **rows_with(const struct off_row *rows, size_t n,
			      unsigned int bit, const struct off_row *close1,
			      const struct off_row *close2,
			      const char *release, size_t *k, bool *close)
{
	const char **labels = xcalloc(n + 1, sizeof(*labels));
	size_t i;

	*close = false;
	*k = 0;
	for (i = 0; i < n; i++) {
		if (!rows[i].have_func || !(rows[i].status & bit))
			continue;
		*close |= &rows[i] == close1 || &rows[i] == close2 ||
			  (release && rows[i].release &&
			   !strcmp(rows[i].release, release));
		labels[(*k)++] = row_label(&rows[i]);
	}
	if (*k)
		return labels;
	free(labels);
	return NULL;
}

/*
 * Offline rows of one function.  The rows closest to this kernel (the
 * Regular row of the newest version not above the live one, the Arch row
 * of the live arch, and a row of this very release such as its DWARF
 * import) count toward the status; the others are notes.
 * A live fact wins over the rows: clones are counted live.
 */
static void offline_func(struct bpf_func *f, struct bpf_sources *s)
{
	unsigned int live_v = vnum(s->kv.version), best_v = 0;
	const struct off_row *closest = NULL, *arch_row = NULL;
	const struct off_row *older = NULL, *since = NULL;
	const struct off_func_rows *fr = s->rows ?
					 off_funcs_get(s->rows, f->name) : NULL;
	const struct off_row *rows = fr ? fr->rows : NULL;
	size_t n = fr ? fr->n_rows : 0, i, total = 0;
	int clones = bpf_live_clones(s->live, f->name);
	const char **w;
	size_t k;
	bool close;

	for (i = 0; i < n; i++) {
		const struct off_row *r = &rows[i];
		unsigned int v = off_row_version(r);

		if (!r->have_func)
			continue;
		total++;
		if (r->grp && !strcmp(r->grp, "Regular") &&
		    (!live_v || v <= live_v) && v >= best_v) {
			best_v = v;
			closest = r;
		}
		if (r->grp && !strcmp(r->grp, "Arch") && r->label &&
		    s->kv.arch[0] && !strcmp(r->label, s->kv.arch))
			arch_row = r;
	}
	w = rows_with(rows, n, 1, closest, arch_row, s->release, &k, &close);
	if (w)
		func_offline(f, BS_NOTE, KF_BPF_ROWS_ABSENT, (long long)k,
			     (long long)total, w, k);
	free(w);
	w = rows_with(rows, n, 2, closest, arch_row, s->release, &k, &close);
	if (w)
		func_offline(f, BS_NOTE, KF_BPF_ROWS_INLINED, (long long)k,
			     (long long)total, w, k);
	free(w);
	w = rows_with(rows, n, 4, closest, arch_row, s->release, &k, &close);
	if (w)
		func_offline(f, close ? BS_DEGRADED : BS_NOTE,
			     KF_BPF_ROWS_SELECTIVE, (long long)k,
			     (long long)total, w, k);
	free(w);
	w = rows_with(rows, n, 8, closest, arch_row, s->release, &k, &close);
	if (w && clones > 0)
		func_offline(f, BS_DEGRADED, KF_BPF_ROWS_RENAMED_CLONES,
			     (long long)k, (long long)total, w, k,
			     (long long)clones);
	else if (w)
		func_offline(f, BS_NOTE, clones == 0 ?
			     KF_BPF_ROWS_RENAMED_NO_CLONE : KF_BPF_ROWS_RENAMED,
			     (long long)k, (long long)total, w, k);
	free(w);
	/* the newest change of prototype along the Regular rows */
	for (i = 0; i < n; i++) {
		const struct off_row *r = &rows[i], *prev;

		if (!r->have_func || !r->prototype || !r->grp ||
		    strcmp(r->grp, "Regular"))
			continue;
		prev = off_row_before(rows, n, r);
		if (prev && strcmp(prev->prototype, r->prototype) &&
		    (!since || off_row_version(r) > off_row_version(since))) {
			since = r;
			older = prev;
		}
	}
	if (since) {
		char *before = xstrndup(older->prototype,
					strcspn(older->prototype, ";"));
		char *after = xstrndup(since->prototype,
				       strcspn(since->prototype, ";"));

		func_offline(f, BS_DEGRADED, KF_BPF_PROTOTYPE_CHANGED,
			     row_label(since), before, after);
		free(before);
		free(after);
	}
}

static enum bpf_sev sev_of(const struct bpf_client_v *v)
{
	if (v->verdict == KS_VERDICT_YES)
		return BS_OK;
	if (v->verdict == KS_VERDICT_NO)
		return BS_FAIL;
	return BS_UNKNOWN;
}

static void check_tracepoint(struct bpf_prog *p, struct bpf_sources *s)
{
	const char *name = p->target;
	char ev[512];
	bool found = false;
	size_t i;

	if (p->kind == BH_TRACEPOINT) {
		const char *slash = strchr(name, '/');

		if (!slash) {
			bpf_prog_add_finding(p, BS_FAIL, name,
					     KF_BPF_TP_NOT_CATEGORY, name);
			return;
		}
		snprintf(ev, sizeof(ev), "%.*s:%s", (int)(slash - name), name,
			 slash + 1);
		if (s->have_events)
			found = names_has(&s->events, ev);
	} else {
		snprintf(ev, sizeof(ev), "%s", name);
		for (i = 0; s->have_events && !found && i < s->events.n; i++) {
			const char *c = strchr(s->events.v[i], ':');

			found = c && !strcmp(c + 1, name);
		}
	}
	if (!s->have_events)
		bpf_prog_add_finding(p, BS_UNKNOWN, ev, KF_BPF_NO_EVENT_LIST,
				     ev);
	else if (!found)
		bpf_prog_add_finding(p, BS_FAIL, ev, KF_BPF_NO_TRACEPOINT, ev);
	if (!strcmp(p->family, "tp_btf") && s->btf) {
		char *t = xasprintf("btf_trace_%s", name);

		if (btf__find_by_name_kind(s->btf, t, BTF_KIND_TYPEDEF) < 0)
			bpf_prog_add_finding(p, BS_FAIL, name,
					     KF_BPF_NO_BTF_TRACE, name);
		free(t);
	}
}

/*
 * fmod_ret may only modify the return of a function on the error-injection
 * list or of a security_ hook (kernel/bpf/verifier.c,
 * check_attach_modify_return()); the verifier refuses others with EINVAL.
 */
static void check_fmod_ret(struct bpf_prog *p, struct bpf_sources *s)
{
	const char *fn = p->funcs[0].name;

	if (!strncmp(fn, "security_", 9))
		return;
	if (!s->have_errinj)
		bpf_prog_add_finding(p, BS_UNKNOWN, fn,
				     KF_BPF_FMOD_RET_NO_LIST, fn);
	else if (!names_has(&s->errinj, fn))
		bpf_prog_add_finding(p, BS_FAIL, fn,
				     KF_BPF_FMOD_RET_REFUSED, fn);
}

/*
 * A kprobe offset must fall on an instruction boundary, or
 * register_kprobe() refuses it (x86: EILSEQ).  arm64 instructions are
 * 4 bytes, so a multiple of 4 is one; elsewhere it cannot be told here.
 */
static void check_offset(struct bpf_prog *p, struct bpf_sources *s)
{
	if (!strcmp(s->kv.arch, "arm64") && !(p->offset % 4))
		return;
	bpf_prog_add_finding(p, BS_UNKNOWN, p->target, KF_BPF_OFFSET_UNCHECKED,
			     (long long)p->offset, p->target);
}

static void check_prog(struct bpf_prog *p, struct bpf_sources *s)
{
	int fentry = bpf_client_id("fentry");
	size_t i;

	if (p->kind == BH_TRACEPOINT || p->kind == BH_RAW_TP)
		check_tracepoint(p, s);
	for (i = 0; i < p->n_funcs; i++) {
		struct bpf_func *f = &p->funcs[i];

		bpf_live_verdict(s->live, f->name, f->client, &f->v);
		f->sev = sev_of(&f->v);
		if (f->client == fentry && s->btf &&
		    btf__find_by_name_kind(s->btf, f->name, BTF_KIND_FUNC) < 0) {
			func_offline(f, BS_FAIL, KF_BPF_NO_BTF_FUNC, f->name);
		}
		offline_func(f, s);
	}
	if (p->family && !strncmp(p->family, "fmod_ret", 8) && p->n_funcs)
		check_fmod_ret(p, s);
	if (p->has_offset && p->offset)
		check_offset(p, s);
}

static enum bpf_sev prog_status(struct bpf_prog *p)
{
	enum bpf_sev st = BS_OK;
	size_t i;

	for (i = 0; i < p->n_funcs; i++)
		if (p->funcs[i].sev > st)
			st = p->funcs[i].sev;
	for (i = 0; i < p->n_findings; i++)
		if (p->findings[i].sev > st)
			st = p->findings[i].sev;
	if (st == BS_NOTE)
		st = BS_OK;
	return st;
}

/*
 * CO-RE findings go to the program that holds the relocation; relocations
 * that could not be checked make one finding per program.
 */
static void core_to_progs(struct bpf_object_ks *o)
{
	size_t i, j, unchecked;

	for (i = 0; i < o->n_core; i++) {
		struct bpf_core_rel *r = &o->core[i];
		enum ks_fcode code = r->btf ? KF_BPF_CORE_OTHER_BTF :
				     r->syscall_ctx ? KF_BPF_CORE_SYSCALL_CTX :
				     r->sev == BS_FAIL ? KF_BPF_CORE_POISONED :
				     r->guard ? KF_BPF_CORE_GUARDED :
				     KF_BPF_CORE_BRANCH;
		char what[512];

		if (r->sev == BS_OK || (r->sev == BS_UNKNOWN && !r->syscall_ctx))
			continue;
		snprintf(what, sizeof(what), "%s%s%s", r->type,
			 r->access[0] ? "." : "", r->access);
		for (j = 0; j < o->n_progs; j++) {
			struct ks_findings detail;

			if (strcmp(o->progs[j].name, r->prog))
				continue;
			findings_copy(&detail, &r->detail);
			bpf_prog_add_finding(&o->progs[j],
					     r->btf ? BS_NOTE : r->sev, what,
					     code, r->kind, what, &detail,
					     r->btf);
			findings_free(&detail);
		}
	}
	for (j = 0; j < o->n_progs; j++) {
		unchecked = 0;
		for (i = 0; i < o->n_core; i++)
			unchecked += o->core[i].sev == BS_UNKNOWN &&
				     !o->core[i].syscall_ctx &&
				     !strcmp(o->progs[j].name, o->core[i].prog);
		if (unchecked)
			bpf_prog_add_finding(&o->progs[j], BS_UNKNOWN, "CO-RE",
					     KF_BPF_CORE_UNCHECKED,
					     (long long)unchecked);
	}
}

/*
 * CO-RE against another build's BTF: what does not match there becomes a
 * note (the program would fail or take its other path on that build).
 */
static int core_other(struct bpf_object_ks *o, const unsigned char *img,
		      size_t len, const struct btf *btf, const char *path,
		      char *err, size_t errlen)
{
	struct bpf_object_ks tmp = { .name = o->name, .progs = o->progs,
				     .n_progs = o->n_progs };
	size_t i;
	int ret;

	ret = bpf_core_check(&tmp, img, len, btf, err, errlen);
	for (i = 0; i < tmp.n_core; i++) {
		struct bpf_core_rel *r = &tmp.core[i];

		if (!ret && r->sev != BS_OK && !r->guard) {
			o->core = xrealloc(o->core,
					   (o->n_core + 1) * sizeof(*o->core));
			o->core[o->n_core] = *r;
			o->core[o->n_core].sev = BS_NOTE;
			o->core[o->n_core++].btf = path;
			continue;
		}
		free(r->prog);
		free(r->type);
		free(r->access);
		findings_free(&r->detail);
	}
	free(tmp.core);
	return ret;
}

static int open_sources(const struct bpf_args *a, struct bpf_run *run,
			struct bpf_sources *s, char *err, size_t errlen)
{
	bool live = !a->live;
	const char *btf = a->btf ? a->btf : live ? LIVE_BTF : NULL;
	const char *syms = a->symbols ? a->symbols :
			   live ? LIVE_SYMBOLS : NULL;
	const char *rep = a->live ? a->live : getenv("KSYMSTAT_REPORT");
	struct utsname u;
	char msg[128];
	size_t i;
	int ret;

	if (!rep || !*rep)
		rep = KS_DEFAULT_REPORT;
	ret = bpf_live_open(rep, a->live != NULL, &s->live, err, errlen);
	if (ret)
		return ret;
	if (s->live) {
		run->report = a->live ? a->live : rep;
		run->report_version = bpf_live_version(s->live);
	}
	if (s->live && bpf_live_release(s->live))
		run->release = xstrdup(bpf_live_release(s->live));
	if (s->live && bpf_live_arch(s->live))
		run->arch = xstrdup(arch_normalise(bpf_live_arch(s->live)));
	if (!run->release && live && !uname(&u)) {
		run->release = xstrdup(u.release);
		run->arch = xstrdup(arch_normalise(u.machine));
	}
	kver_parse(run->release, run->arch, &s->kv);
	s->release = run->release;

	if (btf) {
		if (a->btf) {
			ret = input_check("--btf", btf, false, err, errlen);
			if (ret)
				return ret;
		}
		s->btf = btf__parse(btf, NULL);
		if (!s->btf && (a->btf || errno != ENOENT)) {
			snprintf(err, errlen,
				 "cannot read BTF from %s: %s (give raw BTF or an ELF file with a .BTF section)",
				 btf, libbpf_errstr(errno, msg, sizeof(msg)));
			return -EINVAL;
		}
		if (s->btf)
			run->btf_path = btf;
		/* the report's kernel: a --btf of another is refused */
		if (s->btf && a->btf && s->live) {
			ret = bpf_btf_same_kernel(btf, s->btf, run->arch,
						  run->release, err, errlen);
			if (ret)
				return ret;
		}
	}
	for (i = 0; i < a->n_btf_others; i++) {
		ret = input_check("--btf", a->btf_others[i], false, err,
				  errlen);
		if (ret)
			return ret;
		s->others[i] = btf__parse(a->btf_others[i], NULL);
		if (!s->others[i]) {
			snprintf(err, errlen,
				 "cannot read BTF from %s: %s (give raw BTF or an ELF file with a .BTF section)",
				 a->btf_others[i],
				 libbpf_errstr(errno, msg, sizeof(msg)));
			return -EINVAL;
		}
	}
	run->btf_others = (const char **)a->btf_others;
	run->n_btf_others = a->n_btf_others;
	if (a->events) {
		ret = names_read(a->events, &s->events, false, err, errlen);
		if (ret)
			return ret;
		s->have_events = true;
		run->events_path = a->events;
	}
	for (i = 0; live && !s->have_events && i < ARRAY_SIZE(live_events);
	     i++) {
		if (names_read(live_events[i], &s->events, false, err,
			       errlen))
			continue;
		s->have_events = true;
		run->events_path = live_events[i];
	}
	if (syms) {
		ret = names_read(syms, &s->symbols, true, err, errlen);
		if (ret && a->symbols)
			return ret;
		s->have_symbols = !ret;
		if (!ret)
			run->symbols_path = syms;
	}
	if (a->errinj || live) {
		ret = names_read(a->errinj ? a->errinj : LIVE_ERRINJ,
				 &s->errinj, false, err, errlen);
		if (ret && a->errinj)
			return ret;
		s->have_errinj = !ret;
	}
	return 0;
}

void bpf_sources_free(struct bpf_sources *s)
{
	size_t i;

	if (!s)
		return;
	bpf_live_free(s->live);
	btf__free(s->btf);
	for (i = 0; i < MAX_BTF; i++)
		btf__free(s->others[i]);
	names_free(&s->events);
	names_free(&s->symbols);
	names_free(&s->errinj);
	free(s);
}

/*
 * Read a->file into run and open the sources a names but the offline ones
 * (the command reads those: off_funcs_read()); name the functions the
 * hooks need.  Returns 0, or -errno with a message in err; run and *out
 * are the caller's to free (bpf_run_free, bpf_sources_free) either way.
 */
int bpf_check_open(const struct bpf_args *a, struct bpf_run *run,
		   struct bpf_sources **out, char *err, size_t errlen)
{
	struct bpf_sources *s = xcalloc(1, sizeof(*s));
	int ret;

	*out = s;
	ret = bpf_read_file(a->file, run, err, errlen);
	if (!ret)
		ret = open_sources(a, run, s, err, errlen);
	if (!ret)
		resolve_funcs(run, s);
	return ret;
}

/*
 * Give every program and object of run its status, from the sources
 * bpf_check_open() opened and rows, the offline rows of the functions the
 * hooks need (NULL: none given).  Returns 0, or -errno with a message in
 * err.
 */
int bpf_check_verdict(const struct bpf_args *a, struct bpf_run *run,
		      struct bpf_sources *s, const struct off_funcs *rows,
		      char *err, size_t errlen)
{
	size_t i, j;
	int ret;

	s->rows = rows;
	run->status = BS_OK;
	for (i = 0; i < run->n_objs; i++) {
		struct bpf_object_ks *o = &run->objs[i];

		ret = bpf_core_check(o, run->buf + o->offset, o->size, s->btf,
				     err, errlen);
		for (j = 0; !ret && j < a->n_btf_others; j++)
			ret = core_other(o, run->buf + o->offset, o->size,
					 s->others[j], a->btf_others[j], err,
					 errlen);
		if (ret)
			return ret;
		o->status = BS_OK;
		for (j = 0; j < o->n_progs; j++)
			check_prog(&o->progs[j], s);
		core_to_progs(o);
		for (j = 0; j < o->n_progs; j++) {
			o->progs[j].status = prog_status(&o->progs[j]);
			if (o->progs[j].status > o->status)
				o->status = o->progs[j].status;
		}
		for (j = 0; j < o->n_core; j++)
			if (o->core[j].sev != BS_NOTE &&
			    o->core[j].sev > o->status)
				o->status = o->core[j].sev;
		if (o->status > run->status)
			run->status = o->status;
	}
	return 0;
}
