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
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <bpf/btf.h>

#include "ksymstat.h"
#include "bpf.h"

#define MAX_PAGES	64
#define MAX_BTF		8

/* The live sources read when no saved report is given. */
#define LIVE_BTF	"/sys/kernel/btf/vmlinux"
#define LIVE_SYMBOLS	"/proc/kallsyms"
#define LIVE_ERRINJ	"/sys/kernel/debug/error_injection/list"
static const char *const live_events[] = {
	"/sys/kernel/tracing/available_events",
	"/sys/kernel/debug/tracing/available_events",
};

enum {
	OPT_BTF = 0x200,
	OPT_EVENTS,
	OPT_SYMBOLS,
	OPT_ERRINJ,
	OPT_TARGETS,
};

struct bpf_args {
	const char *file;
	const char *live;
	const char *db;
	const char *btf;
	const char *btf_others[MAX_BTF];
	size_t n_btf_others;
	const char *events;
	const char *symbols;
	const char *errinj;
	const char *pages[MAX_PAGES];
	size_t n_pages;
	bool targets;
	bool markdown;
};

/* A sorted list of names read from a file. */
struct names {
	char *text;
	char **v;
	size_t n;
};

/* Everything the checks read. */
struct sources {
	struct bpf_live *live;
	struct btf *btf;
	struct btf *others[MAX_BTF];
	struct names events;
	bool have_events;
	struct names symbols;
	bool have_symbols;
	struct names errinj;
	bool have_errinj;
	struct ks_store *stores[2];
	struct kver kv;
	const char *release;		/* of the live kernel, or NULL */
};

const char *bpf_sev_name(enum bpf_sev s)
{
	static const char *const n[] = {
		[BS_OK] = "ok", [BS_NOTE] = "note", [BS_DEGRADED] = "degraded",
		[BS_UNKNOWN] = "unknown", [BS_FAIL] = "fail",
	};

	return n[s];
}

const char *bpf_status_words(enum bpf_sev s)
{
	static const char *const n[] = {
		[BS_OK] = "runs on this host",
		[BS_NOTE] = "runs on this host",
		[BS_DEGRADED] = "runs degraded",
		[BS_UNKNOWN] = "cannot tell",
		[BS_FAIL] = "fails to load or attach",
	};

	return n[s];
}

const char *bpf_kind_name(enum bpf_hook_kind k)
{
	static const char *const n[] = {
		[BH_KPROBE] = "kprobe", [BH_FENTRY] = "fentry",
		[BH_MULTI] = "kprobe_multi", [BH_TRACEPOINT] = "tracepoint",
		[BH_RAW_TP] = "raw_tracepoint", [BH_RUNTIME] = "runtime",
		[BH_NOT_CHECKED] = "not_checked",
	};

	return n[k];
}

void usage_bpf_check(FILE *f)
{
	fputs("Usage: ksymstat bpf check OBJ [--live FILE] [--btf FILE]...\n"
	      "                          [--events FILE] [--symbols FILE]\n"
	      "                          [--error-injection FILE]\n"
	      "                          [--db FILE] [--page FILE|DIR]...\n"
	      "                          [-j | -p | --markdown | --targets]\n"
	      "  OBJ        a BPF object, or a binary embedding libbpf skeletons\n"
	      "  --live     a saved report (default: the module's report, and the\n"
	      "             running kernel's BTF, event list and kallsyms)\n"
	      "  --btf      the kernel's BTF: raw (/sys/kernel/btf/vmlinux) or an\n"
	      "             ELF with a .BTF section (a -dbg vmlinux), of the\n"
	      "             report's arch and release; again: other builds, whose\n"
	      "             CO-RE misses are notes\n"
	      "  --events   tracefs available_events of that kernel\n"
	      "  --symbols  its /proc/kallsyms (or function names), to expand\n"
	      "             kprobe.multi globs\n"
	      "  --error-injection  its error_injection/list (debugfs), for fmod_ret\n"
	      "  --db, --page  offline rows of the functions the hooks need\n"
	      "  --targets  print the kernel functions the hooks need, once each,\n"
	      "             one a line (to write to /sys/kernel/debug/ksymstat),\n"
	      "             and stop\n"
	      "  -j, --json JSON, compact;  -p, --pretty  JSON, indented\n"
	      "\n"
	      "\"ksymstat check --bpf OBJ ...\" is the same command under its old\n"
	      "name, kept for one version (see CHANGELOG.md).\n"
	      "\n"
	      "Exit: 0 every program runs, 1 one fails, runs degraded or\n"
	      "cannot be told, 2 usage or system error.\n", f);
}

