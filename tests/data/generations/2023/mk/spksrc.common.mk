# Stand-in for spksrc's mk/spksrc.common.mk as it was from 2021 to 2024-03 (written for
# spkgen's tests): no BASEDIR, local.mk included by a relative path only when it exists,
# before spksrc.spk.mk reads spksrc.directories.mk (WORK_DIR is unset in local.mk).
PWD := $(shell pwd)
MKDIR = $(PWD)/../../mk

MSG = echo "===> "
SHELL := $(SHELL) -e

# 1 when version $(1) >= $(2), like spksrc's of that time
version_ge = $(shell if printf '%s\n' "$(1)" "$(2)" | sort -VCr ; then echo 1; fi)
version_lt = $(if $(call version_ge,$(1),$(2)),,1)

LOCAL_CONFIG_MK = ../../local.mk
ifneq ($(wildcard $(LOCAL_CONFIG_MK)),)
include $(LOCAL_CONFIG_MK)
endif

.PHONY: default
default: all
