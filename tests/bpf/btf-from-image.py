#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's BTF out of an uncompressed arm64 Image (Debian's arm64
# vmlinuz): the .BTF section is in the image as it is, from its header
# (magic 0xeB9F, version 1, 24-byte header, types then strings) to the end
# of its strings; the largest such blob is the kernel's.  The same bytes
# as the running kernel's /sys/kernel/btf/vmlinux.
#   tests/bpf/btf-from-image.py IMAGE OUT
import struct
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: btf-from-image.py IMAGE OUT")
    d = open(sys.argv[1], "rb").read()
    best, i = None, 0
    while True:
        i = d.find(b"\x9f\xeb\x01\x00", i)
        if i < 0:
            break
        if i + 24 <= len(d):
            hl, to, tl, so, sl = struct.unpack_from("<IIIII", d, i + 4)
            end = i + hl + so + sl
            if hl == 24 and to == 0 and so == tl and end <= len(d) and \
                    (best is None or tl > best[1]):
                best = (i, tl, end)
        i += 1
    if best is None or best[1] < 1 << 20:
        sys.exit("%s: no kernel BTF in it (a compressed image?)" % sys.argv[1])
    open(sys.argv[2], "wb").write(d[best[0]:best[2]])


main()
