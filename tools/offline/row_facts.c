// SPDX-License-Identifier: GPL-2.0
/*
 * What the verdict reads of a row's build besides the row itself, read from
 * the store before the verdict runs: the build's config (for a row with
 * one) and the function's DWARF entries (for a "dwarf" row).  The verdict
 * then reads plain data, never the store.
 */
#include <stdlib.h>
#include <string.h>

#include "offline.h"

int off_rows_resolve(struct ks_store *st, const char *name,
		     struct off_row *rows, size_t n, unsigned int what,
		     char *err, size_t errlen)
{
	char ierr[KS_ERRLEN];
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		struct off_row *r = &rows[i];

		if (r->has_config && (what & OFF_RESOLVE_CONFIG)) {
			ret = store_config_all(st, r->build_id, &r->config,
					       &r->n_config, err, errlen);
			if (ret)
				return ret;
		}
		/* entries that cannot be read are none (as before) */
		if ((what & OFF_RESOLVE_INSTS) &&
		    off_row_source(r) == OFF_SRC_DWARF &&
		    store_insts(st, r->build_id, name, &r->insts, &r->n_insts,
				ierr, sizeof(ierr))) {
			r->insts = NULL;
			r->n_insts = 0;
		}
	}
	return 0;
}

static int kv_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct off_kv *)elem)->key);
}

bool off_config_get(const struct off_row *r, const char *key, char *buf,
		    size_t len)
{
	const struct off_kv *kv;

	kv = bsearch(key, r->config, r->n_config, sizeof(*r->config), kv_cmp);
	if (!kv)
		return false;
	snprintf(buf, len, "%s", kv->value);
	return true;
}