/*
 * The options of bpf check, for getopt and for the command table (main.c);
 * --db, -j and -p are main.c's global options.
 */
const struct option ks_bpf_check_opts[] = {
	{ "live", required_argument, NULL, OPT_LIVE },
	{ "page", required_argument, NULL, OPT_PAGE },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "symbols", required_argument, NULL, OPT_SYMBOLS },
	{ "error-injection", required_argument, NULL, OPT_ERRINJ },
	{ "targets", no_argument, NULL, OPT_TARGETS },
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct ks_ctx *ctx, int argc, char **argv,
		      struct bpf_args *a)
{
	int c;

	optind = 1;
	opterr = 0;
	a->db = ctx->db;
	while ((c = getopt_long(argc, argv, "h", ks_bpf_check_opts,
				 NULL)) != -1) {
		switch (c) {
		case OPT_LIVE:
			a->live = optarg;
			break;
		case OPT_PAGE:
			if (a->n_pages == MAX_PAGES) {
				p_err(ctx, "too many --page (at most %d)",
				      MAX_PAGES);
				return -1;
			}
			a->pages[a->n_pages++] = optarg;
			break;
		case OPT_BTF:
			if (!a->btf) {
				a->btf = optarg;
				break;
			}
			if (a->n_btf_others == MAX_BTF) {
				p_err(ctx, "too many --btf (at most %d)",
				      MAX_BTF + 1);
				return -1;
			}
			a->btf_others[a->n_btf_others++] = optarg;
			break;
		case OPT_EVENTS:
			a->events = optarg;
			break;
		case OPT_SYMBOLS:
			a->symbols = optarg;
			break;
		case OPT_ERRINJ:
			a->errinj = optarg;
			break;
		case OPT_TARGETS:
			a->targets = true;
			break;
		case OPT_MARKDOWN:
			a->markdown = true;
			break;
		case 'h':
			usage_bpf_check(stdout);
			return 1;
		default:
			p_bad_option(ctx, "bpf check", argv[optind - 1]);
			return -1;
		}
	}
	if (optind == argc) {
		p_err(ctx, "bpf check needs the OBJ to check (see ksymstat help bpf check)");
		return -1;
	}
	a->file = argv[optind];
	if (optind + 1 < argc) {
		p_err(ctx, "bpf check takes one OBJ and no FUNC ('%s'): the hooks come from the object",
		      argv[optind + 1]);
		return -1;
	}
	if (ctx->json + a->markdown + a->targets > 1) {
		p_err(ctx, "give one of --json, --markdown, --targets");
		return -1;
	}
	return 0;
}

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
			if (w[1][0] != 't' && w[1][0] != 'T')
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

/* libbpf's arch_specific_syscall_pfx(), by Debian arch name. */
const char *syscall_prefix(const char *arch)
{
	static const struct {
		const char *arch, *pfx;
	} t[] = {
		{ "amd64", "x64" }, { "i386", "ia32" }, { "arm64", "arm64" },
		{ "armhf", "arm" }, { "armel", "arm" }, { "s390x", "s390x" },
		{ "riscv64", "riscv" }, { "ppc64el", "powerpc64" },
		{ "mips64el", "mips" },
	};
	size_t i;

	for (i = 0; arch && i < ARRAY_SIZE(t); i++)
		if (!strcmp(arch, t[i].arch))
			return t[i].pfx;
	return NULL;
}

/* ksyscall and kprobe.multi name their functions from the live kernel. */
static void resolve_funcs(struct bpf_run *run, struct sources *s)
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
						p->target,
						"the syscall wrapper name of arch '%s' is not known",
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
					"no kernel symbol list to expand the glob over (give --symbols)");
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
					"the glob matches no kernel function (libbpf fails with ENOENT)");
		}
	}
}

