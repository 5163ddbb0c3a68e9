"""mk/spkgen.mk under hostile or careless use, through real make on copies of the example
tree: the package's own edits are kept, outputs are never stale, nothing is written by
make -n/-q, and what would silently drop spkgen's work fails with one clear line."""
import json
import os
import shutil

import pytest

from conftest import copy_example_tree, folder_bytes, run_make

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("make", "jq")),
                                reason="the stand-in spksrc needs make and jq")


SERVICE_CONF = ("ARCH=x64", "TCVERSION=7.2", "service", "conf")    # spksrc's steps for conf/


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def work(tree, package, version="7.2"):
    return tree / "spk" / package / f"work-x64-{version}"


HOOK = """
{name}:
\t@jq '.["indexdb"] = {{"app-index": {{"conf-relpath": "app/index.conf"}}}}' \\
\t\t$(WORK_DIR)/conf/resource > $(WORK_DIR)/edited && mv $(WORK_DIR)/edited $(WORK_DIR)/conf/resource
"""


@pytest.mark.parametrize("package", ["tvh", "multiport"])      # with / without a conf folder
@pytest.mark.parametrize("where", ["before the include", "after spksrc.common.mk"])
def test_post_service_edits_are_kept(tree, where, package):
    """A jq step in POST_SERVICE_TARGET adds a worker: it ships, beside spkgen's port."""
    makefile = tree / "spk" / package / "Makefile"
    if where == "before the include":
        edit(makefile, "include ../../mk/spksrc.spk.mk",
             "POST_SERVICE_TARGET = tvh_edit\ninclude ../../mk/spksrc.spk.mk\n" +
             HOOK.format(name="tvh_edit"))
    else:
        edit(makefile, "include ../../mk/spksrc.spk.mk",
             "include ../../mk/spksrc.common.mk\nPOST_SERVICE_TARGET = tvh_edit\n"
             "include ../../mk/spksrc.spk.mk\n" + HOOK.format(name="tvh_edit"))
    result = run_make(tree / "spk" / package, *SERVICE_CONF)
    assert result.returncode == 0, result.stderr
    resource = json.loads((work(tree, package) / "conf" / "resource").read_text())
    assert resource["indexdb"] == {"app-index": {"conf-relpath": "app/index.conf"}}
    assert resource["port-config"] == {"protocol-file": f"app/{package}.sc"}


