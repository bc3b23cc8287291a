# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/tap.sh: TAP 13 for the shell suites (kselftest's habits).
# Source it, then:
#   tap_ok DESC | tap_not_ok DESC [DIAG...] | tap_skip DESC (why, said)
#   tap_check DESC COMMAND...   ok when COMMAND succeeds
#   tap_diag FILE               the first 15 lines of FILE as diagnostics
#   tap_finish                  the plan, "# Totals:", exit 1 on a failure,
#                               4 when everything skipped, else 0
# Descriptions lose '#' and newlines (TAP reads them as directives).
# shellcheck shell=bash

tap_n=0 tap_pass=0 tap_fail=0 tap_skipped=0
echo "TAP version 13"
tap_desc() { printf '%s' "$*" | tr '#\n' '_ '; }
tap_ok() { tap_n=$((tap_n + 1)) tap_pass=$((tap_pass + 1)); echo "ok $tap_n - $(tap_desc "$1")"; }
tap_not_ok() {
	tap_n=$((tap_n + 1)) tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n - $(tap_desc "$1")"
	shift
	local l
	for l in "$@"; do echo "# $l"; done
}
tap_skip() { tap_n=$((tap_n + 1)) tap_skipped=$((tap_skipped + 1)); echo "ok $tap_n # SKIP $(tap_desc "$1")"; }
tap_check() { local d=$1; shift; if "$@"; then tap_ok "$d"; else tap_not_ok "$d"; fi; }
tap_diag() { sed -n '1,15s/^/# /p' "$1"; }
tap_finish() {
	echo "1..$tap_n"
	echo "# Totals: pass:$tap_pass fail:$tap_fail skip:$tap_skipped"
	[ "$tap_fail" = 0 ] || exit 1
	[ "$tap_pass" = 0 ] && exit 4
	exit 0
}
