"""The Python model of spksrc's recipe, held against the example tree's jq + sponge chain."""
import json

import pytest

from conftest import copy_example_tree, run_make
from spkgen.check.makeinfo import parse_answer
from spkgen.check.spksrc_model import spksrc_ships

PACKAGES = ("webapp", "clitools", "multiport", "tvh", "autoconf")
VERSIONS = ("6.2.4", "7.1", "7.2")


def values(**extra):
    return {"SPK_NAME": "pkg", "TCVERSION": "7.2", **extra}


@pytest.mark.parametrize("extra, expected", [
    ({}, {}),
    ({"SERVICE_PORT": "80", "FWPORTS": "src/x.sc"}, {"port-config": {"protocol-file": "app/x.sc"}}),
    ({"SPK_COMMANDS": "sbin/a lib/b", "SPK_USR_LOCAL_LINKS": "lib:l/c etc:e/d"},
     {"usr-local-linker": {"bin": ["sbin/a", "lib/b"], "etc": ["e/d"], "lib": ["l/c"]}}),
    ({"SPK_COMMANDS": "bin/a", "SPK_USR_LOCAL_LINKS": "bin:b"},       # defect 2
     {"usr-local-linker": {"bin": ["b"]}}),
    ({"SERVICE_WIZARD_SHARE": "s", "SERVICE_WIZARD_SHARENAME": "n", "SPK_USER": "u"}, {}),
    ({"SERVICE_WIZARD_SHARENAME": "n", "SPK_USER": "u"},
     {"data-share": {"shares": [{"name": "{{n}}", "permission": {"rw": ["sc-u"]}}]}}),
    ({"SERVICE_CERT": "c", "TCVERSION": "7.2"}, {}),
    ({"VIDEODRIVER": "yes"}, {"video-driver": {}}),
])
def test_recipe_semantics(extra, expected):
    assert spksrc_ships(values(**extra), ".").resource == expected


@pytest.mark.parametrize("extra, reason", [
    ({"SPK_USR_LOCAL_LINKS": "bin:a  bin:b"}, "an empty word in SPK_USR_LOCAL_LINKS"),
    ({"SPK_USR_LOCAL_LINKS": "bin:a "}, "an empty word in SPK_USR_LOCAL_LINKS"),
    ({"FWPORTS": "src/a.sc src/b.sc"}, "FWPORTS has more than one word"),
])
def test_jq_failures_give_an_empty_file(extra, reason):
    shipped = spksrc_ships(values(**extra), ".")
    assert shipped.resource is None and shipped.empty_reason.startswith(reason)


def test_a_static_resource_replaces_everything_unless_spkgen_chose_it(tmp_path):
    (tmp_path / "src" / "conf").mkdir(parents=True)
    (tmp_path / "src" / "conf" / "resource").write_text('{"webservice": {}}')
    chosen_by_package = values(SERVICE_PORT="80", CONF_DIR="src/conf/")
    assert spksrc_ships(chosen_by_package, str(tmp_path)).resource == {"webservice": {}}
    chosen_by_spkgen = dict(chosen_by_package, SPKGEN_CONF_AUTO="src/conf")
    assert spksrc_ships(chosen_by_spkgen, str(tmp_path)).resource == \
        {"port-config": {"protocol-file": "app/pkg.sc"}}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    tree = copy_example_tree(tmp_path_factory.mktemp("model"))
    # a package whose stray space makes the jq chain fail
    stray = tree / "spk" / "stray"
    stray.mkdir()
    (stray / "Makefile").write_text("SPK_NAME = stray\nSPK_USR_LOCAL_LINKS = bin:a  bin:b\n\n"
                                    "include ../../mk/spksrc.spk.mk\n")
    return tree


@pytest.mark.parametrize("package", PACKAGES + ("stray",))
@pytest.mark.parametrize("version", VERSIONS)
def test_model_agrees_with_the_jq_chain(tree, package, version):
    folder = tree / "spk" / package
    info = run_make(folder, "ARCH=x64", f"TCVERSION={version}", "spkgen-info")
    package_values, _, _ = parse_answer(info.stdout, "spkgen-info")
    built = run_make(folder, "ARCH=x64", f"TCVERSION={version}", "SPKGEN_DISABLE=1", "service",
                     "conf")
    assert built.returncode == 0       # spksrc's recipe: no pipefail, success either way
    with open(tree / "spk" / package / f"work-x64-{version}" / "conf" / "resource") as handle:
        text = handle.read()
    model = spksrc_ships(package_values, str(tree / "spk" / package))
    if package == "stray":
        assert text == "" and model.resource is None
    else:
        assert model.resource == json.loads(text)
