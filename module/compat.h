/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version and architecture difference ksymstat meets, as small
 * shims named for the modern API.  Nothing else in module/ tests
 * LINUX_VERSION_CODE or CONFIG_<ARCH>.
 */
#ifndef KSYMSTAT_COMPAT_H
#define KSYMSTAT_COMPAT_H

#include <linux/version.h>
#include <linux/kallsyms.h>
#include <linux/module.h>

/*
 * kallsyms_on_each_symbol(): 6.4 ("kallsyms: Delete an
 * unused parameter related to {module_}kallsyms_on_each_symbol()") dropped the
 * struct module * argument of the callback.  Before it, a non-NULL module
 * means a module symbol, which the module walk reports instead.
 * KS_VMLINUX_CB(cb, fn) defines the callback cb that passes each vmlinux
 * symbol to fn(void *data, const char *name, unsigned long addr).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define KS_VMLINUX_CB(cb, fn)						\
static int cb(void *data, const char *name, unsigned long addr)		\
{									\
	return fn(data, name, addr);					\
}
#else
#define KS_VMLINUX_CB(cb, fn)						\
static int cb(void *data, const char *name, struct module *mod,	\
	      unsigned long addr)					\
{									\
	return mod ? 0 : fn(data, name, addr);				\
}
#endif

/*
 * kallsyms_on_each_match_symbol(): upstream 6.2 ("kallsyms: Add helper
 * kallsyms_on_each_match_symbol()"), backported into Debian's 6.1 with the
 * same prototype, which the headers of both declare.  Not exported: resolved
 * by name, and absent where the kernel lacks it.
 */
typedef int (*ks_match_symbol_t)(int (*fn)(void *, unsigned long),
				 const char *name, void *data);

/*
 * module_kallsyms_on_each_symbol(): 6.2 ("livepatch:
 * Improve the search performance of module_kallsyms_on_each_symbol()") added
 * the module-name filter and took the struct module * out of the callback;
 * the owner is then found from the address, under the module_mutex the walk
 * holds.  KS_MODULE_CB(cb, fn) defines the callback cb that passes each
 * module symbol to fn(void *data, const char *name, struct module *mod,
 * unsigned long addr), mod NULL where the kernel does not give it;
 * ks_module_kallsyms_walk(fn, cb, data) walks every module with it.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define KS_MODULE_CB(cb, fn)						\
static int cb(void *data, const char *name, unsigned long addr)		\
{									\
	return fn(data, name, NULL, addr);				\
}
#define ks_module_kallsyms_walk(fn, cb, data)	(fn)(NULL, cb, data)
#else
#define KS_MODULE_CB(cb, fn)						\
static int cb(void *data, const char *name, struct module *mod,	\
	      unsigned long addr)					\
{									\
	return fn(data, name, mod, addr);				\
}
#define ks_module_kallsyms_walk(fn, cb, data)	(fn)(cb, data)
#endif

/*
 * kallsyms_lookup_name() was exported until 5.7 ("kallsyms: unexport
 * kallsyms_lookup_name() and kallsyms_on_each_symbol()"); since then its
 * address comes from a disabled kprobe (resolve.c).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 7, 0)
static inline unsigned long ks_exported_lookup_name(void)
{
	return (unsigned long)kallsyms_lookup_name;
}
#else
static inline unsigned long ks_exported_lookup_name(void)
{
	return 0;
}
#endif

/*
 * find_symbol() and its argument live in kernel/module/internal.h (since
 * 5.17; kernel/module.c before), out of reach of modules, so the layout is
 * copied here.  It is the one of 5.12 ("module: pass struct
 * find_symbol_args to find_symbol") and was checked against the sources of
 * 6.1 and 6.12 (and by the guest tests, which set the licence against
 * Module.symvers).  Outside that range the copy is not trusted: resolve.c
 * leaves find_symbol unresolved and every export reads "unknown".
 */
