// SPDX-License-Identifier: GPL-2.0
/*
 * The live report: /sys/kernel/debug/ksymstat, format versions 1 to 3
 * (docs/report-format.md).  Parsed strictly: a missing header, a
 * missing or short "end" line, or a count that does not add up is a
 * truncated read; a line that does not parse is reported as file:line.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <getopt.h>
#include <string.h>

#include "live.h"

#define MAX_KV	64

struct kv {
	char *key;
	char *val;
};

struct line {
	char *kind;
	struct kv kv[MAX_KV];
	size_t n;
};

struct parser {
	const char *what;
	unsigned int version;		/* from the header */
	unsigned int lineno;
	char *err;
	size_t errlen;
};

static __printf(2, 3) int bad(struct parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%u: malformed report line: %s",
		 p->what, p->lineno, msg);
	return -EINVAL;
}

static int fail_truncated(struct parser *p, const char *why)
{
	snprintf(p->err, p->errlen, "%s: report truncated: %s", p->what, why);
	return -EPIPE;
}

/* Split "kind k=v k=v" in place. */
static int split_line(struct parser *p, char *s, struct line *l)
{
	char *tok, *save = NULL;

	l->n = 0;
	l->kind = strtok_r(s, " ", &save);
	if (!l->kind)
		return bad(p, "empty line");
	for (tok = strtok_r(NULL, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq || eq == tok)
			return bad(p, "'%s' is not key=value", tok);
		if (l->n == MAX_KV)
			return bad(p, "too many fields");
		*eq = '\0';
		l->kv[l->n].key = tok;
		l->kv[l->n].val = eq + 1;
		l->n++;
	}
	return 0;
}

static const char *get(const struct line *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->kv[i].key, key))
			return l->kv[i].val;
	return NULL;
}

static int need(struct parser *p, const struct line *l, const char *key,
		const char **val)
{
	*val = get(l, key);
	if (!*val)
		return bad(p, "%s: missing key '%s'", l->kind, key);
	return 0;
}

static int need_str(struct parser *p, const struct line *l, const char *key,
		    char **out)
{
	const char *v;
	int ret = need(p, l, key, &v);

	if (!ret)
		*out = xstrdup(v);
	return ret;
}

static int need_num(struct parser *p, const struct line *l, const char *key,
		    int base, uint64_t *out)
{
	const char *v;
	int ret = need(p, l, key, &v);

	if (ret)
		return ret;
	ret = parse_u64(v, base, out);
	if (ret == -ERANGE)
		return bad(p, "'%s=%s' is out of range (64 bits)", key, v);
	if (ret)
		return bad(p, "bad number in '%s=%s'", key, v);
	return 0;
}

/* A number that must fit max (the type the field is kept in). */
static int need_max(struct parser *p, const struct line *l, const char *key,
		    uint64_t max, uint64_t *out)
{
	int ret = need_num(p, l, key, 10, out);

	if (!ret && *out > max)
		return bad(p, "'%s=%llu' is out of range (at most %llu)", key,
			   (unsigned long long)*out,
			   (unsigned long long)max);
	return ret;
}

/* A count that must fit an unsigned int. */
static int need_uint(struct parser *p, const struct line *l, const char *key,
		     unsigned int *out)
{
	uint64_t n;
	int ret = need_max(p, l, key, UINT_MAX, &n);

	if (!ret)
		*out = n;
	return ret;
}

static int need_int(struct parser *p, const struct line *l, const char *key,
		    int *out)
{
	const char *v;
	char *end;
	long n;
	int ret = need(p, l, key, &v);

	if (ret)
		return ret;
	if (!isdigit((unsigned char)v[v[0] == '-']))
		return bad(p, "bad number in '%s=%s'", key, v);
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < INT_MIN || n > INT_MAX)
		return bad(p, "bad number in '%s=%s'", key, v);
	*out = n;
	return 0;
}

