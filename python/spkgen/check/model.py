"""What a check finds: findings (each under a rule id of rules.REGISTRY), the make runs
behind them, one report per package and the report of the tree."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..errors import Diagnostic

if TYPE_CHECKING:
    from . import clashes as clashlib

Severity = Literal["error", "warning", "note"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "note": 2}
RunStatus = Literal["ok", "unsupported", "failed", "timeout", "no-resource"]


@dataclass(frozen=True)
class Suppression:
    """Why a finding does not count: the package's own comment (kind 'comment', with the
    maintainer's reason and where it is), or the committed baseline (kind 'baseline')."""
    kind: Literal["comment", "baseline"]
    reason: str
    where: str | None = None


# Line numbers in messages ('Makefile:43', 'build.yml:331-416', 'line 12', 'lines 8-14') are
# left out of the fingerprint: an unrelated edit above a finding must not break its match in
# a baseline.
_LINE_NUMBERS = re.compile(r"(?<=:)\d+(?:[:-]\d+)?|(?<=\bline )\d+|(?<=\blines )\d+(?:-\d+)?")


@dataclass
class Finding:
    severity: Severity
    kind: str                   # the rule id: one of rules.REGISTRY
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    versions: set[str] = field(default_factory=set)
    context: tuple[str, ...] = ()      # make's last lines, for failures
    suppressed: Suppression | None = None

    @property
    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.severity, self.message, self.file, self.line, self.column,
                          self.kind)

    def fingerprint(self, package: str) -> str:
        """Stable across line moves and DSM versions: the rule, the package, the file (or
        variable) and the message without its line numbers."""
        text = "\0".join((self.kind, package, self.file or "",
                          _LINE_NUMBERS.sub("#", self.message)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class Run:
    version: str
    status: RunStatus
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

    @property
    def active(self) -> list[Finding]:
        """The findings that count: not suppressed."""
        return [f for f in self.findings if f.suppressed is None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity == severity and f.kind != "change")

    @property
    def rank(self) -> int:
        return min([SEVERITY_RANK[f.severity] for f in self.active], default=3)


@dataclass
class Report:
    tree: str
    arch: str
    versions: list[str]
    packages: list[PackageReport]
    clashes: list[clashlib.Clash]
    ports: list[clashlib.Claim] = field(default_factory=list)    # every package's, not DSM's
    # packages publish-range and upload could not judge: their spkgen-info (an older
    # vendored mk/spkgen) prints no ARCH
    unpublished: list[str] = field(default_factory=list)

    def keep_only(self, names: Sequence[str]) -> None:
        """Report these packages only (--changed-since), and the clashes they are in."""
        kept = set(names)
        self.packages = [p for p in self.packages if p.name in kept]
        self.clashes = [c for c in self.clashes if {c.first.owner, c.second.owner} & kept]
        self.ports = [c for c in self.ports if c.owner in kept]
        self.unpublished = [n for n in self.unpublished if n in kept]

    def keep_rules(self, rules: set[str]) -> None:
        """Report the findings of these rules only (--select, --ignore)."""
        for package in self.packages:
            package.findings = [f for f in package.findings if f.kind in rules]
        self.clashes = [c for c in self.clashes if f"{c.kind}-clash" in rules]

    def fails(self, fail_on: Severity = "error") -> bool:
        """Whether a finding that counts is of severity fail_on or above (--fail-on)."""
        worst = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] <= worst for p in self.packages for f in p.active)

    def summary(self) -> dict[str, int]:
        runs = [r for p in self.packages for r in p.runs if r.status != "no-resource"]
        return {
            "packages": len(self.packages), "versions": len(self.versions),
            "errors": sum(p.count("error") for p in self.packages),
            "warnings": sum(p.count("warning") for p in self.packages),
            "clashes": len(self.clashes),
            "changed": sum(1 for p in self.packages if any(f.kind == "change"
                                                            for f in p.active)),
            "runs": len(runs), "cached": sum(1 for r in runs if r.cached),
            "unsupported": sum(1 for r in runs if r.status == "unsupported"),
            "failed": sum(1 for r in runs if r.status in ("failed", "timeout")),
            "suppressed": sum(1 for p in self.packages for f in p.findings if f.suppressed),
        }
