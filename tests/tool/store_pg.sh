#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The offline store on both backends of the store interface (tools/db/,
# tools/offline/store.c), TAP 13: the same offline data imported into a
# SQLite file and into a real PostgreSQL server that this suite starts
# (tests/fleet/pg.sh) -- DepSurf pages (tests/bpf/fixtures/pages and,
# when ../shared is there, a few hundred of DepSurf's own), one DWARF
# build of Debian's arm64 6.1 cloud -dbg vmlinux (a few CUs of it, and
# its whole symbol table) -- and then check, page and bpf check must
# print byte for byte the same on both, over every function imported.
# (proto reads BTF, not the store: nothing to compare.)  On the server:
# the roles (the push role writes no offline table, the import role
# imports, the read role reads), and a failed import leaves nothing (a
# bad source; a row the server refuses).
#   KSYMSTAT_STORE_PAGES=N  DepSurf pages of ../shared to take (default 300)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"
# shellcheck source=../fleet/pg.sh
. "$top/tests/fleet/pg.sh"
pg_suite store-pg
fix=$top/tests/bpf/fixtures
shared=$top/../shared/depsurf/function
n_shared=${KSYMSTAT_STORE_PAGES:-300}
# The CUs of the DWARF build: a server import is a round trip a row
cus=net/ipv4/tcp.c,kernel/fork.c,fs/read_write.c,mm/filemap.c,kernel/sched/core.c

if ! pg_available; then
	skip "PostgreSQL: no /usr/lib/postgresql/*/bin/initdb (scripts/install-deps installs postgresql)"
	finish
fi
if pg_start "$pg_dir" && pg_sql postgres "CREATE DATABASE offline"; then
	ok "PostgreSQL: a throwaway cluster on a unix socket ($("$PG_BIN/postgres" --version))"
else
	not_ok "PostgreSQL: the throwaway cluster starts"
	finish
fi
pg_uri() { # USER [PASSWORD]
	echo "postgresql://$1${2:+:$2}@/offline?host=$PG_SOCK"
}
sq=$work/offline.db
pg=$(pg_uri ksowner)
# libpq's key=value form is a --db too
pg_kv="host=$PG_SOCK dbname=offline user=ksowner"
# every row of every offline table, one line each table (the server's)
tables="build func func_sym sym config page func_inst"
pg_counts() {
	local t
	for t in $tables; do
		printf '%s=%s ' "$t" "$(pg_sql offline "SELECT count(*) FROM $t")"
	done
}
sq_counts() {
	local t
	for t in $tables; do
		printf '%s=%s ' "$t" "$(sqlite3 "$sq" "SELECT count(*) FROM $t")"
	done
}