#define KS_FIND_SYMBOL_KNOWN						\
	(LINUX_VERSION_CODE >= KERNEL_VERSION(5, 12, 0) &&		\
	 LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0))

enum ks_mod_license {
	KS_NOT_GPL_ONLY,
	KS_GPL_ONLY,
};

struct find_symbol_arg {
	const char *name;
	bool gplok;
	bool warn;
	struct module *owner;
	const s32 *crc;
	const void *sym;
	enum ks_mod_license license;
};

typedef bool (*ks_find_symbol_t)(struct find_symbol_arg *fsa);

static inline bool ks_find_symbol_known(void)
{
	return KS_FIND_SYMBOL_KNOWN;
}

/*
 * The KASLR displacement of the kernel image: where a text anchor is (from
 * kallsyms: modules cannot reference linker symbols, and arm64's
 * kaslr_offset() reads _text since 6.6) minus where it was linked.  arm64
 * kallsyms has no _text; _stext follows the 64K image header
 * (SEGMENT_ALIGN) in arch/arm64/kernel/vmlinux.lds.S.
 */
#if defined(CONFIG_ARM64)
#include <asm/memory.h>
#define KS_TEXT_ANCHOR	"_stext"
#define KS_TEXT_LINKED	(KIMAGE_VADDR + SEGMENT_ALIGN)
#elif defined(CONFIG_X86_64)
#include <asm/page_types.h>
#define KS_TEXT_ANCHOR	"_text"
#define KS_TEXT_LINKED	__START_KERNEL
#else
#define KS_TEXT_ANCHOR	"_text"
#endif

static inline bool ks_kaslr_offset(unsigned long text, unsigned long *off)
{
#ifdef KS_TEXT_LINKED
	if (text) {
		*off = text - KS_TEXT_LINKED;
		return true;
	}
#endif
	return false;
}

/*
 * The ftrace entry rule: where the kernel puts the patch site of a
 * function's entry.  ftrace_location(func) returns the first record anywhere
 * in func's extent, so a record deep inside it (the leftover body of an
 * overridden __weak function, which has no symbol of its own) would
 * otherwise pass for func's entry.
 *
 * x86: FTRACE_MCOUNT_MAX_OFFSET (6.0, "ftrace: Add FTRACE_MCOUNT_MAX_OFFSET
 * to avoid adding weak function"): the __fentry__ call is at the symbol or
 * right after its endbr64; ftrace disables every record further in.
 *
 * arm64: ftrace_call_adjust() (arch/arm64/include/asm/ftrace.h, 6.1 and
 * 6.12): with -fpatchable-function-entry the record is the NOP patched to
 * "BL <ftrace caller>", the second of the pair at the entry: func + 4, or
 * func + 8 when func starts with a BTI landing pad.  With
 * DYNAMIC_FTRACE_WITH_CALL_OPS (6.4 on) the two extra NOPs sit before func
 * and the BL site is the same.  arm64 keeps every other record enabled.
 */
#include <linux/ftrace.h>
#include <linux/uaccess.h>

#if defined(CONFIG_X86_64) && defined(FTRACE_MCOUNT_MAX_OFFSET)
#define KS_FTRACE_ENTRY_RULE	"x86_fentry"
static inline bool ks_ftrace_entry_site(unsigned long func, unsigned long site)
{
	return site >= func && site - func <= FTRACE_MCOUNT_MAX_OFFSET;
}

