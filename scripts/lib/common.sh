# SPDX-License-Identifier: GPL-2.0
#
# scripts/lib/common.sh: the messages and option checks every script of
# scripts/ shares.  Source it after setting ks_prog (the name messages
# start with; default: the script's file name).
#   die MSG       usage or set-up error: the message, exit 2
#   fail MSG      a step of the run failed: "PROG: FAIL: MSG", exit 1
#   log MSG       progress on stderr
#   need OPT VAL  OPT must have a non-empty value, else die
#   usage [LINE]  the header comment of the script from LINE (default 4,
#                 after the SPDX line and a blank) to `set -e...`: --help
# shellcheck shell=bash

ks_prog=${ks_prog:-$(basename "$0")}
die() { echo "$ks_prog: $*" >&2; exit 2; }
fail() { echo "$ks_prog: FAIL: $*" >&2; exit 1; }
log() { echo "$ks_prog: $*" >&2; }
need() { [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value (see --help)"; }
usage() { sed -n "${1:-4},/^set -e/p" "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
