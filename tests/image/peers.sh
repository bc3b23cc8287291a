#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the Debian image with ksymstat.ko loaded: sets the answers of
# the tools people already use beside ksymstat's, in the same boot, over a
# fixed-seed sample of vmlinux functions plus the hard cases (names with
# several symbols, clones only, notrace, kprobe-blacklisted, weak, module
# functions).
#
# Listings (what the peer says exists), each against the ksymstat client
# that answers the same question:
#   bpftrace -l 'kprobe:*'          attach.kprobe_event
#   perf probe --funcs --filter '*' attach.kprobe_event
#   trace-cmd list -f               attach.ftrace
#   bpftool btf dump (FUNC)         BTF presence (attach.fentry not no_btf)
# Real attaches (the ground truth), over the whole sample: names ksymstat
# calls attachable go in batches (one bpftrace program, one perf probe
# command), split in halves until each failure is one name; the others are
# tried one by one:
#   bpftrace -e 'kprobe:NAME ...'   attach.kprobe_event
#   bpftrace -e 'kfunc:NAME ...'    attach.fentry
#   perf probe -a NAME (deleted)    attach.kprobe_event
# Every disagreement is put in a class named by ksymstat's own verdict for
# the name (count, reason); tests/image/peers.classes lists the classes
# explained in docs/peers.md.  A comparison passes when it compared names
# and every disagreement falls in an explained class.
#
# Prints TAP 13 and a Markdown table (also $KSYMSTAT_OUT/peers.md, the
# per-name answers in $KSYMSTAT_OUT/peers.tsv).  Exit 4 when ksymstat is not
# loaded.  KS_PEER_SAMPLE (default 1000), KS_PEER_SEED (42), KS_PEER_BATCH
# (64), KS_PEER_NO_MAX (names ksymstat refuses, tried one by one: hard
# cases first, 100), KS_PEER_TIMEOUT (seconds per peer command, 600;
# KS_PEER_TIMEOUT_ONE, 120, for a command on one name).
set -u
export LC_ALL=C
R=/sys/kernel/debug/ksymstat
here=$(cd "$(dirname "$0")" && pwd)
out=${KSYMSTAT_OUT:-/tmp}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sample=${KS_PEER_SAMPLE:-1000}
seed=${KS_PEER_SEED:-42}
batch=${KS_PEER_BATCH:-64}
ptimeout=${KS_PEER_TIMEOUT:-600}
stimeout=${KS_PEER_TIMEOUT_ONE:-120}
nomax=${KS_PEER_NO_MAX:-100}
AFF=/sys/kernel/tracing/available_filter_functions
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
now() { date +%s.%N; }
dt() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "TAP version 13"
if [ ! -e "$R" ]; then
	echo "1..0 # SKIP ksymstat is not loaded"
	exit 4
fi
echo "# $(uname -r) $(uname -m); $(bpftrace --version 2>&1 | head -n 1);" \
     "perf $(perf version 2>&1 | sed 's/^perf version //');" \
     "trace-cmd $(trace-cmd --version 2>&1 | sed -n 's/.*version \([^ ]*\).*/\1/p' | head -n 1);" \
     "$(bpftool version 2>&1 | head -n 1)"

# 1. The sample: vmlinux text names, fixed seed; then the hard cases.
awk '$2 ~ /^[TtWw]$/ && NF == 3 && $3 !~ /\./ { print $3 }' /proc/kallsyms | sort -u >"$T/names"
awk -v s="$seed" -v k="$sample" 'BEGIN { srand(s) } { a[NR] = $0 }
	END { for (i = NR; i > 1; i--) { j = int(rand() * i) + 1; t = a[i]; a[i] = a[j]; a[j] = t }
	      for (i = 1; i <= k && i <= NR; i++) print a[i] }' "$T/names" | sort >"$T/sample"
hard() { sort -u | head -n 20 >"$T/hard-$1"; }
awk '$2 ~ /^[Tt]$/ && NF == 3 { c[$3]++ } END { for (x in c) if (c[x] > 1) print x }' /proc/kallsyms | hard dup
awk '$2 ~ /^[Tt]$/ && NF == 3 { n[$3] = 1; if (index($3, ".")) b[substr($3, 1, index($3, ".") - 1)] = 1 }
     END { for (x in b) if (!(x in n)) print x }' /proc/kallsyms | hard clone_only
