#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of ksymstat bpf check (issue 11): an object of 50 programs
# (kprobe, kretprobe, fentry, fexit, tracepoints, one kprobe.multi glob over
# 2,000 names), every hook a DepSurf function, against a version 2 report
# naming them all and a store holding every DepSurf page.  Prints figures
# (best and median of 7 runs) for BENCHMARKS.md; asserts nothing on time.
#
#   tests/bpf/bench.sh [BTF]   BTF: kernel BTF (default: Debian arm64 6.1
#                               -dbg vmlinux via scripts/fetch-kernel)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOL=$ROOT/tools/ksymstat
PAGES=$ROOT/../shared/depsurf/function
WORK=$(mktemp -d /tmp/ksymstat-bpf-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

make -s -C "$ROOT/tools" ksymstat >/dev/null
[ -d "$PAGES" ] || { echo "bench: no $PAGES" >&2; exit 2; }
btf=${1:-}
if [ -z "$btf" ]; then
	eval "$("$ROOT/scripts/fetch-kernel" --arch arm64 --dbg)"
	btf=$KS_VMLINUX
fi

# 2,000 page names; the hooks are the first 40 of them.
find "$PAGES" -name '*.md' | sed 's|.*/||; s|\.md$||' | LC_ALL=C sort >"$WORK/names"
mapfile -t names <"$WORK/names"
awk '{ printf "ffff800008%06x T %s\n", NR * 16, $1 }' "$WORK/names" >"$WORK/kallsyms"
{
	echo '#include <linux/types.h>'
	echo '#include <bpf/bpf_helpers.h>'
	for i in $(seq 0 39); do
		case $((i % 4)) in
		0) sec="kprobe/${names[$i]}" ;;
		1) sec="kretprobe/${names[$i]}" ;;
		2) sec="fentry/${names[$i]}" ;;
		3) sec="fexit/${names[$i]}" ;;
		esac
		printf 'SEC("%s") int p%d(void *ctx) { return 0; }\n' "$sec" "$i"
	done
	for i in $(seq 40 48); do
		printf 'SEC("tp/sched/ev%d") int p%d(void *ctx) { return 0; }\n' "$i" "$i"
	done
	echo 'SEC("kprobe.multi/a*") int p49(void *ctx) { return 0; }'
	echo 'char LICENSE[] SEC("license") = "GPL";'
} >"$WORK/bench.bpf.c"
clang -target bpf -g -O2 -I"/usr/include/$(gcc -dumpmachine)" \
	-c "$WORK/bench.bpf.c" -o "$WORK/bench.bpf.o"
for i in $(seq 40 48); do echo "sched:ev$i"; done >"$WORK/events"

# A version 2 report naming every hook and every glob match.
printf 'ksymstat version=2 release=6.1.0-999-cloud-arm64 arch=aarch64 kaslr_offset=0x0 symbols=0 modules=0 walk_us=0 probe_us=0 generation=1 targets=0 kprobe_events_on_notrace=no btf=yes livepatch=no ftrace_entry=arm64_bl\nend targets=0 syms=0\n' >"$WORK/empty.report"
"$TOOL" bpf check "$WORK/bench.bpf.o" --live "$WORK/empty.report" \
	--targets --symbols "$WORK/kallsyms" | LC_ALL=C sort -u >"$WORK/targets"
ntargets=$(wc -l <"$WORK/targets")
{
	echo "ksymstat version=2 release=6.1.0-999-cloud-arm64 arch=aarch64 kaslr_offset=0x0 symbols=$ntargets modules=0 walk_us=0 probe_us=0 generation=1 targets=$ntargets kprobe_events_on_notrace=no btf=yes livepatch=no ftrace_entry=arm64_bl"
	while read -r n; do
		echo "target name=$n state=present count=1 clones=0 collision=unique_global by_name=unique attach.kprobe=yes attach.kprobe_event=yes attach.fentry=yes attach.kprobe_multi=yes attach.ftrace=yes attach.livepatch=no:EOPNOTSUPP:no_support ftrace_sites=1"
		echo "sym target=$n name=$n suffix=- addr=0x0000000000000000 size=64 type=T bind=global owner=vmlinux sympos=1 ftrace=yes ftrace_addr=- kprobe=yes kprobe_err=0 exported=no ftrace_name=$n blacklisted=no attach.kprobe=yes attach.kprobe_event=yes attach.fentry=yes attach.kprobe_multi=yes attach.ftrace=yes attach.livepatch=no:EOPNOTSUPP:no_support"
	done <"$WORK/targets"
	echo "end targets=$ntargets syms=$ntargets"
} >"$WORK/report"

t0=$(date +%s.%N)
"$TOOL" import --db "$WORK/ds.db" "$PAGES" >/dev/null
t1=$(date +%s.%N)
npages=$(sqlite3 "$WORK/ds.db" 'select count(*) from page' 2>/dev/null || echo "?")

run() {
	"$TOOL" bpf check "$WORK/bench.bpf.o" --live "$WORK/report" \
		--db "$WORK/ds.db" --events "$WORK/events" \
		--symbols "$WORK/kallsyms" "$@" >"$WORK/out" || [ $? = 1 ]
}
time_runs() {
	local i s e
	for i in 1 2 3 4 5 6 7; do
		s=$(date +%s%N)
		run "$@"
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "best %d ms, median %d ms", v[1], v[4] }'
}
echo "bpf check, 50 programs ($ntargets hook functions, glob over ${#names[@]} names), store of $npages DepSurf pages:"
echo "  store import of the pages: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')"
echo "  without BTF:               $(time_runs)"
echo "  with BTF ($btf): $(time_runs --btf "$btf")"
run --btf "$btf"
echo "  programs in the output: $(grep -c '^  program ' "$WORK/out"), verdict: $(tail -n 1 "$WORK/out")"
