#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fleet store and its matrix (tools/fleet/), TAP 13: the same store
# tests on both backends, a SQLite file and a real PostgreSQL server that
# this suite starts (tests/fleet/pg.sh); then, on the server only, its
# roles, passwords kept out of messages, PGPASSFILE, a server stopped in
# the middle of a push; 64 concurrent pushers on both backends, whose
# matrices must be identical; and the HTML page in headless Chromium.
# The reports are the real guest recordings of tests/bpf/fixtures/guest-*,
# relabelled: host labels, a build-id added to the header, and one copy
# whose facts drift.  Offline columns: DepSurf's pages (the fixtures, and
# ../shared/depsurf/function when present), a dataset file and a -dbg
# vmlinux's DWARF (when fetch-kernel has it) in the same store, each cell
# set against the page read by Python, the vmlinux's symtab read by
# readelf; and the issue's "done when": for every saved guest report
# (tests/bpf/fixtures/guest-*/report, tests/tool/fixtures/guest-reports/
# *.report), the matrix of kvm_write_guest and of tests/bpf's programs
# plus the pages on both backends, identical, every live cell equal to
# `ksymstat check -j` of its report.
#   KSYMSTAT_FLEET_PUSHERS=N  concurrent pushers (default 64)
#   KSYMSTAT_LOGS=DIR         keeps the screenshot (fleet-matrix.png) there
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"
# shellcheck source=../fleet/pg.sh
. "$top/tests/fleet/pg.sh"
# shellcheck source=../fleet/html.sh
. "$top/tests/fleet/html.sh"
pg_suite fleet
fix=$top/tests/bpf/fixtures
pushers=${KSYMSTAT_FLEET_PUSHERS:-64}
# Debian's python3: a version manager's shim costs seconds a call
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

# The reports: arm64 and amd64 as recorded, the same with a build-id in
# the header (as the module writes it), an arm64 copy that drifts (another
# module set; vfs_read blacklisted), and a broken one.
arm=$fix/guest-arm64-6.1/report amd=$fix/guest-amd64-6.1/report
bid_arm=3b2f6a0c9d1e4f5a6b7c8d9e0f1a2b3c4d5e6f70
bid_amd=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678
sed "1s/\$/ build_id=$bid_arm/" "$arm" >"$work/arm-bid"
sed "1s/\$/ build_id=$bid_amd/" "$amd" >"$work/amd-bid"
sed -e '1s/ modules=1 / modules=2 /' \
    -e '/^target name=vfs_read /s/attach.kprobe_event=yes/attach.kprobe_event=no:EINVAL:blacklisted/' \
    -e '/^sym target=vfs_read /{s/blacklisted=no/blacklisted=yes/; s/attach.kprobe_event=yes/attach.kprobe_event=no:EINVAL:blacklisted/}' \
    "$work/arm-bid" >"$work/arm-drift"
head -n 20 "$arm" >"$work/broken"
sed '1s/$/ build_id=XYZ/' "$arm" >"$work/bad-bid"
funcs=$(awk '$1 == "target" { sub("name=", "", $2); print $2 }' "$arm" "$amd" | sort -u)

# q BACKEND SQL: one value from the store
q() {
	case $1 in
	sqlite) sqlite3 "$work/sqlite.db" "$2" ;;
	pg) pg_sql fleet "$2" ;;
	esac
}
# the matrix as JSON without the store's name (the same on both backends)
mx_json() {
	"$ks" matrix -j --db "$1" "${@:2}" | sed 's/"db":"[^"]*",//'
}

