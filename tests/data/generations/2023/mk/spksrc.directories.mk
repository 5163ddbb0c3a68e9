# Stand-in for spksrc's mk/spksrc.directories.mk before 2024 (written for spkgen's tests):
# WORK_DIR from $(PWD), read once, after spksrc.common.mk and local.mk.
ifneq ($(ARCH),)
ARCH_SUFFIX = -$(ARCH)-$(TCVERSION)
endif
ifndef WORK_DIR
WORK_DIR = $(PWD)/work$(ARCH_SUFFIX)
endif
STAGING_DIR = $(WORK_DIR)/staging
PACKAGES_DIR = $(PWD)/../../packages
