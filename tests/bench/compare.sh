#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two builds of ksymstat.ko in one guest boot (BENCHMARKS.md, issue 9): the
# one loaded at boot (new.ko), then old.ko, then new.ko again.  For each:
# the first read of 10,000 names, the read of the same names asked before
# (another 10,000 set in between), a second read, kscan on the same names,
# the memory, and the reports of kprobe_cache=0, lookup=walk and
# lookup=index; at the end the report bodies (header line aside) of old
# and new are compared.  Prints figures; the reports go to $KSYMSTAT_OUT.
#   scripts/guest --ko new.ko --module-args targets=vfs_read \
#       --put new.ko --put old.ko --put kscan --put tests/bench/compare.sh \
#       -- sh compare.sh
# (kscan: ../shared/bench/kscan.c, static, as scripts/bench builds it; N=
# in the environment changes the 10,000.)
R=/sys/kernel/debug/ksymstat
P=/sys/module/ksymstat/parameters
O=${KSYMSTAT_OUT:-/out}
mem() { awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo; }
hdr() { head -n 1 "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
./kscan --pick 20261127 >/tmp/all
echo "names: $(wc -l </tmp/all)"
N=${N:-10000}
head -n $N /tmp/all >/tmp/setA
sed -n "$((N + 1)),$((2 * N))p" /tmp/all >/tmp/setB
run() {
	tag=$1
	: >$R; cat $R >/dev/null; sleep 2; m0=$(mem)
	./kscan --twrite $R /tmp/setA >/dev/null
	t1=$(./kscan --tread $R | cut -d' ' -f1); cat $R >$O/$tag.first
	sleep 3; m1=$(mem)
	./kscan --twrite $R /tmp/setB >/dev/null; cat $R >/dev/null
	./kscan --twrite $R /tmp/setA >/dev/null
	t2=$(./kscan --tread $R | cut -d' ' -f1); cat $R >$O/$tag.again
	sleep 2; m2=$(mem)
	t3=$(./kscan --tread $R | cut -d' ' -f1)
	k=$(./kscan -t /tmp/setA 2>&1 >/dev/null | sed -n 's/^kscan_us=//p')
	syms=$(grep -c '^sym ' $O/$tag.first); bytes=$(wc -c <$O/$tag.first)
	echo "$tag: first $t1 us (walk $(hdr $O/$tag.first walk_us) lookup $(hdr $O/$tag.first lookup_us) probe $(hdr $O/$tag.first probe_us))"
	echo "$tag: again $t2 us (walk $(hdr $O/$tag.again walk_us) lookup $(hdr $O/$tag.again lookup_us) probe $(hdr $O/$tag.again probe_us)) second $t3 us kscan $k us ratio $(awk -v a=$t2 -v b=$k 'BEGIN{printf "%.3f", a/b}')"
	echo "$tag: syms $syms bytes $bytes mem first +$((m1 - m0)) kB again +$((m2 - m0)) kB: per sym besides report first $(awk -v d=$((m1 - m0)) -v b=$bytes -v s=$syms 'BEGIN { printf "%.0f", (d * 1024 - b) / s }') again $(awk -v d=$((m2 - m0)) -v b=$bytes -v s=$syms 'BEGIN { printf "%.0f", (d * 1024 - b) / s }')"
	: >$R; cat $R >/dev/null; sleep 2; ma=$(mem)
	./kscan --twrite $R /tmp/setA >/dev/null; cat $R >/dev/null; sleep 2; mb=$(mem)
	echo "$tag: ours (names asked before): +$((mb - ma)) kB, per sym besides report $(awk -v d=$((mb - ma)) -v b=$bytes -v s=$syms 'BEGIN { printf "%.0f", (d * 1024 - b) / s }')"
	echo 0 >$P/kprobe_cache; cat $R >$O/$tag.fresh; echo 1 >$P/kprobe_cache
	echo walk >$P/lookup; cat $R >$O/$tag.walk; echo index >$P/lookup; cat $R >$O/$tag.index; echo auto >$P/lookup
}
run new1
rmmod ksymstat
insmod ./old.ko targets=vfs_read
run old
rmmod ksymstat
insmod ./new.ko targets=vfs_read
run new2
for f in first again fresh walk index; do
	for t in new1 new2; do
		tail -n +2 $O/old.$f >/tmp/o; tail -n +2 $O/$t.$f >/tmp/n
		if cmp -s /tmp/o /tmp/n; then echo "same body: old.$f $t.$f"; else echo "DIFFERENT: old.$f $t.$f"; diff /tmp/o /tmp/n | head -5; fi
	done
done
