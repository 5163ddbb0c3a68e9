import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
DATA = os.path.join(ROOT, "tests", "data")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
LAUNCHER = os.path.join(ROOT, "scripts", "spkgen")


def shared_corpus(kind):
    """Path of ../shared/corpus/<kind>, or skip when ../shared is not beside the repo."""
    path = os.path.join(SHARED, "corpus", kind)
    if not os.path.isdir(path):
        pytest.skip(f"{path} is absent: the shared corpus is only beside developer checkouts")
    return path


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
