# Stand-in for spksrc's mk/spksrc.directories.mk from 2024-04 to 2026-03 (written for spkgen's tests):
# WORK_DIR from $(CURDIR), read once, after spksrc.common.mk and local.mk.
ifneq ($(ARCH),)
ARCH_SUFFIX = -$(ARCH)-$(TCVERSION)
endif
ifndef WORK_DIR
WORK_DIR = $(CURDIR)/work$(ARCH_SUFFIX)
endif
STAGING_DIR = $(WORK_DIR)/staging
PACKAGES_DIR = $(CURDIR)/../../packages
