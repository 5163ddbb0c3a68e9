# Stand-in for spksrc's mk/spksrc.common.mk from 2024-04 to 2026-03 (written for spkgen's
# tests): BASEDIR relative ('../../', with its final slash), local.mk included as
# $(BASEDIR)local.mk only when it exists, WORK_DIR still unset in local.mk.
ifeq ($(BASEDIR),)
BASEDIR = ../../
endif
MKDIR = $(CURDIR)/$(BASEDIR)mk

MSG = echo "===> "
SHELL := $(SHELL) -e

version_ge = $(shell if printf '%s\n' "$(1)" "$(2)" | sort -VCr ; then echo 1; fi)
version_lt = $(if $(call version_ge,$(1),$(2)),,1)

LOCAL_CONFIG_MK = $(BASEDIR)local.mk
ifneq ($(wildcard $(LOCAL_CONFIG_MK)),)
include $(LOCAL_CONFIG_MK)
endif

.PHONY: default
default: all
