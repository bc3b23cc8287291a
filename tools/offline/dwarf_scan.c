// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF walk (elfutils libdw): DepSurf's function entries, groups and row
 * status for one kernel build.  docs/dwarf.md gives every rule.
 *
 * The walk is streamed compile unit by compile unit.  Workers (threads)
 * take CUs in order from a shared counter, each with its own Dwarf handle
 * and its own tables; every first-wins field and every caller carries the
 * (CU, position) where it was seen, so the merge at the end gives the
 * result a single in-order walk would give.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "offline.h"
#include "../base/decl.h"

#define ORDER(cu, seq)	(((uint64_t)(cu) << 32) | (uint32_t)(seq))
#define ORDER_NONE	UINT64_MAX

/* ---- string interning: one pool per worker, one for the result ---- */

struct pool {
	const char **slots;
	size_t cap, n;
	char *arena;
	size_t arena_left;
	char **chunks;
	size_t n_chunks, cap_chunks;
};

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static char *pool_alloc(struct pool *p, size_t n)
{
	char *r;

	if (n > p->arena_left) {
		size_t sz = n > 1 << 20 ? n : 1 << 20;

		p->chunks = array_grow(p->chunks, &p->cap_chunks,
				       p->n_chunks + 1, sizeof(*p->chunks));
		p->arena = xcalloc(1, sz);
		p->chunks[p->n_chunks++] = p->arena;
		p->arena_left = sz;
	}
	r = p->arena;
	p->arena += n;
	p->arena_left -= n;
	return r;
}

static const char *pool_intern_n(struct pool *p, const char *s, size_t n)
{
	uint64_t h;
	size_t i;
	char *c;

	if (p->n * 2 >= p->cap) {
		const char **old = p->slots;
		size_t oc = p->cap;

		p->cap = oc ? oc * 2 : 4096;
		p->slots = xcalloc(p->cap, sizeof(*p->slots));
		p->n = 0;
		for (i = 0; i < oc; i++) {
			if (!old[i])
				continue;
			h = hash_str(old[i], strlen(old[i]));
			while (p->slots[h & (p->cap - 1)])
				h++;
			p->slots[h & (p->cap - 1)] = old[i];
			p->n++;
		}
		free(old);
	}
	h = hash_str(s, n);
	for (;; h++) {
		const char *e = p->slots[h & (p->cap - 1)];

		if (!e)
			break;
		if (!strncmp(e, s, n) && !e[n])
			return e;
	}
	c = pool_alloc(p, n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	p->slots[h & (p->cap - 1)] = c;
	p->n++;
	return c;
}

static const char *pool_intern(struct pool *p, const char *s)
{
	return s ? pool_intern_n(p, s, strlen(s)) : NULL;
}

static void pool_free(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->n_chunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p->slots);
	memset(p, 0, sizeof(*p));
}

/*
 * ---- entries keyed by name, and for a static one by (loc, CU index) ----
 *
 * The CU index, not the CU path: a file compiled twice (arm64 KVM's
 * hyp/vhe/../x.c and hyp/nvhe/../x.c, both "arch/arm64/kvm/hyp/x.c" once
 * normalised) is two compiled copies, so two entries, as DepSurf keeps
 * them (it keys by the path with its "..").  docs/dwarf.md.
 */

struct emap {
	struct dw_entry **slots;
	size_t cap, n;
	struct dw_entry **all;		/* creation order */
	size_t n_all, cap_all;
};

static uint64_t key_hash(const char *name, const char *loc, uint32_t cu)
{
	uint64_t h = (uintptr_t)name * 0x9e3779b97f4a7c15ULL;

	h ^= (uintptr_t)loc * 0xc2b2ae3d27d4eb4fULL;
	h ^= ((uint64_t)cu + 1) * 0x165667b19e3779f9ULL;
	return h ^ (h >> 29);
}

static void emap_put(struct emap *m, struct dw_entry *e)
{
	uint64_t h = key_hash(e->name, e->external ? NULL : e->loc,
			      e->external ? UINT32_MAX : e->cu);

	while (m->slots[h & (m->cap - 1)])
		h++;
	m->slots[h & (m->cap - 1)] = e;
}

static struct dw_entry *emap_get(struct emap *m, const char *name,
				 bool external, const char *loc,
				 const char *file, uint32_t cu, uint64_t order)
{
	struct dw_entry *e;
	uint64_t h;
	size_t i;

	if (external) {
		loc = file = NULL;
		cu = UINT32_MAX;
	}
	if (m->n * 2 >= m->cap) {
		struct dw_entry **old = m->slots;
		size_t oc = m->cap;

		m->cap = oc ? oc * 2 : 4096;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		for (i = 0; i < oc; i++)
			if (old[i])
				emap_put(m, old[i]);
		free(old);
	}
	h = key_hash(name, loc, cu);
	for (;; h++) {
		e = m->slots[h & (m->cap - 1)];
		if (!e)
			break;
		if (e->name == name && e->external == external &&
		    (external || (e->loc == loc && e->cu == cu)))
			return e;
	}
	e = xcalloc(1, sizeof(*e));
	e->name = name;
	e->external = external;
	e->loc = loc;
	e->file = file;
	e->cu = cu;
	e->inline_ = DW_INL_UNSEEN;
	e->created = order;
	e->addr_at = e->inline_at = e->proto_at = ORDER_NONE;
	e->aproto_at = ORDER_NONE;
	e->loc_at = external ? ORDER_NONE : order;
	m->slots[h & (m->cap - 1)] = e;
	m->n++;
	m->all = array_grow(m->all, &m->cap_all, m->n_all + 1,
			    sizeof(*m->all));
	m->all[m->n_all++] = e;
	return e;
}

/* ---- paths ---- */

