#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host half of the guest tests (TAP 13): tools/ksymstat reads the reports a
# guest saved (tests/module/ksymstat.sh puts them in its /out) and, with the
# vmlinux of the same build, sets thousands of live symbols against the ELF
# symbol table.
#   tests/module/host-report.sh OUTDIR [VMLINUX CONFIG]
set -u
# check without --vmlinux asks debuginfod for a format 3 report's build:
# never the host's servers (Debian's profile sets DEBUGINFOD_URLS)
unset DEBUGINFOD_URLS
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
vmlinux=${2:-}
config=${3:-}
ks=$top/tools/ksymstat
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
if [ ! -s "$out/report" ]; then
	skip "the guest saved no report in $out"
	finish
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-host.XXXXXX")
trap 'rm -rf "$work"' EXIT

quiet() { "$@" >/dev/null 2>&1; }
check "show reads the guest's report" quiet "$ks" show --live "$out/report"
"$ks" show --live "$out/report" --json >"$work/show.json"
check "show --json is valid JSON" quiet python3 -m json.tool "$work/show.json"
line=$(grep -m1 ' kvm_write_guest\($\|	\)' "$out/kallsyms" || true)
if [ -n "$line" ]; then
	got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"]
for t in r["targets"]:
    for s in t["symbols"]:
        if s["name"] == "kvm_write_guest": print(s["addr"])' "$work/show.json")
	check "show --json: kvm_write_guest at the guest's /proc/kallsyms address (0x${line%% *})" \
		[ "$got" = "0x${line%% *}" ]
else
	skip "kvm_write_guest not in this guest's /proc/kallsyms"
fi
want=$(grep -c '^target ' "$out/bulk-report")
"$ks" show --live "$out/bulk-report" --json >"$work/bulk.json"
got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["report"]["targets"]))' "$work/bulk.json")
grep '^target ' "$out/bulk-report" | sed 's/^target name=\([^ ]*\).*/\1/' >"$work/names.all"
check "show reads the bulk report: $got of $want targets" [ "$got" = "$want" ]

# Report format version 2 on: the per-client verdicts by name against the
# counts the same report gives (docs/report-format.md): kprobe_event takes a
# name only when exactly one symbol has it, and says why it refuses.
v2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["report"]["format_version"])' "$work/bulk.json")
if [ "$v2" -ge 2 ]; then
	python3 - "$work/bulk.json" >"$work/v2" <<'EOF'
import collections, json, sys
bad = collections.Counter()
n = 0
for t in json.load(open(sys.argv[1]))["report"]["targets"]:
    a = t["attach"]["kprobe_event"]
    n += 1
    if a["verdict"] == "yes" and t["count"] != 1:
        bad["yes with count %d" % t["count"]] += 1
    if t["count"] > 1 and (a["verdict"] != "no" or a["reason"] != "ambiguous"):
        bad["count > 1 not no:ambiguous"] += 1
for k, v in bad.items():
    print("# %s: %d" % (k, v))
print("V", n, sum(bad.values()))
EOF
	grep '^#' "$work/v2"
	read -r _ vn vbad < <(grep '^V ' "$work/v2")
	check "v2: kprobe_event by name agrees with count for all $vn targets ($vbad do not)" [ "$vbad" = 0 -a "$vn" -gt 100 ]
	"$ks" check $(head -200 "$work/names.all") --live "$out/bulk-report" --client kprobe_event --json >"$work/client.json"
	rc=$?
	check "v2: check --client kprobe_event on 200 targets ran (exit $rc)" [ "$rc" = 0 -o "$rc" = 1 ]
else
	skip "report format version $v2: no per-client verdicts to check (the module writes version 2)"
fi

if [ -z "$vmlinux" ]; then
	skip "no vmlinux given: this kernel's tests/matrix row has dbg=no (scripts/fetch-kernel --dbg)"
	finish
fi
if [ ! -r "$vmlinux" ] || [ ! -r "$config" ]; then
	not_ok "the same-build vmlinux $vmlinux and config $config are readable"
	finish
