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
# Beside it in the guest: cases (known cases), suffix.ere (the clone-suffix
# grammar, from tools/ksymstat rules suffix-ere), kshelper (static helper,
# tests/module/build-helper) and clients.sh (the proof against the real
# clients, sourced at the end).
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
# setdiff A B: lines of sorted unique files; prints "common onlyA onlyB" and
# lists up to 10 differences as diagnostics (busybox has no comm).
setdiff() {
	awk 'FILENAME == ARGV[1] { a[$0] = 1; next } { b[$0] = 1 }
	     END { for (k in a) if (k in b) c++; else { oa++; if (d++ < 10) print "#   only in " ARGV[1] ": " k > "/dev/stderr" }
		   for (k in b) if (!(k in a)) { ob++; if (d++ < 10) print "#   only in " ARGV[2] ": " k > "/dev/stderr" }
		   print c + 0, oa + 0, ob + 0 }' "$1" "$2"
}
field() { # field FILE KIND NAME KEY: KEY of the first KIND record of NAME
	awk -v k="$2" -v n="$3" -v f="$4" '
	$1 == k { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		  if ((k == "sym" && a["name"] == n) || (k != "sym" && a["name"] == n) || k == "ksymstat") { print a[f]; exit } }' "$1"
}

cat /proc/kallsyms >"$T/kallsyms"

# 1. Header and framing.
targets kvm_write_guest
report r1
check "header: format version 3" [ "$(field "$T/r1" ksymstat - version)" = 3 ]
check "header: release is uname -r" [ "$(field "$T/r1" ksymstat - release)" = "$(uname -r)" ]
check "header: arch is uname -m" [ "$(field "$T/r1" ksymstat - arch)" = "$(uname -m)" ]
walked=$(field "$T/r1" ksymstat - symbols)
# /proc/kallsyms also lists what no kallsyms walker visits: BPF programs,
# ftrace and kprobe trampolines ([bpf], [__builtin__*]); the per-CPU
# variables of modules (type a: an offset, not an address) are visited by the
# module walker of 6.1 but not of 6.12.
set -- $(awk '$4 ~ /^\[(bpf|__builtin)/ { next } NF >= 4 && $2 ~ /^[aA]$/ { a++; next } { n++ }
	END { print n + 0, a + 0 }' "$T/kallsyms")
check "header: symbols walked ($walked) = /proc/kallsyms lines ($1, +$2 module per-CPU)" \
	[ "$walked" -ge "$1" -a "$walked" -le $(($1 + $2)) ]
k=$(field "$T/r1" ksymstat - kaslr_offset)
case $(uname -m) in
aarch64|x86_64) check "header: kaslr_offset known ($k)" [ "${k#0x}" != "$k" ] ;;
*) skip "kaslr_offset: no rule for $(uname -m)" ;;
esac
# The build-ids (format version 3) against the kernel's own notes files,
# parsed here (little-endian ELF notes: arm64 and x86_64): vmlinux's in
# /sys/kernel/notes, a module's in /sys/module/NAME/notes.  The host half
# (host-report.sh) sets them against the -dbg vmlinux and the .ko files.
note_id() { # note_id FILE: the GNU build-id of an ELF notes file, or none
	od -An -v -tx1 "$1" 2>/dev/null | awk '
	function h(x) { return (index(X, substr(x, 1, 1)) - 1) * 16 + index(X, substr(x, 2, 1)) - 1 }
	function w(i) { return ((h(b[i + 3]) * 256 + h(b[i + 2])) * 256 + h(b[i + 1])) * 256 + h(b[i]) }
	BEGIN { X = "0123456789abcdef" }
	{ for (i = 1; i <= NF; i++) b[n++] = $i }
	END {
		for (o = 0; o + 12 <= n; o = d + int((ds + 3) / 4) * 4) {
			ns = w(o); ds = w(o + 4); ty = w(o + 8); o += 12
			d = o + int((ns + 3) / 4) * 4
			if (ty == 3 && ns == 4 && b[o] b[o + 1] b[o + 2] b[o + 3] == "474e5500") {
				for (i = 0; i < ds; i++) id = id b[d + i]
				print id; exit
			}
		}
		print "none"
	}'
}
bid=$(field "$T/r1" ksymstat - build_id)
nid=$(note_id /sys/kernel/notes)
diag "build_id: report $bid, /sys/kernel/notes $nid"
check "header: build_id = /sys/kernel/notes' GNU build-id ($nid)" [ "$bid" = "$nid" ]
check "header: build_id is lowercase hex (Debian links with --build-id)" \
	sh -c "echo '$bid' | grep -qx '[0-9a-f]\{2,128\}'"