/*
 * Normalise a path as DepSurf does (collapse "." and "..", strip the
 * "/x/y/linux-VERSION/" source root of an absolute path), and drop a
 * relative compile directory (Debian builds in debian/build/build_...):
 * see docs/dwarf.md.
 */
static void norm_path(const char *in, const char *comp_dir, char *out,
		      size_t len)
{
	char tmp[4096];
	char *parts[256], *save = NULL, *tok;
	size_t n = 0, i, o = 0, cl;
	bool abs;

	if (comp_dir && *comp_dir) {
		cl = strlen(comp_dir);
		if (!strncmp(in, comp_dir, cl) && in[cl] == '/')
			in += cl + 1;
	}
	abs = in[0] == '/';
	snprintf(tmp, sizeof(tmp), "%s", in);
	for (tok = strtok_r(tmp, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..") && n && strcmp(parts[n - 1], "..")) {
			n--;
			continue;
		}
		if (!strcmp(tok, "..") && abs)
			continue;
		if (n < 256)
			parts[n++] = tok;
	}
	i = 0;
	if (abs && n >= 3 && !strncmp(parts[2], "linux-", 6)) {
		i = 3;
		abs = false;
	}
	out[0] = '\0';
	if (abs && len > 1)
		out[o++] = '/';
	for (; i < n && o < len; i++) {
		int w = snprintf(out + o, len - o, "%s%s", parts[i],
				 i + 1 < n ? "/" : "");
		if (w < 0)
			break;
		o += (size_t)w;
	}
	if (o >= len)
		out[len - 1] = '\0';
	else
		out[o] = '\0';
}

/*
 * ---- ELF symbols by exact name: which definition is at the symbol ----
 *
 * Read before the walk, read-only while workers run.  A definition is at
 * a symbol of its name when its address lies in [st_value, st_value +
 * st_size): arm64's ftrace NOPs (-fpatchable-function-entry=2) put the
 * DWARF low_pc 8 bytes past st_value.
 */
struct symidx {
	struct dw_sym *by_name;		/* copies, by name then start */
	size_t n;
	size_t *slots;			/* 1 + index of a name's first copy */
	size_t cap;
};

static int cmp_sym_name(const void *a, const void *b)
{
	const struct dw_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void symidx_build(struct symidx *x, const struct dw_sym *syms,
			 size_t n)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	if (!n)
		return;
	x->by_name = xcalloc(n, sizeof(*x->by_name));
	memcpy(x->by_name, syms, n * sizeof(*syms));
	x->n = n;
	if (n > 1)
		qsort(x->by_name, n, sizeof(*x->by_name), cmp_sym_name);
	for (x->cap = 16; x->cap < 2 * n; x->cap *= 2)
		;
	x->slots = xcalloc(x->cap, sizeof(*x->slots));
	for (i = 0; i < n; i++) {
		const char *name = x->by_name[i].name;
		uint64_t h;

		if (i && !strcmp(x->by_name[i - 1].name, name))
			continue;
		h = hash_str(name, strlen(name));
		while (x->slots[h & (x->cap - 1)])
			h++;
		x->slots[h & (x->cap - 1)] = i + 1;
	}
}

static void symidx_free(struct symidx *x)
{
	free(x->by_name);
	free(x->slots);
	memset(x, 0, sizeof(*x));
}

/* Is addr inside an ELF function symbol named name? */
static bool sym_covers(const struct symidx *x, const char *name,
		       uint64_t addr)
{
	uint64_t h;
	size_t i, j;

	if (!x || !x->n)
		return false;
	for (h = hash_str(name, strlen(name));; h++) {
		i = x->slots[h & (x->cap - 1)];
		if (!i)
			return false;
		if (!strcmp(x->by_name[i - 1].name, name))
			break;
	}
	for (j = i - 1; j < x->n && !strcmp(x->by_name[j].name, name); j++) {
		const struct dw_sym *y = &x->by_name[j];

		if (addr >= y->start &&
		    addr - y->start < (y->size ? y->size : 1))
			return true;
	}
	return false;
}

/* ---- one worker ---- */

/* One definition, for $KSYMSTAT_DWARF_DEFS (tests only). */
struct dw_def {
	uint64_t at;			/* walk order */
	const char *name, *file;
	uint64_t addr;
	char *proto;
};

struct shared;

struct worker {
	struct shared *sh;
	Dwarf *dbg;
	struct pool pool;
	struct emap map;
	unsigned long dies, cus, skipped;
	/* per CU */
	uint32_t cu;
	uint32_t seq;
	const char *path;		/* interned CU path */
	const char *comp_dir;
	Dwarf_Files *files;
	size_t n_files;
	const char **file_cache;
	size_t file_cache_n;
	const char *curr;		/* DepSurf's curr_prog */
	struct dw_def *defs;
	size_t n_defs, cap_defs;
	char *buf;
	size_t buflen;
	int error;
	char err[KS_ERRLEN];
};

struct shared {
	Dwarf_Off *units;		/* CU DIE offsets, in file order */
	size_t n_units;
	uint32_t base;			/* CU index of units[0] */
	atomic_size_t next;
	const struct symidx *syms;	/* NULL: no address matching */
	bool defs;			/* keep every definition */
};

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;

	if (!dwarf_attr(die, DW_AT_name, &a))
		return NULL;
	return dwarf_formstring(&a);
}

static bool die_flag(Dwarf_Die *die, unsigned int at)
{
	Dwarf_Attribute a;
	bool v = false;

	if (!dwarf_attr(die, at, &a))
		return false;
	if (dwarf_formflag(&a, &v))
		return false;
	return v;
}

static bool die_ref(Dwarf_Die *die, unsigned int at, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	if (!dwarf_attr(die, at, &a))
		return false;
	return dwarf_formref_die(&a, out) != NULL;
}

