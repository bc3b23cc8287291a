// SPDX-License-Identifier: GPL-2.0
/*
 * What each client would do with each matched symbol, and with each target
 * by name (report format version 2, docs/report-format.md).  Each rule
 * follows the client's own code; the kernel source is named beside it, and
 * version differences are in compat.h.  Only facts the kernel gave in this
 * walk are used (probe.c): kallsyms, ftrace records, the kprobe verdict and
 * blacklist, the BTF marks of vmlinux (btfidx.c, btfproto.c) and of the
 * modules (modbtf.c).  Caller holds ks_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/btf.h>
#include <linux/err.h>
#include <linux/kallsyms.h>
#include <linux/string.h>

#include "ksymstat.h"

static void ks_answer_set(struct ks_answer *v, enum ks_verdict verdict,
			  enum ks_reason reason, int err)
{
	v->verdict = verdict;
	v->reason = reason;
	v->err = err;
}

/*
 * vmlinux init text, freed after boot: kallsyms still lists its symbols,
 * register_kprobe() refuses them (check_kprobe_address_safe(): not
 * core_kernel_text() any more) and ftrace dropped their records
 * (ftrace_free_init_mem()).
 */
static unsigned long ks_init_text[2];

/* _stext.._etext: is_kernel_text(); init and exit text lie outside. */
static unsigned long ks_core_text[2];

#define ks_yes(v)	ks_answer_set(v, KS_VERDICT_YES, KS_REASON_NONE, 0)
#define ks_no(v, r, e)	ks_answer_set(v, KS_VERDICT_NO, r, -(e))
#define ks_unknown(v, r)	ks_answer_set(v, KS_VERDICT_UNKNOWN, r, 0)


/* "EINVAL" for -EINVAL; "E<n>" for an errno the table lacks. */
const char *ks_errno_name(int err, char *buf, size_t len)
{
	const char *name = ks_errno_str(-err);

	if (name)
		return name;
	snprintf(buf, len, "E%d", -err);
	return buf;
}

/* The kallsyms name of addr (the one alias kallsyms_lookup() picks). */
static bool ks_name_at(unsigned long addr, char *buf)
{
	char *sp;

	sprint_symbol_no_offset(buf, addr);
	if (!strncmp(buf, "0x", 2))
		return false;
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
	return true;
}

/*
 * kernel/trace/trace_kprobe.c, __within_notrace_func() (6.1, 6.12): no
 * ftrace record in the whole extent of the function holding addr.
 */
static bool ks_extent_notrace(unsigned long addr)
{
	unsigned long size, off;

	if (!addr || !ks_fn.lookup_size_offset(addr, &size, &off))
		return false;
	addr -= off;
	return !ks_fn.ftrace_location_range(addr, addr + size - 1);
}

/*
 * within_notrace_func() (same file): when the symbol kallsyms names at addr
 * has a '.', the function before the '.' decides (a clone of a traceable
 * function is probed); if that name does not resolve, notrace.
 */
static bool ks_within_notrace(unsigned long addr)
{
	char name[KSYM_SYMBOL_LEN];
	unsigned long base;
	char *dot;

	if (!ks_extent_notrace(addr))
		return false;
	if (ks_name_at(addr, name)) {
		dot = strchr(name, '.');
		if (!dot)
			return true;
		*dot = '\0';
		base = ks_fn.lookup_name(name);
		if (base)
			return ks_extent_notrace(base);
	}
	return true;
}

/*
 * kernel/kprobes.c register_kprobe(): the disabled kprobe's own answer.
 * Freed init text first, on every arch: check_kprobe_address_safe() refuses
 * it (core_kernel_text() is false once init memory is freed, 6.1 and 6.12)
 * before anything reads the code, so the answer is EINVAL even where the
 * walk did not register a probe there because the bytes are unmapped
 * (arm64: kprobe_unsafe).
 */
