// SPDX-License-Identifier: GPL-2.0
/*
 * The debug info of the running kernel, found by its GNU build-id (the
 * report's build_id=, format version 3) when check is given no --vmlinux:
 *   1. the store: a build imported before with that build-id;
 *   2. the local debug tree: /usr/lib/debug/.build-id/xx/yyyy.debug, then
 *      /usr/lib/debug/boot/vmlinux-RELEASE, each taken only when its own
 *      build-id is the one asked (KSYMSTAT_DEBUGDIR replaces /usr/lib/debug);
 *   3. debuginfod, through elfutils' libdebuginfod: the servers of
 *      DEBUGINFOD_URLS, its cache (DEBUGINFOD_CACHE_PATH), its progress on
 *      stderr.  A file whose build-id is not the one asked is refused and
 *      taken out of the cache.
 * What steps 2 and 3 find is imported into the store once, symbols and
 * DWARF, in one transaction: the next check finds it in step 1.  Every
 * step is recorded (check -v prints them, --json gives them).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <elfutils/debuginfod.h>

#include "offline.h"

static void step(struct debuginfo *di, const char *source, const char *result,
		 const char *path, const char *detail)
{
	struct debuginfo_step *s;

	if (di->n_steps == DEBUGINFO_MAX_STEPS)
		return;
	s = &di->steps[di->n_steps++];
	s->source = source;
	s->result = result;
	s->path = path ? xstrdup(path) : NULL;
	s->detail = detail ? xstrdup(detail) : NULL;
}

/* path has the build-id asked: 0, else -ESRCH (another id) or -errno. */
static int same_id(const char *path, const char *want, char *got)
{
	int ret = elf_build_id(path, got);

	if (ret)
		return ret;
	return strcmp(got, want) ? -ESRCH : 0;
}

static bool local_file(struct debuginfo *di, const char *path)
{
	char got[KS_BUILD_ID_HEX], msg[KS_BUILD_ID_HEX + 32];
	int ret;

	if (access(path, R_OK)) {
		step(di, "local", "absent", path, NULL);
		return false;
	}
	ret = same_id(path, di->build_id, got);
	if (ret == -ESRCH) {
		snprintf(msg, sizeof(msg), "build-id %s", got);
		step(di, "local", "other_build", path, msg);
		return false;
	}
	if (ret) {
		step(di, "local", "unreadable", path, strerror(-ret));
		return false;
	}
	step(di, "local", "found", path, NULL);
	di->found = "local";
	di->path = xstrdup(path);
	return true;
}

/* The local debug tree, by build-id, then by release. */
static bool find_local(struct debuginfo *di, const char *release)
{
	const char *dir = getenv("KSYMSTAT_DEBUGDIR");
	char path[4096];

	if (!dir || !*dir)
		dir = "/usr/lib/debug";
	snprintf(path, sizeof(path), "%s/.build-id/%.2s/%s.debug", dir,
		 di->build_id, di->build_id + 2);
	if (local_file(di, path))
		return true;
	snprintf(path, sizeof(path), "%s/boot/vmlinux-%s", dir, release);
	return local_file(di, path);
}

/* libdebuginfod's progress: a line on stderr every 10 %, then done. */
static int progress(debuginfod_client *c, long done, long total)
{
	struct debuginfo *di = debuginfod_get_user_data(c);
	int pct;

	if (total <= 0 || done < 0)
		return 0;
	pct = done >= total ? 100 : (int)(done * 100 / total);
	if (pct / 10 > di->shown / 10) {
		fprintf(stderr, "ksymstat: debuginfod: %s: %d%% of %ld MB\n",
			di->build_id, pct, total >> 20);
		di->shown = pct;
	}
	return 0;
}

/*
 * After a failed download libdebuginfod leaves an empty file where the
 * debuginfo would be, its "not found" mark for the next lookups: a server
 * that broke off would keep the id away until the mark expires.  Taken
 * out, so that a failure never outlives itself.
 */
static void drop_miss_mark(const char *id)
{
	const char *cache = getenv("DEBUGINFOD_CACHE_PATH");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char path[4096];
	struct stat sb;

	if (cache && *cache)
		snprintf(path, sizeof(path), "%s/%s/debuginfo", cache, id);
	else if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/debuginfod_client/%s/debuginfo",
			 xdg, id);
	else
		snprintf(path, sizeof(path),
			 "%s/.cache/debuginfod_client/%s/debuginfo",
			 home ? home : ".", id);
	if (!lstat(path, &sb) && S_ISREG(sb.st_mode) && !sb.st_size)
		unlink(path);
}

