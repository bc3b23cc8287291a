// SPDX-License-Identifier: GPL-2.0
/*
 * DepSurf function page (function/<letter>/<name>.md): parser and writer.
 *
 * The page is line oriented.  Grammar accepted by the parser, one item per
 * line ([x] optional, x+ one or more, x* zero or more, "" an empty line):
 *
 *   page     := "# Function: <code>NAME</code>" "" "## Status"
 *               group(row)* "" "## Differences" group(diff)* EOF
 *   group(x) := "<b>GROUP</b>" "<ul>" ("<li>" x "</li>")* "</ul>"
 *   row      := "In <code>LABEL</code>: STATUS"
 *             | "<details>" "<summary>In <code>LABEL</code>: STATUS</summary>"
 *               "" [proto ""] ["**Collision:** V" ""] ["**Inline:** V" ""]
 *               ["**Transformation:** V" ""]
 *               ["**Instances:**" "" inst+]
 *               ["**Symbols:**" "" "```" "START-END: NAME (BIND)"+ "```"]
 *               "</details>"
 *   proto    := "```c" PROTOTYPE "```"
 *   inst     := "```" "In FILE (ADDR)" ["Location: V"] ["Inline: V"]
 *               ["Inline callers:" "  - CALLER"+]
 *               ["Direct callers:" "  - CALLER"+] "```"
 *   STATUS   := "✅" | WORD (", " WORD)* " ⚠️"
 *   diff     := "No changes between <code>A</code> and <code>B</code> ✅"
 *             | "<details>"
 *               "<summary>Changed between <code>A</code> and <code>B</code>"
 *               " ⚠️</summary>" (one line)
 *               "<ul>" ("<li>" "<b>KIND. </b>" TEXT "</li>")* "</ul>"
 *               "</details>"
 *
 * The writer emits exactly this grammar, so write(parse(page)) reproduces
 * the page byte for byte.  Anything else, including a page that does not
 * end in a newline or stops inside a block, is rejected with -EINVAL and
 * "what:line: message" in err.  Lines are split on '\n' only; a NUL byte
 * anywhere is an error.
 */
#define _GNU_SOURCE
#include "../base/compiler.h"
#include "depsurf_page.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK_OK		"\xe2\x9c\x85"			/* U+2705 */
#define MARK_WARN	"\xe2\x9a\xa0\xef\xb8\x8f"	/* U+26A0 U+FE0F */

#define FENCE		"```"
#define FENCE_C		"```c"
#define DEFAULT_EXTRA_GROUP "Live"
#define BAD_HEX		"(lowercase hex, no leading zeros)"

/* Largest page ds_page_parse_file() reads. */
#define DS_PAGE_MAX_BYTES	(256u << 20)

/* Canonical order of the status words on a page (alphabetical). */
static const struct {
	unsigned int bit;
	const char *word;
} status_word_tab[] = {
	{ DS_ABSENT,		"Absent" },
	{ DS_COLLISION,		"Collision" },
	{ DS_DUPLICATE,		"Duplicate" },
	{ DS_FULL_INLINE,	"Full Inline" },
	{ DS_SELECTIVE_INLINE,	"Selective Inline" },
	{ DS_TRANSFORMATION,	"Transformation" },
};

/* ------------------------------------------------------------------ */
/* Status words                                                        */
/* ------------------------------------------------------------------ */

static void append(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos >= len)
		return;
	if (n > len - 1 - *pos)
		n = len - 1 - *pos;
	memcpy(buf + *pos, s, n);
	*pos += n;
	buf[*pos] = '\0';
}

const char *ds_status_word(size_t i, unsigned int *bit)
{
	if (i >= ARRAY_SIZE(status_word_tab))
		return NULL;
	*bit = status_word_tab[i].bit;
	return status_word_tab[i].word;
}

const char *ds_status_words(unsigned int status, char *buf, size_t len)
{
	size_t pos = 0;
	size_t i;
	bool first = true;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	if (!(status & DS_STATUS_ALL)) {
		append(buf, len, &pos, "ok");
		return buf;
	}
	for (i = 0; i < ARRAY_SIZE(status_word_tab); i++) {
		if (!(status & status_word_tab[i].bit))
			continue;
		if (!first)
			append(buf, len, &pos, ", ");
		append(buf, len, &pos, status_word_tab[i].word);
		first = false;
	}
	return buf;
}

static bool span_eq(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n == l && !memcmp(s, lit, l);
}

static int status_parse_span(const char *s, size_t n, unsigned int *status)
{
	const size_t warn_len = strlen(" " MARK_WARN);
	unsigned int st = 0;
	size_t i;

	if (span_eq(s, n, MARK_OK)) {
		*status = 0;
		return 0;
	}
	if (n <= warn_len || memcmp(s + n - warn_len, " " MARK_WARN, warn_len))
		return -EINVAL;
	n -= warn_len;
	for (;;) {
		const char *comma = memmem(s, n, ", ", 2);
		size_t wlen = comma ? (size_t)(comma - s) : n;
		bool found = false;

		for (i = 0; i < ARRAY_SIZE(status_word_tab); i++) {
			if (!span_eq(s, wlen, status_word_tab[i].word))
				continue;
			if (st & status_word_tab[i].bit)
				return -EINVAL;	/* repeated word */
			st |= status_word_tab[i].bit;
			found = true;
			break;
		}
		if (!found)
			return -EINVAL;
		if (!comma)
			break;
		s += wlen + 2;
		n -= wlen + 2;
	}
	*status = st;
	return 0;
}

