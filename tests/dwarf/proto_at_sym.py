#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The prototype of a name with several DWARF definitions comes from the
one at the ELF symbol's address (docs/dwarf.md, Prototypes).  Checks every
such name of a ksymstat store against the ELF symbol table read by
binutils and the same build's BTF.

    proto_at_sym.py STORE.db DEFS.tsv SYMS.txt BTF.tsv

DEFS.tsv: the import's $KSYMSTAT_DWARF_DEFS (NAME CU ADDR PROTOTYPE, in
walk order); SYMS.txt: `readelf -sW VMLINUX`; BTF.tsv: `ksymstat proto
--btf VMLINUX`.  Exits 1 unless every name of the class took the
definition at its symbol and BTF agrees or is another definition's.
"""
import sqlite3
import sys

from ksdwarf import readelf_funcs

db = sqlite3.connect(sys.argv[1])
row = dict(db.execute(
    "SELECT f.name, f.prototype FROM func f JOIN build b ON b.id = "
    "f.build_id WHERE b.source = 'dwarf'"))

defs = {}
for line in open(sys.argv[2]):
    n, cu, addr, proto = line.rstrip("\n").split("\t", 3)
    defs.setdefault(n, []).append((cu, int(addr, 16), proto))

syms = readelf_funcs(sys.argv[3])

btf = {}
for line in open(sys.argv[4]):
    n, p = line.rstrip("\n").split("\t", 1)
    btf.setdefault(n, p)


def at_sym(n, addr):
    return addr and any(v <= addr < v + max(s, 1) for v, s in syms.get(n, []))


cls = took = other = btf_same = btf_other = bad = 0
ex = []
for n, ds in defs.items():
    if len({p for _, _, p in ds}) < 2 or n not in row:
        continue
    hit = [d for d in ds if at_sym(n, d[1])]
    # the address picks one prototype (not: static functions of one name,
    # each at its own symbol, "another entry of a colliding name")
    if not hit or len({p for _, _, p in hit}) > 1:
        continue
    cls += 1
    picked = hit[0][2]
    if row[n] == picked:
        took += 1
    else:
        bad += 1
        print("# %s: row `%s`, at the symbol (%s) `%s`"
              % (n, row[n], hit[0][0], picked))
    if ds[0][2] != picked:
        other += 1
        if len(ex) < 4:
            ex.append("%s (%s, not %s)" % (n, hit[0][0], ds[0][0]))
    if n in btf:
        if btf[n] == row[n]:
            btf_same += 1
        elif btf[n] in {p for _, a, p in ds if not at_sym(n, a)}:
            btf_other += 1
        else:
            bad += 1
            print("# %s: BTF `%s` is no definition's; row `%s`"
                  % (n, btf[n], row[n]))
print("# %d names with several definitions, one at the symbol: %d took it; "
      "%d would have taken another (the first in walk order), e.g. %s"
      % (cls, took, other, "; ".join(ex)))
print("# BTF: %d the same, %d another definition (a weak one overridden, "
      "an extern inline wrapper, C behind an assembler symbol)"
      % (btf_same, btf_other))
print("CLASS %d TOOK %d OTHER %d BTF_SAME %d BTF_OTHER %d BAD %d"
      % (cls, took, other, btf_same, btf_other, bad))
sys.exit(1 if bad or not cls else 0)
