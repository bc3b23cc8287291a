// SPDX-License-Identifier: GPL-2.0
/*
 * The kprobe verdict of vmlinux text addresses, kept across walks: what
 * register_kprobe() returned there (0 or -errno).  vmlinux text, init text
 * aside (freed before any module loads), does not change after boot: the
 * blacklist, jump label and static call sites, bug table and instructions
 * register_kprobe() checks are fixed, so the verdict is too.  Module text
 * is never kept (probe.c).  Out-of-memory results are not verdicts and are
 * never kept either.
 *
 * An open-addressing table of 16-byte entries, grown at half full.  The
 * kprobe_cache=0 parameter bypasses it: the guest tests compare the two.
 * Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "ksymstat.h"

struct ks_kpentry {
	unsigned long addr;	/* 0: free */
	long err;
};

static struct ks_kpentry *ks_kp;
static unsigned long ks_kp_cap, ks_kp_n;	/* cap: a power of two */

static unsigned long ks_kp_slot(unsigned long addr, unsigned long cap)
{
	return hash_long(addr, ilog2(cap));
}

int ks_kpcache_get(unsigned long addr, int *err)
{
	unsigned long i;

	if (!ks_kp || !addr)
		return -ENOENT;
	for (i = ks_kp_slot(addr, ks_kp_cap);; i = (i + 1) & (ks_kp_cap - 1)) {
		if (!ks_kp[i].addr)
			return -ENOENT;
		if (ks_kp[i].addr == addr) {
			*err = ks_kp[i].err;
			return 0;
		}
	}
}

static void ks_kp_insert(struct ks_kpentry *tab, unsigned long cap,
			 unsigned long addr, long err)
{
	unsigned long i;

	for (i = ks_kp_slot(addr, cap); tab[i].addr && tab[i].addr != addr;
	     i = (i + 1) & (cap - 1))
		;
	tab[i].addr = addr;
	tab[i].err = err;
}

int ks_kpcache_put(unsigned long addr, int err)
{
	if (!addr || err == -ENOMEM)
		return 0;
	if (2 * (ks_kp_n + 1) > ks_kp_cap) {
		unsigned long cap = ks_kp_cap ? 2 * ks_kp_cap : 1024, i;
		struct ks_kpentry *tab = kvcalloc(cap, sizeof(*tab), GFP_KERNEL);

		if (!tab)
			return -ENOMEM;
		for (i = 0; i < ks_kp_cap; i++)
			if (ks_kp[i].addr)
				ks_kp_insert(tab, cap, ks_kp[i].addr,
					     ks_kp[i].err);
		kvfree(ks_kp);
		ks_kp = tab;
		ks_kp_cap = cap;
	}
	ks_kp_n++;
	ks_kp_insert(ks_kp, ks_kp_cap, addr, err);
	return 0;
}

void ks_kpcache_free(void)
{
	kvfree(ks_kp);
	ks_kp = NULL;
	ks_kp_cap = 0;
	ks_kp_n = 0;
}
