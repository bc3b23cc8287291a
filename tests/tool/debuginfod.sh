#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP 13 suite: check finds the running kernel's debug info by its GNU
# build-id (tools/debuginfo.c) from a real debuginfod server (Debian's
# debuginfod package) started here on loopback over the kernel -dbg files
# the harness caches (scripts/fetch-kernel --dbg: the -dbg vmlinux, and
# kvm.ko's debug file on amd64; -F, the files as fetch-kernel keeps them:
# it keeps no .deb to serve with -U).
#
#   tests/tool/debuginfod.sh [ARCH...]      (default: amd64 arm64)
#
# Per arch (6.1 cloud, the pinned ABI):
#   - the report: the guest's saved report (KSYMSTAT_GUEST_OUT_<ARCH>=DIR,
#     as tests/run saves it) when it names its build_id; else the real
#     guest report tests/tool/fixtures/guest-reports/ARCH-6.1.report when it
#     is of the fetched build (its build_id is the -dbg vmlinux's); else a
#     copy of
#     tests/bpf/fixtures/guest-ARCH-6.1/report (recorded on 6.1.0-57, format
#     version 2) made version 3 with the -dbg vmlinux's build-id (readelf -n)
#     and the module lines of its .ko files: the test says which;
#   - check kvm_write_guest with only DEBUGINFOD_URLS = the explicit
#     --vmlinux run, same build by build-id, source debuginfod;
#   - a second check fetches nothing: the server's request count (its
#     /metrics) does not move, the store answers.
# Failures, each against its own server:
#   - a build-id the server does not have: exit 2, the message names the
#     servers, nothing imported;
#   - the server killed in the middle of the download: exit 2, no file in
#     the debuginfod cache, nothing imported;
#   - a server returning a file of another build-id: refused, exit 2, the
#     file taken out of the cache, nothing imported.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ks=$top/tools/ksymstat
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-debuginfod.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT

if ! command -v debuginfod >/dev/null; then
	skip "no debuginfod (apt install debuginfod; scripts/install-deps)"
	finish
fi
make -s -C "$top/tools" ksymstat >/dev/null 2>&1 || { not_ok "tools/ksymstat builds"; finish; }