fi
# The build-ids (format version 3): the report's against the -dbg
# vmlinux's note (readelf -n), each module line's against its .ko in the
# kernel package (and in the -dbg package where it was kept), and check
# takes the vmlinux as the same build by build-id, not by release.
elf_id() { LC_ALL=C readelf -n "$1" 2>/dev/null | sed -n 's/^ *Build ID: *//p' | head -n 1; }
rid=$(sed -n '1s/.* build_id=\([^ ]*\).*/\1/p' "$out/report")
if [ -n "$rid" ]; then
	vid=$(elf_id "$vmlinux")
	check "build_id: the report's ($rid) = the -dbg vmlinux's note ($vid)" [ -n "$vid" -a "$rid" = "$vid" ]
	"$ks" check kvm_write_guest --live "$out/report" --vmlinux "$vmlinux" \
		--config "$config" --json >"$work/bid.json"
	by=$(python3 -c 'import json,sys
print(" ".join(sorted({r.get("same_build_by") or "-" for t in json.load(open(sys.argv[1]))["targets"] for r in t["offline"] if r["source"] == "vmlinux"})))' "$work/bid.json")
	check "check: the -dbg vmlinux is the same build by build-id ($by)" [ "$by" = build_id ]
	kver=${vmlinux##*/vmlinux-}
	root=${vmlinux%/usr/lib/debug/boot/*}
	nm=0 nbad=0
	for f in "$out/report" "$out/module-report"; do [ -s "$f" ] && grep '^module ' "$f"; done |
		sort -u >"$work/modlines"
	while read -r _ name id; do
		name=${name#name=} id=${id#build_id=}
		for ko in $(find "$root/lib/modules/$kver" "$root/usr/lib/debug/lib/modules/$kver" \
			-name "$name.ko" 2>/dev/null); do
			nm=$((nm + 1))
			kid=$(elf_id "$ko")
			[ "$kid" = "$id" ] || { nbad=$((nbad + 1)); echo "# $name: report $id, ${ko#"$root"/} $kid"; }
		done
	done <"$work/modlines"
	if [ -s "$work/modlines" ]; then
		check "module lines: build_id = the .ko's note for $nm files, $nbad differ" [ "$nm" -gt 0 -a "$nbad" = 0 ]
	else
		skip "no module line in the saved reports (no module owns a reported symbol)"
	fi
else
	skip "report format before version 3: no build_id to check"
	skip "report format before version 3: no same-build-by-build-id check"
	skip "report format before version 3: no module build-ids"
fi

# Every present bulk target of vmlinux, against the ELF of the same build.
python3 -c 'import json,sys
for t in json.load(open(sys.argv[1]))["report"]["targets"]:
    if t["state"] == "present" and all(s["owner"] == "vmlinux" for s in t["symbols"]):
        print(t["name"])' "$work/bulk.json" >"$work/names"
"$ks" check $(cat "$work/names") --live "$out/bulk-report" \
	--vmlinux "$vmlinux" --config "$config" --json >"$work/check.json"
rc=$?
check "check against the same-build vmlinux ran (exit $rc)" [ "$rc" = 0 -o "$rc" = 1 ]
# The symbol-table row of the same build (source vmlinux).  Rows from the
# vmlinux's DWARF (source dwarf) are counted apart: they describe source
# functions, not symbols, and are not what this check is about.
python3 - "$work/check.json" >"$work/tally" <<'EOF'
import collections, json, sys
c = json.load(open(sys.argv[1]))
tally = collections.Counter()
other = collections.Counter()
for t in c["targets"]:
    for row in t["offline"]:
        if row["match"] != "same_build":
            continue
        if row["source"] != "vmlinux":
            for k, v in row["checks"].items():
                other[row["source"], v["verdict"]] += 1
            continue
        for k, v in row["checks"].items():
            tally[k, v["verdict"]] += 1
            if v["verdict"] in ("mismatch", "differ") and tally[k, "shown"] < 3:
                tally[k, "shown"] += 1
                print("# %s %s: %s" % (k, t["name"], v["detail"]))
s = c.get("address_slide") or {}
for k in ("presence", "binding", "size", "address", "collision", "clones"):
    print("# %-10s agree %d, mismatch %d, explained %d, unknown %d" % (k,
          tally[k, "agree"], tally[k, "mismatch"] + tally[k, "differ"],
          tally[k, "explained"], tally[k, "unknown"]))
for (src, verdict), n in sorted(other.items()):
    print("# (not asserted) %s rows: %d checks %s" % (src, n, verdict))
bad = lambda k: tally[k, "mismatch"] + tally[k, "differ"]
print("T", len(c["targets"]), tally["address", "agree"], bad("address"),
      bad("binding"), bad("presence"), s.get("pairs", 0),
      1 if s.get("consistent") else 0, tally["size", "agree"], bad("size"),
      bad("collision") + bad("clones"))
EOF
grep '^#' "$work/tally"
read -r _ targets addr_ok addr_bad bind_bad pres_bad pairs consistent size_ok size_bad coll_bad < <(grep '^T ' "$work/tally")
check "same build: one KASLR slide for all $pairs live/ELF symbol pairs" [ "$consistent" = 1 -a "$pairs" -gt 100 ]
check "same build: $addr_ok of $targets targets agree on address, $addr_bad differ" [ "$addr_bad" = 0 -a "$addr_ok" -gt 100 ]
check "same build: presence agrees for all $targets targets" [ "$pres_bad" = 0 ]
check "same build: binding agrees for all $targets targets" [ "$bind_bad" = 0 ]
check "same build: live extent = ELF extent for $size_ok targets, $size_bad differ" [ "$size_bad" = 0 -a "$size_ok" -gt 100 ]
check "same build: collision class and clones agree for all $targets targets" [ "$coll_bad" = 0 ]
finish
