# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/tap.sh: TAP 13 for the shell suites (kselftest's habits).
# Source it (it prints the version line), then:
#   ok DESC...            a passed test
#   not_ok DESC [DIAG...] a failed one, each DIAG as a "# " line
#   skip DESC...          a skipped one: the description says why
#   check DESC COMMAND... ok when COMMAND succeeds, else not_ok
#   diag FILE...          the first 15 lines of each FILE as diagnostics
#   tap_include FILE      the tests of another TAP stream (a helper program's
#                         output), numbered and counted as this suite's
#   finish                the plan, "# Totals:", then exit 1 when a test
#                         failed, 4 when none passed, else 0
# Descriptions lose '#' and newlines (TAP would read them as directives).
# shellcheck shell=bash

tap_n=0 tap_pass=0 tap_fail=0 tap_skipped=0
echo "TAP version 13"
tap_desc() { printf '%s' "$*" | tr '#\n' '_ '; }
ok() {
	tap_n=$((tap_n + 1)) tap_pass=$((tap_pass + 1))
	echo "ok $tap_n - $(tap_desc "$@")"
}
not_ok() {
	tap_n=$((tap_n + 1)) tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n - $(tap_desc "$1")"
	shift
	local l
	for l in "$@"; do echo "# $l"; done
}
skip() {
	tap_n=$((tap_n + 1)) tap_skipped=$((tap_skipped + 1))
	echo "ok $tap_n # SKIP $(tap_desc "$@")"
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
diag() { local f; for f in "$@"; do sed -n '1,15s/^/# /p' "$f"; done; }
tap_include() {
	local l
	while IFS= read -r l; do
		case $l in
		"TAP version"*|1..*|"# Totals:"*) ;;
		"ok "*"# SKIP"*) skip "${l#*# SKIP }" ;;
		"ok "*) ok "$(echo "$l" | sed 's/^ok [0-9]* *-\{0,1\} *//')" ;;
		"not ok "*) not_ok "$(echo "$l" | sed 's/^not ok [0-9]* *-\{0,1\} *//')" ;;
		*) echo "$l" ;;
		esac
	done <"$1"
}
finish() {
	echo "1..$tap_n"
	echo "# Totals: pass:$tap_pass fail:$tap_fail skip:$tap_skipped"
	[ "$tap_fail" = 0 ] || exit 1
	[ "$tap_pass" = 0 ] && exit 4
	exit 0
}
