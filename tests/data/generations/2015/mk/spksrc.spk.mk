# Stand-in for spksrc's mk/spksrc.spk.mk around 2015 (written for spkgen's tests): DSM 5
# packages, whose service is run by the package's own installer scripts.  There is no
# mk/spksrc.service.mk, and nothing writes conf/resource: DSM 7 did not exist yet.
include ../../mk/spksrc.common.mk

WORK_DIR = $(CURDIR)/work$(if $(ARCH),-$(ARCH)-$(TCVERSION))

.PHONY: all
all: $(WORK_DIR)/INFO

$(WORK_DIR)/INFO:
	@mkdir -p $(dir $@)
	@$(MSG) "Creating INFO file for $(SPK_NAME)"
	@echo package=\"$(SPK_NAME)\" > $@
	@echo version=\"$(SPK_VERS)-$(SPK_REV)\" >> $@
	@echo firmware=\"$(FIRMWARE)\" >> $@
