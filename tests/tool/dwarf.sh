#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP 13 suite: the DWARF import (tools/offline/dwarf_scan.c), pages and
# Differences (tools/cmd/page_cmd.c), BTF prototypes
# (tools/verdict/btf_proto.c), on a real Debian -dbg vmlinux.  docs/dwarf.md gives the rules being checked.
#
#   tests/tool/dwarf.sh
#
# Every test sets two independent sources side by side and counts:
#   - DWARF prototypes against the same build's .BTF (pahole), per function;
#   - Full Inline by DWARF against the ELF symbol table read by nm;
#   - ksymstat's rows against a second implementation of DepSurf's rules
#     in python3-pyelftools (tests/dwarf/depsurf_rows.py) on fixed CUs;
#   - single-threaded against two-threaded walks, byte for byte;
#   - the prototype of a name with several definitions against the ELF
#     symbol's address (readelf), restrict against the raw BTF (bpftool);
#   - the entries of the files KVM compiles twice against the CUs and
#     their code ranges (readelf).
#
# Environment:
#   KSYMSTAT_DWARF_ALL=1  also arm64/amd64 x 6.1/6.12 x cloud/generic
#                         (each -dbg package is ~300 MB to download and a
#                         DWARF pass of its own), and pyelftools on more CUs
#   KSYMSTAT_DWARF_VMLINUX  use this -dbg vmlinux instead of fetching
#   KSYMSTAT_DWARF_AMD64  the amd64 6.1 cloud -dbg vmlinux for the
#                         prototype checks (default: the cache's, if any)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ks=$root/tools/ksymstat
py=/usr/bin/python3
pages=$root/../shared/depsurf/function
# A DepSurf-format page the project writes, for the store checks that need
# any page (the shared ones are for comparisons with DepSurf's own data).
page=$root/tests/tool/fixtures/kvm_write_guest.md
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-dwarf.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$root/tests/lib/tap.sh"

make -s -C "$root/tools" >/dev/null 2>&1 || true
[ -x "$root/tools/depsurf_page_test" ] ||
	make -s -C "$root/tools" depsurf_page_test >/dev/null 2>&1 || true

# ---- input failures: exit 2, store unchanged (no kernel needed) ----
db0=$tmp/empty.db
"$ks" import --db "$db0" "$page" >/dev/null 2>&1
sum0=$(sha256sum "$db0" | cut -d' ' -f1)
"$ks" page kvm_write_guest --db "$db0" >"$tmp/o" 2>"$tmp/e"
rc=$?
check "page on a store without DWARF builds: exit 2, says so, prints no page (exit $rc)" \
	sh -c "[ $rc = 2 ] && [ ! -s '$tmp/o' ] && grep -q 'no build with DWARF rows' '$tmp/e'"
"$ks" page kvm_write_guest >/dev/null 2>"$tmp/e"
check "page without --db: exit 2" [ $? = 2 ]
"$ks" proto --btf "$tmp/nonexistent" kvm_write_guest >/dev/null 2>"$tmp/e"
check "proto on a missing BTF file: exit 2" [ $? = 2 ]
check "the store is unchanged by failed commands" \
	[ "$(sha256sum "$db0" | cut -d' ' -f1)" = "$sum0" ]

# ---- store schema: version 2 migrated in place, version 1 refused ----
for v in 1 2; do
	$py - "$tmp/v$v.db" "$v" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript('''
CREATE TABLE build (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL, path TEXT, grp TEXT, label TEXT, release TEXT,
  version TEXT, arch TEXT, flavor TEXT, complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE func (id INTEGER PRIMARY KEY, build_id INTEGER NOT NULL,
  name TEXT NOT NULL, status INTEGER NOT NULL, collision TEXT, inline TEXT,
  transformation TEXT, prototype TEXT, UNIQUE (build_id, name));
CREATE TABLE func_sym (func_id INTEGER NOT NULL, name TEXT NOT NULL,
  addr INTEGER, size INTEGER, bind TEXT);
CREATE TABLE sym (build_id INTEGER NOT NULL, name TEXT NOT NULL,
  base TEXT NOT NULL, suffix TEXT, addr INTEGER, size INTEGER, bind TEXT,
  type TEXT, extent INTEGER);
CREATE TABLE config (build_id INTEGER NOT NULL, key TEXT NOT NULL,
  value TEXT NOT NULL, PRIMARY KEY (build_id, key));
CREATE TABLE page (name TEXT PRIMARY KEY, path TEXT, markdown TEXT NOT NULL);
''')
db.execute("PRAGMA user_version = %d" % int(sys.argv[2]))
db.commit()
PY
done
sum1=$(sha256sum "$tmp/v1.db" | cut -d' ' -f1)
"$ks" import --db "$tmp/v1.db" "$page" >/dev/null 2>"$tmp/e"
check "schema 1 store: import refused (exit 2), file unchanged" \
	[ $? = 2 -a "$(sha256sum "$tmp/v1.db" | cut -d' ' -f1)" = "$sum1" ]
