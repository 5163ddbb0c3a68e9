"""What a tree publishes, and where each published build is installed.

spksrc's CI (.github/workflows/build.yml and .github/actions/prepare.sh, build.sh at
SynoCommunity/spksrc 8a30d14) builds, by default:
- an arch package for DSM 6.2.4 and 7.1 (build.yml:329-417, add_dsm62_builds and
  add_dsm71_builds on), and only for 7.2 (or 7.3) when its Makefile has
  'REQUIRED_MIN_DSM = 7.2' (prepare.sh:41, 125-136, 243-292: it is then left out of the
  standard builds);
- a noarch package for TCVERSION 1.1, 3.1, 6.1 and 7.0 (noarch-1.1 ... noarch-7.0), and
  only for 7.2 (7.3) likewise.  The 1.1 and 3.1 builds (SRM, DSM < 6) are left out here:
  they are never offered to DSM 6 or 7.

A tree with its own CI is read instead (workflow.py: .github/workflows/*.yml, the set a
publishing workflow builds by default); --publish wins over both.  The findings of the
publish rules end by naming the builds judged and where that set comes from (publishing).

Each build's INFO says os_min_ver (spksrc.spk.mk:90-98, 212-219: a package's OS_MIN_VER,
else the toolchain's TC_OS_MIN_VER; for noarch spksrc.spk.mk:64-88) and os_max_ver
(OS_MAX_VER).  spkrepo offers a build to a NAS whose build number lies between them, and
only to a NAS of the same major version (spkrepo views/nas.py:77-91).  So a build serves
every DSM version from its os_min_ver up to the next published build's os_min_ver of the
same major version, capped by OS_MAX_VER; with nothing above it, through DSM 7.3, the
newest DSM spkgen knows.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ...dsm import Version
from ..model import Finding, PackageReport
from .workflow import read_tree

# The DSM versions a build can be installed on (major.minor; 6.2.4 is DSM 6.2).
DSM_POINTS = tuple(Version.parse(v) for v in ("6.0", "6.1", "6.2", "7.0", "7.1", "7.2", "7.3"))
NEWEST = DSM_POINTS[-1]

# spksrc's CI defaults (see above): the TCVERSIONs it publishes, by kind.
CI_DEFAULTS = {"arch": ("6.2.4", "7.1"), "noarch": ("6.1", "7.0")}
CI_SOURCE = ("spksrc's CI defaults (.github/workflows/build.yml:329-417, "
             ".github/actions/prepare.sh:125-136 at 8a30d14)")
REQUIRED_SOURCE = ("spksrc's CI builds such a package for that version alone: "
                   ".github/actions/prepare.sh:125-136, 243-292 at 8a30d14")

# os_min_ver by TCVERSION where make does not give it (an arch package's toolchain values
# are read only when its toolchain is there): mk/spksrc.toolchain/tc-versions.mk:16-25 and
# tc-base.mk:32-34 (arch), mk/spksrc.spk.mk:64-88 (noarch), at spksrc 8a30d14.
ARCH_OS_MIN = {"6.1": "6.1-15284", "6.2.4": "6.2-25556", "7.0": "7.0-41890",
               "7.1": "7.1-42661", "7.2": "7.2-72806", "7.3": "7.3-86009"}
NOARCH_OS_MIN = (("7.2", "7.2-63134"), ("7.0", "7.0-40000"), ("6.1", "6.1-15047"))

# spkrepo's firmware format (spkrepo/utils.py:32, firmware_re): MAJOR.MINOR-BUILD.
FIRMWARE = re.compile(r"^(\d+)\.(\d)-(\d{3,6})$")

# The os_max_ver spksrc packages use to stop a build before the next DSM version:
# 7.1-59999 (adminer, mantisbt, wallabag, ... in line with spkrepo pull request 159),
# 7.2-79999 (owncloud, fengoffice).
CONVENTIONAL_CAP = {"7.1": "7.1-59999", "7.2": "7.2-79999"}


@dataclass(frozen=True)
class Firmware:
    major: int
    minor: int
    build: int

    @classmethod
    def parse(cls, text: str) -> Firmware | None:
        match = FIRMWARE.match(text.strip().strip('"'))
        return cls(*(int(g) for g in match.groups())) if match else None

    @property
    def point(self) -> Version:
        return Version((self.major, self.minor))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}-{self.build}"


def published_versions(noarch: bool, required_min_dsm: str,
                       given: dict[str, tuple[str, ...]] | None = None,
                       ci: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The TCVERSIONs a package's builds are published for: given (--publish), else
    'REQUIRED_MIN_DSM = 7.2' (7.3) meaning that version alone, else what the tree's own CI
    publishes for the kind (ci, by kind: workflow.read_tree), else spksrc's CI defaults."""
    return _published(noarch, required_min_dsm, given, ci)[0]