check "module lines exactly when a module owns a reported symbol" \
	awk '$1 == "sym" && $0 !~ / owner=vmlinux / { m = 1 } $1 == "module" { l = 1 } END { exit m != l }' "$T/r1"
if [ -n "${KS_TEST_MOD:-}" ] && grep -q "^$KS_TEST_MOD " /proc/modules; then
	targets "kvm_write_guest $KS_TEST_MOD_FUNC vfs_read"
	report mods
	mid=$(field "$T/mods" module "$KS_TEST_MOD" build_id)
	kid=$(note_id "/sys/module/$KS_TEST_MOD/notes/.note.gnu.build-id")
	check "module line: $KS_TEST_MOD build_id = its /sys/module notes ($kid)" \
		[ -n "$mid" -a "$mid" = "$kid" -a "$kid" != none ]
	check "module lines: one per owner module, sorted, before the first target" awk '
		$1 == "module" { split($2, kv, "="); if (t || kv[2] <= last) bad = 1; last = kv[2]; m[kv[2]] = 1 }
		$1 == "target" { t = 1 }
		$1 == "sym" { for (i = 2; i <= NF; i++) if ($i ~ /^owner=/) o = substr($i, 7); if (o != "vmlinux") s[o] = 1 }
		END { for (k in s) if (!(k in m)) bad = 1; for (k in m) if (!(k in s)) bad = 1; exit bad }' "$T/mods"
else
	skip "no test module loaded (KS_TEST_MOD): module build-id not checked"
	skip "no test module loaded (KS_TEST_MOD): module lines not checked"
fi
targets kvm_write_guest
check "report ends with a matching end record" awk '
	/^target / { t++ } /^sym / { s++ } /^end / { e = $0 }
	END { exit !(e == "end targets=" t + 0 " syms=" s + 0) }' "$T/r1"

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
	# The low 48 bits: a kernel address does not fit a shell's signed
	# 64-bit arithmetic (dash saturates it, busybox wraps it).
	a=${kl%% *}
	check "kvm_write_guest size $size reaches the next symbol" \
		[ "${a%????????????}$(printf '%012x' $((0x${a#????} + size)))" = "$want" ]
else
	check "kvm_write_guest absent: reported absent" [ "$(field "$T/r1" target kvm_write_guest state)" = absent ]
fi


# 3. Bulk: sampled names (fixed seed) plus every suffixed and duplicated name,
# module against /proc/kallsyms, ftrace, the kprobe blacklist, Module.symvers.
# The clone-suffix grammar of include/ksymstat/rules.h, as the tool prints it.
if [ -r suffix.ere ]; then
	CHAIN=$(cat suffix.ere)
else
	# no third copy of the grammar here: without it clones cannot be
	# told apart, and the bulk checks below fail
	not_ok "suffix.ere beside the test (tools/ksymstat rules suffix-ere)"
	CHAIN='^$'
fi
awk -v want="${KS_SAMPLE:-5000}" -v chain="$CHAIN" '
	$2 !~ /^[tTwW]$/ { next }
	{ n = $3; names[n]++; all[++cnt] = n
	  i = index(n, ".")
	  if (i > 1 && substr(n, i) ~ chain) pick[substr(n, 1, i - 1)] = 1 }
	END {
		for (n in names) if (names[n] > 1) pick[n] = 1
		srand(20251126)
		# (a counter, not length(array): mawk, the awk of a Debian
		# test machine, has no length of an array not yet seen as one)
		for (k = 0; k < want * 4 && ns < want; k++) {
			x = all[int(rand() * cnt) + 1]
			if (!(x in sample)) { sample[x] = 1; ns++ }
		}
		for (n in sample) pick[n] = 1
		for (n in pick) if (n ~ /^[A-Za-z0-9_.$@]+$/) print n
	}' "$T/kallsyms" | sort >"$T/names"
nn=$(wc -l <"$T/names")
t0=$(date +%s)
cat "$T/names" >"$R"
report bulk
diag "bulk: write + walk + report took $(($(date +%s) - t0)) s"
diag "bulk: $nn target names"
check "bulk: the report has all $nn targets" [ "$(grep -c '^target ' "$T/bulk")" = "$nn" ]
# Sorted by name in byte order (targets.c's radix sort; btfidx.c and the
# fentry prototype table are merged with the set in that order).
awk '$1 == "target" { print substr($2, 6) }' "$T/bulk" >"$T/order"
check "bulk: the $nn targets are in byte order" sh -c "LC_ALL=C sort -c '$T/order' && LC_ALL=C sort '$T/names' | cmp -s - '$T/order'"

