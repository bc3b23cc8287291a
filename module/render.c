// SPDX-License-Identifier: GPL-2.0
/*
 * The report text (docs/report-format.md, version 3), rendered from the
 * results of the last walk into a buffer.  The debugfs file (report.c) only
 * copies it out.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <linux/uaccess.h>

#include "ksymstat.h"

/*
 * The report is kept in pages, each full but the last: no contiguous
 * buffer to guess the size of, grow, copy and trim (kvmalloc() rounds a
 * 7.5 MB buffer up to 8 MB of huge pages besides, VM_ALLOW_HUGE_VMAP since
 * 5.18).  A line is written in place when the last page has room for the
 * longest it can be, else into b->line first, then copied in.
 */
#define KS_PAGE		PAGE_SIZE
#define KS_LINE_FIXED	1024	/* a line's keys, numbers and verdicts */
/* a sym line: its target, name, suffix, ftrace name and owner besides */
#define KS_LINE_MAX	(KS_LINE_FIXED + 4 * KSYM_NAME_LEN + MODULE_NAME_LEN)

static int ks_buf_init(struct ks_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->line = kmalloc(KS_LINE_MAX, GFP_KERNEL);
	if (!b->line)
		b->err = -ENOMEM;
	return b->err;
}

/* A new last page, when the last one is full. */
static int ks_buf_page(struct ks_buf *b)
{
	if (b->len % KS_PAGE || b->len / KS_PAGE != b->npages)
		return 0;
	if (b->npages == b->pcap) {
		unsigned int cap = b->pcap ? 2 * b->pcap : 64;
		char **pages = kvmalloc_array(cap, sizeof(*pages), GFP_KERNEL);

		if (!pages)
			return -ENOMEM;
		if (b->npages)
			memcpy(pages, b->pages, b->npages * sizeof(*pages));
		kvfree(b->pages);
		b->pages = pages;
		b->pcap = cap;
	}
	b->pages[b->npages] = kmalloc(KS_PAGE, GFP_KERNEL);
	if (!b->pages[b->npages])
		return -ENOMEM;
	b->npages++;
	return 0;
}

static void ks_emit(struct ks_buf *b, const char *s, size_t n)
{
	size_t off, k;

	while (n && !b->err) {
		b->err = ks_buf_page(b);
		if (b->err)
			return;
		off = b->len % KS_PAGE;
		k = min_t(size_t, n, KS_PAGE - off);
		memcpy(b->pages[b->len / KS_PAGE] + off, s, k);
		b->len += k;
		s += k;
		n -= k;
	}
}

static __printf(2, 3) void ks_printf(struct ks_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->line, KS_LINE_MAX, fmt, ap);
	va_end(ap);
	ks_emit(b, b->line, min_t(size_t, n, KS_LINE_MAX - 1));
}

/* Done: the line is not needed any more. */
void ks_buf_trim(struct ks_buf *b)
{
	kfree(b->line);
	b->line = NULL;
	b->err = 0;
}

void ks_buf_free(struct ks_buf *b)
{
	unsigned int i;

	for (i = 0; i < b->npages; i++)
		kfree(b->pages[i]);
	kvfree(b->pages);
	kfree(b->line);
	memset(b, 0, sizeof(*b));
}

