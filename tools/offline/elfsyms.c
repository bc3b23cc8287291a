// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinux ELF symbol tables into the store (libelf): every STT_FUNC of
 * .symtab, and every STT_NOTYPE label in code (assembly entry points,
 * which kallsyms lists as text too), with its value, st_size, binding and
 * extent (the distance to the next symbol kallsyms keeps).  Release, arch and flavor
 * come from the options, else from the path (.../boot/vmlinux-RELEASE or
 * .../lib/modules/RELEASE/vmlinux) and from e_machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "offline.h"

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
	char key[512], gnu_id[KS_BUILD_ID_HEX];
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
	/* a System.map has no note: no build-id, never one guessed */
	if (is_elf_file(path) && !elf_build_id(path, gnu_id))
		b.gnu_build_id = gnu_id;
	if (b.release)
		snprintf(key, sizeof(key), "%s:%s:%s", source, b.release,
			 b.arch ? b.arch : "");
	else
		snprintf(key, sizeof(key), "%s:%s", source, path);
	b.key = key;
	return store_build_get(st, &b, true, id, err, errlen);
}

/* Does the kernel config at path set key=y?  Unreadable: no. */
static bool config_is_yes(const char *path, const char *key)
{
	char *buf, *line;
	size_t len, pos = 0, n = strlen(key);
	bool nul, yes = false;

	if (read_file(path, &buf, &len))
		return false;
	while ((line = next_line(buf, len, &pos, &nul)))
		if (!strncmp(line, key, n) && !strcmp(line + n, "=y"))
			yes = true;
	free(buf);
	return yes;
}

static int cmp_addr(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Which sections hold code (nsec entries). */
static bool *exec_sections(Elf *elf, size_t *nsec)
{
	size_t i;
	bool *exec;

	if (elf_getshdrnum(elf, nsec))
		*nsec = 0;
	exec = xcalloc(*nsec ? *nsec : 1, sizeof(*exec));
	for (i = 0; i < *nsec; i++) {
		Elf_Scn *scn = elf_getscn(elf, i);
		GElf_Shdr sh;

		exec[i] = scn && gelf_getshdr(scn, &sh) &&
			  (sh.sh_flags & SHF_EXECINSTR);
	}
	return exec;
}

/*
 * Names scripts/kallsyms leaves out (is_ignored_symbol(), 6.1 and 6.12):
 * mapping symbols ($x, $d) and local labels (.L), also behind arm64's
 * nVHE prefix (__kvm_nvhe_$d); its own tables, which vary between link
 * passes; and the stub and thunk namespaces below.  arm64's EFI stub
 * (__efistub_*) sits inside .init.text, so leaving it in made the init
 * function before it look 36 bytes long where kallsyms says 33,856.
 */
static const char *const kallsyms_ignored_names[] = {
	"kallsyms_addresses", "kallsyms_offsets", "kallsyms_relative_base",
	"kallsyms_num_syms", "kallsyms_names", "kallsyms_markers",
	"kallsyms_token_table", "kallsyms_token_index",
	"kallsyms_seqs_of_names", "_SDA_BASE_", "_SDA2_BASE_",
};
static const char *const kallsyms_ignored_prefixes[] = {
	"__efistub_", "__AArch64ADRPThunk_", "__ARMV5PILongThunk_",
	"__ARMV7PILongThunk_", "__ThumbV7PILongThunk_", "__LA25Thunk_",
	"__microLA25Thunk_", "__kcfi_typeid_",
};
static const char *const kallsyms_ignored_suffixes[] = {
	"_from_arm", "_from_thumb", "_veneer",
};
static const char *const kallsyms_ignored_infixes[] = {
	".long_branch.", ".plt_branch.",
};

static bool kallsyms_ignores(const char *name)
{
	static const char nvhe[] = "__kvm_nvhe_";
	size_t i, len = strlen(name), n;

	for (i = 0; i < ARRAY_SIZE(kallsyms_ignored_names); i++)
		if (!strcmp(name, kallsyms_ignored_names[i]))
			return true;
	for (i = 0; i < ARRAY_SIZE(kallsyms_ignored_prefixes); i++)
		if (!strncmp(name, kallsyms_ignored_prefixes[i],
			     strlen(kallsyms_ignored_prefixes[i])))
			return true;
	for (i = 0; i < ARRAY_SIZE(kallsyms_ignored_suffixes); i++) {
		n = strlen(kallsyms_ignored_suffixes[i]);
		if (len >= n && !strcmp(name + len - n,
					kallsyms_ignored_suffixes[i]))
			return true;
	}
	for (i = 0; i < ARRAY_SIZE(kallsyms_ignored_infixes); i++)
		if (strstr(name, kallsyms_ignored_infixes[i]))
			return true;
	if (!strncmp(name, nvhe, sizeof(nvhe) - 1))
		name += sizeof(nvhe) - 1;
	return !*name || *name == '$' || !strncmp(name, ".L", 2);
}

static bool in_code(const GElf_Sym *sym, const bool *exec, size_t nexec)
{
	return sym->st_shndx < nexec && exec[sym->st_shndx];
}

/*
 * A function, or an assembly entry point (a NOTYPE label in code):
 * kallsyms lists both as text symbols.
 */
static bool is_code(const GElf_Sym *sym, const bool *exec, size_t nexec)
{
	int type = GELF_ST_TYPE(sym->st_info);

	return type == STT_FUNC ||
	       (type == STT_NOTYPE && in_code(sym, exec, nexec));
}

/* scripts/kallsyms keeps the symbols inside these ranges (both ends in). */
static const char *const text_range_names[][2] = {
	{ "_stext", "_etext" },
	{ "_sinittext", "_einittext" },
};

struct text_ranges {
	uint64_t lo[ARRAY_SIZE(text_range_names)];
	uint64_t hi[ARRAY_SIZE(text_range_names)];
	bool found;
};

static void find_text_ranges(Elf *elf, Elf_Data *data, size_t n,
			     size_t link, struct text_ranges *r)
{
	size_t i, k;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, link, sym.st_name);
		for (k = 0; name && k < ARRAY_SIZE(text_range_names); k++) {
			if (!strcmp(name, text_range_names[k][0]))
				r->lo[k] = sym.st_value;
			else if (!strcmp(name, text_range_names[k][1]))
				r->hi[k] = sym.st_value;
		}
	}
	r->found = r->lo[0] && r->hi[0] > r->lo[0];
}

