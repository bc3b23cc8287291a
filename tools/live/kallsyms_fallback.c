// SPDX-License-Identifier: GPL-2.0
/*
 * Without the module: build the same in-memory report from /proc/kallsyms
 * and ftrace's available_filter_functions.  What these files cannot tell
 * is marked unknown, never guessed: the size (extent), the binding of
 * module symbols, kprobe attachability, the export, and the ftrace patch
 * address.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "live.h"

static const char *const filter_paths[] = {
	"/sys/kernel/tracing/available_filter_functions",
	"/sys/kernel/debug/tracing/available_filter_functions",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collision class, count and clones from the symbols collected. */
static void report_finish_target(struct ks_target *t)
{
	struct ks_coll_count cc = { 0 };
	size_t i;

	t->count = 0;
	t->clones = 0;
	for (i = 0; i < t->n_syms; i++) {
		if (t->syms[i].suffix)
			t->clones++;
		else
			t->count++;
		ks_coll_count_add(&cc, t->syms[i].bind, t->syms[i].suffix);
	}
	t->present = t->n_syms > 0;
	t->collision = ks_coll_count_class(&cc);
}

/* "name" or "name [module]"; owner is "vmlinux" for the former. */
static void split_owner(char *rest, char **name, const char **owner)
{
	char *sp, *lb;

	while (*rest == ' ' || *rest == '\t')
		rest++;
	*name = rest;
	*owner = "vmlinux";
	sp = strpbrk(rest, " \t");
	if (!sp)
		return;
	*sp = '\0';
	lb = strchr(sp + 1, '[');
	if (lb) {
		char *rb = strchr(lb, ']');

		if (rb) {
			*rb = '\0';
			*owner = lb + 1;
		}
	}
}

static struct ks_target *find_target(struct ks_report *rep, const char *name)
{
	size_t i;

	for (i = 0; i < rep->n_targets; i++) {
		const char *t = rep->targets[i].name;

		if (!strcmp(name, t) || clone_of(name, t))
			return &rep->targets[i];
	}
	return NULL;
}

static int load_kallsyms(struct ks_report *rep, const char *path,
			 size_t *caps, char *err, size_t errlen)
{
	char *buf, *line, **mods = NULL;
	size_t len, pos = 0, n_mods = 0, cap_mods = 0, i;
	unsigned int lineno = 0;
	bool nul;
	int ret;

	ret = read_input(path, &buf, &len, err, errlen);
	if (ret)
		return ret;
	rep->symbols = 0;
	while ((line = next_line(buf, len, &pos, &nul))) {
		unsigned long long addr;
		struct ks_target *t;
		const char *owner;
		struct ks_sym *s;
		char type, *name;
		int off = 0;

		lineno++;
		if (!nul && !line[0])
			continue;
		if (nul || sscanf(line, "%llx %c %n", &addr, &type, &off) < 2 ||
		    !off || !line[off] || line[off] == '[') {
			snprintf(err, errlen,
				 "%s:%u: malformed kallsyms line (want 'address type name [module]')",
				 path, lineno);
			free(buf);
			free(mods);
			return -EINVAL;
		}
		rep->symbols++;
		if (addr)
			rep->addrs_visible = true;
		split_owner(line + off, &name, &owner);
		/* a module's symbols are contiguous: try the last one first */
		if (strcmp(owner, "vmlinux") &&
		    (!n_mods || strcmp(mods[n_mods - 1], owner))) {
			for (i = 0; i < n_mods; i++)
				if (!strcmp(mods[i], owner))
					break;
			if (i == n_mods) {
				mods = array_grow(mods, &cap_mods, n_mods,
						  sizeof(*mods));
				mods[n_mods++] = (char *)owner;
			}
		}
		t = find_target(rep, name);
		if (!t)
			continue;
		i = t - rep->targets;
		t->syms = array_grow(t->syms, &caps[i], t->n_syms,
				     sizeof(*t->syms));
		s = &t->syms[t->n_syms++];
		s->name = xstrdup(name);
		s->suffix = strcmp(name, t->name) ?
			    xstrdup(name + strlen(t->name)) : NULL;
		s->addr = addr;
		s->type = type;
		s->owner = xstrdup(owner);
		s->bind = strcmp(owner, "vmlinux") ? KS_BIND_UNKNOWN :
			  ks_bind_of_letter(type);
		s->ftrace = KS_UNKNOWN;
		s->kprobe = KS_UNKNOWN;
		s->exported = KS_EXPORT_UNKNOWN;
		s->blacklisted = KS_UNKNOWN;
	}
	rep->modules = n_mods;
	free(mods);
	free(buf);
	return 0;
}

