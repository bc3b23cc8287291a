# SPDX-License-Identifier: GPL-2.0
#
# Proof against the real clients (issue 8 part 2), sourced by ksymstat.sh in
# the guest after its own checks (uses its R, T, AFF, BL, check, diag, skip).
# A fixed-seed sample of function names plus the hard cases (same-name
# duplicates, clone-only names, notrace, blacklisted, weak, module
# functions, init text, ftrace aliases) is written to the report; then each
# real client is asked, one name at a time, by kshelper (a static binary
# built by tests/module/build-helper):
#   kprobe_event   tracefs kprobe_events add and remove, by name
#   perf           perf_event_open() of the kprobe PMU, by name
#   kprobe_event   by address (p:ksc/p0 0xADDR), per symbol
#   ftrace         set_ftrace_filter, by name
# and the module's verdict (attach.CLIENT) is counted against the answer.
#
# Environment: KS_CLIENT_SAMPLE names sampled (default 400; the full proof
# is KS_CLIENT_SAMPLE=3000, tests/run's KSYMSTAT_FULL_PROOF=1), all asked of
# kprobe_events; of them, half refusals and half acceptances,
# KS_PERF_SAMPLE (default 200) are asked of the perf PMU and
# KS_FTRACE_SAMPLE (default 150) of
# set_ftrace_filter (each write walks every ftrace record: ~0.2 s under
# TCG); KS_ADDR_SAMPLE symbols (default 300) are asked by address.

H=./kshelper
if [ ! -x "$H" ]; then
	skip "clients: no kshelper in the guest (tests/module/build-helper)"
	return 0 2>/dev/null || exit 0
fi
TR=/sys/kernel/tracing
[ -w "$TR/kprobe_events" ] || mount -t tracefs nodev "$TR" 2>/dev/null

# The sample: fixed seed over every text symbol, then the hard cases.
awk -v want="${KS_CLIENT_SAMPLE:-400}" -v aff="$AFF" -v bl="$BL" '
	FILENAME == aff { sub(/ .*/, ""); traced[$1] = 1; next }
	FILENAME == bl { if (NF >= 2) black[$2] = 1; next }
	$3 == "_sinittext" { is = $1 } $3 == "_einittext" { ie = $1 }
	# BPF programs and ftrace/kprobe trampolines are no functions
	$2 !~ /^[tTwW]$/ || $3 !~ /^[A-Za-z0-9_.$]+$/ || $4 ~ /^\[(bpf|__builtin)/ { next }
	{ n = $3; all[++cnt] = n; seen[n]++; addr[$1] = addr[$1] " " n
	  if ($2 ~ /[wW]/) weak[n] = 1
	  if (NF >= 4) mod[n] = 1
	  lines[cnt] = $1
	  i = index(n, "."); if (i > 1) clone[substr(n, 1, i - 1)] = 1 }
	function take(set, max,   k, m) { m = 0; for (k in set) { if (m++ >= max) break; pick[k] = 1 } }
	END {
		srand(20261127)
		for (k = 0; k < want * 4 && ns < want; k++) {
			n = all[int(rand() * cnt) + 1]
			if (!(n in pick)) { pick[n] = 1; ns++ }
		}
		for (n in seen) if (seen[n] > 1) dup[n] = 1
		for (n in clone) if (!(n in seen)) conly[n] = 1
		for (n in seen) if (!(n in traced)) notr[n] = 1
		for (n in black) if (n in seen) bls[n] = 1
		for (i = 1; i <= cnt; i++) if (is != "" && lines[i] >= is && lines[i] < ie) init[all[i]] = 1
		for (a in addr) if (split(addr[a], w, " ") > 1) for (j in w) alias[w[j]] = 1
		take(dup, 40); take(conly, 20); take(notr, 40); take(bls, 30)
		take(weak, 20); take(mod, 40); take(init, 20); take(alias, 40)
		for (n in pick) print n
	}' "$AFF" "$BL" "$T/kallsyms" | sort >"$T/cl.names"
ncl=$(wc -l <"$T/cl.names")
cat "$T/cl.names" >"$R"
cat "$R" >"$T/cl.report"
diag "clients: $ncl names ($(grep -c '^sym ' "$T/cl.report") symbols)"

# verdicts NAME-KEY CLIENT: "name verdict" for target lines (by name)
by_name() {
	awk -v c="attach.$1" '$1 == "target" { n = $2; sub(/^name=/, "", n)
		for (i = 3; i <= NF; i++) if (index($i, c "=") == 1) print n, substr($i, length(c) + 2) }' "$T/cl.report"
}

# tally CLIENT GOT EXPECT: count agreement, print "n agree refuse_errno_ok
# refuse_errno_differs disagree unknown accepted_not_entry"; lists up to 10
# disagreements as diagnostics.
tally() {
	awk -v client="$1" 'FILENAME == ARGV[1] { want[$1] = $2; next }
	($1 in want) { w = want[$1]; got = $2; n++
		split(w, p, ":")
		if (p[1] == "unknown") {
			if (p[2] == "no_ftrace_site" && got == "ok") acc++
			else { unk++; if (ud++ < 5) print "#   " client " unknown: " $1 " module " w " client " got > "/dev/stderr" }
			next
		}
		if (p[1] == "yes" && got == "ok") { ok++; next }
		if (p[1] == "no" && got != "ok") {
			if (p[2] == got) eok++; else { ebad++; er[p[2] "->" got]++ }
			next
		}
		bad++
		if (d++ < 10) print "#   " client " disagrees: " $1 " module " w " client " got > "/dev/stderr"
	}
	END { for (k in er) print "#   " client " errno differs: module " k " (" er[k] ")" > "/dev/stderr"
		print n + 0, ok + eok + ebad + 0, eok + 0, ebad + 0, bad + 0, unk + 0, acc + 0 }' "$2" "$3"
}

