"""Printing a check report: text for people, JSON (schema: check-report.schema.json) for tools."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..dsm import Version
from .model import SEVERITY_RANK, Finding, PackageReport, Report
from .rules import REGISTRY

SCHEMA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data",
                      "check-report.schema.json")
KIND_ORDER = tuple(REGISTRY)


def _versions(versions: Iterable[str]) -> list[str]:
    return sorted(versions, key=lambda v: Version.parse(v).key)


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], KIND_ORDER.index(f.kind),
                                           f.file or "", f.line or 0, f.message))


def _run_text(package: PackageReport) -> str:
    parts = []
    for run in package.runs:
        text = f"{run.version} {run.status}"
        if run.status == "unsupported":
            text += f" ({run.detail})"
        if run.cached:
            text += " (cached)"
        parts.append(text)
    return "; ".join(parts)


def summary_line(report: Report) -> str:
    s = report.summary()
    return (f"spkgen check: {_plural(s['packages'], 'package')}, "
            f"{_plural(s['versions'], 'DSM version')} ({', '.join(report.versions)}): "
            f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}, "
            f"{_plural(s['clashes'], 'clash', 'clashes')}, "
            f"{s['changed']} changed from spksrc alone; {_plural(s['runs'], 'make run')}: "
            f"{s['cached']} from cache, {s['unsupported']} unsupported, {s['failed']} failed"
            + (f"; {s['suppressed']} suppressed" if s["suppressed"] else ""))


def text(report: Report) -> str:
    """Packages with something to say, most severe first (suppressed findings are only
    counted, in the summary line); then the summary line."""
    lines: list[str] = []
    shown = [p for p in report.packages if p.active]
    for package in sorted(shown, key=lambda p: (p.rank, p.name)):
        counts = [_plural(package.count("error"), "error"),
                  _plural(package.count("warning"), "warning")]
        changes = sum(1 for f in package.active if f.kind == "change")
        if changes:
            counts.append(_plural(changes, "change"))
        lines.append(f"{package.name}: {', '.join(counts)}  [{_run_text(package)}]")
        ok = {r.version for r in package.runs if r.status == "ok"}
        for finding in _ordered(package.active):
            where = "" if finding.versions == ok else \
                f" [DSM {', '.join(_versions(finding.versions))}]"
            lines.append(f"  {finding.diagnostic}{where}")
            lines += [f"    | {line}" for line in finding.context]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> dict[str, Any]:
    return {
        "spkgen": __version__,
        "tree": report.tree,
        "arch": report.arch,
        "versions": list(report.versions),
        "summary": report.summary(),
        "packages": [{
            "name": p.name,
            "runs": [{"version": r.version, "status": r.status, "cached": r.cached,
                      "detail": r.detail, "conf": r.conf, "wizard_unread": r.wizard_unread}
                     for r in p.runs],
            "findings": [_finding_json(p, f) for f in _ordered(p.findings)],
        } for p in report.packages],
        "clashes": [{
            "kind": c.kind, "subject": c.subject,
            "versions": _versions(c.versions),
            "claims": [{"package": claim.owner, "label": claim.label, "file": claim.file,
                        "line": claim.line} for claim in (c.first, c.second)],
        } for c in report.clashes],
    }


def _finding_json(package: PackageReport, finding: Finding) -> dict[str, Any]:
    found: dict[str, Any] = {
        "severity": finding.severity, "kind": finding.kind, "message": finding.message,
        "file": finding.file, "line": finding.line, "column": finding.column,
        "versions": _versions(finding.versions), "context": list(finding.context),
        "fingerprint": finding.fingerprint(package.name)}
    if finding.suppressed:
        found["suppressed"] = {"kind": finding.suppressed.kind,
                               "reason": finding.suppressed.reason,
                               "where": finding.suppressed.where}
    return found


def json_text(report: Report) -> str:
    return json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"
