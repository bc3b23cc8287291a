// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a BPF object: a BPF ELF file, or every BPF ELF image that an
 * executable or shared library embeds (a libbpf skeleton holds its object
 * as one byte string in .rodata).  Each image is opened with libbpf's
 * bpf_object__open_mem(), which parses it exactly as the program's own
 * loader will, and each program's SEC name is turned into its hook.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>
#include <bpf/libbpf.h>

#include "verdict.h"

#ifndef EM_BPF
#define EM_BPF	247
#endif

/* Where each SEC family attaches (docs/bpf.md). */
enum {
	SD_OFFSET	= 1 << 0,	/* "func+0x10" */
	SD_SYSCALL	= 1 << 1,	/* the arch's syscall wrapper */
	SD_LSM		= 1 << 2,	/* bpf_lsm_HOOK */
	SD_SLEEP	= 1 << 3,	/* sleepable variant */
};

static const struct sec_def {
	const char *prefix;
	enum bpf_hook_kind kind;
	unsigned int flags;
} sec_defs[] = {
	{ "kprobe",		BH_KPROBE,	SD_OFFSET },
	{ "kretprobe",		BH_KPROBE,	0 },
	{ "ksyscall",		BH_KPROBE,	SD_SYSCALL },
	{ "kretsyscall",	BH_KPROBE,	SD_SYSCALL },
	{ "kprobe.multi",	BH_MULTI,	0 },
	{ "kretprobe.multi",	BH_MULTI,	0 },
	{ "fentry",		BH_FENTRY,	0 },
	{ "fexit",		BH_FENTRY,	0 },
	{ "fmod_ret",		BH_FENTRY,	0 },
	{ "fentry.s",		BH_FENTRY,	SD_SLEEP },
	{ "fexit.s",		BH_FENTRY,	SD_SLEEP },
	{ "fmod_ret.s",		BH_FENTRY,	SD_SLEEP },
	{ "lsm",		BH_FENTRY,	SD_LSM },
	{ "lsm.s",		BH_FENTRY,	SD_LSM | SD_SLEEP },
	{ "lsm_cgroup",		BH_FENTRY,	SD_LSM },
	{ "tp",			BH_TRACEPOINT,	0 },
	{ "tracepoint",		BH_TRACEPOINT,	0 },
	{ "raw_tp",		BH_RAW_TP,	0 },
	{ "raw_tracepoint",	BH_RAW_TP,	0 },
	{ "raw_tp.w",		BH_RAW_TP,	0 },
	{ "raw_tracepoint.w",	BH_RAW_TP,	0 },
	{ "tp_btf",		BH_RAW_TP,	0 },
};

/* libbpf's messages, kept for the error that follows a failed open. */
static char libbpf_msg[512];

static int libbpf_keep(enum libbpf_print_level level, const char *fmt,
		       va_list ap)
{
	char line[512];
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (n)
		snprintf(libbpf_msg, sizeof(libbpf_msg), "%s", line);
	return 0;
}

void bpf_prog_add_func(struct bpf_prog *p, const char *name, int client)
{
	struct bpf_func *f;

	p->funcs = xrealloc(p->funcs, (p->n_funcs + 1) * sizeof(*p->funcs));
	f = &p->funcs[p->n_funcs++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->client = client;
}

void bpf_prog_add_finding(struct bpf_prog *p, enum bpf_sev sev,
			  const char *hook, enum ks_fcode code, ...)
{
	struct ks_findings one = { 0 };
	struct bpf_finding *f;
	va_list ap;

	va_start(ap, code);
	findings_vadd(&one, code, ap);
	va_end(ap);
	p->findings = xrealloc(p->findings,
			       (p->n_findings + 1) * sizeof(*p->findings));
	f = &p->findings[p->n_findings++];
	f->sev = sev;
	f->hook = xstrdup(hook ? hook : "");
	f->what = one.v[0];
	free(one.v);
}

/* The hook of one program from its SEC name (libbpf's section names). */
static void sec_parse(struct bpf_prog *p)
{
	const struct sec_def *d, *best = NULL;
	size_t i, n, best_n = 0;
	const char *rest;

	for (i = 0; i < ARRAY_SIZE(sec_defs); i++) {
		d = &sec_defs[i];
		n = strlen(d->prefix);
		if (strncmp(p->sec, d->prefix, n) ||
		    (p->sec[n] && p->sec[n] != '/'))
			continue;
		if (n > best_n) {
			best = d;
			best_n = n;
		}
	}
	if (!best) {
		n = strcspn(p->sec, "/");
		p->family = NULL;
		p->kind = BH_NOT_CHECKED;
		p->target = xstrndup(p->sec, n);
		return;
	}
	p->family = best->prefix;
	p->sleepable = best->flags & SD_SLEEP;
	rest = p->sec + best_n;
	if (!*rest || !rest[1]) {
		p->kind = BH_RUNTIME;
		return;
	}
	rest++;
	p->kind = best->kind;
	p->target = xstrdup(rest);
	if (best->flags & SD_OFFSET) {
		char *plus = strchr(p->target, '+');
		uint64_t off;

		if (plus && !parse_u64(plus + 1, 0, &off)) {
			*plus = '\0';
			p->has_offset = true;
			p->offset = off;
		}
	}
	if (best->flags & SD_LSM) {
		char *fn = xasprintf("bpf_lsm_%s", p->target);

		bpf_prog_add_func(p, fn, bpf_client_id("fentry"));
		free(fn);
	} else if (best->kind == BH_KPROBE && !(best->flags & SD_SYSCALL)) {
		bpf_prog_add_func(p, p->target, bpf_client_id("kprobe_event"));
	} else if (best->kind == BH_FENTRY) {
		bpf_prog_add_func(p, p->target, bpf_client_id("fentry"));
	}
	/* ksyscall and multi are resolved against the live kernel later */
}

/* The ELF extent of each program: its STT_FUNC symbol in its section. */
static void prog_extents(struct bpf_object_ks *o, const unsigned char *img,
			 size_t len)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx, i, k;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)img, len);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			const char *name, *secname;
			Elf_Scn *ps;
			GElf_Shdr psh;
			GElf_Sym sym;

			if (!gelf_getsym(data, i, &sym) ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			ps = elf_getscn(elf, sym.st_shndx);
			if (!name || !ps || !gelf_getshdr(ps, &psh))
				continue;
			secname = elf_strptr(elf, shstrndx, psh.sh_name);
			for (k = 0; secname && k < o->n_progs; k++) {
				struct bpf_prog *p = &o->progs[k];

				if (strcmp(p->name, name) ||
				    strcmp(p->sec, secname))
					continue;
				p->shndx = sym.st_shndx;
				p->insn_off = sym.st_value;
				p->insn_size = sym.st_size;
			}
		}
	}
