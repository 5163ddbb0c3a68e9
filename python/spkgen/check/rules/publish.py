"""Publish truth: publish-range (every DSM version a published build is installed on
must have its dependencies; OS_MAX_VER right) and upload (what spkrepo refuses at
upload, from make's values, before anything is built).  The builds and their ranges
come from check/publish/builds.py."""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...assignments import variable_line
from ...dsm import Version
from ...errors import SpkgenError
from .. import dependencies as deplib
from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from ..publish.builds import CONVENTIONAL_CAP, Firmware, os_min, publishing, served
from ..publish.info import wizard_files


@dataclass(frozen=True)
class Build:
    """One published build: its TCVERSION and make's answer for it."""
    version: str
    answer: MakeAnswer

    def get(self, name: str) -> str:
        return self.answer.get(name)

    @property
    def noarch(self) -> bool:
        """ARCH noarch, or empty: trees before 2024 make a package noarch with
        'override ARCH=' (spksrc.spk.mk then sets SPK_ARCH = noarch)."""
        return self.get("ARCH") in ("", "noarch")

    @property
    def os_min(self) -> Firmware | None:
        return os_min(self.version, self.noarch, self.get("OS_MIN_VER") or
                      self.get("TC_OS_MIN_VER"))

    @property
    def label(self) -> str:
        return f"the DSM {self.version} build ({'noarch' if self.noarch else 'x64'}" \
               f"{f', os_min_ver {self.os_min}' if self.os_min else ''})"


def _points(points: tuple[Version, ...]) -> str:
    return f"DSM {points[0]}" if len(points) == 1 else f"DSM {points[0]} to {points[-1]}"


def publish_range(report: PackageReport, package_dir: str, builds: list[Build],
                  others: list[Firmware]) -> None:
    """Each build's dependencies on every DSM version it is installed on; its OS_MAX_VER
    against its os_min_ver and against what its dependencies need.  others: the os_min_ver
    of the published builds make was not asked for (they end the ranges too)."""
    mins = [b.os_min for b in builds if b.os_min] + others
    for build in builds:
        own = build.os_min
        if own is None:
            continue
        cap_text = build.get("OS_MAX_VER")
        cap = Firmware.parse(cap_text) if cap_text else None
        where = variable_line(package_dir, "OS_MAX_VER", cap_text.strip('"') or None)
        if cap_text and cap is None:
            report.add(Finding("error", "publish-range", f"OS_MAX_VER '{cap_text}' of "
                               f"{build.label} is not MAJOR.MINOR-BUILD, which spkrepo "
                               "refuses (spkrepo/utils.py:32, firmware_re)", where[0],
                               where[1], None, {build.version}))
            continue
        if cap is not None and (cap.major, cap.minor, cap.build) < \
                (own.major, own.minor, own.build):
            report.add(Finding("error", "publish-range", f"OS_MAX_VER {cap} lies below "
                               f"the os_min_ver of {build.label}: spkrepo refuses the "
                               "upload (spkrepo/views/api.py:148-163)", where[0], where[1],
                               None, {build.version}))
            continue
        span = served(own, cap, [m for m in mins if m != own])
        try:
            depends = deplib.parse_depends(build.get("SPK_DEPENDS"))
        except SpkgenError:
            continue              # the build's own dependency finding says why
        lacking: dict[Version, list[str]] = {}
        for point in span.points:
            for dep in depends:
                found = deplib.resolve_synology(dep, point)
                if found is not None and found.severity == "error":
                    lacking.setdefault(point, []).append(found.message)
        for point, messages in lacking.items():
            if point == Version.parse(f"{own.major}.{own.minor}"):
                continue      # its own version: the dependency rule reports it
            last_good = max((p for p in span.points if p < point and p not in lacking),
                            default=None)
            if last_good:
                cap_line = CONVENTIONAL_CAP.get(str(last_good), f"{last_good}-<build>")
                fix = (f"'OS_MAX_VER = {cap_line}' for TCVERSION {build.version} would fix it "
                       f"({'this OS_MAX_VER line' if cap_text else 'no OS_MAX_VER is set'})")
            else:
                fix = (f"no OS_MAX_VER can fix it, as its own DSM {own.point} lacks it too "
                       f"(REQUIRED_MIN_DSM = {point} publishes only a build for it)")
            at = where if cap_text else variable_line(package_dir, "SPK_DEPENDS")
            report.add(Finding(
                "error", "publish-range",
                f"{build.label} is installed on {_points(span.points)} (up to {span.ends}), "
                f"but not installable on DSM {point}: {'; '.join(messages)}; {fix}",
                at[0], at[1], None, {build.version}))
        if cap is not None and not lacking:
            above = Version.parse(f"{cap.major}.{cap.minor}")
            beyond = served(own, None, [m for m in mins if m != own]).points
            freed = [p for p in beyond if p > above]
            if freed and not any(_lacks(depends, p) for p in freed):
                report.add(Finding(
                    "note", "publish-range",
                    f"OS_MAX_VER {cap} stops {build.label} before {_points(tuple(freed))}, "
                    "where every dependency spkgen knows is shipped; no build is published "
                    f"for {_points(tuple(freed))} (unless one is published by hand), so "
                    "users there get none", where[0], where[1], None, {build.version}))


