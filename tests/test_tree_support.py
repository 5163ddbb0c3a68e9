"""check.scope.unsupported_tree: which spksrc trees spkgen supports (those whose framework
writes conf/resource for DSM 6 and 7 as spkgen does, since 2021-05-30), read from the tree's own mk/
files; every stand-in generation passes, the 2015 one does not."""
import os
import shutil

import pytest

from conftest import DATA, GENERATIONS, copy_example_tree
from spkgen.check.scope import unsupported_tree

OLDER = "the tree is older than spkgen supports (spksrc trees since 2021-05-30)"


@pytest.mark.parametrize("generation", GENERATIONS, ids=lambda g: g or "today")
def test_every_supported_generation_passes(tmp_path, generation):
    assert unsupported_tree(str(copy_example_tree(tmp_path, generation))) is None


def test_a_2015_tree_has_no_service_makefile(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(os.path.join(DATA, "generations", "2015"), tree)
    assert unsupported_tree(str(tree)) == f"{OLDER}: it has no mk/spksrc.service.mk"


@pytest.mark.parametrize("rule, supported", [
    ("$(DSM_CONF_DIR)/resource:", True),
    ("${DSM_CONF_DIR}/resource :", True),
    ("$(DSM_CONF_DIR)/resource: $(SPKGEN_NOTHING)", True),
    ("$(DSM_CONF_DIR)/privilege:", False),                # 2017 to 2021-03: no resource
    (".PHONY: $(DSM_CONF_DIR)/resource", False),          # named, but no rule
    ("# $(DSM_CONF_DIR)/resource:", False),
])
def test_the_marker_is_the_resource_rule_of_dsm_7_support(tmp_path, rule, supported):
    (tmp_path / "mk").mkdir()
    (tmp_path / "mk" / "spksrc.common.mk").write_text("MSG = echo\n")
    (tmp_path / "mk" / "spksrc.service.mk").write_text(f"SERVICE_FILES =\n{rule}\n\t@true\n")
    reason = unsupported_tree(str(tmp_path))
    assert reason is None if supported else reason == (
        f"{OLDER}: its mk/spksrc.service.mk has no $(DSM_CONF_DIR)/resource rule")


def test_not_a_spksrc_tree_and_an_unreadable_service_makefile(tmp_path):
    assert unsupported_tree(str(tmp_path)) == (
        "not a spksrc-style tree: it has no mk/spksrc.common.mk")
    (tmp_path / "mk" / "spksrc.service.mk").mkdir(parents=True)
    (tmp_path / "mk" / "spksrc.common.mk").write_text("")
    assert unsupported_tree(str(tmp_path)) == (
        "cannot read mk/spksrc.service.mk: Is a directory")


# the rule's place in the file's conditionals, in the shapes spksrc's history has had
DSM_7_ONLY = ("ifneq ($(call version_ge, ${TCVERSION}, 7.0),1)\nSERVICE_FILES +=\nelse\n"
              "{rule}\nendif\n")           # 2021-03-11 to 2021-04-13: no resource for DSM 6
FROM_6 = ("ifneq ($(call version_ge, ${TCVERSION}, 7.0),1)\nX = 1\nendif\n"
          "ifeq ($(call version_ge, ${TCVERSION}, 6.0),1)\n{rule}\nendif\n")   # since 04-30
NESTED_7 = ("ifeq ($(call version_ge, ${TCVERSION}, 6.0),1)\nifeq ($(call version_ge, "
            "${TCVERSION}, 7.0),1)\n{rule}\nendif\nendif\n")


@pytest.mark.parametrize("shape, supported", [(DSM_7_ONLY, False), (FROM_6, True),
                                              (NESTED_7, False)],
                         ids=["dsm7-only", "from-dsm6", "nested-dsm7"])
def test_a_resource_rule_for_dsm_7_only_is_refused(tmp_path, shape, supported):
    (tmp_path / "mk").mkdir()
    (tmp_path / "mk" / "spksrc.common.mk").write_text("MSG = echo\n")
    (tmp_path / "mk" / "spksrc.service.mk").write_text(
        shape.replace("{rule}", "$(DSM_CONF_DIR)/resource:\n\t@echo '{}' > $@"))
    reason = unsupported_tree(str(tmp_path))
    assert reason is None if supported else reason == (
        f"{OLDER}: its mk/spksrc.service.mk writes conf/resource for DSM 7 only, where "
        "spkgen would write one for DSM 6 too")


SHARE = ("ifeq ($(call version_ge, ${TCVERSION}, 6.0),1)\n$(DSM_CONF_DIR)/resource:\n"
         "\t@echo '{}' > $@\nifneq ($(strip $(SERVICE_WIZARD_SHARE)),)\n{share}endif\n"
         "SERVICE_FILES += $(DSM_CONF_DIR)/resource\nendif\n")
JQ = "\t@jq '.\"data-share\" = {}' $@ | sponge $@\n"


@pytest.mark.parametrize("share, supported", [
    (JQ, False),                                                   # 2021-04-30 to 05-29
    ("ifeq ($(call version_ge, ${TCVERSION}, 6.0),1)\n" + JQ + "endif\n", False),  # 08-31
    ("ifeq ($(call version_ge, ${TCVERSION}, 7.0),1)\n" + JQ + "endif\n", True),   # 05-30
    ("ifeq ($(strip $(USE_DATA_SHARE_WORKER)),yes)\n" + JQ + "endif\n", True),     # 2021-10
], ids=["dsm6-always", "dsm6-if", "dsm7", "worker-variable"])
def test_a_data_share_written_on_dsm_6_by_spksrc_is_refused(tmp_path, share, supported):
    (tmp_path / "mk").mkdir()
    (tmp_path / "mk" / "spksrc.common.mk").write_text("MSG = echo\n")
    (tmp_path / "mk" / "spksrc.service.mk").write_text(SHARE.replace("{share}", share))
    reason = unsupported_tree(str(tmp_path))
    assert reason is None if supported else reason == (
        f"{OLDER}: its mk/spksrc.service.mk writes SERVICE_WIZARD_SHARE's data share on DSM "
        "6 too, where spkgen writes it on DSM 7 (or with USE_DATA_SHARE_WORKER = yes)")
