// SPDX-License-Identifier: GPL-2.0
/*
 * Resolve the kernel functions ksymstat needs but modules may not call by
 * name.  Since 5.7 kallsyms_lookup_name() is no longer exported; a kprobe
 * that is registered disabled (never armed) tells its address, and every
 * other function is then looked up through it.  All pointers carry the exact
 * prototype the kernel headers declare (typeof), so no call goes through a
 * cast prototype.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "ksymstat.h"

struct ks_kernel_fns ks_fn;

/*
 * The address of kallsyms_lookup_name, from a temporary disabled kprobe.
 * The kprobe address may lie past the symbol start (x86 IBT puts it after
 * the endbr64 at sym+4), so the offset %pS reports is taken off.
 */
static unsigned long ks_find_lookup_name(void)
{
	struct kprobe kp = {
		.symbol_name = "kallsyms_lookup_name",
		.flags = KPROBE_FLAG_DISABLED,
	};
	char buf[KSYM_SYMBOL_LEN];
	unsigned long addr, off;
	char *plus, *slash;
	int err;

	err = register_kprobe(&kp);
	if (err) {
		pr_err("cannot locate kallsyms_lookup_name: register_kprobe: %d\n",
		       err);
		return 0;
	}
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	sprint_symbol(buf, addr);
	if (strncmp(buf, "kallsyms_lookup_name+", 21)) {
		pr_err("kprobe address resolves to %s, not kallsyms_lookup_name\n",
		       buf);
		return 0;
	}
	/* "kallsyms_lookup_name+0x4/0x90" */
	plus = buf + 21;
	slash = strchr(plus, '/');
	if (slash)
		*slash = '\0';
	if (kstrtoul(plus, 16, &off) || off > 64)
		return 0;
	return addr - off;
}

#define KS_RESOLVE(field, sym)						\
	({								\
		ks_fn.field = (typeof(ks_fn.field))ks_fn.lookup_name(sym); \
		ks_fn.field != NULL;					\
	})

int ks_resolve(void)
{
	unsigned long addr = ks_exported_lookup_name();

	if (!addr)
		addr = ks_find_lookup_name();

	if (!addr)
		return -ENOENT;
	ks_fn.lookup_name = (typeof(ks_fn.lookup_name))addr;

	if (!KS_RESOLVE(on_each_symbol, "kallsyms_on_each_symbol") ||
	    !KS_RESOLVE(module_on_each_symbol,
			"module_kallsyms_on_each_symbol") ||
	    !KS_RESOLVE(lookup_size_offset, "kallsyms_lookup_size_offset") ||
	    !KS_RESOLVE(module_address, "__module_address")) {
		pr_err("a kallsyms function this kernel should have is missing\n");
		return -ENOENT;
	}
	/* Optional: without it every read walks all of vmlinux (fast.c). */
	KS_RESOLVE(on_each_match_symbol, "kallsyms_on_each_match_symbol");
	/* Optional: their absence turns a field into "unknown". */
	if (!KS_RESOLVE(show_value, "kallsyms_show_value"))
		pr_info("kallsyms_show_value not found: addresses need CAP_SYSLOG\n");
	if (!KS_RESOLVE(ftrace_location, "ftrace_location"))
		pr_info("ftrace_location not found: ftrace facts unknown\n");
	if (!ks_find_symbol_known())
		pr_info("struct find_symbol_arg not known for this version: export facts unknown\n");
	else if (!KS_RESOLVE(find_symbol, "find_symbol"))
		pr_info("find_symbol not found: export facts unknown\n");
	if (!KS_RESOLVE(ftrace_location_range, "ftrace_location_range"))
		pr_info("ftrace_location_range not found: notrace facts unknown\n");
	if (!KS_RESOLVE(within_kprobe_blacklist, "within_kprobe_blacklist"))
		pr_info("within_kprobe_blacklist not found: blacklist facts unknown\n");
	if (!KS_RESOLVE(get_btf_vmlinux, "bpf_get_btf_vmlinux") ||
	    !KS_RESOLVE(btf_nr_types, "btf_nr_types") ||
	    !KS_RESOLVE(btf_type_by_id, "btf_type_by_id") ||
	    !KS_RESOLVE(btf_name_by_offset, "btf_name_by_offset")) {
		ks_fn.get_btf_vmlinux = NULL;
		pr_info("BTF lookup not found: fentry facts unknown\n");
	}
	if (!ks_fn.get_btf_vmlinux ||
	    !KS_RESOLVE(get_module_btf, "btf_get_module_btf") ||
	    !KS_RESOLVE(btf_put, "btf_put") ||
	    !KS_RESOLVE(btf_obj_id, "btf_obj_id")) {
		ks_fn.get_module_btf = NULL;
		pr_info("module BTF lookup not found: fentry on module functions unknown\n");
	}
	return 0;
}