static void ks_client_kprobe(struct ks_sym *s, struct ks_answer *v)
{
	if (!s->owner[0] && s->addr >= ks_init_text[0] &&
	    s->addr < ks_init_text[1])
		ks_no(v, KS_REASON_INIT_TEXT, EINVAL);
	else if (s->kprobe_unsafe)
		ks_unknown(v, KS_REASON_UNSAFE);
	else if (!s->kprobe_err)
		ks_yes(v);
	else if (s->blacklisted)
		ks_no(v, KS_REASON_BLACKLISTED, -s->kprobe_err);
	else
		ks_no(v, KS_REASON_KPROBE_REFUSED, -s->kprobe_err);
}

/*
 * trace_kprobe's notrace refusal of addr, made in the walk (probe.c): it
 * asks kallsyms and ftrace, and the report only reads the answer.
 */
bool ks_kprobe_event_notrace(unsigned long addr)
{
	return !IS_ENABLED(CONFIG_KPROBE_EVENTS_ON_NOTRACE) &&
	       ks_fn.ftrace_location_range && ks_within_notrace(addr);
}

/* trace_kprobe by name: the notrace check, then register_kprobe(). */
static void ks_client_kprobe_event_name(struct ks_sym *s,
					struct ks_answer *v)
{
	if (!IS_ENABLED(CONFIG_KPROBE_EVENTS_ON_NOTRACE)) {
		if (!ks_fn.ftrace_location_range) {
			ks_unknown(v, KS_REASON_NOT_CHECKED);
			return;
		}
		if (s->ev_notrace) {
			ks_no(v, KS_REASON_NOTRACE, EINVAL);
			return;
		}
	}
	ks_client_kprobe(s, v);
}

/*
 * trace_kprobe by address: __register_trace_kprobe(), then
 * register_trace_kprobe(), which keeps a probe register_kprobe() answered
 * with ENOENT when trace_kprobe_module_exist() is false, as it always is
 * for a probe given by address ("This probe might be able to register
 * after target module is loaded. Continue.", 6.1 and 6.12): the write
 * succeeds and the probe never fires.
 */
static void ks_client_kprobe_event(struct ks_sym *s, struct ks_answer *v)
{
	ks_client_kprobe_event_name(s, v);
	if (v->verdict == KS_VERDICT_NO && v->err == -ENOENT)
		ks_unknown(v, KS_REASON_KPROBE_REFUSED);
}

/*
 * The symbol kallsyms_lookup_name(t->name) returns, among t's symbols.  It
 * searches vmlinux first (kernel/kallsyms.c, 6.1 and 6.12), so when the
 * one symbol of the name is vmlinux's it is that one, without asking.
 */
static struct ks_sym *ks_lookup_sym(struct ks_target *t)
{
	unsigned long addr;
	unsigned int i;

	if (!t->count)
		return NULL;	/* no symbol of the name: nothing asks */
	if (t->count == 1)
		for (i = 0; i < t->nsyms; i++)
			if (!t->syms[i].name[t->syms[i].base_len] &&
			    !t->syms[i].owner[0])
				return &t->syms[i];
	addr = ks_fn.lookup_name(t->name);
	if (!addr)
		return NULL;
	for (i = 0; i < t->nsyms; i++)
		if (t->syms[i].addr == addr &&
		    !strcmp(t->syms[i].name, t->name))
			return &t->syms[i];
	return NULL;
}

/*
 * ftrace_lookup_symbols() (kernel/trace/ftrace.c, 6.1, 6.12), behind
 * kprobe_multi: kallsyms in index order, vmlinux then modules; for a name
 * the first symbol whose address has an ftrace location.
 */
static struct ks_sym *ks_fprobe_sym(struct ks_target *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nsyms; i++)
		if (t->syms[i].ftrace_any_off &&
		    (t->syms[i].name == name || !strcmp(t->syms[i].name, name)))
			return &t->syms[i];
	return NULL;
}

/* A record exists but is not the entry: accepted, and placed elsewhere. */
static void ks_site_verdict(struct ks_sym *s, struct ks_answer *v)
{
	if (!s->ftrace_any_off)
		ks_no(v, KS_REASON_NOTRACE, EINVAL);
	else if (!s->ftrace_entry)
		ks_unknown(v, KS_REASON_NO_FTRACE_SITE);
	else
		ks_yes(v);
}

