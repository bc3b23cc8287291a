// SPDX-License-Identifier: GPL-2.0
/*
 * Findings: record {code, arguments} (the verdict), compare them, and
 * render them in words (the output layer).  The table is findings.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

struct finding_def {
	const char *name;
	unsigned int rank;
	const char *args;
	const char *fmt;
};

#define KS_FINDING_DEF(code, name, rank, args, fmt) \
	[KF_##code] = { name, rank, args, fmt },
static const struct finding_def defs[KF__COUNT] = {
	KS_FINDING_CODES(KS_FINDING_DEF)
};
#undef KS_FINDING_DEF

const char *finding_name(enum ks_fcode code)
{
	return defs[code].name;
}

unsigned int finding_rank(enum ks_fcode code)
{
	return defs[code].rank;
}

bool finding_arg(enum ks_fcode code, size_t i, const char **name,
		 size_t *len, char *type)
{
	const char *p = defs[code].args;

	for (;;) {
		p += strspn(p, " ");
		if (!*p)
			return false;
		if (!i--)
			break;
		p += strcspn(p, " ");
	}
	*name = p;
	*len = strcspn(p, ":");
	*type = p[*len + 1];
	return true;
}

static char arg_type(enum ks_fcode code, size_t i)
{
	const char *name;
	size_t len;
	char type;

	return finding_arg(code, i, &name, &len, &type) ? type : 0;
}

void findings_add(struct ks_findings *l, enum ks_fcode code, ...)
{
	va_list ap;

	va_start(ap, code);
	findings_vadd(l, code, ap);
	va_end(ap);
}

void findings_vadd(struct ks_findings *l, enum ks_fcode code, va_list ap)
{
	struct ks_finding *f;
	size_t i, j;
	char type;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	for (i = 0; i < KS_FINDING_ARGS && (type = arg_type(code, i)); i++) {
		struct ks_farg *a = &f->a[i];
		const char *const *v;
		struct ks_findings *sub;

		switch (type) {
		case 's':
			a->s = xstrdup(va_arg(ap, const char *));
			break;
		case 'l':
		case 'w':
		case 'm':
			v = va_arg(ap, const char *const *);
			a->nv = va_arg(ap, size_t);
			a->v = xcalloc(a->nv + 1, sizeof(*a->v));
			for (j = 0; j < a->nv; j++)
				a->v[j] = xstrdup(v[j]);
			break;
		case 'i':
		case 'c':
			sub = va_arg(ap, struct ks_findings *);
			a->f = sub->v;
			a->nv = sub->n;
			sub->v = NULL;
			sub->n = 0;
			break;
		default:
			a->n = va_arg(ap, long long);
			break;
		}
	}
}

void finding_free(struct ks_finding *f)
{
	size_t i, j;

	for (i = 0; i < KS_FINDING_ARGS; i++) {
		struct ks_findings sub = ks_farg_items(&f->a[i]);

		free(f->a[i].s);
		for (j = 0; f->a[i].v && j < f->a[i].nv; j++)
			free(f->a[i].v[j]);
		free(f->a[i].v);
		findings_free(&sub);
	}
}

void findings_free(struct ks_findings *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		finding_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void findings_copy(struct ks_findings *dst, const struct ks_findings *src)
{
	size_t i, j, k;

	dst->n = src->n;
	dst->v = xcalloc(src->n + 1, sizeof(*dst->v));
	for (i = 0; i < src->n; i++) {
		struct ks_finding *d = &dst->v[i];

		*d = src->v[i];
		for (k = 0; k < KS_FINDING_ARGS; k++) {
			struct ks_farg *a = &d->a[k];
			struct ks_findings sub = ks_farg_items(a);
			char **v = a->v;

			if (a->s)
				a->s = xstrdup(a->s);
			if (v) {
				a->v = xcalloc(a->nv + 1, sizeof(*a->v));
				for (j = 0; j < a->nv; j++)
					a->v[j] = xstrdup(v[j]);
			}
			if (a->f) {
				struct ks_findings copy;

				findings_copy(&copy, &sub);
				a->f = copy.v;
			}
		}
	}
}

static bool finding_equal(const struct ks_finding *a,
			  const struct ks_finding *b)
{
	size_t i, j;

	if (a->code != b->code)
		return false;
	for (i = 0; i < KS_FINDING_ARGS; i++) {
		const struct ks_farg *x = &a->a[i], *y = &b->a[i];
		struct ks_findings fx = ks_farg_items(x);
		struct ks_findings fy = ks_farg_items(y);

		if (x->n != y->n || x->nv != y->nv || !!x->s != !!y->s ||
		    (x->s && strcmp(x->s, y->s)) || !findings_equal(&fx, &fy))
			return false;
		for (j = 0; x->v && j < x->nv; j++)
			if (strcmp(x->v[j], y->v[j]))
				return false;
	}
	return true;
}

bool findings_equal(const struct ks_findings *a,
		    const struct ks_findings *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!finding_equal(&a->v[i], &b->v[i]))
			return false;
	return true;
}

long findings_summary(const struct ks_findings *l)
{
	long best = -1;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (best < 0 || finding_rank(l->v[i].code) <
				finding_rank(l->v[best].code))
			best = i;
	return best;
}

static void put_list(struct strbuf *b, char *const *v, size_t n,
		     const char *sep, const char *none, size_t max)
{
	size_t i;

	if (!n && none)
		strbuf_put(b, none);
	for (i = 0; i < n && i < max; i++) {
		if (i)
			strbuf_put(b, sep);
		strbuf_put(b, v[i] ? v[i] : "");
	}
	if (n > max)
		strbuf_put(b, ", ...");
}

const char *finding_btf_kind(long long kind)
{
	/* BTF_KIND_* of include/uapi/linux/btf.h */
	static const char *const words[] = {
		[1] = "integer", [2] = "pointer", [3] = "array",
		[4] = "struct", [5] = "union", [6] = "enum",
		[7] = "forward declaration", [13] = "function prototype",
		[16] = "float", [19] = "enum",
	};

	return kind >= 0 && kind < (long long)ARRAY_SIZE(words) &&
	       words[kind] ? words[kind] : "other type";
}

