#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP 13 tripwire: the layers of tools/ (README.md, "Layout").
#
#   base < db < live, offline < verdict < fleet < out < cmd < main.c
#
# db/ is the store interface (SQLite, PostgreSQL) under the offline store
# and the fleet.  live/ and offline/ are peers and use nothing of each other.  Checked two
# ways, each of which could fail on its own:
#   1. the #include lines: a file includes headers of its own folder or of
#      a lower layer, never of a higher one or of its peer; the headers
#      include each other without a circle;
#   2. the symbols of the built objects (nm): no file calls a function of a
#      higher layer or of its peer, no command calls another command (but
#      the one alias below), and no circle between files.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$root/tools
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/tap.sh
. "$root/tests/lib/tap.sh"

# The rank of a folder; peers share one.
rank() {
	case $1 in
	base) echo 0 ;;
	db) echo 1 ;;
	live | offline) echo 2 ;;
	verdict) echo 3 ;;
	fleet) echo 4 ;;
	out) echo 5 ;;
	cmd) echo 6 ;;
	.) echo 7 ;;		# main.c
	*) echo -1 ;;
	esac
}

# Calls from one command file to another allowed, with the reason: none
# (check --bpf, the old name of bpf check, is rewritten by main.c).
allowed_cmd_calls=""

# ---- 1. the #include lines -----------------------------------------------

