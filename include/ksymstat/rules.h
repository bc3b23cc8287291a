/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat rules: the one definition of every name and rule that the kernel
 * module (module/), the userspace tool (tools/) and the tests share.
 *
 *   - the compiler clone-suffix grammar (ks_suffix_chain);
 *   - binding, export, collision, client and reason names (one enum each,
 *     one name table each, in the same order);
 *   - a binding from a kallsyms letter or an ELF STB_* value, and whether a
 *     letter is text (ks_bind_of_letter, ks_bind_of_elf, ks_text_of_letter);
 *   - the collision rule (ks_collision_of).
 *
 * Freestanding on purpose: no libc and no kernel helpers, so the same text
 * compiles in the module (kernel headers) and in the tool (libc headers).
 * Include <linux/types.h> and <linux/errno.h> (kernel) or <stdbool.h>,
 * <stddef.h> and <errno.h> (user space) first.  docs/rules.md explains each rule and where it comes from.
 */
#ifndef KSYMSTAT_RULES_H
#define KSYMSTAT_RULES_H

#define KS_RULES_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ELF binding of a symbol, as the report prints it. */
enum ks_bind {
	KS_BIND_UNKNOWN,	/* could not be read: never guessed */
	KS_BIND_GLOBAL,
	KS_BIND_LOCAL,
	KS_BIND_WEAK,
	KS_BIND__COUNT
};

static const char *const ks_bind_names[KS_BIND__COUNT] = {
	[KS_BIND_UNKNOWN]	= "unknown",
	[KS_BIND_GLOBAL]	= "global",
	[KS_BIND_LOCAL]		= "local",
	[KS_BIND_WEAK]		= "weak",
};

/*
 * The binding a kallsyms (nm) type letter stands for: W/w and V/v weak,
 * any other upper-case letter global, any other lower-case letter local.
 * nm's 'u' (a GNU unique global, STB_GNU_UNIQUE) is lower case but not
 * local: unknown, as ks_bind_of_elf() says of its binding.  Anything else
 * ('?', a letter not read) says nothing: unknown, never guessed from the
 * case of a character that has none.
 */
static inline enum ks_bind ks_bind_of_letter(char type)
{
	if (type == 'W' || type == 'w' || type == 'V' || type == 'v')
		return KS_BIND_WEAK;
	if (type == 'u')
		return KS_BIND_UNKNOWN;
	if (type >= 'A' && type <= 'Z')
		return KS_BIND_GLOBAL;
	if (type >= 'a' && type <= 'z')
		return KS_BIND_LOCAL;
	return KS_BIND_UNKNOWN;
}

/*
 * The binding of an ELF symbol from its STB_* value (ELF_ST_BIND(st_info)):
 * the gABI fixes STB_LOCAL 0, STB_GLOBAL 1, STB_WEAK 2.  Any other value
 * (STB_GNU_UNIQUE 10, OS- or processor-specific ones) is unknown, never
 * taken for local.  Numbers, not the STB_* macros, so that the header needs
 * neither <elf.h> nor <linux/elf.h>.
 */
static inline enum ks_bind ks_bind_of_elf(unsigned int stb)
{
	switch (stb) {
	case 0:
		return KS_BIND_LOCAL;
	case 1:
		return KS_BIND_GLOBAL;
	case 2:
		return KS_BIND_WEAK;
	default:
		return KS_BIND_UNKNOWN;
	}
}

/* Is a symbol code, by its kallsyms letter? */
enum ks_text {
	KS_TEXT_UNKNOWN,	/* no letter was read ('?') */
	KS_TEXT_NO,
	KS_TEXT_YES,
	KS_TEXT__COUNT
};

static const char *const ks_text_names[KS_TEXT__COUNT] = {
	[KS_TEXT_UNKNOWN]	= "unknown",
	[KS_TEXT_NO]		= "no",
	[KS_TEXT_YES]		= "yes",
};

/*
 * The text letters: T/t (a symbol in a text section) and W/w.  nm and the
 * kernel's own elf_type() (kernel/module/kallsyms.c) give W/w to every weak
 * symbol that is not an object (those are V/v); in the kernel they are weak
 * functions, the __weak defaults (arch_*, the syscall stubs' fallbacks)
 * that kprobes, ftrace and BPF attach to like any other function.  A weak
 * data symbol without an object type would be 'w' as well; vmlinux has
 * none.  Any other letter is no text; a non-letter is unknown.
 */
