"""scripts/vendor-into on copies of the example tree, in every stand-in generation of
spksrc's layout (tests/data/generations): the include line, the build it gives, undo."""
import os
import shutil
import subprocess

import pytest

from conftest import GENERATIONS, ROOT, lay_generation
from conftest import folder_bytes as snapshot

VENDOR = os.path.join(ROOT, "scripts", "vendor-into")
LOCAL_LINE = ("include $(dir $(lastword $(filter local.mk %/local.mk,$(MAKEFILE_LIST))))"
              "mk/spkgen/mk/spkgen.mk # spkgen")
LEGACY_LINE = "include $(BASEDIR)/mk/spkgen/mk/spkgen.mk # spkgen"


def example_tree(base, generation=None):
    """The example tree without the plugin beside it (vendor-into brings it)."""
    target = base / "tree"
    shutil.copytree(os.path.join(ROOT, "examples"), target,
                    ignore=shutil.ignore_patterns("work-*", "packages", "local.mk"))
    lay_generation(target, generation)
    return target


@pytest.fixture
def tree(tmp_path):
    target = example_tree(tmp_path)
    (target / "mk" / "no-eol.mk").write_text("# last line without newline")
    return target


def vendor(*args):
    return subprocess.run([VENDOR, *map(str, args)], capture_output=True, text=True)


def build(tree, package, version="7.2"):
    return subprocess.run(["make", "-s", "--no-print-directory", "-C", str(tree / "spk" / package),
                           "ARCH=x64", f"TCVERSION={version}", "service", "conf"],
                          capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "LC_ALL": "C"})


@pytest.mark.parametrize("mode", [[], ["--committed"]])
def test_twice_equals_once_and_uninstall_restores_bytes(tree, mode):
    before = snapshot(tree)
    first = vendor(*mode, tree)
    assert first.returncode == 0, first.stderr
    assert "checked: make parses spk/" in first.stdout
    once = snapshot(tree)
    assert once != before and "mk/spkgen/mk/spkgen.mk" in once
    assert "mk/spkgen/python/spkgen/__pycache__" not in " ".join(once)
    again = vendor(*mode, tree)
    assert again.returncode == 0 and "kept the include line" in again.stdout
    assert snapshot(tree) == once
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before


@pytest.mark.parametrize("mode", [[], ["--committed"]], ids=["personal", "committed"])
@pytest.mark.parametrize("generation", GENERATIONS, ids=lambda g: g or "today")
def test_each_generation_installs_builds_and_uninstalls(tmp_path, generation, mode):
    """The line works however the tree includes local.mk; the build ships spkgen's
    resource inside the package's work folder; uninstall gives the tree back byte for byte."""
    tree = example_tree(tmp_path, generation)
    before = snapshot(tree)
    result = vendor(*mode, tree)
    assert result.returncode == 0, result.stdout + result.stderr
    built = build(tree, "tvh")
    assert built.returncode == 0, built.stderr
    work = tree / "spk" / "tvh" / "work-x64-7.2"
    assert (work / "spkgen" / "resource").read_bytes() == (work / "conf" / "resource").read_bytes()
    assert b'"port-config"' in (work / "conf" / "resource").read_bytes()
    assert not (tree / "spk" / "tvh" / "spkgen").exists()
    shutil.rmtree(work)
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before


@pytest.mark.parametrize("generation", ["2023", "2025"])
def test_committed_line_goes_after_the_conditional_around_local_mk(tmp_path, generation):
    """Before 2026-03 spksrc reads local.mk only when it exists ('ifneq ($(wildcard ...)')
    and the line must not sit inside that block."""
    tree = example_tree(tmp_path, generation)
    assert vendor("--committed", tree).returncode == 0
    lines = (tree / "mk" / "spksrc.common.mk").read_text().split("\n")
    index = next(i for i, line in enumerate(lines) if line.endswith("# spkgen"))
    assert lines[index - 1] == "endif" and "LOCAL_CONFIG_MK" in lines[index - 2]
    assert not (tree / "local.mk").exists()
    assert build(tree, "tvh").returncode == 0


def test_personal_mode_uses_local_mk_and_keeps_an_existing_one(tree):
    (tree / "local.mk").write_text("PARALLEL_MAKE = max")      # no final newline
    before = snapshot(tree)
    assert vendor(tree).returncode == 0
    assert (tree / "local.mk").read_text() == f"PARALLEL_MAKE = max\n{LOCAL_LINE}\n"
    assert (tree / "mk" / "spkgen" / "VERSION").read_text().startswith("spkgen 0.")
    vendor("--uninstall", tree)
    assert snapshot(tree) == before


def test_the_line_of_an_older_vendor_into_is_replaced_and_removed(tree):
    (tree / "local.mk").write_text(f"PARALLEL_MAKE = max\n{LEGACY_LINE}\n")
    assert vendor(tree).returncode == 0
    assert (tree / "local.mk").read_text() == f"PARALLEL_MAKE = max\n{LOCAL_LINE}\n"
    (tree / "local.mk").write_text(f"PARALLEL_MAKE = max\n{LEGACY_LINE}\n")
    assert vendor("--uninstall", tree).returncode == 0
    assert (tree / "local.mk").read_text() == "PARALLEL_MAKE = max\n"


def test_a_tree_that_cannot_take_the_line_is_given_back(tree):
    """A tree whose spksrc.common.mk never reads local.mk: the parse finds no spkgen-info,
    so vendor-into says why and undoes everything."""
    common = tree / "mk" / "spksrc.common.mk"
    common.write_text(common.read_text().replace("-include $(BASEDIR)/local.mk", ""))
    before = snapshot(tree)
    result = vendor(tree)
    assert result.returncode == 1
    assert result.stderr.startswith("vendor-into: error: this tree cannot take the include "
                                    "line (undone): spk/autoconf (x64, DSM 7.2): ")
    assert "spkgen-info" in result.stderr
    assert snapshot(tree) == before


def test_refuses_a_tree_that_is_not_spksrc_style(tmp_path):
    result = vendor(tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f"vendor-into: error: {tmp_path} is not a spksrc-style tree "
                             "(it needs mk/spksrc.common.mk and spk/)\n")