cd "$tools" || exit 2
files=$(find . -name '*.[ch]' | sed 's|^\./||' | sort)
n_files=$(echo "$files" | wc -l)
: >"$tmp/bad" >"$tmp/hdr-edges"
for f in $files; do
	dir=$(dirname "$f")
	r=$(rank "$dir")
	if [ "$r" -lt 0 ]; then
		echo "$f: not in a folder of a layer" >>"$tmp/bad"
		continue
	fi
	sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
	while read -r inc; do
		t=$dir/$inc
		while [[ $t == */../* ]]; do	# a/b/../c -> a/c
			t=$(sed 's|[^/]*/\.\./||' <<<"$t")
		done
		t=${t#./}
		case $t in
		../include/* | ../../include/*) continue ;;	# rules.h, version.h
		../*)
			echo "$f: includes $inc, outside tools/" >>"$tmp/bad"
			continue
			;;
		esac
		[ -f "$t" ] || { echo "$f: includes $inc: no such file" >>"$tmp/bad"; continue; }
		tdir=$(dirname "$t")
		tr=$(rank "$tdir")
		echo "$f $t" >>"$tmp/hdr-edges"
		[ "$tdir" = "$dir" ] && continue
		if [ "$tr" -ge "$r" ]; then
			echo "$f ($dir, layer $r) includes $t ($tdir, layer $tr)" >>"$tmp/bad"
		fi
	done
done
if [ -s "$tmp/bad" ]; then
	not_ok "includes: $n_files files, each includes only its folder and lower layers" \
		"$(head -n 10 "$tmp/bad")"
else
	ok "includes: $n_files files, each includes only its folder and lower layers"
fi
if [ "$n_files" -lt 40 ]; then
	not_ok "includes: found $n_files files under tools/ (the walk is broken)"
fi
if tsort "$tmp/hdr-edges" >/dev/null 2>"$tmp/loop"; then
	ok "includes: $(wc -l <"$tmp/hdr-edges") include lines, no circle"
else
	not_ok "includes: a circle"
	diag "$tmp/loop"
fi

# ---- 2. the symbols of the objects --------------------------------------

if ! make -s -C "$tools" ksymstat >"$tmp/make.log" 2>&1; then
	not_ok "tools/ksymstat builds" "$(head -n 10 "$tmp/make.log")"
	finish
fi
objs=$(find . -name '*.o' ! -name 'depsurf_page_test.o' | sed 's|^\./||' | sort)
: >"$tmp/defs" >"$tmp/uses"
for o in $objs; do
	nm --defined-only -g "$o" | awk -v f="${o%.o}" 'NF == 3 { print $3, f }' >>"$tmp/defs"
	nm -u "$o" | awk -v f="${o%.o}" '{ print $2, f }' >>"$tmp/uses"
done
sort -o "$tmp/defs" "$tmp/defs"
sort -o "$tmp/uses" "$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3, $1 }' |
	sort -u >"$tmp/calls"
awk '{ print $1, $2 }' "$tmp/calls" | sort -u >"$tmp/edges"
if [ "$(wc -l <"$tmp/edges")" -lt 100 ]; then
	not_ok "symbols: only $(wc -l <"$tmp/edges") calls between files found (nm broken?)"
fi
: >"$tmp/bad"
while read -r from to sym; do
	fd=$(dirname "$from") td=$(dirname "$to")
	fr=$(rank "$fd") tr=$(rank "$td")
	if [ "$fd" = "$td" ]; then
		[ "$fd" = cmd ] || continue
		case " $allowed_cmd_calls " in
		*" $from $to "*) continue ;;
		esac
		echo "$from calls $sym of the command $to" >>"$tmp/bad"
	elif [ "$tr" -ge "$fr" ]; then
		echo "$from (layer $fr) calls $sym of $to (layer $tr)" >>"$tmp/bad"
	fi
done <"$tmp/calls"
if [ -s "$tmp/bad" ]; then
	not_ok "symbols: $(wc -l <"$tmp/edges") calls between files, none upward, to a peer or command to command" \
		"$(head -n 10 "$tmp/bad")"
else
	ok "symbols: $(wc -l <"$tmp/edges") calls between files, none upward, to a peer or command to command"
fi
if tsort "$tmp/edges" >/dev/null 2>"$tmp/loop"; then
	ok "symbols: no circle between the $(echo "$objs" | wc -l) objects"
else
	not_ok "symbols: a circle between files"
	diag "$tmp/loop"
fi

# One store interface (db/db.h): only its backends call a database
# library, the offline store and the fleet alike.
: >"$tmp/bad"
for o in $objs; do
	case $o in
	db/db_sqlite.o) lib=PQ ;;
	db/db_pg.o) lib=sqlite3_ ;;
	*) lib='sqlite3_\|PQ' ;;
	esac
	nm -u "$o" | awk '{ print $2 }' | grep "^\($lib\)" |
		sed "s|^|$o calls |" >>"$tmp/bad"
done
n_sq=$(nm -u db/db_sqlite.o | grep -c ' sqlite3_')
n_pq=$(nm -u db/db_pg.o | grep -c ' PQ')
[ "$n_sq" -ge 5 ] && [ "$n_pq" -ge 5 ] ||
	echo "db/db_sqlite.o calls $n_sq sqlite3_ functions, db/db_pg.o $n_pq PQ ones (nm broken?)" >>"$tmp/bad"
if [ -s "$tmp/bad" ]; then
	not_ok "database libraries: called by db/db_sqlite.o and db/db_pg.o only" \
		"$(head -n 10 "$tmp/bad")"
else
	ok "database libraries: $n_sq sqlite3_ functions called by db/db_sqlite.o only, $n_pq PQ ones by db/db_pg.o only"
fi

# The verdict reads plain rows: no store handle in what it is given, and
# no file of verdict/ names the store or calls a function of store.o
# (the offline layer reads the rows before the verdict runs).
: >"$tmp/bad"
if sed -n '/^struct off_row {/,/^};/p' "$tools/offline/offline.h" |
	grep -q 'struct ks_store'; then
	echo "off_row carries a struct ks_store *" >>"$tmp/bad"
fi
grep -n 'ks_store' verdict/*.[ch] | sed 's/$/: names the store/' >>"$tmp/bad"
awk '$2 == "offline/store" && $1 ~ /^verdict\// {
	print $1 " calls " $3 " of offline/store" }' "$tmp/calls" >>"$tmp/bad"
if [ "$(awk '$2 == "offline/store"' "$tmp/calls" | wc -l)" -lt 10 ]; then
	echo "only $(awk '$2 == "offline/store"' "$tmp/calls" | wc -l) calls into offline/store found (nm broken?)" >>"$tmp/bad"
fi
if [ -s "$tmp/bad" ]; then
	not_ok "off_row carries no struct ks_store *, and verdict/ neither names the store nor calls store.o" \
		"$(head -n 10 "$tmp/bad")"
else
	ok "off_row carries no struct ks_store *, and verdict/ neither names the store nor calls store.o"
fi

finish