static int need_yesno(struct parser *p, const struct line *l,
		      const char *key, enum ks_tri *out)
{
	const char *v;
	int ret = need(p, l, key, &v);

	if (ret)
		return ret;
	if (!strcmp(v, "yes"))
		*out = KS_YES;
	else if (!strcmp(v, "no"))
		*out = KS_NO;
	else
		return bad(p, "'%s=%s' is neither yes nor no", key, v);
	return 0;
}

/* yes, no, or (allow_unknown) unknown */
static int need_tri(struct parser *p, const struct line *l, const char *key,
		    bool allow_unknown, enum ks_tri *out)
{
	const char *v;
	int ret = need(p, l, key, &v);

	if (ret)
		return ret;
	if (allow_unknown && !strcmp(v, "unknown")) {
		*out = KS_UNKNOWN;
		return 0;
	}
	return need_yesno(p, l, key, out);
}

/* An errno name as the module prints it: E followed by [A-Z0-9]. */
static bool errno_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n >= sizeof(((struct ks_attach *)0)->err) || s[0] != 'E')
		return false;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* attach.CLIENT=yes | no:ERRNO:REASON | unknown:REASON, for every client */
static int parse_attach(struct parser *p, const struct line *l,
			struct ks_attach *attach)
{
	char key[48];
	unsigned int c;
	int r;

	for (c = 0; c < KS_CLIENT__COUNT; c++) {
		struct ks_attach *a = &attach[c];
		const char *v, *colon, *reason;
		int ret;

		snprintf(key, sizeof(key), "attach.%s", ks_client_names[c]);
		ret = need(p, l, key, &v);
		if (ret)
			return ret;
		a->known = true;
		if (!strcmp(v, "yes")) {
			a->verdict = KS_VERDICT_YES;
			continue;
		}
		if (!strncmp(v, "no:", 3)) {
			a->verdict = KS_VERDICT_NO;
			colon = strchr(v + 3, ':');
			if (!colon || !errno_name_ok(v + 3, colon - (v + 3)))
				return bad(p, "'%s=%s': expected no:ERRNO:REASON with an errno name such as EINVAL",
					   key, v);
			memcpy(a->err, v + 3, colon - (v + 3));
			reason = colon + 1;
		} else if (!strncmp(v, "unknown:", 8)) {
			a->verdict = KS_VERDICT_UNKNOWN;
			reason = v + 8;
		} else {
			return bad(p, "'%s=%s' is not yes, no:ERRNO:REASON or unknown:REASON",
				   key, v);
		}
		r = ks_name_index(ks_reason_names, KS_REASON__COUNT, reason);
		if (r <= KS_REASON_NONE)
			return bad(p, "'%s=%s': unknown reason '%s'", key, v,
				   reason);
		a->reason = r;
	}
	return 0;
}

/* build_id=HEX (lowercase, whole bytes) or none (*out NULL) */
static int need_build_id(struct parser *p, const struct line *l,
			 char **out)
{
	const char *v;
	int ret = need(p, l, "build_id", &v);

	if (ret)
		return ret;
	if (!strcmp(v, "none"))
		return 0;
	if (!build_id_valid(v))
		return bad(p, "'build_id=%s' is neither none nor lowercase hex of whole bytes (at most %d)",
			   v, KS_BUILD_ID_MAX);
	*out = xstrdup(v);
	return 0;
}

static int parse_header(struct parser *p, const struct line *l,
			struct ks_report *rep, uint64_t *ntargets)
{
	const struct {
		const char *key;
		long long *val;
	} counts[] = {
		{ "symbols", &rep->symbols },
		{ "modules", &rep->modules },
		{ "walk_us", &rep->walk_us },
		{ "generation", &rep->generation },
	};
	const char *v;
	uint64_t n;
	size_t i;
	int ret;

