#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Findings are codes (tools/base/findings.h), TAP 13:
#   1. tests/tool/codes_test.c walks every code of the table: a snake_case
#      name, a message format whose {placeholders} are its arguments, no
#      rank twice;
#   2. every code has its row in docs/tool.md ("Finding codes"), a bpf_
#      code in docs/bpf.md ("BPF codes"), with the same rank and every
#      argument named, and the docs have no other code;
#   3. every code is recorded somewhere in tools/;
#   4. tripwire: the verdict (merge.c, btf_proto.c) never writes a sentence
#      and never reads one back: no strstr/strtok, no str*cmp on rendered
#      text, no xasprintf in merge.c, no rendering; the text summary is
#      chosen by rank (findings_summary), never findings[0].
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-codes.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"

doc=$top/docs/tool.md
bpfdoc=$top/docs/bpf.md
# The doc of a code: check --bpf's codes are in docs/bpf.md.
doc_of() {
	case $1 in
	bpf_*) echo "$bpfdoc" ;;
	*) echo "$doc" ;;
	esac
}
verdict=("$top/tools/verdict/merge.c" "$top/tools/verdict/btf_proto.c")

if ! ${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$work/codes_test" \
	"$top/tests/tool/codes_test.c" 2>"$work/cc.log"; then
	diag "$work/cc.log"
	not_ok "codes_test.c compiles against tools/findings.h"
	finish
fi
if "$work/codes_test" >"$work/codes" && [ "$(wc -l <"$work/codes")" -gt 50 ]; then
	ok "findings.h: $(wc -l <"$work/codes") codes, each a name, a message, arguments that match"
else
	grep '^#' "$work/codes" | sed 's/^# //' >"$work/bad"
	not_ok "findings.h: the table has faults"
	diag "$work/bad"
fi
grep -v '^#' "$work/codes" >"$work/table"

: >"$work/undoc"
while IFS=$'\t' read -r name rank args _fmt; do
	d=$(doc_of "$name")
	line=$(grep -E "^\| \`$name\` \|" "$d")
	if [ -z "$line" ]; then
		echo "$name: no row in ${d#"$top"/}" >>"$work/undoc"
		continue
	fi
	drank=$(printf '%s' "$line" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
	[ "$drank" = "$rank" ] ||
		echo "$name: rank $rank, docs say $drank" >>"$work/undoc"
	[ "$args" = - ] && args=
	for a in $args; do
		printf '%s' "$line" | grep -q "\`${a%%:*}\`" ||
			echo "$name: argument ${a%%:*} not in its docs row" >>"$work/undoc"
	done
	desc=$(printf '%s' "$line" | awk -F'|' '{ print $5 }' | tr -d ' ')
	[ -n "$desc" ] || echo "$name: no meaning in docs" >>"$work/undoc"
done <"$work/table"
if [ -s "$work/undoc" ]; then
	not_ok "docs/tool.md, docs/bpf.md: a row for every code, its rank and arguments"
	diag "$work/undoc"
else
	ok "docs/tool.md, docs/bpf.md: a row for every code, its rank and arguments"
fi

cut -f1 "$work/table" | sort >"$work/names"
{
	sed -n '/^### Finding codes/,/^#/p' "$doc"
	sed -n '/^### BPF codes/,/^#/p' "$bpfdoc"
} | sed -n 's/^| `\([a-z0-9_]*\)` |.*/\1/p' | sort >"$work/docnames"
if comm -13 "$work/names" "$work/docnames" >"$work/stale" && [ ! -s "$work/stale" ]; then
	ok "docs/tool.md, docs/bpf.md: no code the table lacks"
else
	not_ok "docs/tool.md, docs/bpf.md name codes the table lacks"
	diag "$work/stale"
fi

: >"$work/unused"
while IFS=$'\t' read -r name _; do
	code=KF_$(printf '%s' "$name" | tr 'a-z' 'A-Z')
	grep -rqw --include="*.c" "$code" "$top"/tools || echo "$code" >>"$work/unused"
done <"$work/table"
if [ -s "$work/unused" ]; then
	not_ok "every code is recorded somewhere in tools/"
	diag "$work/unused"
else
	ok "every code is recorded somewhere in tools/"
fi

# The tripwire: a decision that reads text the verdict built.  trip FILE...
# prints the offending lines (xasprintf counts in merge.c only: the verdict
# proper, where no sentence is written).
trip() {
	grep -nE '\<(strstr|strcasestr|strtok(_r)?)\(' "$@"
	grep -nE '\<str(n|case)?cmp\([^;]*\<(detail|why|msg|message|finding|findings|text|texts|words|title|titles|sentence|out)\>' "$@"
	grep -nE '\<(finding_message|findings_message)\(' "$@"
	grep -nE '\<xasprintf\(' "$@" | grep -v 'btf_proto\.c:'
}
cat >"$work/merge.c" <<'BAD'
		bool built_in = r->has_config && strstr(why, "=y");
				    strcmp(d->detail, c->detail) ||
		add_finding(tv, xasprintf("%s: %s", rows, c->detail));
BAD
if [ "$(trip "$work/merge.c" | wc -l)" = 3 ]; then
	ok "the tripwire catches the old decisions on sentences"
else
	not_ok "the tripwire misses an old decision on a sentence"
fi
trip "${verdict[@]}" >"$work/trip"
if [ -s "$work/trip" ]; then
	not_ok "the verdict decides on codes, never on text it built"
	diag "$work/trip"
else
	ok "the verdict decides on codes, never on text it built"
fi

grep -nE 'findings(\.v)?\[0\]' "$top"/tools/out/out_*.c >"$work/first"
if [ -s "$work/first" ]; then
	not_ok "the summary line is chosen by rank, not by call order"
	diag "$work/first"
else
	check "the summary line is chosen by rank, not by call order" \
		grep -q 'findings_summary(' "$top/tools/out/out_text.c"
fi

grep -n 'strtok' "$top/tools/out/out_json.c" >"$work/strtok"
if [ -s "$work/strtok" ]; then
	not_ok "out_json.c splits no sentence into JSON"
	diag "$work/strtok"
else
	ok "out_json.c splits no sentence into JSON"
fi
finish
