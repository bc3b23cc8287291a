#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""DWARF prototypes (a ksymstat store) against the same build's BTF
(`ksymstat proto --btf VMLINUX` output), for every function both have,
after the normalisation of docs/dwarf.md.  Prints one line per class and
exits 1 if a disagreement falls in no explained class.

    proto_vs_btf.py STORE.db BTF.tsv [DEFS.tsv]

DEFS.tsv, the import's $KSYMSTAT_DWARF_DEFS (every definition with code and
every definition of an external name: NAME CU ADDR PROTOTYPE), explains a
name whose row took the definition at its ELF symbol while pahole took
another one of the same name.
"""
import re
import sqlite3
import sys

QUAL = re.compile(r"\b(volatile const|const volatile)\b")
RESTRICT = "restrict (in the .BTF; this `ksymstat proto` does not print it)"
AT_SYM = "the definition at the symbol; BTF another (weak, extern inline)"
ASM = "assembler at the symbol (no DWARF types); BTF a C definition"


def qual(p):
    return QUAL.sub("const volatile", p)


def unnamed(p, name):
    """The prototype without parameter names: types only."""
    m = re.match(r"^(.*?)\b%s\((.*)\);$" % re.escape(name), p)
    if not m:
        return p
    out, depth, cur = [], 0, ""
    for ch in m.group(2):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    out = [re.sub(r"\(\*\w+\)", "(*)", a) if "(*" in a else
           re.sub(r"\s*\b\w+$", "", a) if re.search(r"[\w*]\s*\w+$", a) and
           not re.fullmatch(r"[\w ]+", a.rsplit("*", 1)[-1].strip() and a) is None
           else a for a in out]
    return m.group(1) + "(" + ", ".join(out) + ")"


db = sqlite3.connect(sys.argv[1])
dw = {}
for name, proto, coll in db.execute(
        "SELECT f.name, f.prototype, f.collision FROM func f JOIN build b "
        "ON b.id = f.build_id WHERE b.source = 'dwarf'"):
    dw[name] = (proto, coll, set())
for name, proto in db.execute(
        "SELECT f.name, i.prototype FROM func_inst i JOIN func f ON "
        "f.id = i.func_id JOIN build b ON b.id = f.build_id WHERE "
        "b.source = 'dwarf' AND i.prototype IS NOT NULL"):
    dw[name][2].add(proto)

btf = {}
for line in open(sys.argv[2]):
    n, p = line.rstrip("\n").split("\t", 1)
    btf.setdefault(n, p)

# tools/verdict/btf_proto.c before it printed BTF_KIND_RESTRICT: no "restrict"
# anywhere, though the .BTF has it (stpcpy): DWARF keeps it.
btf_restrict = any(re.search(r"\brestrict\b", p) for p in btf.values())

defs = {}
if len(sys.argv) > 3:
    for line in open(sys.argv[3]):
        n, cu, addr, proto = line.rstrip("\n").split("\t", 3)
        defs.setdefault(n, []).append((cu, int(addr, 16), proto))
syms = {}
for name, addr, size in db.execute(
        "SELECT s.name, s.addr, s.size FROM func_sym s JOIN func f ON "
        "f.id = s.func_id JOIN build b ON b.id = f.build_id WHERE "
        "b.source = 'dwarf' AND s.name = f.name"):
    syms.setdefault(name, []).append((addr & (2**64 - 1), size or 1))


def at_sym(n, addr):
    return addr and any(v <= addr < v + s for v, s in syms.get(n, []))


def other_def(n, gp, bp):
    """gp is the definition at the symbol, bp another definition's: the
    CU of the one at the symbol, or None."""
    hit = [d for d in defs.get(n, []) if at_sym(n, d[1])]
    if not hit or {p for _, _, p in hit} != {gp}:
        return None
    if qual(bp) not in {qual(p) for _, a, p in defs[n] if not at_sym(n, a)}:
        return None
    return hit[0][0]

classes = {"agree": 0, "agree: another entry of a colliding name": 0,
           "qualifier order (volatile const)": 0,
           RESTRICT: 0, AT_SYM: 0, ASM: 0,
           "parameter names only (declaration vs definition, weak vs strong)": 0,
           "another function of the same name (collision, BTF keeps one)": 0,
           "no DWARF prototype": 0, "unexplained": 0}
examples = {}
both = 0
for n, bp in btf.items():
    if n not in dw:
        continue
    both += 1
    gp, coll, protos = dw[n]
    protos = protos | ({gp} if gp else set())
    if gp == bp:
        k = "agree"
    elif not protos:
        k = "no DWARF prototype"
    elif bp in protos:
        k = "agree: another entry of a colliding name"
    elif qual(bp) in {qual(p) for p in protos}:
        k = "qualifier order (volatile const)"
    elif not btf_restrict and bp in {re.sub(r"\brestrict\b ?", "", p)
                                     for p in protos}:
        k = RESTRICT
    elif other_def(n, gp, bp):
        k = ASM if other_def(n, gp, bp).endswith(".S") else AT_SYM
    elif len(protos) > 1 or not coll.startswith("Unique"):
        k = "another function of the same name (collision, BTF keeps one)"
    elif re.sub(r"\w+(?=[,)])", "", bp) == re.sub(r"\w+(?=[,)])", "", gp):
        k = "parameter names only (declaration vs definition, weak vs strong)"
    else:
        k = "unexplained"
    classes[k] += 1
    examples.setdefault(k, (n, gp, bp))

print("# DWARF vs BTF: %d functions in both (BTF %d, DWARF %d)" %
      (both, len(btf), len(dw)))
for k, v in classes.items():
    print("# %6d  %s" % (v, k))
    if k != "agree" and v:
        n, gp, bp = examples[k]
        print("#           e.g. %s: DWARF `%s` BTF `%s`" % (n, gp, bp))
agree = classes["agree"] + classes["agree: another entry of a colliding name"]
print("AGREE %d OF %d UNEXPLAINED %d" % (agree, both, classes["unexplained"]))
sys.exit(1 if classes["unexplained"] else 0)
