###############################################################################
# spkgen.mk -- conf/resource and the protocol file for spksrc packages
#
# Include from the tree's local.mk or mk/spksrc.common.mk (scripts/vendor-into writes
# the line, which finds this file from MAKEFILE_LIST, not from a spksrc variable).  It
# may be read several times in one parse (spksrc reads spksrc.common.mk, and so
# local.mk, up to four times for some packages): rules are defined once, the conf folder
# choice is made again each time.  Nothing here starts a process while make parses:
# decisions use make's own functions; Python runs in recipes.
#
# spksrc internals relied on, and their forms since DSM 7 support (2021-03):
#   local.mk include    ../../local.mk if it exists (to 2024-03), $(BASEDIR)local.mk
#                       (BASEDIR ../../, 2024-04 to 2026-03), -include $(BASEDIR)/local.mk
#                       (absolute, since 2026-03): the line works with all three.
#   WORK_DIR            unset when local.mk is read before 2026-03 (spksrc.directories.mk
#                       came after it), and may change later in the parse (noarch suffix,
#                       'override ARCH=noarch'): used only in recipes and in prerequisites
#                       expanded a second time (.SECONDEXPANSION), our files by pattern
#                       rules; empty or outside the package folder at use: the build stops.
#   DSM_CONF_DIR        $(WORK_DIR)/conf; STAGING_DIR $(WORK_DIR)/staging (every form):
#                       checked inside WORK_DIR when spkgen-install runs.
#   service hooks       service, service_target (SERVICE_TARGET), post_service_target and
#                       $(POST_SERVICE_TARGET), conf: the same names in every form.
#   resource recipe     $(DSM_CONF_DIR)/resource (jq, sponge; '1<>$@' before 2021-08):
#                       quieted by a $(CURDIR)/work%/conf/resource pattern's SHELL.
#   conf step           copies $${SPKSRC_CONF_DIR} (exported, before 2022-04) or
#                       $(SPK_CONF_DIR) (since): both are overridden to our conf folder.
#   MSG                 unset in local.mk since 2026-01: used in recipes, with a default.
#   USE_DATA_SHARE_WORKER  absent before 2021-10 (SERVICE_WIZARD_SHARE's data share on
#                       DSM >= 7 always): 'spkgen check' models that tree's recipe.
#   version_ge          not used: make functions of our own compare versions.
#   package.tgz         $(WORK_DIR)/package.tgz: icon service (every form): after us.
#   protocol file       staged by spksrc mode 755 (FWPORTS, before 2022-02) or 644: the
#                       mode is kept when ours replaces it.  Its recipe runs through
#                       scripts/spkgen-gate ($(CURDIR)/work%.sc's .SHELLFLAGS, under
#                       spksrc's own SHELL '/bin/sh -e', every form): refused while the
#                       generator's failure marker exists (make -k).
# Trees older than 2021-05-30 (no conf/resource, or none for DSM 6, or a data share on DSM
# 6) are not supported: vendor-into refuses them, and spkgen check;
# spkgen-install stops where spksrc lists no $(DSM_CONF_DIR)/resource in SERVICE_FILES.
#
# Variables read (from the package Makefile, all optional but SPK_NAME):
#   SPK_NAME, TCVERSION, DSM_UI_DIR (default app), FWPORTS, SERVICE_PORT,
#   SERVICE_PORT_TITLE, DISPLAY_NAME, SPK_COMMANDS, SPK_USR_LOCAL_LINKS,
#   SERVICE_WIZARD_SHARENAME, SERVICE_WIZARD_SHARE, USE_DATA_SHARE_WORKER,
#   SPK_USER, SERVICE_CERT, SERVICE_CERT_RELOAD, VIDEODRIVER, CONF_DIR, SPK_DEPENDS
#   spksrc's WORK_DIR, STAGING_DIR, DSM_CONF_DIR, MSG
#
# Own variables:
#   SPKGEN_DISABLE=1    spksrc's own behaviour, exactly (nothing below applies)
#   SPKGEN_PYTHON       interpreter for the generators (default python3)
#   V=1                 print full commands
#
# What it does, for DSM >= 6.0 builds of spk/ packages (DSM < 6.0 and SRM 1.x
# keep spksrc's installer-based path):
#   - CONF_DIR: for a package that opted in (no makefile of its own assigns
#     CONF_DIR, and it has a versioned variant), the conf variant for TCVERSION
#     (see 'scripts/spkgen conf-dir --help': conf_72, conf_7, ..., conf).
#   - spkgen-install (after spksrc's service target wrote its files, before the
#     package's POST_SERVICE_TARGET, spksrc's conf step and package.tgz) ships
#     $(WORK_DIR)/spkgen/resource as $(DSM_CONF_DIR)/resource and the combined
#     protocol file as $(STAGING_DIR)/$(DSM_UI_DIR)/$(SPK_NAME).sc, so a
#     post-service hook's edits to them are kept (name POST_SERVICE_TARGET before
#     spksrc.common.mk is included to be sure of it under make -j); spksrc's conf
#     step copies $(WORK_DIR)/spkgen/conf (the chosen folder's files but its
#     resource, which the merged one replaces).
#   - Python runs only when an input changed: a variable (the manifest) or an
#     input file's content (the generator lists them in $(WORK_DIR)/spkgen/inputs.list;
#     make reads them with $(file <...), no process): not mtimes.
#
# Targets added:
#   spkgen-show    the conf folder chosen and why, each entry and its origin
#   spkgen-info    the package's inputs, as manifest lines, and what installing and
#                  publishing depend on (SPKGEN_INSTALL_VARIABLES; used by 'spkgen check')
#   spkgen-install see above (internal)
#   spkgen-record  records the inputs right after the generator ran (internal)
###############################################################################

