// SPDX-License-Identifier: GPL-2.0
/*
 * A program embedding two BPF objects as libbpf skeletons do (bpftool gen
 * skeleton): ksymstat bpf check must find and check both.
 */
#include <stdio.h>

#include "kinds.skel.h"
#include "failures.skel.h"

int main(void)
{
	struct kinds *k = kinds__open();
	struct failures *f = failures__open();

	printf("%s %s\n", k ? "kinds" : "-", f ? "failures" : "-");
	kinds__destroy(k);
	failures__destroy(f);
	return 0;
}
