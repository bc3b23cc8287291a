#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Files compiled twice keep an entry per compiled copy (docs/dwarf.md):
arm64 KVM builds hyp/vhe/../x.c and hyp/nvhe/../x.c (and hyp/pgtable.c
and hyp/nvhe/../pgtable.c), one path once ".." is collapsed.  The nVHE
copy's symbols are renamed __kvm_nvhe_NAME.  Each copy's code is its CU's
[low_pc, high_pc), and an entry's address (DepSurf's: its first pc, out of
line or inlined) must be in the code of the copy it stands for.

    twice.py STORE.db CUS.txt SYMS.txt

CUS.txt: `readelf --debug-dump=info --dwarf-depth=1 VMLINUX`; SYMS.txt:
`readelf -sW VMLINUX`.  Exits 1 unless no compiled copy has two entries of one
name and every static function with both copies out of line (NAME and
__kvm_nvhe_NAME) has an entry in each.
"""
import re
import sqlite3
import sys

from ksdwarf import norm, readelf_funcs

NVHE = "__kvm_nvhe_"


spell = {}
code = {}       # raw CU name -> (low_pc, high_pc)
cu = None
for line in open(sys.argv[2], errors="replace"):
    if "Abbrev Number" in line:
        cu = {} if "DW_TAG_compile_unit" in line else None
        continue
    m = re.search(r"(DW_AT_\w+)\s*:\s*(?:\([^)]*\):\s*)?(.*)$", line)
    if cu is None or not m:
        continue
    cu[m.group(1)] = m.group(2).strip()
    if "DW_AT_name" in cu and "DW_AT_high_pc" in cu:
        raw = cu["DW_AT_name"]
        spell.setdefault(norm(raw), set()).add(raw)
        lo = int(cu.get("DW_AT_low_pc", "0"), 16)
        code[raw] = (lo, lo + int(cu["DW_AT_high_pc"], 16))
        cu = None
# one path, several spellings, one of them the nVHE copy
twice = {n: s for n, s in spell.items()
         if len(s) > 1 and any("/nvhe/../" in r for r in s)}

syms = readelf_funcs(sys.argv[3], 1)

db = sqlite3.connect(sys.argv[1])
ent = {}
coll = {}
for name, c, file, addr in db.execute(
        "SELECT f.name, f.collision, i.file, i.addr FROM func f JOIN "
        "func_inst i ON i.func_id = f.id JOIN build b ON b.id = f.build_id "
        "WHERE b.source = 'dwarf' AND i.external = 0"):
    coll[name] = c
    if file in twice:
        ent.setdefault((name, file), []).append(addr & (2**64 - 1))


names = {n for n, _ in ent}
multi = {n for (n, _), a in ent.items() if len(a) > 1}
both = bad = 0
for (n, f), addrs in sorted(ent.items()):
    # the copy each entry's address is in
    copies = [[r for r in twice[f] if code[r][0] <= a < code[r][1]]
              for a in addrs if a]
    where = [c[0] if len(c) == 1 else None for c in copies]
    pair = n in syms and NVHE + n in syms
    both += pair
    if None in where or len(set(where)) < len(where) or \
            (pair and len(where) != len(twice[f])):
        bad += 1
        print("# %s (%s): entries at %s in %s"
              % (n, f, " ".join("%x" % a for a in addrs), where))
print("# files compiled twice (%d): %s" % (len(twice), " ".join(
    "%s (%s)" % (n, ", ".join(sorted(s))) for n, s in sorted(twice.items()))))
print("# %d static names in them, %d with an entry per compiled copy; "
      "%d with both copies out of line (NAME and %sNAME): %d with one in each"
      % (len(names), len(multi), both, NVHE, both - bad))
print("TWICE %d NAMES %d MULTI %d BOTH %d BAD %d"
      % (len(twice), len(names), len(multi), both, bad))
for n in sys.argv[4:]:
    print("COLLISION %s %s %d" % (n, coll.get(n), sum(
        len(a) for (m, _), a in ent.items() if m == n)))
sys.exit(1 if bad or not both else 0)