# Expected: every /proc/kallsyms line whose name is a target or a target
# plus a suffix chain, as "name owner addr type".
awk -v chain="$CHAIN" '
	FILENAME == ARGV[1] { t[$1] = 1; next }
	{ n = $3; own = NF >= 4 ? $4 : "[vmlinux]"; gsub(/[][]/, "", own)
	  hit = (n in t)
	  for (i = 2; !hit && i <= length(n); i++)
		if (substr(n, i, 1) == "." && (substr(n, 1, i - 1) in t) && substr(n, i) ~ chain) hit = 1
	  if (hit) print n, own, "0x" $1, $2 }' "$T/names" "$T/kallsyms" | sort >"$T/want"
awk '$1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
	print a["name"], a["owner"], a["addr"], a["type"] }' "$T/bulk" | sort -u >"$T/got"
sort -u "$T/want" >"$T/want.u"
set -- $(setdiff "$T/want.u" "$T/got")
agree=$1 only_k=$2 only_m=$3
diag "bulk: symbols agreeing on name, owner, address, type: $agree; only in /proc/kallsyms: $only_k; only in the module: $only_m"
check "bulk: $agree symbols agree with /proc/kallsyms, none differ" [ "$agree" -gt 0 -a "$only_k" = 0 -a "$only_m" = 0 ]

# Same-name counts.
awk 'FILENAME == ARGV[1] { t[$1] = 1; next } ($3 in t) { c[$3]++ }
     END { for (n in t) print n, c[n] + 0 }' "$T/names" "$T/kallsyms" | sort >"$T/cnt.want"
awk '$1 == "target" { split($2, a, "="); split($4, b, "="); print a[2], b[2] }' "$T/bulk" | sort >"$T/cnt.got"
set -- $(setdiff "$T/cnt.want" "$T/cnt.got")
bad=$(($2 + $3))
diag "bulk: same-name counts agreeing: $1, differing: $bad"
check "bulk: same-name count = same-name lines in /proc/kallsyms for all $nn targets" [ "$bad" = 0 ]
awk 'FILENAME == ARGV[1] { c[$1] = $2; next }
     $1 == "target" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
	want = c[a["name"]] == 1 ? "unique" : c[a["name"]] > 1 ? "ambiguous" : "none"
	n++; if (a["by_name"] == want) ok++ }
     END { print n + 0, ok + 0 }' "$T/cnt.want" "$T/bulk" >"$T/byname"
read -r n1 n2 <"$T/byname"
check "bulk: by_name (unique/ambiguous/none) follows the same-name count for $n2/$n1 targets" [ "$n1" = "$n2" -a "$n1" -gt 0 ]

# ftrace: per (name, owner), traceable symbols = available_filter_functions lines.
if [ -r "$AFF" ]; then
	# available_filter_functions names a patch site by the one symbol
	# kallsyms_lookup() picks at its address: aliases (several names at
	# one address) cannot be compared by name, and are counted apart.
	awk '{ print $1 }' "$T/kallsyms" | sort | uniq -d >"$T/alias"
	awk 'FILENAME == ARGV[1] { al["0x" $1] = 1; next }
	     $1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		if (seen_addr[a["addr"] a["name"]]++) next
		if (a["addr"] in al) { nal++; next }
		k = a["name"] " " a["owner"]; seen[k]++
		# set_ftrace_filter selects this symbol (entry or not)
		if (a["attach.ftrace"] == "yes" || a["attach.ftrace"] == "unknown:no_ftrace_site") y[k]++ }
	     END { for (k in seen) print k, seen[k], y[k] + 0; print nal + 0 > "/dev/stderr" }' "$T/alias" "$T/bulk" 2>"$T/ft.nal" | sort >"$T/ft.got"
	diag "bulk: symbols sharing their address with another (not compared for ftrace): $(cat "$T/ft.nal")"
	# A name can head several patch sites (functions without a kallsyms
	# symbol of their own are named after the one before them), so the
	# traceable symbols of a name are min(its symbols, its lines).
	awk 'FILENAME == ARGV[1] { k = $1 " " $2; s[k] = $3; next }
	     { own = NF >= 2 ? $2 : "[vmlinux]"; gsub(/[][]/, "", own); k = $1 " " own; if (k in s) c[k]++ }
	     END { for (k in s) print k, s[k], (c[k] < s[k] ? c[k] : s[k]) + 0 }' "$T/ft.got" "$AFF" | sort >"$T/ft.want"
	set -- $(setdiff "$T/ft.want" "$T/ft.got")
	bad=$(($2 + $3))
	diag "bulk: ftrace agreeing: $1 names, differing: $bad"
	check "bulk: symbols set_ftrace_filter selects = available_filter_functions lines per name" [ "$bad" = 0 ]
	check "bulk: every ftrace patch site lies inside its function" awk '
		$1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		  if (a["ftrace"] != "yes") next; n++
		  # compare the low 8 hex digits: busybox awk numbers are doubles
		  s = substr(a["addr"], 11); f = substr(a["ftrace_addr"], 11)
		  if (("0x" f) + 0 < ("0x" s) + 0 || ("0x" f) + 0 >= ("0x" s) + 0 + a["size"]) bad++ }
		END { exit !(n > 0 && bad == 0) }' "$T/bulk"
	# The entry rule (compat.h): arm64 func+4, or func+8 after BTI C;
	# x86 func or func+4 after endbr64.  Sites elsewhere are not entries.
	res=$(awk -v arch="$(uname -m)" '$1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		  s = ("0x" substr(a["addr"], 11)) + 0
		  if (a["ftrace"] == "yes") { n++; o = ("0x" substr(a["ftrace_addr"], 11)) - s
			if (arch == "aarch64" ? (o != 4 && o != 8) : (o != 0 && o != 4)) bad++ }
		  else if (a["ftrace_name"] == a["name"]) off++ }
		END { print n + 0, bad + 0, off + 0 }' "$T/bulk")
	set -- $res
	diag "bulk: ftrace entry sites: $1, off the entry rule: $2; symbols whose only records are not at the entry: $3"
	check "bulk: every ftrace=yes site follows the entry rule ($1 sites)" [ "$1" -gt 0 -a "$2" = 0 ]
