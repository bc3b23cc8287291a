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
#   fentry         a BPF fentry program loaded with the name's BTF FUNC
#                  (vmlinux BTF first, then the modules', as libbpf looks
#                  it up) and attached (bpf_link_create), by ksattach
#                  (libbpf); the module functions are counted on their own
#   kprobe_multi   bpf_link_create() of a kprobe_multi program on the name
#   livepatch      klp_enable_patch() of old_name/old_sympos by the test
#                  module kslp.ko, per symbol (the report's sympos) and by
#                  name (sympos 0), loaded by kshelper, then disabled and
#                  unloaded
# and the module's verdict (attach.CLIENT) is counted against the answer.
# A kernel without the client (fentry on arm64 6.1, kprobe_multi outside
# amd64 6.12, livepatch on arm64) is asked too where it can be: the module
# must give the errno the real attach gets.  Last, a load with
# /proc/kallsyms made unreadable (a bind mount) must report bind=unknown,
# type ?, exported=unknown and collision=unknown, never a guess.
#
# Environment: KS_CLIENT_SAMPLE names sampled (default 400; the full proof
# is KS_CLIENT_SAMPLE=3000, tests/run's KSYMSTAT_FULL_PROOF=1), all asked of
# kprobe_events; of them, half refusals and half acceptances,
# KS_PERF_SAMPLE (default 200) are asked of the perf PMU and
# KS_FTRACE_SAMPLE (default 150) of
# set_ftrace_filter (each write walks every ftrace record: ~0.2 s under
# TCG); KS_ADDR_SAMPLE symbols (default 300) are asked by address;
# KS_BPF_SAMPLE names (default 100, half refusals) of fentry and of
# kprobe_multi each, and for fentry also up to KS_BPF_MOD_SAMPLE (default
# 80) names with a symbol in a module; KS_LIVEPATCH_SAMPLE patches
# (default 24: half accepted, half refused, each loads and unloads a
# module).

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
	$2 !~ /^[tTwW]$/ || $3 !~ /^[A-Za-z0-9_.$@]+$/ || $4 ~ /^\[(bpf|__builtin)/ { next }
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

# sample_half WANT MAX: up to MAX/2 refusals, up to MAX/2 acceptances and
# up to 10 unknown verdicts of a "name verdict" file, names only.
sample_half() {
	half=$(($2 / 2))
	{ awk '$2 ~ /^no:/ { print $1 }' "$1" | head -n "$half"
	  awk '$2 == "yes" { print $1 }' "$1" | head -n "$half"
	  awk '$2 ~ /^unknown/ { print $1 }' "$1" | head -n 10; }
}

# The names with a symbol in a module (owner other than vmlinux).
awk '$1 == "target" { n = $2; sub(/^name=/, "", n) }
	$1 == "sym" && / owner=/ && !/ owner=vmlinux / { print n }' "$T/cl.report" |
	sort -u >"$T/cl.modnames"

# fentry_modules: the fentry verdicts of the module functions against the
# real attach, on their own: ksattach looks the FUNC up in vmlinux BTF, then
# in each module's BTF, as libbpf does (its third field: which BTF).  Any
# disagreement, another errno, or a module function the module did not
# check (unknown:not_checked) fails.
fentry_modules() {
	nm=$(wc -l <"$T/cl.modnames")
	if [ "$nm" = 0 ]; then
		skip "clients: fentry on module functions: no module function among the names"
		return 0
	fi
	awk 'FILENAME == ARGV[1] { m[$1] = 1; next } ($1 in m)' \
		"$T/cl.modnames" "$T/cl.fentry.want" >"$T/cl.fmod.want"
	res=$(tally fentry "$T/cl.fmod.want" "$T/cl.fentry.got" 2>"$T/cl.fmod.diag")
	cat "$T/cl.fmod.diag"
	set -- $res
	nc=$(awk 'FILENAME == ARGV[1] { a[$1] = 1; next } ($1 in a) && $2 == "unknown:not_checked"' \
		"$T/cl.fentry.got" "$T/cl.fmod.want" | wc -l)
	diag "clients: fentry on module functions: $1 asked, $2 agree (yes/no), disagree $5, unknown $6 (not_checked $nc), accepted off-entry $7; refusals with the same errno $3, other errno $4"
	diag "clients: fentry on module functions, real answers by BTF: $(awk 'FILENAME == ARGV[1] { m[$1] = 1; next } ($1 in m) { print $2 "@" $3 }' "$T/cl.modnames" "$T/cl.fentry.got" | sort | uniq -c | tr -s ' \n' ' ')"
	check "clients: fentry on module functions agrees with the real attach through module BTF for $2/$1 names (disagree $5, other errno $4)" \
		[ "$1" -gt 0 -a "$5" = 0 -a "$4" = 0 ]
	check "clients: fentry on module functions: none unknown:not_checked ($nc of $1)" [ "$nc" = 0 ]
}

# fentry and kprobe_multi: a real attach through libbpf, by name.
A=./ksattach
for c in fentry kprobe_multi; do
	t0=$(date +%s)
	if [ ! -x "$A" ]; then
		skip "clients: $c: no ksattach in the guest (tests/module/build-helper could not build it against libbpf)"
		continue
	fi
	by_name "$c" >"$T/cl.$c.want"
	# fentry: every name with a symbol in a module too (up to
	# KS_BPF_MOD_SAMPLE, default 80), the module-BTF rule (issue 22)
	{ sample_half "$T/cl.$c.want" "${KS_BPF_SAMPLE:-100}"
	  [ "$c" = fentry ] && head -n "${KS_BPF_MOD_SAMPLE:-80}" "$T/cl.modnames"
	} | sort -u >"$T/cl.$c.names"
	if "$A" "$c" "$T/cl.$c.names" >"$T/cl.$c.got" 2>"$T/cl.$c.err"; then
		res=$(tally "$c" "$T/cl.$c.want" "$T/cl.$c.got" 2>"$T/cl.$c.diag")
		cat "$T/cl.$c.diag"
		report_client "$c (libbpf attach)" "$res"
		diag "clients: $c answers: $(cut -d' ' -f2 "$T/cl.$c.got" | sort | uniq -c | tr -s ' \n' ' ')"
		[ "$c" = fentry ] && fentry_modules
	else
		skip "clients: $c: $(cat "$T/cl.$c.err")"
	fi
	diag "clients: $c took $(($(date +%s) - t0)) s"
done

# livepatch.  Per symbol: old_name is the symbol's name, old_sympos its
# sympos, klp_object its owner.  By name: sympos 0 (the target line).
# Only where the module knows the site (yes) or says the patch is refused;
# unknown:no_ftrace_site is not asked (the replacement would skip code).
t0=$(date +%s)
lp_hdr=$(field "$T/cl.report" ksymstat - livepatch)
if [ "$lp_hdr" = no ]; then
	nv=$(grep -o 'attach\.livepatch=[^ ]*' "$T/cl.report" | sort | uniq -c | tr -s ' \n' ' ')
	nall=$(grep -c 'attach\.livepatch=' "$T/cl.report")
	nno=$(grep -c 'attach\.livepatch=no:EOPNOTSUPP:no_support' "$T/cl.report")
	check "clients: livepatch: no CONFIG_LIVEPATCH (no /sys/kernel/livepatch): every verdict is no:EOPNOTSUPP:no_support ($nno/$nall: $nv)" \
		[ ! -d /sys/kernel/livepatch -a "$nall" -gt 0 -a "$nno" = "$nall" ]
elif [ ! -r kslp.ko ]; then
	skip "clients: livepatch: no kslp.ko in the guest (tests/module/build-helper builds it with the kernel's headers)"
elif [ ! -d /sys/kernel/livepatch ]; then
	not_ok "clients: livepatch: the report says livepatch=$lp_hdr but /sys/kernel/livepatch is missing"
else
	# "key verdict name sympos obj site" per symbol, then per ambiguous
	# name; the site of an ambiguous name is its first symbol's, so a
	# patch taken against the prediction still changes nothing.
	awk '{ delete a; for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) } }
	$1 == "target" { tn = a["name"]; tc = a["count"]; tv = a["attach.livepatch"]; next }
	$1 == "sym" {
		o = a["owner"] == "vmlinux" ? "-" : a["owner"]
		site = a["ftrace_addr"] == "-" ? 0 : a["ftrace_addr"]
		k = a["name"] ":" a["sympos"]
		if (!(k in seen)) { seen[k] = 1; print k, a["attach.livepatch"], a["name"], a["sympos"], o, site }
		if (a["name"] == tn && tc > 1 && !((tn ":0") in seen)) {
			seen[tn ":0"] = 1; print tn ":0", tv, tn, 0, o, site }
	}' "$T/cl.report" >"$T/cl.lp.all"
	half=$(( ${KS_LIVEPATCH_SAMPLE:-24} / 2 ))
	# half refusals (up to half of them by name, sympos 0), half taken
	{ { awk '$2 ~ /^no:/ && $4 == 0' "$T/cl.lp.all" | head -n $((half / 2))
	    awk '$2 ~ /^no:/ && $4 != 0' "$T/cl.lp.all" | head -n "$half"; } |
		awk '!seen[$1]++' | head -n "$half"
	  awk '$2 == "yes"' "$T/cl.lp.all" | head -n "$half"; } >"$T/cl.lp.pick"
	cut -d' ' -f1,2 "$T/cl.lp.all" >"$T/cl.lp.want"
	cut -d' ' -f3- "$T/cl.lp.pick" >"$T/cl.lp.list"
	"$H" livepatch ./kslp.ko "$T/cl.lp.list" >"$T/cl.lp.got" 2>"$T/cl.lp.err"
	rc=$?
	[ -s "$T/cl.lp.err" ] && sed 's/^/#   /' "$T/cl.lp.err"
	res=$(tally livepatch "$T/cl.lp.want" "$T/cl.lp.got" 2>"$T/cl.lp.diag")
	cat "$T/cl.lp.diag"
	report_client "livepatch (klp_enable_patch)" "$res"
	check "clients: livepatch: every patch disabled and unloaded (kshelper exit $rc)" [ "$rc" = 0 ]
fi
diag "clients: livepatch took $(($(date +%s) - t0)) s"

# bind=unknown: the vmlinux type letters come from /proc/kallsyms; with
# another proc file bound over it (/proc/filesystems: a seq_file like
# kallsyms, whose lines have no space, so no letter can be read) from
# before insmod, the report must say unknown: type ?, bind=unknown,
# exported=unknown, collision=unknown, never a guess.  (A file that is not
# a seq_file, /dev/null or a tmpfs file, oopses the module today:
# module/types.c hands it to seq_read_iter() unchecked; not tested here.)
f=${KS_TEST_MOD_FUNC:-}
[ -n "$f" ] && grep -q " $f	\[" /proc/kallsyms || f=
echo "vfs_read schedule $f" >"$R"
before=$(field "$R" sym vfs_read bind)/$(field "$R" sym vfs_read exported)
KO=/lib/ksymstat/ksymstat.ko
if [ ! -r "$KO" ]; then
	skip "bind=unknown: no $KO to reload"
# A plain file, not a seq_file, over /proc/kallsyms: the module took its
# private data for a seq_file and oopsed before it checked the file's identity.
elif rmmod ksymstat && : >"$T/unk.mask" && mount -o bind "$T/unk.mask" /proc/kallsyms 2>"$T/unk.err"; then
	insmod "$KO" "targets=vfs_read,schedule${f:+,$f}" 2>>"$T/unk.err"
	rc=$?
	cat "$R" >"$T/unk.report" 2>>"$T/unk.err"
	# the module may keep the file open: unload before the umount
	rmmod ksymstat 2>/dev/null
	umount /proc/kallsyms || not_ok "bind=unknown: umount /proc/kallsyms"
	insmod "$KO" || not_ok "bind=unknown: ksymstat.ko reloads after the test"
	set -- $(awk '$1 == "sym" { n++; if ($0 ~ / owner=vmlinux /) { v++
		if ($0 ~ / type=\? / && $0 ~ / bind=unknown / && $0 ~ / exported=unknown /) u++ } }
		END { print n + 0, v + 0, u + 0 }' "$T/unk.report")
	check "bind=unknown: /proc/kallsyms unreadable at load (insmod $rc): $3/$2 vmlinux symbols read type ?, bind=unknown, exported=unknown" \
		[ "$2" -gt 0 -a "$3" = "$2" ]
	check "bind=unknown: vfs_read collision=unknown, no class guessed" \
		[ "$(field "$T/unk.report" target vfs_read collision)" = unknown ]
	if [ -n "$f" ]; then
		b=$(field "$T/unk.report" sym "$f" bind)
		check "bind=unknown: $f keeps bind=$b from its module's own symtab" [ "$b" = global -o "$b" = local -o "$b" = weak ]
	fi
	echo "vfs_read schedule $f" >"$R"
	after=$(field "$R" sym vfs_read bind)/$(field "$R" sym vfs_read exported)
	check "bind=unknown: /proc/kallsyms back: vfs_read bind/exported $after as before ($before)" \
		[ "$after" = "$before" -a "${before%%/*}" = global ]
else
	skip "bind=unknown: cannot bind-mount over /proc/kallsyms ($(cat "$T/unk.err"))"
	[ -e "$R" ] || insmod "$KO"
fi

[ -n "${KSYMSTAT_OUT:-}" ] && cp "$T/cl.report" "$KSYMSTAT_OUT/clients-report" &&
	cat "$T"/cl.*.got >"$KSYMSTAT_OUT/clients-answers" 2>/dev/null
: >"$R"
