// SPDX-License-Identifier: GPL-2.0
/*
 * The live side's options (LIVE_LONGOPTS) and its source: the module's
 * report (report.c), or with --kallsyms the /proc/kallsyms fallback
 * (kallsyms_fallback.c).
 */
#include <getopt.h>
#include <stdlib.h>

#include "live.h"

/* Handle one of LIVE_LONGOPTS; false when opt is not one of them. */
bool live_opt(int opt, const char *arg, struct live_opts *o, int argc,
	      char **argv, int *optind_p)
{
	switch (opt) {
	case OPT_LIVE:
		o->live = arg;
		return true;
	case OPT_KALLSYMS:
		o->kallsyms = true;
		o->kallsyms_path = arg ? arg : optional_path(argc, argv,
							     optind_p);
		return true;
	case OPT_FILTER:
		o->kallsyms = true;
		o->filter_path = arg ? arg : optional_path(argc, argv,
							   optind_p);
		return true;
	case OPT_LIVE_RELEASE:
		o->release = arg;
		return true;
	case OPT_LIVE_ARCH:
		o->machine = arg;
		return true;
	default:
		return false;
	}
}

int live_load(const struct live_opts *opts, char **names, size_t n_names,
	      struct ks_report **out, char *err, size_t errlen)
{
	const char *path = opts->live;

	if (opts->kallsyms)
		return kallsyms_report(opts, names, n_names, out, err, errlen);
	if (!path)
		path = getenv("KSYMSTAT_REPORT");
	if (!path || !*path)
		path = KS_DEFAULT_REPORT;
	return report_parse_file(path, out, err, errlen);
}
