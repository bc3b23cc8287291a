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

_ksymstat()
{
	local cur prev cmd i
	local cmds="show import check help"
	local common="--json -j --pretty -p --help"

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		show|import|check|help) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $prev in
	--live|--db|--dataset|--vmlinux|--config|--sysmap|--filter-functions)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--page)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--release|--arch|--flavor|--live-release|--live-arch)
		return ;;
	esac

	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
		return
	fi
	case $cmd in
	help)
		COMPREPLY=($(compgen -W "show import check" -- "$cur")) ;;
	show)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$common --live --kallsyms \
				--filter-functions --live-release --live-arch" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_ksymstat_funcs "$cur")" -- "$cur"))
		fi ;;
	import)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$common --db --config --release \
				--arch --flavor" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	check)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$common --verbose -v --markdown \
				--live --kallsyms --filter-functions --live-release \
				--live-arch --db --page --dataset --vmlinux --config \
				--sysmap --release --arch --flavor" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_ksymstat_funcs "$cur")" -- "$cur"))
		fi ;;
	esac
}
complete -F _ksymstat ksymstat
