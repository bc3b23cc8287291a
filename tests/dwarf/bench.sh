#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/dwarf/bench.sh [VMLINUX]: figures of the DWARF import for
# BENCHMARKS.md (asserts nothing).  Default VMLINUX: the arm64 6.1 cloud
# -dbg vmlinux from scripts/fetch-kernel --dbg.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
ks=$root/tools/ksymstat
vm=${1:-}
if [ -z "$vm" ]; then
	eval "$("$root/scripts/fetch-kernel" --arch arm64 --series 6.1 --flavor cloud --dbg)"
	vm=$KS_VMLINUX
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-dwbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "vmlinux: $vm ($(stat -c %s "$vm") bytes; .debug_info $(readelf -SW "$vm" | awk '$2 == ".debug_info" { print strtonum("0x" $6) }') bytes)"
echo "| workers | wall | user + sys CPU | peak RSS |"
echo "| ---: | ---: | ---: | ---: |"
for t in 1 2; do
	rm -f "$tmp/s.db"
	KSYMSTAT_DWARF_THREADS=$t /usr/bin/time -f '%e %U %S %M' -o "$tmp/t" \
		"$ks" import --db "$tmp/s.db" "$vm" >/dev/null
	read -r e u s m <"$tmp/t"
	echo "| $t | $e s | $(echo "$u + $s" | bc) s | $((m / 1024)) MB |"
done
/usr/bin/time -f '%e' -o "$tmp/t" "$ks" page kvm_write_guest vfs_read --db "$tmp/s.db" >/dev/null
echo "page of 2 functions from the store: $(cat "$tmp/t") s"
cus="virt/kvm/kvm_main.c fs/read_write.c arch/arm64/kvm/vgic/vgic-its.c lib/string.c init/main.c"
KSYMSTAT_DWARF_CUS=$(echo $cus | tr ' ' ,) /usr/bin/time -f '%U %S' -o "$tmp/k" \
	"$ks" import --db "$tmp/c.db" "$vm" >/dev/null
/usr/bin/python3 "$root/tests/dwarf/depsurf_rows.py" "$vm" $cus >/dev/null 2>"$tmp/p"
echo "sample of 5 CUs: ksymstat import $(cat "$tmp/k") s CPU (user sys, symtab and store included)"
echo "pyelftools: $(cat "$tmp/p")"
