"""Every path the plugin writes lies in the package's work folder, in every stand-in
generation of spksrc's layout, also where local.mk is read before WORK_DIR is set (spksrc
before 2026-03) and with packages built at once; a WORK_DIR that is empty or outside the
package folder stops the build with one line, nothing written."""
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import GENERATIONS, copy_example_tree, folder_bytes, pythons_older_than, run_make

PACKAGES = ("webapp", "clitools", "multiport", "tvh", "autoconf")


def root_spkgen():
    """What the old plugin wrote at the file system's root (/spkgen): another process on
    the machine may have written it, so tests compare it before and after."""
    try:
        return sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir("/spkgen"))
    except FileNotFoundError:
        return None


# no HOME: the launcher writes no bytecode, so every file written is the builds' own
NO_HOME = {"HOME": None}


@pytest.mark.parametrize("generation", GENERATIONS, ids=lambda g: g or "today")
def test_packages_built_at_once_keep_to_their_own_work_folders(tmp_path, generation):
    tree = copy_example_tree(tmp_path, generation)
    outside_before, root_before = set(folder_bytes(tmp_path)), root_spkgen()
    with ThreadPoolExecutor(max_workers=len(PACKAGES)) as pool:
        results = list(pool.map(lambda p: run_make(tree / "spk" / p, "ARCH=x64", "TCVERSION=7.2",
                                                   "service", "conf", env=NO_HOME), PACKAGES))
    assert [r.returncode for r in results] == [0] * len(PACKAGES), [r.stderr for r in results]
    for package in PACKAGES:
        work = tree / "spk" / package / "work-x64-7.2"
        manifest = (work / "spkgen" / "manifest").read_text()
        assert f"\nSPK_NAME={package}\n" in manifest
        assert not (tree / "spk" / package / "spkgen").exists()
    # what the builds wrote: nothing but the packages' work folders (no bytecode either)
    written = set(folder_bytes(tmp_path)) - outside_before
    assert written and all(path.split("/")[3].startswith("work-") for path in written), written
    assert root_spkgen() == root_before


@pytest.mark.parametrize("env, cache", [
    ({"HOME": "{tmp}/home"}, "{tmp}/home/.cache/spkgen/pycache"),
    ({"HOME": "{tmp}/home", "XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/xdg/spkgen/pycache"),
    ({"HOME": "{tmp}/home", "XDG_CACHE_HOME": "relative"}, "{tmp}/home/.cache/spkgen/pycache"),
    ({"HOME": "{tmp}/home", "PYTHONPYCACHEPREFIX": "{tmp}/mine"}, "{tmp}/mine"),
    ({"HOME": "{tmp}/home", "PYTHONDONTWRITEBYTECODE": "1"}, None),
    ({}, None),
    ({"HOME": "{tmp}/a-file"}, None),
], ids=["home", "xdg-cache-home", "relative-xdg-cache-home", "user-prefix", "user-no-bytecode",
        "no-home", "home-not-a-folder"])
def test_bytecode_is_never_written_in_the_tree(tmp_path, env, cache):
    """spksrc's container writes bytecode (no PYTHONDONTWRITEBYTECODE): the launcher sends
    it to a cache folder outside the tree, or writes none, and never fails for it."""
    tree = copy_example_tree(tmp_path / "t")
    (tmp_path / "a-file").write_text("")
    env = {name: value.format(tmp=tmp_path) for name, value in env.items()}
    before = set(folder_bytes(tmp_path / "t"))
    for package in ("tvh", "webapp"):            # one renders the template: jinja2 too
        result = run_make(tree / "spk" / package, "ARCH=x64", "TCVERSION=7.2", "service", "conf",
                          env={**NO_HOME, **env})
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "pycache" not in result.stderr
    written = set(folder_bytes(tmp_path / "t")) - before
    assert all(path.split("/")[3].startswith("work-") for path in written), written
    found = {path for path in folder_bytes(tmp_path) if path.endswith(".pyc")}
    if cache is None:
        assert not found
    else:
        prefix = os.path.relpath(cache.format(tmp=tmp_path), tmp_path) + "/"
        assert found and all(path.startswith(prefix) for path in found), found
        assert any(path.endswith(".pyc") and "/spkgen/build." in path for path in found)


@pytest.mark.parametrize("generation", GENERATIONS, ids=lambda g: g or "today")
@pytest.mark.parametrize("work_dir, words", [
    ("", "spkgen: WORK_DIR is empty: refusing to write outside the package's work folder"),
    ("{tmp}/elsewhere", "spkgen: WORK_DIR is '{tmp}/elsewhere', outside the package folder"),
    ("{tree}/spk/tvh/../work-x64-7.2", "outside the package folder"),
], ids=["empty", "outside", "dotdot"])
def test_a_work_dir_outside_the_package_is_refused(tmp_path, generation, work_dir, words):
    tree = copy_example_tree(tmp_path / "t", generation)
    work_dir = work_dir.format(tmp=tmp_path, tree=tree)
    before, root_before = set(folder_bytes(tmp_path)), root_spkgen()
    result = run_make(tree / "spk" / "tvh", "ARCH=x64", "TCVERSION=7.2", f"WORK_DIR={work_dir}",
                      "spkgen-record", env=NO_HOME)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "***" in line]
    assert len(errors) == 1 and words.format(tmp=tmp_path) in errors[0], result.stderr
    assert set(folder_bytes(tmp_path)) == before
    assert root_spkgen() == root_before and not os.path.exists(tmp_path / "elsewhere")


def test_a_spkgen_folder_of_another_name_is_refused(tmp_path):
    """The pattern rules answer only for this package's own folder."""
    tree = copy_example_tree(tmp_path)
    other = tmp_path / "other" / "spkgen" / "manifest"
    result = run_make(tree / "spk" / "tvh", "ARCH=x64", "TCVERSION=7.2", str(other), env=NO_HOME)
    assert result.returncode != 0
    assert f"spkgen: {other.parent} is not this package's spkgen folder" in result.stderr
    assert not (tmp_path / "other").exists()


def _old_pythons():
    return pythons_older_than(3, 8)


@pytest.mark.skipif(not _old_pythons(), reason="no Python older than 3.8 under pyenv here")
@pytest.mark.parametrize("python", _old_pythons() or ["none"])
def test_a_python_too_old_writes_no_bytecode_in_the_tree_either(tmp_path, python):
    """It only says that 3.9 is needed, but imports spkgen's package to say it."""
    tree = copy_example_tree(tmp_path / "t")
    result = run_make(tree / "spk" / "tvh", "ARCH=x64", "TCVERSION=7.2", f"SPKGEN_PYTHON={python}",
                      "service", env={"HOME": str(tmp_path / "home")})
    assert result.returncode != 0 and "Python 3.9 or newer is needed" in result.stderr
    assert not [path for path in folder_bytes(tmp_path) if path.endswith(".pyc")]