# store_tests BACKEND SPEC: the tests each backend passes
store_tests() {
	local b=$1 db=$2 n out ok_n bad

	"$ks" import --db "$db" --host a1 "$work/arm-bid" >"$work/out" 2>&1
	check "$b: a live report is stored (exit 0)" grep -q 'stored as report' "$work/out"
	"$ks" import --db "$db" --host a1 "$work/arm-bid" >"$work/out" 2>&1
	n=$(q "$b" "SELECT count(*) FROM fleet_report")
	check "$b: the same report of the same host twice is stored once ($n report, $(q "$b" "SELECT count(*) FROM fleet_seen") sightings)" \
		test "$n" = 1 -a "$(q "$b" "SELECT count(*) FROM fleet_seen")" = 2
	check "$b: its 26 targets and their symbols are stored" \
		test "$(q "$b" "SELECT count(*) FROM fleet_target")" = 26 -a \
		"$(q "$b" "SELECT count(*) FROM fleet_sym")" = "$(grep -c '^sym ' "$arm")"
	check "$b: the build-id of the header is stored" \
		test "$(q "$b" "SELECT build_id FROM fleet_report")" = "$bid_arm"

	# bad input changes nothing, with the good reports given beside it
	"$ks" import --db "$db" --host a2 "$work/amd-bid" "$work/broken" >"$work/out" 2>&1
	local rc=$?
	check "$b: a report that fails to parse: exit 2, nothing stored (with a good one beside it)" \
		test "$rc" = 2 -a "$(q "$b" "SELECT count(*) FROM fleet_report")" = 1
	check "$b: ... and the error names the file and line" grep -q "broken:.*no 'end' line" "$work/out"
	"$ks" import --db "$db" --host a2 "$work/bad-bid" >"$work/out" 2>&1
	check "$b: build_id=XYZ is refused (exit 2)" test $? = 2
	check "$b: ... and says why" grep -q 'build_id=XYZ is not lowercase hex' "$work/out"

	# the newest push of a host is its current report; history is kept
	"$ks" push --db "$db" --host cur --live "$work/arm-bid" >/dev/null &&
	"$ks" push --db "$db" --host cur --live "$work/amd-bid" >/dev/null
	out=$(mx_json "$db" vfs_read | $py -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(b["build_id"][:4] for b in d["builds"] if "cur" in b["hosts"]))')
	check "$b: a newer report of a host is its current one (cur on: $out)" test "$out" = "${bid_amd:0:4}"
	"$ks" push --db "$db" --host cur --live "$work/arm-bid" >/dev/null
	out=$(mx_json "$db" vfs_read | $py -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(b["build_id"][:4] for b in d["builds"] if "cur" in b["hosts"]))')
	check "$b: pushed back to the older report: that is current again, stored once ($out)" \
		test "$out" = "${bid_arm:0:4}" -a \
		"$(q "$b" "SELECT count(*) FROM fleet_report WHERE host = 'cur'")" = 2

	# drift: same build-id, other facts
	"$ks" push --db "$db" --host d1 --live "$work/arm-bid" >/dev/null
	"$ks" push --db "$db" --host d2 --live "$work/arm-drift" >/dev/null
	mx_json "$db" vfs_read vfs_write >"$work/drift.json"
	$py - "$work/drift.json" >"$work/drift.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    print(f["code"], ",".join(f["hosts"]), ",".join(f["fields"]), f.get("target", "-"))
for r in d["rows"]:
    for b, c in zip(d["builds"], r["cells"]):
        print("cell", r["function"], b["build_id"][:4], c["code"], c["hosts"])
PY
	check "$b: drift: d2 reports other facts of vfs_read than a1, cur, d1 on the same build" \
		grep -qx 'drift d2 attach.kprobe_event vfs_read' "$work/drift.txt"
	check "$b: drift_kernel: d2 runs the build with another module set" \
		grep -qx 'drift_kernel d2 modules -' "$work/drift.txt"
	check "$b: the cell of vfs_read on that build is drift, vfs_write attaches on 4 hosts" \
		test "$(grep -cx "cell vfs_read ${bid_arm:0:4} drift 4\|cell vfs_write ${bid_arm:0:4} attaches 4" "$work/drift.txt")" = 2

	# every cell against the report itself: the amd64 build has one host
	# (a2 was never stored; cur moved away), read here by awk
	"$ks" push --db "$db" --host solo --live "$work/amd-bid" >/dev/null
	for c in kprobe kprobe_event fentry kprobe_multi ftrace livepatch; do
		mx_json "$db" --client "$c" $funcs >"$work/m-$c.json"
	done
	# the report read by awk: function, state, each client's field
	awk '$1 == "target" { sub("name=", "", $2); l = $2 " " $3
		for (i = 4; i <= NF; i++) if ($i ~ /^attach\./) l = l " " $i
		print l }' "$amd" >"$work/amd.targets"
	read -r ok_n bad < <($py - "$work" "$bid_amd" $funcs <<'PY'
import json, sys
work, bid, funcs = sys.argv[1], sys.argv[2], sys.argv[3:]
rep = {}
for line in open(work + "/amd.targets"):
    w = line.split()
    rep[w[0]] = (w[1], dict(x[len("attach."):].split("=", 1) for x in w[2:]))
ok, bad = 0, []
for c in ("kprobe", "kprobe_event", "fentry", "kprobe_multi", "ftrace", "livepatch"):
    d = json.load(open("%s/m-%s.json" % (work, c)))
    col = [i for i, b in enumerate(d["builds"]) if b["build_id"] == bid][0]
    for r in d["rows"]:
        cell, f = r["cells"][col], r["function"]
        if f not in rep:
            good = cell["code"] == "unknown"
        elif rep[f][0] == "state=absent":
            good = cell["code"] == "absent"
        else:
            v = rep[f][1][c]
            want = ("attaches" if v == "yes" else
                    "refused" if v.startswith("no:") else "unknown")
            good = cell["verdict"] == v and (cell["code"] == want or (
                want == "attaches" and cell["code"] == "degraded"))
        if good:
            ok += 1
        else:
            bad.append(f + "/" + c)
print(ok, ",".join(bad))
PY
)
	# the BPF programs of tests/bpf: each hook's row with its own client
	if [ -f "$work/kinds.bpf.o" ]; then
		mx_json "$db" --bpf "$work/kinds.bpf.o" >"$work/bpf.json"
		read -r bpf_ok bpf_n bpf_bad < <($py - "$work" "$bid_amd" <<'PY'
import json, sys
work, bid = sys.argv[1], sys.argv[2]
rep = {}
for line in open(work + "/amd.targets"):
    w = line.split()
    rep[w[0]] = (w[1], dict(x[len("attach."):].split("=", 1) for x in w[2:]))
d = json.load(open(work + "/bpf.json"))
col = [i for i, b in enumerate(d["builds"]) if b["build_id"] == bid][0]
ok, bad = 0, []
for r in d["rows"]:
    f, c, cell = r["function"], r["client"], r["cells"][col]
    if f not in rep:
        good = cell["code"] == "unknown"
    elif rep[f][0] == "state=absent":
        good = cell["code"] == "absent"
    else:
        good = cell["verdict"] == rep[f][1][c]
    ok += good
    if not good:
        bad.append(r["label"])
print(ok, len(d["rows"]), ",".join(bad).replace(" ", "_"))
PY
)
		check "$b: matrix --bpf: each hook of tests/bpf/src/kinds.bpf.c agrees with the report for its client ($bpf_ok of $bpf_n)${bpf_bad:+; not: $bpf_bad}" \
			test "$bpf_ok" = "$bpf_n" -a "$bpf_n" -ge 5
	else
		skip "$b: matrix --bpf: no clang to build tests/bpf/src/kinds.bpf.c"
	fi
	n=$(( $(echo "$funcs" | wc -l) * 6 ))
	check "$b: every cell of the amd64 build agrees with its report, read by awk ($ok_n of $n)${bad:+; not:$bad}" \
		test "$ok_n" = "$n" -a -z "$bad"
}

