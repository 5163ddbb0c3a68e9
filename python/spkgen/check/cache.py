"""The check's cache: make's answer for one package and version, kept while nothing
it depends on changed.

A result depends on the make command line, spkgen's version, make's version, the
environment make runs in (but a few variables no makefile reads: VOLATILE), the
makefiles the parse read (make's own MAKEFILE_LIST), every file of the tree's mk/
and local.mk, and every file of the package folder but its work*/ folders (the
Makefile, src/, the protocol files and conf folders the check reads).  Files are
compared by content (SHA-256), not mtimes: a file restored with an older mtime,
or changed within the same second, is seen.  One JSON file per package and
version, written atomically; a damaged entry is a miss.  Paths inside the tree are
keyed relative to it, so a fresh clone elsewhere, with the cache folder restored,
hits.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..errors import SpkgenError
from ..output import write_if_changed
from .makeinfo import MakeAnswer, make_environment

FORMAT = 6


def default_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spkgen", "check")


# Environment variables left out of the key: set by shells and terminals, or by the
# way spkgen itself was started (its launcher's PYTHONPATH, a pyenv shim's PYENV_DIR,
# which is the caller's folder), and read by no makefile of a spksrc tree (which uses
# make's CURDIR, not PWD): so that a fresh clone elsewhere still hits.
VOLATILE = ("_", "PWD", "OLDPWD", "SHLVL", "TERM", "COLUMNS", "LINES", "PYTHONPATH",
            "PYTHONPYCACHEPREFIX")
VOLATILE_PREFIXES = ("PYENV_",)


def _stat(path: str) -> list[str | None]:
    """path and the SHA-256 of its content (None when it cannot be read)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return [path, None]
    return [path, digest.hexdigest()]


def make_version(make: str = "make") -> str:
    """The first line of 'make --version' (part of every key)."""
    try:
        result = subprocess.run([make, "--version"], capture_output=True, text=True,
                                timeout=30, env=make_environment())
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (result.stdout.splitlines() or ["unknown"])[0]


def walk_files(folder: str, skip_work: bool) -> list[str]:
    """Every file under folder, sorted; skip_work leaves out its top-level work*/ folders
    (a package's build output)."""
    found = []
    for root, dirs, files in os.walk(folder):
        if skip_work and root == folder:
            dirs[:] = [d for d in dirs if not d.startswith("work")]
        dirs.sort()
        found += [os.path.join(root, f) for f in sorted(files)]
    return found


def walk_folders(folder: str) -> list[str]:
    """Every folder under folder but its top-level work*/ ones (symlinked ones too, not
    followed): an empty or new conf variant folder changes make's answer."""
    found = []
    for root, dirs, _ in os.walk(folder):
        if root == folder:
            dirs[:] = [d for d in dirs if not d.startswith("work")]
        dirs.sort()
        found += [os.path.join(root, d) for d in dirs]
    return found


class Cache:
    def __init__(self, folder: str | None, tree: str, make: str = "make") -> None:
        self.folder = folder           # None: caching off
        self.tree = os.path.abspath(tree)
        self.make = make
        self._tree_stamp: dict[str, Any] | None = None
        self._digests: dict[str, str | None] = {}     # path -> SHA-256, within one run
        self.write_error: str | None = None   # the first failure to store, if any

    def tree_stamp(self) -> dict[str, Any]:
        """The tree-wide part of every key, computed once per run."""
        if self._tree_stamp is None:
            files = walk_files(os.path.join(self.tree, "mk"), False)
            files = [f for f in files if "__pycache__" not in f.split(os.sep)]
            files.append(os.path.join(self.tree, "local.mk"))
            self._tree_stamp = {
                "files": [_stat(f) for f in files], "make": make_version(self.make),
                "environment": sorted((k, v) for k, v in make_environment().items()
                                      if k not in VOLATILE
                                      and not k.startswith(VOLATILE_PREFIXES))}
        return self._tree_stamp

    def _relative(self, path: str) -> str:
        """Paths inside the tree are keyed relative to it: a fresh clone elsewhere hits."""
        inside = os.path.relpath(path, self.tree)
        return path if inside.startswith("..") else os.path.join("<tree>", inside)

    def _absolute(self, path: str) -> str:
        return os.path.join(self.tree, path[7:]) if path.startswith("<tree>/") else path

    def key(self, package: str, command: Iterable[str], makefiles: Iterable[str]) -> str:
        package_dir = os.path.join(self.tree, "spk", package)
        def stat(path: str) -> list[str | None]:
            if path not in self._digests:        # mk/ files recur in every key of a run
                self._digests[path] = _stat(path)[1]
            return [self._relative(path), self._digests[path]]
        parts = {
            "format": FORMAT, "spkgen": __version__,
            "command": [self._relative(c) if os.path.isabs(c) else c for c in command],
            "tree": [[self._relative(f), d] for f, d in self.tree_stamp()["files"]],
            "make": self.tree_stamp()["make"], "environment": self.tree_stamp()["environment"],
            "package": [stat(f) for f in walk_files(package_dir, True)],
            "folders": [self._relative(d) for d in walk_folders(package_dir)],
            "makefiles": [stat(f) for f in makefiles],
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def _path(self, package: str, version: str) -> str:
        assert self.folder is not None
        name = hashlib.sha256(f"{package}\0{version}".encode()).hexdigest()[:32]
        return os.path.join(self.folder, name + ".json")

    def load(self, package: str, version: str, command: list[str]) -> MakeAnswer | None:
        if self.folder is None:
            return None
        try:
            with open(self._path(package, version), encoding="utf-8") as handle:
                entry = json.load(handle)
            makefiles: tuple[str, ...] = tuple(self._absolute(m) for m in entry["makefiles"])
            if entry["key"] != self.key(package, command, makefiles):
                return None
            return MakeAnswer(entry["status"], dict(entry["values"]), dict(entry["install"]),
                              makefiles, entry["detail"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, package: str, version: str, command: list[str], answer: MakeAnswer) -> None:
        """Keep answers that depend only on the files: ok and unsupported."""
        if self.folder is None or answer.status not in ("ok", "unsupported"):
            return
        entry: dict[str, object] = {
            "key": self.key(package, command, answer.makefiles), "status": answer.status,
            "values": answer.values, "install": answer.install,
            "makefiles": [self._relative(m) for m in answer.makefiles],
            "detail": answer.detail}
        try:
            write_if_changed(self._path(package, version), json.dumps(entry, sort_keys=True))
        except SpkgenError as exc:    # costs only time next run, but is said (cli.py)
            self.write_error = self.write_error or str(exc)