static bool in_text_ranges(const struct text_ranges *r, uint64_t addr)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(text_range_names); k++)
		if (r->hi[k] > r->lo[k] && addr >= r->lo[k] && addr <= r->hi[k])
			return true;
	return false;
}

/*
 * The distinct addresses of the symbols kallsyms keeps, sorted: a live
 * symbol's extent, what %pS prints after the slash, is the distance to the
 * next of them (kernel/kallsyms.c get_symbol_pos(): the next kallsyms
 * entry at a higher address, whatever its type).  Like scripts/kallsyms:
 * with CONFIG_KALLSYMS_ALL=y (all: --all-symbols) every defined symbol of
 * a section, less the names it ignores, so the code of .exit.text (outside
 * the text ranges on x86) reaches to the next data symbol; otherwise every
 * symbol between _stext and _etext or _sinittext and _einittext, whatever
 * its section; an ELF without those markers falls back to the symbols of
 * executable sections.
 */
static uint64_t *text_addrs(Elf *elf, Elf_Data *data, size_t n,
			    size_t link, const bool *exec, size_t nexec,
			    bool all, size_t *n_out)
{
	struct text_ranges r;
	size_t i, m = 0;
	uint64_t *a = xcalloc(n ? n : 1, sizeof(*a));

	find_text_ranges(elf, data, n, link, &r);
	for (i = 0; i < n; i++) {
		GElf_Sym sym;
		const char *name;
		int type;

		if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx == SHN_ABS)
			continue;
		if (all ? sym.st_shndx >= nexec :
		    r.found ? !in_text_ranges(&r, sym.st_value) :
			      !in_code(&sym, exec, nexec))
			continue;
		type = GELF_ST_TYPE(sym.st_info);
		if (type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT)
			continue;
		name = elf_strptr(elf, link, sym.st_name);
		if (!name || kallsyms_ignores(name))
			continue;
		a[m++] = sym.st_value;
	}
	qsort(a, m, sizeof(*a), cmp_addr);
	for (i = 0, *n_out = 0; i < m; i++)
		if (!*n_out || a[*n_out - 1] != a[i])
			a[(*n_out)++] = a[i];
	return a;
}

