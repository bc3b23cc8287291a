#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host suite: ksymstat bpf check (tests/bpf/run.sh, TAP 13).
exec bash "$(dirname "$0")/../bpf/run.sh" "$@"
