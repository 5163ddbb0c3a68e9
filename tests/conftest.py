import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
DATA = os.path.join(ROOT, "tests", "data")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
LAUNCHER = os.path.join(ROOT, "scripts", "spkgen")


# spksrc's layouts since 2021 (tests/data/generations/README.md): None is today's, the
# example tree as it is; the others lay stand-in files over its mk/ and edit it (in order).
GENERATIONS = (None, "2025", "2023", "2021")
GENERATION_LAYERS = {"2025": ("2025",), "2023": ("2023",), "2021": ("2023", "2021")}


def lay_generation(tree, generation):
    """Turn a copy of examples/ (tree) into the stand-in of a spksrc generation: each
    layer's files replace the tree's, then its edits.json ({file, old, new, why}) apply."""
    for layer in GENERATION_LAYERS.get(generation, ()):
        folder = os.path.join(DATA, "generations", layer)
        if os.path.isdir(os.path.join(folder, "mk")):
            shutil.copytree(os.path.join(folder, "mk"), os.path.join(tree, "mk"),
                            dirs_exist_ok=True)
        edits = os.path.join(folder, "edits.json")
        listed = []
        if os.path.exists(edits):
            with open(edits) as handle:
                listed = json.load(handle)
        for edit in listed:
            path = os.path.join(tree, edit["file"])
            with open(path) as handle:
                text = handle.read()
            assert edit["old"] in text, (edits, edit["old"])
            with open(path, "w") as handle:
                handle.write(text.replace(edit["old"], edit["new"]))


def copy_example_tree(base, generation=None):
    """examples/ and the plugin (mk/, python/, scripts/) copied under base, side by side as
    in the repo; returns the copy of examples/ (its local.mk includes ../mk/spkgen.mk),
    as the given spksrc generation lays it out."""
    for part in ("mk", "python", "scripts", "examples"):
        shutil.copytree(os.path.join(ROOT, part), os.path.join(base, part),
                        ignore=shutil.ignore_patterns("__pycache__", "work-*", "packages"))
    tree = type(base)(os.path.join(base, "examples"))
    lay_generation(tree, generation)
    return tree


@pytest.fixture
def tree(tmp_path):
    """A copy of the example tree for one test, the plugin beside it (copy_example_tree).
    Modules whose tests share one copy, or need another tree, define their own 'tree'."""
    return copy_example_tree(tmp_path / "t")


def example_tree_with(base, extra):
    """copy_example_tree plus the stand-in packages of tests/data/<extra>/spk."""
    tree = copy_example_tree(base)
    shutil.copytree(os.path.join(DATA, extra, "spk"), tree / "spk", dirs_exist_ok=True)
    return tree


def folder_bytes(folder):
    """Every file under folder: {relative path: bytes}."""
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, folder)] = handle.read()
    return found


def run_make(folder, *args, env=None, check=False):
    """GNU make in folder (a tree, or a package folder spk/<name> of one) with args, quiet
    (-s, no directory lines), in a scrubbed environment: PATH, HOME=the tree (the launcher
    then keeps bytecode in the tree's .cache), LC_ALL=C; env adds variables or, given None
    for one, leaves it out.  check: fail the test, with make's output, when make fails.
    Returns the CompletedProcess (text)."""
    folder = pathlib.Path(folder)
    tree = folder.parent.parent if folder.parent.name == "spk" else folder
    full = {"PATH": os.environ["PATH"], "HOME": str(tree), "LC_ALL": "C"}
    for name, value in (env or {}).items():
        if value is None:
            full.pop(name, None)
        else:
            full[name] = value
    result = subprocess.run(["make", "-s", "--no-print-directory", "-C", str(folder), *args],
                            capture_output=True, text=True, env=full)
    if check and result.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} in {folder} failed:\n{result.stdout}\n"
                             f"{result.stderr}")
    return result


def shared_corpus(kind):
    """Path of ../shared/corpus/<kind>, or skip when ../shared is not beside the repo."""
    path = os.path.join(SHARED, "corpus", kind)
    if not os.path.isdir(path):
        pytest.skip(f"{path} is absent: the shared corpus is only beside developer checkouts")
    return path


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory):
    """XDG_CACHE_HOME in a temporary folder for the whole run: the launcher's bytecode
    (scripts/spkgen, run by tests that inherit the environment) and check's cache of make
    answers (also of in-process runs) go there, not to the user's ~/.cache/spkgen/.
    run_make's scrubbed environment does not carry it: there HOME says where."""
    cache = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        yield cache


@pytest.fixture
def python_counter(tmp_path):
    """An SPKGEN_PYTHON that logs each start, and a way to read the count."""
    log = tmp_path / "python-starts"
    wrapper = tmp_path / "python-counter"
    wrapper.write_text(f"#!/bin/sh\necho started >> {log}\nexec python3 \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper), lambda: len(log.read_text().splitlines()) if log.exists() else 0


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the CLI in-process in a directory: returns (exit code, stdout, stderr)."""
    from spkgen.cli import main

    def run(*args, cwd="."):
        monkeypatch.chdir(cwd)
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err
    return run


# Modules that drive real GNU make on example trees: .ci/run runs them on its main Python
# only (marker "make"); every Python runs the rest, where the Python code paths are.
MAKE_MODULES = {"test_assignments", "test_bad_input_make", "test_check_make", "test_fidelity",
                "test_make_conf_choice", "test_make_hardening", "test_make_plugin",
                "test_ports_and_scope", "test_real_tree", "test_spksrc_model", "test_vendor",
                "test_make_work_dir", "test_check_install"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__ in MAKE_MODULES:
            item.add_marker(pytest.mark.make)


def named_by_location(diag):
    """The input a build diagnostic's location names: how 'spkgen check' told the rule
    before diagnostics carried codes.  Tests check the codes set at the source against it."""
    import re
    where = diag.file or ""
    if where.endswith(".sc"):
        return "protocol-file"
    if os.path.basename(where) == "resource":
        return "static-resource"
    if not where or re.fullmatch(r"[A-Z_/]+|--set|spkgen", where):
        return "variable"
    return "package-files"


def pythons_older_than(major, minor):
    """The interpreters under pyenv older than major.minor (for the tests of what an old
    Python meets)."""
    root = os.path.join(os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv")), "versions")
    found = []
    for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        parts = name.split(".")
        if parts[0].isdigit() and parts[1:2] and parts[1].isdigit() and \
                (int(parts[0]), int(parts[1])) < (major, minor):
            path = os.path.join(root, name, "bin", "python")
            if os.path.exists(path):
                found.append(path)
    return found
