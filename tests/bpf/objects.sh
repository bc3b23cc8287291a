# SPDX-License-Identifier: GPL-2.0
#
# tests/bpf/objects.sh: the BPF objects of the real-run tests and the fleet
# benchmark, for one arch.  Source it, then
#   bpf_objects ARCH DIR TOOL
# builds tests/bpf/src's kinds and failures objects (clang) into DIR/put,
# unpacks pcp and libbpf-dev of ARCH (apt-get download, cached under
# KSYMSTAT_CACHE, never installed) into DIR/root, and cuts every BPF object
# out of pcp's BPF PMDA modules (their embedded skeletons, found by TOOL's
# bpf check) into DIR/put/pcp-MODULE[-N].bpf.o.  Sets bpf_objs (the
# objects), bpf_mods (pcp's modules); returns 1 with bpf_err set.
# shellcheck shell=bash

bpf_objects() {
	local arch=$1 dir=$2 tool=$3 src inc debs cache empty m b o
	src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/src
	cache=${KSYMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksymstat}
	inc=/usr/include/$(gcc -dumpmachine)
	bpf_objs=() bpf_mods=() bpf_err=
	mkdir -p "$dir/put"
	for b in kinds failures; do
		clang -target bpf -g -O2 -I"$inc" -c "$src/$b.bpf.c" \
			-o "$dir/put/$b.bpf.o" || { bpf_err="clang $b.bpf.c"; return 1; }
	done
	# The Debian program and the loader's libraries, per arch, cached.
	debs=$cache/debs-$arch
	mkdir -p "$debs"
	( cd "$debs" && for p in pcp libbpf-dev libelf-dev zlib1g-dev libzstd-dev; do
		ls "${p}"_*_"$arch".deb >/dev/null 2>&1 || apt-get download "$p:$arch" >/dev/null 2>&1 || exit 1
	  done ) || { bpf_err="cannot download pcp and libbpf-dev for $arch (apt-get download)"; return 1; }
	rm -rf "$dir/root"
	for b in "$debs"/*.deb; do dpkg -x "$b" "$dir/root"; done
	# Every embedded object of pcp's BPF PMDA modules, cut out by its offset.
	bpf_mods=("$dir/root/usr/lib/pcp/pmdas/bpf/modules/"*.so)
	empty=$dir/empty.report
	printf 'ksymstat version=2 release=x arch=%s kaslr_offset=0x0 symbols=0 modules=0 walk_us=0 probe_us=0 generation=1 targets=0 kprobe_events_on_notrace=no btf=yes livepatch=no ftrace_entry=any\nend targets=0 syms=0\n' \
		"$(case $arch in arm64) echo aarch64 ;; *) echo x86_64 ;; esac)" >"$empty"
	bpf_objs=("$dir/put/kinds.bpf.o" "$dir/put/failures.bpf.o")
	for m in "${bpf_mods[@]}"; do
		b=$(basename "$m" .so)
		"$tool" bpf check "$m" --live "$empty" --json >"$dir/$b.layout.json"
		python3 - "$m" "$dir/$b.layout.json" "$dir/put/pcp-$b" <<'PY' || { bpf_err="cut $b"; return 1; }
import json, sys
data = open(sys.argv[1], "rb").read()
for i, o in enumerate(json.load(open(sys.argv[2]))["objects"]):
    name = "%s-%d.bpf.o" % (sys.argv[3], i) if i else sys.argv[3] + ".bpf.o"
    open(name, "wb").write(data[o["offset"]:o["offset"] + o["size"]])
PY
	done
	for o in "$dir"/put/pcp-*.bpf.o; do bpf_objs+=("$o"); done
}