	if (strcmp(l->kind, "ksymstat"))
		return bad(p, "expected the 'ksymstat' header line, got '%s'",
			   l->kind);
	ret = need_num(p, l, "version", 10, &n);
	if (ret)
		return ret;
	if (n < KS_REPORT_VERSION_MIN || n > KS_REPORT_VERSION) {
		snprintf(p->err, p->errlen,
			 "%s: report format version %llu is not supported (this ksymstat reads versions %d to %d)",
			 p->what, (unsigned long long)n, KS_REPORT_VERSION_MIN,
			 KS_REPORT_VERSION);
		return -EPROTO;
	}
	rep->version = n;
	ret = need_str(p, l, "release", &rep->release);
	if (!ret)
		ret = need_str(p, l, "arch", &rep->machine);
	if (!ret)
		ret = need(p, l, "kaslr_offset", &v);
	if (ret)
		return ret;
	rep->arch = arch_normalise(rep->machine);
	if (strcmp(v, "unknown")) {
		ret = need_num(p, l, "kaslr_offset", 16, &rep->kaslr_offset);
		if (ret)
			return ret;
		rep->kaslr_known = true;
	} else {
		rep->unknown |= KS_UNK_KASLR;
	}
	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		ret = need_max(p, l, counts[i].key, LLONG_MAX, &n);
		if (ret)
			return ret;
		*counts[i].val = n;
	}
	ret = need_max(p, l, "targets", UINT_MAX, ntargets);
	if (ret || rep->version < 2)
		return ret;
	ret = need_tri(p, l, "kprobe_events_on_notrace", false,
		       &rep->on_notrace);
	if (!ret)
		ret = need_tri(p, l, "btf", true, &rep->btf);
	if (!ret)
		ret = need_tri(p, l, "livepatch", false, &rep->livepatch);
	if (!ret)
		ret = need_str(p, l, "ftrace_entry", &rep->ftrace_entry);
	if (!ret && rep->version >= 3)
		ret = need_build_id(p, l, &rep->build_id);
	return ret;
}

/*
 * A version 3 "module" line: name=MODULE build_id=HEX|none, after the
 * header and before the first target, sorted by name, each once.
 */
static int parse_module(struct parser *p, const struct line *l,
			struct ks_report *rep, size_t *cap)
{
	struct ks_module_id *m;
	const char *name;
	int ret;

	if (p->version < 3)
		return 0;	/* not a record of that version: ignored */
	if (rep->n_targets)
		return bad(p, "a module line after the first target");
	ret = need(p, l, "name", &name);
	if (ret)
		return ret;
	if (rep->n_mods && strcmp(rep->mods[rep->n_mods - 1].name, name) >= 0)
		return bad(p, "module %s after %s: module lines are sorted by name, each once",
			   name, rep->mods[rep->n_mods - 1].name);
	rep->mods = array_grow(rep->mods, cap, rep->n_mods,
			       sizeof(*rep->mods));
	m = &rep->mods[rep->n_mods++];
	m->name = xstrdup(name);
	m->build_id = NULL;
	return need_build_id(p, l, &m->build_id);
}

static int parse_target(struct parser *p, const struct line *l,
			struct ks_target *t)
{
	const char *v;
	uint64_t n;
	int ret;

	ret = need_str(p, l, "name", &t->name);
	if (!ret)
		ret = need(p, l, "state", &v);
	if (ret)
		return ret;
	if (!strcmp(v, "present"))
		t->present = true;
	else if (strcmp(v, "absent"))
		return bad(p, "unknown state '%s'", v);
	ret = need_uint(p, l, "count", &t->count);
	if (!ret)
		ret = need_uint(p, l, "clones", &t->clones);
	if (!ret)
		ret = need(p, l, "collision", &v);
	if (ret)
		return ret;
	t->collision = coll_parse(v);
	if (t->collision == KS_COLL_UNKNOWN && strcmp(v, "unknown"))
		return bad(p, "unknown collision '%s'", v);
	t->ftrace_sites = -1;
	if (p->version < 2)
		return 0;
	ret = need_max(p, l, "ftrace_sites", LLONG_MAX, &n);
	if (ret)
		return ret;
	t->ftrace_sites = n;
	return parse_attach(p, l, t->attach);
}