static inline enum ks_text ks_text_of_letter(char type)
{
	switch (type) {
	case 'T': case 't': case 'W': case 'w':
		return KS_TEXT_YES;
	}
	if ((type >= 'A' && type <= 'Z') || (type >= 'a' && type <= 'z'))
		return KS_TEXT_NO;
	return KS_TEXT_UNKNOWN;
}

/* The ELF spelling of a binding, as DepSurf's pages write it. */
static const char *const ks_stb_names[KS_BIND__COUNT] = {
	[KS_BIND_UNKNOWN]	= "unknown",
	[KS_BIND_GLOBAL]	= "STB_GLOBAL",
	[KS_BIND_LOCAL]		= "STB_LOCAL",
	[KS_BIND_WEAK]		= "STB_WEAK",
};

/* Export status of a symbol (EXPORT_SYMBOL / EXPORT_SYMBOL_GPL). */
enum ks_export {
	KS_EXPORT_UNKNOWN,
	KS_EXPORT_NO,
	KS_EXPORT_YES,
	KS_EXPORT_GPL,
	KS_EXPORT__COUNT
};

static const char *const ks_export_names[KS_EXPORT__COUNT] = {
	[KS_EXPORT_UNKNOWN]	= "unknown",
	[KS_EXPORT_NO]		= "no",
	[KS_EXPORT_YES]		= "yes",
	[KS_EXPORT_GPL]		= "gpl",
};

/* Same-name collision classes, in DepSurf's sense (docs/report-format.md). */
enum ks_coll {
	KS_COLL_UNKNOWN,	/* a binding could not be read */
	KS_COLL_NONE,		/* no entry symbol */
	KS_COLL_UNIQUE_GLOBAL,
	KS_COLL_UNIQUE_WEAK,
	KS_COLL_UNIQUE_STATIC,
	KS_COLL_STATIC_STATIC,
	KS_COLL_STATIC_GLOBAL,
	KS_COLL_GLOBAL_GLOBAL,
	KS_COLL__COUNT
};

static const char *const ks_coll_names[KS_COLL__COUNT] = {
	[KS_COLL_UNKNOWN]	= "unknown",
	[KS_COLL_NONE]		= "none",
	[KS_COLL_UNIQUE_GLOBAL]	= "unique_global",
	[KS_COLL_UNIQUE_WEAK]	= "unique_weak",
	[KS_COLL_UNIQUE_STATIC]	= "unique_static",
	[KS_COLL_STATIC_STATIC]	= "static_static",
	[KS_COLL_STATIC_GLOBAL]	= "static_global",
	[KS_COLL_GLOBAL_GLOBAL]	= "global_global",
};

/*
 * The clients that attach to a kernel function, each deciding for itself
 * (report format version 2, docs/report-format.md).
 */
enum ks_client {
	KS_CLIENT_KPROBE,	/* register_kprobe(): in-kernel users */
	KS_CLIENT_KPROBE_EVENT,	/* trace_kprobe: tracefs, perf PMU, BPF kprobe */
	KS_CLIENT_FENTRY,	/* BPF trampolines: fentry/fexit/fmod_ret */
	KS_CLIENT_KPROBE_MULTI,	/* fprobe over ftrace */
	KS_CLIENT_FTRACE,	/* set_ftrace_filter by name */
	KS_CLIENT_LIVEPATCH,	/* klp: name plus sympos */
	KS_CLIENT__COUNT
};

static const char *const ks_client_names[KS_CLIENT__COUNT] = {
	[KS_CLIENT_KPROBE]	 = "kprobe",
	[KS_CLIENT_KPROBE_EVENT] = "kprobe_event",
	[KS_CLIENT_FENTRY]	 = "fentry",
	[KS_CLIENT_KPROBE_MULTI] = "kprobe_multi",
	[KS_CLIENT_FTRACE]	 = "ftrace",
	[KS_CLIENT_LIVEPATCH]	 = "livepatch",
};

