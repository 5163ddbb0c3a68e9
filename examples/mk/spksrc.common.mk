# Stand-in for spksrc's mk/spksrc.common.mk, written for spkgen's examples and tests.
# It models what spkgen relies on (mk/spkgen.mk's header lists it): the directories,
# MSG, version_ge built on sort -V, and local.mk included early.
# This is today's generation (since 2026-03: BASEDIR absolute, from this file's own
# path); tests/data/generations/ holds older ones.
MKDIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BASEDIR ?= $(abspath $(MKDIR)/..)

# As spksrc since 2026-03: the directories are set before local.mk is read.
include $(BASEDIR)/mk/spksrc.directories.mk

MSG = echo "===> "
SHELL := $(SHELL) -e

# 1 when version $(1) >= $(2), like spksrc's (it starts a shell at parse time, as spksrc's does)
version_ge = $(shell printf '%s\n%s\n' '$(2)' '$(1)' | sort -V -C && echo 1)
version_lt = $(if $(call version_ge,$(1),$(2)),,1)

-include $(BASEDIR)/local.mk

# The default goal is defined after local.mk, as in spksrc: a plugin included from
# local.mk must not take it over.
.PHONY: default
default: all
