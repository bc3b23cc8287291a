#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the guest runner (TAP 13): it must pass a clean run, pass on a
# guest command's own exit status, and fail a run whose kernel oopses, whose
# guest hangs, or whose module does not load.
#   tests/module/harness.sh [--arch A --series S --flavor F]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
kargs=("$@")
. "$top/tests/lib/tap.sh"
expect() { # expect DESCRIPTION WANTED-STATUS GUEST-ARGS...
	local d=$1 want=$2 rc
	shift 2
	"$top/scripts/guest" "${kargs[@]}" --quiet --out "$work/run" "$@" >/dev/null 2>"$work/err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok "$d (exit $rc)"; else
		not_ok "$d (exit $rc, wanted $want)"
		sed 's/^/# /' "$work/err"
	fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-harness.XXXXXX")
trap 'rm -rf "$work"' EXIT
eval "$("$top/scripts/fetch-kernel" "${kargs[@]}")" || exit 1

cp -r "$top/tests/module/oops" "$work/oops"
case $KS_ARCH in arm64) cross=aarch64-linux-gnu- ;; *) cross= ;; esac
if make -s -C "$KS_KDIR" M="$work/oops" ARCH="${KS_ARCH/amd64/x86}" \
	CROSS_COMPILE="$cross" modules >"$work/build.log" 2>&1; then
	ok "the broken module builds for $KS_KVER"
else
	not_ok "the broken module builds for $KS_KVER"
	sed 's/^/# /' "$work/build.log"
fi

expect "a clean run passes" 0 -- cat /sys/kernel/debug/ksymstat
expect "the guest command's status comes back" 3 -- sh -c 'exit 3'
expect "an oops on read fails the run" 1 --ko "$work/oops/ksymstat_oops.ko" \
	-- cat /sys/kernel/debug/ksymstat
grep -q 'Oops\|Unable to handle kernel' "$work/run/console.log" &&
	ok "the oops is in the kept console log" ||
	not_ok "the oops is in the kept console log"
expect "a module that fails to load fails the run" 1 \
	--module-args "targets=bad#name" -- true
expect "a hung guest fails at the hard timeout, as hung" 124 --stall 0 --timeout 40 -- sleep 600
grep -q 'HUNG: hard timeout after 40s' "$work/err" &&
	ok "the hard timeout is said as a hang" ||
	not_ok "the hard timeout is said as a hang"
# A guest that stops making progress is stopped by the console watchdog,
# long before the hard timeout, with the last step it reached.
expect "a silent guest is stopped by the stall watchdog" 124 --stall 90 --timeout 900 \
	-- sh -c 'echo "ok 1 - the step before the hang"; sleep 600'
grep -q 'HUNG: no console output for 90s; the last step: ok 1 - the step before the hang' "$work/err" &&
	ok "the stall is said with the last step" ||
	{ not_ok "the stall is said with the last step"; sed 's/^/# /' "$work/err"; }

finish