/* DepSurf's get_pc: the first of low_pc, entry_pc, high_pc, raw. */
static uint64_t die_pc(Dwarf_Die *die)
{
	static const unsigned int ats[] = {
		DW_AT_low_pc, DW_AT_entry_pc, DW_AT_high_pc
	};
	Dwarf_Attribute a;
	Dwarf_Addr addr;
	Dwarf_Word w;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ats); i++) {
		if (!dwarf_attr(die, ats[i], &a))
			continue;
		if (dwarf_whatform(&a) == DW_FORM_addr ||
		    dwarf_whatform(&a) == DW_FORM_addrx ||
		    dwarf_whatform(&a) == DW_FORM_GNU_addr_index) {
			if (!dwarf_formaddr(&a, &addr))
				return addr;
		} else if (!dwarf_formudata(&a, &w)) {
			return w;
		}
		return 0;
	}
	return 0;
}

/*
 * Where a definition's code is, to find it at an ELF symbol: low_pc, else
 * entry_pc, else the lowest start of its ranges; 0 if none.
 */
static uint64_t def_addr(Dwarf_Die *die)
{
	Dwarf_Addr a, base, start, end, low = 0;
	ptrdiff_t off = 0;

	if (!dwarf_lowpc(die, &a) && a)
		return a;
	if (!dwarf_entrypc(die, &a) && a)
		return a;
	while ((off = dwarf_ranges(die, off, &base, &start, &end)) > 0)
		if (start && (!low || start < low))
			low = start;
	return low;
}

static const char *decl_loc(struct worker *w, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	Dwarf_Word idx, line = 0;
	const char *src;
	char path[4096];

	if (!dwarf_attr(die, DW_AT_decl_file, &a) ||
	    dwarf_formudata(&a, &idx))
		return w->path;
	if (dwarf_attr(die, DW_AT_decl_line, &a))
		dwarf_formudata(&a, &line);
	if (!w->files || idx >= w->n_files)
		return w->path;
	if (idx >= w->file_cache_n) {
		size_t n = w->n_files;

		w->file_cache = xrealloc(w->file_cache, n * sizeof(char *));
		memset(w->file_cache + w->file_cache_n, 0,
		       (n - w->file_cache_n) * sizeof(char *));
		w->file_cache_n = n;
	}
	if (!w->file_cache[idx]) {
		src = dwarf_filesrc(w->files, idx, NULL, NULL);
		norm_path(src ? src : "", w->comp_dir, path, sizeof(path));
		w->file_cache[idx] = pool_intern(&w->pool, path);
	}
	snprintf(path, sizeof(path), "%s:%llu", w->file_cache[idx],
		 (unsigned long long)line);
	return pool_intern(&w->pool, path);
}

static struct dw_entry *entry_of(struct worker *w, Dwarf_Die *die)
{
	const char *name = die_name(die);
	bool ext;

	if (!name)
		return NULL;
	ext = die_flag(die, DW_AT_external);
	return emap_get(&w->map, pool_intern(&w->pool, name), ext,
			ext ? NULL : decl_loc(w, die), ext ? NULL : w->path,
			w->cu, ORDER(w->cu, w->seq++));
}

/* ---- prototypes in DepSurf's style ---- */

static struct decl *die_decl(Dwarf_Die *t, int depth);

/* The type of die's DW_AT_type, or void when it has none. */
static struct decl *type_or_void(Dwarf_Die *die, int depth)
{
	Dwarf_Die t;

	if (die_ref(die, DW_AT_type, &t))
		return die_decl(&t, depth);
	return decl_new(DECL_VOID, NULL, NULL);
}

/* The parameters of a subprogram or subroutine type into fn. */
static void die_params(struct decl *fn, Dwarf_Die *die, bool names,
		       int depth)
{
	Dwarf_Die c, t;

	if (dwarf_child(die, &c))
		return;
	do {
		int tag = dwarf_tag(&c);
		const char *n;

		if (tag == DW_TAG_unspecified_parameters) {
			decl_add_param(fn, NULL, NULL);
			continue;
		}
		if (tag != DW_TAG_formal_parameter)
			continue;
		n = names ? die_name(&c) : NULL;
		if (die_ref(&c, DW_AT_type, &t) && dwarf_tag(&t) ==
		    DW_TAG_pointer_type) {
			Dwarf_Die f;

			if (die_ref(&t, DW_AT_type, &f) &&
			    dwarf_tag(&f) == DW_TAG_subroutine_type) {
				struct decl *sub = decl_new(DECL_FUNC, NULL,
					type_or_void(&f, depth + 1));

				die_params(sub, &f, false, depth + 1);
				decl_add_param(fn, decl_new(DECL_POINTER, NULL,
							    sub), n);
				continue;
			}
		}
		decl_add_param(fn, type_or_void(&c, depth + 1), n);
	} while (!dwarf_siblingof(&c, &c));
}

/* The number of elements of an array type: several dimensions multiply. */
static unsigned long long array_count(Dwarf_Die *t)
{
	unsigned long long cnt = 0;
	Dwarf_Attribute a;
	Dwarf_Die sub;

	/* several dimensions: one array of their product (pahole) */
	if (!dwarf_child(t, &sub)) {
		cnt = 1;
		do {
			Dwarf_Word c = 0;

			if (dwarf_tag(&sub) != DW_TAG_subrange_type)
				continue;
			if (dwarf_attr(&sub, DW_AT_count, &a))
				dwarf_formudata(&a, &c);
			else if (dwarf_attr(&sub, DW_AT_upper_bound, &a) &&
				 !dwarf_formudata(&a, &c))
				c++;
			cnt *= c;
		} while (!dwarf_siblingof(&sub, &sub));
	}
	return cnt;
}

