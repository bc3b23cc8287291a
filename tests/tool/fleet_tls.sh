#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fleet store over TLS, TAP 13: a throwaway PostgreSQL server of its own
# on loopback (127.0.0.1, a free port) that accepts only TLS connections
# (pg_hba: hostssl, hostnossl rejected), with a certificate made here by
# openssl under a CA of this run.  The tool passes the connection string to
# libpq as it is, so sslmode, sslrootcert, PGSSLMODE and PGPASSFILE work as
# libpq documents them; this suite checks that they do, from the server's
# side too (log_connections names the TLS protocol of each session):
# verify-full against the run's CA pushes; the same with another CA, a name
# the certificate does not carry, or sslmode=disable is refused (exit 2,
# nothing stored, no password printed).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"
# shellcheck source=../fleet/pg.sh
. "$top/tests/fleet/pg.sh"
pg_suite fleet-tls
rep=$top/tests/bpf/fixtures/guest-arm64-6.1/report
pg=$pg_dir

if ! pg_available; then
	skip "PostgreSQL: no /usr/lib/postgresql/*/bin/initdb (scripts/install-deps installs postgresql)"
	finish
fi
command -v openssl >/dev/null || { not_ok "openssl is installed (scripts/install-deps)"; finish; }

# A CA of this run, and a server certificate it signs for localhost only.
mkcert() { # DIR CN: a CA
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
		-keyout "$1.key" -out "$1.crt" 2>/dev/null
}
mkdir -p "$work/tls"
cd "$work/tls" || exit 2
mkcert ca "ksymstat test CA" && mkcert otherca "another CA" &&
	openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
		-keyout server.key -out server.csr 2>/dev/null &&
	printf 'subjectAltName=DNS:localhost\n' >ext &&
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key \
		-CAcreateserial -days 2 -extfile ext -out server.crt 2>/dev/null
check "openssl makes a CA and a server certificate for DNS:localhost" \
	test -s server.crt
cd "$top" || exit 2

