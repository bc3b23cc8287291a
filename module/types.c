// SPDX-License-Identifier: GPL-2.0
/*
 * Lines of /proc/kallsyms by index: the type letter of vmlinux symbols, and
 * a vmlinux symbol's name and address by its kallsyms index.
 *
 * The kernel keeps a vmlinux symbol's type only inside its compressed
 * kallsyms tables, which no function a module may call returns (the
 * accessors are static and the tables themselves are left out of kallsyms
 * on purpose).  The one stable interface that reports it is /proc/kallsyms,
 * whose first kallsyms_num_syms lines are the vmlinux symbols in the very
 * index order kallsyms_on_each_symbol() walks.
 *
 * Reading that text up to the highest wanted line costs a whole walk.  The
 * file's own seq_file iterator does not need to: its ->start() at position
 * i seeks to symbol i through the kallsyms markers (at most 255 name
 * lengths skipped, nothing decompressed) and ->show() prints that one line
 * (s_start(), update_iter(), reset_iter() and s_show() in kernel/kallsyms.c,
 * 6.1 and 6.12).  So the file is opened once, at load, and each wanted line
 * is taken through the iterator directly: the cost is per symbol asked, not
 * per symbol in the kernel.  The file opened at load carries the loader's
 * credentials, so its lines show addresses whenever root's do; they are
 * used inside the module only (the report applies each reader's own
 * kptr_restrict rule).
 *
 * The binding is read from the letter by ks_bind_of_letter() (rules.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "ksymstat.h"

static struct file *ks_kallsyms;
static bool ks_kallsyms_values;	/* its lines carry real addresses */

/*
 * One ordinary read first: seq_read_iter() allocates the seq_file buffer
 * that ->show() prints into (and seq_release() frees it).
 */
int ks_kallsyms_open(void)
{
	struct kvec kv;
	struct iov_iter iter;
	struct kiocb kiocb;
	struct file *f;
	char c;
	ssize_t got;

	f = filp_open("/proc/kallsyms", O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_warn("cannot open /proc/kallsyms: %ld; vmlinux type letters unknown\n",
			PTR_ERR(f));
		return 0;
	}
	/*
	 * Its seq_file is used directly below: it must be procfs's own
	 * kallsyms, not whatever a mount put over the path.
	 */
	if (file_inode(f)->i_sb->s_magic != PROC_SUPER_MAGIC ||
	    strcmp(f->f_path.dentry->d_name.name, "kallsyms") ||
	    f->f_path.dentry->d_parent != f->f_path.dentry->d_sb->s_root) {
		pr_warn("/proc/kallsyms is not procfs's kallsyms (a mount over it?); vmlinux type letters unknown\n");
		filp_close(f, NULL);
		return 0;
	}
	kv.iov_base = &c;
	kv.iov_len = 1;
	init_sync_kiocb(&kiocb, f);
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, 1);
	got = seq_read_iter(&kiocb, &iter);
	if (got != 1 || !((struct seq_file *)f->private_data)->buf) {
		pr_warn("cannot read /proc/kallsyms: %zd; vmlinux type letters unknown\n",
			got);
		filp_close(f, NULL);
		return 0;
	}
	ks_kallsyms = f;
	ks_kallsyms_values = ks_fn.show_value && ks_fn.show_value(f->f_cred);
	return 0;
}

void ks_kallsyms_close(void)
{
	if (ks_kallsyms)
		filp_close(ks_kallsyms, NULL);
	ks_kallsyms = NULL;
}

bool ks_kallsyms_has_values(void)
{
	return ks_kallsyms && ks_kallsyms_values;
}

/*
 * The line of vmlinux symbol @index: "ADDR T NAME\n".  -ENOENT when there
 * is none (past the end, or a nameless symbol, which s_show() skips).
 * Caller holds ks_lock, the one user of the file (see below).
 */
int ks_kallsyms_line(unsigned long index, struct ks_line *l)
{
	struct seq_file *m;
	char *p, *end, *sp;
	loff_t pos = index;
	void *v;
	int err = -ENOENT;

	if (!ks_kallsyms)
		return -ENODEV;
	/*
	 * Not m->lock: the file is the module's own and ks_lock serializes
	 * its one user.  Taking it would order ks_lock before the lock class
	 * every seq_file shares, which sysfs reads take before kernfs's
	 * of->mutex: with the parameter stores (of->mutex, then param_lock)
	 * lockdep saw a cycle (the debug kernel, tests/run KSYMSTAT_MATRIX=debug).
	 */
	m = ks_kallsyms->private_data;
	m->count = 0;
	v = m->op->start(m, &pos);
	if (!IS_ERR_OR_NULL(v) && !m->op->show(m, v) && m->count &&
	    !seq_has_overflowed(m)) {
		p = m->buf;
		end = p + m->count;
		sp = memchr(p, ' ', end - p);
		/* "%px %c %s\n": a vmlinux line has no "\t[module]" */
		if (sp && sp - p < 24 && end - sp > 4 && sp[2] == ' ' &&
		    end[-1] == '\n' && !memchr(sp, '\t', end - sp) &&
		    end - (sp + 3) - 1 < sizeof(l->name)) {
			char num[24];

			memcpy(num, p, sp - p);
			num[sp - p] = '\0';
			if (!kstrtoul(num, 16, &l->addr)) {
				l->type = sp[1];
				memcpy(l->name, sp + 3, end - (sp + 3) - 1);
				l->name[end - (sp + 3) - 1] = '\0';
				err = 0;
			}
		}
	}
	m->op->stop(m, v);
	m->count = 0;
	return err;
}

/*
 * The type letters of vmlinux symbols, by their walk index.  The name on
 * the line must be the symbol's own: anything else leaves the letter
 * unknown rather than guessed.
 */
int ks_vmlinux_types(struct ks_sym **syms, unsigned int n)
{
	struct ks_line *l;
	unsigned int k, bad = 0;

	if (!ks_kallsyms || !n)
		return 0;
	l = kmalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	for (k = 0; k < n; k++) {
		struct ks_sym *s = syms[k];

		if (ks_kallsyms_line(s->index, l) || strcmp(l->name, s->name)) {
			bad++;
			continue;
		}
		s->type = l->type;
		s->bind = ks_bind_of_letter(l->type);
		if (!(k % 256))
			cond_resched();
	}
	kfree(l);
	if (bad)
		pr_warn_ratelimited("%u vmlinux type letters unknown: /proc/kallsyms line and walk disagree\n",
				    bad);
	return 0;
}