static int parse_export(struct parser *p, const struct line *l,
			enum ks_export *out)
{
	const char *v;
	int ret = need(p, l, "exported", &v);

	if (ret)
		return ret;
	ret = ks_name_index(ks_export_names, KS_EXPORT__COUNT, v);
	if (ret < 0)
		return bad(p, "unknown exported '%s'", v);
	*out = ret;
	return 0;
}

static int parse_sym(struct parser *p, const struct line *l,
		     struct ks_sym *s)
{
	const char *v;
	int ret;

	ret = need_str(p, l, "name", &s->name);
	if (!ret)
		ret = need(p, l, "suffix", &v);
	if (ret)
		return ret;
	s->suffix = strcmp(v, "-") ? xstrdup(v) : NULL;
	ret = need_num(p, l, "addr", 16, &s->addr);
	if (!ret)
		ret = need_num(p, l, "size", 10, &s->size);
	if (ret)
		return ret;
	s->size_known = true;
	ret = need(p, l, "type", &v);
	if (ret)
		return ret;
	if (strlen(v) != 1)
		return bad(p, "bad type letter '%s'", v);
	s->type = v[0];
	ret = need(p, l, "bind", &v);
	if (ret)
		return ret;
	s->bind = bind_parse(v);
	if (s->bind == KS_BIND_UNKNOWN && strcmp(v, "unknown"))
		return bad(p, "unknown bind '%s'", v);
	ret = need_str(p, l, "owner", &s->owner);
	if (!ret)
		ret = need_uint(p, l, "sympos", &s->sympos);
	if (!ret)
		ret = need_yesno(p, l, "ftrace", &s->ftrace);
	if (!ret)
		ret = need(p, l, "ftrace_addr", &v);
	if (ret)
		return ret;
	s->ftrace_addr_known = true;
	if (strcmp(v, "-"))
		ret = need_num(p, l, "ftrace_addr", 16, &s->ftrace_addr);
	if (ret)
		return ret;
	ret = need_yesno(p, l, "kprobe", &s->kprobe);
	if (!ret)
		ret = need_int(p, l, "kprobe_err", &s->kprobe_err);
	if (ret)
		return ret;
	s->kprobe_err_known = true;
	s->blacklisted = KS_UNKNOWN;
	ret = parse_export(p, l, &s->exported);
	if (ret || p->version < 2)
		return ret;
	ret = need(p, l, "ftrace_name", &v);
	if (ret)
		return ret;
	s->ftrace_name = strcmp(v, "-") ? xstrdup(v) : NULL;
	ret = need_tri(p, l, "blacklisted", false, &s->blacklisted);
	if (!ret)
		ret = parse_attach(p, l, s->attach);
	return ret;
}

/* A sym's name is its target's name plus its suffix, a clone chain. */
static int check_sym_name(struct parser *p, const struct ks_target *t,
			  const struct ks_sym *s)
{
	size_t n = strlen(t->name);

	if (strncmp(s->name, t->name, n) ||
	    strcmp(s->name + n, s->suffix ? s->suffix : ""))
		return bad(p, "sym name=%s suffix=%s is not target %s plus that suffix",
			   s->name, s->suffix ? s->suffix : "-", t->name);
	if (s->suffix && !ks_suffix_chain(s->suffix))
		return bad(p, "suffix=%s of %s is not a compiler clone suffix (docs/rules.md)",
			   s->suffix, s->name);
	return 0;
}

/*
 * The bytes of a line: fields separated by single spaces, nothing else
 * below 0x20 (a tab, a CR), no leading or trailing space.  Bytes from
 * 0x80 are left to the fields (a name is the kernel's, not necessarily
 * UTF-8).
 */
