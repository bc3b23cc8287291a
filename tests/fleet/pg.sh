# SPDX-License-Identifier: GPL-2.0
#
# tests/fleet/pg.sh: a throwaway PostgreSQL 15 cluster for one test run, in
# a directory of its own, on a unix socket only (no TCP port).  Source it.
#   pg_start DIR    initdb (the owner ksowner, trusted on the socket; every
#                   other role by password) and start; sets PG_SOCK, PG_BIN
#   pg_stop DIR     stop it (fast: open sessions are rolled back)
#   pg_restart DIR  start it again
#   pg_sql DB SQL   psql as the owner, unaligned, no headers
#   pg_refused USER PASSWORD DB SQL...
#                   each statement as USER: counts in tried and refused
#                   (permission denied or must be owner), the others in
#                   allowed ("[SQL]..."); needs $work
#   pg_suite NAME   what a suite with a server of its own starts with (after
#                   tests/lib/tap.sh, with top set): the tool built (ks), a
#                   work folder (work, removed at exit) and the server's
#                   folder in it (pg_dir, the server stopped at exit)
# The server refuses to run as root, so as root it runs as the postgres
# user (or nobody), which then owns DIR.
# shellcheck shell=bash

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
pg_as=()
if [ "$(id -u)" = 0 ]; then
	if id postgres >/dev/null 2>&1; then
		pg_as=(runuser -u postgres --)
	else
		pg_as=(runuser -u nobody --)
	fi
fi

pg_available() { [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; }

pg_start() {
	local dir=$1
	mkdir -p "$dir/sock"
	[ "$(id -u)" = 0 ] && chown -R "${pg_as[2]}" "$dir"
	PG_SOCK=$dir/sock
	"${pg_as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U ksowner -E UTF8 \
		--locale=C --no-sync --auth-local=trust >"$dir/initdb.log" 2>&1 ||
		return 1
	printf 'local all ksowner trust\nlocal all all scram-sha-256\n' \
		>"$dir/data/pg_hba.conf"
	pg_restart "$dir"
}

pg_restart() {
	local dir=$1
	"${pg_as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-t 60 -o "-k $dir/sock -c listen_addresses= -c fsync=off -c max_connections=200" \
		start >/dev/null
}

pg_stop() {
	"${pg_as[@]}" "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1
}

pg_sql() {
	"$PG_BIN/psql" -h "$PG_SOCK" -U ksowner -d "$1" -qAtX -v ON_ERROR_STOP=1 -c "$2"
}

pg_suite() {
	make -s -C "$top/tools" ksymstat >/dev/null || { not_ok "tools/ksymstat builds"; finish; }
	ks=$top/tools/ksymstat
	work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-$1.XXXXXX")
	chmod 755 "$work"
	pg_dir=$work/pg
	trap '[ -d "$pg_dir/data" ] && pg_stop "$pg_dir"; rm -rf "$work"' EXIT
}

pg_refused() {
	local user=$1 pass=$2 db=$3 sql
	shift 3
	tried=0 refused=0 allowed=
	for sql in "$@"; do
		tried=$((tried + 1))
		if ! PGPASSWORD=$pass "$PG_BIN/psql" -h "$PG_SOCK" -U "$user" -d "$db" \
			-qAtX -v ON_ERROR_STOP=1 -c "$sql" >/dev/null 2>"$work/psql.err" &&
		   grep -q 'permission denied\|must be owner' "$work/psql.err"; then
			refused=$((refused + 1))
		else
			allowed="$allowed [$sql]"
		fi
	done
}
