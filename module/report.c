// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/ksymstat: the report (read) and the target set (write).
 *
 * A reader gets a snapshot rendered when it opens the file, after a new walk
 * if anything changed since the last one; reading only copies it.  Writers
 * follow set_ftrace_filter: opening with O_TRUNC ("echo ... >") replaces the
 * set with what is written, otherwise ("echo ... >>") names are added;
 * "!name" removes a name.  The format is docs/report-format.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "ksymstat.h"

static struct dentry *ks_dentry;

struct ks_file {
	char *buf;
	size_t len;
	size_t cap;
	int err;
	bool replace_pending;
	bool failed;		/* a write was refused: the close applies nothing */
	/* a name cut by the end of a write, completed by the next one */
	char pending[KSYM_NAME_LEN + 1];
	size_t plen;
};

/* kvrealloc() changed its arguments in 6.11; growing by hand needs no shim. */
static int ks_grow(struct ks_file *kf, size_t cap)
{
	char *buf = kvmalloc(cap, GFP_KERNEL);

	if (!buf) {
		kf->err = -ENOMEM;
		return kf->err;
	}
	if (kf->len)
		memcpy(buf, kf->buf, kf->len);
	kvfree(kf->buf);
	kf->buf = buf;
	kf->cap = cap;
	return 0;
}

static __printf(2, 3) void ks_printf(struct ks_file *kf, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (kf->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(kf->buf + kf->len, kf->cap - kf->len, fmt, ap);
		va_end(ap);
		if (kf->len + n < kf->cap)
			break;
		if (ks_grow(kf, max(2 * kf->cap, kf->len + n + 1)))
			return;
	}
	kf->len += n;
}

static const char *const ks_bind_names[] = {
	[KS_BIND_GLOBAL] = "global",
	[KS_BIND_LOCAL] = "local",
	[KS_BIND_WEAK] = "weak",
};

static const char *const ks_export_names[] = {
	[KS_EXPORT_NO] = "no",
	[KS_EXPORT_YES] = "yes",
	[KS_EXPORT_GPL] = "gpl",
	[KS_EXPORT_UNKNOWN] = "unknown",
};

/*
 * DepSurf's collision classes, over the exact-name symbols, or over the
 * clones (.cold fragments aside) when the name itself is gone.
 */
const char *ks_collision(const struct ks_target *t)
{
	unsigned int i, n = 0, local = 0, weak = 0, pass;

	for (pass = 0; pass < 2 && !n; pass++)
		for (i = 0; i < t->nsyms; i++) {
			const struct ks_sym *s = &t->syms[i];
			const char *suffix = s->name + s->base_len;

			if (!pass && (t->count ? *suffix :
				      !*suffix || strstr(suffix, ".cold")))
				continue;
			n++;
			local += s->bind == KS_BIND_LOCAL;
			weak += s->bind == KS_BIND_WEAK;
		}
	if (!n)
		return "none";
	if (n == 1)
		return local ? "unique_static" :
		       weak ? "unique_weak" : "unique_global";
	if (local == n)
		return "static_static";
	return local ? "static_global" : "global_global";
}

/*
 * Can a probe name the function (kprobe symbol_name, kprobe_events, BPF
 * kprobe by name)?  Only when exactly one symbol has the name: with several,
 * the kernel picks the first (or, since 6.7, refuses with EADDRNOTAVAIL), and
 * the caller must give an address or livepatch's sympos instead.
 */
static const char *ks_by_name(const struct ks_target *t)
{
	if (t->count == 1)
		return "unique";
	return t->count ? "ambiguous" : "none";
}

static void ks_render(struct ks_file *kf, bool show)
{
	struct ks_set *set = ks_state.set;
	unsigned long kaslr, mask = show ? ~0UL : 0;
	unsigned int i, j, nsyms = 0;
	char kaslr_buf[24] = "unknown";

	if (ks_kaslr_offset(ks_state.text, &kaslr))
		snprintf(kaslr_buf, sizeof(kaslr_buf), "0x%016lx",
			 kaslr & mask);

	ks_printf(kf, "ksymstat version=%d release=%s arch=%s kaslr_offset=%s symbols=%lu modules=%u walk_us=%llu probe_us=%llu generation=%llu targets=%u\n",
		  KS_FORMAT_VERSION, utsname()->release, utsname()->machine,
		  kaslr_buf, ks_state.nsymbols, ks_state.nmodules,
		  ks_state.walk_ns / 1000, ks_state.probe_ns / 1000,
		  ks_state.generation, set->n);

	for (i = 0; i < set->n; i++) {
		const struct ks_target *t = set->sorted[i];

		ks_printf(kf, "target name=%s state=%s count=%u clones=%u collision=%s by_name=%s\n",
			  t->name, t->nsyms ? "present" : "absent", t->count,
			  t->clones, ks_collision(t), ks_by_name(t));
		for (j = 0; j < t->nsyms; j++) {
			const struct ks_sym *s = &t->syms[j];
			const char *suffix = s->name + s->base_len;
			char ftrace[24] = "-";

			if (s->ftrace_addr)
				snprintf(ftrace, sizeof(ftrace), "0x%016lx",
					 s->ftrace_addr & mask);
			ks_printf(kf, "sym target=%s name=%s suffix=%s addr=0x%016lx size=%lu type=%c bind=%s owner=%s sympos=%u ftrace=%s ftrace_addr=%s kprobe=%s kprobe_err=%d exported=%s\n",
				  t->name, s->name, *suffix ? suffix : "-",
				  s->addr & mask, s->size, s->type,
				  ks_bind_names[s->bind],
				  s->owner[0] ? s->owner : "vmlinux",
				  s->sympos, s->ftrace_addr ? "yes" : "no",
				  ftrace, s->kprobe_err ? "no" : "yes",
				  s->kprobe_err, ks_export_names[s->exported]);
			nsyms++;
		}
	}
	ks_printf(kf, "end targets=%u syms=%u\n", set->n, nsyms);
}

