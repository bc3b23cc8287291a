#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksymstat bpf check, as data.  The BPF objects are built now from
# tests/bpf/src (clang -target bpf -g -O2), never committed:
#   kinds.bpf.o      one program per SEC family, all hooks fine on arm64 6.1
#   failures.bpf.o   one program per failure class
#   nobtf.bpf.o      built without -g: no BTF
#   truncated.bpf.o  kinds.bpf.o cut short
#   host.o           an x86-64 relocatable object (not BPF)
#   plain            a host executable embedding nothing
#   skel             a host executable embedding kinds and failures through
#                    bpftool gen skeleton
#   pcp/             pcp's BPF PMDA modules (arm64), a real program with
#                    skeletons, checked against a real guest's report
# The kernel BTF is the .BTF of Debian's arm64 6.1 cloud -dbg vmlinux
# (scripts/fetch-kernel --arch arm64 --dbg; cached).
#
# Each cases/NAME/ is one case in the format of tests/lib/cases.sh; in cmd
# and env, @OBJ@, @FIX@, @BTF@ are the object dir, tests/bpf/fixtures and
# the BTF file, @BTF_AMD64@ the amd64 one, @BTF_AMD64_RAW@ its .BTF section
# alone (raw BTF); outputs have the same words put back.  Requirements:
# btf, btf-amd64, dwarf, skel, pcp, rec (rec: the guest recording is of the
# fetched build, so that its report and @BTF@ are one kernel).  @DB@: a store with the arm64 6.1
# build's DWARF rows for net/ipv4/tcp.c.  Kernel releases are never written
# in an expected file: @KVER_ARM64@ is the arm64 build fetched now (its ABI
# is tests/kernels.lock's, or KSYMSTAT_ABI's), @REC_ARM64@ the release of
# the guest recording fixtures/guest-arm64-6.1 (a real run, of the build its
# report names); the synthetic reports name 6.1.0-999, an ABI no archive
# serves.  @FIX_FETCHED@ holds the synthetic reports relabelled as the
# fetched build, for the cases whose point is "the same build" as @DB@.
# Every case that runs "bpf check" is run again under the old name,
# "check --bpf OBJ ...", kept for one version: its stdout and exit code
# must be the very bytes of the new command's, and stderr must say that
# the name is old (one more test counts them).
# Prints TAP 13.  KSYMSTAT_BLESS=1 rewrites expected files (see
# tests/lib/cases.sh for it and KSYMSTAT_CASES).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOL=$ROOT/tools/ksymstat
FIX=$HERE/fixtures

if ! make -s -C "$ROOT/tools" ksymstat >/dev/null; then
	echo "Bail out! cannot build tools/ksymstat"
	exit 2
