// SPDX-License-Identifier: GPL-2.0
/*
 * The report text (docs/report-format.md, version 2), rendered from the
 * results of the last walk into a buffer.  The debugfs file (report.c) only
 * copies it out.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "ksymstat.h"

/* kvrealloc() changed its arguments in 6.11; growing by hand needs no shim. */
static int ks_grow(struct ks_buf *b, size_t cap)
{
	char *buf = kvmalloc(cap, GFP_KERNEL);

	if (!buf) {
		b->err = -ENOMEM;
		return b->err;
	}
	if (b->len)
		memcpy(buf, b->buf, b->len);
	kvfree(b->buf);
	b->buf = buf;
	b->cap = cap;
	return 0;
}

static __printf(2, 3) void ks_printf(struct ks_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (b->len + n < b->cap)
			break;
		if (ks_grow(b, max(2 * b->cap, b->len + n + 1)))
			return;
	}
	b->len += n;
}

/* Give back the room a finished buffer does not use (it grew by doubling). */
void ks_buf_trim(struct ks_buf *b)
{
	if (!b->err && b->buf && b->cap - b->len > PAGE_SIZE)
		ks_grow(b, b->len + 1);	/* on failure the buffer stays as is */
	b->err = 0;
}

void ks_buf_free(struct ks_buf *b)
{
	kvfree(b->buf);
	b->buf = NULL;
	b->len = 0;
	b->cap = 0;
}

/*
 * DepSurf's collision classes by the shared rule (ks_collision_of in
 * include/ksymstat/rules.h): the exact-name symbols are the entries, or,
 * when there is none, the clones that are not .cold fragments.
 */
enum ks_coll ks_collision(const struct ks_target *t)
{
	unsigned int i, b[KS_BIND__COUNT] = { };

	for (i = 0; i < t->nsyms; i++) {
		const struct ks_sym *s = &t->syms[i];
		const char *suffix = s->name + s->base_len;

		if (t->count ? *suffix : ks_suffix_is_cold(suffix))
			continue;
		b[s->bind]++;
	}
	return ks_collision_of(b[KS_BIND_GLOBAL], b[KS_BIND_WEAK],
			       b[KS_BIND_LOCAL], b[KS_BIND_UNKNOWN]);
}

/*
 * Can a probe name the function?  Only when exactly one symbol has the
 * name; with several, the client picks one or refuses (clients.c).
 */
static const char *ks_by_name(const struct ks_target *t)
{
	if (t->count == 1)
		return "unique";
	return t->count ? "ambiguous" : "none";
}

/*
 * The records are formatted by hand, not by vsnprintf(): a report of
 * 10,000 targets has about 300,000 fields, and the format string parser
 * was most of the cost of a read once the walk's facts were kept
 * (BENCHMARKS.md).  A line is written only once ks_room() has made room
 * for the longest it can be, so the helpers below do not check.
 */
#define KS_LINE_FIXED	1024	/* a line's keys, numbers and verdicts */

static bool ks_room(struct ks_buf *b, size_t need)
{
	if (b->err)
		return false;
	if (b->cap - b->len > need)
		return true;
	return !ks_grow(b, max(2 * b->cap, b->len + need + 1));
}

static char *ks_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define ks_lit(p, s)	ks_str(p, s, sizeof(s) - 1)
#define ks_put(p, s)	({ const char *__s = (s); ks_str(p, __s, strlen(__s)); })

/* "0x%016lx" */
static char *ks_hex(char *p, unsigned long v)
{
	int i;

	*p++ = '0';
	*p++ = 'x';
	for (i = 15; i >= 0; i--) {
		p[i] = hex_asc[v & 15];
		v >>= 4;
	}
	return p + 16;
}

