#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP 13 suite for the DepSurf function-page parser/writer
# (tools/offline/depsurf_page.c), driven through tools/offline/depsurf_page_test.c.
#
#   tests/tool/depsurf_pages.sh
#
# Environment:
#   DEPSURF_PAGE_TEST  prebuilt depsurf_page_test binary (else built here
#                      with gcc -O2 -Wall -Wextra -Werror into a temp dir)
#   DEPSURF_PAGES      directory of shared pages (default:
#                      <repo>/../shared/depsurf/function)
#   CC                 compiler (default gcc)
#
# Fixtures (tests/tool/fixtures/depsurf): NAME.md + NAME.dump is the
# expected dump of a page; details.extra.md is details.md written with the
# test program's extra "Live" rows; fail/NAME.md + fail/NAME.err is a page
# that must be rejected (exit 2) with exactly that message on stderr.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null) ||
	root=$(cd "$here/../.." && pwd)
fix=$here/fixtures/depsurf
pages=${DEPSURF_PAGES:-$root/../shared/depsurf/function}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/depsurf_pages.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# shellcheck source=tests/lib/tap.sh
. "$root/tests/lib/tap.sh"

# ---- plan --------------------------------------------------------------

dumps=
for f in "$fix"/*.dump; do
	[ -e "$f" ] && dumps="$dumps $(basename "$f" .dump)"
done
fails=
for f in "$fix"/fail/*.err; do
	[ -e "$f" ] && fails="$fails $(basename "$f" .err)"
done
count() { echo $#; }
# build, selftest, fixture roundtrip, extra rows, 2 fuzz, valgrind,
# shared roundtrip, shared count, shared speed, kvm_write_guest (2)
planned=$((12 + $(count $dumps) + $(count $fails)))


# ---- build -------------------------------------------------------------

if [ -n "${DEPSURF_PAGE_TEST:-}" ]; then
	case $DEPSURF_PAGE_TEST in
	/*) bin=$DEPSURF_PAGE_TEST ;;
	*) bin=$(pwd)/$DEPSURF_PAGE_TEST ;;
	esac
	if [ -x "$bin" ]; then
		ok "using DEPSURF_PAGE_TEST=$bin"
	else
		not_ok "DEPSURF_PAGE_TEST=$bin is not executable"
	fi
else
	bin=$tmp/depsurf_page_test
	if ${CC:-gcc} -std=c11 -O2 -Wall -Wextra -Werror -o "$bin" \
		"$root/tools/offline/depsurf_page.c" \
		"$root/tools/offline/depsurf_page_test.c" >"$tmp/cc.log" 2>&1; then
		ok "build depsurf_page_test (gcc -O2 -Wall -Wextra -Werror)"
	else
		not_ok "build depsurf_page_test"
		diag "$tmp/cc.log"
	fi
fi

if "$bin" selftest >"$tmp/out" 2>&1; then
	ok "selftest (status words, status parse, row lookup)"
else
	not_ok "selftest"
	diag "$tmp/out"
fi

# ---- (a) dumps of own fixtures ----------------------------------------

for name in $dumps; do
	if "$bin" dump "$fix/$name.md" >"$tmp/dump" 2>"$tmp/err" &&
	   cmp -s "$tmp/dump" "$fix/$name.dump"; then
		ok "dump of fixture $name.md matches $name.dump"
	else
		not_ok "dump of fixture $name.md matches $name.dump"
		diag "$tmp/err"
		diff "$fix/$name.dump" "$tmp/dump" >"$tmp/diff" 2>&1
		diag "$tmp/diff"
	fi
done

set --
for f in "$fix"/*.md; do
	[ -e "$f" ] && set -- "$@" "$f"
done
if [ $# -gt 0 ] && "$bin" roundtrip "$@" >"$tmp/out" 2>&1; then
	ok "fixtures round trip byte for byte ($(grep '^# pages' "$tmp/out" |
		sed 's/^# //'))"
else
	not_ok "fixtures round trip byte for byte"
	diag "$tmp/out"
fi

# Extra rows: rendered as a "Live" group after the last status group.
if "$bin" extra "$fix/details.md" >"$tmp/extra.md" 2>"$tmp/err" &&
   cmp -s "$tmp/extra.md" "$fix/details.extra.md" &&
   "$bin" dump "$tmp/extra.md" >"$tmp/dump" 2>>"$tmp/err" &&
   grep -q '^status_group Live rows=3$' "$tmp/dump" &&
   grep -q '^row Live 6.1.0-999-cloud-arm64 status=0 details=1$' \
	"$tmp/dump"; then
	ok "extra rows written as a Live group (details.extra.md), reparsed"
else
	not_ok "extra rows written as a Live group (details.extra.md)"
	diag "$tmp/err"
	diff "$fix/details.extra.md" "$tmp/extra.md" >"$tmp/diff" 2>&1
	diag "$tmp/diff"
fi

# ---- (b) pages that must be rejected ----------------------------------

for name in $fails; do
	rc=0
	(cd "$fix/fail" && "$bin" parse "$name.md") >/dev/null \
		2>"$tmp/err" || rc=$?
	if [ "$rc" -eq 2 ] && cmp -s "$tmp/err" "$fix/fail/$name.err"; then
		ok "fail/$name.md rejected: $(sed 's/^error: //' "$tmp/err" |
			cut -c1-72)"
	else
		not_ok "fail/$name.md rejected with exit 2 (got $rc) and" \
			"the message in $name.err"
		diag "$tmp/err"
	fi
done

# ---- fuzzing: no crash; whatever is accepted round trips ----------------

for name in details changed; do
	if "$bin" fuzz "$fix/$name.md" 3000 >"$tmp/out" 2>&1; then
		ok "fuzz $name.md: every truncation + 3000 edits ($(sed \
			's/^# //' "$tmp/out"))"
	else
		not_ok "fuzz $name.md"
		diag "$tmp/out"
	fi
done

if command -v valgrind >/dev/null 2>&1; then
	if valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=all "$bin" roundtrip "$@" \
		>"$tmp/out" 2>&1 &&
	   valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=all "$bin" fuzz "$fix/details.md" 200 \
		>>"$tmp/out" 2>&1; then
		ok "valgrind: fixture round trip and fuzz, no errors or leaks"
	else
		not_ok "valgrind: fixture round trip and fuzz"
		diag "$tmp/out"
	fi
else
	skip "valgrind not installed"
fi

# ---- (c) all shared pages ---------------------------------------------

if [ -d "$pages" ]; then
	found=$(find "$pages" -name '*.md' -type f | wc -l)
	t0=$(date +%s%N)
	rc=0
	"$bin" roundtrip "$pages" >"$tmp/out" 2>&1 || rc=$?
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	summary=$(grep '^# pages=' "$tmp/out" | sed 's/^# //')
	if [ "$rc" -eq 0 ]; then
		ok "shared pages round trip byte for byte ($summary)"
	else
		not_ok "shared pages round trip byte for byte ($summary)"
		diag "$tmp/out"
	fi
	parsed=$(echo "$summary" | sed -n 's/.*pages=\([0-9]*\).*/\1/p')
	errors=$(echo "$summary" | sed -n 's/.*errors=\([0-9]*\).*/\1/p')
	if [ "${parsed:-0}" -gt 0 ] && [ "$parsed" -eq "$found" ] &&
	   [ "${errors:-1}" -eq 0 ]; then
		ok "shared pages: $parsed of $found parsed, errors=0"
	else
		not_ok "shared pages: ${parsed:-?} of $found parsed," \
			"errors=${errors:-?}"
	fi
	if [ "$ms" -lt 10000 ]; then
		ok "shared pages round trip in ${ms} ms (< 10 s)"
	else
		not_ok "shared pages round trip in ${ms} ms (< 10 s)"
	fi