/* The description of a type DIE (decl.h), depth levels deep. */
static struct decl *die_decl(Dwarf_Die *t, int depth)
{
	const char *n = die_name(t);
	struct decl *r;
	Dwarf_Die u;

	if (depth > 32)
		return decl_new(DECL_UNKNOWN, NULL, NULL);
	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
	case DW_TAG_typedef:
		return decl_new(DECL_NAME, n, NULL);
	case DW_TAG_unspecified_type:
		/* assembler CUs type their labels so: "void", as pahole */
		return decl_new(n ? DECL_NAME : DECL_VOID, n, NULL);
	case DW_TAG_structure_type:
		return decl_new(DECL_STRUCT, n, NULL);
	case DW_TAG_union_type:
		return decl_new(DECL_UNION, n, NULL);
	case DW_TAG_enumeration_type:
		return decl_new(DECL_ENUM, n, NULL);
	case DW_TAG_const_type:
		return decl_new(DECL_CONST, NULL, type_or_void(t, depth + 1));
	case DW_TAG_volatile_type:
		return decl_new(DECL_VOLATILE, NULL,
				type_or_void(t, depth + 1));
	case DW_TAG_restrict_type:
		return decl_new(DECL_RESTRICT, NULL,
				type_or_void(t, depth + 1));
	case DW_TAG_atomic_type:
		return type_or_void(t, depth + 1);
	case DW_TAG_pointer_type:
		return decl_new(DECL_POINTER, NULL,
				type_or_void(t, depth + 1));
	case DW_TAG_array_type:
		r = decl_new(DECL_ARRAY, NULL, die_ref(t, DW_AT_type, &u) ?
			     die_decl(&u, depth + 1) : NULL);
		r->nelems = array_count(t);
		return r;
	case DW_TAG_subroutine_type:
		r = decl_new(DECL_FUNC, NULL, type_or_void(t, depth + 1));
		die_params(r, t, false, depth + 1);
		return r;
	default:
		return decl_new(DECL_NAME, n, NULL);
	}
}

static char *proto_of(Dwarf_Die *fn, const char *name)
{
	struct decl *d = decl_new(DECL_FUNC, NULL, type_or_void(fn, 0));
	char *s;

	die_params(d, fn, true, 0);
	s = decl_proto(d, name);
	decl_free(d);
	return s;
}

/* ---- the traversal: DepSurf's handler map ---- */

static void add_caller(struct worker *w, struct dw_entry *e, bool inl)
{
	struct dw_caller *c;

	if (!w->curr)
		return;
	if (inl) {
		e->inl = array_grow(e->inl, &e->cap_inl, e->n_inl + 1,
				    sizeof(*e->inl));
		c = &e->inl[e->n_inl++];
	} else {
		e->dir = array_grow(e->dir, &e->cap_dir, e->n_dir + 1,
				    sizeof(*e->dir));
		c = &e->dir[e->n_dir++];
	}
	c->file = w->path;
	c->name = w->curr;
	c->cu = w->cu;
	c->seq = w->seq++;
}

static void set_addr(struct worker *w, struct dw_entry *e, Dwarf_Die *die)
{
	uint64_t pc, at = ORDER(w->cu, w->seq++);

	if (e->addr)
		return;
	pc = die_pc(die);
	if (pc) {
		e->addr = pc;
		e->addr_at = at;
	}
}

/*
 * A definition with code (def; its types in typed: def itself, or the
 * abstract origin of an out-of-line copy).  The first one at an ELF
 * symbol of the name gives the entry's prototype (docs/dwarf.md).
 */
static void on_definition(struct worker *w, struct dw_entry *e,
			  Dwarf_Die *def, Dwarf_Die *typed)
{
	uint64_t pc, at = ORDER(w->cu, w->seq++);
	struct dw_def *d;
	char *proto = NULL;

	if (!w->sh->syms && !w->sh->defs)
		return;
	pc = def_addr(def);
	if (pc && !e->aproto && sym_covers(w->sh->syms, e->name, pc)) {
		e->aproto = proto_of(typed, e->name);
		e->aproto_at = at;
	}
	/* the dump: code, or one of the definitions an external entry joins */
	if (!w->sh->defs || (!pc && !e->external))
		return;
	proto = proto_of(typed, e->name);
	w->defs = array_grow(w->defs, &w->cap_defs, w->n_defs + 1,
			     sizeof(*w->defs));
	d = &w->defs[w->n_defs++];
	d->at = at;
	d->name = e->name;
	d->file = w->path;
	d->addr = pc;
	d->proto = proto;
}

static void on_subprogram(struct worker *w, Dwarf_Die *die)
{
	Dwarf_Die o;
	struct dw_entry *e;
	Dwarf_Attribute a;
	Dwarf_Word inl;

	if (dwarf_hasattr(die, DW_AT_abstract_origin)) {
		w->curr = NULL;
		if (die_ref(die, DW_AT_abstract_origin, &o)) {
			e = entry_of(w, &o);
			if (e) {
				set_addr(w, e, die);
				on_definition(w, e, die, &o);
			}
		}
		return;
	}
	e = entry_of(w, die);
	if (!e)
		return;
	if (die_flag(die, DW_AT_declaration))
		return;
	w->curr = e->name;
	if (e->inline_ < 0) {
		if (dwarf_attr(die, DW_AT_inline, &a) &&
		    !dwarf_formudata(&a, &inl)) {
			e->inline_ = (int)inl;
			e->inline_at = ORDER(w->cu, w->seq++);
		} else if (e->inline_ == DW_INL_UNSEEN) {
			e->inline_ = DW_INL_SEEN;
			e->inline_at = ORDER(w->cu, w->seq++);
		}
	}
	if (!e->loc) {
		e->loc = decl_loc(w, die);
		e->file = w->path;
		e->loc_at = ORDER(w->cu, w->seq++);
	}
	if (!e->proto) {
		e->proto = proto_of(die, e->name);
		e->proto_at = ORDER(w->cu, w->seq++);
	}
	set_addr(w, e, die);
	on_definition(w, e, die, die);
}

