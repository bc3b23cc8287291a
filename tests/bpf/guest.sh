#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksymstat bpf check against a real run, in one guest (arm64 6.1 cloud by
# default).  On the host: build the test objects (tests/bpf/src), take the
# BPF objects a real Debian program embeds as libbpf skeletons (pcp's BPF
# PMDA modules, arm64 build: apt-get download + dpkg -x, never installed),
# and a static loader (tests/bpf/src/ksbpfload.c against Debian's arm64
# libbpf.a).  In the guest: make every hook a target, save the report, the
# event list, the BTF and kallsyms, then load and attach each program alone
# with libbpf.  Back on the host: ksymstat's verdict per program (--json)
# against what the load and attach did, counted.  TAP 13.
#
#   tests/bpf/guest.sh [--arch A --series S --flavor F] [--out DIR]
#
# Agreement (tests/bpf/compare.py): "fail" when load or attach failed,
# "ok"/"degraded" when both succeeded; unknown and not-checked programs are
# counted apart; explained disagreements are listed in
# fixtures/guest-ARCH-SERIES/known-disagreements.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOL=$ROOT/tools/ksymstat
arch=arm64 series=6.1 flavor=cloud out=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift ;;
	--series) series=$2; shift ;;
	--flavor) flavor=$2; shift ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '4,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "guest.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
WORK=${out:-$(mktemp -d /tmp/ksymstat-bpf-guest.XXXXXX)}
mkdir -p "$WORK/put"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

make -s -C "$ROOT/tools" ksymstat >/dev/null || { not_ok "build tools/ksymstat"; finish; }
triple=$(case $arch in arm64) echo aarch64-linux-gnu ;; amd64) echo x86_64-linux-gnu ;; esac)
# shellcheck source=tests/bpf/objects.sh
. "$HERE/objects.sh"
if ! bpf_objects "$arch" "$WORK" "$TOOL"; then
	case $bpf_err in cannot*) skip "$bpf_err" ;; *) not_ok "$bpf_err" ;; esac
	finish
fi
L=$WORK/root/usr/lib/$triple
if ! "$triple-gcc-12" -static -O2 -I"$WORK/root/usr/include" -o "$WORK/put/ksbpfload" \
	"$HERE/src/ksbpfload.c" "$L/libbpf.a" "$L/libelf.a" "$L/libz.a" "$L/libzstd.a" 2>"$WORK/cc.log"; then
	not_ok "static loader for $arch: $(tail -n 2 "$WORK/cc.log")"
	finish
fi
ok "static libbpf loader built for $arch"
objs=("${bpf_objs[@]}") mods=("${bpf_mods[@]}")
empty=$WORK/empty.report
ok "${#objs[@]} objects: 2 test objects, $(( ${#objs[@]} - 2 )) from pcp's ${#mods[@]} BPF PMDA modules"
for o in "${objs[@]}"; do
	"$TOOL" bpf check "$o" --live "$empty" --targets
done | sort -u >"$WORK/put/targets"

cat >"$WORK/put/run.sh" <<'GUEST'
cat /opt/targets > /sys/kernel/debug/ksymstat
cat /sys/kernel/debug/ksymstat > "$KSYMSTAT_OUT/report"
cat /sys/kernel/tracing/available_events > "$KSYMSTAT_OUT/events" 2>/dev/null ||
	cat /sys/kernel/debug/tracing/available_events > "$KSYMSTAT_OUT/events"
cat /sys/kernel/btf/vmlinux > "$KSYMSTAT_OUT/btf"
cat /proc/kallsyms > "$KSYMSTAT_OUT/kallsyms"
cat /sys/kernel/debug/error_injection/list > "$KSYMSTAT_OUT/error_injection" 2>/dev/null ||
	: > "$KSYMSTAT_OUT/error_injection"
cd /opt
./ksbpfload *.bpf.o > "$KSYMSTAT_OUT/load" 2> "$KSYMSTAT_OUT/load.err"
echo "loaded: $(wc -l < "$KSYMSTAT_OUT/load") programs"
GUEST
puts=()
for f in "$WORK"/put/*; do puts+=(--put "$f"); done
eval "$("$ROOT/scripts/fetch-kernel" --arch "$arch" --series "$series" --flavor "$flavor")" ||
	{ not_ok "fetch-kernel"; finish; }
if ! KSYMSTAT_TIMEOUT=${KSYMSTAT_TIMEOUT:-1800} KSYMSTAT_STALL=${KSYMSTAT_STALL:-900} \
	"$ROOT/scripts/guest" --arch "$arch" \
	--series "$series" --flavor "$flavor" --out "$WORK/guest" --quiet \
	"${puts[@]}" -- sh run.sh >"$WORK/guest.log" 2>&1; then
	not_ok "guest run (log: $WORK/guest.log)"
	tail -n 5 "$WORK/guest.log" | sed 's/^/# /'
	finish
fi
G=$WORK/guest/out
ok "guest: report of $(grep -c '^target ' "$G/report") targets, $(wc -l <"$G/load") programs loaded and attached"

args=()
for o in "${objs[@]}"; do
	b=$(basename "$o")
	"$TOOL" bpf check "$o" --live "$G/report" --btf "$G/btf" \
		--events "$G/events" --symbols "$G/kallsyms" \
		--error-injection "$G/error_injection" --json >"$WORK/$b.json"
	args+=("$b=$WORK/$b.json")
done
sed 's|^/opt/||' "$G/load" >"$WORK/load"
# The explained disagreements of this kernel (none yet: every one fails)
# (fixtures/guest-ARCH-SERIES, -FLAVOR but for cloud)
fx=guest-$arch-$series
[ "$flavor" = cloud ] || fx=$fx-$flavor
kd=$HERE/fixtures/$fx/known-disagreements
[ -f "$kd" ] || { kd=$WORK/no-known-disagreements; : >"$kd"; }
if python3 "$HERE/compare.py" "$WORK/load" "$kd" "${args[@]}" \
	>"$WORK/compare"; then
	ok "verdicts against the real load and attach: $(tail -n 1 "$WORK/compare" | sed 's/^# //')"
else
	not_ok "verdicts against the real load and attach: $(tail -n 1 "$WORK/compare" | sed 's/^# //')"
fi
cat "$WORK/compare"
finish