static bool find_debuginfod(struct debuginfo *di, char *err, size_t errlen)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	char got[KS_BUILD_ID_HEX], msg[512];
	debuginfod_client *c;
	char *path = NULL;
	int fd, ret;

	if (!urls || !*urls) {
		step(di, "debuginfod", "not_configured", NULL,
		     "DEBUGINFOD_URLS is not set: no debuginfod server to ask");
		return false;
	}
	c = debuginfod_begin();
	if (!c) {
		step(di, "debuginfod", "failed", NULL,
		     "libdebuginfod could not start a client");
		return false;
	}
	debuginfod_set_user_data(c, di);
	debuginfod_set_progressfn(c, progress);
	di->shown = 0;
	/* build_id_len 0: the id is given as lowercase hex */
	fd = debuginfod_find_debuginfo(c, (const unsigned char *)di->build_id,
				       0, &path);
	debuginfod_end(c);
	if (fd < 0) {
		drop_miss_mark(di->build_id);
		snprintf(msg, sizeof(msg), fd == -ENOENT ?
			 "no server of DEBUGINFOD_URLS (%s) gave it: none has it, or the transfer broke off" :
			 "DEBUGINFOD_URLS (%s): %s", urls, strerror(-fd));
		step(di, "debuginfod", fd == -ENOENT ? "absent" : "failed",
		     NULL, msg);
		return false;
	}
	close(fd);
	ret = same_id(path, di->build_id, got);
	if (ret) {
		/* not what was asked: out of the cache, never imported */
		snprintf(err, errlen,
			 "debuginfod (%s) returned %s for build-id %s, but its build-id is %s: refused and removed from the debuginfod cache",
			 urls, path, di->build_id, ret == -ESRCH ? got : "unreadable");
		step(di, "debuginfod", "refused", path, err);
		unlink(path);
		free(path);
		di->refused = true;
		return false;
	}
	step(di, "debuginfod", "found", path, urls);
	di->found = "debuginfod";
	di->path = path;
	return true;
}

/*
 * The store debug info is looked up in and imported into: --db, else
 * $XDG_CACHE_HOME/ksymstat/debuginfo.db (~/.cache without it).
 */
char *debuginfo_store_path(const char *db)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir, *path, *p;

	if (db)
		return xstrdup(db);
	dir = xdg && *xdg ? xasprintf("%s/ksymstat", xdg) :
	      xasprintf("%s/.cache/ksymstat", home ? home : ".");
	/* each level: a missing ~/.cache is made as well */
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	mkdir(dir, 0755);
	path = xasprintf("%s/debuginfo.db", dir);
	free(dir);
	return path;
}

/*
 * The file's build-id is the report's, so the build is the running
 * kernel's: its release and arch are the report's (a debuginfod cache
 * path, .../ID/debuginfo, names neither).
 */
static int import_found(struct debuginfo *di, const char *release,
			const char *arch, const char *store,
			const struct elf_opts *given, char *err, size_t errlen)
{
	struct import_stats stats = { 0 };
	struct elf_opts eo = *given;
	struct ks_store *st;
	int ret;

	if (!eo.release)
		eo.release = release;
	if (!eo.arch && arch && *arch)
		eo.arch = arch;

	ret = store_open(store, false, &st, err, errlen);
	if (ret)
		return ret;
	ret = store_begin(st, err, errlen);
	if (!ret)
		ret = import_source(st, di->path, "vmlinux", &eo, &stats, err,
				    errlen);
	if (!ret)
		ret = store_commit(st, err, errlen);
	else
		store_rollback(st);
	store_close(st);
	if (!ret)
		di->imported = true;
	return ret;
}

int debuginfo_find(struct debuginfo *di, const char *build_id,
		   const char *release, const char *arch, const char *store,
		   const struct elf_opts *eo, char *err, size_t errlen)
{
	struct ks_store *st;
	long long id;
	char *path = NULL;
	int ret;

	snprintf(di->build_id, sizeof(di->build_id), "%s", build_id);
	di->store = store;
	ret = access(store, F_OK) ? -ENOENT :
	      store_open(store, true, &st, err, errlen);
	if (!ret) {
		ret = store_build_by_gnu_id(st, di->build_id, "vmlinux", &id,
					    &path, err, errlen);
		store_close(st);
		if (ret && ret != -ENOENT)
			return ret;
	}
	if (!ret) {
		step(di, "store", "found", store, path);
		di->found = "store";
		di->path = path;
		return 0;
	}
	step(di, "store", "absent", store, NULL);
	if (!find_local(di, release) && !find_debuginfod(di, err, errlen))
		return di->refused ? -EINVAL : -ENOENT;
	return import_found(di, release, arch, store, eo, err, errlen);
}

void debuginfo_free(struct debuginfo *di)
{
	size_t i;

	for (i = 0; i < di->n_steps; i++) {
		free(di->steps[i].path);
		free(di->steps[i].detail);
	}
	free(di->path);
	memset(di, 0, sizeof(*di));
}

/* "store: absent (PATH); local: absent (PATH); ..." for the messages */
void debuginfo_steps_text(const struct debuginfo *di, FILE *f,
			  const char *sep)
{
	size_t i;

	for (i = 0; i < di->n_steps; i++) {
		const struct debuginfo_step *s = &di->steps[i];

		fprintf(f, "%s%s: %s", i ? sep : "", s->source, s->result);
		if (s->path)
			fprintf(f, " %s", s->path);
		if (s->detail)
			fprintf(f, " (%s)", s->detail);
	}
}
