# Stand-in for spksrc's pre-check (written for spkgen's tests): a package names the
# lowest DSM version it builds for, and make stops while it parses for a lower one.
ifneq ($(strip $(REQUIRED_MIN_DSM)),)
ifneq ($(call version_ge,$(TCVERSION),$(REQUIRED_MIN_DSM)),1)
$(error DSM Toolchain $(TCVERSION) is lower than required version in Makefile $(REQUIRED_MIN_DSM))
endif
endif