/* What a client's verdict is: a client field is "yes", "no:ERRNO:REASON" or "unknown:REASON". */
enum ks_verdict {
	KS_VERDICT_UNKNOWN,
	KS_VERDICT_YES,
	KS_VERDICT_NO,
	KS_VERDICT__COUNT
};

static const char *const ks_verdict_names[KS_VERDICT__COUNT] = {
	[KS_VERDICT_UNKNOWN]	= "unknown",
	[KS_VERDICT_YES]	= "yes",
	[KS_VERDICT_NO]		= "no",
};

/*
 * Why a client would not attach (or why its verdict is unknown).  Append
 * new reasons at the end, before KS_REASON__COUNT; never renumber.
 */
enum ks_reason {
	KS_REASON_NONE,			/* "-": the client attaches */
	KS_REASON_ABSENT,		/* no symbol of that name at all */
	KS_REASON_CLONE_ONLY,		/* only compiler clones carry the name */
	KS_REASON_AMBIGUOUS,		/* several symbols share the name */
	KS_REASON_NOTRACE,		/* no ftrace site in the symbol's extent */
	KS_REASON_NO_FTRACE_SITE,	/* no ftrace site at the function entry */
	KS_REASON_FTRACE_ALIAS,		/* ftrace knows the site by another name */
	KS_REASON_BLACKLISTED,		/* kprobe blacklist / NOKPROBE_SYMBOL */
	KS_REASON_KPROBE_REFUSED,	/* register_kprobe() failed otherwise */
	KS_REASON_NO_BTF,		/* no BTF function of that name */
	KS_REASON_DENY_LIST,		/* the BPF verifier's deny list */
	KS_REASON_NOT_UNIQUE_USE_SYMPOS, /* livepatch needs sympos */
	KS_REASON_INIT_TEXT,		/* freed init text */
	KS_REASON_NOT_TEXT,		/* not executable text */
	KS_REASON_NO_SUPPORT,		/* the kernel lacks the client */
	KS_REASON_NOMEM,		/* the check ran out of memory */
	KS_REASON_NOT_CHECKED,		/* the module did not check this */
	KS_REASON_BTF_PROTO,		/* a BPF trampoline cannot take the prototype */
	KS_REASON_UNSAFE,		/* checking would fault the kernel: not tried */
	KS_REASON__COUNT
};

static const char *const ks_reason_names[KS_REASON__COUNT] = {
	[KS_REASON_NONE]		= "-",
	[KS_REASON_ABSENT]		= "absent",
	[KS_REASON_CLONE_ONLY]		= "clone_only",
	[KS_REASON_AMBIGUOUS]		= "ambiguous",
	[KS_REASON_NOTRACE]		= "notrace",
	[KS_REASON_NO_FTRACE_SITE]	= "no_ftrace_site",
	[KS_REASON_FTRACE_ALIAS]	= "ftrace_alias",
	[KS_REASON_BLACKLISTED]		= "blacklisted",
	[KS_REASON_KPROBE_REFUSED]	= "kprobe_refused",
	[KS_REASON_NO_BTF]		= "no_btf",
	[KS_REASON_DENY_LIST]		= "deny_list",
	[KS_REASON_NOT_UNIQUE_USE_SYMPOS] = "not_unique_use_sympos",
	[KS_REASON_INIT_TEXT]		= "init_text",
	[KS_REASON_NOT_TEXT]		= "not_text",
	[KS_REASON_NO_SUPPORT]		= "no_support",
	[KS_REASON_NOMEM]		= "nomem",
	[KS_REASON_NOT_CHECKED]		= "not_checked",
	[KS_REASON_BTF_PROTO]		= "btf_proto",
	[KS_REASON_UNSAFE]		= "unsafe",
};

/*
 * Errno names, as the report prints them in no:ERRNO:REASON and as the
 * guest helpers (tests/module/) print what a real client returned: one
 * table, so the two sides are compared by the same names.  ENOTSUPP is the
 * kernel-internal 524 (include/linux/errno.h), which no libc defines.
 * Needs the errno constants: <linux/errno.h> (kernel) or <errno.h>.
 */
#define KS_ENOTSUPP	524

