"""scripts/vendor-into on copies of the example tree, in every stand-in generation of
spksrc's layout (tests/data/generations): the include line, the build it gives, undo;
'make setup' before or after it, a git repository's status, a moved tree, a tree older
than spkgen supports."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import DATA, GENERATIONS, ROOT, lay_generation, run_make
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


SERVICE_CONF = ("ARCH=x64", "TCVERSION=7.2", "service", "conf")    # spksrc's steps for conf/
# make without HOME: the launcher writes no bytecode (HOME=<a folder>: as a user whose
# Python writes it, as in spksrc's container)
NO_HOME = {"HOME": None}


def outside_plugin(tree):
    """The tree's files but vendor-into's own folder (mk/spkgen/)."""
    return {path: data for path, data in snapshot(tree).items()
            if not path.startswith("mk/spkgen/")}


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
    built = run_make(tree / "spk" / "tvh", *SERVICE_CONF, env=NO_HOME)
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
    assert run_make(tree / "spk" / "tvh", *SERVICE_CONF, env=NO_HOME).returncode == 0


def test_personal_mode_uses_local_mk_and_keeps_an_existing_one(tree):
    (tree / "local.mk").write_text("PARALLEL_MAKE = max")      # no final newline
    before = snapshot(tree)
    assert vendor(tree).returncode == 0
    assert (tree / "local.mk").read_text() == f"PARALLEL_MAKE = max\n{LOCAL_LINE}\n"
    assert (tree / "mk" / "spkgen" / "VERSION").read_text().startswith("spkgen 0.")
    # what uninstall must know is kept in vendor-into's own folder, relative to the tree
    assert set(outside_plugin(tree)) == set(before) | {"local.mk"}
    state = json.loads((tree / "mk" / "spkgen" / "vendor-into.json").read_text())
    assert state == {"files": {"local.mk": {"eol": LOCAL_LINE}}}
    vendor("--uninstall", tree)
    assert snapshot(tree) == before


# ---- a missing local.mk is written by the tree's own rule, so 'make setup' still works

def test_a_missing_local_mk_is_written_by_the_tree_s_own_rule(tree):
    """spksrc's 'make setup' writes local.mk only when it does not exist: vendor-into
    writes it first with that rule, then adds its line; unchanged, uninstall removes it."""
    before = snapshot(tree)
    result = vendor(tree)
    assert result.returncode == 0, result.stderr
    assert (f"vendor-into: wrote {tree}/local.mk with the tree's own rule ('make local.mk', as "
            "'make setup' does: spksrc's defaults, since 2024-04 with 'PSTAT = on'; to have the "
            "line alone, create local.mk empty and run vendor-into again)\n") in result.stdout
    assert (tree / "local.mk").read_text() == (
        "PUBLISH_URL =\nDISTRIBUTOR =\nDEFAULT_TC =\n#PARALLEL_MAKE = max\nPSTAT ?= off\n"
        f"{LOCAL_LINE}\n")
    result = vendor("--uninstall", tree)
    assert f"removed {tree}/local.mk (vendor-into had made it, and it is unchanged since)" \
        in result.stdout
    assert snapshot(tree) == before


@pytest.mark.parametrize("goal", ["setup", "setup-synocommunity"])
@pytest.mark.parametrize("generation", GENERATIONS, ids=lambda g: g or "today")
def test_make_setup_before_or_after_vendoring_gives_the_same_tree(tmp_path, generation, goal):
    """Vendoring, then 'make setup', leaves the tree as 'make setup' alone would, plus the
    line; so does the other order; uninstall then gives back what 'make setup' alone made."""
    alone, first, then = (example_tree(tmp_path / name, generation)
                          for name in ("alone", "vendor-first", "setup-first"))
    assert run_make(alone, goal, env=NO_HOME).returncode == 0
    assert vendor(first).returncode == 0
    setup = run_make(first, goal, env=NO_HOME)
    assert setup.returncode == 0, setup.stderr
    assert run_make(then, goal, env=NO_HOME).returncode == 0
    assert vendor(then).returncode == 0
    expected = (alone / "local.mk").read_bytes() + f"{LOCAL_LINE}\n".encode()
    assert b"DEFAULT_TC = 6.2.4 7.1\n" in expected
    assert outside_plugin(first) == outside_plugin(then) == {**snapshot(alone),
                                                              "local.mk": expected}
    assert run_make(first / "spk" / "tvh", *SERVICE_CONF, env=NO_HOME).returncode == 0
    shutil.rmtree(first / "spk" / "tvh" / "work-x64-7.2")
    for tree in (first, then):
        assert vendor("--uninstall", tree).returncode == 0
        assert snapshot(tree) == snapshot(alone)


@pytest.mark.parametrize("makefile, why", [
    # no rule for local.mk: 'make setup' cannot write it either
    ("all:\n\t@true\n", "its Makefile has no rule to write it, so 'make setup' cannot write it "
     "either\n"),
    # spksrc at 2024-09, 2025-09 and 2026-02: the root parse fails (spksrc.common.mk includes
    # ../../mk/ paths); a recipe that fails half-way stands for it: nothing is left of it
    ("local.mk:\n\t@echo 'PUBLISH_URL =' > $@\n\t@echo broken >&2; false\n",
     "'make local.mk' fails there (broken / "),
], ids=["no-rule", "failing-rule"])
def test_where_make_setup_cannot_write_local_mk_it_holds_the_line_alone(tree, makefile, why):
    (tree / "Makefile").write_text(makefile)
    before = snapshot(tree)
    result = vendor(tree)
    assert result.returncode == 0, result.stderr
    assert f"vendor-into: made {tree}/local.mk for the line alone: {why}" in result.stdout
    assert (tree / "local.mk").read_text() == f"{LOCAL_LINE}\n"
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before


def test_a_tree_without_a_makefile_gets_a_local_mk_of_the_line_alone(tree):
    """A spksrc-style package repo with no root Makefile: nothing else writes local.mk."""
    (tree / "Makefile").unlink()
    before = snapshot(tree)
    assert vendor(tree).returncode == 0
    assert (tree / "local.mk").read_text() == f"{LOCAL_LINE}\n"
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before


# ---- git status, a moved tree, an older vendor-into's markers

GIT = ["git", "-c", "user.name=spkgen tests", "-c", "user.email=tests@example.invalid",
       "-c", "init.defaultBranch=main"]


def git(folder, *args):
    result = subprocess.run([*GIT, "-C", str(folder), *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def git_tree(base, subfolder="", ignores="local.mk\nwork-*\n"):
    """The example tree committed in a git repository (at its top, or in subfolder), with
    spksrc's own ignores (local.mk, work folders) and an exclude file whose last line has
    no newline."""
    tree = example_tree(base)
    if subfolder:
        os.makedirs(base / "repo")
        os.rename(tree, base / "repo" / subfolder)
        tree = base / "repo" / subfolder
    (tree / ".gitignore").write_text(ignores)
    repo = tree.parent if subfolder else tree
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the tree")
    exclude = repo / ".git" / "info" / "exclude"
    exclude.write_bytes(exclude.read_bytes().rstrip(b"\n") if exclude.exists() else b"# ours")
    return tree, repo


def repo_bytes(repo):
    """Every file of the repository's work tree, and git's exclude file (git status itself
    rewrites the index)."""
    return {path: data for path, data in snapshot(repo).items()
            if not path.startswith(".git/") or path == ".git/info/exclude"}


def status(repo):
    return git(repo, "status", "--porcelain", "--untracked-files=all")


@pytest.mark.parametrize("local_mk", [None, b"PARALLEL_MAKE = max"],
                         ids=["no-local-mk", "local-mk-without-final-newline"])
@pytest.mark.parametrize("subfolder", ["", "spksrc"], ids=["repo-top", "repo-subfolder"])
def test_personal_mode_adds_nothing_git_status_shows_and_uninstall_after_a_move(
        tmp_path, local_mk, subfolder):
    tree, repo = git_tree(tmp_path, subfolder)
    if local_mk is not None:
        (tree / "local.mk").write_bytes(local_mk)
    before = repo_bytes(repo)
    result = vendor(tree)
    assert result.returncode == 0, result.stderr
    assert status(repo) == ""
    exclude = (repo / ".git" / "info" / "exclude").read_text()
    assert exclude.endswith(f"\n/{subfolder + '/' if subfolder else ''}mk/spkgen/\n")
    built = run_make(tree / "spk" / "tvh", *SERVICE_CONF,      # bytecode on, as in spksrc's
                     env={"HOME": str(tmp_path / "home")})        # container
    assert built.returncode == 0, built.stderr
    assert status(repo) == ""
    shutil.rmtree(tree / "spk" / "tvh" / "work-x64-7.2")
    moved = tmp_path / "moved"
    os.rename(repo, moved)
    result = vendor("--uninstall", moved / subfolder)
    assert result.returncode == 0, result.stderr
    assert repo_bytes(moved) == before


def test_a_local_mk_the_repository_does_not_ignore_is_excluded_too(tmp_path):
    """A spksrc-style repo that does not ignore local.mk, as spksrc does: the one that
    vendor-into writes goes to git's exclude file with mk/spkgen/, and out again."""
    tree, repo = git_tree(tmp_path, ignores="work-*\n")
    before = repo_bytes(repo)
    result = vendor(tree)
    assert result.returncode == 0, result.stderr
    assert status(repo) == ""
    assert (repo / ".git" / "info" / "exclude").read_text().endswith(
        "\n/mk/spkgen/\n/local.mk\n")
    (tree / "local.mk").write_text((tree / "local.mk").read_text() + "PSTAT = on\n")
    assert vendor("--uninstall", tree).returncode == 0
    assert repo_bytes(repo) == {**before, "local.mk": (
        b"PUBLISH_URL =\nDISTRIBUTOR =\nDEFAULT_TC =\n#PARALLEL_MAKE = max\nPSTAT ?= off\n"
        b"PSTAT = on\n")}


