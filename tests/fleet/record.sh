#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/fleet/record.sh: record the real guest reports the fleet tests and
# benchmarks read, on every kernel of tests/matrix's `ci` and `all` sets
# (KSYMSTAT_MATRIX=all), each on its pinned build (tests/kernels.lock):
#   tests/bpf/fixtures/guest-ARCH-SERIES[-FLAVOR]/   every hook of the BPF
#       objects of tests/bpf as a target (tests/bpf/guest.sh): report,
#       available_events, error_injection, ksbpfload.out
#   tests/tool/fixtures/guest-reports/ARCH-SERIES[-FLAVOR].report
#       the module's default target (kvm_write_guest), with the matrix
#       line's preloaded modules (amd64: kvm)
# FLAVOR is left out for cloud.  Kernels whose files exist are skipped
# unless --force; --only ARCH-SERIES-FLAVOR records one.  A recording whose
# BPF verdicts disagree with the real load and attach (tests/bpf/guest.sh
# test 4) is kept, and the disagreement printed: explain it in the
# folder's known-disagreements or fix the tool.
#   tests/fleet/record.sh [--force] [--only SPEC] [--work DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ks_prog=record.sh
# shellcheck source=../../scripts/lib/common.sh
. "$top/scripts/lib/common.sh"
force=0 only= work=
while [ $# -gt 0 ]; do
	case $1 in
	--force) force=1 ;;
	--only) need "$1" "${2:-}"; only=$2; shift ;;
	--work) need "$1" "${2:-}"; work=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift
done
work=${work:-$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-record.XXXXXX")}
mkdir -p "$work"
bfix=$top/tests/bpf/fixtures
rfix=$top/tests/tool/fixtures/guest-reports

while read -r set arch series flavor _dbg preload _mod _func; do
	case $set in ci|all) ;; *) continue ;; esac
	spec=$arch-$series-$flavor
	[ -z "$only" ] || [ "$only" = "$spec" ] || continue
	name=$arch-$series
	[ "$flavor" = cloud ] || name=$name-$flavor
	loads=()
	for m in ${preload//,/ }; do loads+=(--load "$m"); done

	if [ "$force" = 1 ] || [ ! -f "$bfix/guest-$name/report" ]; then
		log "$spec: BPF hooks (tests/bpf/guest.sh)"
		bash "$top/tests/bpf/guest.sh" --arch "$arch" --series "$series" \
			--flavor "$flavor" --out "$work/bpf-$name" >"$work/bpf-$name.tap" 2>&1 || true
		g=$work/bpf-$name/guest/out
		[ -s "$g/report" ] || fail "$spec: no report (see $work/bpf-$name.tap)"
		mkdir -p "$bfix/guest-$name"
		cp "$g/report" "$g/error_injection" "$bfix/guest-$name/"
		cp "$g/events" "$bfix/guest-$name/available_events"
		sed 's|^/opt/||' "$g/load" >"$bfix/guest-$name/ksbpfload.out"
		grep -E '^(not ok|# DISAGREE|# agree)' "$work/bpf-$name.tap" >&2 || true
	fi
	if [ "$force" = 1 ] || [ ! -f "$rfix/$name.report" ]; then
		log "$spec: the default target, preloaded: ${preload:-none}"
		KSYMSTAT_TIMEOUT=${KSYMSTAT_TIMEOUT:-1800} "$top/scripts/guest" \
			--arch "$arch" --series "$series" --flavor "$flavor" \
			"${loads[@]}" --out "$work/default-$name" --quiet \
			-- sh -c 'cat /sys/kernel/debug/ksymstat >"$KSYMSTAT_OUT/report"' \
			>"$work/default-$name.log" 2>&1 ||
			fail "$spec: guest (see $work/default-$name.log)"
		cp "$work/default-$name/out/report" "$rfix/$name.report"
	fi
	log "$spec: $(sed -n '1s/.* release=\([^ ]*\) .* build_id=\([^ ]*\).*/\1 build-id \2/p' "$rfix/$name.report")"
done <"$top/tests/matrix"