/* Records ftrace itself disables (ftrace_process_locs, 6.0 on). */
static inline bool ks_ftrace_rec_disabled(unsigned long func,
					  unsigned long site)
{
	return site - func > FTRACE_MCOUNT_MAX_OFFSET;
}
#elif defined(CONFIG_ARM64)
#define KS_FTRACE_ENTRY_RULE	"arm64_bl"
#define KS_ARM64_INSN_SIZE	4
/* aarch64_insn_is_bti(): HINT #32, #34, #36, #38 (BTI, BTI C/J/JC). */
#define KS_ARM64_BTI_MASK	0xffffff3fU
#define KS_ARM64_BTI_VALUE	0xd503241fU
static inline bool ks_ftrace_entry_site(unsigned long func, unsigned long site)
{
	u32 insn;

	if (site == func + KS_ARM64_INSN_SIZE)
		return true;
	if (site != func + 2 * KS_ARM64_INSN_SIZE)
		return false;
	if (copy_from_kernel_nofault(&insn, (void *)func, sizeof(insn)))
		return false;
	return (le32_to_cpu((__force __le32)insn) & KS_ARM64_BTI_MASK) ==
	       KS_ARM64_BTI_VALUE;
}

static inline bool ks_ftrace_rec_disabled(unsigned long func,
					  unsigned long site)
{
	return false;
}
#else
#define KS_FTRACE_ENTRY_RULE	"any"
static inline bool ks_ftrace_entry_site(unsigned long func, unsigned long site)
{
	return true;
}

static inline bool ks_ftrace_rec_disabled(unsigned long func,
					  unsigned long site)
{
	return false;
}
#endif

/*
 * trace_kprobe's refusal of a name several symbols share, and of a name no
 * symbol has (kernel/trace/trace_kprobe.c, __trace_kprobe_create):
 * - upstream 6.7 ("tracing/kprobes: Return EADDRNOTAVAIL when func matches
 *   several symbols"), backported into Debian's 6.1: EADDRNOTAVAIL, and
 *   ENOENT for no symbol;
 * - later the check moved into argument parsing (validate_probe_symbol(),
 *   whose failure the tracefs write reports as EINVAL, the reason going to
 *   error_log only).  Measured: EINVAL on 6.12.  The first version with
 *   it is taken as 6.8; tests/module/clients.sh measures the errno on
 *   every kernel it runs on.
 * The perf kprobe PMU (create_local_trace_kprobe) returns the raw errno.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define KS_KPROBE_EVENT_AMBIGUOUS	EINVAL
#define KS_KPROBE_EVENT_NOSYM		EINVAL
#else
#define KS_KPROBE_EVENT_AMBIGUOUS	EADDRNOTAVAIL
#define KS_KPROBE_EVENT_NOSYM		ENOENT
#endif

/*
 * The verifier's btf_id_deny set (kernel/bpf/verifier.c, 6.1 and 6.12):
 * functions fentry/fexit may not attach to, each under its config.
 */
static inline bool ks_fentry_denied(const char *name)
{
	static const struct {
		const char *name;
		bool on;
	} deny[] = {
		{ "migrate_disable", true },
		{ "migrate_enable", true },
		{ "rcu_read_unlock_strict", !IS_ENABLED(CONFIG_PREEMPT_RCU) },
		{ "preempt_count_add", IS_ENABLED(CONFIG_PREEMPTION) ||
			IS_ENABLED(CONFIG_TRACE_PREEMPT_TOGGLE) },
		{ "preempt_count_sub", IS_ENABLED(CONFIG_PREEMPTION) ||
			IS_ENABLED(CONFIG_TRACE_PREEMPT_TOGGLE) },
		{ "__rcu_read_lock", IS_ENABLED(CONFIG_PREEMPT_RCU) },
		{ "__rcu_read_unlock", IS_ENABLED(CONFIG_PREEMPT_RCU) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(deny); i++)
		if (deny[i].on && deny[i].name[0] == name[0] &&
		    !strcmp(deny[i].name, name))
			return true;
	return false;
}

/*
 * A module's BTF (split on vmlinux's), by reference: btf_get_module_btf()
 * (kernel/bpf/btf.c; static on 6.1, global with the same prototype since
 * the series adding register_bpf_struct_ops(), 6.9), resolved by name: a
 * copy the compiler changed would carry a suffix.
 * btf_put() drops the reference.  struct module's btf_data cannot serve:
 * do_init_module() clears it once the module is live (".BTF is not
 * SHF_ALLOC", 6.1 and 6.12).
 */
typedef struct btf *(*ks_get_module_btf_t)(const struct module *mod);

/*
 * The address fentry attaches to for a FUNC of a module's BTF
 * (bpf_check_attach_target(), kernel/bpf/verifier.c).  From 6.4 ("bpf: Fix
 * attaching fentry/fexit/fmod_ret/lsm to modules"):
 * find_kallsyms_symbol_value() in that BTF's own module, ENOENT when it has
 * no symbol of the name.
 * Before: kallsyms_lookup_name(), vmlinux first, for every BTF (measured:
 * Debian's 6.1.0-57 bpf_check_attach_target() calls kallsyms_lookup_name()
 * and not find_kallsyms_symbol_value(), amd64 and arm64).
 */
#define KS_FENTRY_MOD_OWN_ADDR						\
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0))

