"""Suppression where the maintainer decided: a comment in the package's Makefile,

    # spkgen: ignore[link-clash] dotnet runtimes replace each other on purpose
    # spkgen: ignore[orphan,conf-variant-redundant] kept for the DSM 6 branch

suppresses those rules' findings for the package, with the reason given.  Suppressed
findings stay in the report, marked (JSON 'suppressed', SARIF 'suppressions'), and never
count.  The reason is required: a comment without one suppresses nothing, and, like one
naming an unknown rule, is a warning of rule 'suppression'; a comment that matches
nothing is a note of that rule.
"""
from __future__ import annotations

import os
import re

from ..model import Finding, PackageReport, Suppression

_COMMENT = re.compile(r"^\s*#\s*spkgen:\s*(?P<rest>.*)$")
_IGNORE = re.compile(r"ignore\[(?P<rules>[^\]]*)\]\s*(?P<reason>.*?)\s*$")


def apply_suppressions(report: PackageReport, package_dir: str) -> None:
    """Mark the package's findings its Makefile's comments suppress; report the comments
    that are malformed, lack a reason or match nothing."""
    from . import REGISTRY  # the registry imports the model only
    makefile = os.path.join(package_dir, "Makefile")
    try:
        with open(makefile, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().split("\n")
    except OSError:
        return
    problems: list[Finding] = []
    for number, line in enumerate(lines, 1):
        comment = _COMMENT.match(line)
        if not comment:
            continue

        def problem(severity: str, message: str, at: int = number) -> None:
            versions = {r.version for r in report.runs if r.status == "ok"} or \
                {r.version for r in report.runs}
            problems.append(Finding("warning" if severity == "warning" else "note",
                                    "suppression", message, makefile, at, None, versions))
        ignore = _IGNORE.match(comment.group("rest"))
        if not ignore:
            problem("warning", "not a suppression: write '# spkgen: ignore[RULE,...] REASON'")
            continue
        rules = [r.strip() for r in ignore.group("rules").split(",") if r.strip()]
        unknown = [r for r in rules if r not in REGISTRY or r == "suppression"]
        if unknown or not rules:
            problem("warning", f"suppression names {', '.join(unknown) or 'no rule'}: not a "
                    "rule that can be suppressed (spkgen check --explain RULE)")
            continue
        reason = ignore.group("reason")
        if not reason:
            problem("warning", f"suppression of {', '.join(rules)} without a reason: it "
                    "suppresses nothing until the reason follows the ']'")
            continue
        matched = [f for f in report.findings if f.kind in rules and f.suppressed is None]
        for finding in matched:
            finding.suppressed = Suppression("comment", reason, f"{makefile}:{number}")
        if not matched:
            problem("note", f"suppression of {', '.join(rules)} matches no finding of this "
                    "package: remove it")
    for finding in problems:
        report.add(finding)
