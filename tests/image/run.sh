#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The native paths on the Debian test-machine image, for one architecture:
# boots scripts/guest --image debian (building and caching the image on
# first use: scripts/image) and runs tests/image/native.sh in it, then
# prints its TAP 13.
#
#   tests/image/run.sh [--arch arm64|amd64] [--set full|build] [--out DIR]
#
# --set build: the small image (gcc, make, the headers) and tests/image/ci.sh
# instead: the native module build, insmod and cat that tests/run runs in CI.
# The full image suites are opt-in in tests/run (KSYMSTAT_IMAGE=1): the
# first full image build takes longer than CI's budget (BENCHMARKS.md).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=arm64
set=full
out=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) [ $# -ge 2 ] || { echo "run.sh: --arch needs a value" >&2; exit 2; }
		arch=$2; shift 2 ;;
	--set) [ $# -ge 2 ] || { echo "run.sh: --set needs a value" >&2; exit 2; }
		set=$2; shift 2 ;;
	--out) [ $# -ge 2 ] || { echo "run.sh: --out needs a value" >&2; exit 2; }
		out=$2; shift 2 ;;
	-h|--help) sed -n '4,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-image-test.XXXXXX")}

dbg=
[ "$set" = full ] && dbg=--dbg
if ! eval "$("$top/scripts/fetch-kernel" --arch "$arch" $dbg)"; then
	echo "Bail out! fetch-kernel --arch $arch $dbg failed"
	exit 1
fi
puts=()
case $set in
full)	[ -n "$KS_VMLINUX" ] && puts=(--put "$KS_VMLINUX")
	image=debian script=tests/image/native.sh ;;
build)	image=debian-build script=tests/image/ci.sh ;;
*)	echo "run.sh: --set is full or build, not '$set'" >&2; exit 2 ;;
esac
t0=$(date +%s)
KSYMSTAT_TIMEOUT=${KSYMSTAT_TIMEOUT:-3600} "$top/scripts/guest" --arch "$arch" \
	--image "$image" --quiet --out "$out" "${puts[@]}" -- bash "$script"
rc=$?
if [ -f "$out/out/tap" ]; then
	cat "$out/out/tap"
else
	echo "not ok 1 - the image guest gave no TAP (exit $rc); console: $out/console.log"
	tail -n 20 "$out/console.log" 2>/dev/null | sed 's/^/# /'
fi
echo "# image guest $arch ($image): $(( $(date +%s) - t0 )) s, exit $rc; console: $out/console.log"
exit "$rc"
