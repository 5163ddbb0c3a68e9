"""``spkgen check``: every package of a tree, for several DSM versions, in one report.

For each package and version, make gives the package's inputs (makeinfo, or the
cache); the build is then run in memory, as ``spkgen build`` would, and its
messages kept.  Across the results: port and link clashes (clashes), orphans
(protocol files and conf folders no build ships), and what spksrc alone would
ship differently (spksrc_model).  report.py prints the result.
"""
from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from .. import webservice
from ..assignments import conf_dir_assignments, first_assignment, lines_to_delete, variable_line
from ..build import Result, build, conf_files
from ..compare import changed_workers, compare
from ..dsm import Version, automatic_conf, list_conf_folders, variant_version
from ..errors import Diagnostic, SpkgenError
from ..inputs import Inputs
from ..protocol import Service, parse_protocol_file
from ..resource import load_static
from . import clashes as clashlib
from . import dependencies as deplib
from . import wizards as wizardlib
from .cache import Cache, walk_files
from .makeinfo import MakeAnswer, ask_make, make_command
from .spksrc_model import spksrc_ships

SEVERITY_RANK = {"error": 0, "warning": 1, "note": 2}

# Finding kinds, which are also the stable rule ids of the SARIF and GitHub formats, in
# the order reports list them, each with a short description (README: "Rule ids").
RULES = {
    "make-failed": "make failed while giving the package's inputs (spkgen-info)",
    "make-timeout": "make hung while giving the package's inputs and was stopped",
    "protocol-file": "a protocol file (*.sc) the build reads is invalid or questionable",
    "static-resource": "a static conf/resource is invalid or breaks a rule of Synology's guide",
    "variable": "a Makefile variable spkgen reads is invalid or questionable",
    "package-files": "the package's folders (src/, conf folders) are invalid or questionable",
    "port-clash": "a port and protocol another package or DSM itself declares",
    "link-clash": "a /usr/local link another package makes",
    "orphan": "a protocol file or conf folder no build ships",
    "dependency": "a dependency (SPK_DEPENDS, PKG_DEPS) that the tree or DSM cannot meet "
                  "where the package is published",
    "wizard-placeholder": "a {{placeholder}} of conf/resource that is no install wizard key",
    "change": "what the package ships differs from spksrc alone's",
    "conf-dir-redundant": "CONF_DIR lines choosing what the automatic choice would",
    "conf-variant-redundant": "a conf variant folder equal to the next lower one once "
                              "spkgen fills in the generated values",
}


def build_rule(diag: Diagnostic) -> str:
    """The rule id of a build diagnostic: by what it is about."""
    where = diag.file or ""
    if where.endswith(".sc"):
        return "protocol-file"
    if os.path.basename(where) == "resource":
        return "static-resource"
    if not where or re.fullmatch(r"[A-Z_/]+|--set|spkgen", where):
        return "variable"
    return "package-files"


@dataclass
class Finding:
    severity: str
    kind: str                   # the rule id: one of RULES
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    versions: set[str] = field(default_factory=set)
    context: tuple[str, ...] = ()      # make's last lines, for failures

    @property
    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.severity, self.message, self.file, self.line, self.column)


@dataclass
class Run:
    version: str
    status: str                 # ok, unsupported, failed, timeout, no-resource
    cached: bool = False
    detail: str = ""
    conf: str | None = None  # the conf folder the build ships
    wizard_unread: str | None = None   # why its wizard keys were not read (none checked)


@dataclass
class PackageReport:
    name: str
    runs: list[Run] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        """Identical findings of several versions are one finding listing them."""
        for seen in self.findings:
            if (seen.severity, seen.kind, seen.message, seen.file, seen.line, seen.column,
                    seen.context) == (finding.severity, finding.kind, finding.message,
                                      finding.file, finding.line, finding.column,
                                      finding.context):
                seen.versions |= finding.versions
                return
        self.findings.append(finding)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.kind != "change")

    @property
    def rank(self) -> int:
        return min([SEVERITY_RANK[f.severity] for f in self.findings], default=3)


