#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""DWARF prototypes (a ksymstat store) against the same build's BTF
(`ksymstat proto --btf VMLINUX` output), for every function both have,
after the normalisation of docs/dwarf.md.  Prints one line per class and
exits 1 if a disagreement falls in no explained class.

    proto_vs_btf.py STORE.db BTF.tsv
"""
import re
import sqlite3
import sys

QUAL = re.compile(r"\b(volatile const|const volatile)\b")
RESTRICT = "restrict (in the .BTF; this `ksymstat proto` does not print it)"


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

# tools/btf_proto.c before it printed BTF_KIND_RESTRICT: no "restrict"
# anywhere, though the .BTF has it (stpcpy): DWARF keeps it.
btf_restrict = any(re.search(r"\brestrict\b", p) for p in btf.values())

classes = {"agree": 0, "agree: another entry of a colliding name": 0,
           "qualifier order (volatile const)": 0, RESTRICT: 0,
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
