// SPDX-License-Identifier: GPL-2.0
/*
 * The GNU build-ids of the running vmlinux and of loaded modules: the
 * report's build_id= fields (docs/report-format.md, version 3).
 *
 * vmlinux: the kernel's own notes, __start_notes..__stop_notes, the bytes
 * /sys/kernel/notes shows.  Those two symbols are data: kallsyms has them
 * only with CONFIG_KALLSYMS_ALL (Debian's amd64 kernels, not its arm64
 * ones); without it the same bytes are read from /sys/kernel/notes, the
 * kernel's own copy-out of that section (kernel/ksysfs.c).  A module: its
 * notes sections, which the module loader keeps and shows in
 * /sys/module/NAME/notes/ (kernel/module/sysfs.c); nothing else in the
 * kernel keeps a module's build-id unless CONFIG_STACKTRACE_BUILD_ID.
 *
 * No note, or notes that cannot be read: no build-id ("none"), never a
 * guess.  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksymstat.h"

/* /sys/kernel/notes is a few hundred bytes; a module's one note less. */
#define KS_NOTES_MAX	4096
/* The ELF note type of a GNU build-id (binutils' elf/common.h). */
#define KS_NT_GNU_BUILD_ID	3

/* The vmlinux build-id, once read (it never changes after boot). */
static char ks_vmlinux_id[KS_BUILD_ID_HEX];
static bool ks_vmlinux_done;

/*
 * The desc of the first NT_GNU_BUILD_ID note named "GNU" in buf, as
 * lowercase hex into hex (KS_BUILD_ID_HEX bytes).  False when there is
 * none or the notes do not parse.
 */
static bool ks_notes_build_id(const u8 *buf, size_t len, char *hex)
{
	size_t off = 0;

	while (len - off >= sizeof(Elf32_Nhdr)) {
		const Elf32_Nhdr *n = (const Elf32_Nhdr *)(buf + off);
		size_t name = ALIGN((size_t)n->n_namesz, 4);
		size_t desc = ALIGN((size_t)n->n_descsz, 4);
		const u8 *p = buf + off + sizeof(*n);

		if (name > len - off - sizeof(*n) ||
		    desc > len - off - sizeof(*n) - name)
			return false;
		if (n->n_type == KS_NT_GNU_BUILD_ID && n->n_namesz == 4 &&
		    !memcmp(p, "GNU", 4)) {
			if (!n->n_descsz || n->n_descsz > KS_BUILD_ID_MAX)
				return false;
			bin2hex(hex, p + name, n->n_descsz)[0] = '\0';
			return true;
		}
		off += sizeof(*n) + name + desc;
	}
	return false;
}

/* A sysfs notes file, whole.  Returns its length or -errno. */
static ssize_t ks_read_notes(const char *path, u8 *buf)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	do {
		n = kernel_read(f, buf + pos, KS_NOTES_MAX - pos, &pos);
	} while (n > 0 && pos < KS_NOTES_MAX);
	filp_close(f, NULL);
	return n < 0 ? n : pos;
}

/* From a file: 0, or -ENODATA (no build-id) or another -errno. */
static int ks_build_id_file(const char *path, char *hex)
{
	u8 *buf = kmalloc(KS_NOTES_MAX, GFP_KERNEL);
	ssize_t n;
	int err = -ENODATA;

	if (!buf)
		return -ENOMEM;
	n = ks_read_notes(path, buf);
	if (n < 0)
		err = n;
	else if (ks_notes_build_id(buf, n, hex))
		err = 0;
	kfree(buf);
	return err;
}

const char *ks_build_id_vmlinux(void)
{
	unsigned long start, stop;
	int err;

	if (ks_vmlinux_done)
		return ks_vmlinux_id[0] ? ks_vmlinux_id : NULL;
	start = ks_fn.lookup_name("__start_notes");
	stop = ks_fn.lookup_name("__stop_notes");
	if (start && stop > start && stop - start <= KS_NOTES_MAX) {
		err = ks_notes_build_id((const u8 *)start, stop - start,
					ks_vmlinux_id) ? 0 : -ENODATA;
	} else {
		err = ks_build_id_file("/sys/kernel/notes", ks_vmlinux_id);
	}
	if (err && err != -ENODATA) {
		/* sysfs not mounted yet, say: try again at the next read */
		pr_warn_ratelimited("cannot read the kernel's notes: %d\n",
				    err);
		ks_vmlinux_id[0] = '\0';
		return NULL;
	}
	if (err)
		ks_vmlinux_id[0] = '\0';
	ks_vmlinux_done = true;
	return err ? NULL : ks_vmlinux_id;
}

int ks_build_id_module(const char *name, char *hex)
{
	char path[sizeof("/sys/module//notes/.note.gnu.build-id") +
		  MODULE_NAME_LEN];

	snprintf(path, sizeof(path), "/sys/module/%s/notes/.note.gnu.build-id",
		 name);
	return ks_build_id_file(path, hex);
}