SPKGEN_HOME := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
SPKGEN_PYTHON ?= python3

# ---- version comparison and conf variant choice, with make functions only ----
spkgen_digits = $(strip $(subst 0,0 ,$(subst 1,1 ,$(subst 2,2 ,$(subst 3,3 ,$(subst 4,4 ,$(subst 5,5 ,$(subst 6,6 ,$(subst 7,7 ,$(subst 8,8 ,$(subst 9,9 ,$1)))))))))))
spkgen_nondigits = $(strip $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$1)))))))))))
# a < b as strings of equal length, or of two single digits
spkgen_lex_lt = $(if $(filter-out $1,$2),$(if $(filter $1,$(firstword $(sort $1 $2))),1))
# a < b for whole numbers (leading zeros dropped): shorter is smaller, else compare as strings
spkgen__nz = $(or $(patsubst 0%,%,$(patsubst 0%,%,$(patsubst 0%,%,$1))),0)
spkgen_num_lt = $(call spkgen__num_lt,$(call spkgen__nz,$1),$(call spkgen__nz,$2))
spkgen__num_lt = $(if $(filter $(words $(call spkgen_digits,$1)),$(words $(call spkgen_digits,$2))),$(call spkgen_lex_lt,$1,$2),$(call spkgen_lex_lt,$(words $(call spkgen_digits,$1)),$(words $(call spkgen_digits,$2))))
# version lists (words) A < B as sort -V orders them: per component, and a list is
# below any longer list it begins (7 < 7 0), as spksrc's version_ge has it
spkgen_list_lt = $(if $2,$(if $1,$(call spkgen__lt,$(firstword $1),$(firstword $2),$(wordlist 2,99,$1),$(wordlist 2,99,$2)),1))
spkgen__lt = $(if $(call spkgen_num_lt,$1,$2),1,$(if $(call spkgen_num_lt,$2,$1),,$(call spkgen_list_lt,$3,$4)))
# $(call spkgen_version_lt,7.1,7.2) -> 1
spkgen_version_lt = $(call spkgen_list_lt,$(subst ., ,$1),$(subst ., ,$2))