/*
 * fentry where ftrace has no site: register_fentry() text-pokes the entry
 * itself, bpf_arch_text_poke() (6.1, 6.12).  x86: EINVAL outside kernel
 * text (is_kernel_text(): init and built-in exit text, freed; measured:
 * cmos_exit on amd64 6.12; and every module function: "BPF poking in
 * modules is not supported"), then after an ENDBR it wants the 5-byte NOP:
 * other bytes EBUSY, while a NOP there (a static branch at the entry;
 * measured: pgd_none on amd64 6.12) is taken, not through ftrace.  arm64:
 * ENOTSUPP, it pokes BPF text only.
 */
static void ks_fentry_no_site(struct ks_sym *s, struct ks_answer *v)
{
	if (KS_FENTRY_NOTRACE_ERR != EBUSY)
		ks_no(v, KS_REASON_NOTRACE, KS_FENTRY_NOTRACE_ERR);
	else if (s->owner[0])
		ks_no(v, KS_REASON_NOTRACE, EINVAL);
	else if (ks_core_text[1] &&
		 (s->addr < ks_core_text[0] || s->addr >= ks_core_text[1]))
		ks_no(v, KS_REASON_INIT_TEXT, EINVAL);
	else if (ks_entry_is_nop5(s->addr))
		ks_unknown(v, KS_REASON_NO_FTRACE_SITE);
	else
		ks_no(v, KS_REASON_NOTRACE, EBUSY);
}

/*
 * The symbol a fentry attach by t's name reaches (bpf_check_attach_target(),
 * kernel/bpf/verifier.c): kallsyms_lookup_name()'s pick for a vmlinux FUNC,
 * and for a module's FUNC before 6.4; from 6.4 the first of the name in the
 * FUNC's own module (compat.h).  NULL: none, or not known.
 */
static struct ks_sym *ks_fentry_sym(struct ks_target *t, struct ks_sym *named)
{
	unsigned int i;

	if (t->btf_func || !KS_FENTRY_MOD_OWN_ADDR)
		return named;
	for (i = 0; i < t->nsyms; i++)
		if (t->syms[i].fentry_mod)
			return &t->syms[i];
	return NULL;
}

/*
 * In the order a libbpf attach meets them: libbpf's own BTF lookup, vmlinux
 * first, then the modules' BTF (ESRCH: no FUNC anywhere), the verifier at
 * load (deny list, prototype: EINVAL; no address: ENOENT), then the
 * trampoline at attach (too many argument registers, or no direct calls:
 * ENOTSUPP).  The deny list names vmlinux BTF ids only.  Measured on arm64
 * 6.1, where a name without a BTF FUNC gets ESRCH although the kernel has
 * no fentry at all.  fsym: ks_fentry_sym().
 */
static void ks_client_fentry(struct ks_target *t, struct ks_sym *s,
			     struct ks_sym *fsym, struct btf *btf,
			     struct ks_answer *v)
{
	u8 proto = t->btf_func ? t->fentry_proto : t->mod_proto;

	if (!ks_fn.get_btf_vmlinux || IS_ERR(btf)) {
		ks_unknown(v, KS_REASON_NOT_CHECKED);
		return;
	}
	if (!btf || s->name[s->base_len] ||
	    (!t->btf_func && t->mod_btf == KS_MOD_BTF_NONE)) {
		ks_no(v, KS_REASON_NO_BTF, ESRCH);
		return;
	}
	if (!t->btf_func && t->mod_btf != KS_MOD_BTF_FUNC) {
		ks_unknown(v, KS_REASON_NOT_CHECKED);
		return;
	}
	if (t->btf_func && ks_fentry_denied(s->name)) {
		ks_no(v, KS_REASON_DENY_LIST, EINVAL);
		return;
	}
	switch (proto) {
	case KS_FENTRY_PROTO_UNKNOWN:
		ks_unknown(v, KS_REASON_NOT_CHECKED);
		return;
	case KS_FENTRY_PROTO_EINVAL:
		ks_no(v, KS_REASON_BTF_PROTO, EINVAL);
		return;
	}
	/* 6.4 on: the FUNC's module has no symbol of the name */
	if (!fsym && !t->btf_func && KS_FENTRY_MOD_OWN_ADDR) {
		ks_no(v, KS_REASON_ABSENT, ENOENT);
		return;
	}
	if (proto == KS_FENTRY_PROTO_ENOTSUPP) {
		ks_no(v, KS_REASON_BTF_PROTO, ENOTSUPP);
		return;
	}
	if (!KS_HAVE_FENTRY) {
		ks_no(v, KS_REASON_NO_SUPPORT, ENOTSUPP);
		return;
	}
	/* s->name is t->name here: a clone has no BTF FUNC (above) */
	if (fsym != s) {
		ks_unknown(v, KS_REASON_AMBIGUOUS);
		return;
	}
	if (!s->ftrace_any_off)
		ks_fentry_no_site(s, v);
	else
		ks_site_verdict(s, v);
}

