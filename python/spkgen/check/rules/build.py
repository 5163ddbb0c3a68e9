"""Rules of one build (a package and a DSM version): make-failed, make-timeout, and the
build's own messages, each under the code it was made with (protocol-file,
static-resource, variable, package-files); change, what spksrc alone would ship
differently (spksrc_model)."""
from __future__ import annotations

import json
import os
from collections.abc import Sequence

from ...build import Result, build, conf_files
from ...compare import changed_workers, compare
from ...errors import PACKAGE_FILES, Diagnostic, SpkgenError
from ...inputs import Inputs
from ...protocol import Service, parse_protocol_file
from .. import clashes as clashlib
from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from ..spksrc_model import spksrc_ships


class Validated:
    """What one package and version contributes to the package and tree rules."""

    def __init__(self) -> None:
        self.port_claims: list[clashlib.Claim] = []
        self.link_claims: list[clashlib.Claim] = []
        self.shipped_sc: set[str] = set()
        self.conf: str | None = None
        self.result: Result | None = None


def norm(path: str) -> str:
    return os.path.normpath(path.rstrip("/")) if path else ""


def make_failure(report: PackageReport, version: str, answer: MakeAnswer,
                 package_dir: str) -> None:
    """make-failed, make-timeout: make could not give the package's inputs."""
    report.add(Finding("error", f"make-{answer.status}", f"make {answer.status}: {answer.detail}",
                       os.path.join(package_dir, "Makefile"), None, None, {version},
                       answer.tail))


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


def folder_files(package_dir: str, folder: str | None) -> dict[str, str]:
    """name -> path of the plain files a conf folder ships (resource aside)."""
    if not folder:
        return {}
    found = conf_files(os.path.join(package_dir, folder))
    return {os.path.basename(p): os.path.normpath(p) for p in found
            if os.path.basename(p) != "resource"}


def read_bytes(path: str) -> bytes | None:
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
            if read_bytes(mine) != read_bytes(other):
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
    lines += _conf_file_changes(folder_files(package_dir, shipped.conf_folder),
                                folder_files(package_dir, ours_folder))
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
             package_dir: str, makefiles: Sequence[str] = ()) -> Validated:
    """Run the build in memory; record its messages and what it ships."""
    seen = Validated()
    seen.shipped_sc = {norm(f) for f in values.get("FWPORTS", "").split()}
    seen.conf = norm(values.get("CONF_DIR", "").strip()) or None
    makefile = os.path.join(package_dir, "Makefile")
    try:
        inputs = Inputs.from_variables(values, makefile)
        result = build(inputs, package_dir)
    except SpkgenError as exc:
        for diag in exc.diagnostics:
            report.add(_finding(diag, version))
        return seen
    for diag in result.diagnostics:
        report.add(_finding(diag, version))
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
        seen.shipped_sc |= {norm(os.path.relpath(p, package_dir)) for p in conf_files(folder)}
    return seen


def _finding(diag: Diagnostic, version: str) -> Finding:
    """A build's message as a finding, under the code it was made with (every build
    diagnostic has one: tests/test_build.py checks the bad-input corpus)."""
    return Finding(diag.severity, diag.code or PACKAGE_FILES, diag.message, diag.file,
                   diag.line, diag.column, {version})
