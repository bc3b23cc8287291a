#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the Debian image with ksymstat.ko loaded: sets the answers of
# the tools people already use beside ksymstat's, over a fixed-seed sample
# of kernel functions plus the hard cases (names with several symbols,
# clones only, notrace, kprobe-blacklisted, module functions).
#   bpftrace -l 'kprobe:*'        vs attach.kprobe_event (by name)
#   perf probe --funcs            vs attach.kprobe_event
#   trace-cmd list -f             vs attach.ftrace
#   bpftool btf dump (FUNC)       vs attach.fentry (BTF is its first need)
# and real attaches on a small subsample: bpftrace kprobe, perf probe -a.
# Prints a Markdown table (also $KSYMSTAT_OUT/peers.md) and TAP 13: each
# comparison is a test that fails when nothing could be compared.
#   KS_PEER_SAMPLE (default 1000), KS_PEER_ATTACH (default 8), KS_PEER_SEED.
set -u
R=/sys/kernel/debug/ksymstat
out=${KSYMSTAT_OUT:-/tmp}
T=$(mktemp -d)
sample=${KS_PEER_SAMPLE:-1000}
nattach=${KS_PEER_ATTACH:-8}
seed=${KS_PEER_SEED:-42}
AFF=/sys/kernel/tracing/available_filter_functions
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
now() { date +%s.%N; }
dt() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "TAP version 13"
[ -e "$R" ] || { echo "ok 1 # SKIP ksymstat not loaded"; echo "1..1"; exit 4; }

# The sample: text symbols, fixed seed; then the hard cases.
awk '$2 ~ /^[Tt]$/ && NF == 3 && $3 !~ /\./ { print $3 }' /proc/kallsyms | sort -u >"$T/names"
awk -v s="$seed" -v k="$sample" 'BEGIN { srand(s) } { a[NR] = $0 }
	END { for (i = NR; i > 1; i--) { j = int(rand() * i) + 1; t = a[i]; a[i] = a[j]; a[j] = t }
	      for (i = 1; i <= k && i <= NR; i++) print a[i] }' "$T/names" >"$T/sample"
awk '$2 ~ /^[Tt]$/ && NF == 3 { c[$3]++ } END { for (x in c) if (c[x] > 1) print x }' /proc/kallsyms |
	sort | head -n 20 >"$T/hard-dup"
awk '$2 ~ /^[Tt]$/ && NF == 3 { n[$3] = 1; if (index($3, ".")) b[substr($3, 1, index($3, ".") - 1)] = 1 }
     END { for (x in b) if (!(x in n)) print x }' /proc/kallsyms | sort | head -n 20 >"$T/hard-clone"
sed 's/ .*//' "$AFF" | sort -u >"$T/aff"
comm -23 "$T/names" "$T/aff" | head -n 20 >"$T/hard-notrace"
awk '{ print $2 }' /sys/kernel/debug/kprobes/blacklist 2>/dev/null | sort -u | head -n 20 >"$T/hard-blacklist"
awk 'NF == 4 && $2 ~ /^[Tt]$/ { print $3 }' /proc/kallsyms | sort -u | head -n 20 >"$T/hard-module"
cat "$T/sample" "$T"/hard-* | sort -u >"$T/targets"
echo "# sample: $(wc -l <"$T/sample") random (seed $seed) + hard cases:" \
     "$(wc -l <"$T/hard-dup") duplicate, $(wc -l <"$T/hard-clone") clone-only," \
     "$(wc -l <"$T/hard-notrace") notrace, $(wc -l <"$T/hard-blacklist") blacklisted," \
     "$(wc -l <"$T/hard-module") module = $(wc -l <"$T/targets") names"

t0=$(now)
tr '\n' ' ' <"$T/targets" >"$R"
cat "$R" >"$T/report"
t_ks=$(dt "$t0" "$(now)")
# verdict CLIENT: "name yes|no" from the target lines.
verdict() {
	awk -v c="attach.$1" '$1 == "target" { nm = ""; v = "";
		for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "name") nm = kv[2]; if (kv[1] == c) v = kv[2] }
		if (nm != "" && v != "") print nm, (v == "yes" ? "yes" : "no") }' "$T/report" | sort
}
for c in kprobe_event ftrace fentry; do verdict "$c" >"$T/ks-$c"; done