static void ks_client_kprobe_multi(struct ks_target *t, struct ks_sym *s,
				   struct ks_answer *v)
{
	struct ks_sym *first = ks_fprobe_sym(t, s->name);

	if (!KS_HAVE_KPROBE_MULTI)
		ks_no(v, KS_REASON_NO_SUPPORT, EOPNOTSUPP);
	else if (!ks_fn.ftrace_location)
		ks_unknown(v, KS_REASON_NOT_CHECKED);
	else if (!first)
		ks_no(v, KS_REASON_NOTRACE, ESRCH);
	else if (first != s)
		ks_unknown(v, KS_REASON_AMBIGUOUS);
	else
		ks_site_verdict(s, v);
}

/*
 * ftrace_match_records() (kernel/trace/ftrace.c, 6.1, 6.12): the records
 * not disabled whose kallsyms_lookup() name is the filter; none: EINVAL.
 */
static void ks_client_ftrace(struct ks_sym *s, struct ks_answer *v)
{
	if (!ks_fn.ftrace_location)
		ks_unknown(v, KS_REASON_NOT_CHECKED);
	else if (!s->ftrace_any_off)
		ks_no(v, KS_REASON_NOTRACE, EINVAL);
	else if (s->ftrace_alias)
		ks_no(v, KS_REASON_FTRACE_ALIAS, EINVAL);
	else if (!s->ftrace_recs)
		ks_no(v, KS_REASON_NO_FTRACE_SITE, EINVAL);
	else
		ks_site_verdict(s, v);
}

/*
 * klp_find_object_symbol() (kernel/livepatch/core.c) resolves name and
 * sympos within the owner; klp_patch_func() (kernel/livepatch/patch.c)
 * needs ftrace_location() of the function.
 */
static void ks_client_livepatch(struct ks_sym *s, struct ks_answer *v)
{
	if (!IS_ENABLED(CONFIG_LIVEPATCH))
		ks_no(v, KS_REASON_NO_SUPPORT, EOPNOTSUPP);
	else if (!ks_fn.ftrace_location)
		ks_unknown(v, KS_REASON_NOT_CHECKED);
	else
		ks_site_verdict(s, v);
}

static void ks_sym_clients(struct ks_target *t, struct ks_sym *s,
			   struct ks_sym *fsym, struct btf *btf,
			   struct ks_answer *v)
{
	ks_client_kprobe(s, &v[KS_CLIENT_KPROBE]);
	ks_client_kprobe_event(s, &v[KS_CLIENT_KPROBE_EVENT]);
	ks_client_fentry(t, s, fsym, btf, &v[KS_CLIENT_FENTRY]);
	ks_client_kprobe_multi(t, s, &v[KS_CLIENT_KPROBE_MULTI]);
	ks_client_ftrace(s, &v[KS_CLIENT_FTRACE]);
	ks_client_livepatch(s, &v[KS_CLIENT_LIVEPATCH]);
}

/* vmlinux BTF, as the last walk found it (ks_btf_state). */
static struct btf *ks_clients_btf;

/* Same-name symbols of s's owner (livepatch resolves within one object). */
static unsigned int ks_owner_count(struct ks_target *t, struct ks_sym *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < t->nsyms; i++)
		n += (t->syms[i].name == s->name ||
		      !strcmp(t->syms[i].name, s->name)) &&
		     (t->syms[i].owner == s->owner ||
		      !strcmp(t->syms[i].owner, s->owner));
	return n;
}