elf_id() { LC_ALL=C readelf -n "$1" 2>/dev/null | sed -n 's/^ *Build ID: *//p' | head -n 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Requests the server answered for build-ids (its Prometheus metrics).
requests() {
	curl -s "http://127.0.0.1:$1/metrics" |
		awk '/^http_responses_total/ { n += $NF } END { print n + 0 }'
}
# builds recorded for a build-id in a store (none when there is no store)
stored() {
	[ -f "$1" ] || { echo 0; return; }
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM build WHERE gnu_build_id = ?", (sys.argv[2],)).fetchone()[0])' "$1" "$2"
}

# make_report ARCH VMLINUX ROOT KVER OUT: a version 3 report of that build
make_report() {
	local arch=$1 vml=$2 root=$3 kver=$4 out=$5 g=${!6:-}
	if [ -n "$g" ] && [ -s "$g/report" ] && grep -q ' build_id=[0-9a-f]' "$g/report"; then
		cp "$g/report" "$out"
		echo "the guest's saved report ($g/report)"
		return
	fi
	local src=$top/tests/bpf/fixtures/guest-$arch-6.1/report id mods m ko
	local rec=$top/tests/tool/fixtures/guest-reports/$arch-6.1.report
	id=$(elf_id "$vml")
	# a real guest's report (format 3) recorded on this very build
	if [ -n "$id" ] && [ -s "$rec" ] &&
	   [ "$(sed -n '1s/.* build_id=\([0-9a-f]*\).*/\1/p' "$rec")" = "$id" ]; then
		cp "$rec" "$out"
		echo "a real guest report recorded on this build (tests/tool/fixtures/guest-reports/$arch-6.1.report)"
		return
	fi
	mods=$(awk '$1 == "sym" { for (i = 2; i <= NF; i++) if ($i ~ /^owner=/ && $i != "owner=vmlinux") print substr($i, 7) }' "$src" | sort -u)
	{
		sed -n '1s/^ksymstat version=2 \(.*\)$/ksymstat version=3 \1 build_id='"$id"'/p' "$src"
		for m in $mods; do
			ko=$(find "$root/lib/modules/$kver" -name "$m.ko" | head -n 1)
			echo "module name=$m build_id=$(elf_id "$ko")"
		done
		sed 1d "$src"
	} >"$out"
	echo "a copy of tests/bpf/fixtures/guest-$arch-6.1/report (6.1.0-57, version 2) given the -dbg vmlinux's build-id and its modules' .ko build-ids"
}

run_arch() {
	local arch=$1 env funcs r s port log pid db dc n0 n1 rc desc
	if ! env=$("$top/scripts/fetch-kernel" --arch "$arch" --series 6.1 --flavor cloud --dbg 2>"$work/fetch-$arch.log"); then
		skip "$arch: scripts/fetch-kernel --dbg failed (offline?)"
		return
	fi
	eval "$env"
	if [ -z "$KS_VMLINUX" ]; then
		skip "$arch: no -dbg vmlinux in the cache"
		return
	fi
	r=$work/$arch.report
	desc=$(make_report "$arch" "$KS_VMLINUX" "$KS_ROOT" "$KS_KVER" "$r" "KSYMSTAT_GUEST_OUT_${arch^^}")
	echo "# $arch: report: $desc"
	# every target of the report (kvm_write_guest where it is one)
	funcs=$(sed -n 's/^target name=\([^ ]*\).*/\1/p' "$r" | tr '\n' ' ')
	id=$(sed -n '1s/.* build_id=\([^ ]*\).*/\1/p' "$r")
	check "$arch: the report names the -dbg vmlinux's build-id ($id)" [ "$id" = "$(elf_id "$KS_VMLINUX")" ]

	# The real server over the cached -dbg files.
	port=$(free_port) log=$work/debuginfod-$arch.log db=$work/debuginfod-$arch.sqlite
	debuginfod -F "$KS_ROOT/usr/lib/debug" -p "$port" -d "$db" -v >"$log" 2>&1 &
	pid=$!
	pids+=("$pid")
	local t=0
	until curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$port/buildid/$id/debuginfo"; do
		sleep 2
		t=$((t + 2))
		if [ $t -ge 900 ] || ! kill -0 "$pid" 2>/dev/null; then
			not_ok "$arch: debuginfod serves $id within 900 s (log: $log)"
			tail -n 5 "$log" | sed 's/^/# /'
			return
		fi
	done
	ok "$arch: debuginfod (port $port) indexed the -dbg files in ${t}s and serves $id"

	s=$work/xdg-$arch dc=$work/dcache-$arch
	mkdir -p "$s" "$dc"
	export XDG_CACHE_HOME=$s DEBUGINFOD_CACHE_PATH=$dc DEBUGINFOD_URLS=http://127.0.0.1:$port
	n0=$(requests "$port")
	/usr/bin/time -f %e -o "$work/t1-$arch" "$ks" check $funcs --live "$r" --json >"$work/auto-$arch.json" 2>"$work/auto-$arch.err"
	rc=$?
	check "$arch: check with only DEBUGINFOD_URLS ran (exit $rc)" [ "$rc" = 0 -o "$rc" = 1 ]
	n1=$(requests "$port")
	"$ks" check $funcs --live "$r" --vmlinux "$KS_VMLINUX" --json >"$work/expl-$arch.json" 2>/dev/null
	python3 - "$work/auto-$arch.json" "$work/expl-$arch.json" >"$work/cmp-$arch" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
di = a.pop("debuginfo", None) or {}
def norm(c):
    for t in c["targets"]:
        for r in t["offline"]:
            r.pop("path", None)
    return c
same = norm(a) == norm(b)
rows = [r for t in a["targets"] for r in t["offline"] if r["source"] == "vmlinux"]
print(di.get("found"), int(same), " ".join(sorted({"%s/%s" % (r["match"], r.get("same_build_by")) for r in rows})))
PY
	read -r found same how <"$work/cmp-$arch"
	check "$arch: debug info found by debuginfod ($found), imported into the store" [ "$found" = debuginfod -a "$(stored "$s/ksymstat/debuginfo.db" "$id")" -ge 1 ]
	check "$arch: the verdict = the explicit --vmlinux run's, field for field" [ "$same" = 1 ]
	check "$arch: the vmlinux row is the same build by build-id ($how)" [ "$how" = same_build/build_id ]
	"$ks" check -v $funcs --live "$r" --json >"$work/again-$arch.json" 2>"$work/again-$arch.err"
	/usr/bin/time -f %e -o "$work/t2-$arch" "$ks" check $funcs --live "$r" >/dev/null 2>&1
	found=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["debuginfo"]["found"])' "$work/again-$arch.json")
	check "$arch: a second check fetches nothing: found in the store ($found), server requests $n1 before and $(requests "$port") after (first run: $n0 -> $n1)" \
		[ "$found" = store -a "$(requests "$port")" = "$n1" -a "$n1" -gt "$n0" ]
	echo "# $arch: time to the first same-build verdict: cold $(tail -n 1 "$work/t1-$arch") s, warm $(tail -n 1 "$work/t2-$arch") s"

	# An id the server lacks: a clear message, exit 2, nothing imported.
	sed '1s/ build_id=[0-9a-f]*/ build_id=00000000000000000000000000000000000000aa/' "$r" >"$work/lack.report"
	"$ks" check $funcs --live "$work/lack.report" >/dev/null 2>"$work/lack.err"
	rc=$?
	check "$arch: an id the server lacks: exit 2, the message says no server has it" \
		sh -c "[ $rc = 2 ] && grep -q 'debuginfod: absent.*no server of DEBUGINFOD_URLS' '$work/lack.err'"
	check "$arch: ... and nothing imported for it" [ "$(stored "$s/ksymstat/debuginfo.db" 00000000000000000000000000000000000000aa)" = 0 ]
	unset XDG_CACHE_HOME DEBUGINFOD_CACHE_PATH DEBUGINFOD_URLS
}