def test_committed_mode_builds_leave_git_status_empty(tmp_path):
    """The vendored copy is tracked: a build with bytecode on writes nothing beside it."""
    tree, repo = git_tree(tmp_path)
    assert vendor("--committed", tree).returncode == 0
    git(repo, "add", "mk")
    git(repo, "commit", "-q", "-m", "spkgen")
    for package in ("tvh", "webapp"):
        built = run_make(tree / "spk" / package, *SERVICE_CONF,
                         env={"HOME": str(tmp_path / "home")})
        assert built.returncode == 0, built.stderr
    assert status(repo) == ""
    assert list((tmp_path / "home" / ".cache" / "spkgen" / "pycache").rglob("build*.pyc"))


def test_the_markers_of_an_older_vendor_into_are_honoured_after_a_move(tmp_path):
    """An older vendor-into left an end-of-line marker at the tree's root naming local.mk
    by an absolute path, and mk/spkgen/.created-local-mk: vendoring again takes the marker
    in, and uninstall undoes both even after the tree moved."""
    tree = example_tree(tmp_path)
    (tree / "local.mk").write_text("PARALLEL_MAKE = max")
    before = snapshot(tree)
    assert vendor(tree).returncode == 0
    (tree / "mk" / "spkgen" / "vendor-into.json").unlink()
    (tree / ".spkgen-added-eol").write_text("/where/the/tree/was/local.mk")
    assert vendor(tree).returncode == 0
    assert not (tree / ".spkgen-added-eol").exists()
    (tree / "mk" / "spkgen" / "vendor-into.json").unlink()
    (tree / ".spkgen-added-eol").write_text("/where/the/tree/was/local.mk")
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before
    (tree / "local.mk").unlink()
    before = snapshot(tree)
    assert vendor(tree).returncode == 0
    (tree / "local.mk").write_text(f"{LOCAL_LINE}\n")
    (tree / "mk" / "spkgen" / "vendor-into.json").unlink()
    (tree / "mk" / "spkgen" / ".created-local-mk").write_text("")
    assert vendor("--uninstall", tree).returncode == 0
    assert snapshot(tree) == before


