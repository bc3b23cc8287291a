#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tool tests as data.  Each directory cases/NAME/ holds:
#   cmd              ksymstat's arguments (shell words; run in the case dir,
#                    so fixture paths are relative to it)
#   expected         expected stdout
#   status           expected exit code (default 0)
#   stderr_contains  optional: a string stderr must contain
#   json             optional marker: compare stdout and expected as JSON
#                    (both normalised by python3 -m json.tool)
#   env              optional: VAR=value lines set for the run (@WORK@ too)
#   requires         optional words: elf (the test vmlinux could be built),
#                    shared (../shared/depsurf exists), nonroot-user
#                    (setpriv can drop to nobody)
#   user             optional: run as this user (via setpriv when root)
#   setup            optional: sh script run first, with $WORK and $CASE_WORK
# A case may have more steps: cmd.2, expected.2, status.2, ... sharing one
# $CASE_WORK (import into a database, then query it).
# In cmd, @WORK@ is the scratch directory (the test vmlinux is built into
# @WORK@/gen); in outputs it is written back as @WORK@.  The version line
# (ksymstat --version) is written back with @VERSION@, @REPORT_MIN@,
# @REPORT_MAX@ and @STORE_SCHEMA@ for the numbers of their one definition
# (include/ksymstat/version.h, tools/ksymstat.h), so it fails when the tool
# prints any other number.
#
# Prints TAP 13; exits 1 when a case fails.
#   KSYMSTAT_BLESS=1     write actual outputs to expected* (review them!)
#   KSYMSTAT_VALGRIND=1  run every command under valgrind (leaks fail)
#   KSYMSTAT_CASES=GLOB  only the cases whose names match (check-v2*)

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

valgrind_cmd=()
if [ "${KSYMSTAT_VALGRIND:-}" = 1 ]; then
	valgrind_cmd=(valgrind -q --error-exitcode=99 --leak-check=full
		      --errors-for-leak-kinds=definite,indirect)
fi

missing_requirement() {
	local req
	for req in $(cat "$1/requires" 2>/dev/null); do
		case $req in
		elf)
			[ $have_elf = yes ] || { echo "test vmlinux not built (needs gcc on x86_64)"; return; } ;;
		shared)
			[ -d "$SHARED/depsurf/function" ] || { echo "no ../shared/depsurf"; return; } ;;
		nonroot-user)
			[ "$(id -u)" = 0 ] || continue
			if ! id nobody >/dev/null 2>&1 ||
			   ! command -v setpriv >/dev/null ||
			   ! setpriv --reuid="$(id -u nobody)" \
				--regid="$(id -g nobody)" --clear-groups -- \
				test -x "$TOOL"; then
				echo "cannot run the tool as nobody"; return
			fi ;;
		*)
			echo "unknown requirement $req"; return ;;
		esac
	done
}

normalise_json() {
	python3 -m json.tool "$1" 2>&1
}

