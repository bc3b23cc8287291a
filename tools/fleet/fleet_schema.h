/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fleet's schema on the store interface (../db/db.h): the version
 * this ksymstat writes and the open of a fleet store
 * (fleet_schema.c; docs/tool.md, "The fleet").
 */
#ifndef KS_FLEET_SCHEMA_H
#define KS_FLEET_SCHEMA_H

#include "../db/db.h"

#define FLEET_SCHEMA	1	/* fleet_meta.schema_version */

/*
 * Open the store; migrate its schema to FLEET_SCHEMA unless readonly or
 * migrate is false (a push role may not create tables: it needs the
 * schema made by an owner).
 */
int fdb_open(const char *spec, bool readonly, bool migrate, struct fdb **out,
	     char *err, size_t errlen);
int fdb_schema_version(struct fdb *db, int *version, char *err,
		       size_t errlen);

#endif
