# SPDX-License-Identifier: GPL-2.0
"""What the DWARF test scripts share: the path rule of docs/dwarf.md and
the function symbols of `readelf -sW`, read apart from the tool."""


def norm(path, comp_dir=None):
    """A source path as ksymstat keys it: relative to the compilation
    directory, '.' and 'x/..' folded, the build tree's prefix dropped."""
    if comp_dir and path.startswith(comp_dir + "/"):
        path = path[len(comp_dir) + 1:]
    absolute = path.startswith("/")
    parts = []
    for p in path.split("/"):
        if p in ("", "."):
            continue
        if p == ".." and parts and parts[-1] != "..":
            parts.pop()
            continue
        if p == ".." and absolute:
            continue
        parts.append(p)
    if absolute and len(parts) >= 3 and parts[2].startswith("linux-"):
        return "/".join(parts[3:])
    return ("/" if absolute else "") + "/".join(parts)


def readelf_funcs(path, min_size=0):
    """{name: [(address, size)]} of the defined FUNC symbols in the output
    of `readelf -sW` saved at path (a size below min_size counts as it)."""
    syms = {}
    for line in open(path):
        f = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(f) < 8 or f[3] != "FUNC" or f[6] == "UND":
            continue
        size = int(f[2], 0) if f[2].isdigit() else int(f[2], 16)
        syms.setdefault(f[7], []).append((int(f[1], 16), max(size, min_size)))
    return syms