static void on_call(struct worker *w, Dwarf_Die *die, unsigned int at)
{
	Dwarf_Die o, oo;
	struct dw_entry *e;

	if (!die_ref(die, at, &o))
		return;
	if (die_ref(&o, DW_AT_abstract_origin, &oo))
		o = oo;
	e = entry_of(w, &o);
	if (e)
		add_caller(w, e, false);
}

static void on_inlined(struct worker *w, Dwarf_Die *die)
{
	Dwarf_Die o;
	struct dw_entry *e;

	if (!die_ref(die, DW_AT_abstract_origin, &o))
		return;
	e = entry_of(w, &o);
	if (!e)
		return;
	add_caller(w, e, true);
	set_addr(w, e, die);
}

static void walk(struct worker *w, Dwarf_Die *die)
{
	Dwarf_Die c;
	bool rec;

	w->dies++;
	switch (dwarf_tag(die)) {
	case DW_TAG_compile_unit:
	case DW_TAG_lexical_block:
		rec = true;
		break;
	case DW_TAG_subprogram:
		on_subprogram(w, die);
		rec = true;
		break;
	case DW_TAG_inlined_subroutine:
		on_inlined(w, die);
		rec = true;
		break;
	case DW_TAG_GNU_call_site:
		on_call(w, die, DW_AT_abstract_origin);
		return;
	case DW_TAG_call_site:
		on_call(w, die, DW_AT_call_origin);
		return;
	default:
		return;
	}
	if (!rec || dwarf_child(die, &c))
		return;
	do
		walk(w, &c);
	while (!dwarf_siblingof(&c, &c));
}

/*
 * $KSYMSTAT_DWARF_CUS (tests only): walk just these CU paths, separated
 * by commas, so a second implementation can be run on the same sample.
 */
static bool cu_wanted(const char *path)
{
	const char *list = getenv("KSYMSTAT_DWARF_CUS"), *p;
	size_t n = strlen(path);

	if (!list || !*list)
		return true;
	for (p = list; (p = strstr(p, path)); p += n)
		if ((p == list || p[-1] == ',') && (!p[n] || p[n] == ','))
			return true;
	return false;
}

static void walk_cu(struct worker *w, Dwarf_Die *cu)
{
	Dwarf_Attribute a;
	const char *name, *cd = NULL;
	char path[4096];

	if (dwarf_srclang(cu) == DW_LANG_Rust) {
		w->skipped++;
		return;
	}
	name = die_name(cu);
	if (dwarf_attr(cu, DW_AT_comp_dir, &a))
		cd = dwarf_formstring(&a);
	w->comp_dir = cd && cd[0] != '/' ? cd : NULL;
	norm_path(name ? name : "", NULL, path, sizeof(path));
	if (!cu_wanted(path)) {
		w->skipped++;
		return;
	}
	w->cus++;
	w->path = pool_intern(&w->pool, path);
	w->files = NULL;
	w->n_files = 0;
	if (dwarf_getsrcfiles(cu, &w->files, &w->n_files))
		w->files = NULL;
	free(w->file_cache);
	w->file_cache = NULL;
	w->file_cache_n = 0;
	w->curr = NULL;
	walk(w, cu);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	size_t i;
	Dwarf_Die cu;

	for (;;) {
		i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->n_units)
			break;
		w->cu = sh->base + (uint32_t)i;
		w->seq = 0;
		if (!dwarf_offdie(w->dbg, sh->units[i], &cu))
			continue;
		walk_cu(w, &cu);
	}
	return NULL;
}

/* ---- the result: merged entries, groups, symbols ---- */

struct dw_result {
	struct pool pool;
	struct emap map;
	struct dw_group *groups;
	size_t n_groups;
	struct dw_sym *syms;		/* every STT_FUNC, sorted by base */
	size_t n_syms, cap_syms;
	const char **sym_base;
	struct symidx symidx;		/* while walking a vmlinux */
	struct dw_def *defs;		/* $KSYMSTAT_DWARF_DEFS */
	size_t n_defs, cap_defs;
	struct dw_stats stats;
	unsigned int e_machine;
};

