"""Which makefiles assign CONF_DIR: Python (assignments.py) and make (mk/spkgen.mk) agree."""
import os
import shutil
import subprocess

import pytest

from conftest import DATA, ROOT
from spkgen.assignments import Assignment, conf_dir_assignments, lines_to_delete

ASSIGNING = [
    "CONF_DIR = src/conf_7/", "CONF_DIR=src/conf", "CONF_DIR ?= src/conf_7",
    "override CONF_DIR := src/x", "export CONF_DIR += src/x", "CONF_DIR != echo src/x",
    "\tCONF_DIR\t=\tsrc/x", "CONF_DIR" + " " * 20 + "::= src/x", "define CONF_DIR\nsrc/x\nendef",
    "ifeq (1,1)\nelse\n  CONF_DIR = src/conf_6\nendif",
    "# CONF_DIR = src/conf   (a comment counts: spksrc's result is kept)",
    "CONF_DIR" + " " * 100 + "= src/x",
]
NOT_ASSIGNING = [
    "SPK_CONF_DIR = src/x", "MY_CONF_DIR := x", "CONF_DIRS = x", "ifdef CONF_DIR\nendif",
    "$(info $(CONF_DIR))", "X = $(CONF_DIR)", "#CONF_DIR = src/x", "CONF_DIR_X = 1",
]


def make_says_assigned(folder):
    makefile = os.path.join(str(folder), "probe.mk")
    with open(makefile, "w") as handle:
        handle.write(f"include {ROOT}/mk/spkgen.mk\n$(info [$(spkgen_assigns_conf_dir)])\nall: ;\n")
    out = subprocess.run(["make", "-s", "-f", "probe.mk", "-C", str(folder)],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(makefile)
    return out.strip() != "[]"


@pytest.mark.skipif(not shutil.which("make"), reason="GNU make is not installed")
@pytest.mark.parametrize("text,assigns", [(t, True) for t in ASSIGNING] +
                         [(t, False) for t in NOT_ASSIGNING])
def test_make_and_python_agree_on_the_makefile(tmp_path, text, assigns):
    (tmp_path / "Makefile").write_text(f"SPK_NAME = x\n{text}\ninclude ../../mk/spksrc.spk.mk\n")
    found = conf_dir_assignments(str(tmp_path))
    assert bool(found) == assigns
    if assigns:
        assert found[0].file == str(tmp_path / "Makefile") and found[0].line >= 2
    assert make_says_assigned(tmp_path) == assigns


@pytest.mark.skipif(not shutil.which("make"), reason="GNU make is not installed")
@pytest.mark.parametrize("path,assigns", [
    ("extra.mk", True), ("src/extra.mk", True), ("a/b/c/d.mk", True),
    ("a/b/c/d/e.mk", False), ("work-x64-7.2/x.mk", False), ("work/x.mk", False),
    (".hidden/x.mk", False), ("src/notes.txt", False)])
def test_makefiles_of_the_package(tmp_path, path, assigns):
    (tmp_path / "Makefile").write_text("SPK_NAME = x\n")
    os.makedirs(os.path.dirname(str(tmp_path / path)), exist_ok=True)
    (tmp_path / path).write_text("CONF_DIR = src/conf_7\n")
    assert bool(conf_dir_assignments(str(tmp_path))) == assigns
    assert make_says_assigned(tmp_path) == assigns


# the check-tree's package with a hand-written CONF_DIR block (lines 8-14)
HANDCONF = os.path.join(DATA, "check-tree", "spk", "handconf", "Makefile")


def _handconf(tmp_path, replace=("", "")):
    with open(HANDCONF) as handle:
        (tmp_path / "Makefile").write_text(handle.read().replace(*replace))
    return conf_dir_assignments(str(tmp_path))


def test_lines_to_delete_is_the_whole_block(tmp_path):
    found = _handconf(tmp_path)
    assert [a.line for a in found] == [9, 11, 13]
    assert lines_to_delete(found) == [(8, 14)]


def test_lines_to_delete_a_mixed_block_is_its_assignments(tmp_path):
    found = _handconf(tmp_path, ("CONF_DIR = src/conf_7/\n", "CONF_DIR = src/conf_7/\nFOO = 1\n"))
    assert lines_to_delete(found) == [(9, 9), (11, 11), (14, 14)]


def test_lines_to_delete_a_plain_line(tmp_path):
    (tmp_path / "Makefile").write_text("SPK_NAME = x\nCONF_DIR = src/conf_7\n")
    assert lines_to_delete(conf_dir_assignments(str(tmp_path))) == [(2, 2)]
    assert lines_to_delete([Assignment(str(tmp_path / "gone"), 3, "")]) == [(3, 3)]


@pytest.mark.skipif(not shutil.which("make"), reason="GNU make is not installed")
@pytest.mark.parametrize("include, assigns", [
    ("include conf.inc", True), ("-include conf.inc", True), ("sinclude conf.inc", True),
    ("include   conf.inc", True), ("include $(CURDIR)/conf.inc", False),
    ("include ../conf.inc", False), ("# no include", False)])
def test_files_the_package_includes(tmp_path, include, assigns):
    """A CONF_DIR block kept in an included file (not *.mk) still counts."""
    (tmp_path / "Makefile").write_text(f"SPK_NAME = x\n{include}\n")
    (tmp_path / "conf.inc").write_text("ifeq (1,1)\nCONF_DIR = src/conf_72\nendif\n")
    (tmp_path.parent / "conf.inc").write_text("CONF_DIR = src/conf_72\n")
    assert bool(conf_dir_assignments(str(tmp_path))) == assigns
    assert make_says_assigned(tmp_path) == assigns


@pytest.mark.skipif(not shutil.which("make"), reason="GNU make is not installed")
def test_a_folder_named_like_a_makefile_is_skipped(tmp_path):
    (tmp_path / "Makefile").write_text("SPK_NAME = x\n")
    (tmp_path / "d.mk").mkdir()
    assert conf_dir_assignments(str(tmp_path)) == []
    assert make_says_assigned(tmp_path) is False
