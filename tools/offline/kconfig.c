// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel .config (Debian: /boot/config-RELEASE) attached to a build:
 * "CONFIG_KVM=m" is stored as key CONFIG_KVM, value m; "# CONFIG_X is
 * not set" as value n.  Quotes around string values are kept.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "offline.h"

/* "# CONFIG_X is not set": CONFIG_X, terminated in place; else NULL. */
static char *not_set(char *line)
{
	char *end;

	if (strncmp(line, "# CONFIG_", 9))
		return NULL;
	end = strstr(line, " is not set");
	if (!end)
		return NULL;
	*end = '\0';
	return line + 2;
}

int kconfig_import(struct ks_store *st, long long build_id, const char *path,
		   struct import_stats *stats, char *err, size_t errlen)
{
	char *buf, *line;
	unsigned int lineno = 0;
	size_t len, pos = 0;
	bool nul;
	int ret;

	ret = read_file(path, &buf, &len);
	if (ret) {
		snprintf(err, errlen, "cannot read the config %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	while (!ret && (line = next_line(buf, len, &pos, &nul))) {
		char *eq, *key;

		lineno++;
		if (nul) {
			snprintf(err, errlen, "%s:%u: a NUL byte in a config line",
				 path, lineno);
			ret = -EINVAL;
			break;
		}
		key = not_set(line);
		if (key) {
			ret = store_config_add(st, build_id, key, "n", err,
					       errlen);
			stats->config++;
			continue;
		}
		if (line[0] == '#' || !line[0])
			continue;
		eq = strchr(line, '=');
		if (strncmp(line, "CONFIG_", 7) || !eq) {
			snprintf(err, errlen,
				 "%s:%u: not a kernel config line (want CONFIG_NAME=value)",
				 path, lineno);
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		ret = store_config_add(st, build_id, line, eq + 1, err,
				       errlen);
		stats->config++;
	}
	free(buf);
	return ret;
}
