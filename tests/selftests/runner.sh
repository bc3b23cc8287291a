#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The run_tests of tests/selftests/Makefile, as the kernel's
# tools/testing/selftests/kselftest/runner.sh does it: TAP 13, each program
# under the timeout of ./settings, its output as "# " diagnostics, exit 4 a
# skip.  Exit 1 when a program failed or timed out.
cd "$(dirname "$0")" || exit 1
timeout=45
[ -r settings ] && timeout=$(sed -n 's/^timeout=//p' settings)
echo "TAP version 13"
echo "1..$#"
n=0 failed=0
for prog in "$@"; do
	n=$((n + 1))
	tmp=$(mktemp)
	timeout "$timeout" sh "./$prog" >"$tmp" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp"
	rm -f "$tmp"
	case $rc in
	0) echo "ok $n selftests: ksymstat: $prog" ;;
	4) echo "ok $n selftests: ksymstat: $prog # SKIP" ;;
	124) echo "not ok $n selftests: ksymstat: $prog # TIMEOUT $timeout seconds"
	     failed=$((failed + 1)) ;;
	*) echo "not ok $n selftests: ksymstat: $prog # exit=$rc"
	   failed=$((failed + 1)) ;;
	esac
done
[ "$failed" = 0 ]
