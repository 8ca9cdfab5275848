# SPDX-License-Identifier: GPL-2.0
# Top-level build of xtcp.
#
#   make                 build xtcp.ko for the 6.1 kernel the tests boot
#   make KERNEL=6.12     ... for the newest installed 6.12 kernel (or a full release)
#   make KDIR=/path      ... against any configured kernel tree
#   make W=1 C=1         extra warnings and sparse, passed to Kbuild
#   make unit            build and run the protocol-core unit tests (host, ASan/UBSan)
#   make selftests       build the selftest programs (see selftests/)
#   make test            the whole suite: unit tests, then VMs on 6.1 and 6.12
#   make clean
#
# Each kernel gets its own build directory, build/<release>/, holding a tree of
# symlinks to module/ and uapi/, so builds for two kernels never mix objects.
# The module is build/<release>/module/xtcp.ko.

KERNEL ?= 6.1
ifeq ($(origin KDIR), undefined)
KRELEASE := $(shell scripts/kernel-release $(KERNEL) --headers)
KDIR := /lib/modules/$(KRELEASE)/build
else
KRELEASE := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null || basename $(KDIR))
endif

BUILD := $(CURDIR)/build/$(KRELEASE)

.PHONY: all module modules-all unit selftests test clean help

all: module

module:
	@test -d "$(KDIR)" || { echo "no kernel tree at '$(KDIR)': run scripts/setup or set KDIR" >&2; exit 1; }
	@scripts/lib/symlink-tree $(CURDIR) $(BUILD) module uapi
	$(MAKE) -C $(KDIR) M=$(BUILD)/module modules
	@echo "  xtcp.ko for $(KRELEASE): build/$(KRELEASE)/module/xtcp.ko"

modules-all:
	$(MAKE) KERNEL=6.1 module
	$(MAKE) KERNEL=6.12 module

unit:
	$(MAKE) -C unit run

selftests:
	$(MAKE) -C selftests

test:
	scripts/run-tests

clean:
	rm -rf build
	$(MAKE) -C unit clean
	$(MAKE) -C selftests clean

help:
	@sed -n '2,16p' Makefile
