/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat: shared state of the module.  One mutex (ks_lock) guards the
 * target set and the results of the last kallsyms walk.
 */
#ifndef KSYMSTAT_H
#define KSYMSTAT_H

#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/btf.h>
#include <linux/bpf.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>

#include <ksymstat/rules.h>

#include "compat.h"

#define KS_FORMAT_VERSION	3
#define KS_MAX_TARGETS		65536
#define KS_MAX_WRITE		(1 << 20)	/* bytes in one write() */
#define KS_HASH_BITS		14

/* What one client does: enum ks_verdict, enum ks_reason, 0 or -errno. */
struct ks_answer {
	u8 verdict;
	u8 reason;
	s16 err;
};

/*
 * One kallsyms symbol that matched a target: 48 bytes on 64-bit.  The name
 * is the target's own when there is no suffix, the owner an interned module
 * name ("" for vmlinux), so neither costs a copy per symbol.  The client
 * verdicts are not kept: the report derives them from these facts
 * (clients.c), and so does the name ftrace knows a site by (ftrace_alias).
 */
struct ks_sym {
	const char *name;		/* full name, suffix included */
	const char *owner;		/* "" for vmlinux */
	unsigned long addr;
	u32 size;
	u32 index;			/* kallsyms index (vmlinux only) */
	u32 ftrace_any_off;		/* a record in the extent: ks_ftrace_any() */
	u16 base_len;			/* name[base_len..] is the suffix */
	u16 sympos;
	u16 ftrace_recs;		/* enabled records in the extent */
	s16 kprobe_err;
	char type;
	u8 ftrace_entry;		/* KS_ENTRY_*: the entry site */
	u8 bind:2;			/* enum ks_bind */
	u8 exported:2;			/* enum ks_export */
	bool blacklisted:1;
	bool kprobe_unsafe:1;		/* not registered: see probe.c */
	bool ftrace_alias:1;		/* ftrace names ftrace_any otherwise */
	bool ev_notrace:1;		/* trace_kprobe's notrace refusal */
	bool fentry_mod:1;		/* fentry's pick for a module FUNC */
};

/*
 * Sites as offsets from the symbol, biased by KS_ENTRY_BIAS: a record can
 * start a few bytes before the address it covers (ftrace matches every
 * record its instruction overlaps).
 *
 * ftrace_any_off: 0 none, else the record ftrace_location() found, at
 * addr + ftrace_any_off - KS_ENTRY_BIAS (within the extent, a u32).
 * ftrace_entry: where the ftrace site at the function's entry is.  0 none,
 * KS_ENTRY_ANY that same record, else addr + the value - KS_ENTRY_BIAS (one
 * found near the entry, ftrace_location_range()).
 */
#define KS_ENTRY_NONE		0
#define KS_ENTRY_ANY		1
#define KS_ENTRY_BIAS		16

static inline unsigned long ks_ftrace_any(const struct ks_sym *s)
{
	return s->ftrace_any_off ?
	       s->addr + s->ftrace_any_off - KS_ENTRY_BIAS : 0;
}

static inline unsigned long ks_ftrace_addr(const struct ks_sym *s)
{
	if (s->ftrace_entry == KS_ENTRY_NONE)
		return 0;
	if (s->ftrace_entry == KS_ENTRY_ANY)
		return ks_ftrace_any(s);
	return s->addr + s->ftrace_entry - KS_ENTRY_BIAS;
}

/*
 * What a BPF trampoline makes of the prototype of a target's BTF FUNC
 * (btfproto.c): vmlinux's set with its BTF mark (ks_btf_mark()), a
 * module's by ks_modbtf_mark().
 */
enum ks_fentry_proto {
	KS_FENTRY_PROTO_OK,
	KS_FENTRY_PROTO_EINVAL,
	KS_FENTRY_PROTO_ENOTSUPP,
	KS_FENTRY_PROTO_UNKNOWN,	/* the table could not be built */
};


/* Whether a module's BTF has a FUNC of a target's name (modbtf.c). */
enum ks_mod_btf {
	KS_MOD_BTF_NONE,
	KS_MOD_BTF_FUNC,
	KS_MOD_BTF_UNKNOWN,		/* module BTF could not be asked */
};

/*
 * A target: 48 bytes, room for its first symbol (most targets have one),
 * and its name.  The by-name verdicts are derived when the report is
 * rendered, like the symbols' own.  Targets of a replacing write are
 * carved from their set's chunks (targets.c), not one allocation each.
 */