/* "%lu" */
static char *ks_dec(char *p, unsigned long v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* "%d" */
static char *ks_sdec(char *p, int v)
{
	if (v >= 0)
		return ks_dec(p, v);
	*p++ = '-';
	return ks_dec(p, -(long)v);
}

static char *ks_answers(char *p, const struct ks_answer *v)
{
	char ebuf[16];
	unsigned int c;

	for (c = 0; c < KS_CLIENT__COUNT; c++) {
		const struct ks_answer *x = &v[c];

		p = ks_lit(p, " attach.");
		p = ks_put(p, ks_client_names[c]);
		if (x->verdict == KS_VERDICT_YES) {
			p = ks_lit(p, "=yes");
			continue;
		}
		if (x->verdict == KS_VERDICT_NO) {
			p = ks_lit(p, "=no:");
			p = ks_put(p, ks_errno_name(x->err, ebuf,
						    sizeof(ebuf)));
			*p++ = ':';
		} else {
			p = ks_lit(p, "=unknown:");
		}
		p = ks_put(p, ks_reason_names[x->reason]);
	}
	return p;
}

/*
 * The name set_ftrace_filter knows s's site by, when it is not s's own
 * (probe.c): the kallsyms name of the record, asked again.
 */
static void ks_alias_name(const struct ks_sym *s, char *buf)
{
	char *sp;

	sprint_symbol_no_offset(buf, s->ftrace_any);
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
}

static void ks_render_sym(struct ks_buf *b, const struct ks_target *t,
			  const struct ks_sym *s, const struct ks_answer *v,
			  unsigned long mask, char *alias)
{
	const char *suffix = s->name + s->base_len;
	const char *ftrace_name = "-";
	unsigned long ftrace_addr = ks_ftrace_addr(s);
	size_t nlen = strlen(s->name);
	char *p;

	if (s->ftrace_any) {
		ftrace_name = s->name;
		if (s->ftrace_alias) {
			ks_alias_name(s, alias);
			ftrace_name = alias;
		}
	}
	if (!ks_room(b, KS_LINE_FIXED + t->len + 2 * nlen +
		     strlen(ftrace_name) + strlen(s->owner)))
		return;
	p = b->buf + b->len;
	p = ks_lit(p, "sym target=");
	p = ks_str(p, t->name, t->len);
	p = ks_lit(p, " name=");
	p = ks_str(p, s->name, nlen);
	p = ks_lit(p, " suffix=");
	p = *suffix ? ks_str(p, suffix, nlen - s->base_len) : ks_lit(p, "-");
	p = ks_lit(p, " addr=");
	p = ks_hex(p, s->addr & mask);
	p = ks_lit(p, " size=");
	p = ks_dec(p, s->size);
	p = ks_lit(p, " type=");
	*p++ = s->type;
	p = ks_lit(p, " bind=");
	p = ks_put(p, ks_bind_names[s->bind]);
	p = ks_lit(p, " owner=");
	p = s->owner[0] ? ks_put(p, s->owner) : ks_lit(p, "vmlinux");
	p = ks_lit(p, " sympos=");
	p = ks_dec(p, s->sympos);
	if (ftrace_addr) {
		p = ks_lit(p, " ftrace=yes ftrace_addr=");
		p = ks_hex(p, ftrace_addr & mask);
	} else {
		p = ks_lit(p, " ftrace=no ftrace_addr=-");
	}
	p = s->kprobe_err ? ks_lit(p, " kprobe=no kprobe_err=") :
			    ks_lit(p, " kprobe=yes kprobe_err=");
	p = ks_sdec(p, s->kprobe_err);
	p = ks_lit(p, " exported=");
	p = ks_put(p, ks_export_names[s->exported]);
	p = ks_lit(p, " ftrace_name=");
	p = ks_put(p, ftrace_name);
	p = s->blacklisted ? ks_lit(p, " blacklisted=yes") :
			     ks_lit(p, " blacklisted=no");
	p = ks_answers(p, v);
	*p++ = '\n';
	b->len = p - b->buf;
}

static void ks_render_target(struct ks_buf *b, const struct ks_target *t,
			     const struct ks_answer *v, unsigned int sites)
{
	char *p;

	if (!ks_room(b, KS_LINE_FIXED + t->len))
		return;
	p = b->buf + b->len;
	p = ks_lit(p, "target name=");
	p = ks_str(p, t->name, t->len);
	p = t->nsyms ? ks_lit(p, " state=present count=") :
		       ks_lit(p, " state=absent count=");
	p = ks_dec(p, t->count);
	p = ks_lit(p, " clones=");
	p = ks_dec(p, t->clones);
	p = ks_lit(p, " collision=");
	p = ks_put(p, ks_coll_names[ks_collision(t)]);
	p = ks_lit(p, " by_name=");
	p = ks_put(p, ks_by_name(t));
	p = ks_answers(p, v);
	p = ks_lit(p, " ftrace_sites=");
	p = ks_dec(p, sites);
	*p++ = '\n';
	b->len = p - b->buf;
}

/* A first guess at the report's size: one growth at most, usually none. */
#define KS_TARGET_BYTES	384
#define KS_SYM_BYTES	640

int ks_render(struct ks_buf *b, struct ks_set *set, bool show)
{
	unsigned long kaslr, mask = show ? ~0UL : 0;
	unsigned int i, j, nsyms = 0, most = 1, sites;
	struct ks_answer (*sv)[KS_CLIENT__COUNT];
	struct ks_answer tv[KS_CLIENT__COUNT];
	char kaslr_buf[24] = "unknown";
	char *alias;

	for (i = 0; i < set->n; i++) {
		nsyms += set->sorted[i]->nsyms;
		most = max(most, set->sorted[i]->nsyms);
	}
	sv = kvmalloc_array(most, sizeof(*sv), GFP_KERNEL);
	alias = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!sv || !alias ||
	    ks_grow(b, 4096 + (size_t)set->n * KS_TARGET_BYTES +
		    (size_t)nsyms * KS_SYM_BYTES)) {
		b->err = -ENOMEM;
		goto out;
	}
	nsyms = 0;

	if (ks_kaslr_offset(ks_state.text, &kaslr))
		snprintf(kaslr_buf, sizeof(kaslr_buf), "0x%016lx",
			 kaslr & mask);

	ks_printf(b, "ksymstat version=%d release=%s arch=%s kaslr_offset=%s symbols=%lu modules=%u walk_us=%llu lookup_us=%llu probe_us=%llu generation=%llu targets=%u kprobe_events_on_notrace=%s btf=%s livepatch=%s ftrace_entry=%s lookup=%s\n",
		  KS_FORMAT_VERSION, utsname()->release, utsname()->machine,
		  kaslr_buf, ks_state.nsymbols, ks_state.nmodules,
		  ks_state.walk_ns / 1000, ks_state.lookup_ns / 1000,
		  ks_state.probe_ns / 1000,
		  ks_state.generation, set->n,
		  IS_ENABLED(CONFIG_KPROBE_EVENTS_ON_NOTRACE) ? "yes" : "no",
		  ks_btf_state < 0 ? "unknown" : ks_btf_state ? "yes" : "no",
		  IS_ENABLED(CONFIG_LIVEPATCH) ? "yes" : "no",
		  KS_FTRACE_ENTRY_RULE, ks_state.indexed ? "index" : "walk");

	for (i = 0; i < set->n && !b->err; i++) {
		struct ks_target *t = set->sorted[i];

		sites = ks_verdicts(t, sv, tv);
		ks_render_target(b, t, tv, sites);
		for (j = 0; j < t->nsyms; j++)
			ks_render_sym(b, t, &t->syms[j], sv[j], mask, alias);
		nsyms += t->nsyms;
		if (!(i & 255))
			cond_resched();
	}
	ks_printf(b, "end targets=%u syms=%u\n", set->n, nsyms);
out:
	kfree(alias);
	kvfree(sv);
	return b->err;
}
