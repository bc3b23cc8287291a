#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test of ksymstat.ko (TAP 13, kselftest style).  Runs in the guest's
# busybox sh with the module loaded, via tests/run or:
#   scripts/guest --put tests/module/ksymstat.sh --put Module.symvers \
#                 -- sh ksymstat.sh
# Every check sets the module's report against an independent source read in
# the same boot: /proc/kallsyms, available_filter_functions, the kprobe
# blacklist, the kernel's Module.symvers.
#
# Environment: KS_TEST_MOD / KS_TEST_MOD_FUNC, a module loaded before
# ksymstat and one of its functions (load/unload is followed live);
# KS_SAMPLE, how many sampled names the bulk check uses (default 5000).
# Exit: 0 all passed, 1 a failure, 4 every test skipped.

R=/sys/kernel/debug/ksymstat
T=/tmp/ksymstat-test
mkdir -p "$T"
n=0 pass=0 fail=0 skip=0

echo "TAP version 13"
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n # SKIP $1"; }
diag() { echo "# $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
finish() {
	echo "1..$n"
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	[ "$fail" -gt 0 ] && exit 1
	[ "$pass" -eq 0 ] && [ "$skip" -gt 0 ] && exit 4
	exit 0
}

if [ ! -e "$R" ]; then
	skip "ksymstat not loaded or debugfs not mounted"
	finish
fi
AFF=/sys/kernel/tracing/available_filter_functions
[ -r "$AFF" ] || AFF=/sys/kernel/debug/tracing/available_filter_functions
BL=/sys/kernel/debug/kprobes/blacklist

# Set the targets (one write, replacing) and save the report.
targets() { echo "$*" >"$R"; }
report() { cat "$R" >"$T/$1"; }
field() { # field FILE KIND NAME KEY: KEY of the first KIND record of NAME
	awk -v k="$2" -v n="$3" -v f="$4" '
	$1 == k { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		  if ((k == "sym" && a["name"] == n) || (k != "sym" && a["name"] == n) || k == "ksymstat") { print a[f]; exit } }' "$1"
}

cat /proc/kallsyms >"$T/kallsyms"

# 1. Header and framing.
targets kvm_write_guest
report r1
check "header: format version 1" [ "$(field "$T/r1" ksymstat - version)" = 1 ]
check "header: release is uname -r" [ "$(field "$T/r1" ksymstat - release)" = "$(uname -r)" ]
check "header: arch is uname -m" [ "$(field "$T/r1" ksymstat - arch)" = "$(uname -m)" ]
walked=$(field "$T/r1" ksymstat - symbols)
lines=$(grep -vc '\[bpf\]\|__builtin__ftrace\|\[__builtin' "$T/kallsyms")
check "header: symbols walked ($walked) = /proc/kallsyms lines ($lines)" [ "$walked" = "$lines" ]
check "report ends with a matching end record" awk '
	/^target / { t++ } /^sym / { s++ } /^end / { e = $0 }
	END { exit !(e == "end targets=" t " syms=" s) }' "$T/r1"

# 2. The default target against /proc/kallsyms and ftrace.
if grep -q ' kvm_write_guest\($\|	\)' "$T/kallsyms"; then
	kl=$(grep ' kvm_write_guest\($\|	\)' "$T/kallsyms" | head -n 1)
	addr=$(field "$T/r1" sym kvm_write_guest addr)
	check "kvm_write_guest address = /proc/kallsyms (${kl%% *})" [ "$addr" = "0x${kl%% *}" ]
	type=$(echo "$kl" | awk '{ print $2 }')
	check "kvm_write_guest type letter = /proc/kallsyms ($type)" [ "$(field "$T/r1" sym kvm_write_guest type)" = "$type" ]
	if [ -r "$AFF" ]; then
		want=no
		grep -q '^kvm_write_guest\( \|$\)' "$AFF" && want=yes
		check "kvm_write_guest ftrace=$want as in available_filter_functions" [ "$(field "$T/r1" sym kvm_write_guest ftrace)" = "$want" ]
	else
		skip "available_filter_functions not readable"
	fi
	# size: the extent to the next distinct kallsyms address.
	want=$(awk -v a="${kl%% *}" '{ print $1 }' "$T/kallsyms" | sort -u |
	       awk -v a="${kl%% *}" 'p == a { print $1; exit } { p = $1 }')
	size=$(field "$T/r1" sym kvm_write_guest size)
	check "kvm_write_guest size $size reaches the next symbol" [ "$(printf '%x' $((0x${kl%% *} + size)))" = "$want" ]
else
	check "kvm_write_guest absent: reported absent" [ "$(field "$T/r1" target kvm_write_guest state)" = absent ]
fi

finish
