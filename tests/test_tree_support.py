"""check.scope.unsupported_tree: which spksrc trees spkgen supports (those since DSM 7
support, 2021-03), read from the tree's own mk/ files; every stand-in generation passes,
the 2015 one does not."""
import os
import shutil

import pytest

from conftest import DATA, GENERATIONS, copy_example_tree
from spkgen.check.scope import unsupported_tree

OLDER = "the tree is older than spkgen supports (spksrc trees since DSM 7 support, 2021-03)"


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