# Version (as words) a conf folder name stands for: conf -> 0, conf_72 -> 7 2,
# conf_dsm7 / conf.dsm7 -> 7; empty for names that are not variants.
spkgen__suffix = $(or $(patsubst conf_dsm%,%,$(filter conf_dsm%,$1)),$(patsubst conf.dsm%,%,$(filter conf.dsm%,$1)),$(patsubst conf_%,%,$(filter conf_%,$1)))
spkgen__variant = $(if $(and $(filter-out 0%,$1),$(if $(call spkgen_nondigits,$1),,1),$(filter 1 2 3,$(words $(call spkgen_digits,$1)))),$(call spkgen_digits,$1))
spkgen_variant_version = $(if $(filter conf,$1),0,$(call spkgen__variant,$(call spkgen__suffix,$1)))
# Variants of the package (names under src/) that are not above TCVERSION.
spkgen_conf_names = $(sort $(patsubst src/%/,%,$(wildcard src/conf*/)))
spkgen_fitting = $(foreach n,$(spkgen_conf_names),$(if $(call spkgen_variant_version,$n),$(if $(call spkgen_list_lt,$(subst ., ,$(TCVERSION)),$(call spkgen_variant_version,$n)),,$n)))
# Highest of a list of names (the first in sort order on a tie: the generator reports ties).
spkgen_highest = $(if $1,$(call spkgen_highest,$(wordlist 2,999,$1),$(if $(if $2,$(call spkgen_list_lt,$(call spkgen_variant_version,$2),$(call spkgen_variant_version,$(firstword $1))),1),$(firstword $1),$2)),$2)
spkgen_choose_conf = $(addprefix src/,$(call spkgen_highest,$(spkgen_fitting)))

# ---- opt-in: the package assigns CONF_DIR nowhere and has a versioned variant ----
# Same files and the same splitting as python/spkgen/assignments.py: the package's
# makefiles (no work* folders, *.mk up to three levels down), tabs to spaces, blanks
# squeezed, 'CONF_DIR =' to 'CONF_DIR=', then words starting CONF_DIR<operator>.
spkgen_empty :=
spkgen_space := $(spkgen_empty) $(spkgen_empty)
spkgen_tab := $(spkgen_empty)	$(spkgen_empty)
spkgen__squeeze = $(subst $(spkgen_space)$(spkgen_space),$(spkgen_space),$1)
spkgen__blanks = $(call spkgen__squeeze,$(call spkgen__squeeze,$(call spkgen__squeeze,$(call spkgen__squeeze,$(call spkgen__squeeze,$(call spkgen__squeeze,$(call spkgen__squeeze,$(subst $(spkgen_tab),$(spkgen_space),$1))))))))
spkgen__assign_words = $(subst define CONF_DIR,CONF_DIR=,$(subst CONF_DIR$(spkgen_space),CONF_DIR,$(call spkgen__blanks,$1)))
spkgen_assign_patterns = $(addprefix CONF_DIR,$(addsuffix %,= := ::= :::= ?= += !=))
spkgen__plain_files = $(foreach f,$1,$(if $(wildcard $f/.),,$f))
spkgen__own_makefiles = $(call spkgen__plain_files,$(wildcard GNUmakefile makefile Makefile *.mk) $(foreach d,$(filter-out work%,$(patsubst %/,%,$(wildcard */))),$(wildcard $d/*.mk $d/*/*.mk $d/*/*/*.mk)))
# ... and the files those include by a plain relative name inside the package (conf.inc)
spkgen__included = $(patsubst include@%,%,$(filter include@%,$(subst -include@,include@,$(subst sinclude@,include@,$(subst include$(spkgen_space),include@,$(call spkgen__blanks,$(file <$1)))))))
spkgen__inside = $(foreach f,$1,$(if $(or $(findstring $$,$f),$(filter /% ../% %/.. %/../%,$f)),,$f))
spkgen_package_makefiles = $(sort $(spkgen__own_makefiles) $(call spkgen__plain_files,$(wildcard $(call spkgen__inside,$(foreach f,$(spkgen__own_makefiles),$(call spkgen__included,$f))))))
spkgen_assigns_conf_dir = $(strip $(foreach f,$(spkgen_package_makefiles),$(filter $(spkgen_assign_patterns),$(call spkgen__assign_words,$(file <$f)))))
spkgen_versioned = $(strip $(foreach n,$(filter-out conf,$(spkgen_conf_names)),$(call spkgen_variant_version,$n)))
spkgen_opted_in = $(if $(spkgen_versioned),$(if $(spkgen_assigns_conf_dir),,1))

# ---- active? ----
spkgen_active = $(if $(filter 1,$(SPKGEN_DISABLE)),,$(if $(strip $(SPK_NAME)),$(if $(strip $(TCVERSION)),$(if $(call spkgen_version_lt,$(TCVERSION),6.0),,1))))

