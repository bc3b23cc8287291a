// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat: two prototypes of a function taken apart and compared as
 * DepSurf's "## Differences" section does (dwarf_proto_diff()), for
 * `ksymstat page` and the BTF prototype findings.
 */
#include <stdlib.h>
#include <string.h>

#include "offline.h"

/* ---- prototypes taken apart, and compared as DepSurf does ---- */

struct param {
	char *text;			/* "const void *data" */
	char *name;			/* "data" */
	char *type;			/* text without the name */
};

struct proto {
	char *ret;
	struct param *p;
	size_t n;
};

static bool ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static void param_parse(const char *s, size_t len, struct param *p)
{
	const char *fp;
	size_t e = len, b;

	p->text = xstrndup(s, len);
	fp = strstr(p->text, " (*");
	if (fp) {
		/* "int (*cb)(void *)": the name sits inside (*...) */
		const char *n = fp + 3, *ne = strchr(n, ')');

		p->name = xstrndup(n, ne ? (size_t)(ne - n) : 0);
		p->type = xasprintf("%.*s(*)%s", (int)(fp - p->text + 1),
				    p->text, ne ? ne + 1 : "");
		return;
	}
	while (e && ident(s[e - 1]))
		e--;
	b = e;
	while (b && s[b - 1] == ' ')
		b--;
	/* a lone type word ("void", "...") has no name */
	if (e == len || e == 0 || !strncmp(s + e, "...", 3)) {
		p->name = xstrdup("");
		p->type = xstrdup(p->text);
		return;
	}
	p->name = xstrndup(s + e, len - e);
	p->type = xstrndup(s, b);
}

static bool proto_parse(const char *text, const char *name, struct proto *out)
{
	size_t nl = strlen(name), i, start, depth = 0;
	const char *at = text, *params = NULL, *end;

	memset(out, 0, sizeof(*out));
	if (!text)
		return false;
	while ((at = strstr(at, name))) {
		if ((at == text || !ident(at[-1])) && at[nl] == '(') {
			params = at + nl + 1;
			break;
		}
		at += nl;
	}
	if (!params)
		return false;
	end = strrchr(text, ')');
	if (!end || end < params)
		return false;
	i = (size_t)(at - text);
	while (i && text[i - 1] == ' ')
		i--;
	out->ret = xstrndup(text, i);
	start = 0;
	for (i = 0; params + i <= end; i++) {
		char c = params[i];

		if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if ((c == ',' && !depth) || params + i == end) {
			size_t b = start, e = i;

			while (b < e && params[b] == ' ')
				b++;
			if (e > b) {
				out->p = xrealloc(out->p, (out->n + 1) *
						  sizeof(*out->p));
				param_parse(params + b, e - b, &out->p[out->n++]);
			}
			start = i + 1;
		}
	}
	return true;
}

static void proto_free(struct proto *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->p[i].text);
		free(p->p[i].name);
		free(p->p[i].type);
	}
	free(p->p);
	free(p->ret);
}

static const struct param *find_param(const struct proto *p, const char *n,
				      size_t *idx)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->p[i].name, n)) {
			if (idx)
				*idx = i;
			return &p->p[i];
		}
	return NULL;
}

static void add_change(struct ds_diff *d, const char *kind, char *text)
{
	d->changes = xrealloc(d->changes,
			      (d->n_changes + 1) * sizeof(*d->changes));
	d->changes[d->n_changes].kind = xstrdup(kind);
	d->changes[d->n_changes].text = text;
	d->n_changes++;
}

static char *names_of(const struct proto *p)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < p->n; i++) {
		t = xasprintf("%s%s%s", s, i ? ", " : "", p->p[i].name);
		free(s);
		s = t;
	}
	return s;
}

/*
 * DepSurf's order: params added, removed, reordered (the positions of
 * the common params differ), type changed; then the return type.
 */
void dwarf_proto_diff(const char *name, const char *old, const char *new_,
		      struct ds_diff *d)
{
	struct proto a, b;
	bool reordered = false;
	size_t i, ia, ib;

	if (!proto_parse(old, name, &a) || !proto_parse(new_, name, &b)) {
		proto_free(&a);
		proto_free(&b);
		if (old && new_ && strcmp(old, new_))
			add_change(d, "Prototype changed",
				   xasprintf("<code>%s</code> ➡️ <code>%s</code>",
					     old, new_));
		d->changed = d->n_changes > 0;
		return;
	}
	for (i = 0; i < b.n; i++)
		if (!find_param(&a, b.p[i].name, NULL))
			add_change(d, "Param added",
				   xasprintf("<code>%s</code>", b.p[i].text));
	for (i = 0; i < a.n; i++)
		if (!find_param(&b, a.p[i].name, NULL))
			add_change(d, "Param removed",
				   xasprintf("<code>%s</code>", a.p[i].text));
	for (i = 0; i < a.n; i++)
		if (find_param(&b, a.p[i].name, &ib) && ib != i)
			reordered = true;
	if (reordered) {
		char *x = names_of(&a), *y = names_of(&b);

		add_change(d, "Param reordered",
			   xasprintf("<code>%s</code> ➡️ <code>%s</code>", x,
				     y));
		free(x);
		free(y);
	}
	for (i = 0; i < a.n; i++) {
		const struct param *q = find_param(&b, a.p[i].name, &ia);

		if (q && strcmp(q->type, a.p[i].type))
			add_change(d, "Param type changed",
				   xasprintf("<code>%s</code> ➡️ <code>%s</code>",
					     a.p[i].text, q->text));
	}
	if (strcmp(a.ret, b.ret))
		add_change(d, "Return type changed",
			   xasprintf("<code>%s</code> ➡️ <code>%s</code>",
				     a.ret, b.ret));
	d->changed = d->n_changes > 0;
	proto_free(&a);
	proto_free(&b);
}