static int cmp_caller(const void *a, const void *b)
{
	const struct dw_caller *x = a, *y = b;

	if (x->cu != y->cu)
		return x->cu < y->cu ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void merge_callers(struct dw_caller **dst, size_t *n, size_t *cap,
			  const struct dw_caller *src, size_t m,
			  struct pool *p)
{
	size_t i;

	if (!m)
		return;
	*dst = array_grow(*dst, cap, *n + m, sizeof(**dst));
	for (i = 0; i < m; i++) {
		(*dst)[*n + i] = src[i];
		(*dst)[*n + i].file = pool_intern(p, src[i].file);
		(*dst)[*n + i].name = pool_intern(p, src[i].name);
	}
	*n += m;
}

/* Fold a worker's entries into the result, first-wins by order key. */
static void merge_worker(struct dw_result *r, struct worker *w)
{
	size_t i;

	for (i = 0; i < w->map.n_all; i++) {
		struct dw_entry *e = w->map.all[i], *g;
		const char *name = pool_intern(&r->pool, e->name);

		g = emap_get(&r->map, name, e->external,
			     pool_intern(&r->pool, e->loc),
			     pool_intern(&r->pool, e->file), e->cu, e->created);
		if (e->created < g->created)
			g->created = e->created;
		if (e->inline_ >= 0 &&
		    (g->inline_ < 0 || e->inline_at < g->inline_at)) {
			g->inline_ = e->inline_;
			g->inline_at = e->inline_at;
		} else if (e->inline_ == DW_INL_SEEN &&
			   g->inline_ == DW_INL_UNSEEN) {
			g->inline_ = DW_INL_SEEN;
			g->inline_at = e->inline_at;
		}
		if (e->external && e->loc && e->loc_at < g->loc_at) {
			g->loc = pool_intern(&r->pool, e->loc);
			g->file = pool_intern(&r->pool, e->file);
			g->loc_at = e->loc_at;
		}
		if (e->proto && e->proto_at < g->proto_at) {
			free(g->proto);
			g->proto = e->proto;
			e->proto = NULL;
			g->proto_at = e->proto_at;
		}
		if (e->aproto && e->aproto_at < g->aproto_at) {
			free(g->aproto);
			g->aproto = e->aproto;
			e->aproto = NULL;
			g->aproto_at = e->aproto_at;
		}
		if (e->addr && e->addr_at < g->addr_at) {
			g->addr = e->addr;
			g->addr_at = e->addr_at;
		}
		merge_callers(&g->inl, &g->n_inl, &g->cap_inl, e->inl,
			      e->n_inl, &r->pool);
		merge_callers(&g->dir, &g->n_dir, &g->cap_dir, e->dir,
			      e->n_dir, &r->pool);
	}
}

static void entry_free(struct dw_entry *e)
{
	free(e->inl);
	free(e->dir);
	free(e->proto);
	free(e->aproto);
	free(e);
}

/* A worker's definitions into the result (the dump is sorted later). */
static void merge_defs(struct dw_result *r, struct worker *w)
{
	size_t i;

	for (i = 0; i < w->n_defs; i++) {
		struct dw_def *d;

		r->defs = array_grow(r->defs, &r->cap_defs, r->n_defs + 1,
				     sizeof(*r->defs));
		d = &r->defs[r->n_defs++];
		*d = w->defs[i];
		d->name = pool_intern(&r->pool, d->name);
		d->file = pool_intern(&r->pool, d->file);
	}
	free(w->defs);
	w->defs = NULL;
	w->n_defs = 0;
}

static void worker_fini(struct worker *w)
{
	size_t i;

	for (i = 0; i < w->map.n_all; i++)
		entry_free(w->map.all[i]);
	for (i = 0; i < w->n_defs; i++)
		free(w->defs[i].proto);
	free(w->defs);
	free(w->map.all);
	free(w->map.slots);
	free(w->file_cache);
	pool_free(&w->pool);
}

/* ELF STT_FUNC symbols of one file into r->syms. */
static int read_syms(struct dw_result *r, Elf *elf, char *err, size_t errlen)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *d;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d) {
			snprintf(err, errlen, "cannot read .symtab: %s",
				 elf_errmsg(-1));
			return -EINVAL;
		}
		n = sh.sh_size / sh.sh_entsize;
		for (i = 1; i < n; i++) {
			GElf_Sym s;
			const char *name;
			struct dw_sym *y;

			if (!gelf_getsym(d, (int)i, &s) ||
			    GELF_ST_TYPE(s.st_info) != STT_FUNC ||
			    s.st_shndx == SHN_UNDEF)
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			r->syms = array_grow(r->syms, &r->cap_syms,
					     r->n_syms + 1, sizeof(*r->syms));
			y = &r->syms[r->n_syms++];
			y->name = pool_intern(&r->pool, name);
			y->start = s.st_value;
			y->size = s.st_size;
			y->bind = GELF_ST_BIND(s.st_info);
		}
	}
	return 0;
}

static const char *sym_base(struct pool *p, const char *name)
{
	const char *suf = clone_suffix(name);

	return suf ? pool_intern_n(p, name, (size_t)(suf - name)) :
		     pool_intern(p, name);
}

static struct dw_result *sort_ctx;