static int check_bytes(struct parser *p, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t i;

	for (i = 0; c[i]; i++)
		if (c[i] != ' ' && !isspace(c[i]))
			break;
	if (!c[i])
		return bad(p, i ? "a line of white space only" : "empty line");
	if (c[0] == ' ')
		return bad(p, "a space at the start of the line");
	for (i = 0; c[i]; i++) {
		if (c[i] < 0x20 || c[i] == 0x7f)
			return bad(p, "a control byte 0x%02x (fields are separated by single spaces)",
				   c[i]);
		if (c[i] == ' ' && (c[i + 1] == ' ' || !c[i + 1]))
			return bad(p, "%s (fields are separated by single spaces)",
				   c[i + 1] ? "two spaces" :
				   "a space at the end of the line");
	}
	return 0;
}

/*
 * A sym line must not repeat one of its target: the same name, owner,
 * sympos and address (hidden addresses are all zero, sympos tells those
 * apart).
 */
static int check_sym_unique(struct parser *p, const struct ks_target *t)
{
	const struct ks_sym *s = &t->syms[t->n_syms - 1];
	size_t i;

	for (i = 0; i + 1 < t->n_syms; i++)
		if (t->syms[i].sympos == s->sympos &&
		    t->syms[i].addr == s->addr &&
		    !strcmp(t->syms[i].name, s->name) &&
		    !strcmp(t->syms[i].owner, s->owner))
			return bad(p, "a second sym line for %s owner=%s sympos=%u addr=0x%016llx",
				   s->name, s->owner, s->sympos,
				   (unsigned long long)s->addr);
	return 0;
}

/*
 * At the end of a target block: its count, clones and state are what its
 * sym lines say.  lineno is the target line's.
 */
static int check_target_counts(struct parser *p, const struct ks_target *t,
			       unsigned int lineno)
{
	unsigned int exact = 0, clones = 0, here = p->lineno;
	size_t i;
	int ret = 0;

	for (i = 0; i < t->n_syms; i++) {
		if (t->syms[i].suffix)
			clones++;
		else
			exact++;
	}
	p->lineno = lineno;
	if (t->count != exact || t->clones != clones)
		ret = bad(p, "target %s has count=%u clones=%u but its sym lines give %u and %u",
			  t->name, t->count, t->clones, exact, clones);
	else if (t->present != (t->n_syms > 0))
		ret = bad(p, "target %s is %s with %zu sym lines", t->name,
			  t->present ? "present" : "absent", t->n_syms);
	p->lineno = here;
	return ret;
}

/* Targets come once each, sorted by name (byte order). */
static int check_target_order(struct parser *p, const struct ks_report *rep)
{
	const struct ks_target *t = &rep->targets[rep->n_targets - 1];
	int c;

	if (rep->n_targets < 2)
		return 0;
	c = strcmp(t[-1].name, t->name);
	if (!c)
		return bad(p, "a second target block for %s", t->name);
	if (c > 0)
		return bad(p, "target %s after %s: targets are sorted by name",
			   t->name, t[-1].name);
	return 0;
}

/*
 * Version 3: each module owning a sym has its module line, and each
 * module line an owner.
 */
static int check_module_lines(struct parser *p, const struct ks_report *rep)
{
	size_t i, j, k;
	bool *used;
	int ret = 0;

	if (p->version < 3)
		return 0;
	used = xcalloc(rep->n_mods + 1, sizeof(*used));
	for (i = 0; i < rep->n_targets && !ret; i++) {
		const struct ks_target *t = &rep->targets[i];

		for (j = 0; j < t->n_syms && !ret; j++) {
			const char *o = t->syms[j].owner;

			if (!strcmp(o, "vmlinux"))
				continue;
			for (k = 0; k < rep->n_mods; k++)
				if (!strcmp(rep->mods[k].name, o))
					break;
			if (k == rep->n_mods)
				ret = bad(p, "no module line for %s, the owner of %s",
					  o, t->syms[j].name);
			used[k] = true;
		}
	}
	for (k = 0; k < rep->n_mods && !ret; k++)
		if (!used[k])
			ret = bad(p, "module line for %s, which owns no sym",
				  rep->mods[k].name);
	free(used);
	return ret;
}

