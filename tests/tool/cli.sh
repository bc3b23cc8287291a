#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The command line against its one definition, the command table of
# tools/main.c (`ksymstat complete [COMMAND]` prints it): every command and
# every long option must be in `ksymstat --help` / `ksymstat help COMMAND`,
# in the man page ksymstat(1), in the README, and offered by the bash
# completion.  TAP 13.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/tap.sh"
make -s -C "$root/tools" ksymstat >/dev/null || { not_ok "tools/ksymstat builds"; finish; }
ks=$root/tools/ksymstat
man=$root/docs/man/ksymstat.1
# The man page as text, with roff's \- as -.
mantext=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man")

cmds=$("$ks" complete | grep -vx help)
check "the command table lists commands ($(echo $cmds))" test -n "$cmds"
miss=
for c in $cmds; do "$ks" --help | grep -qE "^  $c " || miss="$miss $c"; done
check "ksymstat --help lists every command${miss:+ (missing:$miss)}" test -z "$miss"
miss=
for c in $cmds; do grep -qE "^\\.B ksymstat $c( |$)" "$man" || miss="$miss $c"; done
check "ksymstat(1) SYNOPSIS has every command${miss:+ (missing:$miss)}" test -z "$miss"
miss=
for c in $cmds; do grep -qE "ksymstat $c\\b" "$root/README.md" || miss="$miss $c"; done
check "README names every command${miss:+ (missing:$miss)}" test -z "$miss"

bash_complete() { # WORDS...: what the completion offers for the last word
	PATH=$root/tools:$PATH bash -c '
		source "$1/completion/ksymstat.bash"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ksymstat
		printf "%s\n" "${COMPREPLY[@]}"' _ "$root" ksymstat "$@"
}
miss=
for c in $cmds; do bash_complete "" | grep -qx "$c" || miss="$miss $c"; done
check "the completion offers every command${miss:+ (missing:$miss)}" test -z "$miss"

for c in $cmds; do
	# --help and the global -j/-p are said once, in ksymstat --help
	opts=$("$ks" complete "$c" | grep '^--' | sed 's/=$//' |
	       grep -vx -e --help -e --pretty | sort -u)
	usage=$("$ks" help "$c")
	mu= mm= mc=
	for o in $opts; do
		grep -qe "$o\\b" <<<"$usage" || mu="$mu $o"
		grep -qe "$o\\b" <<<"$mantext" || mm="$mm $o"
		bash_complete "$c" -- | grep -qx -- "$o" || mc="$mc $o"
	done
	check "$c: ksymstat help $c names its $(echo $opts | wc -w) options${mu:+ (missing:$mu)}" test -z "$mu"
	check "$c: ksymstat(1) names them${mm:+ (missing:$mm)}" test -z "$mm"
	check "$c: the completion offers them${mc:+ (missing:$mc)}" test -z "$mc"
done
finish
