# Stand-in for spksrc's mk/spksrc.common.mk around 2015 (written for spkgen's tests): no
# BASEDIR, local.mk read by a relative path when it exists.
default: all

SHELL := $(SHELL) -e
MSG = echo "===> "

LOCAL_CONFIG_MK = ../../local.mk
ifneq ($(wildcard $(LOCAL_CONFIG_MK)),)
include $(LOCAL_CONFIG_MK)
endif