def test_input_restored_with_an_older_mtime_is_rebuilt(tree, python_counter):
    wrapper, starts = python_counter
    sc = tree / "spk" / "multiport" / "src" / "multiport-ports.sc"
    assert run_make(tree / "spk" / "multiport", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    original, stat = sc.read_text(), sc.stat()
    sc.write_text(original.replace("6800/tcp", "6800,6801/tcp"))
    os.utime(sc, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**12))   # older than every output
    assert run_make(tree / "spk" / "multiport", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert starts() == 2
    assert "6800,6801/tcp" in (work(tree, "multiport") / "staging" / "app" /
                               "multiport.sc").read_text()
    os.utime(sc, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**12))   # newer, same content
    assert run_make(tree / "spk" / "multiport", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert starts() == 2                                             # content decides


def test_symlinked_static_resource_is_followed_for_staleness(tree, python_counter):
    wrapper, starts = python_counter
    conf = tree / "spk" / "tvh" / "src" / "conf"
    (conf / "real-resource").write_text((conf / "resource").read_text())
    (conf / "resource").unlink()
    (conf / "resource").symlink_to("real-resource")
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    (conf / "real-resource").write_text('{"video-driver": {}, "indexdb": {}}\n')
    os.utime(conf / "real-resource", (1, 1))
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert starts() == 2
    assert "indexdb" in json.loads((work(tree, "tvh") / "conf" / "resource").read_text())


def test_an_input_a_hook_changes_during_the_build_is_seen_by_the_next(tree, python_counter):
    """A pre-service hook rewrites the static resource after the generator read it: that
    build ships what the generator read, and the next build regenerates (it used to record
    the new text with the old output and stay stale)."""
    wrapper, starts = python_counter
    edit(tree / "spk" / "tvh" / "Makefile", "include ../../mk/spksrc.spk.mk",
         "PRE_SERVICE_TARGET = tvh_pre\ninclude ../../mk/spksrc.spk.mk\n"
         "tvh_pre:\n\t@printf '%s\\n' '{\"video-driver\":{},\"indexdb\":{}}' > src/conf/resource\n")
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert starts() == 2
    assert "indexdb" in json.loads((work(tree, "tvh") / "conf" / "resource").read_text())
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert starts() == 2                                  # settled: no Python once more


@pytest.mark.slow
@pytest.mark.parametrize("depth", range(8))
def test_no_op_rebuild_starts_no_python_on_any_tree_path(tmp_path, python_counter, depth):
    """GNU make 4.3 keeps $(file <)'s final newline for some sizes: the manifest and the
    inputs record must still compare equal, wherever the tree lies."""
    wrapper, starts = python_counter
    tree = copy_example_tree(tmp_path / ("p" * (depth * 3 + 1)))
    for package in ("webapp", "multiport", "tvh"):
        before = starts()
        for _ in range(2):
            assert run_make(tree / "spk" / package, *SERVICE_CONF,
                        f"SPKGEN_PYTHON={wrapper}").returncode == 0
        assert starts() == before + 1, package


@pytest.mark.parametrize("flag", ["-n", "-q"])
def test_dry_run_and_question_write_nothing(tree, flag):
    run_make(tree / "spk" / "webapp", flag, *SERVICE_CONF)
    assert not work(tree, "webapp").exists()


def test_override_of_spk_conf_dir_is_an_error(tree):
    edit(tree / "spk" / "tvh" / "Makefile", "include ../../mk/spksrc.spk.mk",
         "include ../../mk/spksrc.spk.mk\noverride SPK_CONF_DIR = src/conf")
    result = run_make(tree / "spk" / "tvh", *SERVICE_CONF)
    assert result.returncode != 0
    assert "spkgen: SPK_CONF_DIR is overridden to 'src/conf' by the package: spksrc's conf " \
        "step would ship it instead of spkgen's conf folder and lose the generated entries; " \
        "remove the override, or build with SPKGEN_DISABLE=1.  Stop." in result.stderr


def test_two_fwports_files_build_without_jq_noise(tree):
    (tree / "spk" / "multiport" / "src" / "more.sc").write_text(
        '[more]\ntitle="More"\ndesc="More"\ndst.ports="7000/udp"\n')
    edit(tree / "spk" / "multiport" / "Makefile", "FWPORTS = src/multiport-ports.sc",
         "FWPORTS = src/multiport-ports.sc src/more.sc")
    result = run_make(tree / "spk" / "multiport", *SERVICE_CONF)
    assert result.returncode == 0 and "jq" not in result.stderr, result.stderr
    assert "[more]" in (work(tree, "multiport") / "staging" / "app" / "multiport.sc").read_text()


def test_arch_overridden_after_the_plugin_is_included(tree):
    """adminer: spksrc.common.mk first (so the plugin), then 'override ARCH=noarch'."""
    edit(tree / "spk" / "tvh" / "Makefile", "include ../../mk/spksrc.spk.mk",
         "include ../../mk/spksrc.common.mk\noverride ARCH = noarch\n"
         "include ../../mk/spksrc.spk.mk")
    result = run_make(tree / "spk" / "tvh", *SERVICE_CONF)
    assert result.returncode == 0, result.stderr
    shipped = tree / "spk" / "tvh" / "work-noarch-7.2"
    assert json.loads((shipped / "conf" / "resource").read_text())["port-config"] == \
        {"protocol-file": "app/tvh.sc"}


def test_spk_name_leading_outside_is_refused_and_nothing_written(tree):
    before = folder_bytes(tree / "spk")
    edit(tree / "spk" / "tvh" / "Makefile", "SPK_NAME = tvh", "SPK_NAME = ../../evil")
    result = run_make(tree / "spk" / "tvh", *SERVICE_CONF)
    assert result.returncode != 0
    assert "SPK_NAME: error: name '../../evil' contains a '..' segment" in result.stderr
    after = {k: v for k, v in folder_bytes(tree / "spk").items() if "/work-" not in k}
    assert {k: v for k, v in after.items() if k != "tvh/Makefile"} == \
        {k: v for k, v in before.items() if k != "tvh/Makefile"}
    assert not (tree / "evil.sc").exists() and not (tree / "spk" / "evil.sc").exists()


@pytest.mark.parametrize("record, refusal", [
    ("manifest", "spkgen: {path} is a symlink or lies in one: refusing to write through it"),
    (".generated", "{path}: error: is a symlink, not a regular file: refusing to write it"),
])
def test_make_does_not_write_through_a_symlinked_record(tree, tmp_path, record, refusal):
    """Make's manifest, and the stamp (written by the generator, then again by make's
    record of the inputs): a changed input makes both be written, never through a link."""
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF).returncode == 0
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    path = work(tree, "tvh") / "spkgen" / record
    path.unlink()
    path.symlink_to(victim)
    edit(tree / "spk" / "tvh" / "src" / "conf" / "resource", '{"video', '{"indexdb":{},"video')
    result = run_make(tree / "spk" / "tvh", *SERVICE_CONF)
    assert result.returncode != 0 and victim.read_text() == "precious\n"
    assert refusal.format(path=path) in result.stderr


