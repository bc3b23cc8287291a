#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Debug-kernel stress test of ksymstat.ko (TAP 13), run in a guest of the
# debug kernel (scripts/build-debug-kernel) after tests/module/ksymstat.sh:
#   1. concurrency: readers, writers (good and refused input), ksymstat's own
#      rmmod/insmod and a preloaded module's unload/reload, all at once;
#   2. 50 load/unload cycles of ksymstat, each with reads and writes;
#   3. kmemleak: the suspects of the boot are cleared first, then two scans
#      after the cycles must find no new unreferenced object.
# KASAN, lockdep, DEBUG_LIST, KFENCE and DEBUG_ATOMIC_SLEEP report on the
# console, which scripts/guest fails on.
#
# Environment: KS_TEST_MOD, a module loaded before ksymstat (default
# nfnetlink); KS_CYCLES (default 50).
# Exit: 0 all passed, 1 a failure, 4 every test skipped.

R=/sys/kernel/debug/ksymstat
KO=/lib/ksymstat/ksymstat.ko
ML=/sys/kernel/debug/kmemleak
MOD=${KS_TEST_MOD:-nfnetlink}
CYCLES=${KS_CYCLES:-50}
n=0 pass=0 fail=0 skip=0

echo "TAP version 13"
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n # SKIP $1"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# A report is whole: its header's target count equals its target lines and
# its end line, and the end line's sym count equals its sym lines.
whole() {
	awk '$1 == "ksymstat" { for (i = 2; i <= NF; i++) if ($i ~ /^targets=/) h = substr($i, 9) }
	     $1 == "target" { t++ }
	     $1 == "sym" { s++ }
	     $1 == "end" { e = $0; et = $2; es = $3 }
	     END { exit !(e != "" && h == t && et == "targets=" t && es == "syms=" s) }' "$1"
}

[ -e "$R" ] || { skip "ksymstat not loaded"; echo "1..$n"; exit 4; }

if [ -e "$ML" ]; then
	echo scan >"$ML"
	echo clear >"$ML"
	ok "kmemleak: boot-time suspects cleared"
else
	skip "kmemleak: $ML missing (not a CONFIG_DEBUG_KMEMLEAK kernel)"
fi

# 1. Concurrency.
names="vfs_read schedule kvm_write_guest nfnetlink_send do_sys_open ksys_write"
reader() {
	i=0
	while [ $i -lt 40 ]; do
		cat "$R" >/tmp/r.$1 2>/dev/null
		i=$((i + 1))
	done
}
writer() {
	i=0
	while [ $i -lt 40 ]; do
		echo "$names" >"$R" 2>/dev/null
		echo "vfs_write" >>"$R" 2>/dev/null
		echo "!vfs_write" >>"$R" 2>/dev/null
		printf 'bad\351name\n' >>"$R" 2>/dev/null
		i=$((i + 1))
	done
}
self_churn() {
	i=0
	while [ $i -lt 10 ]; do
		rmmod ksymstat 2>/dev/null
		insmod "$KO" "targets=vfs_read,schedule" 2>/dev/null
		i=$((i + 1))
	done
}
mod_churn() {
	i=0
	while [ $i -lt 10 ]; do
		rmmod "$MOD" 2>/dev/null
		insmod "/lib/ksymstat/$MOD.ko" 2>/dev/null
		i=$((i + 1))
	done
}
reader 1 & reader 2 & writer & self_churn & mod_churn &
wait
lsmod | grep -q '^ksymstat ' || insmod "$KO" "targets=vfs_read,schedule"
lsmod | grep -q "^$MOD " || insmod "/lib/ksymstat/$MOD.ko"
check "concurrency: ksymstat and $MOD loaded afterwards" \
	sh -c "lsmod | grep -q '^ksymstat ' && lsmod | grep -q '^$MOD '"
echo "$names" >"$R"
cat "$R" >/tmp/after
check "concurrency: the report afterwards is whole" whole /tmp/after
check "concurrency: the report afterwards has the 6 targets" \
	[ "$(grep -c '^target ' /tmp/after)" = 6 ]

# 2. Load/unload cycles.
good=0
i=0
while [ $i -lt "$CYCLES" ]; do
	rmmod ksymstat 2>/dev/null
	if insmod "$KO" "targets=vfs_read,schedule,$MOD" 2>/dev/null &&
	   cat "$R" >/tmp/c1 && whole /tmp/c1 &&
	   echo "$names" >"$R" && echo "vfs_write" >>"$R" &&
	   cat "$R" >/tmp/c2 && whole /tmp/c2 &&
	   [ "$(grep -c '^target ' /tmp/c2)" = 7 ] &&
	   rmmod ksymstat && [ ! -e "$R" ]; then
		good=$((good + 1))
	fi
	i=$((i + 1))
done
echo "# load/unload cycles: $good of $CYCLES whole"
check "$CYCLES load/unload cycles, each with reads and writes" [ "$good" = "$CYCLES" ]
insmod "$KO" "targets=vfs_read"

# 3. kmemleak after the cycles (objects younger than 5 s are not reported).
if [ -e "$ML" ]; then
	sleep 6
	echo scan >"$ML"
	echo scan >"$ML"
	leaks=$(grep -c '^unreferenced object' "$ML")
	echo "# kmemleak: $leaks new unreferenced objects after $CYCLES cycles"
	[ "$leaks" = 0 ] || head -n 40 "$ML" | sed 's/^/#   /'
	check "kmemleak: no new leak after the cycles" [ "$leaks" = 0 ]
else
	skip "kmemleak: $ML missing (not a CONFIG_DEBUG_KMEMLEAK kernel)"
fi

echo "1..$n"
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -gt 0 ] && exit 1
[ "$pass" -eq 0 ] && [ "$skip" -gt 0 ] && exit 4
exit 0