else
	skip "available_filter_functions not readable"
	skip "available_filter_functions not readable"
fi

# kprobes: every symbol inside a blacklisted range cannot take a kprobe.
if [ -r "$BL" ]; then
	res=$(awk 'FILENAME == ARGV[1] { split($1, r, "-"); bl[r[1]] = 1; next }
		$1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		  if (a["addr"] in bl) { n++; if (a["kprobe"] == "no") ok++ } }
		END { print n + 0, ok + 0 }' "$BL" "$T/bulk")
	diag "bulk: blacklisted symbols among the targets: ${res% *}, refused by kprobes: ${res#* }"
	check "bulk: every blacklisted target is refused by kprobes (${res#* }/${res% *})" [ "${res% *}" = "${res#* }" ]
else
	skip "kprobe blacklist not readable"
fi

# Exports of vmlinux symbols against the kernel's own Module.symvers.
if [ -r Module.symvers ]; then
	res=$(awk 'FILENAME == ARGV[1] { if ($3 == "vmlinux") ex[$2] = ($4 == "EXPORT_SYMBOL_GPL") ? "gpl" : "yes"; next }
		$1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
		  if (a["owner"] != "vmlinux" || a["exported"] == "unknown") next
		  want = (a["name"] in ex && a["bind"] != "local") ? ex[a["name"]] : "no"
		  n++; if (want == a["exported"]) ok++; else if (bad++ < 5) print "# export differs:", a["name"], a["exported"], "symvers:", want > "/dev/stderr"
		  if (want != "no") e++ }
		END { print n + 0, ok + 0, e + 0 }' Module.symvers "$T/bulk")
	set -- $res
	diag "bulk: exports agreeing with Module.symvers: $2 of $1 ($3 exported)"
	check "bulk: export and licence = Module.symvers for all $1 vmlinux symbols" [ "$1" -gt 0 -a "$1" = "$2" -a "$3" -gt 0 ]
else
	skip "no Module.symvers in the guest"
fi

# 3b. One answer either way.  vmlinux symbols looked up (lookup=index:
# kallsyms_on_each_match_symbol, the clone index, /proc/kallsyms lines by
# index) against walked (lookup=walk); kprobe verdicts kept from earlier
# walks (kprobe_cache=1, filled by the reads above) against a fresh
# register_kprobe() for every symbol (kprobe_cache=0).  Same bulk set.
P=/sys/module/ksymstat/parameters
body() { grep -v '^ksymstat ' "$1"; }
kpv() { awk '$1 == "sym" { for (i = 2; i <= NF; i++) { split($i, kv, "="); a[kv[1]] = substr($i, length(kv[1]) + 2) }
	print a["name"], a["owner"], a["addr"], a["kprobe"], a["kprobe_err"], a["attach.kprobe"] }' "$1" | sort; }
