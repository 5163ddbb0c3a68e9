"""spkgen ports (table, --compare), check's default versions from the tree's
toolchains, --changed-since with a git fixture, and the cache after a fresh clone:
real make on a copy of examples/ plus tests/data/check-tree."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import DATA, LAUNCHER, copy_example_tree
from spkgen.check.scope import toolchain_versions

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("make", "git")),
                                reason="needs make and git")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The example tree as a git repository with one commit."""
    tree = copy_example_tree(tmp_path_factory.mktemp("repo"))
    shutil.copytree(os.path.join(DATA, "check-tree", "spk"), tree / "spk", dirs_exist_ok=True)
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "tree")
    return tree


def git(tree, *args):
    env = {"PATH": os.environ["PATH"], "HOME": str(tree), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "-C", str(tree), *args], check=True, env=env, capture_output=True)


def spkgen(tree, *args):
    env = {"PATH": os.environ["PATH"], "HOME": str(tree.parent), "LC_ALL": "C"}
    return subprocess.run([LAUNCHER, *args], cwd=str(tree), capture_output=True, text=True,
                          env=env)


def test_default_versions_are_the_toolchains(tmp_path):
    for name in ("syno-x64-5.2", "syno-x64-6.2.4", "syno-x64-6.2.4_rust-1.82_gcc-4.9.3",
                 "syno-x64-7.2", "syno-x64-7.10", "syno-kvmx64-7.3", "syno-x64-1.3", "README"):
        (tmp_path / "toolchain" / name).mkdir(parents=True)
    assert toolchain_versions(str(tmp_path), "x64") == ["6.2.4", "7.2", "7.10"]
    assert toolchain_versions(str(tmp_path), "noarch") == ["6.2.4", "7.2", "7.3", "7.10"]
    assert toolchain_versions(str(tmp_path / "none"), "x64") == []


def test_check_uses_the_toolchain_versions(repo):
    (repo / "toolchain" / "syno-x64-7.1").mkdir(parents=True)
    try:
        result = spkgen(repo, "check", "--no-cache", "--package", "tvh", "--format", "json")
    finally:
        shutil.rmtree(repo / "toolchain")
    assert json.loads(result.stdout)["versions"] == ["7.1"]


def test_changed_since_reports_the_touched_package_and_its_clashes(repo):
    makefile = repo / "spk" / "rpcclash" / "Makefile"
    original = makefile.read_text()
    makefile.write_text(original + "# touched\n")
    (repo / "spk" / "tvh" / "src" / "new-file").write_text("untracked\n")
    try:
        result = spkgen(repo, "check", "--no-cache", "--changed-since", "HEAD",
                        "--tcversion", "7.2", "--format", "json")
    finally:
        makefile.write_text(original)
        (repo / "spk" / "tvh" / "src" / "new-file").unlink()
    report = json.loads(result.stdout)
    assert [p["name"] for p in report["packages"]] == ["rpcclash", "tvh"]
    [clash] = report["clashes"]          # with webapp, which is unchanged
    assert {c["package"] for c in clash["claims"]} == {"rpcclash", "webapp"}


def test_changed_since_a_change_under_mk_means_every_package(repo):
    (repo / "mk" / "extra.mk").write_text("# new\n")
    try:
        result = spkgen(repo, "check", "--no-cache", "--changed-since", "HEAD",
                        "--tcversion", "7.2", "--format", "json")
    finally:
        (repo / "mk" / "extra.mk").unlink()
    assert len(json.loads(result.stdout)["packages"]) == len(os.listdir(repo / "spk"))


def test_changed_since_a_bad_revision_is_a_usage_error(repo):
    result = spkgen(repo, "check", "--changed-since", "no-such-rev", "--tcversion", "7.2")
    assert result.returncode == 2
    assert result.stderr.startswith("spkgen check: error: --changed-since: ")


def test_the_cache_hits_after_a_fresh_clone(repo, tmp_path):
    cache = tmp_path / "cache"
    first = spkgen(repo, "check", "--cache-dir", str(cache), "--tcversion", "7.1,7.2")
    assert first.stdout.splitlines()[-1].endswith(
        "42 make runs: 0 from cache, 0 unsupported, 0 failed")
    clone = repo.parent / "clone"      # beside it: its local.mk includes ../mk/spkgen.mk
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    second = spkgen(clone, "check", "--cache-dir", str(cache), "--tcversion", "7.1,7.2")
    assert second.stdout.splitlines()[-1].endswith(
        "42 make runs: 42 from cache, 0 unsupported, 0 failed")
    assert second.returncode == first.returncode


def test_ports_table(repo):
    result = spkgen(repo, "ports", "--no-cache", "--tcversion", "7.2")
    lines = result.stdout.splitlines()
    assert lines[0] == "| package | ports | service | title | source | DSM |"
    assert "| multiport | 6885:6999/udp | [multiport_dht] | DHT (UDP) | " \
        "spk/multiport/src/multiport-ports.sc:7 | 7.2 |" in lines
    assert "| tvh | 9981/tcp | [tvh] | tvh | spk/tvh/Makefile (SERVICE_PORT) | 7.2 |" in lines
    rows = json.loads(spkgen(repo, "ports", "--no-cache", "--tcversion", "7.2",
                             "--format", "json").stdout)
    assert len(rows) == len(lines) - 2


def test_ports_compare_with_the_document(repo):
    document = os.path.join(DATA, "ports", "package-ports.md")
    result = spkgen(repo, "ports", "--no-cache", "--tcversion", "7.2", "--compare", document)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert f"{document}:9: 4242 gone: no package of the tree declares this port" in lines
    assert any(line.startswith(f"missing from {document}: 5001 dsmport") for line in lines)
    assert not any(" multiport " in line or " tvh " in line for line in lines
                   if line.startswith("missing"))
    assert lines[-1] == (f"spkgen ports: 12 services in the tree, 5 ports in {document}: "
                         "7 missing from it, 1 it lists that the tree does not declare as written")
