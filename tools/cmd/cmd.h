/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksymstat cmd: the commands main.c dispatches to, each in its file.
 */
#ifndef KSYMSTAT_CMD_H
#define KSYMSTAT_CMD_H

#include "../out/out.h"

/* Subcommands */
int cmd_show(const struct ks_ctx *ctx, int argc, char **argv);
int cmd_import(const struct ks_ctx *ctx, int argc, char **argv);
int cmd_check(const struct ks_ctx *ctx, int argc, char **argv);
int cmd_rules(const struct ks_ctx *ctx, int argc, char **argv);
void usage_show(FILE *f);
void usage_import(FILE *f);
void usage_check(FILE *f);
void usage_rules(FILE *f);
void usage_bpf_check(FILE *f);
/* bpf_cmd.c: bpf check (and its old name, check --bpf) */
int cmd_bpf_check(const struct ks_ctx *ctx, int argc, char **argv);
/* page_cmd.c, btf_proto.c */
int cmd_page(const struct ks_ctx *ctx, int argc, char **argv);
void usage_page(FILE *f);
int cmd_proto(const struct ks_ctx *ctx, int argc, char **argv);
void usage_proto(FILE *f);
/*
 * Each command's long options, one table for getopt and for the command
 * table of main.c, which lists them (ksymstat complete: the bash
 * completion; tests/tool/cli.sh checks usage and man page against it).
 */
#include <getopt.h>
extern const struct option ks_show_opts[], ks_import_opts[], ks_check_opts[],
	ks_bpf_check_opts[], ks_page_opts[], ks_proto_opts[], ks_rules_opts[];

/* push.c, matrix_cmd.c: the fleet store and its matrix */
int cmd_push(const struct ks_ctx *ctx, int argc, char **argv);
void usage_push(FILE *f);
extern const struct option ks_push_opts[];
int cmd_matrix(const struct ks_ctx *ctx, int argc, char **argv);
void usage_matrix(FILE *f);
extern const struct option ks_matrix_opts[];

#endif
