"""Migration advice: conf-dir-redundant (CONF_DIR lines the automatic choice makes
needless) and conf-variant-redundant (a conf variant equal to the next lower one)."""
from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any

from ... import webservice
from ...assignments import conf_dir_assignments, lines_to_delete
from ...dsm import Version, automatic_conf, list_conf_folders, variant_version
from ...errors import SpkgenError
from ...resource import load_static
from ..model import Finding, PackageReport
from .build import folder_files, norm, read_bytes


def conf_dir_redundant(report: PackageReport, package_dir: str,
                        answers: list[tuple[str, dict[str, str]]]) -> None:
    """A note when the package's CONF_DIR assignments choose, for every version checked,
    what the automatic choice would once they are deleted: both are evaluated."""
    assignments = conf_dir_assignments(package_dir)
    if not assignments or not answers:
        return
    chosen = []
    for version, values in answers:
        own = norm(values.get("CONF_DIR", "").strip()) or None
        try:
            automatic = automatic_conf(package_dir, Version.parse(version)).folder
        except SpkgenError:
            return
        if values.get("SPKGEN_CONF_AUTO", "").strip() or own != automatic:
            return
        chosen.append(f"{version}: {own or '(none)'}")
    first = assignments[0]
    ranges = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in lines_to_delete(assignments))
    others = sorted({a.file for a in assignments} - {first.file})
    also = f", and the CONF_DIR lines of {', '.join(others)}" if others else ""
    report.add(Finding(
        "note", "conf-dir-redundant",
        f"CONF_DIR is assigned here to what spkgen's automatic choice gives for every DSM "
        f"version checked ({'; '.join(chosen)}): "
        f"delete line{'s' if '-' in ranges or ',' in ranges else ''} "
        f"{ranges} of {first.file}{also}", first.file, first.line, None,
        {v for v, _ in answers}))


def _without_generated_backends(resource: Any, depends: Sequence[str]) -> Any:
    """A static resource without the backend numbers spkgen fills in from SPK_DEPENDS
    (those of every version named in depends must be derivable)."""
    web = resource.get("webservice") if isinstance(resource, dict) else None
    if not isinstance(web, dict) or not isinstance(web.get("services"), list):
        return resource
    result = copy.deepcopy(resource)
    for service in result["webservice"]["services"]:
        if not isinstance(service, dict):
            continue
        php = service.get("php")
        if isinstance(php, dict) and all(webservice.dependency(d, "PHP") for d in depends):
            php.pop("backend", None)
        if service.get("type") == "apache_php" and \
                all(webservice.dependency(d, "Apache") for d in depends):
            service.pop("backend", None)
    return result


def conf_variant_redundant(report: PackageReport, package_dir: str,
                            shipped: list[tuple[str, dict[str, str], str | None]]) -> None:
    """A note for a variant folder whose shipped files equal the next lower variant's
    once the generated values (backend numbers from SPK_DEPENDS) are filled in."""
    variants = sorted((v, n) for n in list_conf_folders(package_dir)
                      for v in [variant_version(n)] if v is not None)
    for (_, lower), (_, higher) in zip(variants, variants[1:]):
        users = {f"src/{n}": [(v, vals) for v, vals, c in shipped if c == f"src/{n}"]
                 for n in (lower, higher)}
        if not users[f"src/{higher}"] or not users[f"src/{lower}"]:
            continue
        low_dir, high_dir = (os.path.join(package_dir, "src", n) for n in (lower, higher))
        low_files, high_files = (folder_files(package_dir, f"src/{n}") for n in (lower, higher))
        if low_files.keys() != high_files.keys() or any(
                read_bytes(low_files[n]) != read_bytes(high_files[n]) for n in low_files):
            continue
        depends = [vals.get("SPK_DEPENDS", "") for users_of in users.values()
                   for _, vals in users_of]
        resources = []
        for folder in (low_dir, high_dir):
            path = os.path.join(folder, "resource")
            try:
                resources.append(_without_generated_backends(load_static(path), depends)
                                 if os.path.isfile(path) else None)
            except (SpkgenError, ValueError):
                resources = []
                break
        if len(resources) != 2 or resources[0] != resources[1]:
            continue
        versions = [v for v, _ in users[f"src/{higher}"]]
        message = (f"src/{higher} can go: once the backend numbers spkgen fills in from "
                   f"SPK_DEPENDS are left out of src/{lower}/resource, src/{lower} ships the "
                   f"same files for DSM {', '.join(versions)}")
        assignments = conf_dir_assignments(package_dir)
        if assignments:
            same = all(
                automatic_conf(package_dir, Version.parse(v), without=(higher,)).folder ==
                (f"src/{lower}" if c == f"src/{higher}" else c) for v, _, c in shipped)
            lines = ", ".join(f"{a.file}:{a.line}" for a in assignments)
            message += (f"; the CONF_DIR assignments ({lines}) then choose what the automatic "
                        "choice does and can go too" if same else
                        f"; then change the CONF_DIR assignments ({lines})")
        report.add(Finding("note", "conf-variant-redundant", message,
                           os.path.normpath(high_dir), None, None, set(versions)))