/* read(): simple_read_from_buffer() over the pages. */
ssize_t ks_buf_read(const struct ks_buf *b, char __user *ubuf, size_t count,
		    loff_t *ppos)
{
	loff_t pos = *ppos;
	size_t done = 0, off, k;

	if (pos < 0)
		return -EINVAL;
	while (done < count && pos < b->len) {
		off = pos % KS_PAGE;
		k = min3(count - done, (size_t)(KS_PAGE - off),
			 (size_t)(b->len - pos));
		if (copy_to_user(ubuf + done, b->pages[pos / KS_PAGE] + off, k))
			return done ? done : -EFAULT;
		done += k;
		pos += k;
	}
	*ppos = pos;
	return done;
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
 * (BENCHMARKS.md).  A line goes where ks_line_start() says, which has room
 * for the longest the line can be (KS_LINE_FIXED and its names; b->line,
 * KS_LINE_MAX bytes, fits any, names being shorter than KSYM_NAME_LEN),
 * so the helpers below do not check.
 */

/*
 * Where a line of at most max bytes is written: in place in the last page
 * when it has room (most lines), else in b->line, which ks_line_end()
 * copies in.  NULL after an error.
 */
static char *ks_line_start(struct ks_buf *b, size_t max)
{
	if (b->err)
		return NULL;
	b->err = ks_buf_page(b);
	if (b->err)
		return NULL;
	if (KS_PAGE - b->len % KS_PAGE >= max)
		return b->pages[b->npages - 1] + b->len % KS_PAGE;
	return b->line;
}

static void ks_line_end(struct ks_buf *b, const char *start, const char *end)
{
	if (start == b->line)
		ks_emit(b, start, end - start);
	else
		b->len += end - start;
}

static __always_inline char *ks_str(char *p, const char *s, size_t n)
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
 * The six verdicts of a line as text, from a small cache: most symbols
 * share a few combinations ("yes" everywhere, or no fentry, ...), and the
 * verdicts are more than half of a line's bytes.
 */
#define KS_BLOCKS	64
#define KS_BLOCK_TEXT	384	/* six verdicts: 354 bytes at most */

struct ks_block {
	u32 key[KS_CLIENT__COUNT];	/* the struct ks_answer of each client */
	unsigned int len;		/* 0: empty */
	char text[KS_BLOCK_TEXT];
};

struct ks_render {
	unsigned long mask;		/* addresses shown, or all zeros */
	char alias[KSYM_SYMBOL_LEN];
	struct ks_block blocks[KS_BLOCKS];
};

static char *ks_answers_cached(struct ks_render *r, char *p,
			       const struct ks_answer *v)
{
	struct ks_block *blk;
	u32 key[KS_CLIENT__COUNT];
	char *end;

	BUILD_BUG_ON(sizeof(key) != KS_CLIENT__COUNT * sizeof(*v));
	memcpy(key, v, sizeof(key));
	blk = &r->blocks[jhash2(key, KS_CLIENT__COUNT, 0) & (KS_BLOCKS - 1)];
	if (blk->len && !memcmp(blk->key, key, sizeof(key)))
		return ks_str(p, blk->text, blk->len);
	end = ks_answers(p, v);
	if (end - p <= KS_BLOCK_TEXT) {
		memcpy(blk->key, key, sizeof(key));
		memcpy(blk->text, p, end - p);
		blk->len = end - p;
	}
	return end;
}

/*
 * The name set_ftrace_filter knows s's site by, when it is not s's own
 * (probe.c): the kallsyms name of the record, asked again.
 */
static void ks_alias_name(const struct ks_sym *s, char *buf)
{
	char *sp;

	sprint_symbol_no_offset(buf, ks_ftrace_any(s));
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
}

static void ks_render_sym(struct ks_buf *b, struct ks_render *r,
			  const struct ks_target *t, const struct ks_sym *s,
			  const struct ks_answer *v)
{
	unsigned long mask = r->mask;
	const char *suffix = s->name + s->base_len;
	const char *ftrace_name = "-";
	unsigned long ftrace_addr = ks_ftrace_addr(s);
	size_t nlen = strlen(s->name);
	char *line, *p;

	if (s->ftrace_any_off) {
		ftrace_name = s->name;
		if (s->ftrace_alias) {
			ks_alias_name(s, r->alias);
			ftrace_name = r->alias;
		}
	}
	line = ks_line_start(b, KS_LINE_FIXED + t->len + 2 * nlen +
				 strlen(s->owner) + strlen(ftrace_name));
	if (!line)
		return;
	p = ks_lit(line, "sym target=");
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
	p = ks_answers_cached(r, p, v);
	*p++ = '\n';
	ks_line_end(b, line, p);
}

static void ks_render_target(struct ks_buf *b, struct ks_render *r,
			     const struct ks_target *t,
			     const struct ks_answer *v, unsigned int sites)
{
	char *line, *p;

	line = ks_line_start(b, KS_LINE_FIXED + t->len);
	if (!line)
		return;
	p = ks_lit(line, "target name=");
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
	p = ks_answers_cached(r, p, v);
	p = ks_lit(p, " ftrace_sites=");
	p = ks_dec(p, sites);
	*p++ = '\n';
	ks_line_end(b, line, p);
}

static int ks_owner_cmp(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/*
 * One "module" line for each module that owns a reported symbol, sorted by
 * name, with its build-id.  Owners are interned: equal names are one
 * pointer, so a sort and a look at the neighbour finds each once.
 */
static void ks_render_modules(struct ks_buf *b, struct ks_set *set,
			      unsigned int nsyms)
{
	const char **owners;
	char *hex;
	unsigned int i, j, n = 0;

	if (!nsyms)
		return;
	owners = kvmalloc_array(nsyms, sizeof(*owners), GFP_KERNEL);
	hex = kmalloc(KS_BUILD_ID_HEX, GFP_KERNEL);
	if (!owners || !hex) {
		b->err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->sorted[i]->nsyms; j++)
			if (set->sorted[i]->syms[j].owner[0])
				owners[n++] = set->sorted[i]->syms[j].owner;
	sort(owners, n, sizeof(*owners), ks_owner_cmp, NULL);
	for (i = 0; i < n && !b->err; i++) {
		if (i && owners[i] == owners[i - 1])
			continue;
		if (ks_build_id_module(owners[i], hex))
			strscpy(hex, "none", KS_BUILD_ID_HEX);
		ks_printf(b, "module name=%s build_id=%s\n", owners[i], hex);
	}
out:
	kfree(hex);
	kvfree(owners);
}

const char * const ks_how_names[KS_HOW__COUNT] = {
	[KS_HOW_WALK] = "walk",
	[KS_HOW_INDEX] = "index",
	[KS_HOW_KNOWN] = "known",
};

int ks_render(struct ks_buf *b, struct ks_set *set, bool show)
{
	unsigned long kaslr, mask = show ? ~0UL : 0;
	unsigned int i, j, nsyms = 0, most = 1, sites;
	struct ks_answer (*sv)[KS_CLIENT__COUNT];
	struct ks_answer tv[KS_CLIENT__COUNT];
	char kaslr_buf[24] = "unknown";
	const char *build_id;
	struct ks_render *r;

	for (i = 0; i < set->n; i++) {
		nsyms += set->sorted[i]->nsyms;
		most = max(most, set->sorted[i]->nsyms);
	}
	sv = kvmalloc_array(most, sizeof(*sv), GFP_KERNEL);
	r = kvzalloc(sizeof(*r), GFP_KERNEL);
	if (!sv || !r || ks_buf_init(b)) {
		b->err = -ENOMEM;
		goto out;
	}
	r->mask = mask;

	if (ks_kaslr_offset(ks_state.text, &kaslr))
		snprintf(kaslr_buf, sizeof(kaslr_buf), "0x%016lx",
			 kaslr & mask);
	build_id = ks_build_id_vmlinux();

	ks_printf(b, "ksymstat version=%d release=%s arch=%s kaslr_offset=%s symbols=%lu modules=%u walk_us=%llu lookup_us=%llu probe_us=%llu generation=%llu targets=%u kprobe_events_on_notrace=%s btf=%s livepatch=%s ftrace_entry=%s lookup=%s build_id=%s\n",
		  KS_FORMAT_VERSION, utsname()->release, utsname()->machine,
		  kaslr_buf, ks_state.nsymbols, ks_state.nmodules,
		  ks_state.walk_ns / 1000, ks_state.lookup_ns / 1000,
		  ks_state.probe_ns / 1000,
		  ks_state.generation, set->n,
		  IS_ENABLED(CONFIG_KPROBE_EVENTS_ON_NOTRACE) ? "yes" : "no",
		  ks_btf_state < 0 ? "unknown" : ks_btf_state ? "yes" : "no",
		  IS_ENABLED(CONFIG_LIVEPATCH) ? "yes" : "no",
		  KS_FTRACE_ENTRY_RULE, ks_how_names[ks_state.how],
		  build_id ? build_id : "none");
	ks_render_modules(b, set, nsyms);
	nsyms = 0;

	for (i = 0; i < set->n && !b->err; i++) {
		struct ks_target *t = set->sorted[i];

		sites = ks_verdicts(t, sv, tv);
		ks_render_target(b, r, t, tv, sites);
		for (j = 0; j < t->nsyms; j++)
			ks_render_sym(b, r, t, &t->syms[j], sv[j]);
		nsyms += t->nsyms;
		if (!(i & 255))
			cond_resched();
	}
	ks_printf(b, "end targets=%u syms=%u\n", set->n, nsyms);
out:
	kvfree(r);
	kvfree(sv);
	return b->err;
}
