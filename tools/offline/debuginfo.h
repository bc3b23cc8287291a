/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debuginfo.c: the running kernel's debug info by its GNU build-id: the
 * store, the local debug tree, debuginfod (docs/tool.md, "Debug info").
 */
#ifndef KS_DEBUGINFO_H
#define KS_DEBUGINFO_H

#include <stdbool.h>
#include <stdio.h>

#define DEBUGINFO_MAX_STEPS	4

struct debuginfo_step {
	const char *source;	/* store, local, debuginfod */
	const char *result;	/* found, absent, other_build, refused... */
	char *path;
	char *detail;
};

struct debuginfo {
	char build_id[2 * 64 + 1];
	const char *store;		/* looked in, imported into */
	struct debuginfo_step steps[DEBUGINFO_MAX_STEPS];
	size_t n_steps;
	const char *found;		/* the step that found it, or NULL */
	char *path;			/* the file found */
	bool imported;			/* ... and imported now */
	bool refused;			/* another build-id's file came */
	int shown;			/* progress shown, percent */
};

struct elf_opts;

char *debuginfo_store_path(const char *db);
/* The vmlinux of build_id (release and arch: of the report, for the import). */
int debuginfo_find(struct debuginfo *di, const char *build_id,
		   const char *release, const char *arch, const char *store,
		   const struct elf_opts *eo, char *err, size_t errlen);
void debuginfo_free(struct debuginfo *di);
void debuginfo_steps_text(const struct debuginfo *di, FILE *f,
			  const char *sep);

#endif /* KS_DEBUGINFO_H */
