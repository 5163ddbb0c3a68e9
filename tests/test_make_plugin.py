"""Real GNU make on copies of the example tree (examples/): the plugin end to end."""
import json
import shutil
import tarfile

import pytest

from conftest import folder_bytes, run_make

PACKAGES = ["webapp", "clitools", "multiport", "tvh", "autoconf"]
needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("make", "jq")),
    reason="the stand-in spksrc needs make and jq (apt-get install make jq)")
pytestmark = needs_tools


def shipped(tree, package, target="x64-7.2"):
    work = tree / "spk" / package / f"work-{target}"
    sc = work / "staging" / "app" / f"{package}.sc"
    return ((work / "conf" / "resource").read_text(),
            sc.read_text() if sc.exists() else None)


def test_webapp_ships_static_resource_and_its_port(tree):
    run_make(tree / "spk" / "webapp", "arch-x64-7.2", check=True)
    resource, sc = shipped(tree, "webapp")
    data = json.loads(resource)
    assert list(data) == ["webservice", "data-share", "port-config"]
    assert data["webservice"]["services"][0]["php"]["backend"] == 13      # conf_72
    assert data["data-share"]["shares"][0]["once"] is True
    assert sc == '[webapp]\ntitle="Web App RPC"\ndesc="Web App"\nport_forward="yes"\ndst.ports="8050/tcp"\n'
    spk = tree / "packages" / "webapp_x64-7.2_1.0-1.spk"
    with tarfile.open(spk) as outer:
        assert outer.extractfile("conf/resource").read().decode() == resource
        with tarfile.open(fileobj=outer.extractfile("package.tgz")) as inner:
            assert inner.extractfile("./app/webapp.sc").read().decode() == sc


@pytest.mark.parametrize("target,backend,conf", [("x64-7.1", 12, "src/conf_7"),
                                                 ("x64-7.2", 13, "src/conf_72"),
                                                 ("noarch-7.2", 13, "src/conf_72")])
def test_auto_conf_variant(tree, target, backend, conf):
    run_make(tree / "spk" / "autoconf", f"arch-{target}", check=True)
    resource, _ = shipped(tree, "autoconf", target)
    assert json.loads(resource)["webservice"]["services"][0]["php"]["backend"] == backend
    privilege = tree / "spk" / "autoconf" / f"work-{target}" / "conf" / "privilege"
    assert "ctrl-script" in privilege.read_text()        # the folder's other files ship too
    arch, version = target.split("-")
    show = run_make(tree / "spk" / "autoconf", f"ARCH={arch}", f"TCVERSION={version}",
                    "spkgen-show", check=True).stdout
    assert f"conf folder: {conf}: automatic (no makefile of the package assigns " \
        f"CONF_DIR): highest variant at or below DSM {version}" in show


def test_dsm6_build_and_links(tree):
    run_make(tree / "spk" / "clitools", "arch-x64-6.2.4", check=True)
    resource, sc = shipped(tree, "clitools", "x64-6.2.4")
    assert json.loads(resource) == {"usr-local-linker": {
        "bin": ["bin/duply", "env/bin/dupli"], "etc": ["etc/dupli.conf"],
        "lib": ["lib/libdupli.so"]}}
    assert sc is None


def test_srm_and_old_dsm_are_left_to_spksrc(tree, python_counter):
    wrapper, starts = python_counter
    run_make(tree / "spk" / "clitools", "arch-x64-1.2", f"SPKGEN_PYTHON={wrapper}", check=True)
    run_make(tree / "spk" / "tvh", "arch-x64-5.2", f"SPKGEN_PYTHON={wrapper}", check=True)
    assert starts() == 0
    assert not (tree / "spk" / "clitools" / "work-x64-1.2" / "conf" / "resource").exists()
    assert not (tree / "spk" / "clitools" / "work-x64-1.2" / "spkgen").exists()
    # tvh's own CONF_DIR ships its static file, untouched, as spksrc does.
    assert shipped(tree, "tvh", "x64-5.2")[0] == '{"video-driver":{}}\n'


def test_serial_and_parallel_give_identical_bytes(tree):
    serial = {}
    for package in PACKAGES:
        run_make(tree / "spk" / package, "arch-x64-7.2", check=True)
        serial[package] = shipped(tree, package)
        run_make(tree / "spk" / package, "clean", check=True)
    for package in PACKAGES:
        run_make(tree / "spk" / package, "-j4", "arch-x64-7.2", check=True)
        assert shipped(tree, package) == serial[package], package


@pytest.mark.slow
def test_twenty_parallel_builds_give_identical_bytes(tree):
    """Every file of the work folder (conf/, staging/, spkgen/, package.tgz), 20 clean
    'make -j4' builds of each example package; the packages build side by side."""
    from concurrent.futures import ThreadPoolExecutor

    def twenty(package):
        work = tree / "spk" / package / "work-x64-7.2"
        results = []
        for _ in range(20):
            shutil.rmtree(work, ignore_errors=True)
            run_make(tree / "spk" / package, "-j4", "arch-x64-7.2", check=True)
            results.append(folder_bytes(work))
        return results
    with ThreadPoolExecutor(len(PACKAGES)) as pool:
        for package, results in zip(PACKAGES, pool.map(twenty, PACKAGES)):
            assert "conf/resource" in results[0] and "package.tgz" in results[0], package
            assert all(r == results[0] for r in results), package


