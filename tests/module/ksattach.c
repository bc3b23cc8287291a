// SPDX-License-Identifier: GPL-2.0
/*
 * ksattach: the real BPF attaches of tests/module/clients.sh, one name per
 * line, through libbpf (static, against Debian's libbpf.a: built by
 * tests/module/build-helper).
 *
 *   ksattach fentry NAMES        a BPF_PROG_TYPE_TRACING program with
 *                                expected_attach_type BPF_TRACE_FENTRY and
 *                                attach_btf_id the vmlinux BTF FUNC of NAME
 *                                (bpf_prog_load()), then bpf_link_create();
 *                                a NAME with no FUNC in vmlinux BTF gets
 *                                ESRCH, as libbpf's find_kernel_btf_id()
 *                                gives it for a SEC("fentry/NAME")
 *   ksattach kprobe_multi NAMES  one BPF_PROG_TYPE_KPROBE program with
 *                                BPF_TRACE_KPROBE_MULTI, then per NAME
 *                                bpf_link_create() with kprobe_multi.syms,
 *                                as bpf_program__attach_kprobe_multi_opts()
 *
 * Output: "NAME ok" or "NAME ERRNO" (load or attach, whichever failed);
 * each link and program is closed before the next name.
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

static int fentry(const char *list)
{
	struct btf *btf = btf__load_vmlinux_btf();
	char name[512];
	FILE *f;
	int id, pfd, lfd;

	if (!btf) {
		fprintf(stderr, "ksattach: no vmlinux BTF: %s\n",
			strerror(errno));
		return 4;
	}
	f = open_list(list);
	while (next_line(f, name, sizeof(name))) {
		LIBBPF_OPTS(bpf_prog_load_opts, o,
			    .expected_attach_type = BPF_TRACE_FENTRY);

		id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
		if (id < 0) {
			printf("%s ESRCH\n", name);
			continue;
		}
		o.attach_btf_id = id;
		pfd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "ksc", "GPL", ret0,
				    2, &o);
		if (pfd < 0) {
			printf("%s %s\n", name, ename(errno));
			continue;
		}
		lfd = bpf_link_create(pfd, 0, BPF_TRACE_FENTRY, NULL);
		printf("%s %s\n", name, lfd < 0 ? ename(errno) : "ok");
		if (lfd >= 0)
			close(lfd);
		close(pfd);
	}
	fclose(f);
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
