// SPDX-License-Identifier: GPL-2.0
/*
 * The report text (docs/report-format.md, version 2), rendered from the
 * results of the last walk into a buffer.  The debugfs file (report.c) only
 * copies it out.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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

static void ks_verdicts(struct ks_buf *b, const struct ks_answer *v)
{
	char ebuf[16];
	unsigned int c;

	for (c = 0; c < KS_CLIENT__COUNT; c++) {
		const struct ks_answer *x = &v[c];

		if (x->verdict == KS_VERDICT_YES)
			ks_printf(b, " attach.%s=yes", ks_client_names[c]);
		else if (x->verdict == KS_VERDICT_NO)
			ks_printf(b, " attach.%s=no:%s:%s", ks_client_names[c],
				  ks_errno_name(x->err, ebuf, sizeof(ebuf)),
				  ks_reason_names[x->reason]);
		else
			ks_printf(b, " attach.%s=unknown:%s",
				  ks_client_names[c],
				  ks_reason_names[x->reason]);
	}
}

int ks_render(struct ks_buf *b, struct ks_set *set, bool show)
{
	unsigned long kaslr, mask = show ? ~0UL : 0;
	unsigned int i, j, nsyms = 0;
	char kaslr_buf[24] = "unknown";

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

	for (i = 0; i < set->n; i++) {
		const struct ks_target *t = set->sorted[i];

		ks_printf(b, "target name=%s state=%s count=%u clones=%u collision=%s by_name=%s",
			  t->name, t->nsyms ? "present" : "absent", t->count,
			  t->clones, ks_coll_names[ks_collision(t)],
			  ks_by_name(t));
		ks_verdicts(b, t->client);
		ks_printf(b, " ftrace_sites=%u\n", t->ftrace_sites);
		for (j = 0; j < t->nsyms; j++) {
			const struct ks_sym *s = &t->syms[j];
			const char *suffix = s->name + s->base_len;
			char ftrace[24] = "-";

			if (s->ftrace_addr)
				snprintf(ftrace, sizeof(ftrace), "0x%016lx",
					 s->ftrace_addr & mask);
			ks_printf(b, "sym target=%s name=%s suffix=%s addr=0x%016lx size=%u type=%c bind=%s owner=%s sympos=%u ftrace=%s ftrace_addr=%s kprobe=%s kprobe_err=%d exported=%s ftrace_name=%s blacklisted=%s",
				  t->name, s->name, *suffix ? suffix : "-",
				  s->addr & mask, s->size, s->type,
				  ks_bind_names[s->bind],
				  s->owner[0] ? s->owner : "vmlinux",
				  s->sympos, s->ftrace_addr ? "yes" : "no",
				  ftrace, s->kprobe_err ? "no" : "yes",
				  s->kprobe_err, ks_export_names[s->exported],
				  s->ftrace_name ? s->ftrace_name : "-",
				  s->blacklisted ? "yes" : "no");
			ks_verdicts(b, s->client);
			ks_printf(b, "\n");
			nsyms++;
		}
	}
	ks_printf(b, "end targets=%u syms=%u\n", set->n, nsyms);
	return b->err;
}
