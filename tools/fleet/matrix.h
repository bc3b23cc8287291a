/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The matrix in memory: rows are functions, columns kernel builds (the
 * current reports of the fleet's hosts, grouped by build), each cell the
 * verdict of one client.  matrix.c fills it from the store; matrix_out.c
 * and matrix_html.c print it.
 */
#ifndef KS_FLEET_MATRIX_H
#define KS_FLEET_MATRIX_H

#include "fleet.h"

/* Cell codes, worst first (the order of rows: failures first). */
enum mx_code {
	MX_REFUSED,			/* the client refuses the name */
	MX_ABSENT,			/* no symbol of that name */
	MX_DRIFT,			/* hosts of the build disagree */
	MX_DEGRADED,			/* attaches, but misses calls */
	MX_UNKNOWN,			/* not asked, or unknown */
	MX_ATTACHES,
	MX__COUNT
};

extern const char *const mx_code_names[MX__COUNT];
extern const char *const mx_code_short[MX__COUNT];
extern const char *const mx_code_meaning[MX__COUNT];

struct mx_build {
	char *build_id;			/* lowercase hex or "none" */
	char *release;
	char *arch;
	char *name;			/* release@build-id prefix */
	char **hosts;			/* sorted */
	char **facts;			/* each host's kernel facts */
	size_t n_hosts;
};

struct mx_cell {
	enum mx_code code;
	char *verdict;			/* the client's field, or NULL */
	size_t asked;			/* hosts that reported the target */
	struct ks_findings why;
};

/* A row asked for: a function and the client it is attached with. */
struct mx_want {
	const char *label;		/* FUNC, or a BPF program's hook */
	const char *func;
	int client;			/* enum ks_client */
};

struct mx_row {
	char *label;
	char *func;
	int client;
	struct mx_cell *cells;		/* one a build */
	enum mx_code worst;
};

struct matrix {
	int client;			/* enum ks_client; -1: one per row */
	const char *db;			/* shown: no password */
	struct mx_build *builds;
	size_t n_builds;
	size_t n_hosts;
	struct mx_row *rows;
	size_t n_rows;
	struct ks_findings findings;	/* drift */
	size_t skipped_hooks;		/* --bpf hooks that are no function */
};

int matrix_load(struct fdb *db, const struct mx_want *want, size_t n_want,
		struct matrix *m, char *err, size_t errlen);
/* the client of every row, or "per hook" */
const char *matrix_client(const struct matrix *m);
void matrix_free(struct matrix *m);
/* exit code: 1 when a cell is refused, absent or drift */
int matrix_exit(const struct matrix *m);

/* matrix_out.c */
void matrix_text(FILE *f, const struct matrix *m, unsigned int width);
void matrix_json(FILE *f, const struct matrix *m, int flags);
struct json_object *matrix_json_obj(const struct matrix *m);
void matrix_markdown(FILE *f, const struct matrix *m);
int matrix_html(const char *path, const struct matrix *m, char *err,
		size_t errlen);

#endif
