"""port-clash and link-clash: the findings of the clashes found across packages
(check/clashes.py), notes where the packages declare each other in SPK_CONFLICT."""
from __future__ import annotations

from ...errors import SpkgenError
from .. import clashes as clashlib
from .. import dependencies as deplib
from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport, Severity


def conflicts(answers: dict[tuple[str, str], tuple[MakeAnswer, bool]]
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


def clash_findings(reports: dict[str, PackageReport], found: list[clashlib.Clash],
                    conflicts: set[frozenset[str]] | None = None) -> None:
    for clash in found:
        versions = set(clash.versions)
        declared = frozenset((clash.first.owner, clash.second.owner)) in (conflicts or set())
        pairs = ((clash.first, clash.second), (clash.second, clash.first))
        for mine, other in pairs:
            if mine.owner == clashlib.DSM:
                continue
            severity: Severity
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
