import os

import pytest

from spkgen.dsm import Version, choose_conf, variant_version
from spkgen.errors import Diagnostics, SpkgenError


def test_versions_compare_per_numeric_component():
    v = Version.parse
    assert v("7.10") > v("7.2") and v("7") < v("7.0") < v("7.0.1") and v("6.2.4") < v("7.0")
    assert v("1.3") < v("6.0") and not v("1.3").has_resource and v("6.0").has_resource


@pytest.mark.parametrize("text", ["", "7.", "x7", "7.2-64570", "7 2", "07.2", "7.00"])
def test_bad_version(text):
    with pytest.raises(SpkgenError) as info:
        Version.parse(text)
    assert info.value.file == "TCVERSION"


@pytest.mark.parametrize("name,version", [
    ("conf", ()), ("conf_6", (6,)), ("conf_72", (7, 2)), ("conf_624", (6, 2, 4)),
    ("conf_dsm7", (7,)), ("conf.dsm72", (7, 2)), ("conf_php8.2", None), ("conf_7x", None),
    ("conf_", None), ("config", None), ("conf_0", None), ("conf_07", None)])
def test_variant_names(name, version):
    result = variant_version(name)
    assert (result.parts if result else None) == version


def _tree(tmp_path, *names):
    for name in names:
        os.makedirs(tmp_path / "src" / name)
    return str(tmp_path)


@pytest.mark.parametrize("target,expected", [
    ("6.2.4", "src/conf_6"), ("7.0", "src/conf_7"), ("7.1", "src/conf_7"),
    ("7.2", "src/conf_72"), ("7.3", "src/conf_72"), ("6.0", "src/conf_6"),
    ("5.2", "src/conf")])
def test_highest_variant_not_above_target(tmp_path, target, expected):
    tree = _tree(tmp_path, "conf", "conf_6", "conf_7", "conf_72", "conf_php8.2")
    diags = Diagnostics()
    assert choose_conf(tree, Version.parse(target), diags=diags).folder == expected
    assert [str(d) for d in diags] == [
        f"{tree}/src/conf_php8.2: note: not a DSM conf variant (conf, conf_<digits>, conf_dsm<digits>, "
        "conf.dsm<digits>): never chosen"]


def test_package_conf_dir_wins(tmp_path):
    tree = _tree(tmp_path, "conf_72")
    (tmp_path / "Makefile").write_text("SPK_NAME = x\nCONF_DIR = src/other/\n")
    choice = choose_conf(tree, Version.parse("7.2"), "src/other/")
    assert (choice.folder, choice.reason) == (
        "src/other", f"CONF_DIR is set by the package ({tree}/Makefile:2)")
    choice = choose_conf(tree, Version.parse("7.2"), "src/cli/")
    assert choice.folder == "src/cli"


def test_a_package_assigning_conf_dir_for_other_versions_ships_none(tmp_path):
    """itools: CONF_DIR = src/conf below DSM 7 only; DSM 7 must not get src/conf."""
    tree = _tree(tmp_path, "conf", "conf_7")
    (tmp_path / "Makefile").write_text("ifeq ($(call version_lt,$(TCVERSION),7.0),1)\n"
                                       "CONF_DIR = src/conf\nendif\n")
    choice = choose_conf(tree, Version.parse("7.2"))
    assert choice.folder is None
    assert choice.reason == (f"the package assigns CONF_DIR ({tree}/Makefile:2), but not for "
                             "DSM 7.2: no conf folder, as with spksrc alone")


def test_a_lone_conf_folder_is_not_shipped(tmp_path):
    """umurmur, chromaprint: src/conf without CONF_DIR was never shipped by spksrc."""
    tree = _tree(tmp_path, "conf", "conf_php8.2")
    choice = choose_conf(tree, Version.parse("7.2"))
    assert choice.folder is None and "add 'CONF_DIR = src/conf/'" in choice.reason


def test_nothing_fits(tmp_path):
    tree = _tree(tmp_path, "conf_72")
    assert choose_conf(tree, Version.parse("7.1")).folder is None
    assert choose_conf(str(tmp_path / "absent"), Version.parse("7.1")).folder is None


def test_two_names_for_one_version_is_an_error(tmp_path):
    tree = _tree(tmp_path, "conf_7", "conf_dsm7")
    with pytest.raises(SpkgenError) as info:
        choose_conf(tree, Version.parse("7.2"))
    assert info.value.message == ("src/conf_7 and src/conf_dsm7 both stand for DSM 7: "
                                  "remove one or set CONF_DIR")
