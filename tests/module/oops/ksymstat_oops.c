// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately broken stand-in for ksymstat.ko: reading its debugfs file
 * oopses.  Only tests/module/harness.sh uses it, to prove that the guest
 * runner fails a run whose kernel oopsed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>

static struct dentry *broken_dentry;

static ssize_t broken_read(struct file *file, char __user *buf, size_t len,
			 loff_t *ppos)
{
	return *(volatile int *)(unsigned long)len == 0 ? 0 : -EIO;
}

static const struct file_operations broken_fops = {
	.owner = THIS_MODULE,
	.read = broken_read,
};

static int __init broken_init(void)
{
	broken_dentry = debugfs_create_file("ksymstat", 0600, NULL, NULL,
					  &broken_fops);
	return 0;
}

static void __exit broken_exit(void)
{
	debugfs_remove(broken_dentry);
}

module_init(broken_init);
module_exit(broken_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksymstat harness self-test: oops on read");
