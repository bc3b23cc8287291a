// SPDX-License-Identifier: GPL-2.0
/*
 * Name tables the output files share (words.h), and the names of the
 * verdict's enums (ksymstat.h): the verdict records the enums, these
 * tables name them.
 */
#include "verdict.h"
#include "words.h"

const struct ks_unk_name ks_unk_names[] = {
	{ "size", "size" },			/* KS_UNK_SIZE */
	{ "module_bind", "module binding" },	/* KS_UNK_MODULE_BIND */
	{ "kprobe", "kprobe" },			/* KS_UNK_KPROBE */
	{ "exported", "export" },		/* KS_UNK_EXPORTED */
	{ "ftrace", "ftrace" },			/* KS_UNK_FTRACE */
	{ "ftrace_addr", "ftrace address" },	/* KS_UNK_FTRACE_ADDR */
	{ "kaslr_offset", "kaslr_offset" },	/* KS_UNK_KASLR */
};

const size_t ks_unk_count = ARRAY_SIZE(ks_unk_names);

static const char *const check_names[CK_NR] = {
	[CK_PRESENCE]	= "presence",
	[CK_BINDING]	= "binding",
	[CK_SIZE]	= "size",
	[CK_ADDRESS]	= "address",
	[CK_COLLISION]	= "collision",
	[CK_CLONES]	= "clones",
	[CK_TRACE]	= "traceability",
};

static const char *const verdict_names[] = {
	[CV_NA]		= "n/a",
	[CV_AGREE]	= "agree",
	[CV_DIFFER]	= "differ",
	[CV_EXPLAINED]	= "explained",
	[CV_UNKNOWN]	= "unknown",
	[CV_MISMATCH]	= "mismatch",
};

static const char *const match_names[] = {
	[RM_SAME_BUILD]		= "same_build",
	[RM_SAME_VERSION_ARCH]	= "same_version_arch",
	[RM_SAME_ARCH]		= "same_arch",
	[RM_SAME_VERSION]	= "same_version",
	[RM_OTHER]		= "other",
};

static const char *const target_verdict_names[] = {
	[TV_CONFIRMED]		= "confirmed",
	[TV_MISMATCH]		= "mismatch",
	[TV_NOT_PROBEABLE]	= "not_probeable",
	[TV_PROBE_UNKNOWN]	= "probe_unknown",
};

const char *check_kind_name(enum check_kind k)
{
	return check_names[k];
}

const char *check_verdict_name(enum check_verdict v)
{
	return verdict_names[v];
}

const char *row_match_name(enum row_match m)
{
	return match_names[m];
}

const char *target_verdict_name(enum target_verdict v)
{
	return target_verdict_names[v];
}
