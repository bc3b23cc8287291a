/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Name tables the output files share (out_text.c, out_json.c): each
 * written once, here, or in include/ksymstat/rules.h when the module
 * shares it.
 */
#ifndef KSYMSTAT_WORDS_H
#define KSYMSTAT_WORDS_H

#include <stddef.h>

/* A field a report source could not know: bit i of KS_UNK_*. */
struct ks_unk_name {
	const char *key;	/* JSON "unknown" */
	const char *words;	/* the text header's "unknown:" line */
};

extern const struct ks_unk_name ks_unk_names[];
extern const size_t ks_unk_count;

#endif
