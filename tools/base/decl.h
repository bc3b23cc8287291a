/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One C-declaration printer for BTF (btf_proto.c) and DWARF
 * (dwarf_scan.c): each builds a small description of a type from its own
 * format, and decl.c spells it the way DepSurf's pages and pahole do
 * ("int f(struct kvm *kvm, gpa_t gpa);"), so that the prototypes of the
 * two sources compare as strings (docs/dwarf.md).
 */
#ifndef KSYMSTAT_DECL_H
#define KSYMSTAT_DECL_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum decl_kind {
	DECL_VOID,		/* void, or a type that is not there */
	DECL_NAME,		/* base type or typedef: name; NULL is "?" */
	DECL_UNKNOWN,		/* too deep, or not understood: "?" */
	DECL_STRUCT,		/* name; NULL is anonymous */
	DECL_UNION,
	DECL_ENUM,
	DECL_CONST,		/* of type */
	DECL_VOLATILE,
	DECL_RESTRICT,
	DECL_POINTER,		/* to type */
	DECL_ARRAY,		/* of nelems type; type NULL: none spelled */
	DECL_FUNC,		/* returning type, taking params */
};

struct decl_param {
	struct decl *type;	/* NULL: "..." */
	const char *name;	/* NULL or "": unnamed */
};

/* A type; its parts are its own (decl_free frees them). */
struct decl {
	enum decl_kind kind;
	const char *name;	/* borrowed from the source's strings */
	struct decl *type;
	unsigned long long nelems;
	struct decl_param *params;
	size_t n_params;
};

struct decl *decl_new(enum decl_kind kind, const char *name,
		      struct decl *type);
/* Add a parameter to a DECL_FUNC (type NULL: the variadic "..."). */
void decl_add_param(struct decl *fn, struct decl *type, const char *name);
void decl_free(struct decl *d);

/* "int name(struct kvm *kvm, gpa_t gpa);" of a DECL_FUNC: malloc'd. */
char *decl_proto(const struct decl *fn, const char *name);

#endif
