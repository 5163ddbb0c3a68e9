"""mk/spkgen.mk chooses the conf variant with make functions only: it must agree with
spkgen.dsm.choose_conf for every case."""
import os
import shutil
import subprocess

import pytest

from conftest import ROOT
from spkgen.dsm import Version, choose_conf
from spkgen.errors import SpkgenError

FOLDER_SETS = [
    [], ["conf"], ["conf", "conf_6", "conf_7", "conf_72"], ["conf_7", "conf_72"],
    ["conf_dsm7", "conf_dsm72"], ["conf.dsm7", "conf"], ["conf_624", "conf_6", "conf_7"],
    ["conf_php7.4", "conf_php8.2"], ["conf_73", "conf_7", "conf_x"], ["conf_10", "conf_9"],
    ["conf", "conf_php8.2"], ["conf_dsm72"], ["conf", "conf_0", "conf_7"],
]
VERSIONS = ["6.0", "6.1", "6.2", "6.2.4", "7", "7.0", "7.1", "7.2", "7.2.1", "7.3", "10.1"]


@pytest.mark.skipif(not shutil.which("make"), reason="GNU make is not installed")
@pytest.mark.parametrize("folders", FOLDER_SETS, ids=lambda f: "+".join(f) or "none")
def test_make_and_python_agree(tmp_path, folders):
    for name in folders:
        os.makedirs(tmp_path / "src" / name)
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        f"include {ROOT}/mk/spkgen.mk\n"
        "$(foreach v,$(VERSIONS),$(info $v=$(foreach TCVERSION,$v,"
        "$(if $(spkgen_opted_in),$(spkgen_choose_conf)))))\nall: ;\n")
    out = subprocess.run(["make", "-s", "-C", str(tmp_path), f"VERSIONS={' '.join(VERSIONS)}"],
                         capture_output=True, text=True, check=True).stdout
    chosen_by_make = dict(line.split("=", 1) for line in out.splitlines())
    for version in VERSIONS:
        try:
            expected = choose_conf(str(tmp_path), Version.parse(version)).folder
        except SpkgenError:
            continue    # a tie: the build reports it
        by_make = chosen_by_make[version]
        assert (by_make or None) == expected, version


SPELLINGS = ["6", "6.0", "6.1", "6.2", "6.2.4", "7", "7.0", "7.1", "7.2",
             "7.2.1", "7.2.2", "7.3", "7.10", "1.2", "1.3"]
THRESHOLDS = ["6.0", "6.1", "7.0", "7.2"]


def sort_v_ge(a, b):
    """spksrc's version_ge: sort -V."""
    return subprocess.run(["sort", "-V", "-C"], input=f"{b}\n{a}\n", text=True).returncode == 0


@pytest.mark.skipif(not shutil.which("make"), reason="GNU make is not installed")
def test_tcversion_spellings_give_spksrc_generations_in_make_and_python(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        f"include {ROOT}/mk/spkgen.mk\n"
        "$(foreach v,$(SPELLINGS),$(foreach t,$(THRESHOLDS),"
        "$(info $v,$t,$(if $(call spkgen_version_lt,$v,$t),0,1))))\nall: ;\n")
    out = subprocess.run(["make", "-s", "-C", str(tmp_path), f"SPELLINGS={' '.join(SPELLINGS)}",
                          f"THRESHOLDS={' '.join(THRESHOLDS)}"],
                         capture_output=True, text=True, check=True).stdout
    by_make = {tuple(line.split(",")[:2]): line.split(",")[2] for line in out.splitlines()}
    for spelling in SPELLINGS:
        for threshold in THRESHOLDS:
            spksrc = sort_v_ge(spelling, threshold)
            python = Version.parse(spelling) >= Version.parse(threshold)
            assert (spksrc, python, by_make[(spelling, threshold)] == "1") == \
                (spksrc, spksrc, spksrc), (spelling, threshold)
