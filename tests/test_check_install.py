"""spkgen check's install truth, for real: make on a copy of examples/ plus
tests/data/install-tree's stand-in packages (each trips one case of the rules
'dependency' and 'wizard-placeholder', or a declared conflict)."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import LAUNCHER, example_tree_with
from spkgen import facts

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="needs GNU make")
VERSIONS = "6.2.4,7.1,7.2"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return example_tree_with(tmp_path_factory.mktemp("install"), "install-tree")


def check(tree, *args):
    env = {"PATH": os.environ["PATH"], "HOME": str(tree), "LC_ALL": "C"}
    result = subprocess.run([LAUNCHER, "check", "--no-cache", "--format", "json", "--tcversion",
                             VERSIONS, *args], cwd=str(tree), capture_output=True, text=True,
                            env=env)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def report(tree):
    return check(tree, "--jobs", "4")


def findings(report, package, kind):
    found = [f for p in report["packages"] if p["name"] == package for f in p["findings"]
             if f["kind"] == kind]
    return [(f["severity"], f["file"], f["line"], f["column"], f["versions"], f["message"])
            for f in found]


def test_an_unknown_dependency_is_a_warning_at_its_line(report):
    assert findings(report, "depunknown", "dependency") == [
        ("warning", "spk/depunknown/Makefile", 3, None, ["6.2.4", "7.1", "7.2"],
         f"SPK_DEPENDS entry '{entry}': {name} is neither a package of this tree (no "
         "spk/*/Makefile has this SPK_NAME) nor a Synology package spkgen knows "
         "(data/dsm-facts.ini)") for entry, name in (("git", "git"), ("python>2.7.3-3", "python"))]


def test_a_bound_the_trees_package_never_meets_is_an_error(report):
    assert findings(report, "depunmet", "dependency") == [
        ("error", "spk/depunmet/Makefile", 3, None, ["6.2.4", "7.1", "7.2"],
         "SPK_DEPENDS entry 'clitools>=2.0': the tree's clitools (spk/clitools) is version "
         "1.0-1, which is not >=2.0")]


def test_a_dependency_that_does_not_build_for_a_version(report):
    assert findings(report, "depnobuild", "dependency") == [
        ("warning", "spk/depnobuild/Makefile", 3, None, ["6.2.4"],
         "SPK_DEPENDS entry 'nobuild>=3.1-4': nobuild (spk/nobuild) does not build for x64 "
         "DSM 6.2.4: DSM Toolchain 6.2.4 is lower than required version in Makefile 7.0")]


def test_the_dependencys_own_answer_is_asked_when_it_is_not_checked(tree, report):
    alone = check(tree, "--package", "depnobuild")
    assert [p["name"] for p in alone["packages"]] == ["depnobuild"]
    assert findings(alone, "depnobuild", "dependency") == \
        findings(report, "depnobuild", "dependency")


def test_a_synology_package_missing_on_a_version(report):
    """Only a bound of data/dsm-facts.ini with its own source is a finding, citing it."""
    assert sorted(findings(report, "depdsm", "dependency"), key=lambda f: f[5]) == [
        ("error", "spk/depdsm/Makefile", 3, None, ["7.1", "7.2"],
         "SPK_DEPENDS entry 'MariaDB': Synology ships MariaDB only before DSM 7.0 "
         f"(data/dsm-facts.ini: {facts.synology_package('MariaDB').dsm_dropped_source})"),
        ("error", "spk/depdsm/Makefile", 3, None, ["6.2.4", "7.1"],
         "SPK_DEPENDS entry 'PHP8.2': Synology ships PHP8.2 only from DSM 7.2 "
         f"(data/dsm-facts.ini: {facts.php('8.2').dsm_min_source})")]


def test_a_satisfied_set_gives_no_finding(report):
    assert findings(report, "depsatisfied", "dependency") == []
    runs = [r["status"] for p in report["packages"] if p["name"] == "depsatisfied"
            for r in p["runs"]]
    assert runs == ["ok", "ok", "ok"]


def test_pkg_deps_takes_priority_and_applies_from_its_os_min_ver(report):
    assert findings(report, "pkgdeps", "dependency") == [
        ("error", "spk/pkgdeps/src/conf/PKG_DEPS", 1, None, ["7.1", "7.2"],
         "PKG_DEPS [clitools] >=5.0: the tree's clitools (spk/clitools) is version 1.0-1, "
         "which is not >=5.0")]


def test_a_placeholder_typo_in_a_static_resource(report):
    assert findings(report, "typostatic", "wizard-placeholder") == [
        ("warning", "spk/typostatic/src/conf/resource", 3, 26, ["6.2.4", "7.1", "7.2"],
         "placeholder {{wizard_data_sahre}}: no field of the install wizard has this key "
         "(1 key in install_uifile)")]


def test_a_placeholder_typo_in_service_wizard_sharename_with_a_script_wizard(report):
    assert findings(report, "typosharename", "wizard-placeholder") == [
        ("warning", "spk/typosharename/Makefile", 3, None, ["6.2.4", "7.1", "7.2"],
         "placeholder {{wizard_shre}} of the generated resource: no field of the install "
         "wizard has this key (1 key in install_uifile.sh)")]


@pytest.mark.parametrize("package", ["webapp", "multiport", "scriptwizard"])
def test_json_and_script_wizards_holding_the_key_give_no_finding(report, package):
    assert findings(report, package, "wizard-placeholder") == []


def test_a_wizard_that_cannot_be_read_gets_no_finding_and_the_report_says_why(report):
    assert findings(report, "unreadwizard", "wizard-placeholder") == []
    [package] = [p for p in report["packages"] if p["name"] == "unreadwizard"]
    assert {r["wizard_unread"] for r in package["runs"]} == {
        'spk/unreadwizard/src/wizard/install_uifile.sh computes a key ("key": "${KEY}")'}


@pytest.mark.parametrize("package, other", [("zsha", "zshb"), ("zshb", "zsha")])
def test_a_clash_between_declared_conflicts_is_a_note(report, package, other):
    assert findings(report, package, "link-clash") == [
        ("note", "SPK_COMMANDS/SPK_USR_LOCAL_LINKS", None, None, ["6.2.4", "7.1", "7.2"],
         f"declared conflict: this link is also made by package {other}: /usr/local/bin/zsh")]