/*
 * Whether a client exists in this kernel at all.
 *
 * fentry/fexit/fmod_ret on a kernel function: register_fentry() in
 * kernel/bpf/trampoline.c (6.1, 6.12) returns -ENOTSUPP for a function with
 * an ftrace site when the trampoline has no ftrace_ops, which it has only
 * under CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS (x86 since 5.5, arm64 since
 * 6.4, "arm64: ftrace: Add direct call support").  Without it arm64 cannot
 * text-poke kernel functions either: bpf_arch_text_poke() patches BPF text
 * only.  Measured: fentry attach is -524 on Debian's arm64 6.1.
 *
 * kprobe_multi: bpf_kprobe_multi_link_attach() (kernel/trace/bpf_trace.c,
 * 6.1, 6.12) is a stub returning -EOPNOTSUPP without CONFIG_FPROBE.
 */
#define KS_HAVE_FENTRY		IS_ENABLED(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)

/*
 * fentry on a function without an ftrace site: register_fentry() calls
 * bpf_arch_text_poke() on its entry, which x86 refuses with EBUSY (the
 * entry is not the 5-byte NOP it expects; measured on amd64 6.12) and
 * arm64 with ENOTSUPP (it pokes BPF text only).
 */
#ifdef CONFIG_X86_64
#define KS_FENTRY_NOTRACE_ERR	EBUSY

/* __bpf_arch_text_poke(): the entry, after an ENDBR, is x86_nops[5]. */
static inline bool ks_entry_is_nop5(unsigned long func)
{
	static const u8 endbr[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	u8 b[9];

	if (copy_from_kernel_nofault(b, (void *)func, sizeof(b)))
		return false;
	if (!memcmp(b, endbr, sizeof(endbr)))
		return !memcmp(b + sizeof(endbr), nop5, sizeof(nop5));
	return !memcmp(b, nop5, sizeof(nop5));
}
#else
#define KS_FENTRY_NOTRACE_ERR	ENOTSUPP

static inline bool ks_entry_is_nop5(unsigned long func)
{
	return false;
}
#endif

/*
 * Argument registers a BPF trampoline takes (arch_prepare_bpf_trampoline(),
 * a struct counting one per 8 bytes; more: -ENOTSUPP at attach).  x86: 6,
 * then MAX_BPF_FUNC_ARGS from 6.6 ("bpf, x86: allow function arguments up
 * to 12 for TRACING"); arm64: 8 (the argument registers x0-x7).
 */
#if defined(CONFIG_X86_64) && LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define KS_FENTRY_MAX_REGS	MAX_BPF_FUNC_ARGS
#elif defined(CONFIG_X86_64)
#define KS_FENTRY_MAX_REGS	6
#else
#define KS_FENTRY_MAX_REGS	8
#endif
#define KS_HAVE_KPROBE_MULTI	IS_ENABLED(CONFIG_FPROBE)

/* ITER_DEST: 6.1 ("iov_iter: saner checks for attempt to copy to/from iterator"). */
#include <linux/uio.h>
#ifndef ITER_DEST
#define ITER_DEST READ
#endif

#endif /* KSYMSTAT_COMPAT_H */
