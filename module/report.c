// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/ksymstat: the report (read) and the target set (write).
 *
 * A reader gets a snapshot taken when it opens the file, after a new walk
 * if anything changed since the last one; reading only copies it.  Readers
 * of the same walk share one rendered copy (one per address visibility),
 * freed when the last of them closes and a newer walk replaced it.  Writers
 * follow set_ftrace_filter: opening with O_TRUNC ("echo ... >") replaces the
 * set with what is written, otherwise ("echo ... >>") names are added;
 * "!name" removes a name.  The format is docs/report-format.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ksymstat.h"

static struct dentry *ks_dentry;

/* A rendered report, shared by the readers of one walk. */
struct ks_rendered {
	struct kref ref;
	u64 walk;		/* ks_state.walks it was rendered from */
	struct ks_buf out;
};

/* The latest rendering, with and without addresses; under ks_lock. */
static struct ks_rendered *ks_latest[2];

static void ks_rendered_free(struct kref *ref)
{
	struct ks_rendered *r = container_of(ref, struct ks_rendered, ref);

	ks_buf_free(&r->out);
	kfree(r);
}

static void ks_rendered_put(struct ks_rendered *r)
{
	if (r)
		kref_put(&r->ref, ks_rendered_free);
}

/* The report of the current walk, rendered once.  Caller holds ks_lock. */
static struct ks_rendered *ks_rendered_get(bool show)
{
	struct ks_rendered *r = ks_latest[show];

	if (r && r->walk == ks_state.walks) {
		kref_get(&r->ref);
		return r;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	kref_init(&r->ref);
	r->walk = ks_state.walks;
	if (ks_render(&r->out, ks_state.set, show)) {
		ks_rendered_put(r);
		return ERR_PTR(-ENOMEM);
	}
	ks_buf_trim(&r->out);
	ks_rendered_put(ks_latest[show]);
	ks_latest[show] = r;
	kref_get(&r->ref);
	return r;
}

struct ks_file {
	struct ks_rendered *out;	/* the report, taken at open */
	bool replace_pending;
	bool failed;		/* a write was refused: nothing more applies */
	/* a name cut by the end of a write, completed by the next one */
	char pending[KSYM_NAME_LEN + 1];
	size_t plen;
};

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
			err = ks_walk(ks_state.set);
		if (!err) {
			kf->out = ks_rendered_get(ks_show_addresses(file));
			if (IS_ERR(kf->out)) {
				err = PTR_ERR(kf->out);
				kf->out = NULL;
			}
		}
		mutex_unlock(&ks_lock);
		if (err) {
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

	if (!kf->out)
		return -EBADF;
	return ks_buf_read(&kf->out->out, ubuf, count, ppos);
}

static ssize_t ks_write(struct file *file, const char __user *ubuf,
			size_t count, loff_t *ppos)
{
	struct ks_file *kf = file->private_data;
	size_t total, cut;
	char *buf;
	int err = 0;

	/* After a refused write nothing from this file changes the set. */
	if (kf->failed)
		return -EINVAL;
	if (count > KS_MAX_WRITE) {
		kf->failed = true;
		return -E2BIG;
	}
	total = kf->plen + count;
	buf = kvmalloc(total + 1, GFP_KERNEL);
	if (!buf) {
		kf->failed = true;
		return -ENOMEM;
	}
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

/*
 * close(): the last name, or "> file" with nothing written (which empties
 * the set), is applied when the last descriptor of the file is closed; an
 * invalid last name (a lone "!", say) makes that close() fail with EINVAL
 * and changes nothing.  flush() is the one file operation whose error
 * close() returns; closing a duplicate (a shell's dup2() and close()) is
 * not the end of the writes.
 */
static int ks_apply_last(struct ks_file *kf)
{
	int err;

	if (kf->failed || !(kf->plen || kf->replace_pending))
		return 0;
	mutex_lock(&ks_lock);
	err = ks_targets_update(kf->pending, kf->replace_pending);
	mutex_unlock(&ks_lock);
	kf->plen = 0;
	kf->pending[0] = '\0';
	kf->replace_pending = false;
	if (err)
		kf->failed = true;
	return err;
}

static int ks_flush(struct file *file, fl_owner_t id)
{
	if (!(file->f_mode & FMODE_WRITE) || file_count(file) > 1)
		return 0;
	return ks_apply_last(file->private_data);
}

static int ks_release(struct inode *inode, struct file *file)
{
	struct ks_file *kf = file->private_data;

	/* A last reference dropped without close(). */
	if (ks_apply_last(kf))
		pr_warn_ratelimited("invalid last name ignored\n");
	ks_rendered_put(kf->out);
	kfree(kf);
	return 0;
}

static const struct file_operations ks_fops = {
	.owner = THIS_MODULE,
	.open = ks_open,
	.read = ks_read,
	.write = ks_write,
	.flush = ks_flush,
	.release = ks_release,
};

int ks_report_init(void)
{
	/*
	 * _unsafe: the file operations are used as they are, so close()
	 * reaches ks_flush() (debugfs's proxy has no flush).  The module
	 * reference each open file holds keeps ks_report_exit() away.
	 */
	ks_dentry = debugfs_create_file_unsafe("ksymstat", 0600, NULL, NULL,
					       &ks_fops);
	if (IS_ERR(ks_dentry))
		pr_warn("cannot create /sys/kernel/debug/ksymstat: %ld\n",
			PTR_ERR(ks_dentry));
	return 0;
}

void ks_report_exit(void)
{
	debugfs_remove(ks_dentry);
	ks_rendered_put(ks_latest[0]);
	ks_rendered_put(ks_latest[1]);
	ks_latest[0] = ks_latest[1] = NULL;
}