def test_second_run_regenerates_nothing(tree, python_counter):
    wrapper, starts = python_counter
    run_make(tree / "spk" / "multiport", "arch-x64-7.2", f"SPKGEN_PYTHON={wrapper}", check=True)
    assert starts() == 1
    generated = tree / "spk" / "multiport" / "work-x64-7.2" / "spkgen"
    mtimes = {p.name: p.stat().st_mtime_ns for p in generated.iterdir()}
    run_make(tree / "spk" / "multiport", "arch-x64-7.2", f"SPKGEN_PYTHON={wrapper}", check=True)
    assert starts() == 1
    assert {p.name: p.stat().st_mtime_ns for p in generated.iterdir()} == mtimes
    assert shipped(tree, "multiport")[1].startswith("[multiport]\n")   # ours again, not spksrc's
    # An input file changes: one more run.
    sc = tree / "spk" / "multiport" / "src" / "multiport-ports.sc"
    sc.write_text(sc.read_text().replace("6800/tcp", "6800,6801/tcp"))
    run_make(tree / "spk" / "multiport", "arch-x64-7.2", f"SPKGEN_PYTHON={wrapper}", check=True)
    assert starts() == 2 and "6800,6801/tcp" in shipped(tree, "multiport")[1]
    # A variable changes on the command line: one more run.
    run_make(tree / "spk" / "multiport", "arch-x64-7.2", f"SPKGEN_PYTHON={wrapper}",
             "DISPLAY_NAME=Other", check=True)
    assert starts() == 3


def test_make_n_starts_no_python(tree, python_counter):
    wrapper, starts = python_counter
    run_make(tree / "spk" / "webapp", "-n", "ARCH=x64", "TCVERSION=7.2", "package",
             f"SPKGEN_PYTHON={wrapper}", check=True)
    assert starts() == 0


def test_broken_protocol_file_stops_the_build(tree):
    sc = tree / "spk" / "multiport" / "src" / "multiport-ports.sc"
    sc.write_text(sc.read_text().replace("6885:6999/udp", "6885-6999/udp"))
    result = run_make(tree / "spk" / "multiport", "arch-x64-7.2")
    assert result.returncode != 0
    assert ("src/multiport-ports.sc:11: error: '6885-6999' in '6885-6999/udp': a port range "
            "is written LOW:HIGH ('6885:6999'), not with '-'") in result.stderr
    work = tree / "spk" / "multiport" / "work-x64-7.2"
    assert not (work / "spkgen" / "resource").exists()
    assert not (tree / "packages").exists()


def test_disable_gives_the_stand_in_own_output(tree):
    run_make(tree / "spk" / "clitools", "arch-x64-7.2", "SPKGEN_DISABLE=1", check=True)
    resource, _ = shipped(tree, "clitools")
    # spksrc's defect 2: the links' bin group replaces SPK_COMMANDS.
    assert json.loads(resource)["usr-local-linker"]["bin"] == ["env/bin/dupli"]
    assert not (tree / "spk" / "clitools" / "work-x64-7.2" / "spkgen").exists()
    run_make(tree / "spk" / "tvh", "arch-x64-7.2", "SPKGEN_DISABLE=1", check=True)
    assert json.loads(shipped(tree, "tvh")[0]) == {"video-driver": {}}


def test_spkgen_info_prints_inputs_and_writes_nothing(tree, python_counter):
    from spkgen.check.makeinfo import parse_answer
    counter, starts = python_counter
    out = run_make(tree / "spk" / "webapp", "ARCH=x64", "TCVERSION=7.2", "spkgen-info",
                   f"SPKGEN_PYTHON={counter}", check=True).stdout
    values, makefiles, _ = parse_answer(out, "spkgen-info")
    assert values["SERVICE_PORT"] == "8050"
    assert values["CONF_DIR"] == values["SPKGEN_CONF_AUTO"] == "src/conf_7"   # opted in
    assert values["SPK_DEPENDS"] == '"WebStation:PHP8.4:Apache2.4"'   # per DSM version
    assert str(tree / "spk" / "webapp" / "Makefile") in makefiles
    assert str(tree / "mk" / "spksrc.service.mk") in makefiles
    assert not (tree / "spk" / "webapp" / "work-x64-7.2").exists()
    assert starts() == 0


def test_spkgen_info_marks_the_conf_folder_it_chose(tree):
    from spkgen.check.makeinfo import parse_answer
    out = run_make(tree / "spk" / "autoconf", "ARCH=x64", "TCVERSION=7.1", "spkgen-info",
                   check=True).stdout
    values, _, _ = parse_answer(out, "spkgen-info")
    assert values["CONF_DIR"] == values["SPKGEN_CONF_AUTO"] == "src/conf_7"


def test_values_with_shell_characters_pass_unchanged(tree):
    mk = tree / "spk" / "tvh" / "Makefile"
    mk.write_text(mk.read_text().replace("DISPLAY_NAME = TV Headend",
                                         "DISPLAY_NAME = TV $$HOME `id`; a\\b é 'x'"))
    run_make(tree / "spk" / "tvh", "arch-x64-7.2", check=True)
    assert 'desc="TV $HOME `id`; a\\b é \'x\'"' in shipped(tree, "tvh")[1]


def test_default_goal_stays_the_frameworks(tree):
    # spksrc's sub-makes run plain 'make': our rules must not become the default goal.
    run_make(tree / "spk" / "tvh", "ARCH=x64", "TCVERSION=7.2", check=True)
    assert (tree / "packages" / "tvh_x64-7.2_1.0-1.spk").exists()
