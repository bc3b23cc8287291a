#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The DWARF rows of a ksymstat store in depsurf_rows.py's JSON form.

    store_rows.py STORE.db
"""
import json
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
funcs = db.execute(
    "SELECT f.id, f.name, f.collision, f.inline, f.transformation "
    "FROM func f JOIN build b ON b.id = f.build_id WHERE b.source = 'dwarf' "
    "ORDER BY f.name")
for fid, name, coll, inl, tr in funcs.fetchall():
    es = []
    for file, addr, loc, il, ic, dc in db.execute(
            "SELECT file, addr, location, inline, inline_callers, "
            "direct_callers FROM func_inst WHERE func_id = ? ORDER BY seq",
            (fid,)):
        es.append([file or "None", loc or "None", "%x" % (addr & (2**64 - 1)),
                   il == "True", len(ic.split("\n")) if ic else 0,
                   len(dc.split("\n")) if dc else 0])
    print(json.dumps({"name": name, "collision": coll, "inline": inl,
                      "transformation": tr == "True", "entries": sorted(es)}))
