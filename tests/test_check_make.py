"""spkgen check for real: make on a copy of examples/ plus tests/data/check-tree's packages."""
import json
import os
import subprocess

import jsonschema
import pytest

from conftest import DATA, LAUNCHER, example_tree_with
from spkgen.check.makeinfo import ask_make
from spkgen.check.report import SCHEMA

GOLDEN = os.path.join(DATA, "check-tree", "report.json")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return example_tree_with(tmp_path_factory.mktemp("check"), "check-tree")


def check(tree, *args):
    env = {"PATH": os.environ["PATH"], "HOME": str(tree), "LC_ALL": "C"}
    return subprocess.run([LAUNCHER, "check", "--no-cache", *args], cwd=str(tree),
                          capture_output=True, text=True, env=env)


def test_golden_report(tree):
    result = check(tree, "--format", "json", "--jobs", "4")
    assert result.returncode == 1, result.stderr        # dsmport's 5001/tcp is an error
    report = json.loads(result.stdout)
    with open(SCHEMA) as handle:
        jsonschema.validate(report, json.load(handle))
    assert report["tree"] == str(tree)
    report["tree"] = "<tree>"
    with open(GOLDEN) as handle:
        assert report == json.load(handle)


# The stand-ins are no packages to publish (no icon, no display name): what spkrepo would
# refuse of them (upload, publish-range) is in the golden report; the text tests leave it out.
NOT_PUBLISHED = ("--ignore", "upload,publish-range")


def test_text_report_names_each_problem(tree):
    result = check(tree, "--tcversion", "7.1,7.2", *NOT_PUBLISHED)
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and result.stderr == ""
    assert lines[0] == "dsmport: 1 error, 0 warnings  [7.1 ok; 7.2 ok]"
    assert "  spk/dsmport/src/dsmport.sc:1: error: port 5001/tcp of [dsmport] is DSM's own " \
           "(DSM web interface (HTTP/HTTPS))" in lines
    assert "  SERVICE_PORT: warning: port 8050/tcp of [rpcclash] is also declared by package " \
           "webapp ([webapp] in SERVICE_PORT)" in lines
    assert "  SPK_COMMANDS/SPK_USR_LOCAL_LINKS: warning: this link is also made by package " \
           "dupli: /usr/local/bin/dupli" in lines
    # orphans are judged over the tree's versions (no toolchains here: 6.2.4, 7.1, 7.2)
    assert "  spk/oldsc/src/legacy.sc: warning: no build ships this protocol file (FWPORTS " \
           "does not name it for DSM 6.2.4, 7.1, 7.2)" in lines
    assert "  spk/oldsc/src/conf_php8: warning: no build for DSM 6.2.4, 7.1, 7.2 ships this " \
           "conf folder" in lines
    assert "  spk/strayconf/src/conf: warning: src/conf is not shipped: spksrc ships a conf " \
           "folder only when CONF_DIR names it; to ship it, add 'CONF_DIR = src/conf/' to " \
           "spk/strayconf/Makefile" in lines
    assert lines[-1] == ("spkgen check: 21 packages, 2 DSM versions (7.1, 7.2): 1 error, "
                         "17 warnings, 3 clashes, 7 changed from spksrc alone; 42 make runs: "
                         "0 from cache, 0 unsupported, 0 failed")


def test_conf_dir_redundant_names_the_lines_to_delete(tree):
    result = check(tree, "--format", "json", "--package", "handconf")
    packages = {p["name"]: p for p in json.loads(result.stdout)["packages"]}
    [finding] = [f for f in packages["handconf"]["findings"] if f["kind"] == "conf-dir-redundant"]
    assert (finding["severity"], finding["file"], finding["line"]) == \
        ("note", "spk/handconf/Makefile", 9)
    assert finding["message"].endswith("(6.2.4: src/conf_6; 7.1: src/conf_7; 7.2: src/conf_72): "
                                       "delete lines 8-14 of spk/handconf/Makefile")
    # with a conf folder the automatic choice would not pick, the block is needed
    conf = tree / "spk" / "handconf" / "src" / "conf_71"   # 7.1 would get it, not conf_7
    conf.mkdir()
    try:
        result = check(tree, "--format", "json", "--package", "handconf")
    finally:
        conf.rmdir()
    [handconf] = json.loads(result.stdout)["packages"]
    assert not [f for f in handconf["findings"] if f["kind"] == "conf-dir-redundant"]


def test_check_writes_nothing_into_the_tree(tree):
    before = sorted(p for p, _, _ in os.walk(tree))
    check(tree, "--package", "webapp", "oldsc")
    assert sorted(p for p, _, _ in os.walk(tree)) == before


def test_cache_is_used_and_said(tree, tmp_path):
    args = ["--cache-dir", str(tmp_path), "--package", "webapp", "tvh", *NOT_PUBLISHED]
    env = {"PATH": os.environ["PATH"], "LC_ALL": "C"}
    def run():
        return subprocess.run([LAUNCHER, "check", *args], cwd=str(tree), env=env,
                                     capture_output=True, text=True).stdout
    first, second = run(), run()
    assert first.splitlines()[-1].endswith("6 make runs: 0 from cache, 0 unsupported, 0 failed")
    assert second.splitlines()[-1].endswith("6 make runs: 6 from cache, 0 unsupported, 0 failed")
    assert "webapp: 0 errors, 0 warnings, 3 changes  [6.2.4 ok (cached); 7.1 ok (cached); " \
           "7.2 ok (cached)]" in second
    # the Makefile is part of the key: change it and make is asked again
    makefile = tree / "spk" / "tvh" / "Makefile"
    original = makefile.read_text()
    makefile.write_text(original.replace("9981", "9982"))
    try:
        third = run()
    finally:
        makefile.write_text(original)
    assert third.splitlines()[-1].endswith("6 make runs: 3 from cache, 0 unsupported, 0 failed")


def test_a_real_hang_is_killed(tmp_path):
    package = tmp_path / "spk" / "slow"
    package.mkdir(parents=True)
    (package / "Makefile").write_text("X := $(shell sleep 60)\nspkgen-info:\n\t@echo never\n")
    answer = ask_make(str(package), "x64", "7.2", timeout=1)
    assert answer.status == "timeout"
    assert answer.seconds < 30          # the sleep child was killed with make


def test_conf_variant_redundant_when_only_the_filled_backend_differs(tree):
    result = check(tree, "--format", "json", "--package", "phpvariants")
    [package] = json.loads(result.stdout)["packages"]
    [finding] = [f for f in package["findings"] if f["kind"] == "conf-variant-redundant"]
    assert (finding["severity"], finding["file"], finding["versions"]) == \
        ("note", "spk/phpvariants/src/conf_72", ["7.2"])
    assert finding["message"].startswith("src/conf_72 can go: once the backend numbers spkgen "
                                         "fills in from SPK_DEPENDS are left out of "
                                         "src/conf_7/resource, src/conf_7 ships the same files")
    assert finding["message"].endswith("then choose what the automatic choice does and can "
                                       "go too")
    # a difference spkgen does not generate: the folder is needed
    resource = tree / "spk" / "phpvariants" / "src" / "conf_72" / "resource"
    original = resource.read_text()
    resource.write_text(original.replace('"profile_name": "PHP variants"', '"profile_name": "x"'))
    try:
        result = check(tree, "--format", "json", "--package", "phpvariants")
    finally:
        resource.write_text(original)
    [package] = json.loads(result.stdout)["packages"]
    assert not [f for f in package["findings"] if f["kind"] == "conf-variant-redundant"]
