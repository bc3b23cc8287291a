/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel helpers the userspace tool uses, under their kernel names
 * (include/linux/compiler_attributes.h, include/linux/array_size.h).
 * Shared by ksymstat and the stand-alone DepSurf page parser.
 */
#ifndef KSYMSTAT_COMPILER_H
#define KSYMSTAT_COMPILER_H

/* printf-style format checking of argument a, variadic from b */
#define __printf(a, b)	__attribute__((format(printf, a, b)))

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

#endif
