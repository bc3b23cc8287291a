// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel release strings and architecture names.
 *
 * Debian:  6.1.0-56-cloud-arm64   (version-abi-[flavor-]arch)
 *          6.1.0-56-amd64         (default flavor: called "generic" here)
 * Ubuntu:  5.4.0-26-generic       (version-abi-flavor; arch given apart)
 * DepSurf: 5.4.0-26-generic-arm64 (an Ubuntu release with the arch added)
 *
 * Two builds are the same when version, ABI, flavor and arch all agree.
 */
#include <ctype.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

struct arch_alias {
	const char *word;
	const char *arch;
};

/* uname -m and distribution arch words, to the Debian arch name. */
static const struct arch_alias arch_aliases[] = {
	{ "x86_64",	"amd64" },
	{ "amd64",	"amd64" },
	{ "aarch64",	"arm64" },
	{ "arm64",	"arm64" },
	{ "armv7l",	"armhf" },
	{ "armhf",	"armhf" },
	{ "armmp",	"armhf" },
	{ "armmp-lpae",	"armhf" },
	{ "arm",	"armhf" },
	{ "ppc64le",	"ppc64el" },
	{ "ppc64el",	"ppc64el" },
	{ "powerpc64le", "ppc64el" },
	{ "riscv64",	"riscv64" },
	{ "s390x",	"s390x" },
	{ "i686",	"i386" },
	{ "i386",	"i386" },
	{ "686",	"i386" },
	{ "686-pae",	"i386" },
	{ "loong64",	"loong64" },
	{ "loongarch64", "loong64" },
	{ "mips64el",	"mips64el" },
};

const char *arch_normalise(const char *machine)
{
	size_t i;

	if (!machine)
		return "";
	for (i = 0; i < ARRAY_SIZE(arch_aliases); i++)
		if (!strcmp(machine, arch_aliases[i].word))
			return arch_aliases[i].arch;
	return "";
}

const char *arch_from_elf_machine(unsigned int e_machine)
{
	switch (e_machine) {
	case EM_X86_64:
		return "amd64";
	case EM_AARCH64:
		return "arm64";
	case EM_ARM:
		return "armhf";
	case EM_PPC64:
		return "ppc64el";
	case EM_RISCV:
		return "riscv64";
	case EM_S390:
		return "s390x";
	case EM_386:
		return "i386";
	default:
		return "";
	}
}

static void copy_word(char *dst, size_t len, const char *s, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/*
 * Split a release into its parts.  arch (may be NULL or "") is what the
 * caller knows from elsewhere (uname -m, e_machine, DepSurf label); a
 * trailing arch word in the release wins only when arch is unknown.
 */
bool kver_parse(const char *release, const char *arch, struct kver *out)
{
	const char *p = release, *dash, *rest;
	char words[8][64];
	size_t nw = 0, i, dots = 0;

	memset(out, 0, sizeof(*out));
	if (arch && *arch)
		copy_word(out->arch, sizeof(out->arch), arch, strlen(arch));
	if (!release || !isdigit((unsigned char)*release))
		return false;

	/* "6.1.0" (or "6.1") up to the first dash */
	dash = strchr(p, '-');
	copy_word(out->full, sizeof(out->full), p,
		  dash ? (size_t)(dash - p) : strlen(p));
	for (i = 0; out->full[i]; i++) {
		if (out->full[i] == '.' && ++dots == 2)
			break;
	}
	copy_word(out->version, sizeof(out->version), out->full, i);
	strcpy(out->flavor, "generic");
	if (!dash)
		return true;

	/* the remaining dash-separated words: abi, flavor..., [arch] */
	rest = dash + 1;
	while (*rest && nw < 8) {
		dash = strchr(rest, '-');
		copy_word(words[nw++], 64, rest,
			  dash ? (size_t)(dash - rest) : strlen(rest));
		if (!dash)
			break;
		rest = dash + 1;
	}
	i = 0;
	if (nw && isdigit((unsigned char)words[0][0])) {
		copy_word(out->abi, sizeof(out->abi), words[0],
			  strlen(words[0]));
		i = 1;
	}
	/* a trailing arch word ("arm64", "686-pae" spans two words) */
	if (nw > i) {
		const char *a = arch_normalise(words[nw - 1]);
		char two[130];

		if (nw > i + 1) {
			snprintf(two, sizeof(two), "%s-%s", words[nw - 2],
				 words[nw - 1]);
			if (!strcmp(two, "686-pae") ||
			    !strcmp(two, "armmp-lpae")) {
				a = arch_normalise(two);
				nw--;
			}
		}
		if (*a) {
			if (!out->arch[0])
				copy_word(out->arch, sizeof(out->arch), a,
					  strlen(a));
			nw--;
		}
	}
	if (nw > i) {
		size_t off = 0;

		/* snprintf() returns what it would write: stop when full */
		out->flavor[0] = '\0';
		for (; i < nw && off < sizeof(out->flavor); i++)
			off += snprintf(out->flavor + off,
					sizeof(out->flavor) - off, "%s%s",
					off ? "-" : "", words[i]);
	}
	return true;
}

bool kver_same_build(const struct kver *a, const struct kver *b)
{
	return a->full[0] && !strcmp(a->full, b->full) &&
	       !strcmp(a->abi, b->abi) && !strcmp(a->flavor, b->flavor) &&
	       !strcmp(a->arch, b->arch);
}

/*
 * Slack allowed between a function's ELF st_size and its kallsyms extent
 * (the distance to the next symbol): the alignment padding after it plus
 * any patchable-entry NOPs before the next function.  Used when the
 * build's config does not say (CONFIG_FUNCTION_ALIGNMENT and
 * CONFIG_FUNCTION_PADDING_BYTES exist from 6.2 on).  64 covers arm64
 * (gcc aligns to at most 32, plus two pre-entry NOPs with
 * DYNAMIC_FTRACE_WITH_CALL_OPS) and x86 with
 * CONFIG_DEBUG_FORCE_FUNCTION_ALIGN_64B; x86 otherwise aligns to 16.
 */
unsigned int func_align_default(const char *arch)
{
	(void)arch;
	return 64;
}

/* A GNU build-id as the report and the store spell it: lowercase hex. */
bool build_id_valid(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n && !s[n] && !(n % 2) && n <= 2 * KS_BUILD_ID_MAX;
}

int version_cmp(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	while (*a && *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10);
		unsigned long y = strtoul(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a || eb == b)
			break;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return strcmp(a, b);
}