# --- the data, into both -------------------------------------------------
pages=("$fix"/pages/*.md)
if [ -d "$shared" ]; then
	mapfile -t more < <(find "$shared" -name '*.md' | sort | head -n "$n_shared")
	pages+=("${more[@]}")
	ok "DepSurf pages: ${#pages[@]} (3 fixtures, ${#more[@]} of $shared)"
else
	skip "DepSurf's pages: no $shared (the 3 fixture pages only)"
fi
"$ks" import --db "$sq" "${pages[@]}" >"$work/out" 2>&1
check "sqlite: ${#pages[@]} pages imported (exit $?)" test $? = 0
"$ks" import --db "$pg_kv" "${pages[@]}" >"$work/out" 2>&1
rc=$?
check "pg (key=value --db): ${#pages[@]} pages imported (exit $rc)" test $rc = 0
# (pages of one name in two folders of DepSurf's are one function)
np=$(sqlite3 "$sq" "SELECT count(*) FROM page")
check "pg: the same $np page rows on both" \
	test "$(pg_sql offline "SELECT count(*) FROM page")" = "$np" -a "$np" -gt 0

vmlinux=
if env=$("$top/scripts/fetch-kernel" --arch arm64 --series 6.1 --flavor cloud --dbg 2>"$work/fetch.log"); then
	eval "$env"
	[ -r "${KS_VMLINUX:-}" ] && vmlinux=$KS_VMLINUX
fi
if [ -n "$vmlinux" ]; then
	export KSYMSTAT_DWARF_CUS=$cus
	t0=$(date +%s.%N)
	"$ks" import --db "$sq" "$vmlinux" >"$work/out" 2>&1
	rc=$? t1=$(date +%s.%N)
	check "sqlite: the DWARF build imported (exit $rc, $(echo "$t1 - $t0" | bc) s): $(head -c 80 "$work/out")" test $rc = 0
	"$ks" import --db "$pg" "$vmlinux" >"$work/out" 2>&1
	rc=$? t2=$(date +%s.%N)
	check "pg: the DWARF build imported (exit $rc, $(echo "$t2 - $t1" | bc) s)" test $rc = 0
	unset KSYMSTAT_DWARF_CUS
	a=$(sq_counts) b=$(pg_counts)
	check "the same number of rows in every table ($a)" test "$a" = "$b"
else
	skip "DWARF build: no arm64 6.1 cloud -dbg vmlinux (fetch-kernel: $(tail -n 1 "$work/fetch.log"))"
fi

# --- the same answers ----------------------------------------------------
# every function with a page or a DWARF record
sqlite3 "$sq" "SELECT name FROM page UNION SELECT name FROM func ORDER BY 1" >"$work/names"
mapfile -t names <"$work/names"
n=${#names[@]}
check "functions to compare: $n (at least the ${#pages[@]} pages)" test "$n" -ge "${#pages[@]}"
for fmt in -v -j; do
	"$ks" check $fmt --kallsyms "$fix/kallsyms" --db "$sq" "${names[@]}" >"$work/check.sq" 2>&1
	rs=$?
	"$ks" check $fmt --kallsyms "$fix/kallsyms" --db "$pg" "${names[@]}" >"$work/check.pg" 2>&1
	rp=$?
	rows=$(grep -c '^    depsurf-page \|^    dwarf \|^    vmlinux ' "$work/check.sq")
	[ "$fmt" = -j ] && rows=$(grep -o '"source":"' "$work/check.sq" | wc -l)
	check "check $fmt of $n functions: the same output ($(wc -c <"$work/check.sq") bytes, $rows offline rows) and exit ($rs) on both" \
		test "$rs" = "$rp" -a "$rows" -gt "$n" -a "$(cmp -s "$work/check.sq" "$work/check.pg"; echo $?)" = 0
	[ "$(cmp -s "$work/check.sq" "$work/check.pg"; echo $?)" = 0 ] ||
		diff "$work/check.sq" "$work/check.pg" | head -n 5 | sed 's/^/# /'
done

if [ -n "$vmlinux" ]; then
	sqlite3 "$sq" "SELECT f.name FROM func f JOIN build b ON b.id = f.build_id WHERE b.source = 'dwarf' ORDER BY 1" >"$work/dnames"
	mapfile -t dnames <"$work/dnames"
	"$ks" page --db "$sq" "${dnames[@]}" >"$work/page.sq" 2>&1
	rs=$?
	"$ks" page --db "$pg" "${dnames[@]}" >"$work/page.pg" 2>&1
	rp=$?
	check "page of ${#dnames[@]} DWARF functions: the same $(grep -c '^# ' "$work/page.sq") pages ($(wc -c <"$work/page.sq") bytes) and exit ($rs) on both" \
		test "$rs" = "$rp" -a "${#dnames[@]}" -gt 100 -a "$(cmp -s "$work/page.sq" "$work/page.pg"; echo $?)" = 0

	if command -v clang >/dev/null &&
	   (cd "$top/tests/bpf/src" && clang -target bpf -O2 -g -I"/usr/include/$(gcc -dumpmachine)" \
		-fdebug-compilation-dir=. -c kinds.bpf.c -o "$work/kinds.bpf.o" &&
	    clang -target bpf -O2 -g -I"/usr/include/$(gcc -dumpmachine)" \
		-fdebug-compilation-dir=. -c failures.bpf.c -o "$work/failures.bpf.o") 2>"$work/clang.log"; then
		sed "1s/ release=[^ ]* / release=$KS_KVER /" "$fix/arm64-v2.report" >"$work/live.report"
		bpf_check() { # OBJ DB [-j]
			"$ks" bpf check "$work/$1.bpf.o" --live "$work/live.report" \
				--btf "$vmlinux" --events "$fix/available_events" \
				--symbols "$fix/kallsyms" --error-injection "$fix/error_injection" \
				--db "$2" ${3:+"$3"} 2>&1 | sed "s|$2|DB|g"
		}
		for obj in kinds failures; do
			{ bpf_check $obj "$sq"; bpf_check $obj "$sq" -j; } >"$work/bpf.sq"
			{ bpf_check $obj "$pg"; bpf_check $obj "$pg" -j; } >"$work/bpf.pg"
			check "bpf check $obj.bpf.o, text and -j: the same output on both ($(wc -c <"$work/bpf.sq") bytes)" \
				cmp -s "$work/bpf.sq" "$work/bpf.pg"
		done
		# the store's rows were read: the DWARF build's inlining shows
		check "bpf check kinds.bpf.o: its verdict uses the DWARF rows ($(grep -c 'offline build' "$work/bpf.sq" 2>/dev/null) lines; $(bpf_check kinds "$pg" | grep -c 'offline build') from the server)" \
			test "$(bpf_check kinds "$pg" | grep -c 'offline build')" -gt 0
	else
		skip "bpf check: clang cannot build tests/bpf/src ($(tail -n 1 "$work/clang.log" 2>/dev/null))"
	fi
fi

# --- roles ---------------------------------------------------------------
pg_sql offline "CREATE ROLE ks_pusher LOGIN PASSWORD 'push-s3cret' IN ROLE ksymstat_push;
	CREATE ROLE ks_reader LOGIN PASSWORD 'read-s3cret' IN ROLE ksymstat_read;
	CREATE ROLE ks_importer LOGIN PASSWORD 'import-s3cret' IN ROLE ksymstat_import"
pg_refused ks_pusher push-s3cret offline "INSERT INTO page (name, markdown) VALUES ('x', 'y')" \
	"UPDATE page SET markdown = 'y'" "DELETE FROM page" \
	"INSERT INTO build (key, source) VALUES ('k', 's')" "UPDATE build SET complete = 1" \
	"DELETE FROM build" "INSERT INTO func (build_id, name, status) VALUES (1, 'f', 0)" \
	"DELETE FROM func_sym" "DELETE FROM sym" "UPDATE sym SET addr = 0" \
	"INSERT INTO config (build_id, key, value) VALUES (1, 'k', 'v')" "DELETE FROM func_inst" \
	"UPDATE offline_meta SET value = '9'" "TRUNCATE page" "DROP TABLE func" \
	"ALTER TABLE build ADD COLUMN x int" "SELECT count(*) FROM func"
check "roles: the push role is refused every write to the offline tables ($refused of $tried refused)${allowed:+; allowed:$allowed}" \
	test "$refused" = "$tried" -a "$tried" = 17
before=$(pg_counts)
"$ks" import --db "$(pg_uri ks_pusher push-s3cret)" "$top/tests/tool/fixtures/depsurf/details.md" >/dev/null 2>"$work/out"
rc=$?
check "roles: import as the push role fails (exit $rc), permission denied, nothing stored" \
	test $rc = 2 -a "$(pg_counts)" = "$before" -a "$(grep -c 'permission denied' "$work/out")" -gt 0
"$ks" import --db "$(pg_uri ks_reader read-s3cret)" "$top/tests/tool/fixtures/depsurf/details.md" >/dev/null 2>"$work/out"
rc=$?
check "roles: import as the read role fails (exit $rc), permission denied" \
	test $rc = 2 -a "$(grep -c 'permission denied' "$work/out")" -gt 0
"$ks" check -j --kallsyms "$fix/kallsyms" --db "$(pg_uri ks_reader read-s3cret)" "${names[@]:0:50}" >"$work/read.pg" 2>&1
"$ks" check -j --kallsyms "$fix/kallsyms" --db "$sq" "${names[@]:0:50}" >"$work/read.sq" 2>&1
check "roles: the read role checks (the same output as the owner's file)" cmp -s "$work/read.sq" "$work/read.pg"
"$ks" import --db "$(pg_uri ks_importer import-s3cret)" "${pages[0]}" "$top/tests/tool/fixtures/depsurf/details.md" >"$work/out" 2>&1
rc=$?
check "roles: the import role imports (a page again, a new one: exit $rc)" \
	test $rc = 0 -a "$(pg_sql offline "SELECT count(*) FROM page")" = $((np + 1))

# --- a failed import leaves nothing --------------------------------------
before=$(pg_counts)
bad=$top/tests/tool/fixtures/depsurf/fail/bad_status.md
"$ks" import --db "$pg" "$top/tests/tool/fixtures/depsurf/changed.md" "$bad" >/dev/null 2>"$work/out"
rc=$?
check "a bad page after a good one: exit $rc, the error names it, no row stored ($before)" \
	test $rc = 2 -a "$(pg_counts)" = "$before" -a "$(grep -c 'bad_status.md' "$work/out")" -gt 0
if [ -n "$vmlinux" ]; then
	head -c 2000000 "$vmlinux" >"$work/vmlinux-cut"
	"$ks" import --db "$pg" "$top/tests/tool/fixtures/depsurf/changed.md" "$work/vmlinux-cut" >/dev/null 2>"$work/out"
	rc=$?
	check "a truncated vmlinux after a good page: exit $rc, no row stored" \
		test $rc = 2 -a "$(pg_counts)" = "$before"
fi
# a row the server refuses while the client sends on (a queued INSERT,
# libpq's pipeline): the import fails at the next answer, nothing stays
pg_sql offline "ALTER TABLE page ADD CONSTRAINT ks_test_short CHECK (length(markdown) < 10) NOT VALID"
"$ks" import --db "$pg" "$top/tests/tool/fixtures/depsurf/changed.md" "$top/tests/tool/fixtures/depsurf/absent.md" >/dev/null 2>"$work/out"
rc=$?
check "a page row the server refuses (a CHECK added for the test): exit $rc, its message, no row stored" \
	test $rc = 2 -a "$(pg_counts)" = "$before" -a "$(grep -c 'ks_test_short' "$work/out")" -gt 0
pg_sql offline "ALTER TABLE page DROP CONSTRAINT ks_test_short"
check "no transaction left open on the server" \
	test "$(pg_sql offline "SELECT count(*) FROM pg_stat_activity WHERE datname = 'offline' AND state LIKE 'idle in transaction%'")" = 0

finish