/*
 * By name: the target's own name, no address, no sympos.  sv holds the
 * verdicts of t's symbols; returns the ftrace records set_ftrace_filter
 * selects for the name.
 */
static unsigned int ks_target_clients(struct ks_target *t,
				      struct ks_sym *named,
				      struct ks_answer (*sv)[KS_CLIENT__COUNT],
				      struct ks_answer *v)
{
	enum ks_reason none = t->clones ? KS_REASON_CLONE_ONLY :
					  KS_REASON_ABSENT;
	struct ks_sym *s, *first = NULL;
	bool alias = false, deep = false;
	unsigned int i, sites = 0;

	for (i = 0; i < t->nsyms; i++) {
		s = &t->syms[i];
		if (s->name[s->base_len])
			continue;
		if (!first)
			first = s;
		if (!s->ftrace_any_off)
			continue;
		if (s->ftrace_alias) {
			alias = true;
			continue;
		}
		sites += ks_fn.ftrace_location_range ? s->ftrace_recs : 1;
		if (!s->ftrace_entry)
			deep = true;
	}

	if (!first) {
		ks_no(&v[KS_CLIENT_KPROBE], none, ENOENT);
		ks_no(&v[KS_CLIENT_KPROBE_EVENT], none, KS_KPROBE_EVENT_NOSYM);
		/* a BTF FUNC without a symbol: the verifier's ENOENT */
		if (t->btf_func)
			ks_no(&v[KS_CLIENT_FENTRY], none, ENOENT);
		else if (t->mod_btf == KS_MOD_BTF_UNKNOWN)
			ks_unknown(&v[KS_CLIENT_FENTRY], KS_REASON_NOT_CHECKED);
		else if (t->mod_btf == KS_MOD_BTF_NONE)
			ks_no(&v[KS_CLIENT_FENTRY], KS_REASON_NO_BTF, ESRCH);
		else if (t->mod_proto == KS_FENTRY_PROTO_EINVAL)
			ks_no(&v[KS_CLIENT_FENTRY], KS_REASON_BTF_PROTO,
			      EINVAL);
		else
			ks_no(&v[KS_CLIENT_FENTRY], none, ENOENT);
		if (KS_HAVE_KPROBE_MULTI)
			ks_no(&v[KS_CLIENT_KPROBE_MULTI], none, ESRCH);
		else
			ks_no(&v[KS_CLIENT_KPROBE_MULTI], KS_REASON_NO_SUPPORT,
			      EOPNOTSUPP);
		ks_no(&v[KS_CLIENT_FTRACE], none, EINVAL);
		if (IS_ENABLED(CONFIG_LIVEPATCH))
			ks_no(&v[KS_CLIENT_LIVEPATCH], none, EINVAL);
		else
			ks_no(&v[KS_CLIENT_LIVEPATCH], KS_REASON_NO_SUPPORT,
			      EOPNOTSUPP);
		return sites;
	}

	/* register_kprobe(.symbol_name): kallsyms_lookup_name()'s pick. */
	s = named;
	if (s)
		v[KS_CLIENT_KPROBE] = sv[s - t->syms][KS_CLIENT_KPROBE];
	else
		ks_unknown(&v[KS_CLIENT_KPROBE], KS_REASON_NOT_CHECKED);

	/* trace_kprobe: the name must be unique (compat.h), then as above. */
	if (t->count > 1)
		ks_no(&v[KS_CLIENT_KPROBE_EVENT], KS_REASON_AMBIGUOUS,
		      KS_KPROBE_EVENT_AMBIGUOUS);
	else if (s)
		ks_client_kprobe_event_name(s, &v[KS_CLIENT_KPROBE_EVENT]);
	else
		ks_unknown(&v[KS_CLIENT_KPROBE_EVENT], KS_REASON_NOT_CHECKED);