if [ -w "$P/lookup" ] && [ -w "$P/kprobe_cache" ]; then
	echo walk >"$P/lookup" && report way.walk
	echo index >"$P/lookup" && report way.index
	echo 0 >"$P/kprobe_cache" && report way.fresh
	echo 1 >"$P/kprobe_cache"
	echo auto >"$P/lookup"
	nsym=$(grep -c '^sym ' "$T/way.index")
	diag "ways: $nsym symbols of $nn targets; lookup=walk took $(field "$T/way.walk" ksymstat - walk_us) us, lookup=index $(field "$T/way.index" ksymstat - walk_us) us"
	check "ways: the headers say how vmlinux was searched (walk, index)" \
		[ "$(field "$T/way.walk" ksymstat - lookup)" = walk -a "$(field "$T/way.index" ksymstat - lookup)" = index ]
	body "$T/way.walk" >"$T/way.w"
	body "$T/way.index" >"$T/way.i"
	body "$T/bulk" >"$T/way.b"
	check "ways: lookup=index = lookup=walk, every field of $nsym symbols" cmp -s "$T/way.w" "$T/way.i"
	check "ways: both = the first bulk report" cmp -s "$T/way.w" "$T/way.b"
	kpv "$T/way.index" >"$T/kp.cached"
	kpv "$T/way.fresh" >"$T/kp.fresh"
	set -- $(setdiff "$T/kp.cached" "$T/kp.fresh")
	diag "ways: kprobe verdicts kept = fresh register_kprobe(): $1, differing: $(($2 + $3))"
	check "ways: $1 kept kprobe verdicts = fresh registrations (at least ${KS_SAMPLE:-5000})" \
		[ "$1" -ge "${KS_SAMPLE:-5000}" -a "$2" = 0 -a "$3" = 0 ]
	body "$T/way.fresh" >"$T/way.f"
	check "ways: kprobe_cache=0 changes nothing else" cmp -s "$T/way.w" "$T/way.f"
	# Names asked before (lookup=auto keeps what each walk found: known.c):
	# the bulk set again, then with 300 names never asked, looked up.
	cat "$T/names" >"$R" && report way.known
	body "$T/way.known" >"$T/way.k"
	check "ways: every bulk name asked before: lookup=known" [ "$(field "$T/way.known" ksymstat - lookup)" = known ]
	check "ways: lookup=known = lookup=walk, every field of $nsym symbols" cmp -s "$T/way.w" "$T/way.k"
	{ cat "$T/names"
	  awk '$2 ~ /^[tTwW]$/ && $3 ~ /^[A-Za-z0-9_]+$/ { print $3 }' "$T/kallsyms" |
		sort -u | awk 'FILENAME == ARGV[1] { seen[$0] = 1; next } !($0 in seen) && n++ < 299' "$T/names" -
	  echo ks_never_asked_$$; } | sort -u >"$T/names2"
	cat "$T/names2" >"$R" && report way.mixed
	echo walk >"$P/lookup" && report way.mixed.walk
	echo auto >"$P/lookup" && report way.mixed.known
	check "ways: $(($(wc -l <"$T/names2") - nn)) names not asked before among the bulk set's: lookup=index, then known" \
		[ "$(field "$T/way.mixed" ksymstat - lookup)" = index -a "$(field "$T/way.mixed.known" ksymstat - lookup)" = known ]
	body "$T/way.mixed" >"$T/way.m"
	body "$T/way.mixed.walk" >"$T/way.mw"
	body "$T/way.mixed.known" >"$T/way.mk"
	check "ways: known + index = lookup=walk, every field of $(grep -c '^sym ' "$T/way.mixed") symbols" cmp -s "$T/way.m" "$T/way.mw"
	check "ways: known again = lookup=walk" cmp -s "$T/way.mk" "$T/way.mw"
	# Bad values are refused and change nothing.
	check "ways: lookup=bogus refused" sh -c "! echo bogus >$P/lookup"
	check "ways: lookup still auto" [ "$(cat "$P/lookup")" = auto ]
else
	skip "no lookup/kprobe_cache parameters (old module?)"
fi

# 3c. ksymstat's own text, cleanup_module last: a kprobe registered there
# made x86's can_optimize() decode past the end of the module's mapping
# (an oops on amd64 6.12).  The console check fails the run on any oops;
# the verdict must be yes or unknown:unsafe, never a guess.
targets cleanup_module ksymstat_exit
report own
own=$(awk '$1 == "sym" && / owner=ksymstat / { for (i = 2; i <= NF; i++) if ($i ~ /^attach\.kprobe=/) print substr($i, 15) }' "$T/own" | sort -u | tr '\n' ' ')
diag "own: kprobe verdicts of ksymstat's cleanup_module/ksymstat_exit: $own"
check "own: ksymstat's exit function reported (kprobe: ${own:-none}), kernel alive" \
	sh -c "[ -n '$own' ] && ! echo '$own' | tr ' ' '\n' | grep -v '^$' | grep -qv '^yes$\|^unknown:unsafe$'"

# The reports and the kernel's own symbol list go back to the host, where
# tests/module/host-report.sh reads them with tools/ksymstat.
if [ -n "${KSYMSTAT_OUT:-}" ]; then
	cp "$T/r1" "$KSYMSTAT_OUT/report"
	cp "$T/bulk" "$KSYMSTAT_OUT/bulk-report"
	[ -s "$T/mods" ] && cp "$T/mods" "$KSYMSTAT_OUT/module-report"
	cp "$T/kallsyms" "$KSYMSTAT_OUT/kallsyms"
	for b in /sys/kernel/btf/*; do if [ -r "$b" ]; then cat "$b" >"$KSYMSTAT_OUT/btf-${b##*/}"; fi; done
	[ -r "$AFF" ] && cat "$AFF" >"$KSYMSTAT_OUT/available_filter_functions"