"$ks" import --db "$tmp/v2.db" "$page" >/dev/null 2>"$tmp/e"
rc=$?
schema=$(awk '$2 == "KS_STORE_SCHEMA" { print $3 }' "$root/tools/offline/offline.h")
v=$($py -c 'import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute("PRAGMA user_version").fetchone()[0], d.execute("SELECT count(*) FROM sqlite_master WHERE name=\"func_inst\"").fetchone()[0])' "$tmp/v2.db")
check "schema 2 store: migrated on import (exit $rc, user_version and func_inst: $v)" \
	[ "$rc" = 0 -a "$v" = "$schema 1" ]

# ---- a small program of known rows (tests/dwarf/fixture), built here ----
fx=$root/tests/dwarf/fixture
if gcc -g -O2 -fno-ipa-icf -o "$tmp/fx" "$fx/a.c" "$fx/b.c" 2>"$tmp/e"; then
	"$ks" import --db "$tmp/fx.db" --release 6.1.0-99-test-amd64 "$tmp/fx" >/dev/null 2>"$tmp/e"
	check "fixture: import exit 0" [ $? = 0 ]
	$py "$root/tests/dwarf/store_rows.py" "$tmp/fx.db" >"$tmp/fx.rows"
	row() {	# NAME COLLISION INLINE
		grep -q "^{\"name\": \"$1\", \"collision\": \"$2\", \"inline\": \"$3\"" "$tmp/fx.rows"
	}
	check "fixture: full_inline is Unique Static, Full" row full_inline "Unique Static" Full
	check "fixture: sel_inline is Unique Global, Selective" row sel_inline "Unique Global" Selective
	check "fixture: dup_helper is Static Duplication, Full" row dup_helper "Static Duplication" Full
	check "fixture: same_name is Static-Static Collision" row same_name "Static-Static Collision" No
	check "fixture: mixed_name is Static-Global Collision" row mixed_name "Static-Global Collision" No
	check "fixture: shared_global is Unique Global, not inlined" row shared_global "Unique Global" No
	if $py -c 'import elftools' 2>/dev/null; then
		$py "$root/tests/dwarf/depsurf_rows.py" "$tmp/fx" "$fx/a.c" "$fx/b.c" >"$tmp/fx.py" 2>/dev/null
		check "fixture: pyelftools gives the same $(wc -l <"$tmp/fx.py") rows" cmp -s "$tmp/fx.py" "$tmp/fx.rows"
	fi
else
	skip "fixture: gcc cannot build it: $(head -n 1 "$tmp/e")"
fi

# ---- the CI build: arm64 6.1 cloud, its -dbg vmlinux ----
vmlinux=${KSYMSTAT_DWARF_VMLINUX:-}
if [ -z "$vmlinux" ]; then
	if env=$("$root/scripts/fetch-kernel" --arch arm64 --series 6.1 --flavor cloud --dbg 2>"$tmp/fetch.log"); then
		eval "$env"
		vmlinux=$KS_VMLINUX
	fi
fi
if [ -z "$vmlinux" ] || [ ! -r "$vmlinux" ]; then
	skip "DWARF tests: no arm64 6.1 cloud -dbg vmlinux (fetch-kernel: $(tail -n 1 "$tmp/fetch.log" 2>/dev/null))"
	finish
fi
echo "# vmlinux: $vmlinux"

db=$tmp/dwarf.db
KSYMSTAT_DWARF_DEFS=$tmp/defs.tsv /usr/bin/time -f '%e %M' -o "$tmp/time" \
	"$ks" import --db "$db" "$vmlinux" >"$tmp/o" 2>"$tmp/e"
