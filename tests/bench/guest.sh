#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest benchmark of ksymstat.ko (run by scripts/bench): prints figures, and
# asserts nothing.  Every ratio is taken in the same guest boot.
#
# Beside it: kscan (../shared/bench/kscan.c, static: the userspace scanner
# the module is measured against, and the timer of every figure) and
# kshelper (tests/module/kshelper.c).
#
# "first read": the set is replaced with N names never asked before in this
# boot (so no kprobe verdict is kept for them), then the report is opened,
# read and closed: kscan --tread, in microseconds.  The peer is one kscan
# run on the same N names (kscan -t: its own start to end, kallsyms read,
# ftrace and blacklist files included).  Medians of RUNS runs (5; 3 at
# 10,000 names, for want of distinct names).
R=/sys/kernel/debug/ksymstat
P=/sys/module/ksymstat/parameters
T=/tmp/bench
mkdir -p "$T"
hdr() { head -n 1 "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
mem() { awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }

if [ ! -x ./kscan ]; then
	echo "# no kscan beside this script (scripts/bench builds it from ../shared/bench/kscan.c): nothing measured"
	exit 0
fi
./kscan --pick 20261127 >"$T/all"
total=$(wc -l <"$T/all")
echo "# kernel $(uname -r) $(uname -m): $total distinct text names to draw from"
grep ksymstat /proc/modules >/dev/null && dmesg | grep 'ksymstat: .*index' | sed 's/^\[[ 0-9.]*\] /# /'

# settle: wait (up to 300 s) until the module's deferred unregistering is
# done, so that no registration or unregistration of an earlier read runs
# beside the next timed one (on amd64 unregistering thousands of probes
# under emulation takes tens of seconds of the guest's CPU).
KP=/sys/kernel/debug/kprobes/list
settle() {
	i=0
	while [ -r "$KP" ] && [ $i -lt 300 ] && [ "$(wc -l <"$KP")" -gt 0 ]; do
		sleep 1
		i=$((i + 1))
	done
}

# names N: the next N names never used before (wrapping when exhausted)
next=1
names() {
	if [ $((next + $1 - 1)) -gt "$total" ]; then next=1; echo "# (names reused: kprobe verdicts kept)"; fi
	sed -n "${next},$((next + $1 - 1))p" "$T/all" >"$T/set"
	next=$((next + $1))
}
# module_read: set already written; prints "us walk_us lookup_us probe_us"
module_read() {
	us=$(./kscan --tread "$R" | cut -d' ' -f1)
	cat "$R" >"$T/report"
	echo "$us $(hdr "$T/report" walk_us) $(hdr "$T/report" lookup_us) $(hdr "$T/report" probe_us) $(hdr "$T/report" lookup)"
}

echo
echo "## first read against kscan"
echo "targets | module first read us | lookup | walk_us | lookup_us | probe_us | kscan us | module/kscan"
for n in 1 10 100 1000 10000; do
	runs=5
	[ "$n" -ge 10000 ] && runs=3
	: >"$T/m" ; : >"$T/k"; : >"$T/w"; : >"$T/l"; : >"$T/p"
	r=0
	while [ $r -lt $runs ]; do
		names "$n"
		./kscan --twrite "$R" "$T/set" >/dev/null
		set -- $(module_read)
		echo "$1" >>"$T/m"; echo "$2" >>"$T/w"; echo "$3" >>"$T/l"; echo "$4" >>"$T/p"; how=$5
		./kscan -t "$T/set" 2>"$T/kt" >/dev/null
		sed -n 's/^kscan_us=//p' "$T/kt" >>"$T/k"
		r=$((r + 1))
	done
	m=$(median <"$T/m") k=$(median <"$T/k")
	echo "$n | $m | $how | $(median <"$T/w") | $(median <"$T/l") | $(median <"$T/p") | $k | $(ratio "$m" "$k")"
done

echo
echo "## the same set read again (nothing stale: no walk, the shared rendering)"
./kscan --twrite "$R" "$T/set" >/dev/null
./kscan --tread "$R" >/dev/null
for i in 1 2 3; do ./kscan --tread "$R" | cut -d' ' -f1; done | median | sed 's/^/second read of 10,000 targets, us: /'

echo
echo "## the same names again after a replace (their facts kept): medians of 3"
cp "$T/set" "$T/again"
names 10000
cp "$T/set" "$T/other"
: >"$T/m" ; : >"$T/k"; : >"$T/w"; : >"$T/l"; : >"$T/p"
for r in 1 2 3; do
	./kscan --twrite "$R" "$T/other" >/dev/null
	./kscan --tread "$R" >/dev/null
	settle
	./kscan --twrite "$R" "$T/again" >/dev/null
	set -- $(module_read)
	echo "$1" >>"$T/m"; echo "$2" >>"$T/w"; echo "$3" >>"$T/l"; echo "$4" >>"$T/p"; how=$5
	./kscan -t "$T/again" 2>"$T/kt" >/dev/null
	sed -n 's/^kscan_us=//p' "$T/kt" >>"$T/k"
done
m=$(median <"$T/m") k=$(median <"$T/k")
echo "10,000 names read before: module $m us (lookup=$how, walk_us $(median <"$T/w"), lookup_us $(median <"$T/l"), probe_us $(median <"$T/p")), kscan $k us, module/kscan $(ratio "$m" "$k")"
echo "  each run: module $(tr '\n' ' ' <"$T/m")us; kscan $(tr '\n' ' ' <"$T/k")us"

echo
echo "## lookup=index against lookup=walk (kprobe verdicts kept, so the difference is the search)"
echo "targets | index lookup_us | walk lookup_us"
for n in 10 100 1000 3000; do
	names "$n"
	./kscan --twrite "$R" "$T/set" >/dev/null
	cat "$R" >/dev/null
	echo index >"$P/lookup"; cat "$R" >"$T/ri"
	echo walk >"$P/lookup"; cat "$R" >"$T/rw"
	echo "$n | $(hdr "$T/ri" lookup_us) | $(hdr "$T/rw" lookup_us)"
done
echo auto >"$P/lookup"

echo
echo "## memory"
: >"$R"
# memline LABEL SINCE: the growth since SINCE (kB) per symbol of
# $T/report, the report itself left out.
memline() {
	syms=$(grep -c '^sym ' "$T/report")
	bytes=$(wc -c <"$T/report")
	d=$(( $(mem) - $2 ))
	echo "$1: $syms symbols, slab+vmalloc +$d kB, report $bytes bytes," \
	     "$(awk -v d="$d" -v b="$bytes" -v s="$syms" 'BEGIN { printf "%.0f", (d * 1024 - b) / s }') B per symbol besides the report"
}
cat "$R" >/dev/null
m0=$(mem)
for n in 1000 10000; do
	names "$n"
	./kscan --twrite "$R" "$T/set" >/dev/null
	cat "$R" >"$T/report"
	# the probes of the walk are unregistered by a work item: let it run
	sleep 3
	memline "targets=$n" "$m0"
done
# The same 10,000 names again, from an empty set: their facts are kept, so
# nothing is registered and the kept facts do not grow.  What remains is the
# module's own memory for the set (targets, symbols, the sorted view); the
# difference from the line above is the kernel's kprobe bookkeeping and the
# kept facts of the new addresses.
cp "$T/set" "$T/again2"
: >"$R"
cat "$R" >/dev/null
sleep 3
m2=$(mem)
./kscan --twrite "$R" "$T/again2" >/dev/null
cat "$R" >"$T/report"
sleep 3
memline "targets=10000 asked before (the module's own)" "$m2"
# Four readers hold the report open at once: one rendering between them.
m1=$(mem)
exec 3<"$R" 4<"$R" 5<"$R" 6<"$R"
echo "4 readers open at once: slab+vmalloc +$(( $(mem) - m1 )) kB (report $(wc -c <"$T/report") bytes)"
exec 3<&- 4<&- 5<&- 6<&-
echo vfs_read >"$R"
cat "$R" >/dev/null
echo "after shrinking to 1 target: slab+vmalloc +$(( $(mem) - m0 )) kB"

# Appending one name per write() against one write() of the same names
# (issue 8: appends were quadratic).
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