ifeq ($(spkgen_active),1)

# The conf variant, only for a package that opted in (see above): a package that
# assigns CONF_DIR anywhere keeps its own result, and src/conf alone is not shipped.
ifeq ($(strip $(CONF_DIR)),)
ifeq ($(spkgen_opted_in),1)
SPKGEN_CONF_AUTO := $(or $(spkgen_choose_conf),(none))
CONF_DIR := $(filter-out (none),$(SPKGEN_CONF_AUTO))
endif
endif

ifndef SPKGEN_RULES_DEFINED
SPKGEN_RULES_DEFINED := 1
# A package's own 'override SPK_CONF_DIR' before this point would be overruled below.
spkgen_early_spk_conf_dir := $(if $(filter override,$(origin SPK_CONF_DIR)),$(SPK_CONF_DIR))
# Our rules come before spksrc's: keep make's default goal theirs.
spkgen_saved_goal := $(.DEFAULT_GOAL)

# Deferred: the tree may include us before it sets WORK_DIR (spksrc did until 2026-03,
# local.mk before spksrc.directories.mk), so every path below is expanded when it is
# used (in a recipe, or in a prerequisite list by .SECONDEXPANSION), never at include
# time.  A WORK_DIR that is empty or outside the package folder is refused when the
# plugin would write (see spkgen_refuse_outside): never a folder shared by packages.
SPKGEN_DIR = $(if $(spkgen_work_problem),spkgen-refused,$(abspath $(WORK_DIR))/spkgen)
SPKGEN_RUN = $(SPKGEN_HOME)/scripts/spkgen
SPKGEN_Q = $(if $(filter 1,$(V)),,@)
SPKGEN_MSG = $(or $(MSG),echo "===> ")
SPKGEN_VARIABLES = SPK_NAME TCVERSION DSM_UI_DIR FWPORTS SERVICE_PORT SERVICE_PORT_TITLE \
	DISPLAY_NAME SPK_COMMANDS SPK_USR_LOCAL_LINKS SERVICE_WIZARD_SHARENAME SERVICE_WIZARD_SHARE \
	USE_DATA_SHARE_WORKER SPK_USER SERVICE_CERT SERVICE_CERT_RELOAD VIDEODRIVER CONF_DIR \
	SPK_DEPENDS
# The conf folder was chosen by us only if CONF_DIR still holds our choice, and
# was not assigned again (a package's 'CONF_DIR = ...' makes it recursive).
spkgen_conf_auto = $(if $(SPKGEN_CONF_AUTO),$(if $(filter simple,$(flavor CONF_DIR)),$(if $(filter $(SPKGEN_CONF_AUTO),$(or $(strip $(CONF_DIR)),(none))),$(SPKGEN_CONF_AUTO))))

define spkgen_newline


endef
spkgen_same = $(and $(findstring $1,$2),$(findstring $2,$1))
# $(file <F) without its final newline: GNU make 4.3 keeps it for some file sizes.
spkgen_read = $(subst @spkgen-eof@,,$(subst $(spkgen_newline)@spkgen-eof@,,$(file <$1)@spkgen-eof@))
# Rewrite file $1 with text $2 (never empty) only when its text changes: by make, no process.
# Never through a symlink: $1 and our folder must be what they are named (realpath).
spkgen_write_if_changed = $(spkgen_refuse_links)$(if $(call spkgen_same,$(call spkgen_read,$1),$2),,$(file >$1,$2)1)
spkgen__work_real = $(realpath $(patsubst %/,%,$(dir $(SPKGEN_DIR))))
spkgen_refuse_links = $(if $(or $(filter-out $(spkgen__work_real)/spkgen,$(realpath $(SPKGEN_DIR))),$(filter-out $(spkgen__work_real)/spkgen/$(notdir $1),$(realpath $1))),$(error spkgen: $1 is a symlink or lies in one: refusing to write through it))
# make -n or -q: write nothing (not even the manifest)
spkgen_dry_run = $(findstring n,$(filter-out --%,$(firstword -$(MAKEFLAGS))))$(findstring q,$(filter-out --%,$(firstword -$(MAKEFLAGS))))
spkgen_check_values = $(foreach v,$(SPKGEN_VARIABLES),$(if $(findstring $(spkgen_newline),$($v)),$(error spkgen: $v contains a newline)))

