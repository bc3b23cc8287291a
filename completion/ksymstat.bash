# SPDX-License-Identifier: GPL-2.0
# bash completion for ksymstat(1).  Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/ksymstat.

# Function names: the running kernel's text symbols, when readable.
_ksymstat_funcs()
{
	local cur=$1

	[ -r /proc/kallsyms ] || return
	[ ${#cur} -ge 2 ] || return
	awk -v p="$cur" '($2 == "T" || $2 == "t") && index($3, p) == 1 \
		{ print $3 }' /proc/kallsyms 2>/dev/null | sort -u | head -n 200
}

# The words come from the tool's own command table (ksymstat complete
# [COMMAND [VERB]]), so the completion offers what the installed tool
# takes.  Global options (-j, -p, --db FILE) may stand before the command.
_ksymstat()
{
	local cur prev cmd verb i words ks=${COMP_WORDS[0]}

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd= verb=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		if [ "$prev" = --db ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
		COMPREPLY=($(compgen -W "$("$ks" complete 2>/dev/null) --help --version -j --json -p --pretty --db" -- "$cur"))
		return
	fi
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "$("$ks" complete 2>/dev/null | grep -vx help)" -- "$cur"))
		return
	fi
	words=$("$ks" complete "$cmd" 2>/dev/null)
	# an object (bpf): its verb comes next
	if [ -n "$words" ] && ! grep -q -- '^-' <<<"$words"; then
		for ((i++; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			-*) ;;
			*) verb=${COMP_WORDS[i]}; break ;;
			esac
		done
		if [ -z "$verb" ]; then
			COMPREPLY=($(compgen -W "$words help" -- "$cur"))
			return
		fi
		words=$("$ks" complete "$cmd" "$verb" 2>/dev/null)
	fi
	# The value of an option that takes one: words for these, else files.
	if [[ $prev == --* ]] && grep -qx -- "$prev=" <<<"$words"; then
		case $prev in
		--release|--arch|--flavor|--live-release|--live-arch|--client) ;;
		*) COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(sed 's/=$//' <<<"$words")" -- "$cur"))
	elif [ "$cmd" = import ] || [ -n "$verb" ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$(_ksymstat_funcs "$cur")" -- "$cur"))
	fi
}
complete -F _ksymstat ksymstat
