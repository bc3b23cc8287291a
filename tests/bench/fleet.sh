#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/fleet.sh: the fleet store's figures for BENCHMARKS.md (a
# benchmark, not a test): push rate with N concurrent pushers (default 64,
# three pushes each) on SQLite and on a throwaway PostgreSQL server, the
# matrix time over H hosts' reports (default 256) for every function of
# the saved guest reports, and the store size per report.
#   tests/bench/fleet.sh [PUSHERS [HOSTS]]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../fleet/pg.sh
. "$top/tests/fleet/pg.sh"
make -s -C "$top/tools" ksymstat >/dev/null || exit 2
ks=$top/tools/ksymstat
fix=$top/tests/bpf/fixtures
pushers=${1:-64} hosts=${2:-256}
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-fleet-bench.XXXXXX")
chmod 755 "$work"
trap '[ -d "$work/pg/data" ] && pg_stop "$work/pg"; rm -rf "$work"' EXIT
funcs=$(awk '$1 == "target" { sub("name=", "", $2); print $2 }' \
	"$fix"/guest-*-6.1/report | sort -u)
reports=("$fix/guest-arm64-6.1/report" "$fix/guest-amd64-6.1/report")

push_rate() { # NAME DB
	local t0 t1 i
	t0=$(date +%s.%N)
	for i in $(seq 1 "$pushers"); do
		( for _ in 1 2 3; do
			"$ks" push --db "$2" --host "p$i" --live "${reports[$((i % 2))]}" >/dev/null || echo FAIL
		  done ) &
	done
	wait
	t1=$(date +%s.%N)
	echo "$1: $((pushers * 3)) pushes by $pushers pushers: $(echo "scale=2; $pushers * 3 / ($t1 - $t0)" | bc) pushes/s ($(echo "$t1 - $t0" | bc) s)"
}

fill() { # DB: $hosts hosts, each its report
	local i
	for i in $(seq 1 "$hosts"); do
		"$ks" import --db "$1" --host "h$i" "${reports[$((i % 2))]}" >/dev/null
	done
}

matrix_time() { # NAME DB
	local t
	t=$( { KSYMSTAT_TIMING=1 "$ks" matrix --db "$2" --client fentry $funcs >/dev/null; } 2>&1 |
		sed -n 's/.*took \([0-9.]*\) ms.*/\1/p')
	echo "$1: matrix of $(echo "$funcs" | wc -l) functions over $((hosts + pushers)) hosts: $t ms"
}

push_rate sqlite "$work/bench.db"
fill "$work/bench.db"
matrix_time sqlite "$work/bench.db"
n=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM fleet_report")
echo "sqlite: $(stat -c %s "$work/bench.db") bytes for $n reports: $(( $(stat -c %s "$work/bench.db") / n )) bytes a report"
if pg_available && pg_start "$work/pg" && pg_sql postgres "CREATE DATABASE bench"; then
	db="postgresql://ksowner@/bench?host=$PG_SOCK"
	"$ks" import --db "$db" --host seed "${reports[0]}" >/dev/null
	push_rate postgresql "$db"
	fill "$db"
	matrix_time postgresql "$db"
	n=$(pg_sql bench "SELECT count(*) FROM fleet_report")
	s=$(pg_sql bench "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['fleet_report','fleet_target','fleet_sym','fleet_seen']::regclass[]) c")
	echo "postgresql: $s bytes (tables and indexes) for $n reports: $((s / n)) bytes a report"
fi
