#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/fleet_scale.sh: the fleet store at DepSurf's scale, for
# BENCHMARKS.md (a benchmark: it prints figures and asserts nothing).  One
# store on each backend (a SQLite file; a throwaway PostgreSQL server,
# tests/fleet/pg.sh) holding
#   - DepSurf's full count of function pages: the 2,000 real pages of
#     ../shared/depsurf/function and replicas under new names up to 151,036
#     (tests/bench/pages.py; KSYMSTAT_BENCH_PAGES scales it),
#   - the DWARF rows of every -dbg build the harness fetches (the pinned
#     6.1 ABI and the one before it, arm64 and amd64: scripts/fetch-kernel
#     --dbg; KSYMSTAT_BENCH_DBG="ARCH:ABI ..." chooses),
#   - 1,000 host reports (KSYMSTAT_BENCH_HOSTS) made from the real saved
#     guest reports of every matrix kernel (tests/bpf/fixtures/guest-*,
#     tests/tool/fixtures/guest-reports) by relabelling: each host its own
#     label, KASLR offset and timings, as hosts of one build differ;
# then the matrix of the BPF programs of tests/bpf and pcp's BPF PMDA
# modules (tests/bpf/objects.sh, arm64 builds: 16 objects, 98 programs;
# KSYMSTAT_BENCH_OBJS="OBJ..." instead) over all of it, on
# both backends (median of 5), the push rate of 64 concurrent pushers
# and the store's size per host report.
#   tests/bench/fleet_scale.sh [WORKDIR]   (default: a temp dir, removed)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../fleet/pg.sh
. "$top/tests/fleet/pg.sh"
make -s -C "$top/tools" ksymstat >/dev/null || exit 2
ks=$top/tools/ksymstat
pages_n=${KSYMSTAT_BENCH_PAGES:-151036}
hosts=${KSYMSTAT_BENCH_HOSTS:-1000}
pushers=${KSYMSTAT_BENCH_PUSHERS:-64}
shared=$top/../shared/depsurf/function
keep=${1:-}
work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-fleet-scale.XXXXXX")}
mkdir -p "$work"
chmod 755 "$work"
cleanup() {
	[ -d "$work/pg/data" ] && pg_stop "$work/pg"
	[ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT
say() { echo "# $*"; }
now() { date +%s.%N; }
secs() { echo "scale=2; ($2 - $1) / 1" | bc; }

# --- the inputs ----------------------------------------------------------
[ -d "$shared" ] || { echo "fleet_scale: $shared is absent: the DepSurf pages are needed" >&2; exit 2; }
corpus=/dev/shm/ksymstat-scale-pages-$pages_n
if [ ! -d "$corpus" ]; then
	python3 "$top/tests/bench/pages.py" "$shared" "$corpus.tmp" "$pages_n" >/dev/null &&
		mv "$corpus.tmp" "$corpus" || exit 2
fi
say "pages: $(find "$corpus" -name '*.md' | wc -l) in $corpus ($(du -sh "$corpus" | cut -f1))"

dbgs=()
for ad in ${KSYMSTAT_BENCH_DBG:-}; do dbgs+=("$ad"); done
if [ ${#dbgs[@]} = 0 ]; then
	pinned=$(awk '$1 == "6.1" { print $2 }' "$top/tests/kernels.lock")
	prev=${pinned%-*}-$(( ${pinned##*-} - 1 ))
	for arch in arm64 amd64; do
		for abi in "$pinned" "$prev"; do dbgs+=("$arch:$abi"); done
	done
fi
vmlinuxes=()
for ad in "${dbgs[@]}"; do
	eval "$(KSYMSTAT_ABI=${ad#*:} "$top/scripts/fetch-kernel" --arch "${ad%%:*}" --series 6.1 --flavor cloud --dbg 2>/dev/null)" &&
		[ -n "${KS_VMLINUX:-}" ] && vmlinuxes+=("$KS_VMLINUX:$KS_CONFIG") ||
		say "no -dbg build for $ad"
done
say "DWARF builds: ${#vmlinuxes[@]} (${dbgs[*]})"

# the real reports and their hosts
reports=()
for r in "$top"/tests/bpf/fixtures/guest-*/report "$top"/tests/tool/fixtures/guest-reports/*.report; do
	[ -f "$r" ] && reports+=("$r")
done
mkdir -p "$work/hosts"
i=0
while [ "$i" -lt "$hosts" ]; do
	r=${reports[$((i % ${#reports[@]}))]}
	awk -v k="$(printf '0x%016x' $(( (i + 1) * 0x200000 )))" -v w=$((5000 + i)) 'NR == 1 {
		sub(/ kaslr_offset=[^ ]*/, " kaslr_offset=" k); sub(/ walk_us=[^ ]*/, " walk_us=" w) } 1' \
		"$r" >"$work/hosts/h$i"
	i=$((i + 1))
done
say "host reports: $hosts, relabelled from ${#reports[@]} real reports"

# shellcheck source=../bpf/objects.sh
. "$top/tests/bpf/objects.sh"
if [ -n "${KSYMSTAT_BENCH_OBJS:-}" ]; then
	read -ra objs <<<"$KSYMSTAT_BENCH_OBJS"
else
	bpf_objects arm64 "$work/bpf" "$ks" || { echo "fleet_scale: $bpf_err" >&2; exit 2; }
	objs=("${bpf_objs[@]}")
fi
# one object of each name
declare -A seen
uobjs=()
for o in "${objs[@]}"; do
	b=$(basename "$o")
	[ -n "${seen[$b]:-}" ] && continue
	seen[$b]=1 uobjs+=("$o")
done
bpfargs=()
for o in "${uobjs[@]}"; do bpfargs+=(--bpf "$o"); done

# --- one backend ---------------------------------------------------------
fill() { # NAME DB
	local t0 t1 v c i
	t0=$(now)
	"$ks" import --db "$2" "$corpus" >/dev/null || say "$1: page import failed"
	t1=$(now)
	say "$1: import of $pages_n pages: $(secs "$t0" "$t1") s"
	for v in "${vmlinuxes[@]}"; do
		t0=$(now)
		c=${v#*:}
		"$ks" import --db "$2" "${v%%:*}" ${c:+--config "$c"} >/dev/null || say "$1: import of $v failed"
		t1=$(now)
		say "$1: DWARF rows of $(basename "$(dirname "$(dirname "${v%%:*}")")")/$(basename "${v%%:*}"): $(secs "$t0" "$t1") s"
	done
	t0=$(now)
	bad=0
	for i in $(seq 0 $((hosts - 1))); do
		"$ks" import --db "$2" --host "host-$i" "$work/hosts/h$i" >/dev/null 2>&1 || bad=$((bad + 1))
	done
	t1=$(now)
	say "$1: $hosts host reports imported one process each: $(secs "$t0" "$t1") s ($(echo "scale=1; $hosts / ($t1 - $t0)" | bc)/s)$([ "$bad" = 0 ] || echo ", $bad FAILED")"
}

push_rate() { # NAME DB
	local t0 t1 i
	t0=$(now)
	for i in $(seq 1 "$pushers"); do
		( for k in 1 2 3; do
			"$ks" push --db "$2" --host "pusher-$i" --live "$work/hosts/h$(( (i * 3 + k) % hosts ))" >/dev/null || echo FAIL
		  done ) &
	done
	wait
	t1=$(now)
	echo "$1: push rate, $pushers concurrent pushers, $((pushers * 3)) pushes: $(echo "scale=1; $pushers * 3 / ($t1 - $t0)" | bc) pushes/s ($(secs "$t0" "$t1") s)"
}

matrix_time() { # NAME DB
	local t ts=() k
	"$ks" matrix -j --db "$2" "${bpfargs[@]}" >"$work/$1.matrix.json" 2>/dev/null
	for k in 1 2 3 4 5; do
		t=$( { KSYMSTAT_TIMING=1 "$ks" matrix --db "$2" "${bpfargs[@]}" >/dev/null; } 2>&1 |
			sed -n 's/.*took \([0-9.]*\) ms.*/\1/p')
		ts+=("$t")
	done
	python3 - "$1" "$work/$1.matrix.json" "${#uobjs[@]}" "${ts[@]}" <<'PY'
import json, statistics, sys
name, path, nobj, ts = sys.argv[1], sys.argv[2], sys.argv[3], [float(t) for t in sys.argv[4:] if t]
m = json.load(open(path))
rows = m.get("rows", [])
progs = {r.get("label", "").split(" ")[0] for r in rows}
builds = m.get("builds", [])
kinds = {}
for b in builds:
    k = b.get("source", "live")
    kinds[k] = kinds.get(k, 0) + 1
print("%s: matrix of %s objects, %d hooks (rows) over %d builds (%s), %s hosts: median %.0f ms (runs %s)"
      % (name, nobj, len(rows), len(builds), ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
         m.get("hosts"), statistics.median(ts) if ts else -1, " ".join("%.0f" % t for t in ts)))
PY
}

# --- SQLite --------------------------------------------------------------
db=$work/scale.db
rm -f "$db"
fill sqlite "$db"
matrix_time sqlite "$db"
n=$(sqlite3 "$db" "SELECT count(*) FROM fleet_report")
fleet_bytes=$(sqlite3 "$db" "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fleet%' OR name LIKE 'sqlite_autoindex_fleet%'" 2>/dev/null)
echo "sqlite: store $(stat -c %s "$db") bytes; fleet tables ${fleet_bytes:-?} bytes for $n reports: $(( ${fleet_bytes:-0} / (n ? n : 1) )) bytes a report"
push_rate sqlite "$db"

# --- PostgreSQL ----------------------------------------------------------
if pg_available && pg_start "$work/pg" && pg_sql postgres "CREATE DATABASE scale"; then
	db="postgresql://ksowner@/scale?host=$PG_SOCK"
	fill postgresql "$db"
	matrix_time postgresql "$db"
	n=$(pg_sql scale "SELECT count(*) FROM fleet_report")
	s=$(pg_sql scale "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'fleet%'")
	echo "postgresql: database $(pg_sql scale "SELECT pg_database_size('scale')") bytes; fleet tables $s bytes for $n reports: $((s / n)) bytes a report"
	push_rate postgresql "$db"
	if cmp -s <(sed 's/"db":"[^"]*",//' "$work/sqlite.matrix.json") \
		<(sed 's/"db":"[^"]*",//' "$work/postgresql.matrix.json"); then
		echo "the two matrices: identical JSON"
	else
		echo "the two matrices: DIFFER"
	fi
else
	echo "postgresql: no server (scripts/install-deps installs postgresql)"
fi
