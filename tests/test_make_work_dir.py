"""Every path the plugin writes lies in the package's work folder, in every stand-in
generation of spksrc's layout, also where local.mk is read before WORK_DIR is set (spksrc
before 2026-03) and with packages built at once; a WORK_DIR that is empty or outside the
package folder stops the build with one line, nothing written."""
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import GENERATIONS, copy_example_tree, folder_bytes

PACKAGES = ("webapp", "clitools", "multiport", "tvh", "autoconf")


def root_spkgen():
    """What the old plugin wrote at the file system's root (/spkgen): another process on
    the machine may have written it, so tests compare it before and after."""
    try:
        return sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir("/spkgen"))
    except FileNotFoundError:
        return None


def make(tree, package, *args):
    return subprocess.run(["make", "-s", "--no-print-directory", "-C", str(tree / "spk" / package),
                           "ARCH=x64", "TCVERSION=7.2", *args], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "LC_ALL": "C"})


@pytest.mark.parametrize("generation", GENERATIONS, ids=lambda g: g or "today")
def test_packages_built_at_once_keep_to_their_own_work_folders(tmp_path, generation):
    tree = copy_example_tree(tmp_path, generation)
    outside_before, root_before = set(folder_bytes(tmp_path)), root_spkgen()
    with ThreadPoolExecutor(max_workers=len(PACKAGES)) as pool:
        results = list(pool.map(lambda p: make(tree, p, "service", "conf"), PACKAGES))
    assert [r.returncode for r in results] == [0] * len(PACKAGES), [r.stderr for r in results]
    for package in PACKAGES:
        work = tree / "spk" / package / "work-x64-7.2"
        manifest = (work / "spkgen" / "manifest").read_text()
        assert f"\nSPK_NAME={package}\n" in manifest
        assert not (tree / "spk" / package / "spkgen").exists()
    # what the builds wrote, but the plugin's own bytecode (python/spkgen/__pycache__)
    written = {path for path in set(folder_bytes(tmp_path)) - outside_before
               if "/__pycache__/" not in path}
    assert written and all(path.split("/")[3].startswith("work-") for path in written), written
    assert root_spkgen() == root_before


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
    result = make(tree, "tvh", f"WORK_DIR={work_dir}", "spkgen-record")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "***" in line]
    assert len(errors) == 1 and words.format(tmp=tmp_path) in errors[0], result.stderr
    assert set(folder_bytes(tmp_path)) == before
    assert root_spkgen() == root_before and not os.path.exists(tmp_path / "elsewhere")


def test_a_spkgen_folder_of_another_name_is_refused(tmp_path):
    """The pattern rules answer only for this package's own folder."""
    tree = copy_example_tree(tmp_path)
    other = tmp_path / "other" / "spkgen" / "manifest"
    result = make(tree, "tvh", str(other))
    assert result.returncode != 0
    assert f"spkgen: {other.parent} is not this package's spkgen folder" in result.stderr
    assert not (tmp_path / "other").exists()