def test_make_does_not_write_into_a_symlinked_folder(tree, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (work(tree, "tvh")).mkdir(parents=True)
    (work(tree, "tvh") / "spkgen").symlink_to(outside)
    result = run_make(tree / "spk" / "tvh", *SERVICE_CONF)
    assert result.returncode != 0 and "refusing to write through it" in result.stderr
    assert os.listdir(outside) == []


def test_an_input_make_cannot_name_is_read_every_time(tree, python_counter):
    """A conf file named with a blank or a $: regenerated on every build, never stale."""
    wrapper, starts = python_counter
    odd = tree / "spk" / "tvh" / "src" / "conf" / "my $file"
    odd.write_text("v1\n")
    for expected in (1, 2):
        assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
        assert starts() == expected
    odd.write_text("v2\n")
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, f"SPKGEN_PYTHON={wrapper}").returncode == 0
    assert (work(tree, "tvh") / "conf" / "my $file").read_text() == "v2\n"


def test_override_of_spk_conf_dir_before_the_include_is_an_error(tree):
    edit(tree / "spk" / "tvh" / "Makefile", "include ../../mk/spksrc.spk.mk",
         "override SPK_CONF_DIR = src/conf\ninclude ../../mk/spksrc.spk.mk")
    result = run_make(tree / "spk" / "tvh", *SERVICE_CONF)
    assert result.returncode != 0
    assert "spkgen: SPK_CONF_DIR is overridden to 'src/conf' by the package" in result.stderr


def test_spksrc_resource_recipe_runs_no_jq(tree, tmp_path):
    """Nothing done twice: spksrc's jq chain for conf/resource, which spkgen's file
    replaces, starts no jq or sponge (a logging jq first on PATH sees no call)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "jq-calls"
    real = shutil.which("jq")
    (bin_dir / "jq").write_text(f"#!/bin/sh\necho \"$@\" >> {log}\nexec {real} \"$@\"\n")
    (bin_dir / "jq").chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    for package in ("multiport", "clitools", "webapp"):
        result = run_make(tree / "spk" / package, *SERVICE_CONF, env=env)
        assert result.returncode == 0, result.stderr
        assert json.loads((work(tree, package) / "conf" / "resource").read_text())
    assert not log.exists()
    run_make(tree / "spk" / "multiport", "ARCH=x64", "TCVERSION=7.1", "SPKGEN_DISABLE=1",
             "service", env=env, check=True)
    assert log.exists()                     # the logging jq works: spksrc alone calls it