# peer NAME FILE-OF-LISTED-NAMES CLIENT SECONDS
table="| peer | ksymstat client | names | agree | listed by the peer only | ksymstat yes only | peer time | ksymstat time |"
table="$table"$'\n'"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
peer() {
	local name=$1 listed=$2 client=$3 secs=$4
	sort -u "$listed" >"$T/l"
	awk 'FILENAME == ARGV[1] { l[$1] = 1; next }
	     { p = ($1 in l) ? "yes" : "no"; if (p == $2) a++; else if (p == "yes") po++; else ko++; n++
	       if (p != $2 && d++ < 8) print "#   " $1 ": peer " p ", ksymstat " $2 > "/dev/stderr" }
	     END { print n + 0, a + 0, po + 0, ko + 0 }' "$T/l" "$T/ks-$client" >"$T/cmp" 2>"$T/diff"
	read -r total agree ponly konly <"$T/cmp"
	echo "# $name vs $client: $agree of $total agree ($ponly peer-only, $konly ksymstat-only)"
	cat "$T/diff"
	table="$table"$'\n'"| $name | $client | $total | $agree | $ponly | $konly | $secs s | $t_ks s |"
	if [ "$total" -gt 0 ]; then ok "$name compared on $total names"; else not_ok "$name compared on no names"; fi
}

t0=$(now); bpftrace -l 'kprobe:*' 2>/dev/null | sed 's/^kprobe://' >"$T/bt"; t=$(dt "$t0" "$(now)")
peer "bpftrace -l kprobe:*" "$T/bt" kprobe_event "$t"
t0=$(now); perf probe --funcs --no-demangle 2>/dev/null >"$T/perf"; t=$(dt "$t0" "$(now)")
peer "perf probe --funcs" "$T/perf" kprobe_event "$t"
t0=$(now); trace-cmd list -f 2>/dev/null | sed 's/ .*//' >"$T/tc"; t=$(dt "$t0" "$(now)")
peer "trace-cmd list -f" "$T/tc" ftrace "$t"
t0=$(now)
bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null |
	sed -n "s/^\[[0-9]*\] FUNC '\([^']*\)'.*/\1/p" >"$T/btf"
t=$(dt "$t0" "$(now)")
peer "bpftool btf dump (FUNC)" "$T/btf" fentry "$t"

# Real attaches on a small subsample: the first names of the sample and of
# each hard case.
{ head -n "$nattach" "$T/sample"; for f in "$T"/hard-*; do head -n 1 "$f"; done; } |
	sort -u >"$T/attach"
bt_agree=0 pf_agree=0 na=0
while read -r f; do
	ks=$(awk -v f="$f" '$1 == f { print $2 }' "$T/ks-kprobe_event")
	[ -n "$ks" ] || continue
	na=$((na + 1))
	timeout 120 bpftrace -e "kprobe:$f {} BEGIN { exit(); }" >/dev/null 2>&1 && bt=yes || bt=no
	perf probe -q -a "$f" >/dev/null 2>&1 && pf=yes || pf=no
	perf probe -q -d "probe:$f" >/dev/null 2>&1
	[ "$bt" = "$ks" ] && bt_agree=$((bt_agree + 1))
	[ "$pf" = "$ks" ] && pf_agree=$((pf_agree + 1))
	echo "#   attach $f: ksymstat $ks, bpftrace $bt, perf probe -a $pf"
done <"$T/attach"
table="$table"$'\n'"| bpftrace kprobe attach | kprobe_event | $na | $bt_agree | | | | |"
table="$table"$'\n'"| perf probe -a | kprobe_event | $na | $pf_agree | | | | |"
if [ "$na" -gt 0 ]; then ok "real attaches on $na names"; else not_ok "real attaches: none compared"; fi

echo "$table" | tee "$out/peers.md" | sed 's/^/# /'
echo "1..$n"
rm -rf "$T"
[ "$failed" = 0 ]
