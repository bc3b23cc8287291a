/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The matrix in memory: rows are functions, columns kernel builds (the
 * current reports of the fleet's hosts, grouped by build, then the
 * offline builds of the same store: DWARF imports, DepSurf's dataset and
 * pages), each cell the verdict of one client.  matrix.c fills it from
 * the store; matrix_out.c and matrix_html.c print it.
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
	MX_PRESENT,			/* offline: present, attach not live */
	MX_ATTACHES,
	MX__COUNT
};

extern const char *const mx_code_names[MX__COUNT];
extern const char *const mx_code_short[MX__COUNT];
extern const char *const mx_code_meaning[MX__COUNT];

/* Where a column's facts come from: live reports first, then offline. */
enum mx_source {
	MX_SRC_LIVE,
	MX_SRC_DWARF,			/* import of a -dbg vmlinux (DWARF) */
	MX_SRC_VMLINUX,			/* an ELF symtab without DWARF */
	MX_SRC_SYSMAP,
	MX_SRC_DATASET,			/* DepSurf's dataset */
	MX_SRC_PAGE,			/* DepSurf's pages: one build a row */
	MX_SRC__COUNT
};

const char *mx_source_name(enum mx_source s);
extern const char *const mx_source_short[MX_SRC__COUNT];

/* Which columns: live builds, offline builds, or both (the default). */
enum mx_scope {
	MX_SCOPE_ALL,
	MX_SCOPE_LIVE,			/* --no-offline */
	MX_SCOPE_OFFLINE,		/* --offline-only */
};

struct mx_build {
	enum mx_source source;
	char *build_id;			/* lowercase hex or "none" */
	char *release;			/* "" when the source has none */
	char *arch;
	char *name;			/* live: release@build-id prefix */
	/* offline builds */
	long long store_id;		/* the offline store's build */
	char *version;
	char *flavor;
	char *group;			/* DepSurf's Regular, Arch, Flavor */
	char *label;
	size_t *same;			/* columns of the same GNU build-id */
	size_t n_same;
	/* live builds */
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
	size_t n_live;			/* builds[0..n_live) are live */
	size_t n_hosts;
	enum mx_scope scope;
	bool offline_read;		/* the offline store was read */
	char *offline_note;		/* why not (the store's error) */
	struct mx_row *rows;
	size_t n_rows;
	struct ks_findings findings;	/* drift */
	size_t skipped_hooks;		/* --bpf hooks that are no function */
};

/*
 * db: the fleet store (NULL: no live builds); offline: the spec of the
 * store to read offline builds from (NULL: none), which may be the same.
 * An offline store that cannot be opened is m->offline_note, unless scope
 * is MX_SCOPE_OFFLINE: then an error.
 */
int matrix_load(struct fdb *db, const char *offline, enum mx_scope scope,
		const struct mx_want *want, size_t n_want, struct matrix *m,
		char *err, size_t errlen);
/* the client of every row, or "per hook" */
const char *matrix_client(const struct matrix *m);
void matrix_free(struct matrix *m);
/* "B3" */
void matrix_col_id(const struct matrix *m, size_t b, char *buf, size_t len);
/* exit code: 1 when a cell is refused, absent or drift */
int matrix_exit(const struct matrix *m);

/* matrix_offline.c: the offline columns, for matrix_load() */
void mx_build_free(struct mx_build *b);	/* its strings, not hosts/facts */
struct mx_offline {
	struct off_row **rows;		/* by row asked */
	size_t *n_rows;
	size_t n;
};
int mx_offline_read(struct matrix *m, const char *spec,
		    const struct mx_want *want, size_t n_want,
		    struct mx_offline *off, char *err, size_t errlen);
void mx_offline_cell(const struct matrix *m, const struct mx_offline *off,
		     size_t want, size_t b, struct mx_cell *cell);
void mx_offline_free(struct mx_offline *off);

/* matrix_out.c */
void matrix_text(FILE *f, const struct matrix *m, unsigned int width);
void matrix_json(FILE *f, const struct matrix *m, int flags);
struct json_object *matrix_json_obj(const struct matrix *m);
void matrix_markdown(FILE *f, const struct matrix *m);
int matrix_html(const char *path, const struct matrix *m, char *err,
		size_t errlen);

#endif