report_client() { # report_client LABEL RESULT-LINE
	set -- "$1" $2
	diag "clients: $1: $2 asked, $3 agree (yes/no), $7 unknown, $8 accepted off-entry; refusals with the same errno $4, other errno $5; disagree $6"
	check "clients: $1 agrees with the module for $3/$2 names" [ "$2" -gt 0 -a "$6" = 0 ]
	check "clients: $1 refuses with the module's errno ($4 same, $5 other)" [ "$5" = 0 ]
}

t0=$(date +%s)
by_name kprobe_event >"$T/cl.kpe.want"
"$H" kprobe_event "$T/cl.names" >"$T/cl.kpe.got" 2>"$T/cl.kpe.err"
res=$(tally kprobe_event "$T/cl.kpe.want" "$T/cl.kpe.got" 2>"$T/cl.kpe.diag")
cat "$T/cl.kpe.diag"
report_client "kprobe_events by name" "$res"
diag "clients: kprobe_events took $(($(date +%s) - t0)) s"

t0=$(date +%s)
# half refusals (they hold the hard cases), half acceptances
half=$(( ${KS_PERF_SAMPLE:-200} / 2 ))
{ awk '$2 != "yes" { print $1 }' "$T/cl.kpe.want" | head -n "$half"
  awk '$2 == "yes" { print $1 }' "$T/cl.kpe.want" | head -n "$half"; } >"$T/cl.perf.names"
if "$H" perf "$T/cl.perf.names" >"$T/cl.perf.got" 2>"$T/cl.perf.err"; then
	# the perf PMU is trace_kprobe too: the same verdict, its own errno
	res=$(tally perf "$T/cl.kpe.want" "$T/cl.perf.got" 2>"$T/cl.perf.diag")
	cat "$T/cl.perf.diag"
	set -- $res
	diag "clients: perf kprobe PMU: $1 asked, $2 agree, disagree $5; errno as kprobe_events $3, other $4"
	check "clients: perf kprobe PMU agrees with attach.kprobe_event for $2/$1 names" [ "$1" -gt 0 -a "$5" = 0 ]
else
	skip "clients: no kprobe PMU ($(cat "$T/cl.perf.err"))"
fi
diag "clients: perf took $(($(date +%s) - t0)) s"

# By address, per exact-name symbol (no ambiguity: trace_kprobe's notrace
# check and register_kprobe() only).
t0=$(date +%s)
awk -v max="${KS_ADDR_SAMPLE:-300}" -v all="$(grep -c '^sym ' "$T/cl.report")" 'BEGIN { srand(20261127) }
	$1 == "sym" {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
	if (a["suffix"] != "-" || seen[a["addr"]]++ || n >= max || rand() * all > max) next
	n++; print substr(a["addr"], 3), a["attach.kprobe_event"] }' "$T/cl.report" >"$T/cl.addr.want"
cut -d' ' -f1 "$T/cl.addr.want" >"$T/cl.addr"
"$H" kprobe_event_addr "$T/cl.addr" >"$T/cl.addr.got" 2>/dev/null
res=$(tally kprobe_event_addr "$T/cl.addr.want" "$T/cl.addr.got" 2>"$T/cl.addr.diag")
cat "$T/cl.addr.diag"
report_client "kprobe_events by address" "$res"
diag "clients: by address took $(($(date +%s) - t0)) s"

# set_ftrace_filter: the hard cases first, then the sample.
t0=$(date +%s)
by_name ftrace >"$T/cl.ft.want"
awk '$2 != "yes"' "$T/cl.ft.want" >"$T/cl.ft.hard"
half=$(( ${KS_FTRACE_SAMPLE:-150} / 2 ))
{ cut -d' ' -f1 "$T/cl.ft.hard" | head -n "$half"
  awk '$2 == "yes" { print $1 }' "$T/cl.ft.want" | head -n "$half"; } >"$T/cl.ft.names"
if [ -w "$TR/set_ftrace_filter" ]; then
	"$H" ftrace "$T/cl.ft.names" >"$T/cl.ft.got" 2>/dev/null
	res=$(tally ftrace "$T/cl.ft.want" "$T/cl.ft.got" 2>"$T/cl.ft.diag")
	cat "$T/cl.ft.diag"
	report_client "set_ftrace_filter by name" "$res"
else
	skip "clients: set_ftrace_filter not writable"
	skip "clients: set_ftrace_filter not writable"
fi
diag "clients: set_ftrace_filter took $(($(date +%s) - t0)) s"

[ -n "${KSYMSTAT_OUT:-}" ] && cp "$T/cl.report" "$KSYMSTAT_OUT/clients-report" &&
	cat "$T"/cl.*.got >"$KSYMSTAT_OUT/clients-answers" 2>/dev/null
: >"$R"
