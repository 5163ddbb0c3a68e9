"""The check report for CI: GitHub workflow commands (with a markdown step summary) and
SARIF 2.1.0 for code scanning.  Rule ids are the finding kinds (rules.REGISTRY)."""
from __future__ import annotations

import json
import os
from typing import Any

from .. import __version__
from .model import Finding, PackageReport, Report
from .report import _ordered, _versions, summary_line
from .rules import REGISTRY

LEVEL = {"error": "error", "warning": "warning", "note": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}
HELP = ("README.md, section \"Rules: select, ignore, suppress, baseline\" of \"Check a whole "
        "tree before building\"; 'spkgen check --explain {rule}'")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _findings(report: Report, suppressed: bool = False) -> list[tuple[PackageReport, Finding]]:
    """Every finding (suppressed ones too if asked), most severe first, then by package."""
    found = [(p, f) for p in report.packages
             for f in _ordered(p.findings if suppressed else p.active)]
    order = {"error": 0, "warning": 1, "note": 2}
    return sorted(found, key=lambda pf: order[pf[1].severity])


def _location(report: Report, package: PackageReport, finding: Finding) -> tuple[str, bool]:
    """A file for the annotation (relative to the current directory, as messages are):
    the finding's own, or the package's Makefile when it names a variable; and whether
    line/column apply."""
    if finding.file and os.path.exists(finding.file):
        return finding.file, True
    return os.path.relpath(os.path.join(report.tree, "spk", package.name, "Makefile")), False


def _message(package: PackageReport, finding: Finding) -> str:
    ok = {r.version for r in package.runs if r.status == "ok"}
    text = finding.message
    if finding.file and not os.path.exists(finding.file):
        text = f"{finding.file}: {text}"
    if finding.versions != ok:
        text += f" [DSM {', '.join(_versions(finding.versions))}]"
    return f"{package.name}: {text}"


def github(report: Report, summary_path: str | None = None) -> str:
    """Each finding as a plain line and as a workflow command; the summary line last.
    With summary_path ($GITHUB_STEP_SUMMARY), a markdown table of all findings is
    appended there (GitHub shows only a few annotations per step)."""
    lines = []
    rows = []
    for package, finding in _findings(report):
        file, located = _location(report, package, finding)
        message = _message(package, finding)
        lines.append(f"{finding.diagnostic} [{finding.kind}]")
        props = [f"file={_escape_property(file)}"]
        if located and finding.line:
            props.append(f"line={finding.line}")
            if finding.column:
                props.append(f"col={finding.column}")
        props.append(f"title={_escape_property(finding.kind)}")
        lines.append(f"::{GITHUB_LEVEL[finding.severity]} {','.join(props)}::"
                     f"{_escape_data(message)}")
        where = file + (f":{finding.line}" if located and finding.line else "")
        rows.append(f"| {finding.severity} | `{finding.kind}` | `{where}` | "
                    f"{message.replace('|', '&#124;')} |")
    lines.append(summary_line(report))
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(f"## spkgen check\n\n{summary_line(report)}\n\n")
            if rows:
                handle.write("| severity | rule | where | message |\n|---|---|---|---|\n")
                handle.write("\n".join(rows) + "\n")
    return "\n".join(lines) + "\n"


def sarif(report: Report) -> dict[str, Any]:
    """SARIF 2.1.0: one run, the rules, one result per finding; uris relative to the tree."""
    results = []
    for package, finding in _findings(report, suppressed=True):
        file, located = _location(report, package, finding)
        region: dict[str, int] = {}
        if located and finding.line:
            region["startLine"] = finding.line
            if finding.column:
                region["startColumn"] = finding.column
        physical: dict[str, Any] = {"artifactLocation": {
            "uri": os.path.relpath(os.path.abspath(file), report.tree).replace(os.sep, "/"),
            "uriBaseId": "TREE"}}
        if region:
            physical["region"] = region
        result: dict[str, Any] = {
            "ruleId": finding.kind, "ruleIndex": list(REGISTRY).index(finding.kind),
            "level": LEVEL[finding.severity],
            "message": {"text": _message(package, finding)},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"spkgen/v1": finding.fingerprint(package.name)}}
        if finding.suppressed:
            result["suppressions"] = [{
                "kind": "inSource" if finding.suppressed.kind == "comment" else "external",
                "justification": finding.suppressed.reason}]
        results.append(result)
    rules = [{"id": rule.id, "name": rule.id,
              "shortDescription": {"text": rule.summary},
              "fullDescription": {"text": rule.explanation},
              "help": {"text": f"{rule.explanation}\nExample: {rule.example}\n"
                               f"See {HELP.format(rule=rule.id)}."},
              "defaultConfiguration": {"level": LEVEL[rule.severity]},
              "properties": {"scope": rule.scope}} for rule in REGISTRY.values()]
    return {"version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [{"tool": {"driver": {"name": "spkgen", "version": __version__,
                                          "rules": rules}},
                      "originalUriBaseIds": {"TREE": {"uri": "file://" + report.tree.rstrip("/")
                                                      + "/"}},
                      "results": results}]}


def sarif_text(report: Report) -> str:
    return json.dumps(sarif(report), indent=2, ensure_ascii=False) + "\n"