@dataclass
class Report:
    tree: str
    arch: str
    versions: list[str]
    packages: list[PackageReport]
    clashes: list[clashlib.Clash]
    ports: list[clashlib.Claim] = field(default_factory=list)    # every package's, not DSM's

    def keep_only(self, names: Sequence[str]) -> None:
        """Report these packages only (--changed-since), and the clashes they are in."""
        kept = set(names)
        self.packages = [p for p in self.packages if p.name in kept]
        self.clashes = [c for c in self.clashes if {c.first.owner, c.second.owner} & kept]
        self.ports = [c for c in self.ports if c.owner in kept]

    def fails(self, fail_on: str = "error") -> bool:
        """Whether a finding is of severity fail_on or above (--fail-on)."""
        worst = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] <= worst for p in self.packages for f in p.findings)

    def summary(self) -> dict[str, int]:
        runs = [r for p in self.packages for r in p.runs]
        return {
            "packages": len(self.packages), "versions": len(self.versions),
            "errors": sum(p.count("error") for p in self.packages),
            "warnings": sum(p.count("warning") for p in self.packages),
            "clashes": len(self.clashes),
            "changed": sum(1 for p in self.packages if any(f.kind == "change"
                                                            for f in p.findings)),
            "runs": len(runs), "cached": sum(1 for r in runs if r.cached),
            "unsupported": sum(1 for r in runs if r.status == "unsupported"),
            "failed": sum(1 for r in runs if r.status in ("failed", "timeout")),
        }