rc=$?
read -r secs rss <"$tmp/time" 2>/dev/null || true
rows=$($py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM func f JOIN build b ON b.id=f.build_id WHERE b.source=\"dwarf\"").fetchone()[0])' "$db" 2>/dev/null)
echo "# import: ${secs:-?} s, peak RSS ${rss:-?} KB, $rows DWARF rows"
check "import of the -dbg vmlinux: exit 0, $rows function rows (> 50000)" \
	[ "$rc" = 0 -a "${rows:-0}" -gt 50000 ]
[ "$rc" = 0 ] || { diag "$tmp/e"; finish; }
# The imported build's release: expectations name it, never a fixed ABI.
rel=$($py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT release FROM build WHERE source=\"dwarf\"").fetchone()[0])' "$db" 2>/dev/null)
echo "# release: $rel"

# One worker against two: the same rows, byte for byte.
KSYMSTAT_DWARF_THREADS=1 "$ks" import --db "$tmp/one.db" "$vmlinux" >/dev/null 2>&1
$py "$root/tests/dwarf/store_rows.py" "$db" >"$tmp/rows2"
$py "$root/tests/dwarf/store_rows.py" "$tmp/one.db" >"$tmp/rows1"
check "1 worker and 2 workers give identical rows ($(wc -l <"$tmp/rows1") names)" \
	cmp -s "$tmp/rows1" "$tmp/rows2"

# ---- pages: the five functions of issue 10, each round-tripped ----
want_status() {	# FUNC "words as on the page"
	grep -q "^<summary>In <code>[^<]*</code>: $2</summary>\$" "$tmp/$1.md"
}
for f in kvm_write_guest vfs_read account_entity_enqueue rw_verify_area put_page; do
	"$ks" page "$f" --db "$db" >"$tmp/$f.md" 2>"$tmp/e"
	check "page $f: exit 0" [ $? = 0 ]
done
check "kvm_write_guest: ✅, Unique Global" want_status kvm_write_guest "✅"
check "vfs_read: ✅" want_status vfs_read "✅"
check "account_entity_enqueue: fully inlined (Full Inline)" want_status account_entity_enqueue "Full Inline ⚠️"
check "rw_verify_area: selectively inlined (Selective Inline)" want_status rw_verify_area "Selective Inline ⚠️"
check "put_page: static duplication (Duplicate, Selective Inline)" want_status put_page "Duplicate, Selective Inline ⚠️"
"$root/tools/depsurf_page_test" roundtrip "$tmp"/{kvm_write_guest,vfs_read,account_entity_enqueue,rw_verify_area,put_page}.md >"$tmp/rt" 2>&1
check "the five pages parse back losslessly ($(tail -n 1 "$tmp/rt"))" grep -q 'identical=5 errors=0' "$tmp/rt"

# The prototype against DepSurf's own (its arm64 5.4 row, from BTF).
if [ -r "$pages/k/kvm_write_guest.md" ]; then
	dp=$(grep -A4 '<summary>In <code>arm64</code>' "$pages/k/kvm_write_guest.md" | sed -n 's/^\(int kvm_write_guest(.*\)$/\1/p')
	mine=$(grep '^int kvm_write_guest(' "$tmp/kvm_write_guest.md")
	check "kvm_write_guest prototype = DepSurf's page ($mine)" [ -n "$dp" -a "$dp" = "$mine" ]
else
	skip "kvm_write_guest prototype = DepSurf's page: no $pages (../shared)"
fi

# ---- Differences: a second build with a changed prototype ----
cp "$db" "$tmp/diff.db"
$py - "$tmp/diff.db" <<'PY'
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
b = d.execute("SELECT id FROM build WHERE source='dwarf'").fetchone()[0]
d.execute("INSERT INTO build (key, source, path, release, version, arch, flavor, complete) VALUES ('dwarf:test:arm64', 'dwarf', 'x', '6.12.0-99-cloud-arm64', '6.12', 'arm64', 'cloud', 1)")
nb = d.execute("SELECT last_insert_rowid()").fetchone()[0]
d.execute("INSERT INTO func (build_id, name, status, collision, inline, transformation, prototype) SELECT ?, name, status, collision, inline, transformation, 'int kvm_write_guest(struct kvm *kvm, const void *data, gpa_t gpa, unsigned long len, bool atomic);' FROM func WHERE build_id = ? AND name = 'kvm_write_guest'", (nb, b))
d.commit()
PY
"$ks" page kvm_write_guest --db "$tmp/diff.db" >"$tmp/diff.md" 2>&1
check "Differences: 'Changed between' the two builds" \
	grep -qF "<summary>Changed between <code>$rel</code> and <code>6.12.0-99-cloud-arm64</code> ⚠️</summary>" "$tmp/diff.md"
