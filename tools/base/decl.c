// SPDX-License-Identifier: GPL-2.0
/*
 * The C-declaration printer of BTF and DWARF prototypes (decl.h): the
 * spelling of DepSurf's pages and pahole.  A qualifier of a pointer comes
 * after it ("char *const p"), restrict after the star ("char *restrict"),
 * a pointer to a function as "int (*name)(int, void *)", an array of an
 * element as "char[16]", the variadic tail as "...".
 */
#include <stdio.h>
#include <stdlib.h>

#include "base.h"
#include "decl.h"

struct decl *decl_new(enum decl_kind kind, const char *name,
		      struct decl *type)
{
	struct decl *d = xcalloc(1, sizeof(*d));

	d->kind = kind;
	d->name = name;
	d->type = type;
	return d;
}

void decl_add_param(struct decl *fn, struct decl *type, const char *name)
{
	fn->params = xrealloc(fn->params,
			      (fn->n_params + 1) * sizeof(*fn->params));
	fn->params[fn->n_params].type = type;
	fn->params[fn->n_params++].name = name;
}

void decl_free(struct decl *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n_params; i++)
		decl_free(d->params[i].type);
	free(d->params);
	decl_free(d->type);
	free(d);
}

static bool is_func_pointer(const struct decl *d)
{
	return d && d->kind == DECL_POINTER && d->type &&
	       d->type->kind == DECL_FUNC;
}

static void put_type(struct strbuf *b, const struct decl *d);

static void put_params(struct strbuf *b, const struct decl *fn)
{
	size_t i;

	for (i = 0; i < fn->n_params; i++) {
		const struct decl_param *p = &fn->params[i];

		if (i)
			strbuf_put(b, ", ");
		if (!p->type) {
			strbuf_put(b, "...");
			continue;
		}
		if (is_func_pointer(p->type)) {
			put_type(b, p->type->type->type);
			strbuf_put(b, " (*");
			strbuf_put(b, p->name ? p->name : "");
			strbuf_put(b, ")(");
			put_params(b, p->type->type);
			strbuf_put(b, ")");
			continue;
		}
		put_type(b, p->type);
		if (p->name && *p->name) {
			if (!strbuf_ends_star(b))
				strbuf_put(b, " ");
			strbuf_put(b, p->name);
		}
	}
}

/* "ret (*)(params)": a function type where a type is spelled */
static void put_func_type(struct strbuf *b, const struct decl *fn)
{
	put_type(b, fn->type);
	strbuf_put(b, " (*)(");
	put_params(b, fn);
	strbuf_put(b, ")");
}

static void put_type(struct strbuf *b, const struct decl *d)
{
	static const char *const tags[] = {
		[DECL_STRUCT] = "struct ", [DECL_UNION] = "union ",
		[DECL_ENUM] = "enum ",
	};
	const char *q;
	char num[32];

	if (!d)
		return;
	switch (d->kind) {
	case DECL_VOID:
		strbuf_put(b, "void");
		break;
	case DECL_NAME:
		strbuf_put(b, d->name ? d->name : "?");
		break;
	case DECL_STRUCT:
	case DECL_UNION:
	case DECL_ENUM:
		strbuf_put(b, tags[d->kind]);
		strbuf_put(b, d->name ? d->name : "(anon)");
		break;
	case DECL_CONST:
	case DECL_VOLATILE:
		q = d->kind == DECL_CONST ? "const" : "volatile";
		if (d->type && d->type->kind == DECL_POINTER) {
			put_type(b, d->type);
			strbuf_put(b, " ");
			strbuf_put(b, q);
		} else {
			strbuf_put(b, q);
			strbuf_put(b, " ");
			put_type(b, d->type);
		}
		break;
	case DECL_RESTRICT:	/* C99: after the star it qualifies */
		put_type(b, d->type);
		strbuf_put(b, strbuf_ends_star(b) ? "restrict" : " restrict");
		break;
	case DECL_POINTER:
		if (is_func_pointer(d)) {
			put_func_type(b, d->type);
			break;
		}
		put_type(b, d->type);
		strbuf_put(b, strbuf_ends_star(b) ? "*" : " *");
		break;
	case DECL_ARRAY:
		put_type(b, d->type);
		snprintf(num, sizeof(num), "[%llu]", d->nelems);
		strbuf_put(b, num);
		break;
	case DECL_FUNC:
		put_func_type(b, d);
		break;
	case DECL_UNKNOWN:
	default:
		strbuf_put(b, "?");
		break;
	}
}

char *decl_proto(const struct decl *fn, const char *name)
{
	struct strbuf b = { 0 };

	put_type(&b, fn->type);
	if (!strbuf_ends_star(&b))
		strbuf_put(&b, " ");
	strbuf_put(&b, name);
	strbuf_put(&b, "(");
	put_params(&b, fn);
	strbuf_put(&b, ");");
	return b.s;
}
