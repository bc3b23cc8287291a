#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tool tests as data: each directory cases/NAME/ is one case in the format
# of tests/lib/cases.sh (cmd, expected, status, stderr_contains, json, env,
# requires, user, setup; cmd.2, expected.2, ... for more steps).
# Requirements: elf (the test vmlinux could be built), shared
# (../shared/depsurf exists), nonroot-user (setpriv can drop to nobody).
# In cmd, @WORK@ is the scratch directory (the test vmlinux is built into
# @WORK@/gen); in outputs it is written back as @WORK@.  The version line
# (ksymstat --version) is written back with @VERSION@, @REPORT_MIN@,
# @REPORT_MAX@ and @STORE_SCHEMA@ for the numbers of their one definition
# (include/ksymstat/version.h, tools/live/live.h, tools/offline/offline.h),
# so it fails when the tool prints any other number.
#
# Prints TAP 13; exits 1 when a case fails.  KSYMSTAT_BLESS,
# KSYMSTAT_VALGRIND and KSYMSTAT_CASES: see tests/lib/cases.sh.

set -u
# check without --vmlinux asks debuginfod for a format 3 report's build:
# never the host's servers (Debian's profile sets DEBUGINFOD_URLS)
unset DEBUGINFOD_URLS

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOL=$ROOT/tools/ksymstat
SHARED=$ROOT/../shared

if ! make -s -C "$ROOT/tools" ksymstat >/dev/null; then
	echo "Bail out! cannot build tools/ksymstat"
	exit 2
fi

WORK=$(mktemp -d /tmp/ksymstat-tests.XXXXXX)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT

# The test vmlinux: built now from C, never committed.
have_elf=no
mkdir -p "$WORK/gen"
if bash "$HERE/fixtures/elf/build.sh" "$WORK/gen/vmlinux-6.1.0-99-test-amd64" \
	2>"$WORK/gen/gcc.log"; then
	have_elf=yes
fi

cases_missing() {
	case $1 in
	elf)
		[ $have_elf = yes ] || echo "test vmlinux not built (needs gcc on x86_64)" ;;
	shared)
		[ -d "$SHARED/depsurf/function" ] || echo "no ../shared/depsurf" ;;
	nonroot-user)
		[ "$(id -u)" = 0 ] || return 0
		if ! id nobody >/dev/null 2>&1 ||
		   ! command -v setpriv >/dev/null ||
		   ! setpriv --reuid="$(id -u nobody)" \
			--regid="$(id -g nobody)" --clear-groups -- \
			test -x "$TOOL"; then
			echo "cannot run the tool as nobody"
		fi ;;
	*)
		echo "unknown requirement $1" ;;
	esac
}
cases_subst() { sed "s|@WORK@|$WORK|g"; }
cases_unsubst() {
	sed -e "s|$WORK|@WORK@|g" -e "s|^$version_line\$|ksymstat @VERSION@ (report formats @REPORT_MIN@ to @REPORT_MAX@, store schema @STORE_SCHEMA@)|"
}

# The one definition of each number the version line prints.
def() { sed -n "s/^#define[[:space:]]*$2[[:space:]][[:space:]]*\"\{0,1\}\([0-9.]*\).*/\1/p" "$ROOT/$1"; }
v_version=$(def include/ksymstat/version.h KSYMSTAT_VERSION)
v_rmin=$(def tools/live/live.h KS_REPORT_VERSION_MIN)
v_rmax=$(def tools/live/live.h KS_REPORT_VERSION)
v_schema=$(def tools/offline/offline.h KS_STORE_SCHEMA)
version_line="ksymstat $v_version (report formats $v_rmin to $v_rmax, store schema $v_schema)"

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/cases.sh
. "$ROOT/tests/lib/cases.sh"
CASES_TOOL=$TOOL
cases_run "$HERE/cases"
finish