def _lacks(depends: list[deplib.Dependency], point: Version) -> bool:
    return any((found := deplib.resolve_synology(dep, point)) is not None and
               found.severity == "error" for dep in depends)


# What spkrepo compares across the builds of one version since its pull request 196
# (spkrepo/utils.py:437-538, extract_version_metadata): name -> how spksrc writes it.
_SAME_FOR_A_VERSION = (
    ("startable", "STARTABLE"), ("displayname", "DISPLAY_NAME"),
    ("install_dep_services", "INSTALL_DEP_SERVICES"), ("distributor", "DISTRIBUTOR"),
    ("distributor_url", "DISTRIBUTOR_URL"), ("maintainer", "MAINTAINER"),
    ("maintainer_url", "MAINTAINER_URL"), ("report_url", "REPORT_URL"),
    ("license", "LICENSE_FILE"), ("install wizard", "WIZARDS_DIR"),
    ("upgrade wizard", "WIZARDS_DIR"))
_PACKAGE = re.compile(r"^[\w-]+$")
_REVISION = re.compile(r"^\d+$")


def _wizard(package_dir: str, build: Build, process: str) -> str:
    """'yes' when the build ships a <process>_uifile (spksrc.spk.mk:401-481)."""
    return "yes" if any(re.match(rf"^{process}_uifile(_[a-z]{{3}})?(\.sh)?$", packed.name)
                        for packed in wizard_files(build.answer, build.version, package_dir)) \
        else "no"


def _license(package_dir: str, name: str) -> str | None:
    """The LICENSE text (spkrepo compares it); None where it cannot be known before the
    build: a file the build makes or downloads (in a work folder, or outside the package)."""
    if not name:
        return ""
    path = os.path.normpath(os.path.join(package_dir, name))
    inside = os.path.relpath(path, package_dir)
    if inside.startswith("..") or inside.split(os.sep)[0].startswith("work"):
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return None


def _value(package_dir: str, build: Build, field: str, variable: str) -> str | None:
    if field == "startable":
        return "no" if build.get("STARTABLE") == "no" else "yes"
    if field.endswith("wizard"):
        return _wizard(package_dir, build, field.split()[0])
    if field == "license":
        return _license(package_dir, build.get("LICENSE_FILE"))
    if field == "report_url":       # written only with BETA (spksrc.spk.mk:220-223)
        return build.get("REPORT_URL") if build.get("BETA") else ""
    if field == "install_dep_services":
        return " ".join(sorted(build.get(variable).split()))
    return build.get(variable)