out:
	if (elf)
		elf_end(elf);
}

static int open_image(struct bpf_run *run, struct bpf_object_ks *o,
		      char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "ksymstat");
	const unsigned char *img = run->buf + o->offset;
	struct bpf_program *prog;
	struct bpf_object *obj;
	libbpf_print_fn_t old;

	libbpf_msg[0] = '\0';
	old = libbpf_set_print(libbpf_keep);
	obj = bpf_object__open_mem(img, o->size, &opts);
	libbpf_set_print(old);
	if (!obj) {
		snprintf(err, errlen,
			 "%s: truncated or malformed BPF object (libbpf: %s)",
			 o->name, libbpf_msg[0] ? libbpf_msg :
			 strerror(errno));
		return -EINVAL;
	}
	if (!bpf_object__btf(obj)) {
		snprintf(err, errlen,
			 "%s: BPF object has no BTF (no .BTF section; build it with clang -g)",
			 o->name);
		bpf_object__close(obj);
		return -EINVAL;
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog *p;

		o->progs = xrealloc(o->progs,
				    (o->n_progs + 1) * sizeof(*o->progs));
		p = &o->progs[o->n_progs++];
		memset(p, 0, sizeof(*p));
		p->name = xstrdup(bpf_program__name(prog));
		p->sec = xstrdup(bpf_program__section_name(prog));
		p->shndx = -1;
		sec_parse(p);
	}
	bpf_object__close(obj);
	prog_extents(o, img, o->size);
	return 0;
}