static void func_offline(struct bpf_func *f, enum bpf_sev sev,
			 const char *fmt, ...)
	__printf(3, 4);

static void func_offline(struct bpf_func *f, enum bpf_sev sev,
			 const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	f->offline = xrealloc(f->offline,
			      (f->n_offline + 1) * sizeof(*f->offline));
	f->offline_sev = xrealloc(f->offline_sev, (f->n_offline + 1) *
				  sizeof(*f->offline_sev));
	f->offline[f->n_offline] = xstrdup(buf);
	f->offline_sev[f->n_offline++] = sev;
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

/* The kernel version of a row: DepSurf's Regular rows carry it as label. */
static unsigned int row_version(const struct off_row *r)
{
	if (r->version && *r->version)
		return vnum(r->version);
	if (r->grp && !strcmp(r->grp, "Regular"))
		return vnum(r->label);
	return 0;
}

static const char *row_label(const struct off_row *r)
{
	return r->label ? r->label : r->release ? r->release : "?";
}

/* Rows with status bit `bit`: "in N of M DepSurf builds (a, b, c, ...)". */
static char *rows_words(const struct off_row *rows, size_t n, size_t total,
			unsigned int bit, const struct off_row *close1,
			const struct off_row *close2, const char *release,
			bool *close)
{
	char list[256] = "";
	size_t i, k = 0, len = 0;

	*close = false;
	for (i = 0; i < n; i++) {
		if (!rows[i].have_func || !(rows[i].status & bit))
			continue;
		*close |= &rows[i] == close1 || &rows[i] == close2 ||
			  (release && rows[i].release &&
			   !strcmp(rows[i].release, release));
		if (k++ < 6)
			len += snprintf(list + len, sizeof(list) - len, "%s%s",
					len ? ", " : "", row_label(&rows[i]));
	}
	if (!k)
		return NULL;
	return xasprintf("in %zu of %zu offline builds (%s%s)", k, total,
			 list, k > 6 ? ", ..." : "");
}

/*
 * Offline rows of one function.  The rows closest to this kernel (the
 * Regular row of the newest version not above the live one, the Arch row
 * of the live arch, and a row of this very release such as its DWARF
 * import) count toward the status; the others are notes.
 * A live fact wins over the rows: clones are counted live.
 */
static void offline_func(struct bpf_func *f, struct sources *s, char *err,
			 size_t errlen, int *ret)
{
	unsigned int live_v = vnum(s->kv.version), best_v = 0;
	const struct off_row *closest = NULL, *arch_row = NULL;
	const struct off_row *older = NULL, *since = NULL;
	struct off_row *rows = NULL;
	size_t n = 0, i, st, total = 0;
	int clones = bpf_live_clones(s->live, f->name);
	bool close;
	char *w;

	for (st = 0; st < 2; st++) {
		if (s->stores[st] && store_query(s->stores[st], f->name,
						 &rows, &n, err, errlen)) {
			*ret = -EIO;
			off_rows_free(rows, n);
			return;
		}
	}
	for (i = 0; i < n; i++) {
		const struct off_row *r = &rows[i];
		unsigned int v = row_version(r);

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
	w = rows_words(rows, n, total, 1, closest, arch_row,
			s->release, &close);
	if (w)
		func_offline(f, BS_NOTE, "absent %s", w);
	free(w);
	w = rows_words(rows, n, total, 2, closest, arch_row,
			s->release, &close);
	if (w)
		func_offline(f, BS_NOTE, "fully inlined %s", w);
	free(w);
	w = rows_words(rows, n, total, 4, closest, arch_row,
			s->release, &close);
	if (w)
		func_offline(f, close ? BS_DEGRADED : BS_NOTE,
			     "selectively inlined %s: calls inlined into callers are not seen",
			     w);
	free(w);
	w = rows_words(rows, n, total, 8, closest, arch_row,
			s->release, &close);
	if (w && clones > 0)
		func_offline(f, BS_DEGRADED,
			     "renamed by the compiler %s, and has %d clone%s here: calls to a clone are not seen by name",
			     w, clones, clones == 1 ? "" : "s");
	else if (w)
		func_offline(f, BS_NOTE, "renamed by the compiler %s%s", w,
			     clones == 0 ? " (no clone here)" : "");
	free(w);
	/* the newest change of prototype along the Regular rows */
	for (i = 0; i < n; i++) {
		const struct off_row *r = &rows[i], *prev = NULL;
		size_t j;

		if (!r->have_func || !r->prototype || !r->grp ||
		    strcmp(r->grp, "Regular"))
			continue;
		for (j = 0; j < n; j++) {
			const struct off_row *q = &rows[j];

			if (q->have_func && q->prototype && q->grp &&
			    !strcmp(q->grp, "Regular") &&
			    row_version(q) < row_version(r) &&
			    (!prev || row_version(q) > row_version(prev)))
				prev = q;
		}
		if (prev && strcmp(prev->prototype, r->prototype) &&
		    (!since || row_version(r) > row_version(since))) {
			since = r;
			older = prev;
		}
	}
	if (since)
		func_offline(f, BS_DEGRADED,
			     "prototype changed in %s (before: %.*s; since: %.*s)",
			     row_label(since),
			     (int)strcspn(older->prototype, ";"),
			     older->prototype,
			     (int)strcspn(since->prototype, ";"),
			     since->prototype);
	off_rows_free(rows, n);
}

static enum bpf_sev sev_of(const struct bpf_client_v *v)
{
	const char *n = bpf_verdict_name(v->verdict);

	if (!strcmp(n, "yes"))
		return BS_OK;
	if (!strcmp(n, "no"))
		return BS_FAIL;
	return BS_UNKNOWN;
}

static void check_tracepoint(struct bpf_prog *p, struct sources *s)
{
	const char *name = p->target;
	char ev[512];
	bool found = false;
	size_t i;

	if (p->kind == BH_TRACEPOINT) {
		const char *slash = strchr(name, '/');

		if (!slash) {
			bpf_prog_add_finding(p, BS_FAIL, name,
				"'%s' is not category/name (libbpf refuses it)",
				name);
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
		bpf_prog_add_finding(p, BS_UNKNOWN, ev,
			"no event list to look the tracepoint up in (give --events)");
	else if (!found)
		bpf_prog_add_finding(p, BS_FAIL, ev,
			"no tracepoint %s in the kernel's events", ev);
	if (!strcmp(p->family, "tp_btf") && s->btf) {
		char *t = xasprintf("btf_trace_%s", name);

		if (btf__find_by_name_kind(s->btf, t, BTF_KIND_TYPEDEF) < 0)
			bpf_prog_add_finding(p, BS_FAIL, name,
				"no %s in the kernel BTF: tp_btf cannot attach",
				t);
		free(t);
	}
}

/*
 * fmod_ret may only modify the return of a function on the error-injection
 * list or of a security_ hook (kernel/bpf/verifier.c,
 * check_attach_modify_return()); the verifier refuses others with EINVAL.
 */
static void check_fmod_ret(struct bpf_prog *p, struct sources *s)
{
	const char *fn = p->funcs[0].name;

	if (!strncmp(fn, "security_", 9))
		return;
	if (!s->have_errinj)
		bpf_prog_add_finding(p, BS_UNKNOWN, fn,
			"fmod_ret needs %s on the error-injection list (give --error-injection)",
			fn);
	else if (!names_has(&s->errinj, fn))
		bpf_prog_add_finding(p, BS_FAIL, fn,
			"fmod_ret: %s is not on the error-injection list nor a security_ hook (the verifier refuses it: EINVAL)",
			fn);
}

/*
 * A kprobe offset must fall on an instruction boundary, or
 * register_kprobe() refuses it (x86: EILSEQ).  arm64 instructions are
 * 4 bytes, so a multiple of 4 is one; elsewhere it cannot be told here.
 */
static void check_offset(struct bpf_prog *p, struct sources *s)
{
	if (!strcmp(s->kv.arch, "arm64") && !(p->offset % 4))
		return;
	bpf_prog_add_finding(p, BS_UNKNOWN, p->target,
		"offset +0x%lx: whether it is an instruction boundary of %s is not checked (register_kprobe() refuses it with EILSEQ when not)",
		p->offset, p->target);
}

static int check_prog(struct bpf_prog *p, struct sources *s, char *err,
		      size_t errlen)
{
	int fentry = bpf_client_id("fentry");
	size_t i;
	int ret = 0;

	if (p->kind == BH_TRACEPOINT || p->kind == BH_RAW_TP)
		check_tracepoint(p, s);
	for (i = 0; i < p->n_funcs && !ret; i++) {
		struct bpf_func *f = &p->funcs[i];

		bpf_live_verdict(s->live, f->name, f->client, &f->v);
		f->sev = sev_of(&f->v);
		if (f->client == fentry && s->btf &&
		    btf__find_by_name_kind(s->btf, f->name, BTF_KIND_FUNC) < 0) {
			func_offline(f, BS_FAIL,
				     "no BTF function %s in the kernel BTF: trampolines cannot attach",
				     f->name);
		}
		offline_func(f, s, err, errlen, &ret);
	}
	if (p->family && !strncmp(p->family, "fmod_ret", 8) && p->n_funcs)
		check_fmod_ret(p, s);
	if (p->has_offset && p->offset)
		check_offset(p, s);
	return ret;
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
		char what[512];

		if (r->sev == BS_OK || r->sev == BS_UNKNOWN)
			continue;
		snprintf(what, sizeof(what), "%s%s%s", r->type,
			 r->access[0] ? "." : "", r->access);
		if (r->btf) {
			for (j = 0; j < o->n_progs; j++)
				if (!strcmp(o->progs[j].name, r->prog))
					bpf_prog_add_finding(&o->progs[j],
						BS_NOTE, what,
						"CO-RE %s %s: %s in the BTF of %s",
						r->kind, what, r->detail,
						r->btf);
			continue;
		}
		for (j = 0; j < o->n_progs; j++) {
			if (strcmp(o->progs[j].name, r->prog))
				continue;
			bpf_prog_add_finding(&o->progs[j], r->sev, what,
				"CO-RE %s %s: %s%s", r->kind, what, r->detail,
				r->sev == BS_NOTE ? r->guard ?
				" (an existence check: the program takes its other path)" :
				" (the program checks this type's fields: the verifier drops the branch not taken)" :
				r->sev == BS_FAIL ?
				" (libbpf poisons the instruction: the verifier rejects the program if it is reachable)" : "");
		}
	}
	for (j = 0; j < o->n_progs; j++) {
		unchecked = 0;
		for (i = 0; i < o->n_core; i++)
			unchecked += o->core[i].sev == BS_UNKNOWN &&
				     !strcmp(o->progs[j].name, o->core[i].prog);
		if (unchecked)
			bpf_prog_add_finding(&o->progs[j], BS_UNKNOWN, "CO-RE",
				"%zu CO-RE relocation%s not checked: no kernel BTF (give --btf)",
				unchecked, unchecked == 1 ? "" : "s");
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
	struct bpf_object_ks tmp = { .name = o->name };
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
		free(r->detail);
	}
	free(tmp.core);
	return ret;
}

static int open_sources(const struct bpf_args *a, struct bpf_run *run,
			struct sources *s, char *err, size_t errlen)
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
	if (a->db) {
		ret = store_open(a->db, true, &s->stores[0], err, errlen);
		if (ret)
			return ret;
		run->offline = true;
	}
	return 0;
}

/* --page FILE|DIR: the pages of the functions the hooks need. */
static int import_pages(const struct bpf_args *a, struct bpf_run *run,
			struct sources *s, char *err, size_t errlen)
{
	struct import_stats stats;
	size_t i, j, k, l;
	int ret;

	if (!a->n_pages)
		return 0;
	ret = store_open(NULL, false, &s->stores[1], err, errlen);
	if (!ret)
		ret = store_begin(s->stores[1], err, errlen);
	for (i = 0; !ret && i < a->n_pages; i++) {
		struct stat sb;

		memset(&stats, 0, sizeof(stats));
		if (stat(a->pages[i], &sb) || !S_ISDIR(sb.st_mode)) {
			ret = import_source(s->stores[1], a->pages[i], "page",
					    NULL, &stats, err, errlen);
			continue;
		}
		for (j = 0; !ret && j < run->n_objs; j++)
			for (k = 0; !ret && k < run->objs[j].n_progs; k++) {
				struct bpf_prog *p = &run->objs[j].progs[k];

				for (l = 0; !ret && l < p->n_funcs; l++) {
					char path[4096];

					if (page_find(a->pages[i],
						      p->funcs[l].name, path,
						      sizeof(path)))
						continue;
					ret = page_import_file(s->stores[1],
							       path, &stats,
							       err, errlen);
				}
			}
	}
	if (!ret)
		ret = store_commit(s->stores[1], err, errlen);
	run->offline = true;
	return ret;
}

static void sources_free(struct sources *s)
{
	size_t i;

	bpf_live_free(s->live);
	btf__free(s->btf);
	for (i = 0; i < MAX_BTF; i++)
		btf__free(s->others[i]);
	names_free(&s->events);
	names_free(&s->symbols);
	names_free(&s->errinj);
	store_close(s->stores[0]);
	store_close(s->stores[1]);
}

/* Each function the hooks need, once, in the order first met. */
static void print_targets(const struct bpf_run *run)
{
	const char **seen = NULL;
	size_t i, j, k, m, n = 0, cap = 0;

	for (i = 0; i < run->n_objs; i++)
		for (j = 0; j < run->objs[i].n_progs; j++)
			for (k = 0; k < run->objs[i].progs[j].n_funcs; k++) {
				const char *name =
					run->objs[i].progs[j].funcs[k].name;

				for (m = 0; m < n; m++)
					if (!strcmp(seen[m], name))
						break;
				if (m < n)
					continue;
				seen = array_grow(seen, &cap, n,
						  sizeof(*seen));
				seen[n++] = name;
				printf("%s\n", name);
			}
	free(seen);
}

int cmd_bpf_check(const struct ks_ctx *ctx, int argc, char **argv)
{
	struct bpf_args a = { 0 };
	struct sources s = { 0 };
	struct bpf_run run = { 0 };
	char err[KS_ERRLEN];
	size_t i, j;
	int ret;

	ret = parse_args(ctx, argc, argv, &a);
	if (ret)
		return ret > 0 ? KS_EXIT_OK : KS_EXIT_ERROR;
	ret = bpf_read_file(a.file, &run, err, sizeof(err));
	if (ret)
		goto fail;
	ret = open_sources(&a, &run, &s, err, sizeof(err));
	if (ret)
		goto fail;
	resolve_funcs(&run, &s);
	if (a.targets) {
		print_targets(&run);
		goto out;
	}
	ret = import_pages(&a, &run, &s, err, sizeof(err));
	if (ret)
		goto fail;
	run.status = BS_OK;
	for (i = 0; i < run.n_objs; i++) {
		struct bpf_object_ks *o = &run.objs[i];

		ret = bpf_core_check(o, run.buf + o->offset, o->size, s.btf,
				     err, sizeof(err));
		for (j = 0; !ret && j < a.n_btf_others; j++)
			ret = core_other(o, run.buf + o->offset, o->size,
					 s.others[j], a.btf_others[j], err,
					 sizeof(err));
		if (ret)
			goto fail;
		o->status = BS_OK;
		for (j = 0; j < o->n_progs; j++) {
			ret = check_prog(&o->progs[j], &s, err, sizeof(err));
			if (ret)
				goto fail;
		}
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
		if (o->status > run.status)
			run.status = o->status;
	}
	if (a.markdown)
		bpf_out_markdown(stdout, &run);
	else if (ctx->json)
		bpf_out_json(stdout, &run, ks_json_flags(ctx));
	else
		bpf_out_text(stdout, &run);
out:
	ret = run.status == BS_OK ? KS_EXIT_OK : KS_EXIT_MISMATCH;
	sources_free(&s);
	bpf_run_free(&run);
	return ret;
fail:
	p_err(ctx, "%s", err);
	sources_free(&s);
	bpf_run_free(&run);
	return KS_EXIT_ERROR;
}
