"""The orphan rule: protocol files and conf folders no build ships, judged over every DSM
version the tree builds for (its toolchains), whichever versions are checked."""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Callable

from ...assignments import first_assignment
from ...dsm import Version, list_conf_folders, variant_version
from ..cache import walk_files
from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from .build import Validated, norm, validate


def orphans(package_dir: str, seen: list[Validated], versions: list[str]) -> list[Finding]:
    """Protocol files and conf folders that no build of ``seen`` (for ``versions``) ships."""
    found = []
    shipped = set().union(*(s.shipped_sc for s in seen))
    chosen = {s.conf for s in seen}
    listed = ", ".join(versions)
    for path in walk_files(package_dir, skip_work=True):
        sc = os.path.relpath(path, package_dir)
        if sc.endswith(".sc") and norm(sc) not in shipped:
            found.append(Finding("warning", "orphan", f"no build ships this protocol file "
                                 f"(FWPORTS does not name it for DSM {listed})",
                                 os.path.join(package_dir, sc), None, None, set(versions)))
    lone_conf = not first_assignment(package_dir) and not any(
        name != "conf" and variant_version(name) for name in list_conf_folders(package_dir))
    for name in list_conf_folders(package_dir):
        if f"src/{name}" in chosen:
            continue
        held = [norm(os.path.relpath(p, package_dir))
                for p in walk_files(os.path.join(package_dir, "src", name), skip_work=False)]
        if held and all(f in shipped for f in held):
            continue        # it only holds protocol files FWPORTS ships (salt-master's src/conf)
        if name == "conf" and lone_conf:
            message = ("src/conf is not shipped: spksrc ships a conf folder only when CONF_DIR "
                       f"names it; to ship it, add 'CONF_DIR = src/conf/' to "
                       f"{os.path.join(package_dir, 'Makefile')}")
        else:
            message = f"no build for DSM {listed} ships this conf folder"
        found.append(Finding("warning", "orphan", message, os.path.join(package_dir, "src", name),
                             None, None, set(versions)))
    return found


def orphan_findings(candidates: dict[str, tuple[str, list[Validated]]],
                     reports: dict[str, PackageReport],
                     answers: dict[tuple[str, str], tuple[MakeAnswer, bool]],
                     versions: Sequence[str], tree_versions: Sequence[str],
                     ask_all: Callable[[Sequence[tuple[str, str]], bool], None]) -> None:
    """Orphans of the packages that have candidates among the versions checked, judged
    over every version the tree builds for: make is asked for the versions not checked
    (a package make cannot answer for one of them gets no orphan finding)."""
    others = [v for v in tree_versions if v not in versions and Version.parse(v).has_resource]
    ask_all(sorted((name, v) for name in candidates for v in others), False)
    for name, (package_dir, seen) in candidates.items():
        seen = list(seen)
        checked = [r.version for r in reports[name].runs if r.status == "ok"]
        judged = list(checked)
        for version in others:
            answer, _ = answers[(name, version)]
            if answer.status in ("failed", "timeout"):
                judged = []
                break
            if answer.status == "ok":
                seen.append(validate(PackageReport(name), version, answer.values, package_dir,
                                     answer.makefiles))
                judged.append(version)
        if not judged:
            continue
        judged.sort(key=lambda v: Version.parse(v).key)
        for finding in orphans(package_dir, seen, judged):
            finding.versions &= set(checked)
            reports[name].add(finding)