static uint64_t extent_of(const uint64_t *a, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? a[lo] - addr : 0;
}

static __printf(4, 5) int bad_symtab(const char *path, char *err,
				      size_t errlen, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s: broken .symtab: %s", path, msg);
	return -EINVAL;
}

/*
 * A .symtab that libelf would read as fewer symbols, or none, is an error:
 * a vmlinux read as "0 symbols, complete" makes every function absent.
 */
static int check_symtab(Elf *elf, const GElf_Shdr *sh, Elf_Data *data,
			const char *path, char *err, size_t errlen)
{
	size_t fsize = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
	size_t shnum, i, n;
	Elf_Data *strdata;
	GElf_Shdr strsh;
	Elf_Scn *strscn;

	if (!data)
		return bad_symtab(path, err, errlen,
				  "its data cannot be read (sh_offset %llu, sh_size %llu): %s",
				  (unsigned long long)sh->sh_offset,
				  (unsigned long long)sh->sh_size,
				  elf_errmsg(-1));
	if (sh->sh_entsize != fsize)
		return bad_symtab(path, err, errlen,
				  "sh_entsize %llu, an ELF symbol is %zu bytes",
				  (unsigned long long)sh->sh_entsize, fsize);
	if (sh->sh_size % fsize || data->d_size != sh->sh_size)
		return bad_symtab(path, err, errlen,
				  "sh_size %llu is not a whole number of symbols, or past the data read (%zu bytes)",
				  (unsigned long long)sh->sh_size,
				  (size_t)data->d_size);
	/* entry 0 is the null symbol: a table of it alone holds nothing */
	if (sh->sh_size <= fsize)
		return bad_symtab(path, err, errlen,
				  "no symbols (sh_size %llu)",
				  (unsigned long long)sh->sh_size);
	if (elf_getshdrnum(elf, &shnum) || !sh->sh_link ||
	    sh->sh_link >= shnum ||
	    !(strscn = elf_getscn(elf, sh->sh_link)) ||
	    !gelf_getshdr(strscn, &strsh) || strsh.sh_type != SHT_STRTAB ||
	    !(strdata = elf_getdata(strscn, NULL)))
		return bad_symtab(path, err, errlen,
				  "sh_link %u is not a readable string table section",
				  sh->sh_link);
	/* elf_strptr() refuses a name that does not end in the table */
	if (!strdata->d_size || strdata->d_size != strsh.sh_size ||
	    ((const char *)strdata->d_buf)[strdata->d_size - 1])
		return bad_symtab(path, err, errlen,
				  "string table (section %u, %llu bytes) does not end in a NUL byte",
				  sh->sh_link,
				  (unsigned long long)strsh.sh_size);
	n = sh->sh_size / fsize;
	for (i = 0; i < n; i++) {
		GElf_Sym sym;

		if (!gelf_getsym(data, i, &sym))
			return bad_symtab(path, err, errlen,
					  "symbol %zu cannot be read: %s", i,
					  elf_errmsg(-1));
		if (sym.st_name >= strsh.sh_size)
			return bad_symtab(path, err, errlen,
					  "symbol %zu: st_name %u is past the string table (%llu bytes)",
					  i, sym.st_name,
					  (unsigned long long)strsh.sh_size);
	}
	return 0;
}