# fake_case MODE: a server that misbehaves (tests/debuginfod/fake_server.py)
fake_case() {
	local mode=$1 file=$2 r=$3 pf=$work/fake-$1.port s=$work/xdg-fake-$1 dc=$work/dcache-fake-$1 pid rc id
	id=$(sed -n '1s/.* build_id=\([^ ]*\).*/\1/p' "$r")
	mkdir -p "$s" "$dc"
	python3 "$top/tests/debuginfod/fake_server.py" "$mode" "$file" "$pf" 2>"$work/fake-$mode.log" &
	pid=$!
	pids+=("$pid")
	while [ ! -s "$pf" ]; do sleep 0.2; done
	local killer=
	if [ "$mode" = stall ]; then
		# kill the server once it stalled in the middle of the file
		( while [ ! -e "$pf.stalled" ]; do sleep 0.2; done; sleep 1; kill "$pid" ) &
		killer=$!
	fi
	XDG_CACHE_HOME=$s DEBUGINFOD_CACHE_PATH=$dc DEBUGINFOD_URLS=http://127.0.0.1:$(cat "$pf") \
		DEBUGINFOD_TIMEOUT=30 "$ks" check "$(sed -n "s/^target name=\([^ ]*\).*/\1/p" "$r" | head -n 1)" --live "$r" >/dev/null 2>"$work/fake-$mode.err"
	rc=$?
	[ -n "$killer" ] && wait "$killer" 2>/dev/null
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	echo "$rc"
}

for arch in ${@:-amd64 arm64}; do
	run_arch "$arch"
done

# The failure cases on one report and -dbg vmlinux: the first arch's.
last=$(ls "$work"/*.report 2>/dev/null | grep -v lack | head -n 1)
if [ -n "$last" ]; then
	vml=$(find "$HOME/.cache/ksymstat" -path '*/usr/lib/debug/boot/vmlinux-*' | head -n 1)
	id=$(sed -n '1s/.* build_id=\([^ ]*\).*/\1/p' "$last")
	# a file of another build-id: the test vmlinux (tests/tool/fixtures/elf)
	bash "$top/tests/tool/fixtures/elf/build.sh" "$work/other.elf" 0123456789abcdef0123456789abcdef01234567
	rc=$(fake_case wrong "$work/other.elf" "$last")
	check "a server returning a file of another build-id: refused (exit $rc), the message says whose" \
		sh -c "[ $rc = 2 ] && grep -q 'but its build-id is 0123456789abcdef0123456789abcdef01234567: refused' '$work/fake-wrong.err'"
	check "... the file taken out of the debuginfod cache, nothing imported" \
		sh -c "[ -z \"\$(find '$work/dcache-fake-wrong' -type f -name debuginfo)\" ] && [ $(stored "$work/xdg-fake-wrong/ksymstat/debuginfo.db" "$id") = 0 ]"
	rc=$(fake_case stall "$vml" "$last")
	check "the server killed in the middle of the download: exit 2 ($rc), the message says it broke off" \
		sh -c "[ $rc = 2 ] && grep -Eq 'debuginfod: (failed|absent .*broke off)' '$work/fake-stall.err'"
	# libdebuginfod marks a failed id with an empty file: taken out too
	check "... no file for it in the debuginfod cache (not even an empty miss mark), nothing imported" \
		sh -c "[ -z \"\$(find '$work/dcache-fake-stall' -name debuginfo\*)\" ] && [ $(stored "$work/xdg-fake-stall/ksymstat/debuginfo.db" "$id") = 0 ]"
else
	skip "no report: the misbehaving-server cases need one"
fi
finish
