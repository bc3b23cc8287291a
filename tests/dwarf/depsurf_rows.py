#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Test-only second implementation of DepSurf's row rules (docs/dwarf.md)
with python3-pyelftools, to cross-check tools/offline/dwarf_scan.c.

    depsurf_rows.py VMLINUX CU_PATH...   one JSON object per function name

Only the compile units whose normalised path is one of CU_PATH are walked
(ksymstat's KSYMSTAT_DWARF_CUS does the same), so both sides see the same
DWARF; the ELF symbol table is the whole image's.

A static entry is keyed by its CU (its index), not by the CU's path: a file
compiled twice (arm64 KVM's hyp/vhe/../x.c and hyp/nvhe/../x.c) gives an
entry per compiled copy, as DepSurf's own key, the path with its "..",
keeps them apart.
"""
import json
import os
import sys
import time

from elftools.elf.elffile import ELFFile

from ksdwarf import norm


def attr(die, name):
    a = die.attributes.get(name)
    return None if a is None else a.value


def name_of(die):
    v = attr(die, "DW_AT_name")
    return v.decode() if v is not None else None


class CU:
    def __init__(self, dwarf, cu, idx):
        top = cu.get_top_DIE()
        self.top = top
        self.idx = idx
        cd = attr(top, "DW_AT_comp_dir")
        cd = cd.decode() if cd is not None else None
        self.comp_dir = cd if cd and not cd.startswith("/") else None
        self.path = norm(name_of(top) or "")
        self.lp = dwarf.line_program_for_CU(cu)
        self.cache = {}

    def file(self, idx):
        if idx in self.cache:
            return self.cache[idx]
        h = self.lp.header
        v5 = h.version >= 5
        fe = h.file_entry[idx if v5 else idx - 1]
        fname = fe.name.decode()
        if fname.startswith("/"):
            full = fname
        else:
            di = fe.dir_index if v5 else fe.dir_index - 1
            if di < 0:
                d = self.comp_dir or ""
            else:
                d = h.include_directory[di].decode()
                if not d.startswith("/") and self.comp_dir and d != self.comp_dir:
                    d = self.comp_dir + "/" + d
            full = d + "/" + fname if d else fname
        r = norm(full, self.comp_dir)
        self.cache[idx] = r
        return r

    def loc(self, die):
        f = attr(die, "DW_AT_decl_file")
        if f is None:
            return self.path
        return "%s:%d" % (self.file(f), attr(die, "DW_AT_decl_line") or 0)


class Rows:
    def __init__(self):
        self.entries = {}   # (name, loc, CU index) -> entry
        self.curr = None

    def entry(self, die, cu):
        name = name_of(die)
        if name is None:
            return None
        ext = bool(attr(die, "DW_AT_external"))
        key = (name, None, None) if ext else (name, cu.loc(die), cu.idx)
        e = self.entries.get(key)
        if e is None:
            e = {"name": name, "external": ext, "loc": key[1],
                 "file": None if ext else cu.path, "inline": -2, "addr": 0,
                 "inl": [], "dir": []}
            self.entries[key] = e
        return e

    @staticmethod
    def pc(die):
        for a in ("DW_AT_low_pc", "DW_AT_entry_pc", "DW_AT_high_pc"):
            v = attr(die, a)
            if v is not None:
                return v
        return 0

    def walk(self, die, cu):
        tag = die.tag
        if tag in ("DW_TAG_compile_unit", "DW_TAG_lexical_block"):
            pass
        elif tag == "DW_TAG_subprogram":
            self.subprogram(die, cu)
        elif tag == "DW_TAG_inlined_subroutine":
            o = die.get_DIE_from_attribute("DW_AT_abstract_origin")
            e = self.entry(o, cu)
            if e is not None:
                if self.curr is not None:
                    e["inl"].append("%s:%s" % (cu.path, self.curr))
                if not e["addr"]:
                    e["addr"] = self.pc(die)
        elif tag in ("DW_TAG_call_site", "DW_TAG_GNU_call_site"):
            at = "DW_AT_call_origin" if tag == "DW_TAG_call_site" else "DW_AT_abstract_origin"
            if at in die.attributes:
                o = die.get_DIE_from_attribute(at)
                if "DW_AT_abstract_origin" in o.attributes:
                    o = o.get_DIE_from_attribute("DW_AT_abstract_origin")
                e = self.entry(o, cu)
                if e is not None and self.curr is not None:
                    e["dir"].append("%s:%s" % (cu.path, self.curr))
            return
        else:
            return
        for c in die.iter_children():
            self.walk(c, cu)

    def subprogram(self, die, cu):
        if "DW_AT_abstract_origin" in die.attributes:
            self.curr = None
            e = self.entry(die.get_DIE_from_attribute("DW_AT_abstract_origin"), cu)
            if e is not None and not e["addr"]:
                e["addr"] = self.pc(die)
            return
        e = self.entry(die, cu)
        if e is None or attr(die, "DW_AT_declaration"):
            return
        self.curr = e["name"]
        if e["inline"] < 0:
            v = attr(die, "DW_AT_inline")
            e["inline"] = v if v is not None else -1
        if e["loc"] is None:
            e["loc"] = cu.loc(die)
            e["file"] = cu.path
        if not e["addr"]:
            e["addr"] = self.pc(die)


def symbols(elf):
    syms = {}
    tab = elf.get_section_by_name(".symtab")
    for s in tab.iter_symbols():
        if s["st_info"]["type"] != "STT_FUNC" or s["st_shndx"] == "SHN_UNDEF":
            continue
        if not s.name:
            continue
        syms.setdefault(s.name.split(".")[0], []).append(s.name)
    return syms


def main():
    path, want = sys.argv[1], set(sys.argv[2:])
    t0 = time.time()
    with open(path, "rb") as f:
        elf = ELFFile(f)
        dwarf = elf.get_dwarf_info(relocate_dwarf_sections=False)
        rows = Rows()
        walked = 0
        walk_s = 0.0
        walk_bytes = 0
        total_bytes = elf.get_section_by_name(".debug_info").header.sh_size
        for idx, cu in enumerate(dwarf.iter_CUs()):
            top = cu.get_top_DIE()
            if attr(top, "DW_AT_language") == 0x1c:
                continue
            if norm(name_of(top) or "") not in want:
                continue
            t1 = time.process_time()
            c = CU(dwarf, cu, idx)
            walked += 1
            rows.curr = None
            rows.walk(top, c)
            walk_s += time.process_time() - t1
            walk_bytes += cu.size
        syms = symbols(elf)
    groups = {}
    for e in rows.entries.values():
        if e["name"].startswith("__compiletime_assert_"):
            continue
        groups.setdefault(e["name"], []).append(e)
    for name, es in sorted(groups.items()):
        if len(es) == 1:
            coll = "Unique Global" if es[0]["external"] else "Unique Static"
        elif len({e["loc"] for e in es}) == 1:
            coll = "Static Duplication"
        elif all(not e["external"] for e in es):
            coll = "Static-Static Collision"
        else:
            coll = "Static-Global Collision"
        s = syms.get(name, [])
        if not s:
            inl = "Full"
        elif any(e["inline"] in (1, 3) for e in es):
            inl = "Selective"
        else:
            inl = "No"
        print(json.dumps({"name": name, "collision": coll, "inline": inl,
                          "transformation": any("." in x for x in s),
                          "entries": sorted([e["file"] or "None", e["loc"] or "None",
                                              "%x" % e["addr"],
                                              e["inline"] in (1, 3),
                                              len(e["inl"]), len(e["dir"])]
                                             for e in es)}))
    print("# walked %d CUs in %.2f s; their walk: %.2f s CPU over %d of %d "
          "bytes of .debug_info, so the whole image: %.0f s CPU"
          % (walked, time.time() - t0, walk_s, walk_bytes, total_bytes,
             walk_s * total_bytes / max(walk_bytes, 1)), file=sys.stderr)


if __name__ == "__main__":
    main()
