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

struct ks_walk;
int ks_walk_vmlinux_sym(struct ks_walk *w, const char *name,
			unsigned long addr);
int ks_walk_module_sym(struct ks_walk *w, const char *name,
		       struct module *mod, unsigned long addr);

/*
 * kallsyms_on_each_symbol(): 6.4 ("kallsyms: Delete an
 * unused parameter related to {module_}kallsyms_on_each_symbol()") dropped the
 * struct module * argument of the callback.  Before it, a non-NULL module
 * means a module symbol, which the module walk reports instead.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
static inline int ks_vmlinux_cb(void *data, const char *name,
				unsigned long addr)
{
	return ks_walk_vmlinux_sym(data, name, addr);
}
#else
static inline int ks_vmlinux_cb(void *data, const char *name,
				struct module *mod, unsigned long addr)
{
	if (mod)
		return 0;
	return ks_walk_vmlinux_sym(data, name, addr);
}
#endif

/*
 * module_kallsyms_on_each_symbol(): 6.2 ("livepatch:
 * Improve the search performance of module_kallsyms_on_each_symbol()") added
 * the module-name filter and took the struct module * out of the callback;
 * the owner is then found from the address, under the module_mutex the walk
 * holds.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
static inline int ks_module_cb(void *data, const char *name,
			       unsigned long addr)
{
	return ks_walk_module_sym(data, name, NULL, addr);
}

static inline int
ks_module_kallsyms_walk(typeof(&module_kallsyms_on_each_symbol) fn, void *data)
{
	return fn(NULL, ks_module_cb, data);
}
#else
static inline int ks_module_cb(void *data, const char *name,
			       struct module *mod, unsigned long addr)
{
	return ks_walk_module_sym(data, name, mod, addr);
}

static inline int
ks_module_kallsyms_walk(typeof(&module_kallsyms_on_each_symbol) fn, void *data)
{
	return fn(ks_module_cb, data);
}
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
 * 5.17; kernel/module.c before).  The layout below is the one of 5.12
 * ("module: pass struct find_symbol_args to find_symbol") up to at least
 * 6.12; the guest tests on both series check the licence it reports.
 */
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
 * ftrace disables records that lie further than FTRACE_MCOUNT_MAX_OFFSET past
 * the symbol kallsyms names for them (overridden weak functions, code after
 * an unnamed one); 6.0 ("ftrace: Add FTRACE_MCOUNT_MAX_OFFSET to avoid adding
 * weak function") introduced it, x86 defines it as the endbr64 size.
 */
#include <linux/ftrace.h>
static inline bool ks_ftrace_site_valid(unsigned long offset)
{
#ifdef FTRACE_MCOUNT_MAX_OFFSET
	return offset <= FTRACE_MCOUNT_MAX_OFFSET;
#else
	return true;
#endif
}

/* ITER_DEST: 6.1 ("iov_iter: saner checks for attempt to copy to/from iterator"). */
#include <linux/uio.h>
#ifndef ITER_DEST
#define ITER_DEST READ
#endif

#endif /* KSYMSTAT_COMPAT_H */
