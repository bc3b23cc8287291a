#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest benchmark of ksymstat.ko (run by scripts/bench): prints figures, and
# asserts nothing.  Every ratio is taken in the same guest boot.
R=/sys/kernel/debug/ksymstat
T=/tmp/bench
mkdir -p "$T"
now() { cut -d' ' -f1 /proc/uptime; }
hdr() { head -n 1 "$R" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
mem() { awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo; }

awk '$2 ~ /^[tT]$/ && NF == 3 { print $3 }' /proc/kallsyms | sort -u >"$T/all"
echo "# kernel $(uname -r) $(uname -m), $(wc -l <"$T/all") distinct text names"

t0=$(now); cat /proc/kallsyms >/dev/null; t1=$(now)
kall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
echo "cat /proc/kallsyms: ${kall} s"

m0=$(mem)
for n in 1 10 100 1000 10000; do
	head -n "$n" "$T/all" >"$T/set"
	cat "$T/set" >"$R"
	t0=$(now); cat "$R" >"$T/report"; t1=$(now)
	echo "targets=$n: read $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') s," \
	     "walk_us=$(hdr walk_us) probe_us=$(hdr probe_us) report_bytes=$(wc -c <"$T/report")" \
	     "slab+vmalloc_kB_delta=$(( $(mem) - m0 ))"
	t0=$(now); cat "$R" >/dev/null; t1=$(now)
	echo "targets=$n: second read (nothing stale, no walk): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') s"
done
echo vfs_read >"$R"
cat "$R" >/dev/null
echo "after shrinking to 1 target: slab+vmalloc_kB_delta=$(( $(mem) - m0 ))"

# Appending one name per write() against one write() of the same names
# (issue 8: appends were quadratic), through kshelper when it is beside this
# script (scripts/bench builds it).
if [ -x ./kshelper ]; then
	head -n 2000 "$T/all" >"$T/app"
	: >"$R"
	once=$(./kshelper once "$R" "$T/app" | awk '{ print $2 }')
	: >"$R"
	app=$(./kshelper append "$R" "$T/app" | awk '{ print $2 }')
	echo "2000 names: one write() $once ns, one write() per name $app ns," \
	     "ratio $(awk -v a="$app" -v o="$once" 'BEGIN { printf "%.1f", a / o }')"
	: >"$R"
fi
