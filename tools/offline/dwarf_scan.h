/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DWARF import (elfutils libdw): DepSurf's function rows computed from the
 * debug info of one kernel build (a -dbg vmlinux, and module .ko files).
 * docs/dwarf.md gives the rules and where each one comes from.
 */
#ifndef KSYMSTAT_DWARF_SCAN_H
#define KSYMSTAT_DWARF_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* DW_AT_inline as DepSurf records it, plus "never seen defined". */
enum dw_inline {
	DW_INL_UNSEEN = -2,		/* only declarations / references */
	DW_INL_SEEN = -1,		/* defined, no DW_AT_inline */
	/* 0..3: DW_INL_not_inlined .. DW_INL_declared_inlined */
};

struct dw_caller {
	const char *file;		/* CU path of the caller */
	const char *name;		/* enclosing function */
	uint32_t cu;			/* CU index, then position: the order */
	uint32_t seq;
};

struct dw_entry {
	const char *name;
	bool external;
	const char *loc;		/* "virt/kvm/kvm_main.c:2177", or NULL */
	const char *file;		/* CU path, or NULL */
	uint32_t cu;			/* key of a static entry: its CU index */
	int inline_;			/* enum dw_inline or 0..3 */
	uint64_t addr;			/* first non-zero pc, 0 if none */
	/*
	 * C declaration, or NULL: that of the definition at an ELF symbol
	 * of the name (aproto while walking), else of the first definition.
	 */
	char *proto;
	char *aproto;
	struct dw_caller *inl;		/* inline callers */
	size_t n_inl, cap_inl;
	struct dw_caller *dir;		/* direct callers */
	size_t n_dir, cap_dir;
	/* order keys: where each first-wins field was set */
	uint64_t created, addr_at, inline_at, loc_at, proto_at, aproto_at;
};

struct dw_sym {
	const char *name;
	uint64_t start, size;
	unsigned char bind;		/* ELF STB_* value */
};

/* DepSurf's Collision of a group (dwarf_import.c writes its words). */
enum dw_collision {
	DW_UNIQUE_GLOBAL,
	DW_UNIQUE_STATIC,
	DW_STATIC_DUPLICATION,		/* one definition, several CUs */
	DW_STATIC_STATIC,
	DW_STATIC_GLOBAL,
	DW_COLLISION__COUNT
};

/* DepSurf's Inline of a group. */
enum dw_group_inline {
	DW_INLINE_NO,
	DW_INLINE_SELECTIVE,
	DW_INLINE_FULL,
	DW_INLINE__COUNT
};

struct dw_group {
	const char *name;
	struct dw_entry **entries;
	size_t n_entries;
	struct dw_sym *syms;
	size_t n_syms;
	unsigned int status;		/* enum ds_status bits */
	enum dw_collision collision;
	enum dw_group_inline inline_;
	bool transformation;
	const char *proto;		/* the group's prototype, or NULL */
	bool proto_at_sym;		/* ... from the definition at a symbol */
};

struct dw_stats {
	unsigned long cus, cus_skipped, dies, entries, groups, callers;
	unsigned int threads;
};

struct dw_result;

/*
 * Walk the DWARF of a vmlinux with threads workers (0: $KSYMSTAT_DWARF_THREADS,
 * else one per online CPU, at most 8), or of one module .ko (relocated by
 * libdwfl, one worker).  Returns 0 or -errno with a message in err.
 */
int dw_scan(const char *path, unsigned int threads, struct dw_result **out,
	    char *err, size_t errlen);
int dw_scan_module(const char *path, struct dw_result **out, char *err,
		   size_t errlen);
size_t dw_ngroups(const struct dw_result *r);
const struct dw_group *dw_group_at(const struct dw_result *r, size_t i);
const struct dw_stats *dw_stats(const struct dw_result *r);
unsigned int dw_elf_machine(const struct dw_result *r);
void dw_free(struct dw_result *r);

/* proto_diff.c: DepSurf's Differences between two prototypes of name */
struct ds_diff;
void dwarf_proto_diff(const char *name, const char *old, const char *new_,
		      struct ds_diff *d);

/* DW_AT_inline 1 or 3: the compiler inlined it somewhere. */
bool dw_inline_actual(int v);

/* Has this ELF file a .debug_info section? */
bool dw_has_debug_info(const char *path);

#endif
