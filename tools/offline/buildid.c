// SPDX-License-Identifier: GPL-2.0
/*
 * GNU build-ids: the NT_GNU_BUILD_ID note of an ELF file (a vmlinux, a
 * module, a -dbg file), as lowercase hex, the spelling of the report's
 * build_id= field (docs/report-format.md, version 3).  A build is "the
 * same build" as the running kernel when the two ids are equal (merge.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

#include "offline.h"

/* binutils' elf/common.h */
#define KS_NT_GNU_BUILD_ID	3

static void to_hex(const unsigned char *p, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[p[i] >> 4];
		hex[2 * i + 1] = digits[p[i] & 15];
	}
	hex[2 * n] = '\0';
}

/* The first GNU build-id note of one SHT_NOTE section or PT_NOTE. */
static bool note_build_id(Elf_Data *d, char *hex)
{
	size_t off = 0, name, desc;
	GElf_Nhdr nh;

	while (d && off < d->d_size &&
	       (off = gelf_getnote(d, off, &nh, &name, &desc)) > 0) {
		if (nh.n_type == KS_NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((char *)d->d_buf + name, "GNU", 4) &&
		    nh.n_descsz && nh.n_descsz <= KS_BUILD_ID_MAX) {
			to_hex((unsigned char *)d->d_buf + desc, nh.n_descsz,
			       hex);
			return true;
		}
	}
	return false;
}

static int elf_note_build_id(Elf *elf, char *hex)
{
	Elf_Scn *scn = NULL;
	size_t i, nph;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE &&
		    note_build_id(elf_getdata(scn, NULL), hex))
			return 0;
	}
	/* a file without section headers: its notes segments */
	if (elf_getphdrnum(elf, &nph))
		return -ENODATA;
	for (i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_NOTE &&
		    note_build_id(elf_getdata_rawchunk(elf, ph.p_offset,
						       ph.p_filesz,
						       ELF_T_NHDR), hex))
			return 0;
	}
	return -ENODATA;
}

int elf_build_id(const char *path, char *hex)
{
	int fd, ret;
	Elf *elf;

	hex[0] = '\0';
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EIO;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		ret = -ENOEXEC;
	else
		ret = elf_note_build_id(elf, hex);
	elf_end(elf);
	close(fd);
	return ret;
}
