// SPDX-License-Identifier: GPL-2.0
/*
 * ksattach: the real BPF attaches of tests/module/clients.sh, one name per
 * line, through libbpf (static, against Debian's libbpf.a: built by
 * tests/module/build-helper).
 *
 *   ksattach fentry NAMES        a BPF_PROG_TYPE_TRACING program with
 *                                expected_attach_type BPF_TRACE_FENTRY and
 *                                attach_btf_id the BTF FUNC of NAME
 *                                (bpf_prog_load()), then bpf_link_create().
 *                                The FUNC is looked up as libbpf's
 *                                find_kernel_btf_id() does for a
 *                                SEC("fentry/NAME"): vmlinux BTF first, then
 *                                each module's BTF (split on vmlinux's) in
 *                                BTF object id order, the module's BTF
 *                                object given as attach_btf_obj_fd; no FUNC
 *                                anywhere: ESRCH
 *   ksattach kprobe_multi NAMES  one BPF_PROG_TYPE_KPROBE program with
 *                                BPF_TRACE_KPROBE_MULTI, then per NAME
 *                                bpf_link_create() with kprobe_multi.syms,
 *                                as bpf_program__attach_kprobe_multi_opts()
 *
 * Output: "NAME ok" or "NAME ERRNO" (load or attach, whichever failed);
 * fentry adds the BTF the FUNC was found in ("vmlinux", a module's name, or
 * "-").  Each link and program is closed before the next name.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "ksguest.h"

/* libbpf's messages stay out of the answers; the errno says it all. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* The BTF of the loaded modules, in BTF object id order. */
struct modbtf {
	struct btf *btf;
	int fd;
	char name[64];
};

static struct modbtf *mods;
static unsigned int nmods;

static void load_module_btfs(struct btf *vmlinux)
{
	__u32 id = 0;

	while (!bpf_btf_get_next_id(id, &id)) {
		struct bpf_btf_info info;
		__u32 len = sizeof(info);
		struct modbtf *m;
		char name[64];
		int fd;

		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue;	/* unloaded meanwhile */
		memset(&info, 0, sizeof(info));
		info.name = (__u64)(unsigned long)name;
		info.name_len = sizeof(name);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
		    !info.kernel_btf || !strcmp(name, "vmlinux")) {
			close(fd);
			continue;
		}
		m = realloc(mods, (nmods + 1) * sizeof(*mods));
		if (!m) {
			fprintf(stderr, "ksattach: out of memory\n");
			exit(4);
		}
		mods = m;
		m = &mods[nmods];
		m->btf = btf__load_from_kernel_by_id_split(id, vmlinux);
		if (!m->btf) {
			close(fd);
			continue;
		}
		m->fd = fd;
		snprintf(m->name, sizeof(m->name), "%s", name);
		nmods++;
	}
}

static int fentry(const char *list)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const char *where;
	char name[512];
	unsigned int i;
	FILE *f;
	int id, pfd, lfd;

	if (!btf) {
		fprintf(stderr, "ksattach: no vmlinux BTF: %s\n",
			strerror(errno));
		return 4;
	}
	load_module_btfs(btf);
	f = open_list(list);
	while (next_line(f, name, sizeof(name))) {
		LIBBPF_OPTS(bpf_prog_load_opts, o,
			    .expected_attach_type = BPF_TRACE_FENTRY);

		where = "vmlinux";
		id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
		for (i = 0; id < 0 && i < nmods; i++) {
			id = btf__find_by_name_kind(mods[i].btf, name,
						    BTF_KIND_FUNC);
			o.attach_btf_obj_fd = mods[i].fd;
			where = mods[i].name;
		}
		if (id < 0) {
			printf("%s ESRCH -\n", name);
			continue;
		}
		o.attach_btf_id = id;
		pfd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "ksc", "GPL", ret0,
				    2, &o);
		if (pfd < 0) {
			printf("%s %s %s\n", name, ename(errno), where);
			continue;
		}
		lfd = bpf_link_create(pfd, 0, BPF_TRACE_FENTRY, NULL);
		printf("%s %s %s\n", name, lfd < 0 ? ename(errno) : "ok",
		       where);
		if (lfd >= 0)
			close(lfd);
		close(pfd);
	}
	fclose(f);
	for (i = 0; i < nmods; i++) {
		btf__free(mods[i].btf);
		close(mods[i].fd);
	}
	free(mods);
	btf__free(btf);
	return 0;
}

static int kprobe_multi(const char *list)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o,
		    .expected_attach_type = BPF_TRACE_KPROBE_MULTI);
	char name[512];
	FILE *f;
	int pfd, lfd, err = 0;

	pfd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "ksc", "GPL", ret0, 2, &o);
	if (pfd < 0)
		err = errno;
	f = open_list(list);
	while (next_line(f, name, sizeof(name))) {
		const char *syms[1] = { name };
		LIBBPF_OPTS(bpf_link_create_opts, lo,
			    .kprobe_multi.syms = syms,
			    .kprobe_multi.cnt = 1);

		if (err) {
			printf("%s %s\n", name, ename(err));
			continue;
		}
		lfd = bpf_link_create(pfd, 0, BPF_TRACE_KPROBE_MULTI, &lo);
		printf("%s %s\n", name, lfd < 0 ? ename(errno) : "ok");
		if (lfd >= 0)
			close(lfd);
	}
	fclose(f);
	if (pfd >= 0)
		close(pfd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(quiet);
	if (argc == 3 && !strcmp(argv[1], "fentry"))
		return fentry(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "kprobe_multi"))
		return kprobe_multi(argv[2]);
	fprintf(stderr, "usage: ksattach fentry|kprobe_multi LIST\n");
	return 2;
}