static int cmp_sym(const void *a, const void *b)
{
	const struct dw_sym *x = a, *y = b;
	const char *bx = sym_base(&sort_ctx->pool, x->name);
	const char *by = sym_base(&sort_ctx->pool, y->name);
	int c = strcmp(bx, by);

	if (c)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct dw_entry *x = *(struct dw_entry *const *)a;
	const struct dw_entry *y = *(struct dw_entry *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->created < y->created ? -1 : x->created > y->created;
}

bool dw_inline_actual(int v)
{
	return v == DW_INL_inlined || v == DW_INL_declared_inlined;
}

/*
 * An entry's prototype: that of its definition at an ELF symbol of the
 * name if it has one, else that of its first definition.
 */
static void entry_proto(struct dw_entry *e)
{
	if (!e->aproto)
		return;
	free(e->proto);
	e->proto = e->aproto;
	e->aproto = NULL;
}

static void group_rows(struct dw_result *r)
{
	struct dw_entry **all = r->map.all;
	size_t n = r->map.n_all, i, j, k, s = 0;

	/* qsort(NULL, 0, ...) is undefined: sort only what there is */
	if (n > 1)
		qsort(all, n, sizeof(*all), cmp_entry);
	sort_ctx = r;
	if (r->n_syms > 1)
		qsort(r->syms, r->n_syms, sizeof(*r->syms), cmp_sym);
	r->sym_base = xcalloc(r->n_syms + 1, sizeof(char *));
	for (i = 0; i < r->n_syms; i++)
		r->sym_base[i] = sym_base(&r->pool, r->syms[i].name);
	r->groups = xcalloc(n + 1, sizeof(*r->groups));
	for (i = 0; i < n; i = j) {
		struct dw_group *g;
		bool same_loc = true, all_static = true, inl = false;
		uint64_t first_at = ORDER_NONE;
		int c = 1;

		for (j = i + 1; j < n && all[j]->name == all[i]->name; j++)
			;
		if (!strncmp(all[i]->name, "__compiletime_assert_", 21))
			continue;
		g = &r->groups[r->n_groups++];
		g->name = all[i]->name;
		g->entries = all + i;
		g->n_entries = j - i;
		for (k = i; k < j; k++) {
			if (all[k]->loc != all[i]->loc)
				same_loc = false;
			if (all[k]->external)
				all_static = false;
			if (dw_inline_actual(all[k]->inline_))
				inl = true;
			entry_proto(all[k]);
			if (all[k]->aproto_at < first_at) {
				/* the first definition at a symbol */
				first_at = all[k]->aproto_at;
				g->proto = all[k]->proto;
				g->proto_at_sym = true;
			} else if (!g->proto && all[k]->proto) {
				g->proto = all[k]->proto;
			}
			if (all[k]->n_inl > 1)
				qsort(all[k]->inl, all[k]->n_inl,
				      sizeof(struct dw_caller), cmp_caller);
			if (all[k]->n_dir > 1)
				qsort(all[k]->dir, all[k]->n_dir,
				      sizeof(struct dw_caller), cmp_caller);
			r->stats.callers += all[k]->n_inl + all[k]->n_dir;
		}
		while (s < r->n_syms &&
		       (c = strcmp(r->sym_base[s], g->name)) < 0)
			s++;
		if (s < r->n_syms && !c) {
			g->syms = &r->syms[s];
			while (s < r->n_syms && r->sym_base[s] == g->name) {
				s++;
				g->n_syms++;
			}
		}
		if (g->n_entries == 1) {
			g->collision = all[i]->external ? DW_UNIQUE_GLOBAL :
							  DW_UNIQUE_STATIC;
		} else if (same_loc) {
			g->collision = DW_STATIC_DUPLICATION;
			g->status |= DS_DUPLICATE;
		} else {
			g->collision = all_static ? DW_STATIC_STATIC :
						    DW_STATIC_GLOBAL;
			g->status |= DS_COLLISION;
		}
		if (!g->n_syms) {
			g->inline_ = DW_INLINE_FULL;
			g->status |= DS_FULL_INLINE;
		} else if (inl) {
			g->inline_ = DW_INLINE_SELECTIVE;
			g->status |= DS_SELECTIVE_INLINE;
		} else {
			g->inline_ = DW_INLINE_NO;
		}
		for (k = 0; k < g->n_syms; k++)
			if (clone_suffix(g->syms[k].name))
				g->transformation = true;
		if (g->transformation)
			g->status |= DS_TRANSFORMATION;
	}
	r->stats.entries = n;
	r->stats.groups = r->n_groups;
}

static unsigned int n_threads(unsigned int want)
{
	const char *env = getenv("KSYMSTAT_DWARF_THREADS");
	long n;

	if (!want && env && *env)
		want = (unsigned int)strtoul(env, NULL, 10);
	if (want)
		return want > 64 ? 64 : want;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 8 ? 8 : (unsigned int)n;
}

static void units_of(Dwarf *dbg, Dwarf_Off **units, size_t *n)
{
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Die cudie;
	uint8_t ut;
	Dwarf_Half ver;
	size_t cap = 0;

	*units = NULL;
	*n = 0;
	while (!dwarf_get_units(dbg, cu, &next, &ver, &ut, &cudie, NULL)) {
		cu = next;
		if (ut != DW_UT_compile && ut != DW_UT_partial)
			continue;
		*units = array_grow(*units, &cap, *n + 1, sizeof(**units));
		(*units)[(*n)++] = dwarf_dieoffset(&cudie);
	}
}

bool dw_has_debug_info(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr;
	bool found = false;

	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && !elf_getshdrstrndx(elf, &shstr)) {
		while (!found && (scn = elf_nextscn(elf, scn))) {
			const char *n;

			if (!gelf_getshdr(scn, &sh))
				continue;
			n = elf_strptr(elf, shstr, sh.sh_name);
			found = n && !strcmp(n, ".debug_info") &&
				sh.sh_type != SHT_NOBITS;
		}
	}
	elf_end(elf);
	close(fd);
	return found;
}

/* The parallel walk of one Dwarf: workers over its CUs. */
static int scan_dbg(struct dw_result *r, Dwarf **dbgs, unsigned int nt,
		    uint32_t *cu_base, bool by_addr)
{
	struct worker *ws = xcalloc(nt, sizeof(*ws));
	pthread_t *tid = xcalloc(nt, sizeof(*tid));
	struct shared sh = { 0 };
	unsigned int i, started = 0;

	units_of(dbgs[0], &sh.units, &sh.n_units);
	sh.base = *cu_base;
	atomic_init(&sh.next, 0);
	sh.syms = by_addr ? &r->symidx : NULL;
	sh.defs = by_addr && getenv("KSYMSTAT_DWARF_DEFS") &&
		  *getenv("KSYMSTAT_DWARF_DEFS");
	for (i = 0; i < nt; i++) {
		ws[i].sh = &sh;
		ws[i].dbg = dbgs[i];
	}
	for (i = 1; i < nt; i++)
		if (!pthread_create(&tid[i], NULL, worker_run, &ws[i]))
			started |= 1u << i;
	worker_run(&ws[0]);
	for (i = 1; i < nt; i++)
		if (started & (1u << i))
			pthread_join(tid[i], NULL);
	for (i = 0; i < nt; i++) {
		merge_worker(r, &ws[i]);
		r->stats.dies += ws[i].dies;
		r->stats.cus += ws[i].cus;
		r->stats.cus_skipped += ws[i].skipped;
		merge_defs(r, &ws[i]);
		worker_fini(&ws[i]);
	}
	*cu_base += (uint32_t)sh.n_units;
	free(sh.units);
	free(ws);
	free(tid);
	return 0;
}

