# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/cases.sh: the one runner of tests as data, for the tool cases
# (tests/tool/run.sh) and the bpf cases (tests/bpf/run.sh).  Source
# tests/lib/tap.sh first, then this file, set CASES_TOOL, define the hooks
# the suite needs, and call cases_run DIR... (one TAP test per case).
#
# Each case directory holds:
#   cmd              the tool's arguments (shell words; run in the case
#                    directory, so relative paths are relative to it)
#   expected         expected stdout
#   status           expected exit code (default 0)
#   stderr_contains  optional: a string stderr must contain
#   json             optional marker: compare stdout and expected as JSON
#                    (both normalised by python3 -m json.tool)
#   env              optional: VAR=value lines set for the run
#   requires         optional words, each asked of cases_missing
#   user             optional: run as this user (via setpriv when root)
#   setup            optional: sh script run first, with $WORK and $CASE_WORK
# A case may have more steps: cmd.2, expected.2, status.2, ... sharing one
# $CASE_WORK (import into a database, then query it).
#
# Hooks (each optional; a filter reads stdin and writes stdout):
#   cases_missing REQ   print why requirement REQ is not met, or nothing
#   cases_subst         placeholders to real values: cmd, env
#   cases_unsubst       real values back to placeholders: stdout, stderr
#   cases_expected      the expected file as compared (placeholders that
#                       differ by host filled in)
#   cases_bless         normalised stdout as written by KSYMSTAT_BLESS=1
#
# Environment: WORK (scratch directory, set by the suite),
# KSYMSTAT_BLESS=1 (write actual outputs to expected*: review them!),
# KSYMSTAT_VALGRIND=1 (every command under valgrind; leaks fail),
# KSYMSTAT_CASES=GLOB (only the cases whose names match).
# shellcheck shell=bash

declare -F cases_missing >/dev/null || cases_missing() { echo "unknown requirement $1"; }
declare -F cases_subst >/dev/null || cases_subst() { cat; }
declare -F cases_unsubst >/dev/null || cases_unsubst() { cat; }
declare -F cases_expected >/dev/null || cases_expected() { cat; }
declare -F cases_bless >/dev/null || cases_bless() { cat; }

cases_valgrind=()
if [ "${KSYMSTAT_VALGRIND:-}" = 1 ]; then
	# shellcheck disable=SC2054 # the commas are valgrind's
	cases_valgrind=(valgrind -q --error-exitcode=99 --leak-check=full
			--errors-for-leak-kinds=definite,indirect)
fi

# cases_why_skip DIR: why the case cannot run here, or nothing.
cases_why_skip() {
	local req why
	for req in $(cat "$1/requires" 2>/dev/null); do
		why=$(cases_missing "$req")
		[ -n "$why" ] && { echo "$why"; return; }
	done
}

# cases_step DIR SUFFIX -> 0 pass, 1 fail (diagnostics in $WORK/diag)
cases_step() {
	local dir=$1 sfx=$2 out=$CASE_WORK/out$2 err=$CASE_WORK/err$2
	local want_status=0 rc args user="" envs=()

	[ -f "$dir/status$sfx" ] && want_status=$(cat "$dir/status$sfx")
	[ -f "$dir/user" ] && user=$(cat "$dir/user")
	[ -f "$dir/env" ] && mapfile -t envs < <(cases_subst <"$dir/env")
	args=$(cases_subst <"$dir/cmd$sfx")
	eval "set -- $args"
	(
		cd "$dir" || exit 97
		for line in "${envs[@]}"; do
			[ -n "$line" ] && export "${line?}"
		done
		if [ -n "$user" ] && [ "$(id -u)" = 0 ]; then
			exec setpriv --reuid="$(id -u "$user")" \
				--regid="$(id -g "$user")" --clear-groups -- \
				"$CASES_TOOL" "$@"
		fi
		exec "${cases_valgrind[@]}" "$CASES_TOOL" "$@"
	) >"$out.raw" 2>"$err.raw"
	rc=$?
	cases_unsubst <"$out.raw" >"$out"
	cases_unsubst <"$err.raw" >"$err"

	if [ "${KSYMSTAT_BLESS:-}" = 1 ]; then
		cases_bless <"$out" >"$dir/expected$sfx"
		if [ "$rc" = 0 ]; then
			rm -f "$dir/status$sfx"
		else
			echo "$rc" >"$dir/status$sfx"
		fi
		want_status=$rc
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
	cases_expected 2>/dev/null <"$dir/expected$sfx" >"$out.want" ||
		: >"$out.want"
	if [ -f "$dir/json" ]; then
		if ! python3 -m json.tool "$out" >"$out.norm" 2>&1; then
			echo "step cmd$sfx: stdout is not JSON" >>"$WORK/diag"
			head -c 2000 "$out.norm" >>"$WORK/diag"
			return 1
		fi
		python3 -m json.tool "$out.want" >"$out.want.norm" 2>&1
		mv "$out.want.norm" "$out.want"
	else
		cp "$out" "$out.norm"
	fi
	if ! diff -u "$out.want" "$out.norm" >>"$WORK/diag"; then
		sed -i "1i step cmd$sfx: stdout differs" "$WORK/diag"
		head -n 5 "$err" | sed 's/^/stderr: /' >>"$WORK/diag"
		return 1
	fi
	return 0
}

# cases_run DIR...: each DIR/NAME/ with a cmd is one TAP test.
cases_run() {
	local top dir name why cmdfile sfx pass
	for top in "$@"; do
		for dir in "$top"/${KSYMSTAT_CASES:-*}/; do
			dir=${dir%/}
			[ -f "$dir/cmd" ] || continue
			name=$(basename "$dir")
			why=$(cases_why_skip "$dir")
			if [ -n "$why" ]; then
				skip "$name: $why"
				continue
			fi
			CASE_WORK=$WORK/case-$name
			mkdir -p "$CASE_WORK"
			chmod 755 "$CASE_WORK"
			pass=yes
			: >"$WORK/diag"
			if [ -f "$dir/setup" ]; then
				(cd "$dir" && WORK=$WORK CASE_WORK=$CASE_WORK sh setup) \
					>"$WORK/diag" 2>&1 || pass=no
			fi
			for cmdfile in "$dir"/cmd "$dir"/cmd.*; do
				[ -f "$cmdfile" ] || continue
				[ $pass = yes ] || break
				sfx=${cmdfile#"$dir"/cmd}
				cases_step "$dir" "$sfx" || pass=no
			done
			if [ $pass = yes ]; then
				ok "$name"
			else
				not_ok "$name"
				sed 's/^/# /' "$WORK/diag" | head -n 60
			fi
		done
	done
}