static int read_symtab(struct ks_store *st, Elf *elf, long long build_id,
		       const char *path, bool all, struct import_stats *stats,
		       char *err, size_t errlen)
{
	Elf_Scn *scn;
	bool found = false;
	uint64_t *addrs = NULL;
	size_t n_addrs = 0, nexec;
	bool *exec = exec_sections(elf, &nexec);
	int ret;

	for (scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		found = true;
		data = elf_getdata(scn, NULL);
		ret = check_symtab(elf, &sh, data, path, err, errlen);
		if (ret) {
			free(addrs);
			free(exec);
			return ret;
		}
		n = sh.sh_size / sh.sh_entsize;
		free(addrs);
		addrs = text_addrs(elf, data, n, sh.sh_link, exec, nexec, all,
				   &n_addrs);
		for (i = 0; i < n; i++) {
			GElf_Sym sym;
			const char *name;
			enum ks_bind bind;

			if (!gelf_getsym(data, i, &sym) || !is_code(&sym, exec,
								     nexec))
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || kallsyms_ignores(name))
				continue;
			bind = ks_bind_of_elf(GELF_ST_BIND(sym.st_info));
			ret = store_sym_add(st, build_id, name, sym.st_value,
					    true, sym.st_size, bind, 0,
					    addrs ? extent_of(addrs, n_addrs,
							      sym.st_value) : 0,
					    err, errlen);
			if (ret) {
				free(addrs);
				free(exec);
				return ret;
			}
			stats->syms++;
		}
	}
	free(addrs);
	free(exec);
	if (found && !stats->syms) {
		snprintf(err, errlen,
			 "%s: broken .symtab: no function symbol in it (a vmlinux has tens of thousands)",
			 path);
		return -EINVAL;
	}
	if (!found) {
		snprintf(err, errlen,
			 "%s: no .symtab section (stripped? use the -dbg package's vmlinux)",
			 path);
		return -ENOENT;
	}
	return 0;
}

/*
 * What would otherwise read as "no .symtab": a 32-bit ELF, or section
 * headers that cannot be read as the header says (a byte order or class
 * that is not the file's).
 */
static int check_header(Elf *elf, const GElf_Ehdr *eh, const char *path,
			char *err, size_t errlen)
{
	const char *order = eh->e_ident[EI_DATA] == ELFDATA2LSB ?
			    "little-endian" : eh->e_ident[EI_DATA] ==
			    ELFDATA2MSB ? "big-endian" : "unknown byte order";
	size_t shnum, i, size;

	if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
		snprintf(err, errlen,
			 "%s: not a 64-bit ELF file (EI_CLASS %u): ksymstat reads the vmlinux of 64-bit kernels",
			 path, eh->e_ident[EI_CLASS]);
		return -EINVAL;
	}
	size = 0;
	elf_rawfile(elf, &size);
	if (eh->e_version != EV_CURRENT ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff >= size) {
		snprintf(err, errlen,
			 "%s: a broken ELF header read %s (e_version %u, e_shentsize %u, e_shoff %llu in a file of %zu bytes): the wrong byte order, or not a vmlinux",
			 path, order, eh->e_version, eh->e_shentsize,
			 (unsigned long long)eh->e_shoff, size);
		return -EINVAL;
	}
	if (elf_getshdrnum(elf, &shnum)) {
		snprintf(err, errlen,
			 "%s: the section headers cannot be read (e_shoff %llu, %s): %s",
			 path, (unsigned long long)eh->e_shoff, order,
			 elf_errmsg(-1));
		return -EINVAL;
	}
	for (i = 1; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(elf, i);
		GElf_Shdr sh;

		if (!scn || !gelf_getshdr(scn, &sh)) {
			snprintf(err, errlen,
				 "%s: section header %zu of %zu cannot be read (e_shoff %llu, %s): %s",
				 path, i, shnum,
				 (unsigned long long)eh->e_shoff, order,
				 elf_errmsg(-1));
			return -EINVAL;
		}
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
	(void)elf_errno();	/* clear a stale error */
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && elf_kind(elf) != ELF_K_ELF) {
		snprintf(err, errlen, "%s: not an ELF file (no ELF header)",
			 path);
		ret = -EINVAL;
		goto out;
	}
	if (!elf || !gelf_getehdr(elf, &eh)) {
		snprintf(err, errlen, "%s: not a readable ELF file: %s", path,
			 elf_errmsg(-1));
		ret = -EINVAL;
		goto out;
	}
	ret = check_header(elf, &eh, path, err, errlen);
	if (ret)
		goto out;
	release_from_path(path, "vmlinux-", release, sizeof(release));
	ret = symtab_build(st, off_source_names[OFF_SRC_VMLINUX], path, opts, release,
			   arch_from_elf_machine(eh.e_machine), &build_id,
			   err, errlen);
	if (ret)
		goto out;
	stats->builds++;
	ret = read_symtab(st, elf, build_id, path,
			  opts->config &&
			  config_is_yes(opts->config, "CONFIG_KALLSYMS_ALL"),
			  stats, err, errlen);
	if (!ret)
		ret = symtab_config(st, build_id, opts, release, stats, err,
				    errlen);
out:
	elf_end(elf);
	close(fd);
	return ret;
}
