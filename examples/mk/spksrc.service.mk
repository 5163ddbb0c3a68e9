# Stand-in for spksrc's mk/spksrc.service.mk: conf/privilege, conf/resource (a jq +
# sponge chain, one step per feature, later steps overwriting earlier keys) and
# app/<SPK_NAME>.sc, with the semantics of spksrc's own mk/spksrc.service.mk.
# SPONGE is this folder's sponge script, in moreutils' sponge's place: no moreutils needed.
SPONGE = $(MKDIR)/sponge
ifeq ($(strip $(DSM_UI_DIR)),)
DSM_UI_DIR = app
endif

ifeq ($(call version_ge,$(TCVERSION),7.0),1)
SERVICE_USER = auto
ifneq ($(strip $(SERVICE_WIZARD_SHARE)),)
USE_DATA_SHARE_WORKER = yes
endif
endif
ifneq ($(SERVICE_WIZARD_SHARENAME),)
ifeq ($(SERVICE_USER),)
SERVICE_USER = auto
endif
endif
ifeq ($(SERVICE_USER),auto)
SPK_USER = $(SPK_NAME)
endif

SC_FILE = $(STAGING_DIR)/$(DSM_UI_DIR)/$(SPK_NAME).sc
.PHONY: service $(DSM_CONF_DIR)/privilege $(DSM_CONF_DIR)/resource $(SC_FILE)
SERVICE_FILES = $(DSM_CONF_DIR)/privilege

$(DSM_CONF_DIR)/privilege:
	@mkdir -p $(@D)
	@echo '{"defaults": {"run-as": "package"}}' > $@

ifeq ($(call version_ge,$(TCVERSION),6.0),1)
SERVICE_FILES += $(DSM_CONF_DIR)/resource
$(DSM_CONF_DIR)/resource:
	@mkdir -p $(@D)
	@$(MSG) "Creating $@"
	@echo '{}' > $@
ifneq ($(strip $(SERVICE_PORT)),)
	@jq --arg f '$(DSM_UI_DIR)/$(SPK_NAME).sc' '.["port-config"] = {"protocol-file": $$f}' $@ | $(SPONGE) $@
endif
ifneq ($(strip $(FWPORTS)),)
	@jq --arg f $(FWPORTS) '.["port-config"] = {"protocol-file": ("$(DSM_UI_DIR)/" + ($$f | split("/") | last))}' $@ | $(SPONGE) $@
endif
ifneq ($(strip $(SPK_COMMANDS)),)
	@jq --arg c '$(SPK_COMMANDS)' '.["usr-local-linker"] = {"bin": ($$c | split(" "))}' $@ | $(SPONGE) $@
endif
ifneq ($(strip $(SPK_USR_LOCAL_LINKS)),)
	@jq --arg l '$(SPK_USR_LOCAL_LINKS)' '.["usr-local-linker"] += (reduce ($$l | split(" ")[] | split(":")) as $$w ({}; .[$$w[0]] += [$$w[1]]) | to_entries | sort_by(.key) | from_entries)' $@ | $(SPONGE) $@
endif
ifneq ($(strip $(SERVICE_WIZARD_SHARE)),)
ifeq ($(strip $(USE_DATA_SHARE_WORKER)),yes)
	@jq --arg n '{{$(SERVICE_WIZARD_SHARE)}}' --arg u 'sc-$(SPK_USER)' '.["data-share"] = {"shares": [{"name": $$n, "permission": {"rw": [$$u]}}]}' $@ | $(SPONGE) $@
endif
else ifneq ($(strip $(SERVICE_WIZARD_SHARENAME)),)
ifeq ($(call version_ge,$(TCVERSION),6.1),1)
	@jq --arg n '{{$(SERVICE_WIZARD_SHARENAME)}}' --arg u 'sc-$(SPK_USER)' '.["data-share"] = {"shares": [{"name": $$n, "permission": {"rw": [$$u]}}]}' $@ | $(SPONGE) $@
endif
endif
ifneq ($(strip $(SERVICE_CERT)),)
ifeq ($(call version_lt,$(TCVERSION),7.0),1)
	@jq --arg s '$(SERVICE_CERT)' --arg r '$(SERVICE_CERT_RELOAD)' --arg d '$(DISPLAY_NAME)' '.["certificate-config"] = {"services": [{"display_name": $$d, "display_name_i18n": $$d, "service": $$s}], "reloader-relpath": $$r} | .["service-cfg"] = {}' $@ | $(SPONGE) $@
endif
endif
ifneq ($(strip $(VIDEODRIVER)),)
	@jq '.["video-driver"] = {}' $@ | $(SPONGE) $@
endif
endif

ifneq ($(strip $(FWPORTS)),)
SERVICE_FILES += $(SC_FILE)
$(SC_FILE): $(filter %.sc,$(FWPORTS))
	@mkdir -p $(@D)
	@cp $< $@
else ifneq ($(strip $(SERVICE_PORT)),)
SERVICE_FILES += $(SC_FILE)
$(SC_FILE):
	@mkdir -p $(@D)
	@printf '[%s]\ntitle="%s"\ndesc="%s"\nport_forward="yes"\ndst.ports="%s/tcp"\n' '$(SPK_NAME)' \
		'$(or $(SERVICE_PORT_TITLE),$(SPK_NAME))' '$(or $(DISPLAY_NAME),$(SPK_NAME))' '$(SERVICE_PORT)' > $@
endif

# The hooks: a package may name its own pre-, main and post-service targets.
PRE_SERVICE_TARGET ?= pre_service_target
SERVICE_TARGET ?= service_target
POST_SERVICE_TARGET ?= post_service_target
.PHONY: pre_service_target service_target post_service_target
pre_service_target:
$(SERVICE_TARGET): $(PRE_SERVICE_TARGET)
service_target: $(SERVICE_FILES)
$(POST_SERVICE_TARGET): $(SERVICE_TARGET)
post_service_target:
service: $(POST_SERVICE_TARGET)