# The server: initdb as tests/fleet/pg.sh does, then TLS on loopback only.
port=$("${py:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if pg_start "$pg" && pg_stop "$pg"; then
	cp "$work/tls/server.crt" "$work/tls/server.key" "$pg/data/"
	chmod 600 "$pg/data/server.key"
	[ "$(id -u)" = 0 ] && chown "${pg_as[2]}" "$pg/data/server.crt" "$pg/data/server.key"
	printf 'local all ksowner trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 127.0.0.1/32 reject\n' \
		>"$pg/data/pg_hba.conf"
	"${pg_as[@]}" "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 \
		-o "-k $pg/sock -c listen_addresses=127.0.0.1 -p $port -c ssl=on -c fsync=off -c log_connections=on" \
		start >/dev/null
	# the socket is named after the port: psql and the owner's URI
	export PGPORT=$port
fi
if ! pg_sql postgres "CREATE DATABASE fleet" >/dev/null 2>&1; then
	not_ok "PostgreSQL with TLS starts on 127.0.0.1:$port"
	[ -f "$pg/server.log" ] && diag "$pg/server.log"
	finish
fi
ok "PostgreSQL with TLS on 127.0.0.1:$port ($(pg_sql postgres 'SHOW ssl'))"

# The schema by its owner (socket), then a login role in the push group.
"$ks" import --db "postgresql://ksowner@/fleet?host=$PG_SOCK" --host owner "$rep" >/dev/null 2>&1
check "the owner makes the schema (exit $?)" test $? = 0
pg_sql fleet "CREATE ROLE ks_pusher LOGIN PASSWORD 'tls-s3cret' IN ROLE ksymstat_push"
tcp() { # QUERY-STRING
	echo "postgresql://ks_pusher:tls-s3cret@localhost:$port/fleet?$1"
}
not() { ! "$@"; }
reports() { pg_sql fleet "SELECT count(*) FROM fleet_report"; }

# push HOST URI: exit code in rc, output in $work/out
push() {
	"$ks" push --db "$2" --host "$1" --live "$rep" >"$work/out" 2>&1
	rc=$?
}
# refused NAME HOST URI [ENV...]: exit 2, a libpq message, no password, nothing stored
refused() {
	local name=$1 host=$2 uri=$3 before
	before=$(reports)
	shift 3
	env "$@" "$ks" push --db "$uri" --host "$host" --live "$rep" >"$work/out" 2>&1
	rc=$?
	check "$name: refused (exit $rc): $(head -c 160 "$work/out" | tr '\n' ' ')" \
		test "$rc" = 2 -a "$(reports)" = "$before" -a \
		"$(pg_sql fleet "SELECT count(*) FROM fleet_seen WHERE host = '$host'")" = 0
	check "$name: the password is not printed" not grep -q 'tls-s3cret' "$work/out"
}

push t1 "$(tcp "sslmode=verify-full&sslrootcert=$work/tls/ca.crt")"
check "sslmode=verify-full with the run's CA pushes (exit $rc)" \
	test "$rc" = 0 -a "$(pg_sql fleet "SELECT count(*) FROM fleet_seen WHERE host = 't1'")" = 1
check "the server saw that session over TLS (log_connections)" \
	grep -q 'connection authorized: user=ks_pusher database=fleet.*SSL enabled (protocol=TLS' "$pg/server.log"
check "the password is not printed on success" not grep -q 'tls-s3cret' "$work/out"

# libpq's environment, as documented: PGSSLMODE, PGSSLROOTCERT, PGPASSFILE
printf 'localhost:%s:fleet:ks_pusher:tls-s3cret\n' "$port" >"$work/pgpass"
chmod 600 "$work/pgpass"
PGSSLMODE=verify-full PGSSLROOTCERT=$work/tls/ca.crt PGPASSFILE=$work/pgpass \
	"$ks" push --db "postgresql://ks_pusher@localhost:$port/fleet" --host t2 --live "$rep" \
	>"$work/out" 2>&1
rc=$?
check "PGSSLMODE, PGSSLROOTCERT and PGPASSFILE from the environment (exit $rc)" \
	test "$rc" = 0 -a "$(pg_sql fleet "SELECT count(*) FROM fleet_seen WHERE host = 't2'")" = 1

refused "another CA" t3 "$(tcp "sslmode=verify-full&sslrootcert=$work/tls/otherca.crt")"
check "another CA: libpq says why (certificate verify)" grep -qi 'certificate verify failed' "$work/out"
refused "a name the certificate does not carry (127.0.0.1)" t4 \
	"postgresql://ks_pusher:tls-s3cret@127.0.0.1:$port/fleet?sslmode=verify-full&sslrootcert=$work/tls/ca.crt"
check "a wrong name: libpq says why" grep -qi 'does not match host name' "$work/out"
refused "sslmode=disable against a TLS-only server" t5 "$(tcp sslmode=disable)"
check "sslmode=disable: the server's pg_hba rejects it" grep -qi 'no encryption\|rejects connection' "$work/out"
refused "PGSSLMODE=disable from the environment" t6 \
	"postgresql://ks_pusher:tls-s3cret@localhost:$port/fleet" PGSSLMODE=disable

# the matrix reads over TLS too (read role)
pg_sql fleet "CREATE ROLE ks_reader LOGIN PASSWORD 'read-s3cret' IN ROLE ksymstat_read"
"$ks" matrix -j --db "postgresql://ks_reader:read-s3cret@localhost:$port/fleet?sslmode=verify-full&sslrootcert=$work/tls/ca.crt" \
	kvm_write_guest >"$work/mx" 2>"$work/err"
rc=$?
check "the read role reads the matrix over TLS (exit $rc, 3 hosts)" \
	test "$rc" -le 1 -a "$(grep -o '"hosts":[0-9]*' "$work/mx" | head -1)" = '"hosts":3'
check "no password in the matrix's store name" not grep -q 'read-s3cret' "$work/mx" "$work/err"
finish
