#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host suite: ksymstat under AddressSanitizer and UBSan, fed seeded
# mutations of every input kind (TAP 13).
#
# Builds a sanitizer copy of the tool into a temporary directory
# (make -C tools O=DIR CC="gcc -fsanitize=address,undefined
# -fno-sanitize-recover=all"; the normal build is left alone), makes one
# seed per input kind (live report v1 and v2, DepSurf page, dataset JSONL,
# System.map, kallsyms, available_filter_functions, config, the test
# vmlinux, BTF, a BPF object, a store), checks a few fixed cases, then runs
# tests/tool/fuzz.py: per kind the seed and KSYMSTAT_FUZZ_RUNS mutants
# (default 30) from KSYMSTAT_FUZZ_SEED, each under timeout(1).  A run fails
# on a sanitizer report, a timeout, an exit code other than 0, 1 or 2,
# invalid UTF-8 JSON under --json, or a mutant the format forbids (a NUL in
# a text input, a report cut short or with a line repeated, an ELF, BPF or
# BTF file cut inside its header) accepted or refused without a message.
# A few minutes on two cores.
#
# Needs gcc with libasan/libubsan (else Bail out); the vmlinux needs
# x86_64, the BPF object and BTF clang -target bpf (else those kinds SKIP).

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIX=$HERE/fixtures
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