static int scan_vmlinux(struct dw_result *r, const char *path,
			unsigned int nt, uint32_t *cu_base, char *err,
			size_t errlen)
{
	Dwarf **dbgs = xcalloc(nt, sizeof(*dbgs));
	unsigned int i;
	GElf_Ehdr eh;
	Elf *elf;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(dbgs);
		return -errno;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || !gelf_getehdr(elf, &eh)) {
		snprintf(err, errlen, "%s: not an ELF file", path);
		ret = -EINVAL;
		goto out;
	}
	if (eh.e_type == ET_REL) {
		snprintf(err, errlen,
			 "%s: a relocatable object; give the vmlinux first, modules after it",
			 path);
		ret = -EINVAL;
		goto out;
	}
	r->e_machine = eh.e_machine;
	for (i = 0; i < nt; i++) {
		dbgs[i] = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
		if (!dbgs[i]) {
			snprintf(err, errlen, "%s: no DWARF debug info (%s)",
				 path, dwarf_errmsg(-1));
			ret = -EINVAL;
			goto out;
		}
	}
	ret = read_syms(r, elf, err, errlen);
	if (!ret) {
		symidx_build(&r->symidx, r->syms, r->n_syms);
		ret = scan_dbg(r, dbgs, nt, cu_base, true);
		symidx_free(&r->symidx);
	}
out:
	for (i = 0; i < nt; i++)
		if (dbgs[i])
			dwarf_end(dbgs[i]);
	free(dbgs);
	elf_end(elf);
	close(fd);
	return ret;
}

static const Dwfl_Callbacks offline_cb = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/* A module .ko: relocated by libdwfl, walked by one worker. */
static int scan_ko(struct dw_result *r, const char *path, uint32_t *cu_base,
		   char *err, size_t errlen)
{
	Dwfl *dwfl = dwfl_begin(&offline_cb);
	Dwfl_Module *mod;
	Dwarf *dbg;
	Dwarf_Addr bias;
	Elf *elf;
	int ret = 0;

	if (!dwfl)
		return -ENOMEM;
	mod = dwfl_report_offline(dwfl, path, path, -1);
	dwfl_report_end(dwfl, NULL, NULL);
	dbg = mod ? dwfl_module_getdwarf(mod, &bias) : NULL;
	if (!dbg) {
		snprintf(err, errlen, "%s: no DWARF debug info (%s)", path,
			 dwfl_errmsg(-1));
		dwfl_end(dwfl);
		return -EINVAL;
	}
	elf = dwfl_module_getelf(mod, &bias);
	if (elf)
		ret = read_syms(r, elf, err, errlen);
	/* symbol values are section offsets here: no address matching */
	if (!ret)
		ret = scan_dbg(r, &dbg, 1, cu_base, false);
	dwfl_end(dwfl);
	return ret;
}

static int cmp_def(const void *a, const void *b)
{
	const struct dw_def *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * $KSYMSTAT_DWARF_DEFS=FILE (tests only): in walk order, every definition
 * with code and every definition of an external name (ADDR 0: none),
 * NAME<TAB>CU<TAB>ADDR<TAB>PROTOTYPE.
 */
static int write_defs(struct dw_result *r, char *err, size_t errlen)
{
	const char *path = getenv("KSYMSTAT_DWARF_DEFS");
	size_t i;
	FILE *f;

	if (!path || !*path)
		return 0;
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (r->n_defs > 1)
		qsort(r->defs, r->n_defs, sizeof(*r->defs), cmp_def);
	for (i = 0; i < r->n_defs; i++)
		fprintf(f, "%s\t%s\t%llx\t%s\n", r->defs[i].name,
			r->defs[i].file, (unsigned long long)r->defs[i].addr,
			r->defs[i].proto);
	if (fclose(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -EIO;
	}
	return 0;
}

int dw_scan(const char *path, unsigned int threads, struct dw_result **out,
	    char *err, size_t errlen)
{
	struct dw_result *r = xcalloc(1, sizeof(*r));
	unsigned int nt = n_threads(threads);
	uint32_t cu_base = 0;
	int ret;

	elf_version(EV_CURRENT);
	r->stats.threads = nt;
	ret = scan_vmlinux(r, path, nt, &cu_base, err, errlen);
	if (!ret)
		ret = write_defs(r, err, errlen);
	if (ret) {
		dw_free(r);
		return ret;
	}
	group_rows(r);
	*out = r;
	return 0;
}

int dw_scan_module(const char *path, struct dw_result **out, char *err,
		   size_t errlen)
{
	struct dw_result *r = xcalloc(1, sizeof(*r));
	uint32_t cu_base = 0;
	int ret;

	elf_version(EV_CURRENT);
	r->stats.threads = 1;
	ret = scan_ko(r, path, &cu_base, err, errlen);
	if (ret) {
		dw_free(r);
		return ret;
	}
	group_rows(r);
	*out = r;
	return 0;
}

size_t dw_ngroups(const struct dw_result *r)
{
	return r->n_groups;
}

const struct dw_group *dw_group_at(const struct dw_result *r, size_t i)
{
	return i < r->n_groups ? &r->groups[i] : NULL;
}

const struct dw_stats *dw_stats(const struct dw_result *r)
{
	return &r->stats;
}

unsigned int dw_elf_machine(const struct dw_result *r)
{
	return r->e_machine;
}

void dw_free(struct dw_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->map.n_all; i++)
		entry_free(r->map.all[i]);
	for (i = 0; i < r->n_defs; i++)
		free(r->defs[i].proto);
	free(r->defs);
	symidx_free(&r->symidx);
	free(r->map.all);
	free(r->map.slots);
	free(r->groups);
	free(r->syms);
	free(r->sym_base);
	pool_free(&r->pool);
	free(r);
}