def find_tree(start: str) -> str | None:
    """The spksrc-style tree holding ``start``: the nearest folder with mk/ and spk/."""
    folder = os.path.abspath(start)
    while True:
        if os.path.isdir(os.path.join(folder, "spk")) and os.path.isdir(os.path.join(folder, "mk")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def list_packages(tree: str) -> list[str]:
    spk = os.path.join(tree, "spk")
    return sorted(n for n in os.listdir(spk) if os.path.isfile(os.path.join(spk, n, "Makefile")))


class _Validated:
    """What one package and version contributes to the tree-wide checks."""

    def __init__(self) -> None:
        self.port_claims: list[clashlib.Claim] = []
        self.link_claims: list[clashlib.Claim] = []
        self.shipped_sc: set[str] = set()
        self.conf: str | None = None
        self.result: Result | None = None


def _norm(path: str) -> str:
    return os.path.normpath(path.rstrip("/")) if path else ""


# Files spksrc's service step writes into conf/ itself (a conf folder's file replaces them).
GENERATED_CONF = ("privilege", "resource")


def _spksrc_services(values: dict[str, str], package_dir: str, shipped_file: str | None,
                     ours: Sequence[Service]) -> list[Service]:
    """The services of the protocol file spksrc alone ships: the first FWPORTS file
    copied as is, else the SERVICE_PORT one (the same as ours)."""
    if shipped_file:
        try:
            return parse_protocol_file(os.path.join(package_dir, shipped_file))
        except SpkgenError:
            return []
    if values.get("SERVICE_PORT", "").strip():
        return [s for s in ours if s.file == "SERVICE_PORT"]
    return []


def _folder_files(package_dir: str, folder: str | None) -> dict[str, str]:
    """name -> path of the plain files a conf folder ships (resource aside)."""
    if not folder:
        return {}
    found = conf_files(os.path.join(package_dir, folder))
    return {os.path.basename(p): os.path.normpath(p) for p in found
            if os.path.basename(p) != "resource"}


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _conf_file_changes(theirs: dict[str, str], ours: dict[str, str]) -> list[tuple[str, str]]:
    lines = []
    for name in sorted(theirs.keys() | ours.keys()):
        mine, other = ours.get(name), theirs.get(name)
        if mine and other:
            if _read(mine) != _read(other):
                lines.append((f"conf/{name}: spkgen ships {mine}, spksrc alone ships {other}",
                              mine))
        elif mine:
            alone = "its generated one" if name in GENERATED_CONF else "no such file"
            lines.append((f"conf/{name}: spkgen ships {mine}, spksrc alone ships {alone}", mine))
        else:
            assert other
            ours_text = "the generated one" if name in GENERATED_CONF else "no such file"
            lines.append((f"conf/{name}: spksrc alone ships {other}, spkgen ships {ours_text}",
                          other))
    return lines


def _changes(values: dict[str, str], package_dir: str, result: Result,
             makefile: str, makefiles: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(message, file) for everything a build with spkgen ships differently: each file of
    conf/ and the staged protocol file."""
    shipped = spksrc_ships(values, package_dir, makefiles)
    assert result.resource is not None and result.resource_text is not None
    resource = result.resource
    lines: list[tuple[str, str]] = []
    ours_folder = result.conf.folder if result.conf else None
    lines += _conf_file_changes(_folder_files(package_dir, shipped.conf_folder),
                                _folder_files(package_dir, ours_folder))
    if shipped.resource is None:
        lines.append((f"spksrc alone ships an empty conf/resource: {shipped.empty_reason}",
                      makefile))
    elif shipped.resource_text != result.resource_text:
        before = len(lines)
        changed = changed_workers(shipped.resource, resource)
        for worker in sorted(changed):
            line = (f"spksrc alone ships a different \"{worker}\": "
                    f"{json.dumps(shipped.resource[worker], sort_keys=True)}")
            if worker == "port-config" and shipped.protocol_file:
                line += (f" (it copies {shipped.protocol_file} as "
                         f"{resource[worker].get('protocol-file')}, so DSM finds no file)")
            lines.append((line, makefile))
        for entry in compare(shipped.resource, resource, skip=changed):
            sign, text = entry[0], entry[2:]
            lines.append((f"spksrc alone loses {text}" if sign == "+"
                          else f"spksrc alone ships {text}, spkgen does not", makefile))
        if len(lines) == before:
            lines.append(("conf/resource: the same entries, in another order or layout", makefile))
    if shipped.protocol_text != result.protocol_text:
        before = len(lines)
        where = os.path.normpath(os.path.join(package_dir, shipped.protocol_file)) \
            if shipped.protocol_file else makefile
        theirs = {f"[{s.name}] {s.dst_ports}" for s in
                  _spksrc_services(values, package_dir, shipped.protocol_file, result.services)}
        for service in result.services:
            text = f"[{service.name}] {service.dst_ports}"
            if text not in theirs:
                lines.append((f"spksrc alone loses protocol-file service {text}", where))
        if len(lines) == before:
            staged = f"{values.get('DSM_UI_DIR', '').strip() or 'app'}/" \
                f"{values.get('SPK_NAME', '').strip()}.sc"
            lines.append((f"{staged}: the same services, written in spkgen's canonical form "
                          "(spksrc alone copies the file as is)", where))
    if lines:
        for variable, file, number in shipped.late:
            lines.append((f"spksrc alone leaves {variable} out: {file}:{number} assigns it only "
                          "after spksrc.spk.mk is included, when spksrc's service makefile has "
                          "already tested it (empty); spkgen reads its final value", file))
    return lines


def validate(report: PackageReport, version: str, values: dict[str, str],
             package_dir: str, makefiles: Sequence[str] = ()) -> _Validated:
    """Run the build in memory; record its messages and what it ships."""
    seen = _Validated()
    seen.shipped_sc = {_norm(f) for f in values.get("FWPORTS", "").split()}
    seen.conf = _norm(values.get("CONF_DIR", "").strip()) or None
    makefile = os.path.join(package_dir, "Makefile")
    try:
        inputs = Inputs.from_variables(values, makefile)
        result = build(inputs, package_dir)
    except SpkgenError as exc:
        for diag in exc.diagnostics:
            report.add(Finding(diag.severity, build_rule(diag), diag.message, diag.file, diag.line,
                               diag.column, {version}))
        return seen
    for diag in result.diagnostics:
        report.add(Finding(diag.severity, build_rule(diag), diag.message, diag.file, diag.line,
                           diag.column, {version}))
    if result.resource is None:
        return seen
    seen.port_claims = clashlib.port_claims(report.name, result.services, [version])
    linker = result.resource.get("usr-local-linker")
    source = dict(result.origins).get("usr-local-linker", makefile)
    seen.link_claims = clashlib.link_claims(report.name, linker, source, [version])
    for text, where in _changes(values, package_dir, result, makefile, makefiles):
        report.add(Finding("note", "change", text, where, None, None, {version}))
    seen.result = result
    seen.conf = result.conf.folder if result.conf else None
    if result.conf and result.conf.folder:
        folder = os.path.join(package_dir, result.conf.folder)
        seen.shipped_sc |= {_norm(os.path.relpath(p, package_dir)) for p in conf_files(folder)}
    return seen


def _pkg_deps_files(package_dir: str) -> list[str]:
    return sorted(os.path.join(package_dir, "src", name, "PKG_DEPS")
                  for name in list_conf_folders(package_dir)
                  if os.path.isfile(os.path.join(package_dir, "src", name, "PKG_DEPS")))


def _declared_names(package_dir: str, values: dict[str, str]) -> list[str]:
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


def _tree_answer(dep: str, version: str, tree_names: dict[str, str],
                 answers: dict[tuple[str, str], tuple[MakeAnswer, bool]]
                 ) -> tuple[str, MakeAnswer] | None:
    """(folder, make's answer) of the tree's package named dep, on version; None when the
    tree has no such package."""
    folder = tree_names.get(dep)
    if folder is None:
        return None
    found = answers.get((folder, version))
    return (folder, found[0]) if found else (folder, MakeAnswer("failed"))


def _install_findings(report: PackageReport, version: str, answer: MakeAnswer,
                      validated: _Validated, package_dir: str, arch: str,
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
    static_bytes = _read(static_path) if static_path and os.path.isfile(static_path) else None
    static_text = static_bytes.decode("utf-8", "replace") if static_bytes is not None else None
    share_variable = next((o for w, o in result.origins if w == "data-share"
                           and o.startswith("SERVICE_WIZARD")), "SERVICE_WIZARD_SHARENAME")
    generated_at = variable_line(package_dir, share_variable)
    for missing in wizardlib.missing_keys(wizard, static_path, static_text,
                                          result.resource_text, generated_at):
        report.add(Finding("warning", "wizard-placeholder", missing.message, missing.file,
                           missing.line, missing.column, {version}))
    return wizard.unreadable or None


def _conflicts(answers: dict[tuple[str, str], tuple[MakeAnswer, bool]]
               ) -> set[frozenset[str]]:
    """Pairs of package folders one of which declares the other in SPK_CONFLICT (by
    SPK_NAME or folder name), on any version."""
    names = {}
    for (folder, _), (answer, _) in answers.items():
        if answer.status == "ok":
            names[answer.values.get("SPK_NAME", "").strip() or folder] = folder
    pairs = set()
    for (folder, _), (answer, _) in answers.items():
        if answer.status != "ok":
            continue
        try:
            declared = deplib.parse_depends(answer.install.get("SPK_CONFLICT", ""))
        except SpkgenError:
            continue
        for dep in declared:
            other = names.get(dep.name, dep.name)
            if other != folder:
                pairs.add(frozenset((folder, other)))
    return pairs


def _orphans(package_dir: str, seen: list[_Validated], versions: list[str]) -> list[Finding]:
    """Protocol files and conf folders that no build of ``seen`` (for ``versions``) ships."""
    found = []
    shipped = set().union(*(s.shipped_sc for s in seen))
    chosen = {s.conf for s in seen}
    listed = ", ".join(versions)
    for path in walk_files(package_dir, skip_work=True):
        sc = os.path.relpath(path, package_dir)
        if sc.endswith(".sc") and _norm(sc) not in shipped:
            found.append(Finding("warning", "orphan", f"no build ships this protocol file "
                                 f"(FWPORTS does not name it for DSM {listed})",
                                 os.path.join(package_dir, sc), None, None, set(versions)))
    lone_conf = not first_assignment(package_dir) and not any(
        name != "conf" and variant_version(name) for name in list_conf_folders(package_dir))
    for name in list_conf_folders(package_dir):
        if f"src/{name}" in chosen:
            continue
        if name == "conf" and lone_conf:
            message = ("src/conf is not shipped: spksrc ships a conf folder only when CONF_DIR "
                       f"names it; to ship it, add 'CONF_DIR = src/conf/' to "
                       f"{os.path.join(package_dir, 'Makefile')}")
        else:
            message = f"no build for DSM {listed} ships this conf folder"
        found.append(Finding("warning", "orphan", message, os.path.join(package_dir, "src", name),
                             None, None, set(versions)))
    return found


def _conf_dir_redundant(report: PackageReport, package_dir: str,
                        answers: list[tuple[str, dict[str, str]]]) -> None:
    """A note when the package's CONF_DIR assignments choose, for every version checked,
    what the automatic choice would once they are deleted: both are evaluated."""
    assignments = conf_dir_assignments(package_dir)
    if not assignments or not answers:
        return
    chosen = []
    for version, values in answers:
        own = _norm(values.get("CONF_DIR", "").strip()) or None
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


def _conf_variant_redundant(report: PackageReport, package_dir: str,
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
        low_files, high_files = (_folder_files(package_dir, f"src/{n}") for n in (lower, higher))
        if low_files.keys() != high_files.keys() or any(
                _read(low_files[n]) != _read(high_files[n]) for n in low_files):
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


def _orphan_findings(candidates: dict[str, tuple[str, list[_Validated]]],
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
        for finding in _orphans(package_dir, seen, judged):
            finding.versions &= set(checked)
            reports[name].add(finding)


def _clash_findings(reports: dict[str, PackageReport], found: list[clashlib.Clash],
                    conflicts: set[frozenset[str]] | None = None) -> None:
    for clash in found:
        versions = set(clash.versions)
        declared = frozenset((clash.first.owner, clash.second.owner)) in (conflicts or set())
        pairs = ((clash.first, clash.second), (clash.second, clash.first))
        for mine, other in pairs:
            if mine.owner == clashlib.DSM:
                continue
            if clash.kind == "port" and other.owner == clashlib.DSM:
                severity, message = "error", (f"port {clash.subject} of {mine.label} is DSM's "
                                              f"own ({other.label})")
            elif clash.kind == "port":
                severity, message = "warning", (f"port {clash.subject} of {mine.label} is also "
                                                f"declared by package {other.owner} "
                                                f"({other.label} in {other.where})")
            else:
                count = clash.subject.count(",") + 1
                what = "this link is" if count == 1 else f"{count} links are"
                severity, message = "warning", (f"{what} also made by package {other.owner}: "
                                                f"{clash.subject}")
            if declared:       # DSM never installs both (SPK_CONFLICT)
                severity, message = "note", f"declared conflict: {message}"
            reports[mine.owner].add(Finding(severity, f"{clash.kind}-clash", message, mine.file,
                                            mine.line,
                                            None, versions))


def check_tree(tree: str, versions: Sequence[str], packages: Sequence[str], *, arch: str = "x64",
               jobs: int = 1, timeout: float = 60.0, cache: Cache | None = None,
               make: str = "make", variables: Sequence[str] = (),
               tree_versions: Sequence[str] = (),
               progress: Callable[[int, int], None] | None = None) -> Report:
    """The report for ``packages`` (names under spk/) of ``tree`` and DSM ``versions``.
    Paths in messages are relative to the current directory, as a build's are.
    variables: VAR=value words given to every make run.  tree_versions: every DSM version
    the tree builds for (its toolchains); a folder is an orphan only when no build of any
    of them ships it, whichever versions are checked."""
    cache = cache or Cache(None, tree)
    shown = os.path.relpath(tree)
    reports = {name: PackageReport(name) for name in packages}
    answers: dict[tuple[str, str], tuple[MakeAnswer, bool]] = {}

    def ask_all(pairs: Sequence[tuple[str, str]], counted: bool) -> None:
        """make's answers for (package, version) pairs, from the cache or make, in parallel."""
        todo = []
        for name, version in pairs:
            folder = os.path.join(tree, "spk", name)
            command = make_command(folder, arch, version, make, variables)
            cached = cache.load(name, version, command)
            if cached is not None:
                answers[(name, version)] = (cached, True)
            else:
                todo.append((name, version, folder, command))
        total, done = len(pairs), len(pairs) - len(todo)
        if progress and counted:
            progress(done, total)
        pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        try:
            futures = {pool.submit(ask_make, folder, arch, version, timeout, make, variables):
                       (name, version, command) for name, version, folder, command in todo}
            for future in as_completed(futures):
                name, version, command = futures[future]
                answer = future.result()
                cache.store(name, version, command, answer)
                answers[(name, version)] = (answer, False)
                done += 1
                if progress and counted:
                    progress(done, total)
        except BaseException:          # Ctrl-C: start no more make runs (running ones finish)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    ask_all([(name, version) for name in packages for version in versions
             if Version.parse(version).has_resource], counted=True)
    # The packages of the tree that those depend on, for the same versions, even when they
    # are not checked themselves (--package, --changed-since): their own answers decide.
    tree_names = deplib.tree_names(tree, list_packages(tree))
    wanted = {(tree_names[dep], version) for (name, version), (answer, _) in answers.items()
              if answer.status == "ok"
              for dep in _declared_names(os.path.join(tree, "spk", name), answer.values)
              if dep in tree_names}
    ask_all(sorted(pair for pair in wanted if pair not in answers), counted=False)

    port_claims = clashlib.dsm_claims(versions)
    link_claims: list[clashlib.Claim] = []
    orphan_candidates: dict[str, tuple[str, list[_Validated]]] = {}
    for name in packages:
        report = reports[name]
        package_dir = os.path.normpath(os.path.join(shown, "spk", name))
        seen, complete = [], True
        ok_values: list[tuple[str, dict[str, str]]] = []
        shipped_conf: list[tuple[str, dict[str, str], str | None]] = []
        for version in versions:
            if (name, version) not in answers:
                report.runs.append(Run(version, "no-resource",
                                       detail="DSM < 6.0 has no conf/resource"))
                continue
            answer, cached = answers[(name, version)]
            run = Run(version, answer.status, cached, answer.detail)
            report.runs.append(run)
            if answer.status in ("failed", "timeout"):
                complete = False
                report.add(Finding("error", f"make-{answer.status}",
                                   f"make {answer.status}: {answer.detail}",
                                   os.path.join(package_dir, "Makefile"), None, None, {version},
                                   answer.tail))
            elif answer.status == "ok":
                validated = validate(report, version, answer.values, package_dir,
                                     answer.makefiles)
                run.wizard_unread = _install_findings(
                    report, version, answer, validated, package_dir, arch,
                    partial(_tree_answer, version=version, tree_names=tree_names,
                            answers=answers))
                ok_values.append((version, answer.values))
                shipped_conf.append((version, answer.values, validated.conf))
                run.conf = validated.conf
                seen.append(validated)
                port_claims += validated.port_claims
                link_claims += validated.link_claims
        if complete and seen:
            if _orphans(package_dir, seen, []):
                orphan_candidates[name] = (package_dir, seen)
            _conf_dir_redundant(report, package_dir, ok_values)
            _conf_variant_redundant(report, package_dir, shipped_conf)
    _orphan_findings(orphan_candidates, reports, answers, versions, tree_versions, ask_all)
    found = clashlib.find_clashes(port_claims, "port") + \
        clashlib.find_clashes(link_claims, "link")
    _clash_findings(reports, found, _conflicts(answers))
    return Report(tree, arch, list(versions), [reports[n] for n in packages], found,
                  [c for c in port_claims if c.owner != clashlib.DSM])
