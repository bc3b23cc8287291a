#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the small Debian image (scripts/guest --image debian-build:
# gcc, make, kmod and the booted kernel's linux-headers package): the part
# of the README's native use that CI can afford on every run.
#   1. make -j$(nproc) module, natively, against /lib/modules/$(uname -r)/build;
#   2. insmod module/ksymstat.ko, then a fixed-seed sample of text names
#      written to the report file;
#   3. cat /sys/kernel/debug/ksymstat, every sym line's address and type
#      set against /proc/kallsyms (counted), the end line's counts;
#   4. rmmod.
# TAP 13 on stdout and in $KSYMSTAT_OUT/tap.  KS_CI_SAMPLE (default 500).
set -u
export LC_ALL=C
out=${KSYMSTAT_OUT:-/tmp}
R=/sys/kernel/debug/ksymstat
sample=${KS_CI_SAMPLE:-500}
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

main() {
echo "TAP version 13"
kver=$(uname -r)
echo "# $(cat /etc/debian_version) $kver $(uname -m); gcc $(gcc -dumpversion)"
T=$(mktemp -d)

t0=$(date +%s)
if make -j"$(nproc)" module >"$T/make.log" 2>&1 && [ -f module/ksymstat.ko ]; then
	ok "make module against /lib/modules/$kver/build ($(( $(date +%s) - t0 )) s)"
else
	tail -n 20 "$T/make.log" | sed 's/^/#   /'
	not_ok "make module against /lib/modules/$kver/build"
	echo "1..$n"
	return 1
fi
vm=$(modinfo -F vermagic module/ksymstat.ko)
if [ "${vm%% *}" = "$kver" ]; then ok "vermagic $vm"; else not_ok "vermagic '$vm' is not $kver"; fi

# A fixed-seed sample of unique vmlinux text names.
awk '$2 ~ /^[Tt]$/ && NF == 3 { c[$3]++ } END { for (x in c) if (c[x] == 1 && x !~ /\./) print x }' \
	/proc/kallsyms | sort >"$T/names"
awk -v k="$sample" 'BEGIN { srand(7) } { a[NR] = $0 }
	END { for (i = NR; i > 1; i--) { j = int(rand() * i) + 1; t = a[i]; a[i] = a[j]; a[j] = t }
	      for (i = 1; i <= k && i <= NR; i++) print a[i] }' "$T/names" | sort >"$T/sample"
if insmod module/ksymstat.ko targets=vfs_read 2>"$T/insmod.err"; then
	ok "insmod module/ksymstat.ko targets=vfs_read"
else
	sed 's/^/#   /' "$T/insmod.err"
	not_ok "insmod module/ksymstat.ko targets=vfs_read"
	echo "1..$n"
	return 1
fi
# More names than targets= takes (1,024 bytes): written to the file.
tr '\n' ' ' <"$T/sample" >"$R"
cat "$R" >"$T/report" && cp "$T/report" "$out/report"
# sym lines: name addr type; /proc/kallsyms: addr type name.
awk '$1 == "sym" { delete f
	for (i = 2; i <= NF; i++) { k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); f[k] = v }
	if (f["suffix"] == "-") { a = f["addr"]; sub(/^0x/, "", a); print f["name"], a, f["type"] } }' \
	"$T/report" | sort >"$T/ks"
awk 'NF == 3 { print $3, $1, $2 }' /proc/kallsyms | sort >"$T/kall"
total=$(wc -l <"$T/ks")
agree=$(join "$T/ks" "$T/kall" | awk '$2 == $4 && $3 == $5' | wc -l)
want=$(wc -l <"$T/sample")
echo "# $agree of $total sym lines agree with /proc/kallsyms (address and type); $want names asked"
if [ "$total" = "$want" ] && [ "$agree" = "$total" ]; then
	ok "cat $R: $agree of $want names at the address and type /proc/kallsyms gives"
else
	join -v 1 "$T/ks" <(join "$T/ks" "$T/kall" | awk '$2 == $4 && $3 == $5 { print $1 }') |
		head -n 5 | sed 's/^/#   differs: /'
	not_ok "cat $R: $agree of $total sym lines agree, $want names asked"
fi
end=$(awk '$1 == "end"' "$T/report")
if echo "$end" | grep -q "targets=$want "; then ok "end line: $end"; else not_ok "end line: '$end'"; fi
if rmmod ksymstat; then ok "rmmod ksymstat"; else not_ok "rmmod ksymstat"; fi
rm -rf "$T"
echo "1..$n"
[ "$failed" = 0 ]
}

main 2>&1 | tee "$out/tap"
exit "${PIPESTATUS[0]}"