/* sympos: 1-based among same-name symbols of the same owner. */
static void number_syms(struct ks_target *t)
{
	size_t i, j;

	for (i = 0; i < t->n_syms; i++) {
		t->syms[i].sympos = 1;
		for (j = 0; j < i; j++)
			if (!strcmp(t->syms[j].name, t->syms[i].name) &&
			    !strcmp(t->syms[j].owner, t->syms[i].owner))
				t->syms[i].sympos++;
	}
}

static int load_filter(struct ks_report *rep, const char *path, bool must,
		       char *err, size_t errlen)
{
	char *buf, *line;
	size_t len, i, j, pos = 0;
	unsigned int lineno = 0;
	bool nul;
	int ret;

	ret = must ? input_check("--filter-functions", path, false, err,
				 errlen) : 0;
	if (ret)
		return ret;
	ret = read_file(path, &buf, &len);
	if (ret) {
		if (!must)
			return ret;
		snprintf(err, errlen, "cannot read %s: %s%s", path,
			 strerror(-ret), ret == -EACCES ?
			 " (ftrace's lists are readable by root only)" : "");
		return ret;
	}
	for (i = 0; i < rep->n_targets; i++)
		for (j = 0; j < rep->targets[i].n_syms; j++)
			rep->targets[i].syms[j].ftrace = KS_NO;
	while ((line = next_line(buf, len, &pos, &nul))) {
		const char *owner;
		struct ks_target *t;
		char *name;

		lineno++;
		if (!nul && !line[0])
			continue;
		/* a NUL would end the list early, losing what follows */
		if (nul) {
			snprintf(err, errlen,
				 "%s:%u: malformed ftrace function list line: a NUL byte",
				 path, lineno);
			free(buf);
			return -EBADMSG;
		}
		split_owner(line, &name, &owner);
		t = find_target(rep, name);
		if (!t)
			continue;
		for (j = 0; j < t->n_syms; j++)
			if (!strcmp(t->syms[j].name, name) &&
			    !strcmp(t->syms[j].owner, owner))
				t->syms[j].ftrace = KS_YES;
	}
	free(buf);
	rep->ftrace_path = xstrdup(path);
	return 0;
}

int kallsyms_report(const struct live_opts *opts, char **names,
		    size_t n_names, struct ks_report **out,
		    char *err, size_t errlen)
{
	struct ks_report *rep = xcalloc(1, sizeof(*rep));
	const char *kpath = opts->kallsyms_path ? opts->kallsyms_path :
			    "/proc/kallsyms";
	struct utsname uts;
	size_t i, n, *caps;
	char **sorted;
	int ret;

	rep->origin = "kallsyms";
	rep->path = xstrdup(kpath);
	rep->version = KS_REPORT_VERSION_MIN;	/* no per-client verdicts */
	rep->walk_us = -1;
	rep->generation = -1;
	rep->unknown = KS_UNK_SIZE | KS_UNK_MODULE_BIND | KS_UNK_KPROBE |
		       KS_UNK_EXPORTED | KS_UNK_FTRACE_ADDR | KS_UNK_KASLR;
	if (uname(&uts))
		memset(&uts, 0, sizeof(uts));
	rep->release = xstrdup(opts->release ? opts->release : uts.release);
	rep->machine = xstrdup(opts->machine ? opts->machine : uts.machine);
	rep->arch = arch_normalise(rep->machine);

	/* targets sorted by name, each once, as the module writes them */
	sorted = xcalloc(n_names, sizeof(*sorted));
	memcpy(sorted, names, n_names * sizeof(*sorted));
	qsort(sorted, n_names, sizeof(*sorted), cmp_str);
	rep->targets = xcalloc(n_names, sizeof(*rep->targets));
	for (i = 0, n = 0; i < n_names; i++) {
		if (n && !strcmp(sorted[i], rep->targets[n - 1].name))
			continue;
		rep->targets[n].ftrace_sites = -1;
		rep->targets[n++].name = xstrdup(sorted[i]);
	}
	rep->n_targets = n;
	free(sorted);

	caps = xcalloc(n ? n : 1, sizeof(*caps));
	ret = load_kallsyms(rep, kpath, caps, err, errlen);
	free(caps);
	if (ret)
		goto fail;
	for (i = 0; i < rep->n_targets; i++)
		number_syms(&rep->targets[i]);

	if (opts->filter_path) {
		ret = load_filter(rep, opts->filter_path, true, err, errlen);
		if (ret)
			goto fail;
	} else {
		ret = -ENOENT;
		for (i = 0; ret && i < ARRAY_SIZE(filter_paths); i++)
			ret = load_filter(rep, filter_paths[i], false, err,
					  errlen);
		if (ret == -EBADMSG)
			goto fail;
		if (ret)
			rep->unknown |= KS_UNK_FTRACE;
	}
	for (i = 0; i < rep->n_targets; i++)
		report_finish_target(&rep->targets[i]);
	*out = rep;
	return 0;
fail:
	report_free(rep);
	return ret;
}