for k in 'Param added' 'Param reordered' 'Param type changed'; do
	check "Differences: $k" grep -q "^<b>$k. </b>\$" "$tmp/diff.md"
done
check "Differences: param added is 'bool atomic'" grep -qx '<code>bool atomic</code>' "$tmp/diff.md"
check "Differences: type change of len" \
	grep -qx '<code>long unsigned int len</code> ➡️ <code>unsigned long len</code>' "$tmp/diff.md"
"$root/tools/depsurf_page_test" roundtrip "$tmp/diff.md" >"$tmp/rt" 2>&1
check "the page with Differences parses back losslessly" grep -q 'identical=1 errors=0' "$tmp/rt"

# ---- proof (a): DWARF prototypes against the same build's .BTF ----
# protos LABEL VMLINUX STORE DEFS: every prototype against BTF, and the
# names with several definitions against the ELF symbol's address.
protos() {
	local label=$1 vm=$2 store=$3 defs=$4 line rc
	"$ks" proto --btf "$vm" >"$tmp/btf.tsv" 2>"$tmp/e"
	$py "$root/tests/dwarf/proto_vs_btf.py" "$store" "$tmp/btf.tsv" "$defs" >"$tmp/pvb" 2>&1
	rc=$?
	sed 's/^AGREE/# AGREE/' "$tmp/pvb"
	line=$(grep '^AGREE' "$tmp/pvb")
	check "$label: DWARF vs BTF prototypes: ${line#AGREE }, every other class explained" [ "$rc" = 0 ]
	readelf -sW "$vm" >"$tmp/syms.txt" 2>/dev/null
	$py "$root/tests/dwarf/proto_at_sym.py" "$store" "$defs" "$tmp/syms.txt" "$tmp/btf.tsv" >"$tmp/pas" 2>&1
	rc=$?
	sed -n '/^#/p' "$tmp/pas"
	line=$(grep '^CLASS' "$tmp/pas")
	check "$label: several definitions, one at the symbol (readelf): the row takes it ($line)" [ "$rc" = 0 ]
}
protos "$(basename "$vmlinux")" "$vmlinux" "$db" "$tmp/defs.tsv"

# restrict: the raw .BTF (bpftool) against the DWARF rows
if command -v bpftool >/dev/null 2>&1; then
	bpftool btf dump file "$vmlinux" format raw >"$tmp/btf.raw" 2>/dev/null
	$py - "$db" "$tmp/btf.raw" >"$tmp/restrict" <<'PY'
import re, sqlite3, sys
kind, ref, proto_of, params = {}, {}, {}, {}
cur = None
for line in open(sys.argv[2]):
    m = re.match(r"\[(\d+)\] (\w+) '([^']*)' (?:type_id|ret_type_id)=(\d+)", line)
    if m:
        cur = int(m.group(1))
        kind[cur], ref[cur] = m.group(2), int(m.group(4))
        if m.group(2) == "FUNC":
            proto_of[m.group(3)] = ref[cur]
        params[cur] = [ref[cur]] if m.group(2) == "FUNC_PROTO" else []
        continue
    m = re.match(r"\s+'[^']*' type_id=(\d+)", line)
    if m and cur is not None and kind[cur] == "FUNC_PROTO":
        params[cur].append(int(m.group(1)))


def restrict(t, depth=0):
    while t in kind and depth < 16:
        if kind[t] == "RESTRICT":
            return True
        if kind[t] not in ("CONST", "VOLATILE", "TYPEDEF", "TYPE_TAG"):
            return False
        t, depth = ref[t], depth + 1
    return False


btf = {n for n, p in proto_of.items() if any(restrict(t) for t in params[p])}
d = sqlite3.connect(sys.argv[1])
dw = {n for n, p in d.execute(
    "SELECT f.name, f.prototype FROM func f JOIN build b ON b.id = "
    "f.build_id WHERE b.source = 'dwarf'")
    if n in proto_of and p and re.search(r"\brestrict\b", p)}
