#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host benchmark of the tool (run by scripts/bench): import of a DepSurf
# page corpus the size of the real one, and the query latency on the store
# it makes.  Prints figures, asserts nothing.
#
#   tests/bench/host.sh [TOOL]
#
#   KSYMSTAT_BENCH_PAGES    pages in the corpus (default 151036, the real
#                           corpus; 1.54 GiB there, ~1.2 GiB here)
#   KSYMSTAT_BENCH_QUERIES  queries timed (default 200)
#   KSYMSTAT_BENCH_DIR      where the corpus is built (default /dev/shm when
#                           it has room, else TMPDIR): tmpfs keeps it in
#                           memory, so the import reads RAM, not the disk
#
# The corpus is ../shared's 2,000 real pages and replicas of them under new
# names (tests/bench/pages.py).  The store goes to TMPDIR, a real disk.
# MB/s is given per second of wall time and per second of CPU time: on a
# shared machine the second is the tool's own speed.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-$top/tools/ksymstat}
pages=$top/../shared/depsurf/function
n=${KSYMSTAT_BENCH_PAGES:-151036}
nq=${KSYMSTAT_BENCH_QUERIES:-200}
tmp=${TMPDIR:-/tmp}

if [ ! -d "$pages" ]; then
	echo "== host: no $pages: no import figures"
	exit 0
fi
dir=${KSYMSTAT_BENCH_DIR:-}
if [ -z "$dir" ]; then
	dir=$tmp
	need=$((n * 12 * 1024))
	if [ -w /dev/shm ] &&
	   [ "$(df --output=avail -B1 /dev/shm | tail -n 1)" -gt $((need * 2)) ]; then
		dir=/dev/shm
	fi
fi
work=$(mktemp -d "$tmp/ksymstat-bench-host.XXXXXX")
corpus=$(mktemp -d "$dir/ksymstat-bench-pages.XXXXXX")
trap 'rm -rf "$work" "$corpus"' EXIT
db=$work/store.db

read -r made bytes < <(python3 "$top/tests/bench/pages.py" "$pages" "$corpus" "$n")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "== host: import of $made DepSurf pages, $mb MB ($(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 2^30 }') GiB), from $dir"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

KSYMSTAT_TIMING=1 /usr/bin/time -f "time %e %U %S %M" -o "$work/time" \
	"$tool" import --db "$db" "$corpus" >"$work/import.out" 2>"$work/import.err"
read -r _ wall user sys rss <"$work/time"
awk -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
	c = u + s
	printf "import: %.2f s wall, %.2f s CPU (%.2f user, %.2f sys): %.0f MB/s wall, %.0f MB/s CPU\n",
		w, c, u, s, b / 1e6 / w, b / 1e6 / c
	printf "import: max RSS %d kB\n", r
}'
sed -n 's/^ksymstat: import timing: /import phases (wall): /p' "$work/import.err"
cat "$work/import.out"
echo "store: $(stat -c %s "$db") bytes"

# Queries: check NAME on the store, each its own process, against a
# kallsyms that holds every name asked (no module needed).
find "$corpus" -name '*.md' | sed 's|.*/||; s|\.md$||' |
	shuf -n "$nq" --random-source=<(yes) >"$work/names"
awk '{ printf "ffffffff81%06x T %s\n", NR * 64, $0 }' "$work/names" >"$work/kallsyms"
echo "== host: $nq queries, check NAME --db (a random page each)"
: >"$work/q"
while read -r name; do
	t0=$(date +%s%N)
	KSYMSTAT_TIMING=1 "$tool" check "$name" --db "$db" \
		--kallsyms "$work/kallsyms" --live-release 5.4.0-26-generic \
		--live-arch amd64 >/dev/null 2>"$work/err" || true
	t1=$(date +%s%N)
	# wall and CPU from main() ("- -" from a tool without the timing)
	t=$(sed -n "s/^ksymstat: check took \([0-9.]*\) ms (cpu \([0-9.]*\) ms)/\1 \2/p" "$work/err")
	echo "${t:-- -} $(( (t1 - t0) / 1000 ))" >>"$work/q"
done <"$work/names"
for i in $(seq 20); do
	t0=$(date +%s%N); /bin/true; t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000 ))"
done >"$work/true"
median() { grep -v '^-$' | sort -n | awk '{ v[NR] = $1 } END { if (!NR) { printf "n/a"; exit } printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "query (main() to exit): median $(awk '{ print $1 }' "$work/q" | median) ms wall," \
     "$(awk '{ print $2 }' "$work/q" | median) ms CPU; 90th percentile" \
     "$(awk '$1 != "-" { print $1 }' "$work/q" | sort -n | awk '{ v[NR] = $1 } END { print v[int(NR * 0.9)] }') ms wall"
echo "query (whole process, exec and dynamic linking too): median" \
     "$(awk '{ print $3 / 1000 }' "$work/q" | median) ms; /bin/true here: median" \
     "$(awk '{ print $1 / 1000 }' "$work/true" | median) ms"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