static void put_arg(struct strbuf *b, const struct ks_farg *a, char type)
{
	struct ks_findings sub = ks_farg_items(a);
	char *s;

	switch (type) {
	case 's':
		strbuf_put(b, a->s ? a->s : "");
		break;
	case 'u':
		strbuf_addf(b, "%llu", (unsigned long long)a->n);
		break;
	case 'd':
		strbuf_addf(b, "%lld", a->n);
		break;
	case '+':
		strbuf_addf(b, "%+lld", a->n);
		break;
	case 'x':
		strbuf_addf(b, "0x%llx", (unsigned long long)a->n);
		break;
	case 'l':
		put_list(b, a->v, a->nv, ", ", NULL, a->nv);
		break;
	case 'w':
		put_list(b, a->v, a->nv, " ", "none", a->nv);
		break;
	case 'm':
		put_list(b, a->v, a->nv, ", ", NULL, 6);
		break;
	case 'k':
		strbuf_put(b, finding_btf_kind(a->n));
		break;
	case 'i':
	case 'c':
		s = findings_message(&sub, type == 'i' ? "; " : ", ");
		strbuf_put(b, s);
		free(s);
		break;
	}
}

char *finding_message(const struct ks_finding *f)
{
	struct strbuf b = { 0 };
	const char *p = defs[f->code].fmt, *name;
	size_t i, len;
	bool found;
	char type;

	strbuf_put(&b, "");
	while (*p) {
		const char *open = strchr(p, '{'), *close, *plural;

		if (!open || !(close = strchr(open, '}'))) {
			strbuf_put(&b, p);
			break;
		}
		strbuf_addf(&b, "%.*s", (int)(open - p), p);
		plural = memchr(open, '?', close - open);
		found = false;
		for (i = 0; !found &&
		     finding_arg(f->code, i, &name, &len, &type); i++)
			found = len == (size_t)((plural ? plural : close) -
						open - 1) &&
				!strncmp(name, open + 1, len);
		if (found && plural && f->a[i - 1].n != 1)
			strbuf_addf(&b, "%.*s", (int)(close - plural - 1),
				    plural + 1);
		else if (found && !plural)
			put_arg(&b, &f->a[i - 1], type);
		p = close + 1;
	}
	return b.s;
}

char *findings_message(const struct ks_findings *l, const char *sep)
{
	struct strbuf b = { 0 };
	size_t i;

	strbuf_put(&b, "");
	for (i = 0; i < l->n; i++) {
		char *s = finding_message(&l->v[i]);

		if (i)
			strbuf_put(&b, sep);
		strbuf_put(&b, s);
		free(s);
	}
	return b.s;
}