# One NAME=value line per variable, values verbatim: no shell, no quoting.
define SPKGEN_MANIFEST_TEXT
# written by mk/spkgen.mk, read by 'spkgen build'
$(foreach v,$(SPKGEN_VARIABLES),$v=$($v)$(spkgen_newline))SPKGEN_CONF_AUTO=$(spkgen_conf_auto)
endef
spkgen_manifest = $(subst $(spkgen_newline) ,$(spkgen_newline),$(SPKGEN_MANIFEST_TEXT))

# The input files the generator read last time (it lists them in inputs.list, a
# folder with a final '/'), by content: a folder by its listing, a file by its text.  Regenerating depends on
# this text, not on mtimes: an input restored with an older mtime, or reached
# through a symlink, is seen.
spkgen_input_names = $(call spkgen_read,$(SPKGEN_DIR)/inputs.list)
spkgen_inputs_text = \# inputs of spkgen build, by content$(foreach f,$(spkgen_input_names),$(spkgen_newline)@@ $f $(if $(filter %/,$f),$(sort $(wildcard $f*)),$(if $(wildcard $f),file:$(spkgen_newline)$(call spkgen_read,$f),absent)))

.PHONY: spkgen-force spkgen-record spkgen-install spkgen-show spkgen-info

# The folder must be named as the tree names it (WORK_DIR) and lie in the package folder:
# nothing is written otherwise.  Checked in every recipe that writes, when it runs.
spkgen__real_curdir = $(realpath $(CURDIR))
spkgen__inside_package = $(filter $(spkgen__real_curdir) $(spkgen__real_curdir)/%,$(realpath $(patsubst %/,%,$(dir $(abspath $1)))))
spkgen_work_problem = $(if $(strip $(WORK_DIR)),$(if $(call spkgen__inside_package,$(WORK_DIR)),,is '$(WORK_DIR)', outside the package folder $(CURDIR)),is empty)
spkgen_refuse_outside = $(if $(spkgen_work_problem),$(error spkgen: WORK_DIR $(spkgen_work_problem): refusing to write outside the package's work folder (spksrc's WORK_DIR is set when the build runs; is this a spksrc tree?)))$(foreach v,DSM_CONF_DIR STAGING_DIR,$(if $(filter $(abspath $(WORK_DIR))/%,$(abspath $($v))),,$(error spkgen: $v is '$($v)', not inside WORK_DIR '$(WORK_DIR)': refusing to write there (spkgen needs spksrc from 2021-03 or later))))
# A pattern rule below reached under another name than this package's folder.
spkgen_refuse_other = $(spkgen_refuse_outside)$(if $(filter $(SPKGEN_DIR),$(abspath $1)),,$(error spkgen: $1 is not this package's spkgen folder ($(SPKGEN_DIR))))

# Our files' rules are patterns and their users name them in prerequisite lists expanded
# a second time, once the whole tree is read.  (spksrc has no '$$' in prerequisites that
# this would change: it uses .SECONDEXPANSION nowhere.)
.SECONDEXPANSION:
.PRECIOUS: %/spkgen %/spkgen/manifest %/spkgen/inputs %/spkgen/.generated

spkgen-refused/.generated spkgen-refused/manifest:
	$(spkgen_refuse_outside)

%/spkgen:
	$(call spkgen_refuse_other,$@)$(SPKGEN_Q)mkdir -p $@

%/spkgen/manifest: spkgen-force | %/spkgen
	$(call spkgen_refuse_other,$(@D))$(spkgen_check_values)$(if $(spkgen_dry_run),,$(if $(call spkgen_write_if_changed,$@,$(spkgen_manifest)),))

%/spkgen/inputs: spkgen-force | %/spkgen
	$(call spkgen_refuse_other,$(@D))$(if $(spkgen_dry_run),,$(if $(call spkgen_write_if_changed,$@,$(spkgen_inputs_text)),))

# An input whose name make cannot read safely (blanks, $$, ...): run every time instead.
spkgen_always = $(if $(filter @always,$(call spkgen_read,$(SPKGEN_DIR)/inputs.list)),spkgen-force)

%/spkgen/.generated: %/spkgen/manifest %/spkgen/inputs $$(spkgen_always) $(SPKGEN_HOME)/mk/spkgen.mk $(wildcard $(SPKGEN_HOME)/python/spkgen/*.py $(SPKGEN_HOME)/python/spkgen/templates/*)
	@$(call spkgen_refuse_other,$(@D))$(SPKGEN_MSG) "spkgen: generating conf/resource and protocol file for DSM $(TCVERSION)"
	$(SPKGEN_Q)rm -f $(SPKGEN_DIR)/.failed; SPKGEN_PYTHON=$(SPKGEN_PYTHON) $(SPKGEN_RUN) build \
		--manifest $(SPKGEN_DIR)/manifest \
		--resource $(SPKGEN_DIR)/resource --protocol-file $(SPKGEN_DIR)/$(SPK_NAME).sc \
		--conf-mirror $(SPKGEN_DIR)/conf --inputs-list $(SPKGEN_DIR)/inputs.list --stamp $@ \
		|| { : > $(SPKGEN_DIR)/.failed; exit 1; }

# spksrc's conf step ships SPK_CONF_DIR: a package's own 'override' of it would drop the merge.
spkgen_conf_dir_overridden = $(and $(strip $(CONF_DIR)),$(or $(spkgen_early_spk_conf_dir),$(filter-out $(SPKGEN_DIR)/conf,$(SPK_CONF_DIR))))

# Right after the generator (before spksrc's service step and its hooks), record the
# inputs text with the list the generator just wrote, and write the (empty) stamp
# again, by make, no process, so that it stays newest.  An input a hook changes later
# in the build is then seen by the next build's inputs text.
spkgen-record: $$(SPKGEN_DIR)/.generated
	$(spkgen_refuse_outside)$(if $(spkgen_dry_run),,$(if $(call spkgen_write_if_changed,$(SPKGEN_DIR)/inputs,$(spkgen_inputs_text)),$(call spkgen_refuse_links,$(SPKGEN_DIR)/.generated)$(file >$(SPKGEN_DIR)/.generated)))

# Ship our files: right after spksrc's service step wrote its own, and before the
# package's post-service hook, so that edits made there are kept.  Our prerequisites
# come first in 'service' (this file is read before spksrc's service rules), so a serial
# make (spksrc's) runs the generator, and stops on bad input, before spksrc's service files.
spkgen-install: $$(SPKGEN_DIR)/.generated spkgen-record $$(or $$(SERVICE_TARGET),service_target)
	$(spkgen_refuse_outside)$(if $(filter $(DSM_CONF_DIR)/resource,$(SERVICE_FILES)),,$(error spkgen: spksrc writes no conf/resource for DSM $(TCVERSION) in this tree (its mk/spksrc.service.mk is from before 2021-04-30), so spkgen would ship one where spksrc ships none: build with SPKGEN_DISABLE=1, or use spksrc since 2021-05-30))$(if $(spkgen_conf_dir_overridden),$(error spkgen: SPK_CONF_DIR is overridden to '$(or $(spkgen_early_spk_conf_dir),$(SPK_CONF_DIR))' by the package: spksrc's conf step would ship it instead of spkgen's conf folder and lose the generated entries; remove the override, or build with SPKGEN_DISABLE=1))
	$(SPKGEN_Q)install -D -m 644 $(SPKGEN_DIR)/resource $(DSM_CONF_DIR)/resource
	$(if $(strip $(FWPORTS)$(SERVICE_PORT)),$(SPKGEN_Q)install -D -m $(call spkgen_mode_of,$(spkgen_staged_sc)) $(SPKGEN_DIR)/$(SPK_NAME).sc $(spkgen_staged_sc))

# The protocol file keeps the mode spksrc's own step gave it (755 for an FWPORTS copy
# before 2022-02, 644 since); 644 where spksrc wrote none.
spkgen_staged_sc = $(STAGING_DIR)/$(or $(DSM_UI_DIR),app)/$(SPK_NAME).sc
spkgen_mode_of = "$$(test -f '$1' -a ! -L '$1' && stat -c %a '$1' || echo 644)"

post_service_target $(POST_SERVICE_TARGET): spkgen-install
service conf: spkgen-install
# spksrc's own resource recipe ($(DSM_CONF_DIR)/resource: echo '{}', then a jq | sponge
# per variable) writes a file spkgen-install replaces: it runs with a shell that does
# nothing, so it costs one /bin/true per line instead of jq and sponge, and its jq prints
# no errors into a build that succeeds (two FWPORTS words).  A pattern, as DSM_CONF_DIR
# may not be set yet, for conf/resource under the package's work folders only (no other
# target of the package is touched; a WORK_DIR named otherwise just runs spksrc's jq);
# 'private': its prerequisites keep the real shell.
spkgen_true := $(firstword $(wildcard /bin/true /usr/bin/true))
ifneq ($(spkgen_true),)
$(CURDIR)/work%/conf/resource: private SHELL := $(spkgen_true)
endif
# make -k goes on with spksrc's targets after the generator failed: spksrc's recipe for
# the staged protocol file then refuses while the generator's failure marker (written by
# its recipe above) exists, so the work folder keeps the last good file instead of the
# bad input.  Its own shell, with its options (spksrc's '-e'), runs each line through
# scripts/spkgen-gate; a pattern, as STAGING_DIR may not be set yet.
$(CURDIR)/work%.sc: private .SHELLFLAGS = $(SPKGEN_HOME)/scripts/spkgen-gate $(SPKGEN_DIR)/.failed -c
# spksrc's conf step copies this folder: the chosen conf files but the static resource
# (the merged one is in place already, maybe edited by the package's post-service hook).
# Trees before 2022 name it SPKSRC_CONF_DIR (exported to the recipe's shell).
override SPK_CONF_DIR = $(SPKGEN_DIR)/conf
override SPKSRC_CONF_DIR = $(SPKGEN_DIR)/conf

spkgen-show: $$(SPKGEN_DIR)/manifest
	$(SPKGEN_Q)SPKGEN_PYTHON=$(SPKGEN_PYTHON) $(SPKGEN_RUN) show --manifest $<

# The manifest text and the makefiles this parse read, printed by make alone (no
# process, nothing written): what 'spkgen check' asks each package for.
# Also what 'spkgen check' needs to tell whether the package can be installed (its
# version, declared conflicts, wizard folders) and what its published build's INFO would
# say (spksrc.spk.mk's INFO recipe writes these variables, and each DESCRIPTION_<LANG>
# that is set; the maintainer's name and URL it may ask GitHub for are left out), one
# '# install NAME=value' line each.
SPKGEN_INSTALL_VARIABLES = SPK_VERS SPK_REV SPK_CONFLICT WIZARDS_DIR WIZARDS_TEMPLATES_DIR \
	ARCH SPK_ARCH TC_OS_MIN_VER OS_MIN_VER OS_MAX_VER REQUIRED_MIN_DSM DESCRIPTION MAINTAINER \
	MAINTAINER_URL DISABLE_GITHUB_MAINTAINER DISTRIBUTOR DISTRIBUTOR_URL REPORT_URL BETA \
	STARTABLE INSTALL_DEP_SERVICES START_DEP_SERVICES INSTUNINST_RESTART_SERVICES \
	INSTALL_REPLACE_PACKAGES CHECKPORT HELPURL HOMEPAGE SUPPORTURL CHANGELOG DSM_APP_NAME \
	DSM_APP_PAGE DSM_APP_LAUNCH_NAME ADMIN_PROTOCOL ADMIN_PORT ADMIN_URL LICENSE_FILE SPK_ICON \
	$(sort $(filter DESCRIPTION_%,$(.VARIABLES)))
spkgen_hash := \#
spkgen_install_text = $(subst $(spkgen_newline) ,$(spkgen_newline),$(foreach v,$(SPKGEN_INSTALL_VARIABLES),$(spkgen_hash) install $v=$(strip $(subst $(spkgen_newline), ,$($v)))$(spkgen_newline)))
spkgen-info:
	@:$(spkgen_check_values)$(info # spkgen-info begin$(spkgen_newline)$(subst $(spkgen_newline) ,$(spkgen_newline),$(SPKGEN_MANIFEST_TEXT))$(spkgen_newline)$(spkgen_install_text)# makefiles: $(abspath $(MAKEFILE_LIST))$(spkgen_newline)# spkgen-info end)

.DEFAULT_GOAL := $(spkgen_saved_goal)
endif  # SPKGEN_RULES_DEFINED
endif  # spkgen_active