/* The rule /proc/kallsyms applies to its reader (kptr_restrict). */
static bool ks_show_addresses(const struct file *file)
{
	if (ks_fn.show_value)
		return ks_fn.show_value(file->f_cred);
	return capable(CAP_SYSLOG);
}

static int ks_open(struct inode *inode, struct file *file)
{
	struct ks_file *kf = kzalloc(sizeof(*kf), GFP_KERNEL);
	int err = 0;

	if (!kf)
		return -ENOMEM;
	kf->replace_pending = (file->f_mode & FMODE_WRITE) &&
			      (file->f_flags & O_TRUNC);
	if (file->f_mode & FMODE_READ) {
		mutex_lock(&ks_lock);
		if (ks_walk_needed())
			err = ks_walk();
		if (!err) {
			ks_render(kf, ks_show_addresses(file));
			err = kf->err;
		}
		mutex_unlock(&ks_lock);
		if (err) {
			kvfree(kf->buf);
			kfree(kf);
			return err;
		}
	}
	file->private_data = kf;
	return nonseekable_open(inode, file);
}

static ssize_t ks_read(struct file *file, char __user *ubuf, size_t count,
		       loff_t *ppos)
{
	struct ks_file *kf = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, kf->buf, kf->len);
}

static ssize_t ks_write(struct file *file, const char __user *ubuf,
			size_t count, loff_t *ppos)
{
	struct ks_file *kf = file->private_data;
	size_t total, cut;
	char *buf;
	int err = 0;

	if (count > KS_MAX_WRITE) {
		kf->failed = true;
		return -E2BIG;
	}
	total = kf->plen + count;
	buf = kvmalloc(total + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, kf->pending, kf->plen);
	if (copy_from_user(buf + kf->plen, ubuf, count)) {
		err = -EFAULT;
		goto out;
	}
	buf[total] = '\0';

	/* Keep a trailing partial name for the next write or the close. */
	for (cut = total; cut && !ks_is_sep(buf[cut - 1]); cut--)
		;
	if (total - cut > sizeof(kf->pending) - 1 ||
	    memchr(buf, '\0', total) ||
	    (total - cut && strcmp(buf + cut, "!") &&
	     !ks_valid_token(buf + cut, total - cut))) {
		err = -EINVAL;
		goto out;
	}
	if (cut) {
		char c = buf[cut];

		buf[cut] = '\0';
		mutex_lock(&ks_lock);
		err = ks_targets_update(buf, kf->replace_pending);
		mutex_unlock(&ks_lock);
		buf[cut] = c;
		if (err)
			goto out;
		kf->replace_pending = false;
	}
	kf->plen = total - cut;
	memcpy(kf->pending, buf + cut, kf->plen);
	kf->pending[kf->plen] = '\0';
out:
	kvfree(buf);
	if (err)
		kf->failed = true;
	return err ? err : count;
}

static int ks_release(struct inode *inode, struct file *file)
{
	struct ks_file *kf = file->private_data;

	/* The last name, or "> file" with nothing written: empty the set. */
	if (!kf->failed && (kf->plen || kf->replace_pending)) {
		mutex_lock(&ks_lock);
		if (ks_targets_update(kf->pending, kf->replace_pending))
			pr_warn_ratelimited("invalid last name '%s' ignored\n",
					    kf->pending);
		mutex_unlock(&ks_lock);
	}
	kvfree(kf->buf);
	kfree(kf);
	return 0;
}

static const struct file_operations ks_fops = {
	.owner = THIS_MODULE,
	.open = ks_open,
	.read = ks_read,
	.write = ks_write,
	.release = ks_release,
};

int ks_report_init(void)
{
	ks_dentry = debugfs_create_file("ksymstat", 0600, NULL, NULL, &ks_fops);
	if (IS_ERR(ks_dentry))
		pr_warn("cannot create /sys/kernel/debug/ksymstat: %ld\n",
			PTR_ERR(ks_dentry));
	return 0;
}

void ks_report_exit(void)
{
	debugfs_remove(ks_dentry);
}
