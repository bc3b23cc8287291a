// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinux ELF symbol tables into the store (libelf): every STT_FUNC of
 * .symtab with its value, st_size and binding.  Release, arch and flavor
 * come from the options, else from the path (.../boot/vmlinux-RELEASE or
 * .../lib/modules/RELEASE/vmlinux) and from e_machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksymstat.h"

bool is_elf_file(const char *path)
{
	unsigned char magic[4];
	bool elf = false;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (read(fd, magic, 4) == 4 && !memcmp(magic, ELFMAG, SELFMAG))
		elf = true;
	close(fd);
	return elf;
}

/*
 * The release named by a path: the basename after prefix ("vmlinux-",
 * "System.map-", "config-"), or the directory after /lib/modules/.
 */
void release_from_path(const char *path, const char *prefix, char *buf,
		       size_t len)
{
	const char *base = strrchr(path, '/'), *mod;
	size_t n = strlen(prefix);

	buf[0] = '\0';
	base = base ? base + 1 : path;
	if (!strncmp(base, prefix, n) && base[n]) {
		snprintf(buf, len, "%s", base + n);
		return;
	}
	mod = strstr(path, "/lib/modules/");
	if (mod) {
		mod += strlen("/lib/modules/");
		snprintf(buf, len, "%.*s", (int)strcspn(mod, "/"), mod);
	}
}

/*
 * Does --config belong to this build?  A config named config-RELEASE
 * goes only with that release; any other name goes with every build.
 */
static bool config_matches(const char *config, const char *release)
{
	char rel[256];

	if (!config)
		return false;
	release_from_path(config, "config-", rel, sizeof(rel));
	return !*rel || !release || !*release || !strcmp(rel, release);
}

/* Import --config into a whole-symtab build when it belongs to it. */
int symtab_config(struct ks_store *st, long long build_id,
		  const struct elf_opts *opts, const char *guess_release,
		  struct import_stats *stats, char *err, size_t errlen)
{
	const char *release = opts->release ? opts->release : guess_release;

	if (!config_matches(opts->config, release))
		return 0;
	return kconfig_import(st, build_id, opts->config, stats, err, errlen);
}

/* The build row for a whole-symtab source (vmlinux, System.map). */
int symtab_build(struct ks_store *st, const char *source, const char *path,
		 const struct elf_opts *opts, const char *guess_release,
		 const char *guess_arch, long long *id, char *err,
		 size_t errlen)
{
	struct store_build b = { .source = source, .path = path };
	const char *release = opts->release ? opts->release : guess_release;
	const char *arch = opts->arch ? arch_normalise(opts->arch) :
			   guess_arch;
	char key[512];
	struct kver kv;

	if (opts->arch && !*arch)
		arch = opts->arch;
	kver_parse(release, arch, &kv);
	b.release = release && *release ? release : NULL;
	b.arch = kv.arch[0] ? kv.arch : NULL;
	b.version = kv.version[0] ? kv.version : NULL;
	b.flavor = opts->flavor ? opts->flavor :
		   kv.full[0] ? kv.flavor : NULL;
	b.complete = true;
	if (b.release)
		snprintf(key, sizeof(key), "%s:%s:%s", source, b.release,
			 b.arch ? b.arch : "");
	else
		snprintf(key, sizeof(key), "%s:%s", source, path);
	b.key = key;
	return store_build_get(st, &b, true, id, err, errlen);
}

static int read_symtab(struct ks_store *st, Elf *elf, long long build_id,
		       const char *path, struct import_stats *stats,
		       char *err, size_t errlen)
{
	Elf_Scn *scn;
	bool found = false;
	int ret;

	for (scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		found = true;
		data = elf_getdata(scn, NULL);
		if (!data || !sh.sh_entsize)
			break;
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			GElf_Sym sym;
			const char *name;
			enum ks_bind bind;

			if (!gelf_getsym(data, i, &sym) ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			switch (GELF_ST_BIND(sym.st_info)) {
			case STB_GLOBAL:
				bind = KS_BIND_GLOBAL;
				break;
			case STB_LOCAL:
				bind = KS_BIND_LOCAL;
				break;
			case STB_WEAK:
				bind = KS_BIND_WEAK;
				break;
			default:
				bind = KS_BIND_UNKNOWN;
			}
			ret = store_sym_add(st, build_id, name, sym.st_value,
					    true, sym.st_size, bind, 0, err,
					    errlen);
			if (ret)
				return ret;
			stats->syms++;
		}
	}
	if (!found) {
		snprintf(err, errlen,
			 "%s: no .symtab section (stripped? use the -dbg package's vmlinux)",
			 path);
		return -ENOENT;
	}
	return 0;
}

int elf_import(struct ks_store *st, const char *path,
	       const struct elf_opts *opts, struct import_stats *stats,
	       char *err, size_t errlen)
{
	char release[256];
	long long build_id;
	GElf_Ehdr eh;
	Elf *elf;
	int fd, ret;

	stats->kind = "vmlinux";
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, errlen, "libelf: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		snprintf(err, errlen, "%s: not an ELF file: %s", path,
			 elf_errmsg(-1));
		ret = -EINVAL;
		goto out;
	}
	release_from_path(path, "vmlinux-", release, sizeof(release));
	ret = symtab_build(st, "vmlinux", path, opts, release,
			   arch_from_elf_machine(eh.e_machine), &build_id,
			   err, errlen);
	if (ret)
		goto out;
	stats->builds++;
	ret = read_symtab(st, elf, build_id, path, stats, err, errlen);
	if (!ret)
		ret = symtab_config(st, build_id, opts, release, stats, err,
				    errlen);
out:
	elf_end(elf);
	close(fd);
	return ret;
}