sed 's/ .*//' "$AFF" | sort -u >"$T/aff"
awk '$2 ~ /^[Tt]$/ && NF == 3 && $3 !~ /\./ { print $3 }' /proc/kallsyms | sort -u |
	comm -23 - "$T/aff" | grep -v '^__' | hard notrace
awk '$1 ~ /^0x/ { print $2 }' /sys/kernel/debug/kprobes/blacklist 2>/dev/null | grep -v '\.' | hard blacklisted
awk '$2 ~ /^[Ww]$/ && NF == 3 { print $3 }' /proc/kallsyms | hard weak
awk 'NF == 4 && $2 ~ /^[Tt]$/ && $3 !~ /\./ { print $3 }' /proc/kallsyms | grep -v '^__' | hard module
cat "$T/sample" "$T"/hard-* | grep -v '^$' | sort -u >"$T/targets"
summary="$(wc -l <"$T/sample") random (seed $seed)"
for f in "$T"/hard-*; do summary="$summary, $(wc -l <"$f") ${f##*/hard-}"; done
echo "# sample: $summary = $(wc -l <"$T/targets") names"

# 2. ksymstat's answer: one write, one read.
t0=$(now)
tr '\n' ' ' <"$T/targets" >"$R"
cat "$R" >"$T/report"
t_ks=$(dt "$t0" "$(now)")
cp "$T/report" "$out/peers-report"
# name count kprobe_event fentry ftrace where (verdicts as printed; where:
# "module" when a symbol of the name is in a module, else "vmlinux")
awk '{ delete f
	for (i = 2; i <= NF; i++) { k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); f[k] = v } }
     $1 == "target" { n[++nt] = f["name"]; line[f["name"]] = f["name"] " " f["count"] " " f["attach.kprobe_event"] " " f["attach.fentry"] " " f["attach.ftrace"] }
     $1 == "sym" && f["owner"] != "vmlinux" { mod[f["target"]] = 1 }
     END { for (i = 1; i <= nt; i++) print line[n[i]], (n[i] in mod) ? "module" : "vmlinux" }' \
	"$T/report" | sort >"$T/ks"
echo "# ksymstat: $(wc -l <"$T/ks") targets in $t_ks s"
# ksymstat's yes/no for one client column (3 kprobe_event, 4 fentry,
# 5 ftrace, 6 BTF presence).
# "unknown" where ksymstat's verdict is unknown:REASON.
ks_yes() {
	awk -v c="$1" '{ w = (c == 6) ? $4 : $c
		if (w ~ /^unknown/) v = "unknown"
		else if (c == 6) v = (w ~ /:no_btf$/) ? "no" : "yes"
		else v = (w == "yes") ? "yes" : "no"
		print $1, v }' "$T/ks"
}
# The class of a disagreement: which way, and ksymstat's verdict for the
# name with the errno dropped ("ambiguous", "notrace", "count=0", ...).
classify() {
	awk -v c="$1" 'function r(v) { sub(/^no:[A-Z0-9_]*:/, "", v); return v }
	     FILENAME == ARGV[1] { k[$1] = $0; next }
	     { split(k[$1], f, " "); v = r((c == 6) ? f[4] : f[c])
	       if (v == "yes" && c != 5) v = "yes+ftrace_" r(f[5])
	       if (f[6] == "module") v = v "+module"
	       print $1, $2, v, "count=" f[2] }' "$T/ks" -
}