fi

# 4. Known cases, by name (tests/module/cases, copied beside this script).
if [ -r cases ]; then
	while IFS='|' read -r head tline sline; do
		set -- $head
		case ${1:-#} in \#*) continue ;; esac
		what=$1
		shift
		name=
		for c in "$@"; do
			if [ "$c" = @clone ]; then
				name=$(awk -v chain="$CHAIN" '{ n[$3] = 1; if (NF == 3 && $2 == "t") l[++k] = $3 }
					END { for (i = 1; i <= k; i++) { j = index(l[i], "."); if (j > 1 && substr(l[i], j) ~ chain && !(substr(l[i], 1, j - 1) in n)) { print substr(l[i], 1, j - 1); exit } } }' "$T/kallsyms")
				[ -n "$name" ] && break
				continue
			fi
			if [ "$c" = @weak ]; then
				c=$(awk '{ n[$3]++; if (NF == 3 && $2 == "W") w[++k] = $3 }
					END { for (i = 1; i <= k; i++) if (n[w[i]] == 1) { print w[i]; exit } }' "$T/kallsyms")
			fi
			if [ "$what" = absent ] || grep -q " $c\$\| $c	" "$T/kallsyms"; then
				name=$c
				break
			fi
		done
		if [ -z "$name" ]; then
			skip "case $what: none of $* in this kernel"
			continue
		fi
		targets "$name"
		report "case-$what"
		okc=1
		for kv in $tline; do
			got=$(field "$T/case-$what" target "$name" "${kv%%=*}")
			[ "$got" = "${kv#*=}" ] || { diag "case $what ($name): target ${kv%%=*}=$got, want ${kv#*=}"; okc=0; }
		done
		# the sym of the exact name (a clone's, .cold, has its own binding),
		# else the first
		first=$(awk '$1 == "sym" { n = $0; sub(/^.* name=/, "", n); sub(/ .*/, "", n)
				if (!f) f = n; if (/ suffix=- /) { print n; x = 1; exit } }
			END { if (!x && f) print f }' "$T/case-$what")
		for kv in $sline; do
			got=$(field "$T/case-$what" sym "$first" "${kv%%=*}")
			[ "$got" = "${kv#*=}" ] || { diag "case $what ($name): sym ${kv%%=*}=$got, want ${kv#*=}"; okc=0; }
		done
		check "case $what: $name" [ "$okc" = 1 ]
	done <cases
else
	skip "no case table in the guest"
fi

# 5. Writing the target set: set_ftrace_filter's conventions, bad input.
gen() { field "$R" ksymstat - generation; }
tlist() { awk '$1 == "target" { sub(/^target name=/, ""); sub(/ .*/, ""); printf "%s ", $0 }' "$R"; }
echo "vfs_read schedule" >"$R"
check "'>' replaces the set" [ "$(tlist)" = "schedule vfs_read " ]
echo "kernel_clone" >>"$R"
check "'>>' appends" [ "$(tlist)" = "kernel_clone schedule vfs_read " ]
echo "!schedule" >>"$R"
check "'!name' removes" [ "$(tlist)" = "kernel_clone vfs_read " ]
g1=$(gen)
g2=$(gen)
check "generation is stable while nothing changes ($g1)" [ "$g1" = "$g2" ]
echo "do_sys_open" >>"$R"
check "generation increases when results change" [ "$(gen)" -gt "$g2" ]
before=$(tlist)
for bad in 'bad#name' 'a;b' '!' 'x/y' "$(printf 'n%0600d' 0)"; do
	if echo "$bad" >"$R" 2>/dev/null; then
		not_ok "invalid write '$(echo "$bad" | cut -c1-20)' is refused"
	else
		check "invalid write '$(echo "$bad" | cut -c1-20)' is refused, set unchanged" [ "$(tlist)" = "$before" ]
	fi
done
awk 'BEGIN { for (i = 0; i < 70000; i++) print "f" i }' >"$T/many"
if dd if="$T/many" of="$R" bs=4M 2>/dev/null; then
	not_ok "more than 65536 targets in one write is refused"
else
	check "more than 65536 targets is refused, set unchanged" [ "$(tlist)" = "$before" ]
fi
awk 'BEGIN { for (i = 0; i < 120000; i++) printf "name_%06d\n", i }' >"$T/huge"
if dd if="$T/huge" of="$R" bs=4M 2>/dev/null; then
	not_ok "a write over 1 MiB is refused"
else
	check "a write over 1 MiB is refused, set unchanged" [ "$(tlist)" = "$before" ]
fi
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "many_%05d\n", i }' >"$T/tenk"
cat "$T/tenk" >"$R"
check "10000 targets at once (written in pieces)" [ "$(field "$R" ksymstat - targets)" = 10000 ]
: >"$R"
check "'> file' with nothing written empties the set" [ "$(field "$R" ksymstat - targets)" = 0 ]
check "a non-root reader is refused (mode 0600)" [ "$(stat -c %a "$R")" = 600 ]

# Bad bytes and refused writes (issue 8 part 4), through kshelper, which
# reports the errno of every write() and of close().
H=./kshelper
if [ -x "$H" ]; then
	echo "vfs_read schedule" >"$R"
	before=$(tlist)
	w() { "$H" write "$R" "$@" | tr '\n' ' '; }
	got=$(w "$(printf 'vfs_r\351ad\n')")
	check "byte 0xE9 in a name is refused ($got)" [ "$got" = "write EINVAL close ok " -a "$(tlist)" = "$before" ]
	got=$(w "$(printf 'vfs_read\240schedule\n')")
	check "byte 0xA0 is not a separator ($got)" [ "$got" = "write EINVAL close ok " -a "$(tlist)" = "$before" ]
	got=$(w "$(printf 'vfs_read\302\240schedule\n')")
	check "UTF-8 no-break space is not a separator ($got)" [ "$got" = "write EINVAL close ok " -a "$(tlist)" = "$before" ]
	a256=$(printf '%0256d' 0 | tr 0 a)
	nl='
'
	got=$(w "$a256" "$a256" "$nl")
	check "after a refused write nothing from that fd changes the set ($got)" \
		[ "$got" = "write ok write EINVAL write EINVAL close ok " -a "$(tlist)" = "$before" ]
	got=$(w '!')
	check "a lone '!' at the end is refused by close() ($got)" [ "$got" = "write ok close EINVAL " -a "$(tlist)" = "$before" ]
	got=$(w '!sched' 'ule')
	check "'!name' split across writes removes the name ($got)" [ "$got" = "write ok write ok close ok " -a "$(tlist)" = "vfs_read " ]
	awk 'BEGIN { for (i = 0; i < 2000; i++) printf "app_%04d\n", i }' >"$T/app"
	: >"$R"
	"$H" append "$R" "$T/app" >"$T/app.out"
	check "2000 names appended one per write() ($(cat "$T/app.out"))" [ "$(field "$R" ksymstat - targets)" = 2000 ]
	: >"$R"
else
	skip "no kshelper in the guest: byte and refused-write checks not run"
fi

# 6. kptr_restrict: addresses only where /proc/kallsyms shows them.
echo vfs_read >"$R"
old=$(cat /proc/sys/kernel/kptr_restrict)
echo 2 >/proc/sys/kernel/kptr_restrict
hidden=$(field "$R" sym vfs_read addr)
kh=$(grep ' vfs_read$' /proc/kallsyms | cut -d' ' -f1)
echo "$old" >/proc/sys/kernel/kptr_restrict
check "kptr_restrict=2: zeros, as /proc/kallsyms ($kh)" [ "$hidden" = 0x0000000000000000 -a "$kh" = 0000000000000000 ]
check "kptr_restrict=$old again: the address is back" [ "$(field "$R" sym vfs_read addr)" != 0x0000000000000000 ]

# Out of memory during the probe checks fails the read; it is no verdict.
P=/sys/module/ksymstat/parameters/fault_nomem
if [ -w "$P" ]; then
	echo schedule >"$R"
	echo Y >"$P"
	if cat "$R" >"$T/nomem" 2>"$T/nomem.err"; then
		not_ok "ENOMEM in the probe checks fails the read (it gave $(grep -o 'kprobe=[a-z]*' "$T/nomem" | head -n 1))"
	else
		check "ENOMEM in the probe checks fails the read ($(cat "$T/nomem.err"))" grep -q 'memory' "$T/nomem.err"
	fi
	check "the next read walks again: schedule kprobe=yes" [ "$(field "$R" sym schedule kprobe)" = yes ]
else
	skip "no fault_nomem test hook"
	skip "no fault_nomem test hook"
fi

# load_mod MOD: the busybox guest's copy of a kernel module, else modprobe.
load_mod() {
	if [ -f "/lib/ksymstat/$1.ko" ]; then insmod "/lib/ksymstat/$1.ko"; else modprobe "$1"; fi
}

# 7. Live: a module's functions follow its unload and reload.
if [ -n "${KS_TEST_MOD:-}" ] && grep -q "^$KS_TEST_MOD " /proc/modules; then
	f=$KS_TEST_MOD_FUNC
	echo "$f" >"$R"
	check "$f is present under $KS_TEST_MOD" [ "$(field "$R" sym "$f" owner)" = "$KS_TEST_MOD" ]
	# fentry through the module's BTF (module/modbtf.c): decided, and
	# the same once the module and its BTF are back
	fe=$(field "$R" target "$f" attach.fentry)
	check "$f: attach.fentry=$fe is decided through $KS_TEST_MOD's BTF" [ -n "$fe" -a "$fe" != unknown:not_checked ]
	g=$(gen)
	rmmod "$KS_TEST_MOD"
	check "after rmmod $KS_TEST_MOD: $f absent" [ "$(field "$R" target "$f" state)" = absent ]
	check "after rmmod: generation increased" [ "$(gen)" -gt "$g" ]
	load_mod "$KS_TEST_MOD"
	a=$(grep " $f	\[$KS_TEST_MOD\]" /proc/kallsyms | cut -d' ' -f1)
	check "after insmod: $f present again at its new /proc/kallsyms address" [ "$(field "$R" sym "$f" addr)" = "0x$a" ]
	check "after insmod: $f attach.fentry=$fe again" [ "$(field "$R" target "$f" attach.fentry)" = "$fe" ]
else
	skip "no test module loaded (KS_TEST_MOD)"
fi

# 8. Concurrency: readers, writers and module churn together.
echo "vfs_read ${KS_TEST_MOD_FUNC:-schedule}" >"$R"
( i=0; while [ $i -lt 30 ]; do cat "$R" >/dev/null; i=$((i + 1)); done ) &
( i=0; while [ $i -lt 30 ]; do echo "schedule" >>"$R"; echo '!schedule' >>"$R"; i=$((i + 1)); done ) &
if [ -n "${KS_TEST_MOD:-}" ]; then
	# the module holds no module reference between reads (modbtf.c
	# takes BTF references only, while it marks); a kprobe being
	# registered holds one for a moment (register_kprobe()), so a failed
	# rmmod is counted, not failed
	: >"$T/churn.err"
	( i=0; while [ $i -lt 5 ]; do rmmod "$KS_TEST_MOD" 2>>"$T/churn.err" || echo "rmmod $i failed" >>"$T/churn.err"
	  load_mod "$KS_TEST_MOD"; i=$((i + 1)); done ) &
fi
wait
[ -n "${KS_TEST_MOD:-}" ] &&
	diag "module churn: rmmod $KS_TEST_MOD failed $(grep -c failed "$T/churn.err") of 5 times during reads"
check "concurrent reads, writes and module churn: report still consistent" awk '
	/^target / { t++ } /^sym / { s++ } /^end / { e = $0 }
	END { exit !(e == "end targets=" t + 0 " syms=" s + 0) }' "$R"

# 9. The proof against the real clients (clients.sh, beside this script).
if [ -r clients.sh ]; then
	. ./clients.sh
else
	skip "no clients.sh in the guest: clients not asked"
fi

# 10. Unload and reload.
# The module file: the busybox guest's copy, KS_KO (the kselftest run sets
# it to the checkout's build), or modprobe's (a DKMS or modules_install).
ko=${KS_KO:-/lib/ksymstat/ksymstat.ko}
load_ks() {
	if [ -f "$ko" ]; then insmod "$ko" "$@"; else modprobe ksymstat "$@"; fi
}
if ! [ -f "$ko" ] && ! modinfo ksymstat >/dev/null 2>&1; then
	not_ok "a ksymstat.ko to load again: none at $ko (KS_KO), none for modprobe"
elif rmmod ksymstat && [ ! -e "$R" ]; then
	ok "rmmod ksymstat removes the file"
else
	not_ok "rmmod ksymstat removes the file"
fi
if load_ks "targets=vfs_r$(printf '\351')ad" 2>/dev/null; then
	not_ok "targets= with byte 0xE9 is refused"
	rmmod ksymstat
else
	check "targets= with byte 0xE9 is refused, the message says why" \
		sh -c 'dmesg | tail -n 5 | grep -q "targets=: invalid function name"'
fi
long=$(awk 'BEGIN { for (i = 0; i < 120; i++) printf "name_%04d,", i }')
if load_ks "targets=$long" 2>/dev/null; then
	not_ok "targets= over 1024 bytes is refused"
	rmmod ksymstat
else
	check "targets= over 1024 bytes is refused, the message names the limit" \
		sh -c 'dmesg | tail -n 5 | grep -q "longer than 1024 bytes"'
fi
load_ks targets=vfs_read,schedule
check "insmod again with targets=vfs_read,schedule" [ "$(tlist)" = "schedule vfs_read " ]

finish