fi
WORK=$(mktemp -d /tmp/ksymstat-bpf.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
OBJ=$WORK/obj
mkdir -p "$OBJ"

have_clang=no have_btf=no have_skel=no why_btf="" why_skel=""
inc=/usr/include/$(gcc -dumpmachine)
# Built from inside src/ with relative names and a fixed compilation
# directory, so that the objects (and the offsets the outputs print) do not
# depend on where the clone is.
bpfcc() {
	(cd "$HERE/src" &&
	 clang -target bpf -O2 -I"$inc" -fdebug-compilation-dir=. "$@") \
		2>>"$WORK/clang.log"
}
if command -v clang >/dev/null &&
   bpfcc -g -c kinds.bpf.c -o "$OBJ/kinds.bpf.o" &&
   bpfcc -g -c failures.bpf.c -o "$OBJ/failures.bpf.o" &&
   bpfcc -c nobtf.bpf.c -o "$OBJ/nobtf.bpf.o"; then
	have_clang=yes
	head -c 4000 "$OBJ/kinds.bpf.o" >"$OBJ/truncated.bpf.o"
else
	echo "Bail out! cannot build the BPF test objects (clang -target bpf): $(tail -n 3 "$WORK/clang.log" 2>/dev/null)"
	exit 2
fi
echo 'int f(void) { return 1; }' >"$WORK/host.c"
gcc -c "$WORK/host.c" -o "$OBJ/host.o"
printf 'int main(void) { return 0; }\n' >"$WORK/plain.c"
gcc "$WORK/plain.c" -o "$OBJ/plain"
echo "not an object" >"$OBJ/text.txt"

if command -v bpftool >/dev/null; then
	if bpftool gen skeleton "$OBJ/kinds.bpf.o" name kinds >"$WORK/kinds.skel.h" 2>>"$WORK/skel.log" &&
	   bpftool gen skeleton "$OBJ/failures.bpf.o" name failures >"$WORK/failures.skel.h" 2>>"$WORK/skel.log" &&
	   gcc -I"$WORK" "$HERE/src/skel.c" -o "$OBJ/skel" -lbpf 2>>"$WORK/skel.log"; then
		have_skel=yes
	else
		why_skel="bpftool gen skeleton or the build failed: $(tail -n 2 "$WORK/skel.log")"
	fi
else
	why_skel="no bpftool (scripts/install-deps installs it)"
fi

# The real program: pcp's BPF PMDA modules, arm64 build (libbpf skeletons
# of libbpf-tools), downloaded once with apt-get download, never installed.
have_pcp=no why_pcp=
debs=${KSYMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksymstat}/debs-arm64
mkdir -p "$debs"
if (cd "$debs" && { ls pcp_*_arm64.deb >/dev/null 2>&1 ||
		    apt-get download pcp:arm64 >/dev/null 2>&1; }) &&
   dpkg -x "$debs"/pcp_*_arm64.deb "$WORK/pcp" 2>/dev/null; then
	ln -s "$WORK/pcp/usr/lib/pcp/pmdas/bpf/modules" "$OBJ/pcp"
	have_pcp=yes
else
	why_pcp="cannot get Debian's pcp arm64 package (apt-get download pcp:arm64)"
fi

BTF=
if env_out=$("$ROOT/scripts/fetch-kernel" --arch arm64 --dbg 2>"$WORK/fetch.log"); then
	eval "$env_out"
	if [ -r "${KS_VMLINUX:-}" ]; then
		BTF=$WORK/vmlinux-6.1.0-cloud-arm64
		ln -s "$KS_VMLINUX" "$BTF"
		have_btf=yes
	fi
fi
# Another build's BTF for the CO-RE notes: amd64 6.1 cloud -dbg (the same
# ABI as the arm64 one; fetched once, the amd64 guest row uses it too).
BTF2= have_btf2=no
if env_out=$("$ROOT/scripts/fetch-kernel" --arch amd64 --dbg 2>"$WORK/fetch2.log") &&
   v=$(eval "$env_out"; echo "$KS_VMLINUX") && [ -r "$v" ]; then
	BTF2=$WORK/vmlinux-6.1.0-cloud-amd64
	ln -sf "$v" "$BTF2"
	have_btf2=yes
fi
# The same BTF raw, as /sys/kernel/btf/vmlinux holds it: no ELF machine,
# no linux_banner.
BTF2_RAW=$WORK/btf-6.1.0-cloud-amd64.raw
if [ $have_btf2 = yes ] && ! python3 - "$BTF2" "$BTF2_RAW" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
shoff, = struct.unpack_from('<Q', d, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
sh = [struct.unpack_from('<IIQQQQIIQQ', d, shoff + i * shentsize)
      for i in range(shnum)]
names = sh[shstrndx][4]
for s in sh:
    n = d[names + s[0]:d.index(b'\0', names + s[0])]
    if n == b'.BTF':
        open(sys.argv[2], 'wb').write(d[s[4]:s[4] + s[5]])
        sys.exit(0)
sys.exit(1)
PY
then
	have_btf2=no
fi
why_btf2="no amd64 6.1 -dbg vmlinux (scripts/fetch-kernel --arch amd64 --dbg failed: $(tail -n 1 "$WORK/fetch2.log"))"
# The same build's DWARF rows (tools/dwarf_*.c), one CU only: tcp.c.
DB=$WORK/dwarf.db have_dwarf=no why_dwarf="no arm64 6.1 -dbg vmlinux"
if [ $have_btf = yes ]; then
	if KSYMSTAT_DWARF_CUS=net/ipv4/tcp.c "$TOOL" import --db "$DB" \
		"$KS_VMLINUX" >"$WORK/dwarf.log" 2>&1; then
		have_dwarf=yes
	else
		why_dwarf="DWARF import failed: $(tail -n 1 "$WORK/dwarf.log")"
	fi
fi
[ $have_btf = yes ] || why_btf="no arm64 6.1 -dbg vmlinux (scripts/fetch-kernel --arch arm64 --dbg failed: $(tail -n 1 "$WORK/fetch.log"))"

KVER=${KS_KVER:-}
REC=$(sed -n '1s/.* release=\([^ ]*\) .*/\1/p' "$FIX/guest-arm64-6.1/report")
FETCHED=$WORK/fetched
mkdir -p "$FETCHED"
for r in "$FIX"/*.report; do
	sed "1s/ release=[^ ]* / release=${KVER:-unknown} /" "$r" >"$FETCHED/$(basename "$r")"
done
cases_subst() {
	sed -e "s|@OBJ@|$OBJ|g" -e "s|@FIX_FETCHED@|$FETCHED|g" -e "s|@FIX@|$FIX|g" \
	    -e "s|@BTF@|$BTF|g" -e "s|@BTF_AMD64_RAW@|$BTF2_RAW|g" \
	    -e "s|@BTF_AMD64@|$BTF2|g" -e "s|@DB@|$DB|g"
}
# The releases are filled into the expected file (both may be one string).
cases_expected() {
	sed -e "s|@KVER_ARM64@|${KVER:-@KVER_ARM64@}|g" -e "s|@REC_ARM64@|$REC|g"
}
# Without a report the kernel is the host's: its release reads @UNAME_R@.
cases_unsubst() {
	sed -e "s|$OBJ|@OBJ@|g" -e "s|$FETCHED|@FIX_FETCHED@|g" -e "s|$FIX|@FIX@|g" \
	    -e "s|${BTF:-@BTF@}|@BTF@|g" -e "s|$BTF2_RAW|@BTF_AMD64_RAW@|g" \
	    -e "s|${BTF2:-@BTF_AMD64@}|@BTF_AMD64@|g" \
	    -e "s|$DB|@DB@|g" -e "s|$(uname -r)|@UNAME_R@|g"
}
# blessed releases: review that each placeholder is the right one
cases_bless() {
	sed -e "s|${KVER:-@KVER_ARM64@}|@KVER_ARM64@|g" -e "s|$REC|@REC_ARM64@|g"
}
cases_missing() {
	case $1 in
	btf) [ $have_btf = yes ] || echo "$why_btf" ;;
	skel) [ $have_skel = yes ] || echo "$why_skel" ;;
	pcp) [ $have_pcp = yes ] || echo "$why_pcp" ;;
	btf-amd64) [ $have_btf2 = yes ] || echo "$why_btf2" ;;
	dwarf) [ $have_dwarf = yes ] || echo "$why_dwarf" ;;
	rec) [ "$REC" = "$KVER" ] || echo "the guest recording is of $REC, the fetched build $KVER (KSYMSTAT_ABI): bpf check refuses a --btf of another kernel" ;;
	*) echo "unknown requirement $1" ;;
	esac
}

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/cases.sh
. "$ROOT/tests/lib/cases.sh"
CASES_TOOL=$TOOL
cases_run "$HERE/cases"

# The old name: every case whose cmd is "bpf check ..." again as
# "check --bpf ...", stdout and exit code compared byte for byte.
alias_n=0 alias_bad=()
for dir in "$HERE"/cases/${KSYMSTAT_CASES:-*}/; do
	dir=${dir%/}
	[ -f "$dir/cmd" ] && [ -z "$(cases_why_skip "$dir")" ] || continue
	args=$(cases_subst <"$dir/cmd")
	eval "set -- $args"
	[ "${1:-} ${2:-}" = "bpf check" ] || continue
	envs=()
	[ -f "$dir/env" ] && mapfile -t envs < <(cases_subst <"$dir/env")
	alias_n=$((alias_n + 1))
	(cd "$dir" && env "${envs[@]}" "$TOOL" "$@") >"$WORK/new.out" 2>/dev/null
	st_new=$?
	(cd "$dir" && env "${envs[@]}" "$TOOL" check --bpf "${@:3}") \
		>"$WORK/alias.out" 2>"$WORK/alias.err"
	st_old=$?
	if [ "$st_old" != "$st_new" ] || ! cmp -s "$WORK/new.out" "$WORK/alias.out" ||
	   ! grep -q "'check --bpf' is an old name of 'bpf check'" "$WORK/alias.err"; then
		alias_bad+=("$(basename "$dir")")
	fi
done
if [ ${#alias_bad[@]} = 0 ] && [ $alias_n -gt 0 ]; then
	ok "check --bpf (old name): stdout and exit of bpf check on $alias_n of $alias_n cases"
else
	not_ok "check --bpf (old name): differs from bpf check on ${#alias_bad[@]} of $alias_n cases"
	printf '# %s\n' "${alias_bad[@]}"
fi

# A raw BTF's arch is told by its syscall wrappers, whichever comes first:
# x86_64 with IA32 emulation has __ia32_sys_* and __x64_sys_* (6.12's BTF
# lists __ia32_ first; 6.1's __x64_).  Two BTFs of two FUNCs each, made
# here: __ia32_sys_read then __x64_sys_read is amd64's; __arm64_sys_read
# then __ia32_sys_read is not.
mkbtf() { # OUT NAME...
	python3 - "$@" <<'PY'
import struct, sys
names = sys.argv[2:]
strs = b"\0" + b"".join(n.encode() + b"\0" for n in names)
types = struct.pack("<III", 0, 13 << 24, 0)          # 1: void (void)
off = 1
for n in names:
    types += struct.pack("<III", off, 12 << 24, 1)   # FUNC n, proto 1
    off += len(n) + 1
hdr = struct.pack("<HBBIIIII", 0xeB9F, 1, 0, 24, 0, len(types), len(types), len(strs))
open(sys.argv[1], "wb").write(hdr + types + strs)
PY
}
mkbtf "$WORK/x86-both.btf" __ia32_sys_read __x64_sys_read
mkbtf "$WORK/arm-ia32.btf" __arm64_sys_read __ia32_sys_read
"$TOOL" bpf check "$OBJ/kinds.bpf.o" --live "$FIX/guest-amd64-6.1/report" \
	--btf "$WORK/x86-both.btf" >/dev/null 2>"$WORK/x86-both.err"
st_both=$?
"$TOOL" bpf check "$OBJ/kinds.bpf.o" --live "$FIX/guest-amd64-6.1/report" \
	--btf "$WORK/arm-ia32.btf" >/dev/null 2>"$WORK/arm-ia32.err"
st_arm=$?
if [ $st_both != 2 ] && ! grep -q 'not the BTF of a kernel of arch' "$WORK/x86-both.err" &&
   [ $st_arm = 2 ] && grep -q 'wrappers are __arm64_sys_\*, not __x64_sys_\*' "$WORK/arm-ia32.err"; then
	ok "raw BTF arch: __ia32_ before __x64_ wrappers is amd64's (exit $st_both); __arm64_ and __ia32_ is not (exit $st_arm)"
else
	not_ok "raw BTF arch: __ia32_+__x64_ exit $st_both ($(head -c 200 "$WORK/x86-both.err")); __arm64_+__ia32_ exit $st_arm ($(head -c 200 "$WORK/arm-ia32.err"))"
fi

# The real run: ksymstat's verdicts on the same objects against the libbpf
# load and attach that tests/bpf/guest.sh recorded in the guest.
# agree GUEST-DIR BTF: compare.py's summary line; its exit status
agree() {
	local gf=$1 btf=$2 o b args=()
	for o in "$OBJ/kinds.bpf.o" "$OBJ/failures.bpf.o" "$OBJ"/pcp/*.so; do
		b=$(basename "$o")
		case $b in *.so) b=pcp-${b%.so}.bpf.o ;; esac
		"$TOOL" bpf check "$o" --live "$gf/report" --btf "$btf" \
			--events "$gf/available_events" \
			--error-injection "$gf/error_injection" --json >"$WORK/$b.json"
		args+=("$b=$WORK/$b.json")
	done
	python3 "$HERE/compare.py" "$gf/ksbpfload.out" \
		"$gf/known-disagreements" "${args[@]}" >"$WORK/compare"
}
GF=$FIX/guest-arm64-6.1
if [ $have_btf != yes ] || [ $have_pcp != yes ] || [ "$REC" != "$KVER" ]; then
	skip "real-run agreement: ${why_btf:-${why_pcp:-the guest recording is of $REC, the fetched build $KVER}}"
elif agree "$GF" "$BTF"; then
	ok "real-run agreement ($(tail -n 1 "$WORK/compare" | sed 's/^# //'))"
else
	not_ok "real-run agreement"
	grep -v '^# explained' "$WORK/compare"
fi
# The other arm64 recordings (tests/fleet/record.sh: 6.12, rt, generic),
# each against the BTF of the build it names, cut out of that build's
# Image (tests/bpf/btf-from-image.py: the bytes of /sys/kernel/btf/vmlinux).
for gf in "$FIX"/guest-arm64-*; do
	[ "$gf" = "$FIX/guest-arm64-6.1" ] && continue
	rel=$(sed -n '1s/.* release=\([^ ]*\) .*/\1/p' "$gf/report")
	spec=${gf##*/guest-arm64-}
	series=${spec%%-*} flavor=cloud
	[ "$spec" = "$series" ] || flavor=${spec#*-}
	if [ $have_pcp != yes ]; then
		skip "real-run agreement on $rel: $why_pcp"
		continue
	fi
	if ! env_out=$(KSYMSTAT_ABI=$(echo "$rel" | sed -E 's/-(cloud|rt)?-?arm64$//; s/-arm64$//') \
		"$ROOT/scripts/fetch-kernel" --arch arm64 --series "$series" --flavor "$flavor" 2>"$WORK/fetch-$spec.log"); then
		not_ok "real-run agreement on $rel: fetch that build ($(tail -n 1 "$WORK/fetch-$spec.log"))"
		continue
	fi
	img=$(eval "$env_out"; echo "$KS_IMAGE") got=$(eval "$env_out"; echo "$KS_KVER")
	if [ "$got" != "$rel" ]; then
		# the archive moved past the recorded build (and no cache has it)
		skip "real-run agreement on $rel: the archive serves $got now; record again (tests/fleet/record.sh --force --only arm64-$series-$flavor)"
		continue
	fi
	if ! python3 "$HERE/btf-from-image.py" "$img" "$WORK/btf-$spec" 2>"$WORK/cut.err"; then
		not_ok "real-run agreement on $rel: $(cat "$WORK/cut.err")"
	elif agree "$gf" "$WORK/btf-$spec"; then
		ok "real-run agreement on $rel ($(tail -n 1 "$WORK/compare" | sed 's/^# //'))"
	else
		not_ok "real-run agreement on $rel"
		grep -v '^# explained' "$WORK/compare"
	fi
done
finish
