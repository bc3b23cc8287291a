# SPDX-License-Identifier: GPL-2.0
#
# make                  module/ksymstat.ko for KDIR, and tools/ksymstat
#                       (without a kernel build tree at KDIR: the tool, and
#                       the way forward)
# make module           the kernel module only (cross: ARCH=arm64
#                       CROSS_COMPILE=aarch64-linux-gnu- KDIR=...)
# make tool             the userspace tool only
# make install          the tool, its man pages and bash completion under
#                       DESTDIR/PREFIX (PREFIX=/usr/local)
# make modules_install  the module into /lib/modules/<release>/updates
#                       (INSTALL_MOD_PATH as for the kernel's own)
# make uninstall        undo make install
# make check            every test suite (tests/run)
# make demo             the main job in a guest (scripts/demo)
# make clean
#
# WERROR=1 turns warnings into errors (CI and developers; tests/run sets it).

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install
WERROR ?= 0
VERSION := $(shell sed -n 's/^\#define KSYMSTAT_VERSION\t*"\(.*\)"/\1/p' \
		include/ksymstat/version.h)

MANPAGES := docs/man/ksymstat.1 docs/man/ksymstat.4 docs/man/ksymstat-report.5

ifneq ($(wildcard $(KDIR)/Makefile),)
all: module tool
else
all: tool
	@echo >&2 "ksymstat: tools/ksymstat is built (make tool builds it alone), the module is not:"
	@echo >&2 "  no kernel build tree at KDIR=$(KDIR)."
	@if apt-cache show linux-headers-$$(uname -r) >/dev/null 2>&1; then \
		echo >&2 "  Either install the running kernel's headers and run make again:"; \
		echo >&2 "      sudo apt install linux-headers-$$(uname -r)"; \
	else \
		echo >&2 "  apt has no linux-headers-$$(uname -r) (this kernel is not from the"; \
		echo >&2 "  distribution's archive): install its headers from where the kernel came,"; \
	fi
	@echo >&2 "  or point KDIR at a kernel build tree:"
	@echo >&2 "      make KDIR=/usr/src/linux-headers-<release>"
	@echo >&2 "  or run the module in a QEMU guest instead:"
	@echo >&2 "      scripts/demo"
	@exit 2
endif

module:
	@test -f $(KDIR)/Makefile || { \
		echo >&2 "ksymstat: no kernel build tree at KDIR=$(KDIR):" \
			"sudo apt install linux-headers-$(shell uname -r)," \
			"or make KDIR=..., or scripts/demo"; exit 2; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) \
		$(if $(filter 1,$(WERROR)),KCFLAGS=-Werror) modules

tool:
	$(MAKE) -C tools

install: tool
	$(INSTALL) -d $(INSTALL_DIRS)
	$(INSTALL) -m 0755 tools/ksymstat $(DESTDIR)$(BINDIR)/ksymstat
	$(INSTALL) -m 0644 docs/man/ksymstat.1 $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 docs/man/ksymstat.4 $(DESTDIR)$(MANDIR)/man4/
	$(INSTALL) -m 0644 docs/man/ksymstat-report.5 $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 0644 completion/ksymstat.bash \
		$(DESTDIR)$(COMPLETIONDIR)/ksymstat

# The directories install made go too when they are left empty (under
# DESTDIR with their parents, up to DESTDIR itself).
INSTALL_DIRS = $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	$(DESTDIR)$(MANDIR)/man4 $(DESTDIR)$(MANDIR)/man5 \
	$(DESTDIR)$(COMPLETIONDIR)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ksymstat \
		$(DESTDIR)$(MANDIR)/man1/ksymstat.1 \
		$(DESTDIR)$(MANDIR)/man4/ksymstat.4 \
		$(DESTDIR)$(MANDIR)/man5/ksymstat-report.5 \
		$(DESTDIR)$(COMPLETIONDIR)/ksymstat
	-rmdir $(if $(DESTDIR),-p) --ignore-fail-on-non-empty $(INSTALL_DIRS) 2>/dev/null

# Distribution headers ship no signing key: then the module is installed
# unsigned, said once, instead of an SSL error from sign-file (README:
# Secure Boot).
SIGN_KEY = $(KDIR)/certs/signing_key.pem
modules_install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates \
		$(if $(wildcard $(SIGN_KEY)),,CONFIG_MODULE_SIG_ALL=) modules_install
	$(if $(wildcard $(SIGN_KEY)),,@echo >&2 "ksymstat: installed unsigned" \
		"(no $(SIGN_KEY)); to load it with Secure Boot, sign it: README.md, Secure Boot")

version:
	@echo $(VERSION)

check:
	tests/run

demo:
	scripts/demo

clean:
	rm -f module/*.o module/*.ko module/*.mod module/*.mod.c \
		module/.*.cmd module/modules.order .*.cmd Module.symvers \
		modules.order
	$(MAKE) -C tools clean

.PHONY: all module tool install uninstall modules_install version check \
	demo clean
