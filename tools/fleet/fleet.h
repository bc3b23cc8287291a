/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fleet: live reports of many hosts in one store (db.h), and the
 * matrix of what attaches on every build they run (docs/tool.md,
 * "The fleet").
 */
#ifndef KS_FLEET_H
#define KS_FLEET_H

#include "../verdict/verdict.h"
#include "fleet_schema.h"

/* long options of the fleet's commands, past those of ksymstat.h */
enum {
	OPT_FLEET_HOST = 0x200,
	OPT_FLEET_HTML,
	OPT_FLEET_MARKDOWN,
	OPT_FLEET_CLIENT,
	OPT_FLEET_BPF,
	OPT_FLEET_NO_OFFLINE,
	OPT_FLEET_OFFLINE_ONLY,
};

/* A live report read for the store: the parsed report and its identity. */
struct fleet_report {
	const char *path;
	struct ks_report *rep;
	char build_id[96];		/* lowercase hex, or "none" */
	char hash[65];			/* SHA-256 of its facts */
	char *kernel_facts;		/* the header's facts, canonical */
	/* what the store did */
	bool stored;			/* new; false: stored before */
	long long id;
};

/* report_store.c */
bool fleet_is_report(const char *path);
int fleet_report_read(const char *path, struct fleet_report *fr, char *err,
		      size_t errlen);
int fleet_report_parse(const char *path, const char *buf, size_t len,
		       struct fleet_report *fr, char *err, size_t errlen);
void fleet_report_free(struct fleet_report *fr);
char *fleet_target_facts(const struct ks_target *t);
char *fleet_sym_facts(const struct ks_sym *s);
/* Store reports of host in one transaction: all or nothing. */
int fleet_store(struct fdb *db, const char *host, struct fleet_report *frs,
		size_t n, char *err, size_t errlen);
int fleet_host_default(char *buf, size_t len);

/* push.c: import of saved live reports (import.c calls it) */
/*
 * Read and parse paths[0..n), then store them all as host's (default: the
 * host name) in the fleet store db: a report that fails to parse stores
 * nothing.  Errors are said (p_err); res is the caller's to free.
 */
struct fleet_stored {
	char host[256];
	char *shown;			/* the store, without a password */
	const char *backend;		/* "sqlite", "postgresql" */
	struct fleet_report *frs;
	size_t n;
};
int fleet_import(const struct ks_ctx *ctx, const char *db, const char *host,
		 int n, char **paths, struct fleet_stored *res);
void fleet_stored_free(struct fleet_stored *res);

/* matrix.c */

#endif
