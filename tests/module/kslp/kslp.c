// SPDX-License-Identifier: GPL-2.0
/*
 * kslp: one livepatch of one function, for tests/module/clients.sh.  Does
 * klp_enable_patch() accept func= (old_name) with sympos= (old_sympos) in
 * obj= (a module name; vmlinux when not given), as ksymstat's
 * attach.livepatch predicted?  kshelper loads it once per function, then
 * disables the patch and unloads it before the next.
 *
 * The replacement changes nothing: it is the patched function itself,
 * resumed right after its ftrace call site (site=, the report's
 * ftrace_addr, plus MCOUNT_INSN_SIZE), which is where the ftrace
 * trampoline returns to when no handler moves the instruction pointer.
 * Without site= (ksymstat said the function has no ftrace site, so
 * klp_patch_func() must refuse it) the replacement is kslp_never(), which
 * warns: a patch the kernel took against the prediction fails the run.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static char *func;
module_param(func, charp, 0400);
MODULE_PARM_DESC(func, "the function to patch (klp_func.old_name)");

static int sympos;
module_param(sympos, int, 0400);
MODULE_PARM_DESC(sympos, "klp_func.old_sympos (0: the name must be unique)");

static char *obj;
module_param(obj, charp, 0400);
MODULE_PARM_DESC(obj, "the module holding func (klp_object.name; default vmlinux)");

static unsigned long site;
module_param(site, ulong, 0400);
MODULE_PARM_DESC(site, "the ftrace site of func (0: none)");

static noinline void kslp_never(void)
{
	WARN_ONCE(1, "kslp: %s was patched although it has no ftrace site\n",
		  func);
}

static struct klp_func kslp_funcs[2];
static struct klp_object kslp_objs[2];
static struct klp_patch kslp_patch = {
	.mod = THIS_MODULE,
	.objs = kslp_objs,
};

static int __init kslp_init(void)
{
	if (!func || sympos < 0)
		return -EINVAL;
	kslp_funcs[0].old_name = func;
	kslp_funcs[0].old_sympos = sympos;
	kslp_funcs[0].new_func = site ? (void *)(site + MCOUNT_INSN_SIZE) :
					(void *)kslp_never;
	kslp_objs[0].name = obj && *obj ? obj : NULL;
	kslp_objs[0].funcs = kslp_funcs;
	return klp_enable_patch(&kslp_patch);
}

static void __exit kslp_exit(void)
{
}

module_init(kslp_init);
module_exit(kslp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksymstat test: one livepatch of one function");
MODULE_INFO(livepatch, "Y");