def _published(noarch: bool, required_min_dsm: str, given: dict[str, tuple[str, ...]] | None,
               ci: dict[str, tuple[str, ...]] | None) -> tuple[tuple[str, ...], str]:
    """published_versions, and which of its sources gave them ('given', 'required', 'ci',
    'defaults')."""
    kind = "noarch" if noarch else "arch"
    if given and kind in given:
        return given[kind], "given"
    if required_min_dsm.strip() in ("7.2", "7.3"):
        return (required_min_dsm.strip(),), "required"
    if ci and kind in ci:
        return ci[kind], "ci"
    return CI_DEFAULTS[kind], "defaults"


class SourcedReport(PackageReport):
    """A package's report as the publish rules fill it: each finding added ends with note
    (the builds judged, and where that set comes from).  It shares the package report's
    lists, so what is added here is in that report."""

    def __init__(self, report: PackageReport, note: str) -> None:
        super().__init__(report.name, report.runs, report.findings)
        self.note = note

    def add(self, finding: Finding) -> None:
        finding.message = f"{finding.message}; {self.note}"
        super().add(finding)


def publishing(report: PackageReport, package_dir: str, noarch: bool, required_min_dsm: str,
               given: dict[str, tuple[str, ...]] | None = None
               ) -> tuple[PackageReport, tuple[str, ...]]:
    """The TCVERSIONs a package's builds are published for (published_versions, with the
    tree's own workflows read once per tree), and the report for the publish rules, whose
    findings then name them and their source: the workflow's FILE:LINES, --publish,
    REQUIRED_MIN_DSM, or spksrc's defaults and why the tree's workflows were not used.
    package_dir: <tree>/spk/<name>, as check shows it."""
    kind = "noarch" if noarch else "arch"
    versions, origin = _published(noarch, required_min_dsm, given, None)
    if origin == "given":
        source = f"--publish {kind}={','.join(versions)}"
    elif origin == "required":
        source = f"REQUIRED_MIN_DSM = {versions[0]} ({REQUIRED_SOURCE})"
    else:                           # the tree's workflows are read only when they decide
        tree = os.path.dirname(os.path.dirname(package_dir))
        ci = read_tree(tree or ".")
        if kind in ci.found:
            versions, wheres = ci.found[kind]
            source = ", ".join(os.path.join(tree, where) for where in wheres)
        else:
            source = f"{CI_SOURCE}, as {ci.missing[kind]}"
    note = f"published builds: TCVERSION {', '.join(versions)}, per {source}"
    return SourcedReport(report, note), versions


def os_min(version: str, noarch: bool, made: str) -> Firmware | None:
    """A build's os_min_ver: what make gave (OS_MIN_VER, else TC_OS_MIN_VER), else the
    toolchain's value for the TCVERSION."""
    found = Firmware.parse(made) if made.strip() else None
    if found:
        return found
    if noarch:
        target = Version.parse(version)
        for floor, value in NOARCH_OS_MIN:
            if target >= Version.parse(floor):
                return Firmware.parse(value)
        return None
    return Firmware.parse(ARCH_OS_MIN.get(version, ""))


@dataclass(frozen=True)
class Served:
    """The DSM versions one build is installed on, and why its range ends there."""
    points: tuple[Version, ...]
    ends: str          # "OS_MAX_VER 7.1-59999", "the DSM 7.2 build", "DSM 7.3, the newest"


def served(own: Firmware, cap: Firmware | None, later: list[Firmware]) -> Served:
    """The points from own's up to (not including) the next later build of its major
    version, and not above cap."""
    nexts = sorted((f for f in later if f.major == own.major and f.point > own.point),
                   key=lambda f: f.point)
    points = []
    ends = f"DSM {NEWEST}, the newest spkgen knows"
    for point in DSM_POINTS:
        if point.parts[0] != own.major or point < own.point:
            continue
        if nexts and point >= nexts[0].point:
            ends = f"the DSM {nexts[0].point} build"
            break
        if cap is not None and point > cap.point:
            ends = f"OS_MAX_VER {cap}"
            break
        points.append(point)
    return Served(tuple(points), ends)
