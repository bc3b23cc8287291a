# SPDX-License-Identifier: GPL-2.0
#
# make                  module/ksymstat.ko for KDIR, and tools/ksymstat
# make module           the kernel module only (cross: ARCH=arm64
#                       CROSS_COMPILE=aarch64-linux-gnu- KDIR=...)
# make tool             the userspace tool only
# make check            every test suite (tests/run)
# make demo             the main job in a guest (scripts/demo)
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

all: module tool

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool:
	$(MAKE) -C tools

check:
	tests/run

demo:
	scripts/demo

clean:
	rm -f module/*.o module/*.ko module/*.mod module/*.mod.c \
		module/.*.cmd module/modules.order .*.cmd Module.symvers \
		modules.order
	$(MAKE) -C tools clean

.PHONY: all module tool check demo clean
