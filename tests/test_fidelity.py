"""Drop-in fidelity, through real make: every package of the example tree and of
tests/data/check-tree is built with and without the plugin, and what ships (every file
of conf/ and the staged protocol file) is compared, in every stand-in generation of
spksrc's layout (tests/data/generations).  Builds differ only by the named
fixes, and 'spkgen check' reports a change for exactly the builds that differ."""
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import DATA, GENERATIONS, LAUNCHER, copy_example_tree, folder_bytes, run_make

pytestmark = [pytest.mark.skipif(not all(shutil.which(t) for t in ("make", "jq")),
                                 reason="the stand-in spksrc needs make and jq"),
              pytest.mark.slow]
VERSIONS = ("6.2.4", "7.1", "7.2")
# Each differing build and why (the named fixes); every other build must be identical.
EXPECTED_DIFFERENCES = {
    "webapp": ("7.1", "7.2"),        # opted in: one conf folder, php.backend from SPK_DEPENDS
    "tvh": VERSIONS,                 # the same
    "clitools": VERSIONS,            # SPK_COMMANDS' links, dropped by the links' bin group
    "multiport": VERSIONS,           # port-config names the file that ships
    "autoconf": ("7.1", "7.2"),      # opted in: conf_7 / conf_72 chosen without CONF_DIR
    "rpcclash": (),
    "olddatashare": (),
    "latelinks": VERSIONS,           # SPK_COMMANDS set after the include: spksrc alone loses it
    "phpvariants": ("7.1", "7.2"),   # SERVICE_PORT's port-config, lost by the static resource
}


@pytest.fixture(scope="module", params=GENERATIONS, ids=lambda g: g or "today")
def tree(request, tmp_path_factory):
    """The example tree in each spksrc generation's layout (tests/data/generations)."""
    tree = copy_example_tree(tmp_path_factory.mktemp("fidelity"), request.param)
    shutil.copytree(os.path.join(DATA, "check-tree", "spk"), tree / "spk", dirs_exist_ok=True)
    # SERVICE_WIZARD_SHARE: a data share on DSM 7 (by USE_DATA_SHARE_WORKER since 2021-10)
    os.makedirs(tree / "spk" / "olddatashare")
    (tree / "spk" / "olddatashare" / "Makefile").write_text(
        "SPK_NAME = olddatashare\nSERVICE_WIZARD_SHARE = wizard_download_dir\n"
        "include ../../mk/spksrc.spk.mk\n")
    return tree


def ships(tree, package, version, *extra):
    folder = tree / "spk" / package
    work = folder / f"work-x64-{version}"
    shutil.rmtree(work, ignore_errors=True)
    run_make(folder, "ARCH=x64", f"TCVERSION={version}", *extra, "service", "conf", check=True)
    found = {f"conf/{k}": v for k, v in folder_bytes(work / "conf").items()}
    staged = work / "staging"
    if staged.is_dir():
        found.update({f"staging/{k}": v for k, v in folder_bytes(staged).items()
                      if k.endswith(".sc")})
        found.update({f"mode of staging/{k}": oct(os.stat(staged / k).st_mode)
                      for k in folder_bytes(staged) if k.endswith(".sc")})
    shutil.rmtree(work)
    return found


@pytest.fixture(scope="module")
def differing(tree):
    def compare(package):
        found = {}
        for version in VERSIONS:
            alone = ships(tree, package, version, "SPKGEN_DISABLE=1")
            ours = ships(tree, package, version)
            files = sorted(k for k in alone.keys() | ours.keys() if alone.get(k) != ours.get(k))
            if files:
                found[(package, version)] = files
        return found
    with ThreadPoolExecutor(max_workers=4) as pool:     # one package per thread: own work dirs
        results = list(pool.map(compare, sorted(os.listdir(tree / "spk"))))
    return {k: v for found in results for k, v in found.items()}


def test_builds_differ_only_by_the_named_fixes(differing):
    expected = {(p, v) for p, versions in EXPECTED_DIFFERENCES.items() for v in versions}
    assert set(differing) == expected, differing


@pytest.mark.parametrize("package,why", [
    ("rootpriv", "CONF_DIR only below DSM 7: DSM 7 keeps spksrc's generated privilege"),
    ("strayconf", "a stray src/conf/x.sc without CONF_DIR is not shipped"),
    ("gpuconf", "src/conf/resource without CONF_DIR is not shipped (no GPU access)"),
    ("lateconf", "CONF_DIR ?= after spksrc.common.mk is the package's choice"),
    ("tabbed", "a static resource nothing is added to keeps its bytes"),
    ("rawports", "a valid FWPORTS file nothing is added to keeps its bytes"),
    ("handconf", "a hand-written block equal to the automatic choice"),
    ("sharelinks", "a 'share' link folder (variable and static), which DSM ignores, ships"),
    ("staticorder", "a static link list keeps its order when the merge adds nothing"),
    ("blankcommands", "an empty SPK_COMMANDS word ships as \"\", as spksrc ships it")])
def test_stand_ins_ship_what_spksrc_ships(differing, package, why):
    assert not [k for k in differing if k[0] == package], why


def test_check_reports_exactly_the_builds_that_differ(tree, differing):
    env = {"PATH": os.environ["PATH"], "HOME": str(tree), "LC_ALL": "C"}
    result = subprocess.run([LAUNCHER, "check", "--no-cache", "--format", "json",
                             "--tcversion", ",".join(VERSIONS)], cwd=str(tree),
                            capture_output=True, text=True, env=env)
    report = json.loads(result.stdout)
    changed = {(p["name"], v) for p in report["packages"] for f in p["findings"]
               if f["kind"] == "change" for v in f["versions"]}
    assert changed == set(differing)
    orphans = {(p["name"], f["file"]) for p in report["packages"] for f in p["findings"]
               if f["kind"] == "orphan"}
    assert ("strayconf", "spk/strayconf/src/conf/strayconf.sc") in orphans
    assert not [o for o in orphans if o[0] in ("rootpriv", "handconf", "tabbed")]
