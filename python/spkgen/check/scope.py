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


# spkgen supports spksrc trees whose framework writes conf/resource, the file spkgen
# replaces, for every DSM version spkgen serves (6.0 and later): a rule for
# $(DSM_CONF_DIR)/resource in mk/spksrc.service.mk, not inside a DSM 7 only condition.
# The rule came with DSM 7 support (SynoCommunity/spksrc#4395, merged 2021-03-11) inside
# 'ifneq ($(call version_ge, ${TCVERSION}, 7.0),1) ... else': those trees (to 2021-04-30,
# 35e4364ca) write no conf/resource for DSM 6, where spkgen would write one.  Since
# 35e4364ca it is inside 'ifeq ($(call version_ge, ${TCVERSION}, 6.0),1)', in every version
# of the file to 2026-08 (checked on spksrc's history: every commit changing the file);
# trees of 2015 have no such file, trees of 2019 have it without the rule.  Its
# SERVICE_WIZARD_SHARE data share went to DSM 6 too from 2021-04-30 to 2021-05-29 and
# from 2021-08-31 to 2021-09-04 (f5fc4a3be), where spkgen writes it on DSM 7 (or with
# USE_DATA_SHARE_WORKER, since 2021-10): those trees are refused too.
SUPPORTED_SINCE = "spksrc trees since 2021-05-30"
_RESOURCE_RULE = re.compile(rb"^\$[({]DSM_CONF_DIR[)}]/resource[ \t]*:", re.MULTILINE)
_CONDITIONAL = re.compile(rb"^[ \t]*(ifeq|ifneq|ifdef|ifndef|else|endif)\b(.*)$")
_DSM_7 = re.compile(rb"\b7\.0\b")


def _conditions(text: bytes, offset: int) -> list[bytes]:
    """The conditions of the conditionals enclosing offset (an 'else' adds its own to its
    'if''s)."""
    stack: list[bytes] = []
    for line in text[:offset].split(b"\n"):
        match = _CONDITIONAL.match(line)
        if not match:
            continue
        word, rest = match.groups()
        if word == b"endif":
            if stack:
                stack.pop()
        elif word == b"else":
            if stack:
                stack[-1] = stack[-1] + b" " + rest
        else:
            stack.append(rest)
    return stack


def _on_dsm_7(conditions: list[bytes]) -> bool:
    return any(_DSM_7.search(condition) for condition in conditions)


def unsupported_tree(tree: str) -> str | None:
    """Why spkgen cannot work in tree, in one line, or None: from the tree's own mk/
    files, the conf/resource rule of spksrc's framework."""
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
    rule = _RESOURCE_RULE.search(text)
    if not rule:
        return f"{older}: its mk/spksrc.service.mk has no $(DSM_CONF_DIR)/resource rule"
    if _on_dsm_7(_conditions(text, rule.start())):
        return (f"{older}: its mk/spksrc.service.mk writes conf/resource for DSM 7 only, "
                "where spkgen would write one for DSM 6 too")
    share = text.find(b'"data-share"', rule.start())
    if share >= 0:
        around = _conditions(text, share)
        if not _on_dsm_7(around) and not any(b"USE_DATA_SHARE_WORKER" in c for c in around):
            return (f"{older}: its mk/spksrc.service.mk writes SERVICE_WIZARD_SHARE's data "
                    "share on DSM 6 too, where spkgen writes it on DSM 7 (or with "
                    "USE_DATA_SHARE_WORKER = yes)")
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
