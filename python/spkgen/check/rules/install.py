"""Rules of what installing needs, per build: dependency (SPK_DEPENDS, PKG_DEPS against
the tree's packages and Synology's, dependencies.py) and wizard-placeholder (wizards.py)."""
from __future__ import annotations

import os
import re
from typing import Callable

from ... import webservice
from ...assignments import variable_line
from ...dsm import list_conf_folders
from ...errors import SpkgenError
from .. import dependencies as deplib
from .. import wizards as wizardlib
from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from .build import Validated, read_bytes


def _pkg_deps_files(package_dir: str) -> list[str]:
    return sorted(os.path.join(package_dir, "src", name, "PKG_DEPS")
                  for name in list_conf_folders(package_dir)
                  if os.path.isfile(os.path.join(package_dir, "src", name, "PKG_DEPS")))


def declared_names(package_dir: str, values: dict[str, str]) -> list[str]:
    """Every package name SPK_DEPENDS or one of the package's PKG_DEPS files names."""
    names = []
    try:
        names += [d.name for d in deplib.parse_depends(values.get("SPK_DEPENDS", ""))]
    except SpkgenError:
        pass
    for path in _pkg_deps_files(package_dir):
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                names += re.findall(r"^\s*\[([^\]]+)\]", handle.read(), re.MULTILINE)
        except OSError:
            pass
    return names


def tree_answer(dep: str, version: str, tree_names: dict[str, str],
                 answers: dict[tuple[str, str], tuple[MakeAnswer, bool]]
                 ) -> tuple[str, MakeAnswer] | None:
    """(folder, make's answer) of the tree's package named dep, on version; None when the
    tree has no such package."""
    folder = tree_names.get(dep)
    if folder is None:
        return None
    found = answers.get((folder, version))
    return (folder, found[0]) if found else (folder, MakeAnswer("failed"))


def install_findings(report: PackageReport, version: str, answer: MakeAnswer,
                      validated: Validated, package_dir: str, arch: str,
                      lookup: Callable[[str], tuple[str, MakeAnswer] | None]
                      ) -> str | None:
    """Dependencies and wizard placeholders of one build; returns why its wizard could not
    be read, if so."""
    result = validated.result
    if result is None:
        return None
    values, target = answer.values, result.target
    conf = result.conf.folder if result.conf else None
    pkg_deps = os.path.join(package_dir, conf, "PKG_DEPS") if conf else None
    try:
        if pkg_deps and os.path.isfile(pkg_deps):        # Package Center prefers it
            declared = deplib.read_pkg_deps(pkg_deps, target)
        else:
            spk_depends = values.get("SPK_DEPENDS", "")
            declared = []
            for dep in deplib.parse_depends(spk_depends):
                file, line = variable_line(package_dir, "SPK_DEPENDS", dep.text)
                declared.append(deplib.Dependency(dep.name, dep.op, dep.version, dep.text,
                                                  file, line))
    except SpkgenError as exc:
        for diag in exc.diagnostics:
            report.add(Finding("warning", "dependency", diag.message, diag.file, diag.line,
                               None, {version}))
        declared = []
    # PHP and Apache of a webservice: the build checks those already (static-resource rules)
    web = result.resource.get("webservice") if isinstance(result.resource, dict) else None
    checked = {f"{kind}{webservice.dependency(values.get('SPK_DEPENDS', ''), kind)}"
               for kind in ("PHP", "Apache") if web} if web else set()
    for dep in declared:
        if dep.name in checked:
            continue
        found = lookup(dep.name)
        if found is not None:
            folder, other = found
            vers = "-".join(v for v in (other.install.get("SPK_VERS", "").strip(),
                                        other.install.get("SPK_REV", "").strip()) if v)
            resolution: deplib.Resolution | None = deplib.resolve_tree(
                dep, version, arch, other.status, other.detail, vers, folder)
        else:
            resolution = deplib.resolve_synology(dep, target) or deplib.unknown(dep)
        if resolution and resolution.severity:
            report.add(Finding(resolution.severity, "dependency", resolution.message, dep.file,
                               dep.line, None, {version}))
    # wizard placeholders
    if result.resource_text is None:
        return None
    wizard = wizardlib.read_wizard(package_dir, answer.install)
    static_path = os.path.join(package_dir, conf, "resource") if conf else None
    static_bytes = read_bytes(static_path) if static_path and os.path.isfile(static_path) else None
    static_text = static_bytes.decode("utf-8", "replace") if static_bytes is not None else None
    share_variable = next((o for w, o in result.origins if w == "data-share"
                           and o.startswith("SERVICE_WIZARD")), "SERVICE_WIZARD_SHARENAME")
    generated_at = variable_line(package_dir, share_variable)
    for missing in wizardlib.missing_keys(wizard, static_path, static_text,
                                          result.resource_text, generated_at):
        report.add(Finding("warning", "wizard-placeholder", missing.message, missing.file,
                           missing.line, missing.column, {version}))
    return wizard.unreadable or None
