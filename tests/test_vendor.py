"""scripts/vendor-into on a copy of the example tree."""
import os
import shutil
import subprocess

import pytest

from conftest import ROOT, folder_bytes as snapshot

VENDOR = os.path.join(ROOT, "scripts", "vendor-into")


@pytest.fixture
def tree(tmp_path):
    target = tmp_path / "tree"
    shutil.copytree(os.path.join(ROOT, "examples"), target,
                    ignore=shutil.ignore_patterns("work-*", "packages", "local.mk"))
    (target / "mk" / "no-eol.mk").write_text("# last line without newline")
    return target


def vendor(*args):
    return subprocess.run([VENDOR, *map(str, args)], capture_output=True, text=True)


@pytest.mark.parametrize("mode", [[], ["--committed"]])
def test_twice_equals_once_and_uninstall_restores_bytes(tree, mode):
    before = snapshot(tree)
    first = vendor(*mode, tree)
    assert first.returncode == 0, first.stderr
    once = snapshot(tree)
    assert once != before and "mk/spkgen/mk/spkgen.mk" in once
    assert "mk/spkgen/python/spkgen/__pycache__" not in " ".join(once)
    again = vendor(*mode, tree)
    assert again.returncode == 0 and "kept the include line" in again.stdout
    assert snapshot(tree) == once
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before


def test_personal_mode_uses_local_mk_and_keeps_an_existing_one(tree):
    (tree / "local.mk").write_text("PARALLEL_MAKE = max")      # no final newline
    before = snapshot(tree)
    assert vendor(tree).returncode == 0
    assert (tree / "local.mk").read_text() == (
        "PARALLEL_MAKE = max\ninclude $(BASEDIR)/mk/spkgen/mk/spkgen.mk # spkgen\n")
    assert (tree / "mk" / "spkgen" / "VERSION").read_text().startswith("spkgen 0.")
    vendor("--uninstall", tree)
    assert snapshot(tree) == before


def test_refuses_a_tree_that_is_not_spksrc_style(tmp_path):
    result = vendor(tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f"vendor-into: error: {tmp_path} is not a spksrc-style tree "
                             "(it needs mk/spksrc.common.mk and spk/)\n")
