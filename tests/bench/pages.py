#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Build a DepSurf page corpus of a given size from the real pages in SRC
# (../shared/depsurf/function, 2,000 pages), for the import benchmark.
# Replica r of page NAME is DST/L/NAME__rR.md, with the page's own name
# line renamed to match; every other byte is the real page's.  Replica 0
# is the real page under its own name.  Pages go under the same letter
# directories as the real corpus, so the import sees names in the same
# (sorted) order.  Prints "pages bytes".
#
#   tests/bench/pages.py SRC DST COUNT
import os
import sys

HEAD = b"# Function: <code>"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: pages.py SRC DST COUNT")
    src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pages = []
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if f.endswith(".md"):
                path = os.path.join(root, f)
                with open(path, "rb") as fh:
                    pages.append((os.path.relpath(root, src), f[:-3],
                                  fh.read()))
    pages.sort()
    if not pages:
        sys.exit("pages.py: no pages in " + src)
    total = 0
    made = 0
    r = 0
    while made < count:
        for sub, name, text in pages:
            if made == count:
                break
            if r:
                new = "%s__r%d" % (name, r)
                nl = text.index(b"\n")
                if not text.startswith(HEAD):
                    sys.exit("pages.py: %s is not a function page" % name)
                text = HEAD + new.encode() + b"</code>" + text[nl:]
            else:
                new = name
            d = os.path.join(dst, sub)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, new + ".md"), "wb") as fh:
                fh.write(text)
            total += len(text)
            made += 1
        r += 1
    print(made, total)


main()