print("BTF %d DWARF %d SAME %d %s" % (len(btf), len(dw), len(btf & dw),
                                      " ".join(sorted(btf ^ dw)[:8])))
PY
	check "restrict: functions with a restrict parameter, raw .BTF vs DWARF rows ($(cat "$tmp/restrict"))" \
		awk '$2 > 0 && $2 == $4 && $4 == $6 { f = 1 } END { exit !f }' "$tmp/restrict"
else
	skip "restrict against the raw .BTF: bpftool not installed (scripts/install-deps)"
fi
check "stpcpy keeps restrict (BTF: $(sed -n 's/^stpcpy\t//p' "$tmp/btf.tsv" | head -n 1))" \
	$py -c 'import sqlite3,sys; sys.exit(sqlite3.connect(sys.argv[1]).execute("SELECT prototype FROM func WHERE name = \"stpcpy\"").fetchone()[0] != "char *stpcpy(char *restrict dest, const char *restrict src);")' "$db"

# ---- a file compiled twice: an entry per compiled copy ----
# arm64 KVM compiles hyp/vhe/../x.c and hyp/nvhe/../x.c: one path once ".."
# is collapsed, two compiled copies (CUs), so two entries each.
readelf --debug-dump=info --dwarf-depth=1 "$vmlinux" >"$tmp/cus.txt" 2>/dev/null
readelf -sW "$vmlinux" >"$tmp/syms.txt" 2>/dev/null
$py "$root/tests/dwarf/twice.py" "$db" "$tmp/cus.txt" "$tmp/syms.txt" \
	__gic_v3_set_lr __kvm_pgtable_walk __vcpu_write_spsr >"$tmp/twice" 2>&1
rc=$?
sed -n '/^#/p' "$tmp/twice" | cut -c1-400
line=$(grep '^TWICE' "$tmp/twice")
if grep -q '^TWICE 0 ' "$tmp/twice"; then
	skip "files compiled twice: none in this build (arm64 KVM's hyp/vhe, hyp/nvhe)"
else
	check "files compiled twice: every copy its own entries, at its own code ($line)" [ "$rc" = 0 ]
	for f in __gic_v3_set_lr __kvm_pgtable_walk __vcpu_write_spsr; do
		check "$f: Static Duplication, an entry per compiled copy ($(grep "^COLLISION $f " "$tmp/twice"))" \
			grep -q "^COLLISION $f Static Duplication 2\$" "$tmp/twice"
	done
fi

# ---- proof (b): Full Inline by DWARF <=> no ELF function symbol (nm) ----
nm "$vmlinux" 2>/dev/null | awk '$2 ~ /^[TtWw]$/ { print $3 }' >"$tmp/nm.txt"
$py - "$db" "$tmp/nm.txt" >"$tmp/fi" <<'PY'
import sqlite3, sys
text = {l.strip().split(".")[0] for l in open(sys.argv[2])}
d = sqlite3.connect(sys.argv[1])
c = {}
ex = {}
for n, i in d.execute("SELECT f.name, f.inline FROM func f JOIN build b ON b.id=f.build_id WHERE b.source='dwarf'"):
    k = (i == "Full", n in text)
    c[k] = c.get(k, 0) + 1
    ex.setdefault(k, []).append(n)
agree = c.get((True, False), 0) + c.get((False, True), 0)
print("# %d names: %d Full Inline with no symbol, %d not Full with one; "
      "%d Full Inline though nm lists a text symbol (%s), %d not Full without one"
      % (sum(c.values()), c.get((True, False), 0), c.get((False, True), 0),
         c.get((True, True), 0), " ".join(ex.get((True, True), [])[:6]),
         c.get((False, False), 0)))
print("AGREE %d OF %d" % (agree, sum(c.values())))
print("EXTRA %s" % " ".join(ex.get((True, True), [])))
print("MISSING %d" % c.get((False, False), 0))
PY
sed -n '1p' "$tmp/fi"
line=$(grep '^AGREE' "$tmp/fi")
# The only Full Inline names nm knows are assembly labels: ELF STT_NOTYPE,
# which nm prints as T but which are no function symbol for DepSurf.
extra=$(sed -n 's/^EXTRA //p' "$tmp/fi")
notype=0
for s in $extra; do
	readelf -sW "$vmlinux" | awk -v s="$s" '$8 == s && $4 == "NOTYPE" { f = 1 } END { exit !f }' && notype=$((notype + 1))