# load BACKEND SPEC: $pushers pushers at once, three pushes each
load() {
	local b=$1 db=$2 i r t0 t1 fails=0
	t0=$(date +%s.%N)
	for i in $(seq 1 "$pushers"); do
		case $((i % 4)) in
		0) r=$arm ;; 1) r=$amd ;; 2) r=$work/arm-bid ;; *) r=$work/amd-bid ;;
		esac
		( for k in 1 2 3; do
			"$ks" push --db "$db" --host "$(printf 'host-%03d' "$i")" --live "$r" >/dev/null 2>>"$work/load-$b.err" ||
				echo fail >>"$work/load-$b.fails"
		  done ) &
	done
	wait
	t1=$(date +%s.%N)
	[ -f "$work/load-$b.fails" ] && fails=$(wc -l <"$work/load-$b.fails")
	echo "# $b: $((pushers * 3)) pushes by $pushers pushers in $(echo "$t1 - $t0" | bc) s"
	[ "$fails" = 0 ] || diag "$work/load-$b.err"
	check "$b: $pushers concurrent pushers, 3 pushes each: none failed ($fails)" test "$fails" = 0
}

# the BPF objects of tests/bpf (tests/bpf/run.sh builds them the same way)
bpf_objs=()
if command -v clang >/dev/null; then
	for o in kinds failures; do
		(cd "$top/tests/bpf/src" && clang -target bpf -O2 -g \
			-I"/usr/include/$(gcc -dumpmachine)" -fdebug-compilation-dir=. \
			-c $o.bpf.c -o "$work/$o.bpf.o") 2>>"$work/clang.log" &&
			bpf_objs+=("$work/$o.bpf.o") || rm -f "$work/$o.bpf.o"
	done
fi

# --- SQLite --------------------------------------------------------------
store_tests sqlite "$work/sqlite.db"

# --- PostgreSQL ----------------------------------------------------------
have_pg=no
if ! pg_available; then
	skip "PostgreSQL: no /usr/lib/postgresql/*/bin/initdb (scripts/install-deps installs postgresql)"
elif pg_start "$pg_dir" && pg_sql postgres "CREATE DATABASE fleet" &&
	pg_sql postgres "CREATE DATABASE load"; then
	have_pg=yes
	ok "PostgreSQL: a throwaway cluster on a unix socket ($("$PG_BIN/postgres" --version))"
else
	not_ok "PostgreSQL: the throwaway cluster starts"
	diag "$pg_dir/initdb.log"
	[ -f "$pg_dir/server.log" ] && diag "$pg_dir/server.log"
fi
pg_uri() { # USER [PASSWORD] [DB]
	echo "postgresql://$1${2:+:$2}@/${3:-fleet}?host=$PG_SOCK"
}