struct ks_target {
	struct hlist_node node;
	struct ks_sym *syms;		/* &sym0, or an array for several */
	u32 hash;
	u16 len;
	bool fresh:1;			/* added by the write in progress */
	bool btf_func:1;		/* vmlinux BTF has a FUNC of the name */
	bool chunked:1;			/* in its set's chunks: not kfree()d */
	bool known:1;			/* vmlinux part from known.c */
	u8 fentry_proto:2;		/* enum ks_fentry_proto, btfproto.c */
	u8 mod_btf:2;			/* enum ks_mod_btf (modbtf.c) */
	u8 mod_proto:2;			/* ks_fentry_proto of that FUNC */
	unsigned int nsyms;
	unsigned int cap;
	unsigned int count;		/* exact-name symbols */
	unsigned int clones;		/* suffixed symbols */
	struct ks_sym sym0;
	char name[];
};

struct ks_chunk;

/* A target set: hashed by name for the walk, sorted by name for the report. */
struct ks_set {
	DECLARE_HASHTABLE(hash, KS_HASH_BITS);
	struct ks_target **sorted;	/* NULL: to sort before use */
	unsigned int n;
	struct ks_chunk *chunks;	/* where its targets are carved */
};

/* The target set and the results of the last walk. */
struct ks_state {
	struct ks_set *set;
	unsigned long nsymbols;		/* kallsyms entries walked */
	unsigned long nvmlinux;		/* ... of which vmlinux */
	unsigned int nmodules;
	u64 walk_ns;			/* the whole walk ... */
	u64 lookup_ns;			/* ... of which finding the symbols */
	u64 probe_ns;			/* ... of which ftrace/kprobe/export */
	u64 generation;
	u64 walks;			/* walks made, failed ones included */
	u32 digest;			/* of the last results */
	unsigned long text;		/* address of KS_TEXT_ANCHOR */
	int module_events;		/* ks_module_events at the walk */
	int param_events;		/* ks_param_events at the walk */
	bool stale;			/* the target set changed */
	u8 how;				/* enum ks_how: vmlinux searched how */
};

/* How the last walk found the vmlinux symbols: the header's lookup=. */
enum ks_how {
	KS_HOW_WALK,		/* every vmlinux symbol visited */
	KS_HOW_INDEX,		/* each target looked up (fast.c) */
	KS_HOW_KNOWN,		/* every target asked before (known.c) */
	KS_HOW__COUNT,
};

extern const char * const ks_how_names[KS_HOW__COUNT];

extern struct mutex ks_lock;
extern bool ks_fault_nomem;
extern atomic_t ks_module_events;
extern atomic_t ks_param_events;
extern struct ks_state ks_state;

/* resolve.c: kernel functions modules may not call directly. */
struct ks_kernel_fns {
	typeof(&kallsyms_lookup_name) lookup_name;
	typeof(&kallsyms_on_each_symbol) on_each_symbol;
	ks_match_symbol_t on_each_match_symbol;	/* NULL: walk instead */
	typeof(&module_kallsyms_on_each_symbol) module_on_each_symbol;
	typeof(&kallsyms_lookup_size_offset) lookup_size_offset;
	typeof(&kallsyms_show_value) show_value;
	typeof(&__module_address) module_address;
	unsigned long (*ftrace_location)(unsigned long ip);
	ks_find_symbol_t find_symbol;		/* NULL: exports unknown */
	/* Optional, for the client verdicts (NULL: that fact unknown). */
	typeof(&ftrace_location_range) ftrace_location_range;
	typeof(&within_kprobe_blacklist) within_kprobe_blacklist;
	typeof(&bpf_get_btf_vmlinux) get_btf_vmlinux;
	typeof(&btf_nr_types) btf_nr_types;
	typeof(&btf_type_by_id) btf_type_by_id;
	typeof(&btf_name_by_offset) btf_name_by_offset;
	/* Optional, module BTF (NULL: fentry on module names unknown). */
	ks_get_module_btf_t get_module_btf;
	typeof(&btf_put) btf_put;
	typeof(&btf_obj_id) btf_obj_id;
};

extern struct ks_kernel_fns ks_fn;
int ks_resolve(void);

/* targets.c: the target set. */
int ks_targets_init(const char *list);
void ks_targets_exit(void);
int ks_targets_update(const char *buf, bool replace);
int ks_set_sort(struct ks_set *set);
bool ks_is_sep(char c);
bool ks_valid_token(const char *tok, size_t len);
struct ks_target *ks_target_find(struct ks_set *set, const char *name,
				 unsigned int len);
void ks_sym_reset(struct ks_target *t);
struct ks_sym *ks_add_sym(struct ks_target *t, const char *name,
			  unsigned int base_len, unsigned long addr);

/* walk.c: one walk of kallsyms over vmlinux and every module. */
int ks_walk(struct ks_set *set);
bool ks_walk_needed(void);
void ks_owners_free(void);