done
check "Full Inline <=> no ELF function symbol (nm): ${line#AGREE }; $(echo $extra | wc -w) others are STT_NOTYPE labels ($notype checked)" \
	[ "$(sed -n 's/^MISSING //p' "$tmp/fi")" = 0 -a "$notype" = "$(echo $extra | wc -w)" ]

# ---- proof (c): pyelftools on a fixed sample of CUs ----
# vgic-v3-sr.c: compiled twice (hyp/vhe/.., hyp/nvhe/..); fdt_rw.c: three
# CUs of one name (vmlinux, the EFI stub, kernel/pi)
cus="virt/kvm/kvm_main.c fs/read_write.c arch/arm64/kvm/vgic/vgic-its.c lib/string.c init/main.c"
cus="$cus arch/arm64/kvm/hyp/vgic-v3-sr.c lib/fdt_rw.c"
[ "${KSYMSTAT_DWARF_ALL:-0}" = 1 ] &&
	cus="$cus kernel/sched/fair.c mm/slub.c net/ipv4/tcp.c fs/namei.c kernel/fork.c"
if $py -c 'import elftools' 2>/dev/null; then
	KSYMSTAT_DWARF_CUS=$(echo $cus | tr ' ' ,) /usr/bin/time -f '%U %S' -o "$tmp/kt" \
		"$ks" import --db "$tmp/sample.db" "$vmlinux" >/dev/null 2>&1
	/usr/bin/time -f '%U %S' -o "$tmp/pt" \
		$py "$root/tests/dwarf/depsurf_rows.py" "$vmlinux" $cus >"$tmp/py.jsonl" 2>"$tmp/py.err"
	$py "$root/tests/dwarf/store_rows.py" "$tmp/sample.db" >"$tmp/ks.jsonl"
	same=$(sort "$tmp/py.jsonl" | comm -12 - <(sort "$tmp/ks.jsonl") | wc -l)
	total=$(cat "$tmp/py.jsonl" "$tmp/ks.jsonl" | sort -u | wc -l)
	sed 's/^/# /' "$tmp/py.err"
	echo "# cpu seconds: ksymstat $(cat "$tmp/kt"), pyelftools $(cat "$tmp/pt") (user sys)"
	check "pyelftools on $(echo $cus | wc -w) CUs: $same of $total names give the same rows (status, entries, callers)" \
		[ "$same" -gt 0 -a "$same" = "$total" ]
else
	skip "pyelftools comparison: python3-pyelftools not installed (scripts/install-deps)"
fi

# ---- the live prototype in check: BTF of the same build ----
# The synthetic report, relabelled as the build just imported (whichever
# ABI was fetched: tests/kernels.lock), so that it is "the same build".
sed "1s/ release=[^ ]* / release=$rel /" "$here/fixtures/reports/arm64.report" \
	>"$tmp/same-build.report"
KSYMSTAT_BTF=$vmlinux "$ks" check kvm_write_guest --db "$db" \
	--live "$tmp/same-build.report" -v >"$tmp/chk" 2>&1
check "check: live prototype from BTF printed" \
	grep -q 'live prototype (BTF .*): int kvm_write_guest(struct kvm \*kvm, gpa_t gpa, const void \*data, long unsigned int len);' "$tmp/chk"
check "check: prototype unchanged from the DWARF row of the same build" \
	grep -qF "prototype unchanged from dwarf $rel" "$tmp/chk"
check "check: inlining from the same build's DWARF (not inlined at any of N call sites)" \
	grep -q 'not inlined at any of [0-9]* call sites in this build (DWARF)' "$tmp/chk"
KSYMSTAT_BTF=$vmlinux "$ks" check kvm_write_guest --db "$db" \
	--live "$here/fixtures/reports/arm64.report" --json >"$tmp/chk.json" 2>&1
check "check --json carries the live prototype finding" grep -q 'live prototype (BTF' "$tmp/chk.json"
KSYMSTAT_BTF=$vmlinux "$ks" check kvm_write_guest --db "$tmp/diff.db" \
	--live "$here/fixtures/reports/arm64.report" -v >"$tmp/chk2" 2>&1
check "check: prototype changed since the other build, parameter by parameter" \
	grep -q 'prototype changed since dwarf 6.12.0-99-cloud-arm64: Param removed `bool atomic`' "$tmp/chk2"
