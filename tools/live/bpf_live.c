// SPDX-License-Identifier: GPL-2.0
/*
 * The per-client verdicts by name that ksymstat check --bpf needs, taken
 * from the live report as report.c parses it: a target's
 * attach.CLIENT fields (format version 2).  A version 1 report, a name that
 * is not a target, or a missing field gives "unknown", never "yes".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "live.h"

struct bpf_live {
	struct ks_report *rep;
	const struct ks_target **by_name;	/* sorted, for bsearch */
};

const char *bpf_client_name(int client)
{
	if (client < 0 || client >= KS_CLIENT__COUNT)
		return "?";
	return ks_client_names[client];
}

const char *bpf_verdict_name(int verdict)
{
	if (verdict < 0 || verdict >= KS_VERDICT__COUNT)
		return "?";
	return ks_verdict_names[verdict];
}

int bpf_client_id(const char *name)
{
	return ks_name_index(ks_client_names, KS_CLIENT__COUNT, name);
}

unsigned int bpf_live_version(const struct bpf_live *l)
{
	return l ? l->rep->version : 0;
}

const char *bpf_live_release(const struct bpf_live *l)
{
	return l ? l->rep->release : NULL;
}

const char *bpf_live_arch(const struct bpf_live *l)
{
	return l ? l->rep->arch : NULL;
}

static int cmp_target(const void *a, const void *b)
{
	return strcmp((*(const struct ks_target *const *)a)->name,
		      (*(const struct ks_target *const *)b)->name);
}

/*
 * given: the path came from --live, so it must be there.  Otherwise a
 * missing default report is no error: every verdict is then unknown.
 */
int bpf_live_open(const char *path, bool given, struct bpf_live **out,
		  char *err, size_t errlen)
{
	struct live_opts lo = { .live = path };
	struct bpf_live *l;
	struct stat sb;
	size_t i;
	int ret;

	*out = NULL;
	if (!given && stat(path, &sb) && errno == ENOENT)
		return 0;
	l = xcalloc(1, sizeof(*l));
	ret = live_load(&lo, NULL, 0, &l->rep, err, errlen);
	if (ret) {
		free(l);
		return ret;
	}
	l->by_name = xcalloc(l->rep->n_targets, sizeof(*l->by_name));
	for (i = 0; i < l->rep->n_targets; i++)
		l->by_name[i] = &l->rep->targets[i];
	qsort(l->by_name, l->rep->n_targets, sizeof(*l->by_name),
	      cmp_target);
	*out = l;
	return 0;
}

void bpf_live_free(struct bpf_live *l)
{
	if (!l)
		return;
	report_free(l->rep);
	free(l->by_name);
	free(l);
}

static const struct ks_target *find(const struct bpf_live *l,
				    const char *name)
{
	struct ks_target key = { .name = (char *)name };
	const struct ks_target *kp = &key, **t;

	if (!l)
		return NULL;
	t = bsearch(&kp, l->by_name, l->rep->n_targets, sizeof(*l->by_name),
		    cmp_target);
	return t ? *t : NULL;
}

/* The live clone count of a target, -1 when the report does not say. */
int bpf_live_clones(const struct bpf_live *l, const char *name)
{
	const struct ks_target *t = find(l, name);

	return t ? (int)t->clones : -1;
}

/* The by-name verdict of client on name; never yes without a field. */
void bpf_live_verdict(const struct bpf_live *l, const char *name,
		      int client, struct bpf_client_v *out)
{
	const struct ks_target *t;
	const struct ks_attach *a;

	memset(out, 0, sizeof(*out));
	out->verdict = KS_VERDICT_UNKNOWN;
	out->has_why = true;
	if (!l) {
		out->why = KF_BPF_NO_REPORT;
		return;
	}
	t = find(l, name);
	if (!t) {
		out->why = KF_BPF_NOT_TARGET;
		return;
	}
	if (l->rep->version < 2) {
		out->why = KF_BPF_REPORT_V1;
		return;
	}
	a = client >= 0 && client < KS_CLIENT__COUNT ? &t->attach[client] :
	    NULL;
	if (!a || !a->known) {
		out->why = KF_BPF_NO_CLIENT_FIELD;
		return;
	}
	out->has_why = false;
	out->verdict = a->verdict;
	snprintf(out->err, sizeof(out->err), "%s", a->err);
	if (a->reason != KS_REASON_NONE)
		snprintf(out->reason, sizeof(out->reason), "%s",
			 ks_reason_names[a->reason]);
}