int report_parse_buf(const char *buf, size_t len, const char *what,
		     struct ks_report **out, char *err, size_t errlen)
{
	struct parser p = { .what = what, .err = err, .errlen = errlen };
	struct ks_report *rep = xcalloc(1, sizeof(*rep));
	const char *nul = memchr(buf, '\0', len);
	size_t cap_t = 0, cap_s = 0, cap_m = 0, nsyms = 0;
	struct ks_target *cur = NULL;
	unsigned int cur_line = 0;
	uint64_t ntargets = 0;
	char *copy, *s, *nl;
	bool ended = false;
	int ret = 0;

	rep->path = xstrdup(what);
	rep->origin = "module";
	rep->addrs_visible = false;
	copy = xstrndup(buf, nul ? (size_t)(nul - buf) : len);
	s = copy;

	if (!len) {
		ret = fail_truncated(&p, "the file is empty");
		goto out;
	}
	if (nul) {
		const char *c;

		p.lineno = 1;
		for (c = buf; c < nul; c++)
			p.lineno += *c == '\n';
		ret = bad(&p, "a NUL byte (a report is text)");
		goto out;
	}
	while (*s) {
		struct ks_sym *sym;
		struct line l;

		p.lineno++;
		if (ended) {
			ret = bad(&p, "text after the 'end' line");
			goto out;
		}
		nl = strchr(s, '\n');
		if (!nl) {
			ret = fail_truncated(&p, "the last line has no newline");
			goto out;
		}
		*nl = '\0';
		ret = check_bytes(&p, s);
		if (!ret)
			ret = split_line(&p, s, &l);
		if (ret)
			goto out;
		if (p.lineno == 1) {
			ret = parse_header(&p, &l, rep, &ntargets);
			p.version = rep->version;
		} else if (!strcmp(l.kind, "ksymstat")) {
			ret = bad(&p, "a second 'ksymstat' header line");
		} else if (!strcmp(l.kind, "target")) {
			if (cur)
				ret = check_target_counts(&p, cur, cur_line);
			if (ret)
				goto out;
			rep->targets = array_grow(rep->targets, &cap_t,
						  rep->n_targets,
						  sizeof(*rep->targets));
			cur = &rep->targets[rep->n_targets++];
			cur_line = p.lineno;
			cap_s = 0;
			ret = parse_target(&p, &l, cur);
			if (!ret)
				ret = check_target_order(&p, rep);
		} else if (!strcmp(l.kind, "module")) {
			ret = parse_module(&p, &l, rep, &cap_m);
		} else if (!strcmp(l.kind, "sym")) {
			const char *t = get(&l, "target");

			if (!cur || !t || strcmp(t, cur->name)) {
				ret = bad(&p, "sym of target '%s' outside its target block",
					  t ? t : "?");
				goto out;
			}
			cur->syms = array_grow(cur->syms, &cap_s, cur->n_syms,
					       sizeof(*cur->syms));
			sym = &cur->syms[cur->n_syms++];
			ret = parse_sym(&p, &l, sym);
			if (!ret)
				ret = check_sym_name(&p, cur, sym);
			if (!ret)
				ret = check_sym_unique(&p, cur);
			if (sym->addr)
				rep->addrs_visible = true;
			nsyms++;
		} else if (!strcmp(l.kind, "end")) {
			uint64_t et, es;
			char why[160];

			ret = need_num(&p, &l, "targets", 10, &et);
			if (!ret)
				ret = need_num(&p, &l, "syms", 10, &es);
			if (ret)
				goto out;
			if (et != rep->n_targets || es != nsyms ||
			    ntargets != rep->n_targets) {
				snprintf(why, sizeof(why),
					 "counts do not add up (header targets=%llu, end targets=%llu syms=%llu, read %zu targets and %zu syms)",
					 (unsigned long long)ntargets,
					 (unsigned long long)et,
					 (unsigned long long)es,
					 rep->n_targets, nsyms);
				ret = fail_truncated(&p, why);
				goto out;
			}
			if (cur)
				ret = check_target_counts(&p, cur, cur_line);
			if (!ret)
				ret = check_module_lines(&p, rep);
			ended = true;
		}
		/* other record kinds: newer writers, ignored */
		if (ret)
			goto out;
		s = nl + 1;
	}
	if (!ended) {
		char why[96];

		snprintf(why, sizeof(why), "no 'end' line after %u lines",
			 p.lineno);
		ret = fail_truncated(&p, why);
	}
out:
	free(copy);
	if (ret) {
		report_free(rep);
		return ret;
	}
	/* the module masks kaslr_offset like the addresses */
	if (!rep->addrs_visible && rep->kaslr_known && !rep->kaslr_offset) {
		rep->kaslr_known = false;
		rep->unknown |= KS_UNK_KASLR;
	}
	*out = rep;
	return 0;
}