def upload(report: PackageReport, package_dir: str, builds: list[Build]) -> None:
    """What spkrepo refuses at upload (spkrepo/utils.py, views/api.py at 3e4c1b1): per
    build, then across the builds of one version."""
    for build in builds:
        name, revision = build.get("SPK_NAME"), build.get("SPK_REV")
        if not _PACKAGE.match(name):
            at = variable_line(package_dir, "SPK_NAME")
            report.add(Finding("error", "upload", f"package name '{name}' is not letters, "
                               "digits, '_' and '-' (spkrepo/utils.py:57, 160-164)",
                               at[0], at[1], None, {build.version}))
        if not _REVISION.match(revision):
            at = variable_line(package_dir, "SPK_REV")
            report.add(Finding("error", "upload", f"SPK_REV '{revision}' is not a number: "
                               f"version '{build.get('SPK_VERS')}-{revision}' is refused "
                               "(spkrepo/utils.py:35, version_re)", at[0], at[1], None,
                               {build.version}))
        if not build.get("DISPLAY_NAME"):
            at = variable_line(package_dir, "SPK_NAME")
            report.add(Finding("error", "upload", "DISPLAY_NAME is not set: spksrc then writes "
                               "no displayname into INFO, which spkrepo requires "
                               "(spkrepo/utils.py:45, 168-171)", at[0], at[1], None,
                               {build.version}))
        icon = build.get("SPK_ICON")
        if not icon or not os.path.isfile(os.path.join(package_dir, icon)):
            at = variable_line(package_dir, "SPK_ICON")
            report.add(Finding("error", "upload", (f"SPK_ICON '{icon}' is no file" if icon else
                               "SPK_ICON is not set") + ": spksrc makes PACKAGE_ICON.PNG from "
                               "it, and spkrepo refuses a package without (spkrepo/utils.py:"
                               "246-255, 'Missing 72px icon')", at[0], at[1], None,
                               {build.version}))
        value = build.get("OS_MIN_VER")
        if value and not Firmware.parse(value):
            at = variable_line(package_dir, "OS_MIN_VER")
            report.add(Finding("error", "upload", f"OS_MIN_VER '{value}' is not "
                               "MAJOR.MINOR-BUILD (spkrepo/utils.py:32, firmware_re)",
                               at[0], at[1], None, {build.version}))
    by_version: dict[str, list[Build]] = {}
    for build in builds:
        by_version.setdefault(f"{build.get('SPK_VERS')}-{build.get('SPK_REV')}", []).append(build)
    for version, same in by_version.items():
        if len(same) < 2:
            continue
        for field, variable in _SAME_FOR_A_VERSION:
            values = {b.version: _value(package_dir, b, field, variable) for b in same}
            if None in values.values() or len(set(values.values())) < 2:
                continue
            shown = "; ".join(f"DSM {v}: {_short(x)}" for v, x in values.items())
            at = variable_line(package_dir, variable)
            report.add(Finding("error", "upload", f"the builds of version {version} disagree on "
                               f"{field} ({shown}): spkrepo refuses every upload after the "
                               "first since its pull request 196 (spkrepo/utils.py:437-538)",
                               at[0], at[1], None, set(values)))


def _short(value: str | None) -> str:
    value = value or "(none)"
    return value if len(value) <= 40 else f"{value[:37]}..."


def published_builds(report: PackageReport, package_dir: str,
                     answers: dict[tuple[str, str], tuple[MakeAnswer, bool]],
                     versions: Sequence[str],
                     publish: dict[str, tuple[str, ...]] | None = None) -> bool:
    """publish-range and upload for the package's published builds among the versions
    checked (all of them by default); the others' os_min_ver still end the ranges.  A
    tree whose spkgen-info gives no ARCH (an older vendored mk/spkgen) is not judged:
    False then, for the caller to say so."""
    ok = [(v, answers[(report.name, v)][0]) for v in versions
          if (report.name, v) in answers and answers[(report.name, v)][0].status == "ok"]
    if not ok:
        return True
    if "ARCH" not in ok[0][1].install:
        return not ok[0][1].install     # no install lines at all: nothing judges them
    first = Build(ok[0][0], ok[0][1])
    report, wanted = publishing(report, package_dir, first.noarch,
                                first.get("REQUIRED_MIN_DSM"), publish)
    builds = [Build(v, a) for v, a in ok if v in wanted]
    others = [f for v in wanted if v not in {b.version for b in builds}
              for f in [os_min(v, first.noarch, "")] if f]
    publish_range(report, package_dir, builds, others)
    upload(report, package_dir, builds)
    return True
