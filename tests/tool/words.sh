#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Words in one place (issue 19), TAP 13.  The verdict files record codes
# (tools/base/findings.h); only the output layer (out_*.c, bpf_out.c, words.c,
# decl.c, findings.c's rendering) writes sentences and names.  A grep-level
# tripwire over the verdict files:
#   1. no decision reads a string the verdict built: no str*cmp/strstr/
#      strtok on a message, why, status, reason, detail, text, summary,
#      collision or inline field, and no rendering call (finding_message,
#      the bpf summaries and status words);
#   2. no sentence: a string literal of two words or more is an error
#      message (err buffer, p_err, stderr, the report parser's bad()), a
#      usage text, or on the allowlist below with its reason;
#   3. no name table but those on the allowlist below;
#   4. the tripwire catches the old decisions and sentences (its self-test).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-words.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"

verdict=(verdict/merge.c verdict/bpf_check.c verdict/bpf_core.c verdict/btf_proto.c
	offline/dwarf_scan.c)

# FILE<TAB>the literal or the table's name<TAB>why it is no sentence/words
cat >"$work/allow" <<'EOF'
verdict/bpf_check.c	live_events	the tracefs paths read when no --events is given
verdict/bpf_core.c	sys_ctx	the kernel's struct names a syscalls tracepoint's record has and the raw_syscalls ones programs read it with: kernel identifiers, not words
verdict/bpf_core.c	relo_kinds	libbpf's names of enum bpf_core_relo_kind: the relocation's identity, as libbpf prints it
verdict/bpf_check.c	t	libbpf's syscall wrapper prefixes by Debian arch (arch_specific_syscall_pfx)
verdict/merge.c	fmts	the config keys that build a module name in (CONFIG_X, CONFIG_X_FS)
EOF

# Statements and tables of C files: comments blanked, one finding a line
# ("FILE:LINE:KIND:TEXT").  KIND sentence: a literal with two words or
# more outside an error or usage statement; table: a static table of
# strings.
cat >"$work/scan.py" <<'EOF'
import re, sys

LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def blank_comments(src):
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith('/*', i):
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif src.startswith('//', i):
            j = src.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif src[i] in '"\'':
            q, j = src[i], i + 1
            while j < n and src[j] != q:
                j += 2 if src[j] == '\\' else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return ''.join(out)


def words(lit):
    lit = re.sub(r'%[-+ #0-9.*]*(?:l{0,2}|z|h{0,2})[a-zA-Z]', '', lit)
    lit = re.sub(r'\\.', ' ', lit)
    return [w for w in lit.split() if re.search('[A-Za-z]', w)]


ERR = re.compile(r'\b(snprintf\(err\b|p_err\(|fprintf\(stderr\b|bad\()')
for path in sys.argv[1:]:
    name = path.rsplit('/', 1)[-1]
    src = blank_comments(open(path).read())
    masked = LIT.sub(lambda m: '"' + 'x' * len(m.group(1)) + '"', src)
    for m in LIT.finditer(src):
        lit = m.group(1)
        if len(words(lit)) < 2:
            continue
        start = max(masked.rfind(c, 0, m.start()) for c in ';{}')
        stmt = ' '.join(masked[start + 1:m.start()].split())
        if ERR.search(stmt) or 'fputs("' in stmt and src[
                start + 1:m.end()].lstrip().startswith('fputs("Usage'):
            continue
        if lit.startswith('Usage: '):
            continue
        line = src.count('\n', 0, m.start()) + 1
        print('%s:%d:sentence:%s' % (name, line, lit))
    for m in re.finditer(r'static const (?:char \*const|struct \{[^}]*\})'
                         r'\s*(\w+)\s*\[[^\]]*\]\s*=\s*\{([^;]*)\};',
                         masked):
        if '"' in m.group(2):
            line = src.count('\n', 0, m.start()) + 1
            print('%s:%d:table:%s' % (name, line, m.group(1)))
EOF

# trip FILE...: the lines of a decision on text the verdict built.
trip() {
	local f='(message|msg|why|status_words|reason|detail|text|texts|summary|sentence|words|collision|inline_)'

	grep -nE "\<(strstr|strcasestr|strtok(_r)?|str(n|case)?cmp)\([^;]*(->|\.)$f\>" "$@"
	grep -nE '\<(finding_message|findings_message|bpf_prog_summary|bpf_obj_summary|bpf_status_words)\(' "$@"
}
# scan FILE...: sentences and tables not on the allowlist.
scan() {
	python3 "$work/scan.py" "$@" | while IFS=: read -r file line kind text; do
		grep -qF "$(printf '%s\t%s\t' "$file" "$text")" "$work/allow" ||
			printf '%s:%s: %s %s\n' "$file" "$line" "$kind" "$text"
	done
}

cat >"$work/bad.c" <<'BAD'
static const char *const status_words[] = { "runs", "fails" };
		if (!strcmp(g->collision, "Static Duplication"))
	if (f->why && !strncmp(f->why, "no live", 7))
			bpf_prog_add_finding(p, BS_FAIL, name,
				"no tracepoint %s in the kernel's events", ev);
	char *s = bpf_prog_summary(p);
BAD
n_trip=$(trip "$work/bad.c" | wc -l)
n_scan=$(scan "$work/bad.c" | wc -l)
if [ "$n_trip" = 3 ] && [ "$n_scan" = 4 ]; then
	ok "the tripwire catches decisions on words, a sentence and a name table"
else
	not_ok "the tripwire misses old faults (decisions $n_trip of 3, sentences and tables $n_scan of 4)"
fi

paths=()
for f in "${verdict[@]}"; do
	paths+=("$top/tools/$f")
done
trip "${paths[@]}" | sed "s|$top/tools/||" >"$work/trip"
if [ -s "$work/trip" ]; then
	not_ok "the verdict files decide on codes, never on text they built"
	diag "$work/trip"
else
	ok "the verdict files decide on codes, never on text they built (${verdict[*]})"
fi

scan "${paths[@]}" >"$work/scan"
if [ -s "$work/scan" ]; then
	not_ok "the verdict files write no sentence and no name table beyond the allowlist"
	diag "$work/scan"
else
	ok "the verdict files write no sentence and no name table beyond the allowlist ($(wc -l <"$work/allow") allowed)"
fi

# Every allowlist entry is still needed (a stale one would hide a new one).
: >"$work/stale"
while IFS=$'\t' read -r file what _why; do
	grep -q "\<$what\>" "$top/tools/$file" || echo "$file: $what" >>"$work/stale"
done <"$work/allow"
if [ -s "$work/stale" ]; then
	not_ok "every allowlist entry names something the file has"
	diag "$work/stale"
else
	ok "every allowlist entry names something the file has"
fi
finish