int ds_status_parse(const char *text, unsigned int *status)
{
	unsigned int st;
	int ret;

	if (!text)
		return -EINVAL;
	ret = status_parse_span(text, strlen(text), &st);
	if (!ret && status)
		*status = st;
	return ret;
}

/* The STATUS text the writer prints for status (without status_text). */
static void status_canonical(unsigned int status, char *buf, size_t len)
{
	size_t pos;

	if (!(status & DS_STATUS_ALL)) {
		pos = 0;
		buf[0] = '\0';
		append(buf, len, &pos, MARK_OK);
		return;
	}
	ds_status_words(status, buf, len);
	pos = strlen(buf);
	append(buf, len, &pos, " " MARK_WARN);
}

/* ------------------------------------------------------------------ */
/* Lookup and free                                                     */
/* ------------------------------------------------------------------ */

static bool str_eq_null(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

const struct ds_row *ds_page_row(const struct ds_page *page,
				 const char *group, const char *label)
{
	size_t i;

	if (!page || !label)
		return NULL;
	for (i = 0; i < page->n_rows; i++) {
		const struct ds_row *r = &page->rows[i];

		if (group && !str_eq_null(r->group, group))
			continue;
		if (str_eq_null(r->label, label))
			return r;
	}
	return NULL;
}

/* Free a string of page unless it lives in the page's block. */
static void free_str(const struct ds_page *page, char *s)
{
	if (page->strings && s >= page->strings &&
	    s < page->strings + page->strings_size)
		return;
	free(s);
}

static void free_strv(const struct ds_page *page, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free_str(page, v[i]);
	free(v);
}

static void free_row(const struct ds_page *page, struct ds_row *r)
{
	size_t i;

	free_str(page, r->group);
	free_str(page, r->label);
	free_str(page, r->prototype);
	free_str(page, r->collision);
	free_str(page, r->inline_);
	free_str(page, r->transformation);
	free_str(page, r->status_text);
	for (i = 0; i < r->n_instances; i++) {
		struct ds_instance *in = &r->instances[i];

		free_str(page, in->file);
		free_str(page, in->location);
		free_str(page, in->inline_);
		free_strv(page, in->inline_callers, in->n_inline_callers);
		free_strv(page, in->direct_callers, in->n_direct_callers);
	}
	free(r->instances);
	for (i = 0; i < r->n_symbols; i++) {
		free_str(page, r->symbols[i].name);
		free_str(page, r->symbols[i].bind);
	}
	free(r->symbols);
}

static void free_groups(const struct ds_page *page, struct ds_page_group *g,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free_str(page, g[i].name);
	free(g);
}

void ds_page_free(struct ds_page *page)
{
	size_t i, j;

	if (!page)
		return;
	free_str(page, page->name);
	for (i = 0; i < page->n_rows; i++)
		free_row(page, &page->rows[i]);
	free(page->rows);
	for (i = 0; i < page->n_diffs; i++) {
		struct ds_diff *d = &page->diffs[i];

		free_str(page, d->group);
		free_str(page, d->from);
		free_str(page, d->to);
		for (j = 0; j < d->n_changes; j++) {
			free_str(page, d->changes[j].kind);
			free_str(page, d->changes[j].text);
		}
		free(d->changes);
	}
	free(page->diffs);
	free_groups(page, page->row_groups, page->n_row_groups);
	free_groups(page, page->diff_groups, page->n_diff_groups);
	free(page->strings);
	free(page);
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

struct parser {
	const char *what;
	struct ds_page *page;
	size_t used;		/* of page->strings */
	char *text;		/* private copy; every '\n' replaced by NUL */
	char **line;		/* line[i] is line i + 1 */
	size_t *len;		/* its length */
	size_t n;		/* number of lines */
	size_t pos;		/* index of the next line */
	char *err;
	size_t errlen;
};

/* Printable excerpt of a line for messages. */
static void excerpt(char *dst, size_t dlen, const char *s)
{
	size_t i, o = 0;

	for (i = 0; s[i] && o + 4 < dlen; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		if (i >= 60 && s[i + 1]) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
	}
	dst[o] = '\0';
}

static void set_err(char *err, size_t errlen, const char *what, size_t lineno,
		    const char *fmt, va_list ap)
{
	int n;

	if (!err || !errlen)
		return;
	if (lineno)
		n = snprintf(err, errlen, "%s:%zu: ", what, lineno);
	else
		n = snprintf(err, errlen, "%s: ", what);
	if (n < 0)
		n = 0;
	if ((size_t)n < errlen)
		vsnprintf(err + n, errlen - n, fmt, ap);
}

static __printf(3, 4) int fail_at(struct parser *p, size_t lineno,
				  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_err(p->err, p->errlen, p->what, lineno, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Line number of the current line (the last one at end of page). */
static size_t cur_lineno(const struct parser *p)
{
	if (p->pos < p->n)
		return p->pos + 1;
	return p->n ? p->n : 1;
}

static int nomem(struct parser *p)
{
	fail_at(p, cur_lineno(p), "out of memory");
	return -ENOMEM;
}

static const char *cur(const struct parser *p)
{
	return p->pos < p->n ? p->line[p->pos] : NULL;
}

static size_t cur_len(const struct parser *p)
{
	return p->pos < p->n ? p->len[p->pos] : 0;
}

static bool at(const struct parser *p, const char *lit)
{
	const char *s = cur(p);

	return s && !strcmp(s, lit);
}

/* Error for the current line: either "unexpected end" or "unexpected". */
static int unexpected(struct parser *p, const char *expected)
{
	char ex[80];

	if (!cur(p))
		return fail_at(p, cur_lineno(p),
			       "page ends early (truncated?), expected %s",
			       expected);
	excerpt(ex, sizeof(ex), cur(p));
	return fail_at(p, cur_lineno(p), "expected %s, got '%s'", expected,
		       ex);
}

static int expect(struct parser *p, const char *lit)
{
	char ex[80], q[96];

	if (at(p, lit)) {
		p->pos++;
		return 0;
	}
	if (lit[0]) {
		excerpt(ex, sizeof(ex), lit);
		snprintf(q, sizeof(q), "'%s'", ex);
	} else {
		snprintf(q, sizeof(q), "an empty line");
	}
	return unexpected(p, q);
}

/* If the current line starts with prefix, return the rest. */
static const char *cur_after(const struct parser *p, const char *prefix)
{
	const char *s = cur(p);
	size_t n = strlen(prefix);

	if (!s || strncmp(s, prefix, n))
		return NULL;
	return s + n;
}

/* A copy of s[0..n), from the page's block while it has room. */
static int dup_span(struct parser *p, char **dst, const char *s, size_t n)
{
	struct ds_page *page = p->page;
	char *d;

	if (page->strings_size - p->used > n) {
		d = page->strings + p->used;
		p->used += n + 1;
	} else {
		d = malloc(n + 1);
		if (!d)
			return nomem(p);
	}
	memcpy(d, s, n);
	d[n] = '\0';
	*dst = d;
	return 0;
}

static int dup_str(struct parser *p, char **dst, const char *s)
{
	return dup_span(p, dst, s, strlen(s));
}

/*
 * Append one zeroed element to *arr holding *n elements of size sz.  The
 * capacity is implicit: 4, 8, 16, ... elements.
 */
static void *grow(struct parser *p, void *arrp, size_t *n, size_t sz)
{
	char *base;

	/* arrp points at a "T *"; copy it out and back in without aliasing. */
	memcpy(&base, arrp, sizeof(base));

	if (*n == 0 || (*n >= 4 && !(*n & (*n - 1)))) {
		size_t cap = *n ? *n * 2 : 4;

		if (cap > SIZE_MAX / sz) {
			nomem(p);
			return NULL;
		}
		base = realloc(base, cap * sz);
		if (!base) {
			nomem(p);
			return NULL;
		}
		memcpy(arrp, &base, sizeof(base));
	}
	memset(base + *n * sz, 0, sz);
	return base + (*n)++ * sz;
}

static int push_str(struct parser *p, char ***v, size_t *n, const char *s)
{
	char **slot = grow(p, v, n, sizeof(**v));

	if (!slot)
		return -ENOMEM;
	return dup_str(p, slot, s);
}

/* Strict lowercase hex without leading zeros, as the generator prints. */
static bool parse_hex(const char *s, size_t n, uint64_t *val)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 16 || (n > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else
			return false;
	}
	*val = v;
	return true;
}

/* Last occurrence of " (" in s[0..n), or NULL. */
static const char *last_paren(const char *s, size_t n)
{
	size_t i;

	for (i = n; i >= 2; i--) {
		if (s[i - 2] == ' ' && s[i - 1] == '(')
			return s + i - 2;
	}
	return NULL;
}

static bool has_suffix(const char *s, size_t n, const char *suf)
{
	size_t l = strlen(suf);

	return n >= l && !memcmp(s + n - l, suf, l);
}

/* "In <code>LABEL</code>: STATUS" in s[0..n) into row. */
static int parse_row_text(struct parser *p, const char *s, size_t n,
			  struct ds_row *row)
{
	static const char pre[] = "In <code>";
	static const char mid[] = "</code>: ";
	const char *label, *m, *st;
	size_t llen, stlen;
	char canon[128];
	int ret;

	if (n < sizeof(pre) - 1 || memcmp(s, pre, sizeof(pre) - 1))
		return unexpected(p, "'In <code>LABEL</code>: STATUS'");
	label = s + sizeof(pre) - 1;
	m = memmem(label, n - (size_t)(label - s), mid, sizeof(mid) - 1);
	if (!m)
		return unexpected(p, "'In <code>LABEL</code>: STATUS'");
	llen = (size_t)(m - label);
	st = m + sizeof(mid) - 1;
	stlen = n - (size_t)(st - s);
	if (status_parse_span(st, stlen, &row->status)) {
		char ex[80];

		excerpt(ex, sizeof(ex), cur(p));
		return fail_at(p, cur_lineno(p),
			       "bad status in '%s' (expected '%s', or words from Absent, Collision, Duplicate, Full Inline, Selective Inline, Transformation, each once, joined by ', ' and followed by ' %s')",
			       ex, MARK_OK, MARK_WARN);
	}
	ret = dup_span(p, &row->label, label, llen);
	if (ret)
		return ret;
	status_canonical(row->status, canon, sizeof(canon));
	if (!span_eq(st, stlen, canon))
		return dup_span(p, &row->status_text, st, stlen);
	return 0;
}

/* An optional "PREFIXVALUE" line: VALUE into *dst. */
static int parse_opt_line(struct parser *p, const char *prefix, char **dst)
{
	const char *v = cur_after(p, prefix);
	int ret;

	if (!v)
		return 0;
	ret = dup_str(p, dst, v);
	if (!ret)
		p->pos++;
	return ret;
}

/* An optional "**KEY:** VALUE" "" */
static int parse_field(struct parser *p, const char *prefix, char **dst)
{
	int ret;

	if (!cur_after(p, prefix))
		return 0;
	ret = parse_opt_line(p, prefix, dst);
	if (ret)
		return ret;
	return expect(p, "");
}

/* "Inline callers:" / "Direct callers:" and one or more "  - CALLER". */
static int parse_callers(struct parser *p, const char *head, char ***v,
			 size_t *n)
{
	const char *c;
	int ret;

	if (!at(p, head))
		return 0;
	p->pos++;
	if (!cur_after(p, "  - "))
		return unexpected(p, "'  - CALLER' after the callers heading");
	while ((c = cur_after(p, "  - "))) {
		ret = push_str(p, v, n, c);
		if (ret)
			return ret;
		p->pos++;
	}
	return 0;
}

static int parse_instance(struct parser *p, struct ds_row *row)
{
	struct ds_instance *in;
	const char *s, *par;
	size_t n;
	int ret;

	ret = expect(p, FENCE);
	if (ret)
		return ret;
	in = grow(p, &row->instances, &row->n_instances, sizeof(*in));
	if (!in)
		return -ENOMEM;
	s = cur(p);
	n = cur_len(p);
	if (!s || n < 3 || strncmp(s, "In ", 3) || s[n - 1] != ')')
		return unexpected(p, "'In FILE (ADDR)'");
	par = last_paren(s + 3, n - 4);
	if (!par)
		return unexpected(p, "'In FILE (ADDR)'");
	if (!parse_hex(par + 2, (size_t)(s + n - 1 - (par + 2)), &in->addr))
		return fail_at(p, cur_lineno(p),
			       "bad instance address " BAD_HEX);
	ret = dup_span(p, &in->file, s + 3, (size_t)(par - (s + 3)));
	if (ret)
		return ret;
	p->pos++;

	ret = parse_opt_line(p, "Location: ", &in->location);
	if (!ret)
		ret = parse_opt_line(p, "Inline: ", &in->inline_);
	if (!ret)
		ret = parse_callers(p, "Inline callers:", &in->inline_callers,
				    &in->n_inline_callers);
	if (ret)
		return ret;
	ret = parse_callers(p, "Direct callers:", &in->direct_callers,
			    &in->n_direct_callers);
	if (ret)
		return ret;
	if (!at(p, FENCE))
		return unexpected(p, "an instance line or '```'");
	p->pos++;
	return 0;
}

/* "START-END: NAME (BIND)" */
static int parse_symbol(struct parser *p, struct ds_row *row)
{
	const char *s = cur(p), *dash, *colon, *r, *par;
	size_t n = cur_len(p), rn;
	struct ds_symbol *sym;
	int ret;

	dash = memchr(s, '-', n);
	colon = dash ? memchr(dash, ':', n - (size_t)(dash - s)) : NULL;
	if (!colon)
		return unexpected(p, "'START-END: NAME (BIND)' or '```'");
	sym = grow(p, &row->symbols, &row->n_symbols, sizeof(*sym));
	if (!sym)
		return -ENOMEM;
	if (!parse_hex(s, (size_t)(dash - s), &sym->start) ||
	    !parse_hex(dash + 1, (size_t)(colon - dash - 1), &sym->end))
		return fail_at(p, cur_lineno(p), "bad symbol range " BAD_HEX);
	if (sym->end < sym->start)
		return fail_at(p, cur_lineno(p),
			       "bad symbol range: END before START");
	r = colon + 1;
	rn = n - (size_t)(r - s);
	if (rn < 4 || r[0] != ' ' || r[rn - 1] != ')')
		return unexpected(p, "'START-END: NAME (BIND)'");
	par = last_paren(r, rn - 1);
	if (!par || par == r)
		return unexpected(p, "'START-END: NAME (BIND)'");
	ret = dup_span(p, &sym->name, r + 1, (size_t)(par - r - 1));
	if (ret)
		return ret;
	ret = dup_span(p, &sym->bind, par + 2, (size_t)(r + rn - 1 - par - 2));
	if (ret)
		return ret;
	p->pos++;
	return 0;
}

static int parse_details_body(struct parser *p, struct ds_row *row)
{
	int ret;

	ret = expect(p, "");
	if (ret)
		return ret;
	if (at(p, FENCE_C)) {
		p->pos++;
		if (!cur(p) || at(p, FENCE))
			return unexpected(p, "a prototype line");
		ret = dup_str(p, &row->prototype, cur(p));
		if (ret)
			return ret;
		p->pos++;
		ret = expect(p, FENCE);
		if (!ret)
			ret = expect(p, "");
		if (ret)
			return ret;
	}
	ret = parse_field(p, "**Collision:** ", &row->collision);
	if (!ret)
		ret = parse_field(p, "**Inline:** ", &row->inline_);
	if (!ret)
		ret = parse_field(p, "**Transformation:** ",
				  &row->transformation);
	if (ret)
		return ret;
	if (at(p, "**Instances:**")) {
		p->pos++;
		ret = expect(p, "");
		if (ret)
			return ret;
		do {
			ret = parse_instance(p, row);
			if (ret)
				return ret;
		} while (at(p, FENCE));
	}
	if (at(p, "**Symbols:**")) {
		p->pos++;
		ret = expect(p, "");
		if (!ret)
			ret = expect(p, FENCE);
		if (ret)
			return ret;
		do {
			if (!cur(p))
				return unexpected(p, "a symbol line");
			ret = parse_symbol(p, row);
			if (ret)
				return ret;
		} while (!at(p, FENCE));
		p->pos++;
	}
	if (!at(p, "</details>"))
		return unexpected(p, "a detail section or '</details>'");
	p->pos++;
	return 0;
}

static int parse_row(struct parser *p, struct ds_page *page,
		     const char *group)
{
	struct ds_row *row;
	const char *s;
	size_t n;
	int ret;

	row = grow(p, &page->rows, &page->n_rows, sizeof(*row));
	if (!row)
		return -ENOMEM;
	ret = dup_str(p, &row->group, group);
	if (ret)
		return ret;
	if (!at(p, "<details>")) {
		s = cur(p);
		if (!s)
			return unexpected(p, "a status row");
		ret = parse_row_text(p, s, cur_len(p), row);
		if (ret)
			return ret;
		p->pos++;
		return 0;
	}
	row->details = true;
	p->pos++;
	s = cur(p);
	n = cur_len(p);
	if (!s || n < strlen("<summary></summary>") ||
	    strncmp(s, "<summary>", 9) || !has_suffix(s, n, "</summary>"))
		return unexpected(p,
				  "'<summary>In <code>LABEL</code>: STATUS</summary>'");
	ret = parse_row_text(p, s + 9, n - 9 - strlen("</summary>"), row);
	if (ret)
		return ret;
	p->pos++;
	return parse_details_body(p, row);
}

/* "PRE<code>A</code> and <code>B</code>SUF" in s[0..n). */
static int parse_between(struct parser *p, const char *s, size_t n,
			 const char *pre, const char *suf, struct ds_diff *d)
{
	static const char mid[] = "</code> and <code>";
	size_t pl = strlen(pre), sl = strlen(suf);
	const char *a, *m, *b;
	int ret;

	if (n < pl + sl || memcmp(s, pre, pl) || !has_suffix(s, n, suf))
		return -EINVAL;
	a = s + pl;
	m = memmem(a, n - pl - sl, mid, sizeof(mid) - 1);
	if (!m)
		return -EINVAL;
	b = m + sizeof(mid) - 1;
	ret = dup_span(p, &d->from, a, (size_t)(m - a));
	if (!ret)
		ret = dup_span(p, &d->to, b, (size_t)(s + n - sl - b));
	return ret;
}

static int parse_change(struct parser *p, struct ds_diff *d)
{
	struct ds_change *c;
	const char *s;
	size_t n;
	int ret;

	ret = expect(p, "<li>");
	if (ret)
		return ret;
	c = grow(p, &d->changes, &d->n_changes, sizeof(*c));
	if (!c)
		return -ENOMEM;
	s = cur(p);
	n = cur_len(p);
	if (!s || n < strlen("<b>. </b>") || strncmp(s, "<b>", 3) ||
	    !has_suffix(s, n, ". </b>"))
		return unexpected(p, "'<b>KIND. </b>'");
	ret = dup_span(p, &c->kind, s + 3, n - 3 - strlen(". </b>"));
	if (ret)
		return ret;
	p->pos++;
	if (!cur(p) || at(p, "</li>"))
		return unexpected(p, "the text of the change");
	ret = dup_str(p, &c->text, cur(p));
	if (ret)
		return ret;
	p->pos++;
	return expect(p, "</li>");
}

static int parse_diff(struct parser *p, struct ds_page *page,
		      const char *group)
{
	static const char summary_pre[] = "<summary>Changed between <code>";
	static const char summary_suf[] = "</code> " MARK_WARN "</summary>";
	struct ds_diff *d;
	int ret;

	d = grow(p, &page->diffs, &page->n_diffs, sizeof(*d));
	if (!d)
		return -ENOMEM;
	ret = dup_str(p, &d->group, group);
	if (ret)
		return ret;
	if (!cur(p))
		return unexpected(p, "a difference row");
	if (!at(p, "<details>")) {
		ret = parse_between(p, cur(p), cur_len(p),
				    "No changes between <code>",
				    "</code> " MARK_OK, d);
		if (ret == -EINVAL)
			return unexpected(p,
					  "'No changes between <code>A</code> and <code>B</code> " MARK_OK "' or '<details>'");
		if (ret)
			return ret;
		p->pos++;
		return 0;
	}
	d->changed = true;
	p->pos++;
	if (!cur(p))
		return unexpected(p, "'<summary>Changed between ...'");
	ret = parse_between(p, cur(p), cur_len(p), summary_pre, summary_suf,
			    d);
	if (ret == -EINVAL)
		return unexpected(p,
				  "'<summary>Changed between <code>A</code> and <code>B</code> " MARK_WARN "</summary>'");
	if (ret)
		return ret;
	p->pos++;
	ret = expect(p, "<ul>");
	if (ret)
		return ret;
	while (!at(p, "</ul>")) {
		if (!cur(p))
			return unexpected(p, "'<li>' or '</ul>'");
		ret = parse_change(p, d);
		if (ret)
			return ret;
	}
	p->pos++;
	return expect(p, "</details>");
}

/* "<b>GROUP</b>" "<ul>" ("<li>" ITEM "</li>")* "</ul>" */
static int parse_group(struct parser *p, struct ds_page *page, bool status)
{
	struct ds_page_group *g;
	const char *s = cur(p);
	size_t n = cur_len(p), before;
	int ret;

	if (!s || n < strlen("<b></b>") || strncmp(s, "<b>", 3) ||
	    !has_suffix(s, n, "</b>"))
		return unexpected(p, "'<b>GROUP</b>'");
	if (status)
		g = grow(p, &page->row_groups, &page->n_row_groups,
			 sizeof(*g));
	else
		g = grow(p, &page->diff_groups, &page->n_diff_groups,
			 sizeof(*g));
	if (!g)
		return -ENOMEM;
	ret = dup_span(p, &g->name, s + 3, n - 3 - strlen("</b>"));
	if (ret)
		return ret;
	p->pos++;
	ret = expect(p, "<ul>");
	if (ret)
		return ret;
	before = status ? page->n_rows : page->n_diffs;
	while (!at(p, "</ul>")) {
		if (!cur(p))
			return unexpected(p, "'<li>' or '</ul>'");
		ret = expect(p, "<li>");
		if (!ret)
			ret = status ? parse_row(p, page, g->name) :
				       parse_diff(p, page, g->name);
		if (!ret)
			ret = expect(p, "</li>");
		if (ret)
			return ret;
	}
	p->pos++;
	g->n = (status ? page->n_rows : page->n_diffs) - before;
	return 0;
}

static int parse_page(struct parser *p, struct ds_page *page)
{
	static const char pre[] = "# Function: <code>";
	const char *s = cur(p);
	size_t n = cur_len(p);
	int ret;

	if (!s || n < sizeof(pre) - 1 + strlen("</code>") ||
	    strncmp(s, pre, sizeof(pre) - 1) || !has_suffix(s, n, "</code>"))
		return unexpected(p,
				  "'# Function: <code>NAME</code>' (not a DepSurf function page?)");
	ret = dup_span(p, &page->name, s + sizeof(pre) - 1,
		       n - (sizeof(pre) - 1) - strlen("</code>"));
	if (ret)
		return ret;
	p->pos++;
	ret = expect(p, "");
	if (!ret)
		ret = expect(p, "## Status");
	if (ret)
		return ret;
	while (cur_after(p, "<b>")) {
		ret = parse_group(p, page, true);
		if (ret)
			return ret;
	}
	if (!at(p, ""))
		return unexpected(p, "'<b>GROUP</b>' or an empty line");
	p->pos++;
	ret = expect(p, "## Differences");
	if (ret)
		return ret;
	while (cur(p)) {
		ret = parse_group(p, page, false);
		if (ret)
			return ret;
	}
	return 0;
}

/* Split buf into lines; the page must end with a newline. */
static int split_lines(struct parser *p, const char *buf, size_t len)
{
	const char *nul, *s, *nl, *end = buf + len;
	size_t i, k;
	char *t;

	if (!buf || len == 0)
		return fail_at(p, 1, "empty page");
	nul = memchr(buf, '\0', len);
	if (nul) {
		size_t lineno = 1;

		for (i = 0; i < (size_t)(nul - buf); i++)
			lineno += buf[i] == '\n';
		return fail_at(p, lineno, "NUL byte in page");
	}
	p->n = 0;
	for (s = buf; (nl = memchr(s, '\n', (size_t)(end - s))); s = nl + 1)
		p->n++;
	if (buf[len - 1] != '\n')
		return fail_at(p, p->n + 1,
			       "last line has no newline (truncated page?)");
	if (len == SIZE_MAX)
		return nomem(p);
	p->text = malloc(len + 1);
	p->line = calloc(p->n, sizeof(*p->line));
	p->len = calloc(p->n, sizeof(*p->len));
	if (!p->text || !p->line || !p->len)
		return nomem(p);
	memcpy(p->text, buf, len);
	p->text[len] = '\0';
	t = p->text;
	for (k = 0; k < p->n; k++) {
		char *e = memchr(t, '\n', len - (size_t)(t - p->text));

		*e = '\0';
		p->line[k] = t;
		p->len[k] = (size_t)(e - t);
		t = e + 1;
	}
	return 0;
}

int ds_page_parse_buf(const char *buf, size_t len, const char *what,
		      struct ds_page **out, char *err, size_t errlen)
{
	struct parser p = {
		.what = what ? what : "<buffer>",
		.err = err,
		.errlen = errlen,
	};
	struct ds_page *page;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!out)
		return -EINVAL;
	*out = NULL;
	page = calloc(1, sizeof(*page));
	if (!page)
		return nomem(&p);
	/* the strings are spans of the text: most fit in one block */
	if (len < SIZE_MAX / 2) {
		page->strings_size = len + len / 4 + 64;
		page->strings = malloc(page->strings_size);
		if (!page->strings)
			page->strings_size = 0;
	}
	p.page = page;
	ret = split_lines(&p, buf, len);
	if (!ret)
		ret = parse_page(&p, page);
	free(p.text);
	free(p.line);
	free(p.len);
	if (ret) {
		ds_page_free(page);
		return ret;
	}
	*out = page;
	return 0;
}

int ds_page_parse_file(const char *path, struct ds_page **out,
		       char *err, size_t errlen)
{
	struct parser p = { .what = path, .err = err, .errlen = errlen };
	size_t len = 0, cap = 0, hint = 65536;
	char *buf = NULL;
	struct stat st;
	int fd, ret;

	if (err && errlen)
		err[0] = '\0';
	if (!out || !path)
		return -EINVAL;
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		fail_at(&p, 0, "%s", strerror(-ret));
		return ret;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < DS_PAGE_MAX_BYTES)
		hint = (size_t)st.st_size + 1;
	for (;;) {
		ssize_t r;

		if (len == cap) {
			char *nb;

			if (cap >= DS_PAGE_MAX_BYTES) {
				ret = -EFBIG;
				fail_at(&p, 0, "page larger than %u bytes",
					DS_PAGE_MAX_BYTES);
				goto out;
			}
			cap = cap ? cap * 2 : hint;
			nb = realloc(buf, cap);
			if (!nb) {
				ret = -ENOMEM;
				fail_at(&p, 0, "out of memory");
				goto out;
			}
			buf = nb;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			fail_at(&p, 0, "%s", strerror(-ret));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	ret = ds_page_parse_buf(buf, len, path, out, err, errlen);
out:
	free(buf);
	close(fd);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void write_status(FILE *f, const struct ds_row *r)
{
	unsigned int st;
	char buf[128];

	if (r->status_text && !ds_status_parse(r->status_text, &st) &&
	    st == (r->status & DS_STATUS_ALL)) {
		fputs(r->status_text, f);
		return;
	}
	status_canonical(r->status, buf, sizeof(buf));
	fputs(buf, f);
}

static void write_callers(FILE *f, const char *head, char *const *v,
			  size_t n)
{
	size_t i;

	if (!n)
		return;
	fprintf(f, "%s\n", head);
	for (i = 0; i < n; i++)
		fprintf(f, "  - %s\n", nz(v[i]));
}

static bool row_has_details(const struct ds_row *r)
{
	return r->details || r->prototype || r->collision || r->inline_ ||
	       r->transformation || r->n_instances || r->n_symbols;
}

static void write_row(FILE *f, const void *item)
{
	const struct ds_row *r = item;
	size_t i;

	fputs("<li>\n", f);
	if (!row_has_details(r)) {
		fprintf(f, "In <code>%s</code>: ", nz(r->label));
		write_status(f, r);
		fputs("\n</li>\n", f);
		return;
	}
	fprintf(f, "<details>\n<summary>In <code>%s</code>: ", nz(r->label));
	write_status(f, r);
	fputs("</summary>\n\n", f);
	if (r->prototype)
		fprintf(f, FENCE_C "\n%s\n" FENCE "\n\n", r->prototype);
	if (r->collision)
		fprintf(f, "**Collision:** %s\n\n", r->collision);
	if (r->inline_)
		fprintf(f, "**Inline:** %s\n\n", r->inline_);
	if (r->transformation)
		fprintf(f, "**Transformation:** %s\n\n", r->transformation);
	if (r->n_instances)
		fputs("**Instances:**\n\n", f);
	for (i = 0; i < r->n_instances; i++) {
		const struct ds_instance *in = &r->instances[i];

		fprintf(f, FENCE "\nIn %s (%" PRIx64 ")\n", nz(in->file),
			in->addr);
		if (in->location)
			fprintf(f, "Location: %s\n", in->location);
		if (in->inline_)
			fprintf(f, "Inline: %s\n", in->inline_);
		write_callers(f, "Inline callers:", in->inline_callers,
			      in->n_inline_callers);
		write_callers(f, "Direct callers:", in->direct_callers,
			      in->n_direct_callers);
		fputs(FENCE "\n", f);
	}
	if (r->n_symbols) {
		fputs("**Symbols:**\n\n" FENCE "\n", f);
		for (i = 0; i < r->n_symbols; i++) {
			const struct ds_symbol *s = &r->symbols[i];

			if (s->range[0])
				fprintf(f, "%s: %s (%s)\n", s->range,
					nz(s->name), nz(s->bind));
			else
				fprintf(f, "%" PRIx64 "-%" PRIx64 ": %s (%s)\n",
					s->start, s->end, nz(s->name),
					nz(s->bind));
		}
		fputs(FENCE "\n", f);
	}
	fputs("</details>\n</li>\n", f);
}

static void write_diff(FILE *f, const void *item)
{
	const struct ds_diff *d = item;
	size_t i;

	fputs("<li>\n", f);
	if (!d->changed) {
		fprintf(f,
			"No changes between <code>%s</code> and <code>%s</code> " MARK_OK "\n</li>\n",
			nz(d->from), nz(d->to));
		return;
	}
	fprintf(f,
		"<details>\n<summary>Changed between <code>%s</code> and <code>%s</code> " MARK_WARN "</summary>\n<ul>\n",
		nz(d->from), nz(d->to));
	for (i = 0; i < d->n_changes; i++)
		fprintf(f, "<li>\n<b>%s. </b>\n%s\n</li>\n",
			nz(d->changes[i].kind), nz(d->changes[i].text));
	fputs("</ul>\n</details>\n</li>\n", f);
}

/*
 * One section of the page, rows or diffs, for the writer: both are
 * grouped the same way, "<b>GROUP</b>" "<ul>" ITEM* "</ul>".
 */
struct section {
	const void *items;
	size_t size;			/* of one item */
	size_t n;
	const char *(*group)(const void *item);
	void (*write)(FILE *f, const void *item);
};

static const char *row_group(const void *item)
{
	return ((const struct ds_row *)item)->group;
}

static const char *diff_group(const void *item)
{
	return ((const struct ds_diff *)item)->group;
}

static const void *item_at(const struct section *s, size_t i)
{
	return (const char *)s->items + i * s->size;
}

/* The group name of item i, dflt standing in for none. */
static const char *group_at(const struct section *s, size_t i,
			    const char *dflt)
{
	const char *g = s->group(item_at(s, i));

	return g ? g : dflt;
}

/* Do the recorded groups describe the items (counts and names)? */
static bool groups_ok(const struct ds_page_group *g, size_t ng,
		      const struct section *s)
{
	size_t i, j, k = 0;

	if (ng && !g)
		return false;
	for (i = 0; i < ng; i++) {
		if (g[i].n > s->n - k)
			return false;
		for (j = 0; j < g[i].n; j++, k++) {
			if (!str_eq_null(g[i].name, group_at(s, k, NULL)))
				return false;
		}
	}
	return k == s->n;
}

/* Group name and the n items from first. */
static void write_group(FILE *f, const char *name, const struct section *s,
			size_t first, size_t n)
{
	size_t i;

	fprintf(f, "<b>%s</b>\n<ul>\n", nz(name));
	for (i = first; i < first + n; i++)
		s->write(f, item_at(s, i));
	fputs("</ul>\n", f);
}

/*
 * Consecutive items of the same group name (dflt standing in for a NULL
 * group), each run its own group.
 */
static void write_runs(FILE *f, const struct section *s, const char *dflt)
{
	const char *name;
	size_t i = 0, j;

	while (i < s->n) {
		name = group_at(s, i, dflt);
		for (j = i + 1; j < s->n; j++) {
			if (!str_eq_null(group_at(s, j, dflt), name))
				break;
		}
		write_group(f, name, s, i, j - i);
		i = j;
	}
}

/* The groups the parser recorded, when they still fit; else runs. */
static void write_section(FILE *f, const struct ds_page_group *g, size_t ng,
			  const struct section *s, const char *dflt)
{
	size_t i, k = 0;

	if (!groups_ok(g, ng, s)) {
		write_runs(f, s, dflt);
		return;
	}
	for (i = 0; i < ng; i++) {
		write_group(f, g[i].name, s, k, g[i].n);
		k += g[i].n;
	}
}

int ds_page_write(FILE *f, const struct ds_page *page,
		  const struct ds_row *extra, size_t n_extra)
{
	struct section rows = { .group = row_group, .write = write_row };
	struct section diffs = { .group = diff_group, .write = write_diff };
	struct section more = rows;

	if (!f || !page)
		return -EINVAL;
	rows.items = page->rows;
	rows.size = sizeof(*page->rows);
	rows.n = page->n_rows;
	more.items = extra;
	more.size = sizeof(*extra);
	more.n = extra ? n_extra : 0;
	diffs.items = page->diffs;
	diffs.size = sizeof(*page->diffs);
	diffs.n = page->n_diffs;

	fprintf(f, "# Function: <code>%s</code>\n\n## Status\n",
		nz(page->name));
	write_section(f, page->row_groups, page->n_row_groups, &rows, "");
	write_runs(f, &more, DEFAULT_EXTRA_GROUP);
	fputs("\n## Differences\n", f);
	write_section(f, page->diff_groups, page->n_diff_groups, &diffs, NULL);
	if (fflush(f) || ferror(f))
		return -EIO;
	return 0;
}