table="| peer | ksymstat answer | names | agree | peer yes, ksymstat no | peer no, ksymstat yes | ksymstat unknown | peer timed out | peer time | ksymstat time |"
table="$table"$'\n'"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
: >"$out/peers.tsv"
# compare LABEL KEY ANSWERS COLUMN SECONDS: ANSWERS holds "name yes|no|timeout".
compare() {
	local label=$1 key=$2 answers=$3 col=$4 secs=$5
	ks_yes "$col" >"$T/k"
	join "$T/k" <(sort -u "$answers") >"$T/j"
	local total agree py ky ku na bad
	total=$(wc -l <"$T/j")
	agree=$(awk '$2 == $3 && $2 != "unknown"' "$T/j" | wc -l)
	py=$(awk '$3 == "yes" && $2 == "no"' "$T/j" | wc -l)
	ky=$(awk '$3 == "no" && $2 == "yes"' "$T/j" | wc -l)
	ku=$(awk '$2 == "unknown"' "$T/j" | wc -l)
	na=$(awk '$2 != "unknown" && $3 != "yes" && $3 != "no"' "$T/j" | wc -l)
	awk -v k="$key" '{ print k, $0 }' "$T/j" >>"$out/peers.tsv"
	# Disagreements by class: KEY WHICH-WAY KSYMSTAT-REASON.
	awk '$2 != $3 && $2 != "unknown" && ($3 == "yes" || $3 == "no") { print $1, ($3 == "yes" ? "peer_yes" : "peer_no") }' "$T/j" |
		classify "$col" | awk -v k="$key" '{ print k, $2, $3 }' | sort | uniq -c |
		sort -rn >"$T/classes"
	echo "# $label: $agree of $total agree; peer yes/ksymstat no $py, peer no/ksymstat yes $ky, ksymstat unknown $ku, peer timed out $na (peer $secs s, ksymstat $t_ks s)"
	bad=0
	while read -r cnt k way reason; do
		if grep -qx "$k $way $reason" "$here/peers.classes"; then
			echo "#   $cnt $way, ksymstat $reason (explained in docs/peers.md)"
		else
			bad=$((bad + cnt))
			echo "#   $cnt $way, ksymstat $reason: NOT EXPLAINED; e.g.:"
			awk '$2 != $3 && $2 != "unknown" && ($3 == "yes" || $3 == "no") { print $1, ($3 == "yes" ? "peer_yes" : "peer_no") }' "$T/j" |
				classify "$col" | awk -v w="$way" -v r="$reason" '$2 == w && $3 == r { print "#     " $1; if (++m == 5) exit }'
		fi
	done <"$T/classes"
	table="$table"$'\n'"| $label | $(case $col in 3) echo kprobe_event ;; 4) echo fentry ;; 5) echo ftrace ;; 6) echo "BTF (fentry not no_btf)" ;; esac) | $total | $agree | $py | $ky | $ku | $na | $secs s | $t_ks s |"
	if [ "$total" = 0 ]; then
		not_ok "$label: no names compared"
	elif [ "$bad" != 0 ]; then
		not_ok "$label: $bad of $total disagree outside the explained classes"
	elif [ "$na" != 0 ]; then
		not_ok "$label: the peer timed out on $na names"
	else
		ok "$label: $agree of $total agree, every disagreement explained"
	fi
}
# listed NAMES-FILE: "name yes|no" over the targets.
listed() {
	join -a 1 -e no -o 0,2.2 "$T/targets" <(sort -u "$1" | sed 's/$/ yes/')
}

# 3. Listings.
t0=$(now); bpftrace -l 'kprobe:*' 2>/dev/null | sed 's/^kprobe://' >"$T/l"; t=$(dt "$t0" "$(now)")
listed "$T/l" >"$T/a"; compare "bpftrace -l 'kprobe:*'" bt_list "$T/a" 3 "$t"
t0=$(now); perf probe --funcs --filter '*' --no-demangle 2>/dev/null >"$T/l"; t=$(dt "$t0" "$(now)")
listed "$T/l" >"$T/a"; compare "perf probe --funcs" perf_funcs "$T/a" 3 "$t"
t0=$(now); trace-cmd list -f 2>/dev/null | sed 's/ .*//' >"$T/l"; t=$(dt "$t0" "$(now)")
listed "$T/l" >"$T/a"; compare "trace-cmd list -f" tc_list "$T/a" 5 "$t"
t0=$(now)
bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null |
	sed -n "s/^\[[0-9]*\] FUNC '\([^']*\)'.*/\1/p" >"$T/l"
t=$(dt "$t0" "$(now)")
listed "$T/l" >"$T/a"; compare "bpftool btf dump (FUNC)" btf_func "$T/a" 6 "$t"

