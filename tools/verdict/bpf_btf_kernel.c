// SPDX-License-Identifier: GPL-2.0
/*
 * Is a --btf the BTF of the report's kernel?  bpf check sets CO-RE
 * relocations and fentry hooks against it, so a BTF of another arch or
 * release would answer for another kernel without a word.  What the file
 * says of itself:
 *   arch     the ELF machine of an ELF holding .BTF (a -dbg vmlinux); for
 *            raw BTF, the syscall wrappers it names (__arm64_sys_read,
 *            __x64_sys_read: libbpf's per-arch prefixes)
 *   release  the linux_banner of a vmlinux ("Linux version RELEASE ...");
 *            raw BTF carries none
 * What the file does not say is not checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "verdict.h"

#define BANNER		"Linux version "

/* The release in the linux_banner of elf, or "" (no symbol, no text). */
static void banner_release(Elf *elf, char *release, size_t len)
{
	Elf_Scn *scn = NULL, *ts;
	GElf_Shdr sh, tsh;
	size_t i, n, off;
	Elf_Data *d, *td;
	GElf_Sym sym;

	release[0] = '\0';
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		n = d ? d->d_size / sh.sh_entsize : 0;
		for (i = 0; i < n; i++) {
			const char *name;

			if (!gelf_getsym(d, (int)i, &sym))
				break;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || strcmp(name, "linux_banner"))
				continue;
			ts = elf_getscn(elf, sym.st_shndx);
			if (!ts || !gelf_getshdr(ts, &tsh) ||
			    tsh.sh_type != SHT_PROGBITS)
				return;
			td = elf_getdata(ts, NULL);
			off = sym.st_value - tsh.sh_addr;
			if (!td || sym.st_value < tsh.sh_addr ||
			    off + sizeof(BANNER) > td->d_size ||
			    memcmp((char *)td->d_buf + off, BANNER,
				   strlen(BANNER)))
				return;
			off += strlen(BANNER);
			for (n = 0; off + n < td->d_size && n + 1 < len; n++) {
				char c = ((char *)td->d_buf)[off + n];

				if (c == ' ' || c == '\0' || c == '\n')
					break;
				release[n] = c;
			}
			release[n] = '\0';
			return;
		}
	}
}

/* The arch and release an ELF file says; false when it is no ELF. */
static bool elf_kernel(const char *path, char *arch, size_t alen,
		       char *release, size_t rlen)
{
	GElf_Ehdr eh;
	bool is_elf;
	Elf *elf;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	is_elf = elf && elf_kind(elf) == ELF_K_ELF && gelf_getehdr(elf, &eh);
	if (is_elf) {
		snprintf(arch, alen, "%s", arch_from_elf_machine(eh.e_machine));
		banner_release(elf, release, rlen);
	}
	elf_end(elf);
	close(fd);
	return is_elf;
}

/*
 * Has the BTF the syscall wrapper __WANT_sys_read?  If not, pfx gets the
 * prefix of another arch's wrapper it has ("" for none).  A kernel may
 * carry more than one (x86_64 with IA32 emulation: __x64_ and __ia32_).
 */
static bool btf_syscall_prefix(const struct btf *btf, const char *want,
			       char *pfx, size_t len)
{
	__u32 id, n = btf__type_cnt(btf);
	size_t l;

	pfx[0] = '\0';
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);

		if (!btf_is_func(t) || !name || strncmp(name, "__", 2) ||
		    !str_ends_with(name, "_sys_read"))
			continue;
		l = strlen(name) - strlen("__") - strlen("_sys_read");
		if (l == strlen(want) && !strncmp(name + 2, want, l))
			return true;
		if (!l || l >= len || *pfx)
			continue;
		memcpy(pfx, name + 2, l);
		pfx[l] = '\0';
	}
	return false;
}

int bpf_btf_same_kernel(const char *path, const struct btf *btf,
			const char *arch, const char *release, char *err,
			size_t errlen)
{
	char barch[32] = "", brelease[256] = "", pfx[32];
	const char *want;

	if (elf_kernel(path, barch, sizeof(barch), brelease,
		       sizeof(brelease))) {
		if (arch && *arch && *barch && strcmp(arch, barch)) {
			snprintf(err, errlen,
				 "--btf %s: the BTF of a kernel of arch %s (its ELF machine), the report's arch is %s: give the BTF of the report's kernel",
				 path, barch, arch);
			return -EINVAL;
		}
	} else if (arch && (want = syscall_prefix(arch))) {
		if (!btf_syscall_prefix(btf, want, pfx, sizeof(pfx)) && *pfx) {
			snprintf(err, errlen,
				 "--btf %s: not the BTF of a kernel of arch %s, the report's: its syscall wrappers are __%s_sys_*, not __%s_sys_*",
				 path, arch, pfx, want);
			return -EINVAL;
		}
	}
	if (release && *release && *brelease && strcmp(release, brelease)) {
		snprintf(err, errlen,
			 "--btf %s: the BTF of kernel release %s (its linux_banner), the report's release is %s: give the BTF of the report's kernel",
			 path, brelease, release);
		return -EINVAL;
	}
	return 0;
}

/* libbpf's arch_specific_syscall_pfx(), by Debian arch name. */
const char *syscall_prefix(const char *arch)
{
	static const struct {
		const char *arch, *pfx;
	} t[] = {
		{ "amd64", "x64" }, { "i386", "ia32" }, { "arm64", "arm64" },
		{ "armhf", "arm" }, { "armel", "arm" }, { "s390x", "s390x" },
		{ "riscv64", "riscv" }, { "ppc64el", "powerpc64" },
		{ "mips64el", "mips" },
	};
	size_t i;

	for (i = 0; arch && i < ARRAY_SIZE(t); i++)
		if (!strcmp(arch, t[i].arch))
			return t[i].pfx;
	return NULL;
}