static uint64_t rd(const unsigned char *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/*
 * The extent of a little-endian 64-bit EM_BPF ET_REL image at p (at most
 * len bytes): its section headers and every section's bytes.  0 when p
 * does not start one.  The extent may pass len: a truncated image.
 */
static uint64_t bpf_image_size(const unsigned char *p, size_t len)
{
	uint64_t shoff, end, i, shnum;

	if (len < 64 || memcmp(p, ELFMAG, SELFMAG) ||
	    p[EI_CLASS] != ELFCLASS64 || p[EI_DATA] != ELFDATA2LSB ||
	    rd(p + 16, 2) != ET_REL || rd(p + 18, 2) != EM_BPF ||
	    rd(p + 58, 2) != sizeof(Elf64_Shdr))
		return 0;
	shoff = rd(p + 40, 8);
	shnum = rd(p + 60, 2);
	end = shoff + shnum * sizeof(Elf64_Shdr);
	if (shoff > len || end > len)
		return end;
	for (i = 0; i < shnum; i++) {
		const unsigned char *sh = p + shoff + i * sizeof(Elf64_Shdr);
		uint64_t off = rd(sh + 24, 8), size = rd(sh + 32, 8);

		if (rd(sh + 4, 4) != SHT_NOBITS && off + size > end)
			end = off + size;
	}
	return end;
}

/* Every embedded BPF ELF image in buf (not one at offset 0). */
int bpf_scan_embedded(const unsigned char *buf, size_t len, uint64_t **offs,
		      uint64_t **sizes, size_t *n)
{
	const unsigned char *p = buf + 1, *end = buf + len;
	size_t cap = 0;

	*offs = NULL;
	*sizes = NULL;
	*n = 0;
	while (p < end &&
	       (p = memmem(p, end - p, ELFMAG, SELFMAG)) != NULL) {
		uint64_t size = bpf_image_size(p, end - p);

		if (!size || size > (uint64_t)(end - p)) {
			p++;
			continue;
		}
		*offs = array_grow(*offs, &cap, *n, sizeof(**offs));
		*sizes = xrealloc(*sizes, cap * sizeof(**sizes));
		(*offs)[*n] = p - buf;
		(*sizes)[*n] = size;
		(*n)++;
		p += size;
	}
	return 0;
}

static const char *elf_type_words(unsigned int t)
{
	switch (t) {
	case ET_REL:
		return "relocatable object";
	case ET_EXEC:
		return "executable";
	case ET_DYN:
		return "shared object or PIE executable";
	case ET_CORE:
		return "core file";
	default:
		return "file";
	}
}

/*
 * A libbpf error in words: libbpf's own codes (LIBBPF_ERRNO__FORMAT,
 * 4001, ...) are no errno, and strerror() says "Unknown error 4001".
 */
const char *libbpf_errstr(int err, char *buf, size_t len)
{
	if (err < 0)
		err = -err;
	if (libbpf_strerror(err, buf, len))
		snprintf(buf, len, "%s", strerror(err));
	return buf;
}

int bpf_read_file(const char *path, struct bpf_run *run, char *err,
		  size_t errlen)
{
	uint64_t *offs, *sizes;
	const unsigned char *b;
	char *buf;
	size_t len, i, n;
	int ret;

	run->file = path;
	ret = read_input(path, &buf, &len, err, errlen);
	if (ret)
		return ret;
	run->buf = (unsigned char *)buf;
	run->len = len;
	b = run->buf;
	if (len < EI_NIDENT || memcmp(b, ELFMAG, SELFMAG)) {
		snprintf(err, errlen,
			 "%s: not an ELF file (give a BPF object, or a binary that embeds one)",
			 path);
		return -EINVAL;
	}
	if (len >= 20 && rd(b + 18, 2) == EM_BPF) {
		if (b[EI_CLASS] != ELFCLASS64 || b[EI_DATA] != ELFDATA2LSB) {
			snprintf(err, errlen,
				 "%s: only little-endian 64-bit BPF objects are read",
				 path);
			return -EINVAL;
		}
		n = 1;
		offs = xcalloc(1, sizeof(*offs));
		sizes = xcalloc(1, sizeof(*sizes));
		sizes[0] = len;
	} else {
		bpf_scan_embedded(b, len, &offs, &sizes, &n);
		if (!n) {
			unsigned int t = len >= 18 ? rd(b + 16, 2) : 0;
			unsigned int m = len >= 20 ? rd(b + 18, 2) : 0;
			const char *arch = arch_from_elf_machine(m);

			snprintf(err, errlen,
				 "%s: not a BPF object (ELF %s for %s, e_machine %u) and no embedded BPF object found in it",
				 path, elf_type_words(t),
				 arch && *arch ? arch : "another machine", m);
			free(offs);
			free(sizes);
			return -EINVAL;
		}
		run->embedded = true;
	}
	run->objs = xcalloc(n, sizeof(*run->objs));
	for (i = 0; i < n; i++) {
		struct bpf_object_ks *o = &run->objs[run->n_objs++];

		o->offset = offs[i];
		o->size = sizes[i];
		o->name = run->embedded ?
			  xasprintf("%s@0x%llx", path,
				    (unsigned long long)offs[i]) :
			  xstrdup(path);
		ret = open_image(run, o, err, errlen);
		if (ret)
			break;
	}
	free(offs);
	free(sizes);
	return ret;
}

static void prog_free(struct bpf_prog *p)
{
	size_t i;

	for (i = 0; i < p->n_funcs; i++) {
		findings_free(&p->funcs[i].offline);
		free(p->funcs[i].offline_sev);
		free(p->funcs[i].name);
	}
	for (i = 0; i < p->n_findings; i++) {
		free(p->findings[i].hook);
		finding_free(&p->findings[i].what);
	}
	free(p->funcs);
	free(p->findings);
	free(p->name);
	free(p->sec);
	free(p->target);
}

void bpf_run_free(struct bpf_run *run)
{
	size_t i, j;

	for (i = 0; i < run->n_objs; i++) {
		struct bpf_object_ks *o = &run->objs[i];

		for (j = 0; j < o->n_progs; j++)
			prog_free(&o->progs[j]);
		for (j = 0; j < o->n_core; j++) {
			free(o->core[j].prog);
			free(o->core[j].type);
			free(o->core[j].access);
			findings_free(&o->core[j].detail);
		}
		free(o->progs);
		free(o->core);
		free(o->name);
	}
	free(run->objs);
	free(run->buf);
	free(run->release);
	free(run->arch);
}