static const struct ks_errno_name {
	int err;
	const char *name;
} ks_errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { ENOMEM, "ENOMEM" },
	{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { EACCES, "EACCES" },
	{ ENOSPC, "ENOSPC" }, { ENOSYS, "ENOSYS" }, { EILSEQ, "EILSEQ" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ KS_ENOTSUPP, "ENOTSUPP" },
};

/* The name of a positive errno, or NULL (callers print "E<n>"). */
static inline const char *ks_errno_str(int err)
{
	unsigned int i;

	for (i = 0; i < KS_RULES_ARRAY_SIZE(ks_errno_names); i++)
		if (ks_errno_names[i].err == err)
			return ks_errno_names[i].name;
	return (const char *)0;
}

/* Index of s in a name table, or -1. */
static inline int ks_name_index(const char *const *table, unsigned int n,
				const char *s)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		if (!table[i])
			continue;
		for (j = 0; table[i][j] && table[i][j] == s[j]; j++)
			;
		if (!table[i][j] && !s[j])
			return (int)i;
	}
	return -1;
}

/*
 * The clone-suffix grammar.  A compiler clone of foo is foo followed by a
 * chain of components, in any order and number:
 *
 *   numbered: .isra.N .constprop.N .part.N .lto_priv.N .specialized.N
 *             (N: decimal digits)
 *   hashed:   .llvm.H         (H: hex digits, either case; LLVM has printed
 *             the ThinLTO module hash in decimal and in hex)
 *   plain:    .cold .localalias, each optionally followed by .N
 *
 * Sources and deliberate omissions are in docs/rules.md.
 */
static const char *const ks_suffix_numbered[] = {
	"isra", "constprop", "part", "lto_priv", "specialized",
};

static const char *const ks_suffix_hashed[] = {
	"llvm",
};

static const char *const ks_suffix_plain[] = {
	"cold", "localalias",
};

static inline bool ks_rules_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool ks_rules_is_hex(char c)
{
	return ks_rules_is_digit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static inline bool ks_rules_is_word(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/* Length of ".word" at s (word: [a-z_]+), 0 if s does not start one. */
static inline unsigned int ks_suffix_word(const char *s)
{
	unsigned int n = 1;

	if (*s != '.')
		return 0;
	while (ks_rules_is_word(s[n]))
		n++;
	if (n == 1 || (s[n] && s[n] != '.'))
		return 0;
	return n;
}

/* Length of ".N" at s (N: [0-9]+), 0 if s does not start one. */
static inline unsigned int ks_suffix_number(const char *s)
{
	unsigned int n = 1;

	if (*s != '.')
		return 0;
	while (ks_rules_is_digit(s[n]))
		n++;
	if (n == 1 || (s[n] && s[n] != '.'))
		return 0;
	return n;
}

/* Length of ".H" at s (H: hex digits), 0 if s does not start one. */
static inline unsigned int ks_suffix_hash(const char *s)
{
	unsigned int n = 1;

	if (*s != '.')
		return 0;
	while (ks_rules_is_hex(s[n]))
		n++;
	if (n == 1 || (s[n] && s[n] != '.'))
		return 0;
	return n;
}

static inline bool ks_suffix_word_in(const char *w, unsigned int len,
				     const char *const *set, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < len && set[i][j] == w[j]; j++)
			;
		if (j == len && !set[i][j])
			return true;
	}
	return false;
}

/*
 * Length of the one clone component at s (".isra.0", ".cold", ".cold.1"),
 * 0 when s does not start with one.
 */
static inline unsigned int ks_suffix_component(const char *s)
{
	unsigned int w = ks_suffix_word(s), d;

	if (!w)
		return 0;
	d = ks_suffix_number(s + w);
	if (ks_suffix_word_in(s + 1, w - 1, ks_suffix_numbered,
			      KS_RULES_ARRAY_SIZE(ks_suffix_numbered)))
		return d ? w + d : 0;
	if (ks_suffix_word_in(s + 1, w - 1, ks_suffix_hashed,
			      KS_RULES_ARRAY_SIZE(ks_suffix_hashed))) {
		d = ks_suffix_hash(s + w);
		return d ? w + d : 0;
	}
	if (ks_suffix_word_in(s + 1, w - 1, ks_suffix_plain,
			      KS_RULES_ARRAY_SIZE(ks_suffix_plain)))
		return w + d;
	return 0;
}

