// SPDX-License-Identifier: GPL-2.0
/*
 * What push and import of live reports stored in a fleet store, in words
 * or JSON (fleet/report_store.c stores them).
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

void fleet_print_stored(const struct ks_ctx *ctx,
			const struct fleet_stored *res)
{
	const struct fleet_report *frs = res->frs;
	const char *host = res->host;
	struct json_object *o, *a;
	size_t i, n = res->n;

	if (!ctx->json) {
		for (i = 0; i < n; i++) {
			const struct fleet_report *fr = &frs[i];

			printf("%s: %s (%s %s, build-id %s): %s report %lld in %s\n",
			       host, fr->path, fr->rep->release,
			       fr->rep->arch, fr->build_id,
			       fr->stored ? "stored as" : "already stored:",
			       fr->id, res->shown);
		}
		return;
	}
	o = json_object_new_object();
	a = json_object_new_array();
	json_object_object_add(o, "db", json_object_new_string(res->shown));
	json_object_object_add(o, "backend",
			       json_object_new_string(res->backend));
	json_object_object_add(o, "host", json_object_new_string(host));
	for (i = 0; i < n; i++) {
		const struct fleet_report *fr = &frs[i];
		struct json_object *r = json_object_new_object();

		json_object_object_add(r, "path",
				       json_object_new_string(fr->path));
		json_object_object_add(r, "release",
			json_object_new_string(fr->rep->release));
		json_object_object_add(r, "arch",
				       json_object_new_string(fr->rep->arch));
		json_object_object_add(r, "build_id",
				       json_object_new_string(fr->build_id));
		json_object_object_add(r, "hash",
				       json_object_new_string(fr->hash));
		json_object_object_add(r, "stored",
				       json_object_new_boolean(fr->stored));
		json_object_object_add(r, "report_id",
				       json_object_new_int64(fr->id));
		json_object_array_add(a, r);
	}
	json_object_object_add(o, "reports", a);
	json_fputs(stdout, json_object_to_json_string_ext(o, ks_json_flags(ctx)));
	json_object_put(o);
}
