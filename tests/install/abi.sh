#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel ABI the tests run on (tests/kernels.lock, scripts/fetch-kernel):
# how the pin, KSYMSTAT_ABI and the archive decide the build, checked with
# `fetch-kernel --resolve` (nothing is downloaded) against what apt's lists
# serve today, never against ABIs written here.  Then a tripwire: no test
# file names a real Debian ABI but the lock and the guest recordings
# (tests/bpf/fixtures/guest-*, tests/tool/fixtures/guest-reports).
#
#   tests/install/abi.sh             the checks above (host suite, seconds)
#   tests/install/abi.sh --suites    also the bpf and DWARF suites on the
#                                    pinned ABI, the newest and the newest
#                                    before it (KSYMSTAT_MATRIX=all runs it;
#                                    downloads each build's -dbg once)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. tests/lib/tap.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-abi.XXXXXX")
trap 'rm -rf "$work"' EXIT
fk=scripts/fetch-kernel

# resolve VAR=value... -- ARGS: fetch-kernel --resolve's assignments.
resolve() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	(unset KS_ABI KS_ABI_PINNED KS_ABI_NOTE KS_KVER
	 eval "$(env -u KSYMSTAT_ABI "${envs[@]}" "$fk" --resolve "$@" 2>/dev/null)" &&
	 printf '%s|%s|%s\n' "$KS_ABI" "$KS_ABI_PINNED" "$KS_ABI_NOTE")
}
# What the archive serves today, for arm64 6.1 cloud.
latest=$(apt-cache depends linux-image-cloud-arm64:arm64 2>/dev/null |
	 sed -n 's/^ *Depends: linux-image-\(6\.1\.0-[0-9]*\)-cloud-arm64.*/\1/p' | head -n 1)
served=$(apt-cache pkgnames linux-image-6.1.0- 2>/dev/null |
	 sed -n 's/^linux-image-\(6\.1\.0-[0-9]*\)-cloud-arm64$/\1/p' | sort -V)
older=
for a in $served; do
	[ "$a" = "$latest" ] && break
	apt-cache show "linux-image-$a-cloud-arm64:arm64" >/dev/null 2>&1 && older=$a
done
echo "# archive: newest 6.1 ABI ${latest:-?}, the one before ${older:-none}"
pinned=$(awk '$1 == "6.1" { print $2 }' tests/kernels.lock)

bad=$(awk '!/^#/ && NF && (NF != 2 || $2 !~ /^[0-9]/) { print FILENAME ":" NR }' tests/kernels.lock)
check "tests/kernels.lock: lines of series and ABI${bad:+ (bad: $bad)}" test -z "$bad"
miss=
for s in $(awk '!/^#/ && NF { print $3 }' tests/matrix | sort -u); do
	grep -q "^$s[[:space:]]" tests/kernels.lock || miss="$miss $s"
done
check "every series of tests/matrix has a lock line${miss:+ (missing:$miss)}" test -z "$miss"

if [ -z "$latest" ]; then
	not_ok "apt's lists serve the arm64 cloud meta-package (apt-get update?)"
	finish
fi
r=$(resolve -- --arch arm64)
if apt-cache show "linux-image-$pinned-cloud-arm64:arm64" >/dev/null 2>&1; then
	want="$pinned|$pinned|"
	[ "$latest" != "$pinned" ] && want="$want$latest available; pinned to $pinned (tests/kernels.lock)"
else
	want="$latest|$pinned|pinned ABI $pinned is gone from the archive: moved to $latest (bump tests/kernels.lock)"
fi
check "default: the lock's ABI while served, the move said (got '$r')" test "$r" = "$want"
echo "6.1 6.1.0-0" >"$work/gone.lock"
r=$(resolve KSYMSTAT_LOCK="$work/gone.lock" -- --arch arm64)
check "a pin the archive no longer serves: the newest, and the note says so (got '$r')" \
	test "$r" = "$latest|6.1.0-0|pinned ABI 6.1.0-0 is gone from the archive: moved to $latest (bump $work/gone.lock)"
if [ -n "$older" ]; then
	echo "6.1 $older" >"$work/older.lock"
	r=$(resolve KSYMSTAT_LOCK="$work/older.lock" -- --arch arm64)
	check "a pin behind the archive: kept, the newer ABI reported (got '$r')" \
		test "$r" = "$older|$older|$latest available; pinned to $older ($work/older.lock)"
	r=$(resolve KSYMSTAT_ABI="$older" -- --arch arm64)
	check "KSYMSTAT_ABI=$older: that ABI (got '$r')" test "$r" = "$older||"
else
	not_ok "the archive serves a second 6.1 ABI to pin (apt-cache pkgnames)"
fi
r=$(resolve KSYMSTAT_ABI=latest -- --arch arm64)
check "KSYMSTAT_ABI=latest: the newest, no pin (got '$r')" test "$r" = "$latest||"
r=$(resolve KSYMSTAT_ABI=6.12.1+deb12 -- --arch arm64 --series 6.1)
check "KSYMSTAT_ABI of another series: 6.1 keeps its pin (got '$r')" \
	test "${r%%|*}" = "$(resolve -- --arch arm64 | cut -d'|' -f1)"
echo "6.12 6.12.1+deb12" >"$work/other.lock"
r=$(resolve KSYMSTAT_LOCK="$work/other.lock" -- --arch arm64)
check "no lock line for the series: the newest, no note (got '$r')" test "$r" = "$latest||"
"$fk" --resolve --arch arm64 --series 6.1 --abi 6.12.1+deb12 >/dev/null 2>"$work/e"
check "--abi of another series: exit 2 with a message" \
	sh -c "[ $? = 2 ] && grep -q 'not an ABI of series 6.1' '$work/e'"

# The tripwire: an ABI the archive serves, written into a test, pins it by
# accident (synthetic fixtures name ABIs it never serves: 6.1.0-999).
all=$(printf '%s\n' $served $(apt-cache pkgnames linux-image-6.12. 2>/dev/null |
	sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12\)-cloud-arm64$/\1/p') | sort -u |
	sed 's/[.+]/\\&/g' | paste -sd'|')
git grep -nE -- "($all)-" -- tests ':!tests/kernels.lock' ':!tests/bpf/fixtures/guest-*' \
	':!tests/tool/fixtures/guest-reports/*' \
	':!tests/install/abi.sh' >"$work/named"
check "no test names an ABI the archive serves, but tests/kernels.lock and the recordings ($(wc -l <"$work/named") lines)" \
	test ! -s "$work/named"
diag "$work/named"

# The suites that read a -dbg build, on each ABI the archive offers.
if [ "${1:-}" = --suites ]; then
	done_abis=
	for a in "$pinned" "$latest" "$older"; do
		[ -n "$a" ] || continue
		case " $done_abis " in *" $a "*) continue ;; esac
		done_abis="$done_abis $a"
		for s in tests/bpf/run.sh tests/tool/dwarf.sh; do
			KSYMSTAT_ABI=$a bash "$s" >"$work/suite.log" 2>&1
			rc=$?
			tally=$(sed -n 's/^# Totals: //p' "$work/suite.log" | tail -n 1)
			if [ "$rc" = 0 ]; then
				ok "$s on ABI $a ($tally)"
			else
				not_ok "$s on ABI $a: exit $rc ($tally)"
				grep '^not ok' "$work/suite.log" | sed 's/^/# /' | head -n 20
			fi
		done
	done
fi
finish