if [ "$have_pg" = yes ]; then
	store_tests pg "$(pg_uri ksowner)"

	# roles: login roles in the shipped groups
	pg_sql fleet "CREATE ROLE ks_pusher LOGIN PASSWORD 'push-s3cret' IN ROLE ksymstat_push;
		CREATE ROLE ks_reader LOGIN PASSWORD 'read-s3cret' IN ROLE ksymstat_read;
		CREATE ROLE ks_importer LOGIN PASSWORD 'import-s3cret' IN ROLE ksymstat_import"
	push_uri=$(pg_uri ks_pusher push-s3cret)
	"$ks" push --db "$push_uri" --host p1 --live "$amd" >"$work/out" 2>&1
	check "pg roles: the push role pushes a report" grep -q 'stored as report' "$work/out"
	pg_refused ks_pusher push-s3cret fleet "UPDATE fleet_report SET host = 'x'" "DELETE FROM fleet_seen" \
		"DELETE FROM fleet_report WHERE host = 'a1'" "SELECT * FROM fleet_target" \
		"SELECT * FROM fleet_seen" "SELECT release FROM fleet_report" \
		"INSERT INTO fleet_meta VALUES ('k', 'v')" "UPDATE fleet_meta SET value = '9'" \
		"TRUNCATE fleet_sym" "DROP TABLE fleet_seen" "CREATE TABLE evil (x int)" \
		"ALTER TABLE fleet_report ADD COLUMN x int"
	check "pg roles: the push role is refused everything else ($refused of $tried refused)${allowed:+; allowed:$allowed}" \
		test "$refused" = 12 -a "$tried" = 12
	"$ks" matrix --db "$push_uri" vfs_read >/dev/null 2>"$work/out"
	check "pg roles: the push role cannot read the matrix" grep -q 'permission denied' "$work/out"
	"$ks" matrix --db "$(pg_uri ks_reader read-s3cret)" vfs_read >/dev/null 2>&1
	check "pg roles: the read role reads the matrix (exit $?)" test $? -le 1
	"$ks" push --db "$(pg_uri ks_reader read-s3cret)" --host r1 --live "$amd" >/dev/null 2>"$work/out"
	check "pg roles: the read role cannot push" grep -q 'permission denied' "$work/out"
	"$ks" import --db "$(pg_uri ks_importer import-s3cret)" --host i1 "$arm" >/dev/null 2>&1
	check "pg roles: the import role imports saved reports" test $? = 0
	PGPASSWORD=import-s3cret "$PG_BIN/psql" -h "$PG_SOCK" -U ks_importer -d fleet -qAtX \
		-c "DELETE FROM fleet_report WHERE host = 'p1'" >/dev/null 2>"$work/out"
	check "pg roles: the import role deletes nothing" grep -q 'permission denied' "$work/out"

	# passwords never printed: success, failures, JSON
	{
		"$ks" push --db "$push_uri" --host p1 --live "$amd"
		"$ks" push -j --db "$push_uri" --host p1 --live "$amd"
		"$ks" push --db "$(pg_uri ks_pusher push-s3cret nosuchdb)" --host p1 --live "$amd"
		"$ks" push --db "$(pg_uri ks_pusher wrong-s3cret)" --host p1 --live "$amd"
		"$ks" push --db "host=$PG_SOCK user=ks_pusher password='push-s3cret' dbname=nosuchdb" --live "$amd"
		"$ks" matrix --db "$(pg_uri ks_reader read-s3cret)" vfs_read
		"$ks" matrix -j --db "$(pg_uri ks_reader read-s3cret)" vfs_read
	} >"$work/pw.out" 2>&1
	grep 's3cret' "$work/pw.out" | head -5 >"$work/pw.bad"
	[ -s "$work/pw.bad" ] && diag "$work/pw.bad"
	check "pg: no password in any output ($(grep -c '\*\*\*' "$work/pw.out") redacted)" \
		test "$(grep -c 's3cret' "$work/pw.out")" = 0 -a "$(grep -c '\*\*\*' "$work/pw.out")" -ge 6

	printf '*:*:*:ks_pusher:push-s3cret\n' >"$work/pgpass"
	chmod 600 "$work/pgpass"
	PGPASSFILE=$work/pgpass "$ks" push --db "$(pg_uri ks_pusher)" --host pf --live "$amd" >/dev/null 2>&1
	check "pg: PGPASSFILE gives the password (exit $?)" test $? = 0
	PGPASSFILE=/nonexistent "$ks" push --db "$(pg_uri ks_pusher)" --host pf --live "$amd" >/dev/null 2>&1
	check "pg: ... and without it the push is refused (exit $?)" test $? = 2

	# the server stopped in the middle of a push
	before=$(pg_sql fleet "SELECT count(*) FROM fleet_report")
	KSYMSTAT_FLEET_TEST_PAUSE_MS=2500 "$ks" push --db "$push_uri" --host mid --live "$arm" \
		>"$work/mid.out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		[ "$(pg_sql fleet "SELECT count(*) FROM pg_stat_activity WHERE usename = 'ks_pusher' AND state = 'idle in transaction'")" = 1 ] && break
		sleep 0.1
	done
	pg_stop "$pg_dir"
	wait "$pid"
	rc=$?
	check "pg fault: the server stopped in the middle of a push: exit 2 ($rc)" test "$rc" = 2
	check "pg fault: ... and it says nothing was stored" grep -q 'nothing stored' "$work/mid.out"
	pg_restart "$pg_dir"
	check "pg fault: no half report after the restart" \
		test "$(pg_sql fleet "SELECT count(*) FROM fleet_report")" = "$before" -a \
		"$(pg_sql fleet "SELECT count(*) FROM fleet_target t JOIN fleet_report r ON r.id = t.report_id WHERE r.host = 'mid'")" = 0
	"$ks" push --db "$push_uri" --host mid --live "$arm" >/dev/null 2>&1
	check "pg fault: the retry stores the whole report" \
		test "$(pg_sql fleet "SELECT count(*) FROM fleet_target t JOIN fleet_report r ON r.id = t.report_id WHERE r.host = 'mid'")" = 26
fi

# --- load: both backends, then the same matrix ----------------------------
"$ks" import --db "$work/load.db" --host seed "$arm" >/dev/null
load sqlite "$work/load.db"
n=$(sqlite3 "$work/load.db" "SELECT count(*) FROM fleet_report WHERE host LIKE 'host-%'")
s=$(sqlite3 "$work/load.db" "SELECT count(*) FROM fleet_seen WHERE host LIKE 'host-%'")
check "sqlite load: every host's report stored exactly once ($n of $pushers; $s sightings)" \
	test "$n" = "$pushers" -a "$s" = $((pushers * 3))
