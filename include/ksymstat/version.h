/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one version number of ksymstat: MODULE_VERSION() of ksymstat.ko
 * (modinfo), `ksymstat --version`, dkms.conf's PACKAGE_VERSION and the
 * top-level Makefile read it from here (tests/install/run.sh checks they
 * agree).  CHANGELOG says what each version brought.
 */
#ifndef KSYMSTAT_VERSION_H
#define KSYMSTAT_VERSION_H

#define KSYMSTAT_VERSION	"0.2.0"

#endif /* KSYMSTAT_VERSION_H */