# 4. Real attaches.  try_* NAMES...: succeeds when every name attached.
try_bt() { # PROBE-TYPE NAMES...
	local type=$1 p="" f
	shift
	for f; do p="$p${p:+,}$type:$f"; done
	timeout "$([ $# -gt 1 ] && echo "$ptimeout" || echo "$stimeout")" bpftrace -e "$p { } BEGIN { exit(); }" </dev/null >"$T/try.log" 2>&1
}
try_bt_kprobe() { try_bt kprobe "$@"; }
try_bt_kfunc() { try_bt kfunc "$@"; }
try_perf() {
	local a=() f rc
	for f; do a+=(-a "$f"); done
	timeout "$([ $# -gt 1 ] && echo "$ptimeout" || echo "$stimeout")" perf probe -q "${a[@]}" </dev/null >"$T/try.log" 2>&1
	rc=$?
	perf probe -q -d 'probe:*' </dev/null >/dev/null 2>&1
	return $rc
}
# progress WORDS: to the console as well, so that slow work is told from a
# hang while the suite's own output is still buffered (scripts/guest's
# watchdog reads the console).
progress() {
	echo "peers: $*" >/dev/console 2>/dev/null || echo "peers: $*" >&2
}
# bisect TRY NAMES...: "name yes|no|timeout" for each.  A batch that times
# out is not split: its names are "timeout", and the batch is named.
bisect() {
	local try=$1 rc
	shift
	"$try" "$@"
	rc=$?
	if [ "$rc" = 0 ]; then
		printf '%s yes\n' "$@"
	elif [ "$rc" = 124 ] && [ $# -gt 1 ]; then
		progress "$try: a batch of $# names ($1 .. ${!#}) timed out after ${ptimeout}s"
		echo "# $try: batch $1 .. ${!#} ($# names) timed out after ${ptimeout}s" >&2
		printf '%s timeout\n' "$@"
	elif [ $# = 1 ]; then
		[ "$rc" = 124 ] && echo "$1 timeout" || echo "$1 no"
	else
		local h=$(($# / 2))
		bisect "$try" "${@:1:h}"
		bisect "$try" "${@:h+1}"
	fi
}
# attach LABEL KEY TRY COLUMN: the whole target set.
attach() {
	local label=$1 key=$2 try=$3 col=$4 t0 names done=0 total b=0
	t0=$(now)
	: >"$T/a"
	ks_yes "$col" | awk '$2 == "yes" { print $1 }' >"$T/yes"
	total=$(wc -l <"$T/yes")
	while mapfile -t -n "$batch" names && [ ${#names[@]} -gt 0 ]; do
		b=$((b + 1))
		progress "$label: batch $b (${names[0]} ..), $done of $total names done, $(dt "$t0" "$(now)") s"
		bisect "$try" "${names[@]}" >>"$T/a"
		done=$((done + ${#names[@]}))
	done <"$T/yes"
	progress "$label: $done of $total names done; the refused ones next"
	# The names ksymstat refuses fail one by one: at most $nomax of
	# them, the hard cases first.
	ks_yes "$col" | awk '$2 != "yes" { print $1 }' >"$T/no"
	{ cat "$T"/hard-* | sort -u | join - "$T/no"; comm -23 "$T/no" <(cat "$T"/hard-* | sort -u); } |
		head -n "$nomax" >"$T/no-tried"
	while read -r f; do
		bisect "$try" "$f"
	done <"$T/no-tried" >>"$T/a"
	echo "# $label: $(wc -l <"$T/yes") names ksymstat accepts tried in batches of $batch;" \
	     "$(wc -l <"$T/no-tried") of the $(wc -l <"$T/no") it refuses tried one by one"
	compare "$label" "$key" "$T/a" "$col" "$(dt "$t0" "$(now)")"
}
perf probe -q -d 'probe:*' >/dev/null 2>&1
attach "bpftrace kprobe: attach" bt_kprobe try_bt_kprobe 3
attach "bpftrace kfunc: attach" bt_kfunc try_bt_kfunc 4
attach "perf probe -a" perf_probe try_perf 3

echo "$table" >"$out/peers.md"
echo "# the table (also $out/peers.md):"
sed 's/^/# /' "$out/peers.md"
echo "1..$n"
[ "$failed" = 0 ]
