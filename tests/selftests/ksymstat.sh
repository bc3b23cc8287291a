#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kselftest program: tests/module/ksymstat.sh (the guest test of the loaded
# module) run in a scratch folder holding what it reads beside itself: the
# known cases, the clone-suffix grammar (from tools/ksymstat, so build it
# first: make) and, where the running kernel's headers are installed, their
# Module.symvers.  Exit 4 (skip) when the module is not loaded.  KS_KO: the
# ksymstat.ko it loads again at its end (default: the checkout's build, else
# modprobe).
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ksymstat-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$here/../module/cases" "$work/"
symvers=/lib/modules/$(uname -r)/build/Module.symvers
[ -r "$symvers" ] && cp "$symvers" "$work/"
# The clone-suffix grammar, from the tool (make builds it): the test keeps
# no copy of its own.
tool=$here/../../tools/ksymstat
[ -x "$tool" ] && "$tool" rules suffix-ere >"$work/suffix.ere"
# The module file the test loads again at its end: the checkout's build when
# there is one, else modprobe's (DKMS, modules_install).
[ -n "${KS_KO:-}" ] || [ ! -f "$here/../../module/ksymstat.ko" ] ||
	export KS_KO="$here/../../module/ksymstat.ko"
cd "$work" && sh "$here/../module/ksymstat.sh"
