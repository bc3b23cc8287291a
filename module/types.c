// SPDX-License-Identifier: GPL-2.0
/*
 * Type letters of vmlinux symbols.
 *
 * The kernel keeps a vmlinux symbol's type only inside its compressed
 * kallsyms tables, which no function a module may call returns (the
 * accessors are static and the tables themselves are left out of kallsyms
 * on purpose).  The one stable interface that reports it is the text of
 * /proc/kallsyms, whose first kallsyms_num_syms lines are the vmlinux
 * symbols in the very index order kallsyms_on_each_symbol() walks.  So the
 * letter of the symbol with walk index i is the letter on line i.  Addresses
 * are not taken from there (they come from the walk, and /proc/kallsyms may
 * print zeros).  The binding follows nm's convention: upper case global,
 * lower case local, W/w and V/v weak.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uio.h>

#include "ksymstat.h"

#define KS_CHUNK	(64 * 1024)

static int ks_cmp_index(const void *a, const void *b)
{
	const struct ks_sym *x = *(const struct ks_sym **)a;
	const struct ks_sym *y = *(const struct ks_sym **)b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

/*
 * /proc/kallsyms has no ->read_iter for kernel_read(); its seq_file reads
 * into a kernel buffer through seq_read_iter() and a kvec iterator.
 */
static ssize_t ks_read_chunk(struct file *f, char *buf, size_t len,
			     loff_t *pos)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	struct kiocb kiocb;
	ssize_t got;

	init_sync_kiocb(&kiocb, f);
	kiocb.ki_pos = *pos;
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len);
	got = seq_read_iter(&kiocb, &iter);
	if (got > 0)
		*pos = kiocb.ki_pos;
	return got;
}

static u8 ks_bind_of(char type)
{
	if (type == 'W' || type == 'w' || type == 'V' || type == 'v')
		return KS_BIND_WEAK;
	return isupper(type) ? KS_BIND_GLOBAL : KS_BIND_LOCAL;
}

int ks_vmlinux_types(struct ks_sym **syms, unsigned int n)
{
	unsigned long line = 0;
	unsigned int k = 0;
	bool at_type = false, in_addr = true;
	struct file *f;
	loff_t pos = 0;
	char *buf;
	int err = 0;

	sort(syms, n, sizeof(*syms), ks_cmp_index, NULL);

	buf = kvmalloc(KS_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	f = filp_open("/proc/kallsyms", O_RDONLY, 0);
	if (IS_ERR(f)) {
		err = PTR_ERR(f);
		pr_warn_ratelimited("cannot open /proc/kallsyms: %d\n", err);
		goto out_free;
	}

	while (k < n) {
		ssize_t got = ks_read_chunk(f, buf, KS_CHUNK, &pos);
		ssize_t i;

		if (got <= 0) {
			err = got ? got : -ENODATA;
			break;
		}
		for (i = 0; i < got && k < n; i++) {
			char c = buf[i];

			if (at_type) {
				at_type = false;
				while (k < n && syms[k]->index == line) {
					syms[k]->type = c;
					syms[k]->bind = ks_bind_of(c);
					k++;
				}
			} else if (in_addr && c == ' ') {
				in_addr = false;
				at_type = true;
			} else if (c == '\n') {
				line++;
				in_addr = true;
			}
		}
	}
	filp_close(f, NULL);
out_free:
	kvfree(buf);
	if (err)
		pr_warn_ratelimited("vmlinux type letters unknown: %d\n", err);
	return 0;
}