KSYMSTAT_BTF=$vmlinux "$ks" check kvm_write_guest --db "$db" \
	--live "$here/fixtures/reports/arm64.report" --markdown >"$tmp/chk.md" 2>&1
check "check --markdown: DWARF row (group Debian) and live row with the BTF prototype" \
	[ "$(grep -c '^int kvm_write_guest(struct kvm \*kvm, gpa_t gpa, const void \*data, long unsigned int len);$' "$tmp/chk.md")" -ge 2 ] &&
	grep -q '^<b>Debian</b>$' "$tmp/chk.md"
"$root/tools/depsurf_page_test" roundtrip "$tmp/chk.md" >"$tmp/rt" 2>&1
check "check --markdown parses back losslessly" grep -q 'identical=1 errors=0' "$tmp/rt"

# ---- the amd64 6.1 cloud build's prototypes, when its -dbg is at hand ----
amd=${KSYMSTAT_DWARF_AMD64:-}
if [ -z "$amd" ] && [ "${KSYMSTAT_DWARF_ALL:-0}" = 1 ] &&
   env=$("$root/scripts/fetch-kernel" --arch amd64 --series 6.1 --flavor cloud --dbg 2>"$tmp/fetch.log"); then
	amd=$(eval "$env"; echo "$KS_VMLINUX")
fi
cache=${KSYMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksymstat}
[ -n "$amd" ] || amd=$(ls -t "$cache"/6.1.0-*-cloud-amd64/root/usr/lib/debug/boot/vmlinux-6.1.0-*-cloud-amd64 2>/dev/null | head -n 1)
if [ -n "$amd" ] && [ -r "$amd" ]; then
	echo "# amd64 vmlinux: $amd"
	KSYMSTAT_DWARF_DEFS=$tmp/defs-amd64.tsv "$ks" import --db "$tmp/amd64.db" "$amd" >/dev/null 2>"$tmp/e"
	check "import of the amd64 6.1 cloud -dbg vmlinux: exit 0" [ $? = 0 ]
	protos "$(basename "$amd")" "$amd" "$tmp/amd64.db" "$tmp/defs-amd64.tsv"
else
	skip "amd64 6.1 cloud prototypes: no -dbg vmlinux in $cache (KSYMSTAT_DWARF_ALL=1 fetches it)"
fi

# ---- opt-in: the other builds ----
if [ "${KSYMSTAT_DWARF_ALL:-0}" = 1 ]; then
	all=$tmp/all.db
	for spec in "arm64 6.1 cloud" "amd64 6.1 cloud" "arm64 6.12 cloud" "amd64 6.12 cloud" "amd64 6.1 generic"; do
		set -- $spec
		if env=$("$root/scripts/fetch-kernel" --arch "$1" --series "$2" --flavor "$3" --dbg 2>"$tmp/fetch.log"); then
			eval "$env"
			kos=${KS_DBG_KOS:-}
			/usr/bin/time -f '%e %M' -o "$tmp/time" "$ks" import --db "$all" "$KS_VMLINUX" $kos >"$tmp/o" 2>&1
			rc=$?
			check "import $spec ($KS_KVER${kos:+ + kvm.ko}): exit 0, $(cat "$tmp/time") s KB" [ "$rc" = 0 ]
		else
			skip "$spec: fetch failed: $(tail -n 1 "$tmp/fetch.log")"
		fi
	done
	for f in kvm_write_guest vfs_read account_entity_enqueue rw_verify_area put_page; do
		"$ks" page "$f" --db "$all" >"$tmp/all-$f.md" 2>&1
		check "page $f over $(grep -c '^In <code>\|^<summary>In <code>' "$tmp/all-$f.md") builds" [ $? = 0 ]
		[ -n "${KSYMSTAT_DWARF_PAGES:-}" ] && cp "$tmp/all-$f.md" "$KSYMSTAT_DWARF_PAGES/"
	done
	"$root/tools/depsurf_page_test" roundtrip "$tmp"/all-*.md >"$tmp/rt" 2>&1
	check "the pages of every build parse back losslessly ($(tail -n 1 "$tmp/rt"))" grep -q 'errors=0' "$tmp/rt"
else
	skip "other builds (arm64/amd64, 6.1/6.12, cloud/generic): opt-in, KSYMSTAT_DWARF_ALL=1 (downloads ~300 MB per build)"
fi
finish
