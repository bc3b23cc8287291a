// SPDX-License-Identifier: GPL-2.0
/*
 * System.map ("address type name" per line, as nm prints it) into the
 * store.  Only text symbols are kept (ks_text_of_letter(): T, t, W, w);
 * the binding comes from the letter (ks_bind_of_letter()).  System.map has no sizes: they are stored unknown.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "offline.h"

/*
 * "ffffffff81000000 T _stext": 1 to 16 hex digits (no sign, no 0x), a
 * type letter, a name without white space, separated by blanks.
 */
static bool sysmap_line(const char *line, unsigned long long *addr,
			char *type, const char **name)
{
	size_t n = 0;

	*addr = 0;
	while (isxdigit((unsigned char)line[n]) && n < 17) {
		*addr = *addr << 4 | (isdigit((unsigned char)line[n]) ?
				      line[n] - '0' :
				      tolower((unsigned char)line[n]) - 'a' + 10);
		n++;
	}
	if (!n || n > 16 || (line[n] != ' ' && line[n] != '\t'))
		return false;
	while (line[n] == ' ' || line[n] == '\t')
		n++;
	if (!isalpha((unsigned char)line[n]) && line[n] != '?')
		return false;
	*type = line[n++];
	if (line[n] != ' ' && line[n] != '\t')
		return false;
	while (line[n] == ' ' || line[n] == '\t')
		n++;
	*name = line + n;
	return line[n] && !strpbrk(line + n, " \t\r");
}

/* Does the first line look like "ffffffff81000000 T _stext"? */
bool is_sysmap_file(const char *path)
{
	unsigned long long addr;
	char line[512], type;
	const char *name;
	bool ok = false;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		ok = sysmap_line(line, &addr, &type, &name);
	}
	fclose(f);
	return ok;
}

int sysmap_import(struct ks_store *st, const char *path,
		  const struct elf_opts *opts, struct import_stats *stats,
		  char *err, size_t errlen)
{
	char *buf, *line, release[256];
	unsigned int lineno = 0;
	long long build_id;
	size_t len, pos = 0;
	bool nul;
	int ret;

	stats->kind = "system.map";
	ret = read_input(path, &buf, &len, err, errlen);
	if (ret)
		return ret;
	release_from_path(path, "System.map-", release, sizeof(release));
	ret = symtab_build(st, off_source_names[OFF_SRC_SYSMAP], path, opts, release, "",
			   &build_id, err, errlen);
	if (ret)
		goto out;
	stats->builds++;
	while ((line = next_line(buf, len, &pos, &nul))) {
		unsigned long long addr;
		const char *name;
		char type;

		lineno++;
		if (!nul && !line[0])
			continue;
		if (nul || !sysmap_line(line, &addr, &type, &name)) {
			snprintf(err, errlen,
				 "%s:%u: malformed System.map line (want 'address type name', the address 1 to 16 hex digits)%s",
				 path, lineno, nul ? ": a NUL byte" : "");
			ret = -EINVAL;
			goto out;
		}
		if (ks_text_of_letter(type) != KS_TEXT_YES)
			continue;
		ret = store_sym_add(st, build_id, name, addr, false, 0,
				    ks_bind_of_letter(type), type, 0, err, errlen);
		if (ret)
			goto out;
		stats->syms++;
	}
	ret = symtab_config(st, build_id, opts, release, stats, err, errlen);
out:
	free(buf);
	return ret;
}
