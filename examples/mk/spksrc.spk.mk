# Stand-in for spksrc's mk/spksrc.spk.mk: same targets, variables and step order.
include ../../mk/spksrc.common.mk
include ../../mk/spksrc.directories.mk
include ../../mk/spksrc.pre-check.mk

SPK_VERS ?= 1.0
SPK_REV ?= 1
SPK_FILE_NAME = $(PACKAGES_DIR)/$(SPK_NAME)_$(ARCH)-$(TCVERSION)_$(SPK_VERS)-$(SPK_REV).spk
DSM_CONF_DIR = $(WORK_DIR)/conf
ifneq ($(CONF_DIR),)
SPK_CONF_DIR = $(CONF_DIR)
endif

include ../../mk/spksrc.service.mk

.PHONY: all package strip conf clean $(WORK_DIR)/INFO
all: package

# make arch-x64-7.2 -> make ARCH=x64 TCVERSION=7.2
arch-%:
	@$(MSG) "Building $(SPK_NAME) for $*"
	@$(MAKE) --no-print-directory ARCH=$(firstword $(subst -, ,$*)) TCVERSION=$(word 2,$(subst -, ,$*)) package

# The payload: everything under src/target/ goes to the package target folder.
strip:
	@mkdir -p $(STAGING_DIR)
	@if [ -d src/target ]; then cp -R src/target/. $(STAGING_DIR)/; fi

$(WORK_DIR)/INFO:
	@mkdir -p $(@D)
	@printf 'package="%s"\nversion="%s-%s"\narch="%s"\nos_min_ver="%s"\n' \
		'$(SPK_NAME)' '$(SPK_VERS)' '$(SPK_REV)' '$(ARCH)' '$(TCVERSION)' > $@
ifneq ($(strip $(CONF_DIR)),)
	@echo 'support_conf_folder="yes"' >> $@
endif

$(WORK_DIR)/package.tgz: strip service
	@rm -f $@
	@cd $(STAGING_DIR) && tar --sort=name --mtime=@0 --owner=0 --group=0 -czf $@ .

conf:
ifneq ($(strip $(CONF_DIR)),)
	@$(MSG) "Preparing conf"
	@mkdir -p $(DSM_CONF_DIR)
	@for f in $(SPK_CONF_DIR)/*; do if [ -f "$$f" ]; then cp -f "$$f" $(DSM_CONF_DIR)/; fi; done
endif

$(SPK_FILE_NAME): $(WORK_DIR)/package.tgz $(WORK_DIR)/INFO service conf
	@mkdir -p $(PACKAGES_DIR)
	@cd $(WORK_DIR) && tar --sort=name --mtime=@0 --owner=0 --group=0 -cf $@ package.tgz INFO conf
	@$(MSG) "Package $(notdir $@)"

package: $(SPK_FILE_NAME)

clean:
	rm -rf work-*