/* types.c: lines of /proc/kallsyms by index; type letters. */
struct ks_line {
	unsigned long addr;
	char type;
	char name[KSYM_NAME_LEN];
};

int ks_kallsyms_open(void);
void ks_kallsyms_close(void);
bool ks_kallsyms_has_values(void);
int ks_kallsyms_line(unsigned long index, struct ks_line *l);
int ks_vmlinux_types(struct ks_sym **syms, unsigned int n);

/* fast.c: vmlinux symbols by lookup instead of a walk. */
enum ks_lookup_mode {
	KS_LOOKUP_AUTO,
	KS_LOOKUP_WALK,
	KS_LOOKUP_INDEX,
};

/* Up to this many targets a lookup beats a walk (BENCHMARKS.md). */
#define KS_FAST_MAX		1024
extern int ks_lookup_mode;
int ks_fast_init(void);
void ks_fast_exit(void);
bool ks_fast_usable(unsigned int ntargets);
int ks_fast_lookup(struct ks_set *set);
unsigned long ks_fast_nvmlinux(void);

/* known.c: the vmlinux symbols of names asked before. */
bool ks_known_usable(void);
int ks_known_lookup(struct ks_set *set, unsigned int *unknown);
void ks_known_put_set(struct ks_set *set, unsigned long nvmlinux);
unsigned long ks_known_nvmlinux(void);
void ks_known_free(void);

/* probe.c: ftrace, kprobe and export facts of the matched symbols. */
int ks_probe_all(struct ks_set *set);
void ks_probe_exit(void);
extern bool ks_kprobe_cache;

/* kpcache.c: the facts of symbols, kept across walks. */
bool ks_kpcache_type(struct ks_sym *s);
bool ks_kpcache_get(struct ks_sym *s, bool *recheck);
int ks_kpcache_put(const struct ks_sym *s, bool recheck);
void ks_kpcache_mod_sync(int events);
bool ks_kpcache_mod_type(struct ks_sym *s);
bool ks_kpcache_mod_get(struct ks_sym *s);
int ks_kpcache_mod_put(const struct ks_sym *s);
void ks_kpcache_free(void);

/* clients.c: what each client would do, per symbol and by name. */
void ks_clients(struct ks_set *set);
bool ks_kprobe_event_notrace(unsigned long addr);
unsigned int ks_verdicts(struct ks_target *t,
			 struct ks_answer (*sv)[KS_CLIENT__COUNT],
			 struct ks_answer *tv);
extern int ks_btf_state;		/* vmlinux BTF: 1 yes, 0 no, -1 unknown */
const char *ks_errno_name(int err, char *buf, size_t len);

/* btfidx.c: vmlinux BTF FUNC names, sorted; which targets have one. */
void ks_btf_index_init(void);
void ks_btf_index_exit(void);
void ks_btf_mark(struct ks_set *set, struct btf *btf);
struct ks_target *ks_btf_next_func(struct ks_set *set, struct btf *btf,
				   u32 *id, const struct btf_type **type);

/* btfproto.c: the prototypes a BPF trampoline cannot take. */
void ks_btf_proto_init(void);
void ks_proto_mark(struct ks_set *set, struct btf *btf);
u8 ks_btf_proto_code(struct btf *btf, const struct btf_type *func);

/* modbtf.c: fentry through the BTF of modules. */
void ks_modbtf_reset(void);
void ks_modbtf_saw(const struct module *mod);
void ks_modbtf_mark(struct ks_set *set, struct btf *vmlinux);
void ks_modbtf_exit(void);

/* render.c: the report text. */
struct ks_buf {
	char **pages;			/* PAGE_SIZE each, all full but the last */
	unsigned int npages, pcap;
	size_t len;
	char *line;			/* while rendering: the line being written */
	int err;
};

int ks_render(struct ks_buf *b, struct ks_set *set, bool show);
void ks_buf_free(struct ks_buf *b);
void ks_buf_trim(struct ks_buf *b);
ssize_t ks_buf_read(const struct ks_buf *b, char __user *ubuf, size_t count,
		    loff_t *ppos);
enum ks_coll ks_collision(const struct ks_target *t);

/* buildid.c: GNU build-ids, as lowercase hex (NULL or -ENODATA: none). */
#define KS_BUILD_ID_MAX		64	/* bytes of a note's desc */
#define KS_BUILD_ID_HEX		(2 * KS_BUILD_ID_MAX + 1)
const char *ks_build_id_vmlinux(void);
int ks_build_id_module(const char *name, char *hex);

/* report.c: /sys/kernel/debug/ksymstat. */
int ks_report_init(void);
void ks_report_exit(void);

#endif /* KSYMSTAT_H */
