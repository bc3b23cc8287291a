#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The native paths on the Debian test-machine image, for one architecture:
# boots scripts/guest --image debian (building and caching the image on
# first use: scripts/image) and runs tests/image/native.sh in it, then
# prints its TAP 13.
#
#   tests/image/run.sh [--arch arm64|amd64] [--out DIR]
#
# Opt-in in tests/run (KSYMSTAT_IMAGE=1): the first image build takes longer
# than CI's budget (BENCHMARKS.md).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=arm64
out=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) [ $# -ge 2 ] || { echo "run.sh: --arch needs a value" >&2; exit 2; }
		arch=$2; shift 2 ;;
	--out) [ $# -ge 2 ] || { echo "run.sh: --out needs a value" >&2; exit 2; }
		out=$2; shift 2 ;;
	-h|--help) sed -n '4,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-image-test.XXXXXX")}

if ! eval "$("$top/scripts/fetch-kernel" --arch "$arch" --dbg)"; then
	echo "Bail out! fetch-kernel --arch $arch --dbg failed"
	exit 1
fi
puts=()
[ -n "$KS_VMLINUX" ] && puts=(--put "$KS_VMLINUX")
t0=$(date +%s)
KSYMSTAT_TIMEOUT=${KSYMSTAT_TIMEOUT:-3600} "$top/scripts/guest" --arch "$arch" \
	--image debian --quiet --out "$out" "${puts[@]}" -- bash tests/image/native.sh
rc=$?
if [ -f "$out/out/tap" ]; then
	cat "$out/out/tap"
else
	echo "not ok 1 - the image guest gave no TAP (exit $rc); console: $out/console.log"
	tail -n 20 "$out/console.log" 2>/dev/null | sed 's/^/# /'
fi
echo "# image guest $arch: $(( $(date +%s) - t0 )) s, exit $rc; console: $out/console.log"
exit "$rc"
