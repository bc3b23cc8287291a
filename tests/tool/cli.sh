#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The command line against its one definition, the command table of
# tools/main.c (`ksymstat complete [COMMAND [VERB]]` prints it): every
# command (an object's verbs included: "bpf check") and every long option
# must be in `ksymstat --help` / `ksymstat help COMMAND`, in the man page
# ksymstat(1), in the README and docs/tool.md, and offered by the bash
# completion; every command takes the global options (-j/--json,
# -p/--pretty), which --help, ksymstat(1), the README and docs/tool.md
# name.  TAP 13.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/tap.sh"
make -s -C "$root/tools" ksymstat >/dev/null || { not_ok "tools/ksymstat builds"; finish; }
ks=$root/tools/ksymstat
man=$root/docs/man/ksymstat.1
# The man page as text, with roff's \- as -.
mantext=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man")
globals="--json -j --pretty -p"

# The command paths: a command, or an object's verbs ("bpf check").
tops=$("$ks" complete | grep -vx help)
check "the command table lists commands ($(echo $tops))" test -n "$tops"
paths=()
for c in $tops; do
	words=$("$ks" complete "$c")
	if [ -n "$words" ] && ! grep -q '^-' <<<"$words"; then
		for v in $words; do paths+=("$c $v"); done
	else
		paths+=("$c")
	fi
done
check "an object has verbs: bpf check is a command path" \
	grep -qx "bpf check" <<<"$(printf '%s\n' "${paths[@]}")"
miss=
for p in "${paths[@]}"; do "$ks" --help | grep -qE "^  $p " || miss="$miss [$p]"; done
check "ksymstat --help lists every command${miss:+ (missing:$miss)}" test -z "$miss"
miss=
for p in "${paths[@]}"; do grep -qE "^\\.B ksymstat $p( |$)" "$man" || miss="$miss [$p]"; done
check "ksymstat(1) SYNOPSIS has every command${miss:+ (missing:$miss)}" test -z "$miss"
for doc in README.md docs/tool.md; do
	miss=
	for p in "${paths[@]}"; do grep -qE "ksymstat +$p\\b" "$root/$doc" || miss="$miss [$p]"; done
	check "$doc names every command${miss:+ (missing:$miss)}" test -z "$miss"
done

# The global options: said once, where the whole tool is described.
for g in $globals --db; do
	miss=
	"$ks" --help | grep -qe "$g\\b" || miss="$miss --help"
	grep -qe "$g\\b" <<<"$mantext" || miss="$miss ksymstat(1)"
	grep -qe "\`$g\\b" "$root/README.md" || miss="$miss README"
	grep -qe "\`$g\\b" "$root/docs/tool.md" || miss="$miss docs/tool.md"
	check "global option $g is documented${miss:+ (missing in:$miss)}" test -z "$miss"
done

bash_complete() { # WORDS...: what the completion offers for the last word
	PATH=$root/tools:$PATH bash -c '
		source "$1/completion/ksymstat.bash"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ksymstat
		printf "%s\n" "${COMPREPLY[@]}"' _ "$root" ksymstat "$@"
}
for pre in "" "-j" "--db x.db -p"; do
	miss=
	for c in $tops; do
		# shellcheck disable=SC2086
		bash_complete $pre "" | grep -qx "$c" || miss="$miss $c"
	done
	check "the completion offers every command${pre:+ after $pre}${miss:+ (missing:$miss)}" test -z "$miss"
done

for p in "${paths[@]}"; do
	all=$("$ks" complete $p)
	# --help is said once, in ksymstat --help; the global switches below
	opts=$(grep '^--' <<<"$all" | sed 's/=$//' |
	       grep -vx -e --help -e --json -e --pretty | sort -u)
	usage=$("$ks" help $p)
	mu= mm= mc= mg=
	for o in $opts; do
		grep -qe "$o\\b" <<<"$usage" || mu="$mu $o"
		grep -qe "$o\\b" <<<"$mantext" || mm="$mm $o"
		# shellcheck disable=SC2086
		bash_complete $p -- | grep -qx -- "$o" || mc="$mc $o"
	done
	for g in $globals; do
		grep -qx -- "$g" <<<"$all" || mg="$mg $g"
	done
	check "$p: ksymstat help $p names its $(echo $opts | wc -w) options${mu:+ (missing:$mu)}" test -z "$mu"
	check "$p: ksymstat(1) names them${mm:+ (missing:$mm)}" test -z "$mm"
	check "$p: the completion offers them${mc:+ (missing:$mc)}" test -z "$mc"
	check "$p: the table gives it the global options${mg:+ (missing:$mg)}" test -z "$mg"
done
finish
