#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The shared rules (include/ksymstat/rules.h) from one table (TAP 13):
#   1. tests/rules/rules_test.c, compiled against rules.h, reads names.tsv,
#      collision.tsv, letters.tsv and elf.tsv;
#   2. `ksymstat rules classify` and `ksymstat rules collision` must give
#      the same tables back;
#   3. the ERE of `ksymstat rules suffix-ere`, applied the way a shell test
#      applies it (awk, shortest base first), must split every name as the
#      table does.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tests/rules
ks=$top/tools/ksymstat
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-rules.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$top/include" \
	-o "$work/rules_test" "$dir/rules_test.c" 2>"$work/cc.log" ||
	{ cat "$work/cc.log"; not_ok "rules_test.c compiles against rules.h"; }
if [ -x "$work/rules_test" ]; then
	"$work/rules_test" "$dir/names.tsv" "$dir/collision.tsv" \
		"$dir/letters.tsv" "$dir/elf.tsv" >"$work/c.tap"
	rc=$?
	c_ok=$(grep -c '^ok ' "$work/c.tap")
	c_bad=$(grep -c '^not ok ' "$work/c.tap")
	grep -E '^(not ok|#)' "$work/c.tap" | grep -v '^# Totals' | sed 's/^/# /'
	if [ "$rc" = 0 ] && [ "$c_bad" = 0 ] && [ "$c_ok" -gt 50 ]; then
		ok "rules.h (C): $c_ok table checks agree"
	else
		not_ok "rules.h (C): $c_bad of $((c_ok + c_bad)) table checks disagree (exit $rc)"
	fi
fi

grep -v '^#' "$dir/names.tsv" | grep -v '^$' >"$work/names"
cut -f1 "$work/names" | "$ks" rules classify >"$work/tool" 2>"$work/tool.err"
if diff "$work/names" "$work/tool" >"$work/diff"; then
	ok "ksymstat rules classify: $(wc -l <"$work/names") names as in names.tsv"
else
	sed 's/^/# /' "$work/diff" "$work/tool.err"
	not_ok "ksymstat rules classify differs from names.tsv"
fi

bad=0 total=0
while IFS=$'\t' read -r target class syms; do
	total=$((total + 1))
	# shellcheck disable=SC2086 # symbols are tab-separated words
	got=$("$ks" rules collision "$target" $syms 2>&1)
	if [ "$got" != "$class" ]; then
		echo "# collision $target $syms: tool says $got, table $class"
		bad=$((bad + 1))
	fi
done < <(grep -v '^#' "$dir/collision.tsv" | grep -v '^$')
if [ "$bad" = 0 ] && [ "$total" -gt 10 ]; then
	ok "ksymstat rules collision: $total cases as in collision.tsv"
else
	not_ok "ksymstat rules collision: $bad of $total cases differ"
fi

ere=$("$ks" rules suffix-ere)
awk -F '\t' -v chain="$ere" '{
	base = $1; suffix = "-"
	if (substr($1, 1, 1) != ".")
		for (i = 2; i <= length($1); i++)
			if (substr($1, i, 1) == "." && substr($1, i) ~ chain) {
				base = substr($1, 1, i - 1); suffix = substr($1, i)
				break
			}
	print $1 "\t" base "\t" suffix
}' "$work/names" >"$work/ere"
cut -f1-3 "$work/names" >"$work/want"
if diff "$work/want" "$work/ere" >"$work/diff"; then
	ok "suffix-ere in awk: $(wc -l <"$work/names") names split as in names.tsv"
else
	sed 's/^/# /' "$work/diff"
	not_ok "suffix-ere in awk splits names differently from names.tsv"
fi
# grep -E, another ERE engine: every table suffix matches, as a whole
want=$(awk -F '\t' '$3 != "-"' "$work/names" | wc -l)
got=$(cut -f3 "$work/names" | grep -cE "$ere")
if [ "$got" = "$want" ] && [ "$want" -gt 20 ]; then
	ok "suffix-ere in grep -E: the $want table suffixes match, '-' does not"
else
	not_ok "suffix-ere in grep -E: $got matches, table has $want suffixes"
fi
finish