/*
 * The characters of a kallsyms name a target may hold: C identifiers, the
 * '.' of compiler suffixes, '$' (some assemblers' locals) and '@', which
 * the arm64 linker's erratum-843419 veneers carry
 * ("e843419@01c1_0000274c_7a8", measured on Debian's arm64 6.12).
 * The guest tests' awk filters ([A-Za-z0-9_.$@]) follow it.
 */
static inline bool ks_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$' ||
	       c == '@';
}

/* Is s (non-empty, starting with '.') wholly a chain of clone components? */
static inline bool ks_suffix_chain(const char *s)
{
	unsigned int n;

	if (!*s)
		return false;
	while (*s) {
		n = ks_suffix_component(s);
		if (!n)
			return false;
		s += n;
	}
	return true;
}

/*
 * Offset of the clone suffix in name (the shortest base whose remainder is a
 * suffix chain), or 0 when name is not a clone.  A name starting with '.'
 * has no base.
 */
static inline unsigned int ks_clone_base_len(const char *name)
{
	unsigned int i;

	if (!name[0] || name[0] == '.')
		return 0;
	for (i = 1; name[i]; i++)
		if (name[i] == '.' && ks_suffix_chain(name + i))
			return i;
	return 0;
}

/* Does the suffix chain s hold a .cold component (a split-off fragment)? */
static inline bool ks_suffix_is_cold(const char *s)
{
	unsigned int n;

	while (s && *s) {
		n = ks_suffix_component(s);
		if (!n)
			return false;
		if (ks_suffix_word(s) == 5 && s[1] == 'c' && s[2] == 'o' &&
		    s[3] == 'l' && s[4] == 'd')
			return true;
		s += n;
	}
	return false;
}

/*
 * The collision rule.  Entry symbols are the exact-name symbols; when there
 * is none, the clones that are not .cold fragments (a .cold fragment is
 * jumped to from its function, never an entry).  A name with only .cold
 * fragments, or nothing, has no entry: KS_COLL_NONE.  Counts are of entry
 * symbols by binding; any unknown binding makes the class unknown.
 */
static inline enum ks_coll ks_collision_of(unsigned int global,
					   unsigned int weak,
					   unsigned int local,
					   unsigned int unknown)
{
	unsigned int n = global + weak + local + unknown;

	if (unknown)
		return KS_COLL_UNKNOWN;
	if (!n)
		return KS_COLL_NONE;
	if (n == 1)
		return local ? KS_COLL_UNIQUE_STATIC :
		       weak ? KS_COLL_UNIQUE_WEAK : KS_COLL_UNIQUE_GLOBAL;
	if (local == n)
		return KS_COLL_STATIC_STATIC;
	return local ? KS_COLL_STATIC_GLOBAL : KS_COLL_GLOBAL_GLOBAL;
}

/*
 * The entry-symbol choice of the collision rule, as an accumulator: add
 * every symbol of the name (suffix NULL or "" for the exact name, else its
 * clone suffix), then ask for the class.
 */
struct ks_coll_count {
	unsigned int exact[KS_BIND__COUNT];
	unsigned int clone[KS_BIND__COUNT];	/* clones without .cold */
};

static inline void ks_coll_count_add(struct ks_coll_count *c,
				     enum ks_bind bind, const char *suffix)
{
	if ((unsigned int)bind >= KS_BIND__COUNT)
		bind = KS_BIND_UNKNOWN;
	if (!suffix || !*suffix)
		c->exact[bind]++;
	else if (!ks_suffix_is_cold(suffix))
		c->clone[bind]++;
}

static inline enum ks_coll ks_coll_count_class(const struct ks_coll_count *c)
{
	const unsigned int *e = c->exact;

	if (!(e[KS_BIND_GLOBAL] + e[KS_BIND_WEAK] + e[KS_BIND_LOCAL] +
	      e[KS_BIND_UNKNOWN]))
		e = c->clone;
	return ks_collision_of(e[KS_BIND_GLOBAL], e[KS_BIND_WEAK],
			       e[KS_BIND_LOCAL], e[KS_BIND_UNKNOWN]);
}

#endif /* KSYMSTAT_RULES_H */