WORK=$(mktemp -d /tmp/ksymstat-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TOOL=$WORK/san/ksymstat
export ASAN_OPTIONS=detect_leaks=1:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98
export NO_COLOR=1

nfixed=4
nkinds=$(python3 "$HERE/fuzz.py" --kinds) || {
	echo "Bail out! python3 cannot run tests/tool/fuzz.py"
	exit 2
}
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
echo "# $nfixed fixed tests, $nkinds mutation kinds"

# 1: the sanitizer copy, built apart from tools/ksymstat
t0=$(date +%s)
if make -s -j2 -C "$ROOT/tools" O="$WORK/san" CC="gcc $SAN" ksymstat \
	>"$WORK/build.log" 2>&1 && [ -x "$TOOL" ] &&
   "$TOOL" --version >/dev/null 2>&1; then
	ok "ASan+UBSan build of ksymstat ($(($(date +%s) - t0)) s)"
else
	not_ok "ASan+UBSan build of ksymstat"
	diag "$WORK/build.log"
	echo "Bail out! no sanitizer build"
	exit 1
fi

# run OUT ARGS...: the sanitizer tool; fails on a report or a bad exit
san() {
	local out=$1
	shift
	timeout -k 5 60 "$TOOL" "$@" >"$out.out" 2>"$out.err"
	echo $? >"$out.rc"
	! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$out.err" &&
		[ "$(cat "$out.rc")" -le 1 ]
}

# The seeds, one per kind (fuzz.py reads KIND<TAB>PATH).
S=$WORK/seeds
mkdir -p "$S"
{
	printf 'report-v1\t%s\n' "$FIX/reports/clones.report"
	printf 'report-v2\t%s\n' "$FIX/reports/v2-arm64.report"
	printf 'page\t%s\n' "$FIX/kvm_write_guest.md"
	printf 'dataset\t%s\n' "$FIX/dataset/5.4.0-26-generic-arm64.jsonl"
	printf 'sysmap\t%s\n' "$FIX/sysmap/System.map-6.1.0-999-cloud-amd64"
	printf 'kallsyms\t%s\n' "$FIX/kallsyms/kallsyms"
	printf 'filter\t%s\n' "$FIX/kallsyms/available_filter_functions"
} >"$WORK/seeds.tsv"
# the test vmlinux of tests/tool/run.sh, and its config
if bash "$FIX/elf/build.sh" "$S/vmlinux-6.1.0-999-cloud-amd64" 2>"$WORK/gcc.log"; then
	printf 'elf\t%s\n' "$S/vmlinux-6.1.0-999-cloud-amd64" >>"$WORK/seeds.tsv"
	printf 'config\t%s\n' "$FIX/elf/config-6.1.0-99-test-amd64" \
		>>"$WORK/seeds.tsv"
fi
# a BPF object with BTF: a function hooked twice (--targets names it
# once) and a section name that is not UTF-8 (JSON must stay UTF-8)
cat >"$WORK/prog.bpf.c" <<'EOF'
#define SEC(name) __attribute__((section(name), used))
char LICENSE[] SEC("license") = "GPL";
SEC("kprobe/copy_page_to_iter") int a(void *ctx) { return 0; }
SEC("kretprobe/copy_page_to_iter") int b(void *ctx) { return 0; }
SEC("kprobe/caf\xe9") int c(void *ctx) { return 0; }
SEC("fentry/vfs_read") int d(void *ctx) { return 0; }
EOF
bpf=$S/prog-$'\xe9'.bpf.o
have_bpf=no
if command -v clang >/dev/null &&
   clang -target bpf -O2 -g -c "$WORK/prog.bpf.c" -o "$bpf" \
	2>"$WORK/clang.log"; then
	have_bpf=yes
	printf 'bpf\t%s\n' "$bpf" >>"$WORK/seeds.tsv"
	# its .BTF section alone: raw BTF, as /sys/kernel/btf/vmlinux is
	python3 - "$bpf" "$S/prog.btf" <<'EOF'
import struct, sys
b = open(sys.argv[1], 'rb').read()
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
def sh(i):
    return struct.unpack_from('<IIQQQQ', b, shoff + i * shentsize)
stroff = sh(shstrndx)[4]
for i in range(shnum):
    name, _, _, _, off, size = sh(i)
    if b[stroff + name:b.index(b'\0', stroff + name)] == b'.BTF':
        open(sys.argv[2], 'wb').write(b[off:off + size])
EOF
	[ -s "$S/prog.btf" ] && printf 'btf\t%s\n' "$S/prog.btf" >>"$WORK/seeds.tsv"
fi
# a store: a page and a System.map
if "$TOOL" import --db "$S/s.db" "$FIX/kvm_write_guest.md" \
	"$FIX/sysmap/System.map-6.1.0-999-cloud-amd64" >"$WORK/store.log" 2>&1; then
	printf 'store\t%s\n' "$S/s.db" >>"$WORK/seeds.tsv"
else
	diag "$WORK/store.log"
fi

# 2: --markdown without DWARF rows (memcpy from NULL: UBSan)
if san "$WORK/md1" check kvm_write_guest --live "$FIX/reports/arm64.report" \
	--markdown &&
   san "$WORK/md2" check kvm_write_guest --live "$FIX/reports/arm64.report" \
	--page "$FIX/kvm_write_guest.md" --markdown; then
	ok "check --markdown without DWARF rows: no sanitizer report"
else
	not_ok "check --markdown without DWARF rows: no sanitizer report"
	diag "$WORK"/md?.err
fi

# 3: bpf check -j with a file and a section name that are not UTF-8
if [ $have_bpf = no ]; then
	skip "no BPF object (clang -target bpf): $(tail -n 1 "$WORK/clang.log" 2>/dev/null)"
	skip "no BPF object"
else
	if san "$WORK/bj" bpf check "$bpf" --live "$FIX/reports/v2-arm64.report" -j &&
	   python3 -c 'import json, sys
d = open(sys.argv[1], "rb").read().decode("utf-8")
s = json.dumps(json.loads(d), ensure_ascii=False)
assert "\ufffd" in s, "no U+FFFD for the bytes"' "$WORK/bj.out" 2>"$WORK/bj.py"; then
		ok "bpf check -j: valid UTF-8 JSON for a file and a section name in Latin-1"
	else
		not_ok "bpf check -j: valid UTF-8 JSON for a file and a section name in Latin-1"
		diag "$WORK/bj.err" "$WORK/bj.py"
	fi
	# 4: --targets names a function hooked twice once
	if san "$WORK/bt" bpf check "$bpf" --live "$FIX/reports/v2-arm64.report" \
		--targets && [ "$(grep -c '^copy_page_to_iter$' "$WORK/bt.out")" = 1 ]; then
		ok "bpf check --targets: each function once"
	else
		not_ok "bpf check --targets: each function once"
		diag "$WORK/bt.out" "$WORK/bt.err"
	fi
fi

# the mutation runs
t0=$(date +%s)
python3 "$HERE/fuzz.py" "$TOOL" "$WORK/runs" "$WORK/seeds.tsv" \
	$((nfixed + 1)) >"$WORK/fuzz.tap"
rc=$?
nf=$tap_fail
tap_include "$WORK/fuzz.tap"
[ $rc = 0 ] || [ "$tap_fail" != "$nf" ] || not_ok "fuzz.py exited $rc"
echo "# mutation runs: $(($(date +%s) - t0)) s"
finish
