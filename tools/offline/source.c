// SPDX-License-Identifier: GPL-2.0
/*
 * ksymstat: one offline source of any kind into a store (import_source()),
 * for import and for the sources check and check --bpf are given, and the
 * build options they share (elf_opt()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "offline.h"

/* Recognise a source and import it.  kind_hint: "page", "dataset", ... */
int import_source(struct ks_store *st, const char *path, const char *hint,
		  const struct elf_opts *eo, struct import_stats *stats,
		  char *err, size_t errlen)
{
	bool page = hint && !strcmp(hint, "page");
	const char *base;
	char opt[32];
	struct stat sb;
	int ret;

	memset(stats, 0, sizeof(*stats));
	if (hint)
		snprintf(opt, sizeof(opt), "--%s", hint);
	/* pages come as directories too; a SOURCE is a file or a directory */
	ret = input_check(hint ? opt : NULL, path, page || !hint, err,
			  errlen);
	if (ret)
		return ret;
	if (stat(path, &sb)) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	if (page || S_ISDIR(sb.st_mode) || str_ends_with(path, ".md"))
		return pages_import(st, path, stats, err, errlen);
	if ((hint && !strcmp(hint, "dataset")) ||
	    str_ends_with(path, ".jsonl"))
		return dataset_import(st, path, stats, err, errlen);
	if ((hint && !strcmp(hint, "vmlinux")) || is_elf_file(path)) {
		ret = elf_dwarf_import(st, path, eo, stats, err, errlen);
		/*
		 * .debug_info that yields no function entry at all (no
		 * compile unit or DIE could be read) would make every
		 * function of the build Absent.
		 */
		if (!ret && stats->kind && !strncmp(stats->kind, "dwarf", 5) &&
		    !stats->funcs && !stats->skipped) {
			snprintf(err, errlen,
				 "%s: its DWARF (.debug_info) yields no function entry: broken or empty debug info, nothing imported",
				 path);
			ret = -EINVAL;
		}
		return ret;
	}
	/* by name too, so that a bad first line gets its line's message */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if ((hint && !strcmp(hint, "sysmap")) || is_sysmap_file(path) ||
	    !strncmp(base, "System.map", 10))
		return sysmap_import(st, path, eo, stats, err, errlen);
	snprintf(err, errlen,
		 "%s: unknown source (want a DepSurf page or directory, a .jsonl dataset, a vmlinux ELF or a System.map)",
		 path);
	return -EINVAL;
}

/* Handle --config, --release, --arch, --flavor; false for other options. */
bool elf_opt(int opt, const char *arg, struct elf_opts *eo)
{
	switch (opt) {
	case OPT_CONFIG:
		eo->config = arg;
		return true;
	case OPT_RELEASE:
		eo->release = arg;
		return true;
	case OPT_ARCH:
		eo->arch = arg;
		return true;
	case OPT_FLAVOR:
		eo->flavor = arg;
		return true;
	default:
		return false;
	}
}