# run_step CASE_DIR SUFFIX -> 0 pass, 1 fail (diagnostics in $WORK/diag)
run_step() {
	local dir=$1 sfx=$2 out=$CASE_WORK/out$2 err=$CASE_WORK/err$2
	local want_status=0 rc args user=""

	[ -f "$dir/status$sfx" ] && want_status=$(cat "$dir/status$sfx")
	[ -f "$dir/user" ] && user=$(cat "$dir/user")
	args=$(sed "s|@WORK@|$WORK|g" "$dir/cmd$sfx")
	eval "set -- $args"
	(
		cd "$dir" || exit 97
		if [ -f env ]; then
			while IFS= read -r line; do
				[ -n "$line" ] && export "${line//@WORK@/$WORK}"
			done < env
		fi
		if [ -n "$user" ] && [ "$(id -u)" = 0 ]; then
			exec setpriv --reuid="$(id -u "$user")" \
				--regid="$(id -g "$user")" --clear-groups -- \
				"$TOOL" "$@"
		fi
		exec "${valgrind_cmd[@]}" "$TOOL" "$@"
	) >"$out.raw" 2>"$err.raw"
	rc=$?
	sed -e "s|$WORK|@WORK@|g" -e "s|^$version_line\$|ksymstat @VERSION@ (report formats @REPORT_MIN@ to @REPORT_MAX@, store schema @STORE_SCHEMA@)|" \
		"$out.raw" >"$out"
	sed "s|$WORK|@WORK@|g" "$err.raw" >"$err"

	if [ "${KSYMSTAT_BLESS:-}" = 1 ]; then
		cp "$out" "$dir/expected$sfx"
		[ "$rc" = 0 ] && rm -f "$dir/status$sfx" || echo "$rc" >"$dir/status$sfx"
	fi

	: >"$WORK/diag"
	if [ "$rc" != "$want_status" ]; then
		echo "step cmd$sfx: exit $rc, expected $want_status" >>"$WORK/diag"
		head -c 2000 "$err" >>"$WORK/diag"
		return 1
	fi
	if [ -f "$dir/stderr_contains$sfx" ] &&
	   ! grep -qF -- "$(cat "$dir/stderr_contains$sfx")" "$err"; then
		echo "step cmd$sfx: stderr lacks: $(cat "$dir/stderr_contains$sfx")" >>"$WORK/diag"
		head -c 2000 "$err" >>"$WORK/diag"
		return 1
	fi
	if [ -f "$dir/json" ]; then
		normalise_json "$out" >"$out.norm"
		normalise_json "$dir/expected$sfx" >"$out.want"
	else
		cp "$out" "$out.norm"
		cp "$dir/expected$sfx" "$out.want" 2>/dev/null || : >"$out.want"
	fi
	if ! diff -u "$out.want" "$out.norm" >>"$WORK/diag"; then
		sed -i "1i step cmd$sfx: stdout differs" "$WORK/diag"
		return 1
	fi
	return 0
}

# The one definition of each number the version line prints.
def() { sed -n "s/^#define[[:space:]]*$2[[:space:]][[:space:]]*\"\{0,1\}\([0-9.]*\).*/\1/p" "$ROOT/$1"; }
v_version=$(def include/ksymstat/version.h KSYMSTAT_VERSION)
v_rmin=$(def tools/ksymstat.h KS_REPORT_VERSION_MIN)
v_rmax=$(def tools/ksymstat.h KS_REPORT_VERSION)
v_schema=$(def tools/ksymstat.h KS_STORE_SCHEMA)
version_line="ksymstat $v_version (report formats $v_rmin to $v_rmax, store schema $v_schema)"

cases=()
for d in "$HERE"/cases/${KSYMSTAT_CASES:-*}/; do
	[ -f "$d/cmd" ] && cases+=("${d%/}")
done

echo "TAP version 13"
echo "1..${#cases[@]}"
n=0 pass=0 fail=0 skip=0
for dir in "${cases[@]}"; do
	n=$((n + 1))
	name=$(basename "$dir")
	why=$(missing_requirement "$dir")
	if [ -n "$why" ]; then
		echo "ok $n # SKIP $name: $why"
		skip=$((skip + 1))
		continue
	fi
	CASE_WORK=$WORK/case-$name
	mkdir -p "$CASE_WORK"
	chmod 755 "$CASE_WORK"
	ok=yes
	if [ -f "$dir/setup" ]; then
		(cd "$dir" && WORK=$WORK CASE_WORK=$CASE_WORK sh setup) \
			>"$WORK/diag" 2>&1 || ok=no
	fi
	for cmdfile in "$dir"/cmd "$dir"/cmd.*; do
		[ -f "$cmdfile" ] || continue
		[ $ok = yes ] || break
		sfx=${cmdfile#"$dir"/cmd}
		run_step "$dir" "$sfx" || ok=no
	done
	if [ $ok = yes ]; then
		echo "ok $n - $name"
		pass=$((pass + 1))
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$WORK/diag" | head -60
		fail=$((fail + 1))
	fi
done

echo "# Totals: pass:$pass fail:$fail skip:$skip"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