	/*
	 * fentry: the symbol the verifier takes (ks_fentry_sym()); without
	 * one, the checks before the address, else not known.
	 */
	s = ks_fentry_sym(t, named);
	if (s) {
		v[KS_CLIENT_FENTRY] = sv[s - t->syms][KS_CLIENT_FENTRY];
	} else {
		ks_client_fentry(t, first, NULL, ks_clients_btf,
				 &v[KS_CLIENT_FENTRY]);
		if (v[KS_CLIENT_FENTRY].verdict == KS_VERDICT_UNKNOWN)
			ks_unknown(&v[KS_CLIENT_FENTRY], KS_REASON_NOT_CHECKED);
	}

	s = ks_fprobe_sym(t, t->name);
	if (s)
		v[KS_CLIENT_KPROBE_MULTI] =
			sv[s - t->syms][KS_CLIENT_KPROBE_MULTI];
	else
		ks_client_kprobe_multi(t, first, &v[KS_CLIENT_KPROBE_MULTI]);

	if (!ks_fn.ftrace_location)
		ks_unknown(&v[KS_CLIENT_FTRACE], KS_REASON_NOT_CHECKED);
	else if (sites)
		deep ? ks_unknown(&v[KS_CLIENT_FTRACE],
				  KS_REASON_NO_FTRACE_SITE) :
		       ks_yes(&v[KS_CLIENT_FTRACE]);
	else
		ks_no(&v[KS_CLIENT_FTRACE], alias ? KS_REASON_FTRACE_ALIAS :
		      KS_REASON_NOTRACE, EINVAL);

	if (IS_ENABLED(CONFIG_LIVEPATCH) && ks_owner_count(t, first) > 1)
		ks_no(&v[KS_CLIENT_LIVEPATCH], KS_REASON_NOT_UNIQUE_USE_SYMPOS,
		      EINVAL);
	else
		v[KS_CLIENT_LIVEPATCH] =
			sv[first - t->syms][KS_CLIENT_LIVEPATCH];
	return sites;
}

/* Whether the kernel has vmlinux BTF: 1 yes, 0 no, -1 unknown. */
int ks_btf_state;


/* The facts of the walk the verdicts need besides the symbols' own. */
void ks_clients(struct ks_set *set)
{
	struct btf *btf = ERR_PTR(-ENOSYS);
	unsigned int i;

	if (ks_fn.get_btf_vmlinux)
		btf = ks_fn.get_btf_vmlinux();
	ks_clients_btf = btf;
	ks_btf_state = IS_ERR(btf) ? -1 : !!btf;
	ks_init_text[0] = ks_fn.lookup_name("_sinittext");
	ks_init_text[1] = ks_fn.lookup_name("_einittext");
	ks_core_text[0] = ks_fn.lookup_name("_stext");
	ks_core_text[1] = ks_fn.lookup_name("_etext");
	for (i = 0; i < set->n; i++) {
		if (set->sorted[i]->known)	/* kept with the name */
			continue;
		set->sorted[i]->btf_func = false;
		set->sorted[i]->fentry_proto = KS_FENTRY_PROTO_OK;
	}
	/*
	 * fentry is the one client that asks (ks_client_fentry()); libbpf
	 * looks the name up in BTF before the kernel says it has no fentry.
	 */
	if (!IS_ERR_OR_NULL(btf))
		ks_btf_mark(set, btf);
	/* then, for the names vmlinux BTF lacks, the modules' BTF */
	ks_modbtf_mark(set, btf);
}

/*
 * The verdicts of t's symbols (sv, one row per symbol) and of its name (tv),
 * from the facts of the last walk; returns ftrace_sites.  The report calls
 * it as it renders each target (render.c).
 */
unsigned int ks_verdicts(struct ks_target *t,
			 struct ks_answer (*sv)[KS_CLIENT__COUNT],
			 struct ks_answer *tv)
{
	struct ks_sym *named = ks_lookup_sym(t);
	struct ks_sym *fsym = ks_fentry_sym(t, named);
	unsigned int j;

	for (j = 0; j < t->nsyms; j++)
		ks_sym_clients(t, &t->syms[j], fsym, ks_clients_btf, sv[j]);
	return ks_target_clients(t, named, sv, tv);
}
