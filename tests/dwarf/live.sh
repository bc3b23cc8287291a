#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/dwarf/live.sh OUT VMLINUX [KO...]: after a guest run (tests/run), the DWARF
# rows of VMLINUX (the -dbg vmlinux of the guest's kernel) against what the
# guest saved in OUT: /proc/kallsyms, the report, /sys/kernel/btf/*.
#   - Full Inline by DWARF <=> no vmlinux text symbol in the live kallsyms,
#     over every DWARF function name;
#   - the live BTF gives the same prototypes as the vmlinux's .BTF;
#   - check prints the live prototype, unchanged from the same build's row
#     (the KO debug files, e.g. kvm.ko on amd64, give the rows of functions
#     that live in modules there).
set -u
# check without --vmlinux asks debuginfod for a format 3 report's build:
# never the host's servers (Debian's profile sets DEBUGINFOD_URLS)
unset DEBUGINFOD_URLS
out=$1 vm=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
ks=$root/tools/ksymstat
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-dwlive.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$root/tests/lib/tap.sh"
if [ ! -r "$out/kallsyms" ] || [ ! -r "$vm" ]; then
	skip "no saved kallsyms in $out or no -dbg vmlinux ($vm)"
	finish
fi
"$ks" import --db "$tmp/db" "$vm" >/dev/null 2>"$tmp/e"
check "import of $(basename "$vm")" [ $? = 0 ]
$py - "$tmp/db" "$out/kallsyms" "$vm" >"$tmp/fi" <<'PY'
import sqlite3, subprocess, sys
live = set()
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) >= 3 and len(f) == 3 and f[1] in "TtWw":
        live.add(f[2].split(".")[0])
secs = {}
for l in subprocess.run(["readelf", "-SW", sys.argv[3]], capture_output=True,
                        text=True).stdout.splitlines():
    f = l.replace("[ ", "[").split()
    if len(f) > 2 and f[0].startswith("[") and f[0][1:-1].isdigit():
        secs[f[0][1:-1]] = f[1]
notype = set()
where = {}
for l in subprocess.run(["readelf", "-sW", sys.argv[3]], capture_output=True,
                        text=True).stdout.splitlines():
    f = l.split()
    if len(f) >= 8 and f[3] == "NOTYPE":
        notype.add(f[7])
    if len(f) >= 8 and f[3] == "FUNC":
        where.setdefault(f[7].split(".")[0], set()).add(secs.get(f[6], f[6]))
d = sqlite3.connect(sys.argv[1])
c = {}
ex = {}
for n, i in d.execute("SELECT f.name, f.inline FROM func f JOIN build b ON "
                      "b.id = f.build_id WHERE b.source = 'dwarf'"):
    k = (i == "Full", n in live)
    c[k] = c.get(k, 0) + 1
    ex.setdefault(k, []).append(n)
agree = c.get((True, False), 0) + c.get((False, True), 0)
labels = [x for x in ex.get((True, True), []) if x in notype]
# built-in code's .exit.text is discarded at link time: kallsyms never
# lists it, though the ELF symbol table does
gone = [x for x in ex.get((False, False), []) if where.get(x) == {".exit.text"}]
print("# %d names: %d Full Inline and not in kallsyms, %d not Full and in "
      "kallsyms; %d Full Inline in kallsyms (%d of them STT_NOTYPE "
      "assembler labels: %s); %d not Full and not in kallsyms (%s)"
      % (sum(c.values()), c.get((True, False), 0), c.get((False, True), 0),
         c.get((True, True), 0), len(labels), " ".join(labels[:5]),
         c.get((False, False), 0), " ".join(ex.get((False, False), [])[:8])))
print("# %d of the names not in kallsyms are only in .exit.text (discarded)"
      % len(gone))
print("AGREE %d OF %d UNEXPLAINED %d" % (agree, sum(c.values()),
      c.get((True, True), 0) - len(labels) + c.get((False, False), 0) -
      len(gone)))
PY
sed -n '/^#/p' "$tmp/fi"
line=$(grep '^AGREE' "$tmp/fi")
check "Full Inline by DWARF <=> no symbol in the live kallsyms: ${line#AGREE }" \
	[ "${line##* }" = 0 ]
if [ -r "$out/btf-vmlinux" ]; then
	"$ks" proto --btf "$out/btf-vmlinux" | sort >"$tmp/live.tsv"
	"$ks" proto --btf "$vm" | sort >"$tmp/file.tsv"
	check "live BTF and the vmlinux's .BTF: the same $(wc -l <"$tmp/live.tsv") prototypes" \
		cmp -s "$tmp/live.tsv" "$tmp/file.tsv"
	t=$(awk '$1 == "target" && $3 == "state=present" { sub("name=", "", $2); print $2; exit }' "$out/report")
	db=$tmp/db
	if [ $# -gt 0 ]; then
		db=$tmp/db-ko
		"$ks" import --db "$db" "$vm" "$@" >/dev/null 2>"$tmp/e"
		check "import of $(basename "$vm") with $(for k; do basename "$k"; done | tr '\n' ' ')" [ $? = 0 ]
	fi
	"$ks" check "$t" --db "$db" --live "$out/report" -v >"$tmp/chk" 2>&1
	sed -n 's/^ *- \(live prototype.*\|prototype .*\|.*call sites in this build.*\)$/# \1/p' "$tmp/chk"
	check "check $t: live prototype from the saved BTF, unchanged from the same build's DWARF row" \
		grep -q "prototype unchanged from dwarf" "$tmp/chk"
else
	skip "the guest saved no /sys/kernel/btf/vmlinux"
fi
finish