/* Is debugfs mounted on /sys/kernel/debug? */
static bool debugfs_mounted(void)
{
	char *buf, *line, *save = NULL;
	bool found = false;
	size_t len;

	if (read_file("/proc/mounts", &buf, &len))
		return false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char dev[256], dir[256], type[64];

		if (sscanf(line, "%255s %255s %63s", dev, dir, type) == 3 &&
		    !strcmp(dir, "/sys/kernel/debug") &&
		    !strcmp(type, "debugfs"))
			found = true;
	}
	free(buf);
	return found;
}

int report_parse_file(const char *path, struct ks_report **out,
		      char *err, size_t errlen)
{
	bool debugfs = !strncmp(path, "/sys/kernel/debug/", 18);
	size_t len;
	char *buf;
	int ret;

	/* a missing or unreadable report gets the messages below */
	ret = input_check(NULL, path, false, err, errlen);
	if (ret && ret != -ENOENT && ret != -EACCES && ret != -EPERM)
		return ret;
	ret = read_file(path, &buf, &len);
	if (ret == -ENOENT && debugfs) {
		if (!debugfs_mounted())
			snprintf(err, errlen,
				 "cannot read the live report %s: debugfs is not mounted on /sys/kernel/debug (mount -t debugfs none /sys/kernel/debug), or use --kallsyms",
				 path);
		else
			snprintf(err, errlen,
				 "cannot read the live report %s: the ksymstat module is not loaded (debugfs is mounted); load it, or use --kallsyms",
				 path);
		return ret;
	}
	if (ret == -EACCES || ret == -EPERM) {
		snprintf(err, errlen,
			 "cannot read the live report %s: permission denied; the report is readable by root only (run ksymstat as root)",
			 path);
		return ret;
	}
	if (ret) {
		snprintf(err, errlen, "cannot read the live report %s: %s",
			 path, strerror(-ret));
		return ret;
	}
	ret = report_parse_buf(buf, len, path, out, err, errlen);
	free(buf);
	return ret;
}

const struct ks_target *report_target(const struct ks_report *rep,
				      const char *name)
{
	size_t i;

	for (i = 0; i < rep->n_targets; i++)
		if (!strcmp(rep->targets[i].name, name))
			return &rep->targets[i];
	return NULL;
}

void report_target_free(struct ks_target *t)
{
	size_t j;

	for (j = 0; j < t->n_syms; j++) {
		free(t->syms[j].name);
		free(t->syms[j].suffix);
		free(t->syms[j].owner);
		free(t->syms[j].ftrace_name);
	}
	free(t->syms);
	free(t->name);
}

void report_free(struct ks_report *rep)
{
	size_t i;

	if (!rep)
		return;
	for (i = 0; i < rep->n_targets; i++)
		report_target_free(&rep->targets[i]);
	free(rep->targets);
	free(rep->path);
	free(rep->ftrace_path);
	free(rep->release);
	free(rep->machine);
	free(rep->ftrace_entry);
	free(rep->build_id);
	for (i = 0; i < rep->n_mods; i++) {
		free(rep->mods[i].name);
		free(rep->mods[i].build_id);
	}
	free(rep->mods);
	free(rep);
}
