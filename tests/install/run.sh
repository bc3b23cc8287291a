#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host checks of the installation conventions and the scripts' user
# interface: one version number everywhere, make install/uninstall under
# DESTDIR, man pages without groff warnings, bash completion, make without a
# kernel build tree, --help and usage errors of every script, dkms.conf and
# the kselftest layout.  TAP 13; exits 1 when a check fails.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

. tests/lib/tap.sh

make -s -C tools >"$work/build.log" 2>&1 || cat "$work/build.log"

# 1-5. The one version number.
v=$(sed -n 's/^#define KSYMSTAT_VERSION\t*"\(.*\)"$/\1/p' include/ksymstat/version.h)
echo "# version.h: $v"
tv=$(tools/ksymstat --version | awk '{ print $2 }')
check "ksymstat --version says $v (got '$tv')" test "$tv" = "$v"
dv=$(bash -c '. ./dkms.conf && echo "$PACKAGE_VERSION"')
check "dkms.conf PACKAGE_VERSION is $v (got '$dv')" test "$dv" = "$v"
mv=$(make -s version)
check "make version says $v (got '$mv')" test "$mv" = "$v"
bad=$(grep -L "\"ksymstat $v\"" docs/man/*.[0-9] | tr '\n' ' ')
check "every man page's .TH names ksymstat $v${bad:+ (not: $bad)}" test -z "$bad"
check "module/main.c has MODULE_VERSION(KSYMSTAT_VERSION) from version.h" \
	sh -c 'grep -q "^MODULE_VERSION(KSYMSTAT_VERSION);" module/main.c &&
	       grep -q "ksymstat/version.h" module/main.c'

# 6-8. make install / uninstall under DESTDIR and PREFIX.
dest=$work/dest
if make -s install DESTDIR="$dest" PREFIX=/usr >"$work/install.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr"
else
	not_ok "make install DESTDIR=... PREFIX=/usr" "$(tail -n 5 "$work/install.log")"
fi
want="usr/bin/ksymstat usr/share/man/man1/ksymstat.1 usr/share/man/man4/ksymstat.4
usr/share/man/man5/ksymstat-report.5 usr/share/bash-completion/completions/ksymstat"
missing=
for f in $want; do [ -e "$dest/$f" ] || missing="$missing $f"; done
check "installed: tool, three man pages, completion${missing:+ (missing:$missing)}" test -z "$missing"
make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
left=$(find "$dest" -mindepth 1 2>/dev/null | sed "s|^$dest/||" | tr '\n' ' ')
check "make uninstall removes them all, and the directories install made${left:+ (left: $left)}" test -z "$left"

# Colour on a terminal (script(1) gives one): off with a non-empty
# NO_COLOR (no-color.org) or TERM=dumb, on with an empty NO_COLOR.
colours() {
	env "$@" script -qc "tools/ksymstat check kvm_write_guest --live tests/tool/fixtures/reports/arm64.report" \
		/dev/null 2>/dev/null | grep -c "$(printf '\033')"
}
got="$(colours TERM=xterm) $(colours TERM=xterm NO_COLOR=) $(colours TERM=xterm NO_COLOR=1) $(colours TERM=dumb)"
check "colour: a terminal 1, NO_COLOR= 1, NO_COLOR=1 0, TERM=dumb 0 (got '$got')" test "$got" = "1 1 0 0"

# make modules_install with distribution headers (no signing key): the
# module installed unsigned and said so, no SSL error from sign-file.
if env_out=$(scripts/fetch-kernel --arch arm64 2>"$work/fetch.log") && eval "$env_out"; then
	rm -rf "$work/mb" && mkdir -p "$work/mb"
	git ls-files -z | xargs -0 cp --parents -t "$work/mb"
	make -C "$work/mb" -s modules_install KDIR="$KS_KDIR" ARCH=arm64 \
		CROSS_COMPILE=aarch64-linux-gnu- INSTALL_MOD_PATH="$work/mi" >"$work/mi.log" 2>&1
	rc=$?
	ko=$(find "$work/mi" -name ksymstat.ko | head -n 1)
	check "make modules_install without a signing key: exit $rc, installed unsigned and said, no SSL error" \
		sh -c "[ $rc = 0 ] && [ -n '$ko' ] && grep -q 'installed unsigned' '$work/mi.log' &&
		       ! grep -q 'SSL error' '$work/mi.log' && [ -z \"\$(modinfo -F signer '$ko')\" ]"
	grep -q 'installed unsigned' "$work/mi.log" || sed 's/^/# /' "$work/mi.log" | tail -n 5
else
	not_ok "make modules_install: no arm64 headers (fetch-kernel: $(tail -n 1 "$work/fetch.log"))"
fi

# 9. Man pages format without warnings.
warn=$(for f in docs/man/*.[0-9]; do LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$f" 2>&1; done)
if [ -z "$warn" ]; then ok "man pages: groff -man -ww is quiet"
else not_ok "man pages: groff -man -ww is quiet" "$warn"; fi

# 10. Bash completion completes commands and options.
got=$(PATH=$top/tools:$PATH bash -c 'source completion/ksymstat.bash
	COMP_WORDS=(ksymstat ch); COMP_CWORD=1; _ksymstat; echo "${COMPREPLY[*]}"
	COMP_WORDS=(ksymstat check --pre); COMP_CWORD=2; _ksymstat; echo "${COMPREPLY[*]}"' | tr '\n' ' ')
check "completion: 'ch' -> check, 'check --pre' -> --pretty (got '$got')" test "$got" = "check --pretty "

# 11-12. make without a kernel build tree: the tool, and the way forward.
make KDIR=/nonexistent/build >"$work/nokdir.out" 2>&1
rc=$?
check "make KDIR=<missing> fails (exit $rc) but builds tools/ksymstat" \
	sh -c "[ $rc != 0 ] && [ -x tools/ksymstat ]"
# apt install only when apt has the running kernel's headers.
if apt-cache show "linux-headers-$(uname -r)" >/dev/null 2>&1; then
	hdr="apt install linux-headers-$(uname -r)"
else
	hdr="apt has no linux-headers-$(uname -r)"
fi
check "... and says '$hdr', make tool, KDIR= and scripts/demo" \
	sh -c "grep -q '$hdr' '$work/nokdir.out' && grep -q 'make tool' '$work/nokdir.out' &&
	       grep -q 'make KDIR=' '$work/nokdir.out' && grep -q scripts/demo '$work/nokdir.out'"

# 13-16. Scripts: --help is the header comment only; usage errors exit 2.
bad=
for s in demo guest fetch-kernel image install-deps bench; do
	out=$(scripts/$s --help 2>&1); rc=$?
	if [ "$rc" != 0 ] || [ -z "$out" ] ||
	   echo "$out" | grep -qE '^(set -|#!|SPDX|top=)'; then
		bad="$bad $s"
	fi
done
check "--help of every script: exit 0, no source lines${bad:+ (bad:$bad)}" test -z "$bad"
scripts/guest --arch >"$work/o" 2>&1; rc=$?
check "scripts/guest --arch: exit 2 with a message (got $rc: $(cat "$work/o"))" \
	sh -c "[ $rc = 2 ] && grep -q 'needs a value' '$work/o'"
scripts/fetch-kernel --series >"$work/o" 2>&1; rc=$?
check "scripts/fetch-kernel --series: exit 2 with a message (got $rc)" \
	sh -c "[ $rc = 2 ] && grep -q 'needs a value' '$work/o'"
scripts/image --set bogus >"$work/o" 2>&1; rc=$?
check "scripts/image --set bogus: exit 2 with a message, builds nothing (got $rc: $(cat "$work/o"))" \
	sh -c "[ $rc = 2 ] && grep -q \"'full' or 'build'\" '$work/o'"
scripts/guest --image fedora >"$work/o" 2>&1; rc=$?
check "scripts/guest --image fedora: exit 2 with a message (got $rc: $(cat "$work/o"))" \
	sh -c "[ $rc = 2 ] && grep -q \"'debian' or 'debian-build'\" '$work/o'"
scripts/demo --bogus >"$work/o" 2>&1; rc=$?
check "scripts/demo --bogus: exit 2 with a message, boots nothing (got $rc)" \
	sh -c "[ $rc = 2 ] && grep -q 'unknown option' '$work/o'"

# 17. dkms.conf builds what Kbuild builds.
check "dkms.conf: BUILT_MODULE_LOCATION holds the Kbuild that makes ksymstat.o" \
	bash -c '. ./dkms.conf && [ "$BUILT_MODULE_NAME" = ksymstat ] &&
		 grep -q "obj-m := ksymstat.o" "${BUILT_MODULE_LOCATION[0]}Kbuild"'

# 18-19. The kselftest layout.
check "tests/selftests: Makefile with TEST_PROGS and run_tests, settings with a timeout, config" \
	sh -c 'grep -q "^TEST_PROGS" tests/selftests/Makefile &&
	       grep -q "^run_tests:" tests/selftests/Makefile &&
	       grep -q "^timeout=[0-9]" tests/selftests/settings &&
	       grep -q "^CONFIG_KPROBES=y" tests/selftests/config'
make -s -C tests/selftests run_tests >"$work/selftests.out" 2>&1; rc=$?
if [ -e /sys/kernel/debug/ksymstat ]; then
	skip "selftests: the module is loaded on this host"
else
	check "selftests without the module: TAP 13, the program skips (exit 4), run_tests exits 0 (got $rc)" \
		sh -c "[ $rc = 0 ] && grep -q '^TAP version 13' '$work/selftests.out' &&
		       grep -q '^ok 1 selftests: ksymstat: ksymstat.sh # SKIP' '$work/selftests.out'"
fi

finish