mx_json "$work/load.db" $funcs >"$work/load-sqlite.json"
if [ "$have_pg" = yes ]; then
	"$ks" import --db "$(pg_uri ksowner "" load)" --host seed "$arm" >/dev/null
	load pg "$(pg_uri ksowner "" load)"
	n=$(pg_sql load "SELECT count(*) FROM fleet_report WHERE host LIKE 'host-%'")
	s=$(pg_sql load "SELECT count(*) FROM fleet_seen WHERE host LIKE 'host-%'")
	check "pg load: every host's report stored exactly once ($n of $pushers; $s sightings)" \
		test "$n" = "$pushers" -a "$s" = $((pushers * 3))
	mx_json "$(pg_uri ksowner "" load)" $funcs >"$work/load-pg.json"
	cells=$(grep -c '"code"' "$work/load-pg.json")
	if cmp -s "$work/load-sqlite.json" "$work/load-pg.json"; then
		ok "the matrix after the load is identical on SQLite and PostgreSQL ($cells codes)"
	else
		diff "$work/load-sqlite.json" "$work/load-pg.json" | head -15 >"$work/diff"
		not_ok "the matrix after the load is identical on SQLite and PostgreSQL"
		diag "$work/diff"
	fi
fi

# --- offline columns and the issue's "done when" ---------------------------
# Every saved guest report, each its own host (a label derived from its path)
reports=()
for r in "$fix"/guest-*/report "$top"/tests/tool/fixtures/guest-reports/*.report; do
	[ -f "$r" ] && reports+=("$r")
done
# the builds they are of: by build-id, else release and arch (as matrix.c)
n_builds=$(for r in "${reports[@]}"; do
	sed -n '1{s/.* release=\([^ ]*\) arch=\([^ ]*\) .*/\1 \2/p}' "$r" |
		{ read -r rel arch; b=$(sed -n '1s/.* build_id=\([^ ]*\).*/\1/p' "$r")
		  [ -n "$b" ] && [ "$b" != none ] && echo "$b" || echo "$rel/$arch"; }
