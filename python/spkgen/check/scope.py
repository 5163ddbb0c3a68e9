"""What a check covers: the DSM versions (the tree's toolchains by default) and, with
--changed-since, the packages a change touched; and whether spkgen supports the tree at
all (unsupported_tree, also used by scripts/vendor-into)."""
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


# spkgen supports spksrc trees since DSM 7 support (SynoCommunity/spksrc#4395, merged
# 2021-03-11): the framework then began to write conf/resource, the file spkgen replaces,
# with a rule for $(DSM_CONF_DIR)/resource in mk/spksrc.service.mk.  That rule is in every
# version of the file since, and in none before (checked on spksrc's history: every
# commit changing mk/spksrc.service.mk, 2021-03 to 2026-08; trees of 2015 have no such
# file, trees of 2019 have it without the rule).
SUPPORTED_SINCE = "spksrc trees since DSM 7 support, 2021-03"
_RESOURCE_RULE = re.compile(rb"^\$[({]DSM_CONF_DIR[)}]/resource[ \t]*:", re.MULTILINE)


def unsupported_tree(tree: str) -> str | None:
    """Why spkgen cannot work in tree, in one line, or None: from the tree's own mk/
    files, the conf/resource rule that came with DSM 7 support (2021-03)."""
    if not os.path.isfile(os.path.join(tree, "mk", "spksrc.common.mk")):
        return "not a spksrc-style tree: it has no mk/spksrc.common.mk"
    older = f"the tree is older than spkgen supports ({SUPPORTED_SINCE})"
    service = os.path.join(tree, "mk", "spksrc.service.mk")
    try:
        with open(service, "rb") as handle:
            text = handle.read()
    except FileNotFoundError:
        return f"{older}: it has no mk/spksrc.service.mk"
    except OSError as exc:
        return f"cannot read mk/spksrc.service.mk: {exc.strerror}"
    if not _RESOURCE_RULE.search(text):
        return f"{older}: its mk/spksrc.service.mk has no $(DSM_CONF_DIR)/resource rule"
    return None


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
