"""What a check covers: the DSM versions (the tree's toolchains by default) and, with
--changed-since, the packages a change touched."""
from __future__ import annotations

import os
import re
import subprocess

from ..dsm import V6_0, Version
from ..errors import SpkgenError

FALLBACK_VERSIONS = ("6.2.4", "7.1", "7.2")
_TOOLCHAIN = re.compile(r"syno-(?P<arch>[^-]+)-(?P<version>[0-9][0-9.]*)\Z")


def toolchain_versions(tree: str, arch: str) -> list[str]:
    """Every DSM version (6.0 and above) the tree has a toolchain for,
    toolchain/syno-<arch>-<version>; for noarch (or an arch without toolchains) those of
    any arch.  Variants such as syno-x64-6.2.4_rust-1.82 count as their version."""
    try:
        names = os.listdir(os.path.join(tree, "toolchain"))
    except OSError:
        return []
    found: dict[str, set[str]] = {}
    for name in names:
        match = _TOOLCHAIN.match(name.split("_")[0])
        if match:
            found.setdefault(match.group("arch"), set()).add(match.group("version"))
    versions: set[str] = found.get(arch) or set().union(*found.values()) if found else set()
    good = []
    for version in versions:
        try:
            if Version.parse(version) >= V6_0:
                good.append(version)
        except SpkgenError:
            continue
    return sorted(good, key=lambda v: Version.parse(v).key)


def changed_packages(tree: str, revision: str, packages: list[str]) -> list[str] | None:
    """Packages whose folder differs between revision and the work tree (git diff plus
    untracked files); None when a change under mk/ or to local.mk concerns them all.
    Raises SpkgenError naming git's complaint."""
    def git(*args: str) -> list[str]:
        try:
            result = subprocess.run(["git", "-C", tree, *args], capture_output=True, text=True)
        except OSError as exc:
            raise SpkgenError(f"cannot run git: {exc.strerror}", file="--changed-since") from None
        if result.returncode != 0:
            message = (result.stderr.strip().splitlines() or ["git failed"])[-1]
            raise SpkgenError(message, file="--changed-since")
        return [line for line in result.stdout.splitlines() if line]
    paths = git("diff", "--name-only", "--relative", revision, "--")
    paths += git("ls-files", "--others", "--exclude-standard")
    touched = set()
    for path in paths:
        parts = path.split("/")
        if parts[0] == "mk" or path == "local.mk":
            return None
        if parts[0] == "spk" and len(parts) > 1:
            touched.add(parts[1])
    return [p for p in packages if p in touched]
