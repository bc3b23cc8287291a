// SPDX-License-Identifier: GPL-2.0
/*
 * ksbpfload: the real run that ksymstat bpf check is compared with.
 * For every program of every BPF object given, alone (autoload off for
 * the others): bpf_object__load(), then bpf_program__attach() by its SEC,
 * exactly as a libbpf skeleton's load and attach do.  One line each:
 *
 *   OBJECT PROGRAM SEC load=0|-ERRNO attach=0|-ERRNO|-
 *
 * Built static for the guest (tests/bpf/guest.sh).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	fputs("# libbpf: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

static int run_one(const char *path, int idx)
{
	struct bpf_program *p, *me = NULL;
	struct bpf_object *obj;
	struct bpf_link *link;
	int i = 0, err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("%s - - load=%d attach=-\n", path, -errno);
		return -1;
	}
	bpf_object__for_each_program(p, obj) {
		bpf_program__set_autoload(p, i == idx);
		if (i++ == idx)
			me = p;
	}
	if (!me) {
		bpf_object__close(obj);
		return 1;
	}
	err = bpf_object__load(obj);
	printf("%s %s %s load=%d", path, bpf_program__name(me),
	       bpf_program__section_name(me), err);
	if (err) {
		printf(" attach=-\n");
	} else {
		link = bpf_program__attach(me);
		printf(" attach=%d\n", link ? 0 : -errno);
		bpf_link__destroy(link);
	}
	fflush(stdout);
	bpf_object__close(obj);
	return 0;
}

int main(int argc, char **argv)
{
	int i, k;

	libbpf_set_print(quiet);
	for (i = 1; i < argc; i++)
		for (k = 0; run_one(argv[i], k) == 0; k++)
			;
	return 0;
}
