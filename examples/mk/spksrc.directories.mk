# Stand-in for spksrc's mk/spksrc.directories.mk: where a package builds.  Read twice in
# today's generation (from spksrc.common.mk, then spksrc.spk.mk), as older spksrc read it
# once, after spksrc.common.mk and local.mk.
ifneq ($(ARCH),)
ARCH_SUFFIX = -$(ARCH)-$(TCVERSION)
endif
ifndef WORK_DIR
WORK_DIR = $(CURDIR)/work$(ARCH_SUFFIX)
endif
STAGING_DIR = $(WORK_DIR)/staging
PACKAGES_DIR = $(CURDIR)/../../packages