else
	skip "no shared pages at $pages"
	skip "no shared pages at $pages"
	skip "no shared pages at $pages"
fi

# ---- (d) kvm_write_guest ------------------------------------------------

kvm=$pages/k/kvm_write_guest.md
if [ -f "$kvm" ]; then
	"$bin" dump "$kvm" >"$tmp/kvm" 2>&1
	# The symbol must sit in the arm64 row (before the next row).
	sym="  symbol ffff8000100b9880 ffff8000100b9918 kvm_write_guest"
	sym="$sym STB_GLOBAL"
	if awk -v sym="$sym" '
		/^row / { inrow = ($2 == "Arch" && $3 == "arm64") }
		inrow && $0 == sym { found = 1 }
		END { exit !found }' "$tmp/kvm"; then
		ok "kvm_write_guest: arm64 row has symbol kvm_write_guest" \
			"STB_GLOBAL ffff8000100b9880-ffff8000100b9918"
	else
		not_ok "kvm_write_guest: arm64 row has symbol kvm_write_guest" \
			"STB_GLOBAL ffff8000100b9880-ffff8000100b9918"
		diag "$tmp/kvm"
	fi
	if grep -q '^row Regular 4\.4 status=1 details=0 words=Absent$' \
		"$tmp/kvm"; then
		ok "kvm_write_guest: Absent in 4.4"
	else
		not_ok "kvm_write_guest: Absent in 4.4"
		diag "$tmp/kvm"
	fi
else
	skip "no $kvm"
	skip "no $kvm"
fi

[ "$tap_n" -eq "$planned" ] || not_ok "planned $planned tests, ran $tap_n"
finish