# ---- trees older than spkgen supports

def test_a_2015_tree_is_refused_untouched(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(os.path.join(DATA, "generations", "2015"), tree)
    before = snapshot(tree)
    for mode in ([], ["--committed"]):
        result = vendor(*mode, tree)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == (
            f"vendor-into: error: {tree}: the tree is older than spkgen supports (spksrc trees "
            "since 2021-05-30): it has no mk/spksrc.service.mk; nothing changed\n")
        assert snapshot(tree) == before


def test_a_service_makefile_without_dsm_7_s_resource_rule_is_refused_untouched(tree):
    """As spksrc from 2017 to 2021-03: mk/spksrc.service.mk without conf/resource."""
    service = tree / "mk" / "spksrc.service.mk"
    service.write_text(service.read_text().replace("\n$(DSM_CONF_DIR)/resource:",
                                                   "\n$(DSM_CONF_DIR)/other:"))
    before = snapshot(tree)
    result = vendor(tree)
    assert result.returncode == 1
    assert result.stderr.endswith("2021-05-30): its mk/spksrc.service.mk has no "
                                  "$(DSM_CONF_DIR)/resource rule; nothing changed\n")
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


@pytest.mark.parametrize("mode", [[], ["--committed"]], ids=["personal", "committed"])
@pytest.mark.parametrize("case", ["own-folder", "linked-folder", "linked-file"])
def test_nothing_outside_the_tree_or_not_its_own_is_written_or_removed(tmp_path, tree, mode,
                                                                        case):
    """A user's own mk/spkgen/, an mk/spkgen linked elsewhere, or the edited file (local.mk;
    mk/spksrc.common.mk for --committed) linked elsewhere: refused with the path named,
    the tree and what the link points at unchanged."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared.mk").write_text("# shared\n")
    edited = tree / ("mk/spksrc.common.mk" if mode else "local.mk")
    if case == "own-folder":
        (tree / "mk" / "spkgen").mkdir()
        (tree / "mk" / "spkgen" / "notes.txt").write_text("mine\n")
        named = tree / "mk" / "spkgen"
    elif case == "linked-folder":
        (tree / "mk" / "spkgen").symlink_to(outside)
        named = tree / "mk" / "spkgen"
    else:
        if edited.exists():
            (outside / "shared.mk").write_bytes(edited.read_bytes())
            edited.unlink()
        edited.symlink_to(outside / "shared.mk")
        named = edited
    before, outside_before = snapshot(tree), snapshot(outside)
    for args in (mode, ["--uninstall"]):
        result = vendor(*args, str(tree))
        if args == ["--uninstall"] and case == "linked-file":   # nothing of ours to undo
            assert (result.returncode, snapshot(outside)) == (0, outside_before)
            continue
        assert result.returncode == 1, result.stdout
        assert result.stderr.startswith(f"vendor-into: error: {named} ") and \
            result.stderr.rstrip().endswith("nothing changed"), result.stderr
        assert (snapshot(tree), snapshot(outside)) == (before, outside_before)
