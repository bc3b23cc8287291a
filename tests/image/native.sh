#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the Debian test-machine image (scripts/guest --image debian),
# as root, in a copy of the checkout: the paths a user of a real Debian
# machine takes, each step a TAP 13 test.
#   1. README.md's "Native use" commands, verbatim (sudo is root here);
#   2. DKMS: dkms add, build, install, modprobe, dkms remove;
#   3. make install (PREFIX, DESTDIR) and make modules_install;
#   4. the kselftest-style run: insmod, make -C tests/selftests run_tests;
#   5. the peers side by side (tests/image/peers.sh; KS_PEERS=0 skips it).
# The TAP goes to stdout and to $KSYMSTAT_OUT/tap.  Exit 1 when a step
# failed.
set -u
out=${KSYMSTAT_OUT:-/tmp}
n=0 failed=0 skipped=0
sudo() { "$@"; }
export -f sudo

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); skipped=$((skipped + 1)); echo "ok $n # SKIP $1"; }
# step DESCRIPTION COMMAND: run under bash, keep its output as diagnostics.
step() {
	local what=$1 log
	log=$(mktemp)
	local t0=$(date +%s)
	bash -c "$2" >"$log" 2>&1
	local rc=$?
	sed "s/^/#   /" "$log" | tail -n "${KS_STEP_LINES:-40}"
	rm -f "$log"
	if [ "$rc" = 0 ]; then ok "$what ($(( $(date +%s) - t0 )) s)"
	else not_ok "$what (exit $rc)"; fi
	return "$rc"
}

main() {
echo "TAP version 13"
echo "# $(cat /etc/debian_version) $(uname -r) $(uname -m); gcc $(gcc -dumpversion), $(dkms --version 2>&1)"
kver=$(uname -r)
ver=$(make -s version)

# The -dbg vmlinux the README's check names, when the host passed it.
mkdir -p /usr/lib/debug/boot
for f in /opt/vmlinux-*; do [ -e "$f" ] && mv "$f" /usr/lib/debug/boot/; done

# 1. The README's native section, verbatim: the indented block under
# "## Native use", continuation lines joined, comments dropped.
cp tests/tool/fixtures/kvm_write_guest.md .
awk '/^## Native use/ { on = 1; next } on && /^##/ { exit }
     on && /^    / { sub(/^    /, ""); print }' README.md |
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | sed 's/[[:space:]]*#.*$//' >/tmp/readme-native
echo "# README native commands:"
sed 's/^/#   /' /tmp/readme-native
[ -s /tmp/readme-native ] || not_ok "README native section found"
while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	step "README: $cmd" "$cmd"
done </tmp/readme-native
rmmod ksymstat 2>/dev/null

# 2. DKMS, with module signing on (Debian 12's dkms signs with the MOK key
# it makes on first use, /var/lib/dkms/mok.{key,pub}; said here, not left
# to the default): the installed module must carry that key's signature.
mkdir -p /etc/dkms/framework.conf.d
printf '%s\n' 'mok_signing_key=/var/lib/dkms/mok.key' \
	'mok_certificate=/var/lib/dkms/mok.pub' \
	>/etc/dkms/framework.conf.d/ksymstat-test-sign.conf
if step "dkms add ." "dkms add ." &&
   step "dkms build ksymstat/$ver" "dkms build ksymstat/$ver" &&
   step "dkms install ksymstat/$ver" "dkms install ksymstat/$ver"; then
	step "modprobe ksymstat (the DKMS build) and read the report" \
		"modprobe ksymstat targets=vfs_read &&
		 modinfo -F filename ksymstat | grep -q /updates/dkms/ &&
		 grep -q '^target name=vfs_read state=present' /sys/kernel/debug/ksymstat &&
		 rmmod ksymstat"
	step "the DKMS build is signed by the MOK key: modinfo -F signer" \
		"test -s /var/lib/dkms/mok.pub &&
		 cn=\$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout \\
			-subject -nameopt multiline | sed -n 's/^ *commonName *= //p') &&
		 signer=\$(modinfo -F signer ksymstat) &&
		 echo \"signer: \$signer; key: \$cn; hash: \$(modinfo -F sig_hashalgo ksymstat)\" &&
		 test -n \"\$signer\" && test \"\$signer\" = \"\$cn\""
	step "dkms remove ksymstat/$ver --all" \
		"dkms remove ksymstat/$ver --all && ! modinfo ksymstat 2>/dev/null"
else
	skip "modprobe after DKMS: the DKMS steps failed"
fi

# 3. make install and make modules_install.
step "make install PREFIX=/usr/local and DESTDIR" \
	"make install PREFIX=/usr/local &&
	 /usr/local/bin/ksymstat --version | grep -q ' $ver ' &&
	 test -f /usr/local/share/man/man1/ksymstat.1 &&
	 test -f /usr/local/share/man/man4/ksymstat.4 &&
	 test -f /usr/local/share/man/man5/ksymstat-report.5 &&
	 test -f /usr/local/share/bash-completion/completions/ksymstat &&
	 stage=\$(mktemp -d) &&
	 make install DESTDIR=\$stage PREFIX=/usr &&
	 test -x \$stage/usr/bin/ksymstat"
step "make modules_install, depmod, modprobe, modinfo version $ver" \
	"make modules_install &&
	 depmod -a &&
	 ko=\$(modinfo -n ksymstat) && echo \"installed: \$ko\" &&
	 case \$ko in /lib/modules/$kver/updates/*) ;; *) exit 1 ;; esac &&
	 modprobe ksymstat targets=schedule &&
	 test \"\$(modinfo -F version ksymstat)\" = $ver &&
	 test \"\$(cat /sys/module/ksymstat/version)\" = $ver &&
	 rmmod ksymstat && rm -f \"\$ko\" && depmod -a"

# 4. The kselftest-style run, with the one documented command.
step "kselftest: insmod, make -C tests/selftests run_tests (TAP, not skipped)" \
	"insmod module/ksymstat.ko &&
	 make -C tests/selftests run_tests >/tmp/selftests.out 2>&1; rc=\$?;
	 cp /tmp/selftests.out $out/selftests.out;
	 grep '^# not ok' /tmp/selftests.out; tail -n 15 /tmp/selftests.out; rmmod ksymstat;
	 [ \$rc = 0 ] && grep -q '^TAP version 13' /tmp/selftests.out &&
	 grep -q '^ok 1 selftests: ksymstat: ksymstat.sh\$' /tmp/selftests.out"

# 5. The peers side by side (tests/image/peers.sh prints the table).
if [ "${KS_PEERS:-1}" = 1 ]; then
	step "peers: bpftrace, perf probe, trace-cmd, bpftool against ksymstat" \
		"insmod module/ksymstat.ko && bash tests/image/peers.sh; rc=\$?; rmmod ksymstat; exit \$rc"
fi

echo "1..$n"
echo "# Totals: pass:$((n - failed - skipped)) fail:$failed skip:$skipped"
[ "$failed" = 0 ]
}

main 2>&1 | tee "$out/tap"
exit "${PIPESTATUS[0]}"