done | sort -u | wc -l)
host_of() { # REPORT: gr-arm64-6.1 (guest-reports/), bpf-guest-amd64-6.1 (tests/bpf)
	case $1 in
	*/guest-reports/*) echo "gr-$(basename "$1" .report)" ;;
	*) echo "bpf-$(basename "$(dirname "$1")")" ;;
	esac
}
# the pages: the fixtures, and ../shared's page of each function asked
shared_pages=$top/../shared/depsurf/function
mkdir -p "$work/pages"
cp "$fix"/pages/*.md "$work/pages/"
# the rows of the "done when" matrix: kvm_write_guest and tests/bpf's hooks
bpf_args=()
for o in "${bpf_objs[@]}"; do bpf_args+=(--bpf "$o"); done
"$ks" import --db "$work/rows.db" --host x "$arm" >/dev/null
"$ks" matrix -j --no-offline --db "$work/rows.db" kvm_write_guest "${bpf_args[@]}" >"$work/rows.json"
done_funcs=$($py -c 'import json, sys
print(" ".join(sorted({r["function"] for r in json.load(open(sys.argv[1]))["rows"]})))' "$work/rows.json")
n_shared=0
if [ -d "$shared_pages" ]; then
	for f in $done_funcs; do
		p=$shared_pages/${f:0:1}/$f.md
		[ -f "$p" ] && [ ! -f "$work/pages/$f.md" ] && cp "$p" "$work/pages/" &&
			n_shared=$((n_shared + 1))
	done
	echo "# ../shared/depsurf/function: $n_shared page(s) of the rows' functions"
else
	skip "offline: no ../shared/depsurf/function (only the fixture pages)"
fi
off_funcs=$(ls "$work/pages" | sed 's/\.md$//')
# a -dbg vmlinux's DWARF (fetch-kernel: cached, or fetched as dwarf.sh
# does; KSYMSTAT_DWARF_VMLINUX names one)
dbg=
if [ -n "${KSYMSTAT_DWARF_VMLINUX:-}" ]; then
	dbg=$KSYMSTAT_DWARF_VMLINUX
elif env=$("$top/scripts/fetch-kernel" --arch arm64 --series 6.1 --flavor cloud --dbg \
	2>"$work/fetch.log"); then
	dbg=$(sed -n 's/^KS_VMLINUX=//p' <<<"$env")
fi
[ -n "$dbg" ] && [ -r "$dbg" ] || dbg=

# offline_store BACKEND SPEC: pages, a dataset, the DWARF and the reports
# in one store.  Returns 1 (and says why) when the backend takes no
# offline data.
offline_store() {
	local b=$1 db=$2 r
	if ! "$ks" import --db "$db" "$work/pages" >"$work/off-$b.out" 2>&1; then
		off_why=$(tail -n 1 "$work/off-$b.out")
		return 1
	fi
	"$ks" import --db "$db" "$top/tests/tool/fixtures/dataset/5.4.0-26-generic-arm64.jsonl" >/dev/null 2>&1 ||
		{ off_why="dataset import failed"; return 1; }
	if [ -n "$dbg" ]; then
		"$ks" import --db "$db" "$dbg" >/dev/null 2>"$work/dbg-$b.err" ||
			{ off_why="DWARF import: $(tail -n 1 "$work/dbg-$b.err")"; return 1; }
	fi
	for r in "${reports[@]}"; do
		"$ks" import --db "$db" --host "$(host_of "$r")" "$r" >/dev/null 2>>"$work/off-$b.out" ||
			{ off_why="report import: $(tail -n 1 "$work/off-$b.out")"; return 1; }
	done
}

# the pages read by Python: per function, group/label -> expected cells,
# from the status words and the symbols listed (.cold is no clone)
$py - "$work/pages" >"$work/page-cells.txt" <<'PY'
import os, re, sys
for fn in sorted(os.listdir(sys.argv[1])):
    text = open(os.path.join(sys.argv[1], fn)).read()
    status = text.split("## Status", 1)[1].split("\n## ", 1)[0]
    group = None
    for part in re.split(r"(<b>[^<]*</b>|<li>)", status):
        m = re.match(r"<b>([^<]*)</b>", part)
        if m:
            group = m.group(1)
            continue
        m = re.search(r"In <code>([^<]*)</code>: (.*?)(?:</summary>|\n)", part)
        if not m:
            continue
        f, st = fn[:-3], m.group(2)
        names = re.findall(r"^[0-9a-f]+-[0-9a-f]+: (\S+) \(", part, re.M)
        exact = names.count(f)
        clones = [n for n in names if n != f and not n.endswith(".cold")]
        if "Absent" in st or ("Full Inline" in st and not names):
            want = "absent"
        elif ("Inline" in st or (names and not exact) or clones or
              exact > 1 or ("Transformation" in st and not names)):
            want = "degraded"
        else:
            # a prototype changed since the version before: degraded
            want = "present|degraded"
        print(f, group + "/" + m.group(1), want)
PY

# offline_tests BACKEND SPEC
offline_tests() {
	local b=$1 db=$2 out n nl no
	mx_json "$db" $off_funcs >"$work/off-$b.json"
	read -r out n nl no < <($py - "$work/off-$b.json" "$work/page-cells.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    f, row, w = line.split()
    want[(f, row)] = w.split("|")
col = {b["group"] + "/" + b["label"]: i for i, b in enumerate(d["builds"])
       if b["source"] == "depsurf-page"}
ok, bad = 0, []
for r in d["rows"]:
    for (f, row), w in want.items():
        if f != r["function"]:
            continue
        code = r["cells"][col[row]]["code"] if row in col else "none"
        if code in w:
            ok += 1
        else:
            bad.append("%s@%s:%s" % (f, row, code))
live = sum(b["source"] == "live" for b in d["builds"])
# no offline cell claims what only a live kernel can say
liar = sum(c["code"] in ("attaches", "refused", "drift")
           for r in d["rows"] for b, c in zip(d["builds"], r["cells"])
           if b["source"] != "live")
print("%d/%d%s" % (ok, len(want), (";not:" + ",".join(bad[:4])) if bad else ""),
      len(want), live, liar)
PY
)
	check "$b offline: every DepSurf page row is a column, its cell as the page says, read by Python ($out)" \
		test "${out%%/*}" = "$n" -a "$n" -ge 60
	check "$b offline: live columns first (${nl}), no offline cell says attaches, refused or drift ($no)" \
		test "$nl" = "$n_builds" -a "$no" = 0
	"$ks" matrix -j --no-offline --db "$db" $off_funcs >"$work/nooff.json"
	"$ks" matrix -j --offline-only --db "$db" $off_funcs >"$work/offonly.json"
	out=$($py -c 'import json, sys
a, b = (json.load(open(p))["builds"] for p in sys.argv[1:3])
print(sorted({x["source"] for x in a}), len(b), sum(x["source"] == "live" for x in b))' \
		"$work/nooff.json" "$work/offonly.json")
	check "$b offline: --no-offline: live columns only; --offline-only: no live column ($out)" \
		grep -q "^\['live'\] [1-9][0-9]* 0$" <<<"$out"
	"$ks" matrix --no-offline --offline-only --db "$db" vfs_read >/dev/null 2>"$work/out"
	check "$b offline: --no-offline with --offline-only is refused (exit $?)" \
		grep -q 'exclude each other' "$work/out"
	"$ks" matrix --markdown --db "$db" $off_funcs >"$work/off.md"
	COLUMNS=100 "$ks" matrix --db "$db" $off_funcs >"$work/off.txt"
	check "$b offline: text and Markdown tag the offline columns by source (page: $(grep -c 'depsurf-page' "$work/off.txt") legend lines)" \
		test "$(grep -c ' page ' "$work/off.txt")" -ge 1 -a \
		"$(grep -c '^  B[0-9]* *depsurf-page Regular/' "$work/off.txt")" -ge 10 -a \
		"$(grep -c '^| B[0-9]* | depsurf-page ' "$work/off.md")" -ge 20

	if [ -n "$dbg" ]; then
		# the DWARF build against the vmlinux's own symtab (readelf)
		readelf -sW "$dbg" | awk '$4 == "FUNC" { print $8 }' | sort -u >"$work/dbg.syms"
		# the rows' functions, the pages', and every report's targets
		mx_json "$db" $( (echo $done_funcs $off_funcs | tr ' ' '\n'
			awk '$1 == "target" { sub("name=", "", $2); print $2 }' "${reports[@]}") |
			sort -u) >"$work/dw-$b.json"
		out=$($py - "$work/dw-$b.json" "$work/dbg.syms" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
syms = set(open(sys.argv[2]).read().split())
bases = {s.split(".")[0] for s in syms if "." in s and not s.endswith(".cold")}
dw = [i for i, b in enumerate(d["builds"]) if b["source"] == "dwarf"]
ok, bad = 0, []
for r in d["rows"]:
    f, c = r["function"], r["cells"][dw[0]]
    has = f in syms or f in bases
    good = (c["code"] == "absent") == (not has) or (
        c["code"] == "absent" and any(x["code"] == "bpf_rows_inlined" for x in c["findings"]))
    ok += good
    if not good:
        bad.append(f + ":" + c["code"])
same = d["builds"][dw[0]]["same_build"]
live = [d["builds"][int(x[1:]) - 1] for x in same]
print(len(dw), ok, len(d["rows"]), ",".join(b["source"] for b in live),
      ",".join(bad[:4]) or "-")
PY
)
		read -r ndw ok n src bad <<<"$out"
		check "$b offline: one DWARF column for the -dbg vmlinux (not two: its symtab is no column), each cell absent exactly when readelf finds no symbol of the function ($ok of $n; not: $bad)" \
			test "$ndw" = 1 -a "$ok" = "$n" -a "$n" -ge 25
		bid=$(readelf -n "$dbg" | awk '/Build ID/ { print $3 }')
		if grep -lq "build_id=$bid" "${reports[@]}"; then
			check "$b offline: the DWARF column is marked the same build as the live column of its build-id ($src)" \
				test "$src" = live
		else
			skip "$b offline: no saved report of the -dbg vmlinux's build-id $bid"
		fi
	else
		skip "$b offline: no -dbg vmlinux cached (scripts/fetch-kernel --arch arm64 --series 6.1 --flavor cloud --dbg: $(tail -n 1 "$work/fetch.log" 2>/dev/null))"
	fi
}

# done_when BACKEND SPEC: the matrix of kvm_write_guest and of tests/bpf's
# hooks over every saved report plus the pages; each live cell against
# `ksymstat check -j` of its report, per client
done_when() {
	local b=$1 db=$2 r c h t
	# kvm_write_guest for each client, the hooks with theirs
	for c in kprobe kprobe_event fentry kprobe_multi ftrace livepatch; do
		mx_json "$db" --client "$c" kvm_write_guest "${bpf_args[@]}" >"$work/done-$b.$c.json"
	done
	cat "$work"/done-"$b".*.json >"$work/done-$b.json"
	mkdir -p "$work/checks-$b"
	for r in "${reports[@]}"; do
		h=$(host_of "$r")
		t=$(awk '$1 == "target" { sub("name=", "", $2); print $2 }' "$r" | sort -u)
		for c in kprobe kprobe_event fentry kprobe_multi ftrace livepatch; do
			XDG_CACHE_HOME=$work/xdg DEBUGINFOD_URLS= "$ks" check -j --live "$r" \
				--client "$c" $t >"$work/checks-$b/$h.$c.json" 2>/dev/null
		done
		echo "$t" >"$work/checks-$b/$h.targets"
	done
	read -r ok n bad < <($py - "$work/checks-$b" "$work"/done-"$b".*.json <<'PY'
import json, os, sys
dir = sys.argv[1]
def check_of(host, client):
    return {t["name"]: t for t in
            json.load(open("%s/%s.%s.json" % (dir, host, client)))["targets"]}
ok, n, bad = 0, 0, []
cells = [(r, b, cell) for p in sys.argv[2:] for d in [json.load(open(p))]
         for r in d["rows"] for b, cell in zip(d["builds"], r["cells"])]
seen = set()
for r, b, cell in cells:
        # the hooks' rows are in every file: each counted once
        key = (r["label"], r["client"], b["id"])
        if b["source"] != "live" or key in seen:
            continue
        seen.add(key)
        want = set()
        for h in b["hosts"]:
            t = check_of(h, r["client"]).get(r["function"])
            if t is None:
                continue        # this host did not ask: no vote
            live = t["live"]
            a = (live.get("attach") or {}).get(r["client"])
            codes = {f["code"] for f in t["findings"]}
            if live["state"] == "absent":
                want.add(("absent", None))
            elif not a:
                want.add(("unknown", None))
            elif a["verdict"] == "yes":
                want.add(("degraded" if codes & {"clones", "ambiguous_name"}
                          else "attaches", "yes"))
            elif a["verdict"] == "no":
                want.add(("refused", "no:%s:%s" % (a["errno"], a["reason"])))
            else:
                want.add(("unknown", "unknown:%s" % a["reason"]))
        if not want:
            want.add(("unknown", None))
        n += 1
        got = (cell["code"], cell["verdict"])
        if len(want) > 1:
            good = cell["code"] == "drift"
        else:
            w = want.pop()
            good = got == w or (w[0] == "absent" and got[0] == "absent")
        ok += good
        if not good:
            bad.append("%s@%s:%s/%s" % (r["function"], b["id"], got[0], got[1]))
print(ok, n, ",".join(bad[:4]).replace(" ", "_") or "-")
PY
)
	check "$b done-when: every live cell of kvm_write_guest (6 clients) and tests/bpf's hooks over ${#reports[@]} saved reports equals ksymstat check -j of its report, client by client ($ok of $n; not: $bad)" \
		test "$ok" = "$n" -a "$n" -ge $((6 * ${#reports[@]}))
}

# SQLite: one file holds the fleet tables and the offline store
off_db=$work/offline.db
if offline_store sqlite "$off_db"; then
	check "sqlite offline: pages, a dataset, $([ -n "$dbg" ] && echo "a -dbg vmlinux's DWARF, ")and ${#reports[@]} reports in one file ($(sqlite3 "$off_db" "SELECT count(*) FROM build") offline builds, $(sqlite3 "$off_db" "SELECT count(*) FROM fleet_report") reports)" \
		test "$(sqlite3 "$off_db" "SELECT count(*) FROM fleet_report")" = "${#reports[@]}"
	offline_tests sqlite "$off_db"
	done_when sqlite "$off_db"
else
	not_ok "sqlite offline: pages and reports import into one file ($off_why)"
fi
"$ks" import --db "$work/offline-only.db" "$work/pages" >/dev/null 2>&1
"$ks" matrix -j --offline-only --db "$work/offline-only.db" $off_funcs >"$work/oo.json" 2>"$work/oo.err"
check "offline: --offline-only reads a store without fleet tables (exit $?)" \
	test "$($py -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["builds"]))' "$work/oo.json" 2>/dev/null)" -ge 25
# every source the store names is a column kind: a System.map and a
# vmlinux symtab too (a copy of the matrix's own list once said "sysmap")
"$ks" import --db "$work/sources.db" "$top/tests/tool/fixtures/sysmap/System.map-6.1.0-999-cloud-amd64" >/dev/null 2>&1
"$ks" matrix -j --offline-only --db "$work/sources.db" dup_static >"$work/src.json" 2>/dev/null
check "offline: a System.map is a column of its own (sources: $($py -c 'import json, sys; print(sorted({b["source"] for b in json.load(open(sys.argv[1]))["builds"]}))' "$work/src.json" 2>&1))" \
	test "$($py -c 'import json, sys; print(",".join(sorted({b["source"] for b in json.load(open(sys.argv[1]))["builds"]})))' "$work/src.json" 2>/dev/null)" = system.map
"$ks" matrix -j --offline-only --db "$work/load.db" vfs_read >"$work/out" 2>&1
check "offline: --offline-only on a store without offline builds: exit 2, says why ($?)" \
	grep -q 'not a ksymstat database' "$work/out"

if [ "$have_pg" = yes ]; then
	pg_sql postgres "CREATE DATABASE offline"
	pg_off=$(pg_uri ksowner "" offline)
	if offline_store pg "$pg_off"; then
		offline_tests pg "$pg_off"
		done_when pg "$pg_off"
		if cmp -s "$work/done-sqlite.json" "$work/done-pg.json" &&
		   cmp -s "$work/off-sqlite.json" "$work/off-pg.json"; then
			ok "done-when: the matrices with offline columns are identical on SQLite and PostgreSQL ($(grep -o '"code"' "$work/done-pg.json" | wc -l) codes)"
		else
			diff <(tr '{' '\n' <"$work/done-sqlite.json") <(tr '{' '\n' <"$work/done-pg.json") | head -15 >"$work/diff"
			not_ok "done-when: the matrices with offline columns are identical on SQLite and PostgreSQL"
			diag "$work/diff"
		fi
	else
		skip "pg offline: the PostgreSQL store takes no offline data yet ($off_why)"
		# the live half of the done-when on PostgreSQL all the same
		for r in "${reports[@]}"; do
			"$ks" import --db "$pg_off" --host "$(host_of "$r")" "$r" >/dev/null
		done
		done_when pg "$pg_off"
		mx_json "$off_db" --no-offline kvm_write_guest "${bpf_args[@]}" >"$work/done-live-sqlite.json"
		mx_json "$pg_off" --no-offline kvm_write_guest "${bpf_args[@]}" >"$work/done-live-pg.json"
		check "done-when: the live matrices (--no-offline) are identical on SQLite and PostgreSQL ($(grep -o '"code"' "$work/done-live-pg.json" | wc -l) codes)" \
			cmp -s "$work/done-live-sqlite.json" "$work/done-live-pg.json"
	fi
fi

# --- the HTML page in headless Chromium -----------------------------------
# the offline store's matrix: live and offline columns on one page
"$ks" matrix --db "$off_db" --client fentry --html "$work/matrix.html" kvm_write_guest $off_funcs "${bpf_args[@]}" >/dev/null
mx_json "$off_db" --client fentry kvm_write_guest $off_funcs "${bpf_args[@]}" >"$work/matrix.json"
check "html: offline cells are styled apart (class off: $(grep -c 'class="cell off ' "$work/matrix.html")), live ones not ($(grep -c 'class="cell c-' "$work/matrix.html"))" \
	test "$(grep -c 'class="cell off ' "$work/matrix.html")" -gt 0 -a "$(grep -c 'class="cell c-' "$work/matrix.html")" -gt 0
html_check "$work/matrix.html" "$work/matrix.json" "${KSYMSTAT_LOGS:-$work}/fleet-matrix.png"
finish
