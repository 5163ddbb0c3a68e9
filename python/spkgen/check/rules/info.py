"""package-info: the INFO values and icons each build would ship (check/publish/info.py), against
what Synology's developer guide documents for them.

- version: "Each version delimiter is only allowed to be . - or _" and each number
  "only allowed to be number", in the range 0 to 2^31-1 (INFO_necessary_fields.html,
  field version).  spkrepo accepts any upstream version; DSM is what the rule is for.
- os_min_ver: "should be at least 7.0-40000 after DSM 7.0" (same page, and "Breaking
  Changes in 7.0": "or you cannot install the package correctly").
- PACKAGE_ICON.PNG: 64x64 from DSM 7.0 ("Breaking Changes in 7.0", item 6), and a PNG
  (introduction.html: "PNG format image shown in Package Center").  spksrc's convert
  keeps the source's aspect ratio and its format (check/publish/info.py), so a source that is not
  square, or not a PNG, ships an icon that is not what DSM documents.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence

from ...assignments import variable_line
from ...dsm import Version
from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from ..publish.info import BROKEN, INFO_VARIABLES, fitted, icon_files, info_lines

GUIDE = "https://help.synology.com/developer-guide/synology_package/"
BREAKING = "https://help.synology.com/developer-guide/breaking_changes.html"
_NUMBER_LIMIT = 2**31 - 1
_SEVEN = Version.parse("7.0")


def _version_problem(version: str) -> str | None:
    """Why version breaks the guide's format rule, if it does."""
    parts = re.split(r"[._-]", version)
    bad = [p for p in parts if not p.isdigit()]
    if bad:
        return (f"'{bad[0]}' is not a number (each part between the delimiters . - _ must "
                "be digits)" if bad[0] else "it has two delimiters in a row, or one at an "
                "end")
    big = [p for p in parts if int(p) > _NUMBER_LIMIT]
    if big:
        return f"{big[0]} is above 2^31-1"
    return None


def package_info(report: PackageReport, package_dir: str,
                 answers: dict[tuple[str, str], tuple[MakeAnswer, bool]],
                 versions: Sequence[str]) -> None:
    """The INFO version, os_min_ver and icons of each build make answered for."""
    for version in versions:
        found = answers.get((report.name, version))
        if not found or found[0].status != "ok":
            continue
        answer = found[0]
        get = answer.get
        target = Version.parse(version)
        if target >= _SEVEN:
            full = f"{get('SPK_VERS')}-{get('SPK_REV')}"
            problem = _version_problem(full) if get("SPK_VERS") else None
            if problem:
                at = variable_line(package_dir, "SPK_VERS")
                report.add(Finding(
                    "warning", "package-info", f"INFO version \"{full}\" breaks the format "
                    f"DSM documents: {problem} ({GUIDE}INFO_necessary_fields.html, field "
                    "version)", at[0], at[1], None, {version}))
            os_min = get("OS_MIN_VER") or get("TC_OS_MIN_VER")
            build = os_min.split("-")[-1] if "-" in os_min else ""
            if os_min and build.isdigit() and re.match(r"^\d+\.\d+-", os_min) and \
                    (Version.parse(os_min.split("-")[0]), int(build)) < (_SEVEN, 40000):
                at = variable_line(package_dir, "OS_MIN_VER")
                report.add(Finding(
                    "error", "package-info", f"os_min_ver \"{os_min}\" of the DSM {version} "
                    "build is below 7.0-40000, which DSM 7 requires (\"or you cannot install "
                    f"the package correctly\", {GUIDE}INFO_necessary_fields.html)",
                    at[0], at[1], None, {version}))
        _icon(report, package_dir, answer, version, target)
        for line in info_lines(answer, version):
            if line.value is None and line.note.startswith(BROKEN):
                at = variable_line(package_dir, INFO_VARIABLES.get(line.key, line.key.upper()))
                report.add(Finding("warning", "package-info", f"INFO {line.key}: "
                                   f"{line.note[len(BROKEN) + 2:]}", at[0], at[1], None,
                                   {version}))


def _icon(report: PackageReport, package_dir: str, answer: MakeAnswer, version: str,
          target: Version) -> None:
    files, image, icon = icon_files(answer, version, package_dir)
    if not files:
        return                  # no SPK_ICON: upload says so
    at = variable_line(package_dir, "SPK_ICON")
    if image is None:
        if os.path.isfile(os.path.join(package_dir, icon)):
            report.add(Finding("note", "package-info", f"SPK_ICON {icon}: its size cannot be "
                               "read (not a PNG, JPEG or GIF): the icon is not checked",
                               at[0], at[1], None, {version}))
        return
    box = 64 if target >= _SEVEN else 72
    if image.kind != "PNG":
        report.add(Finding(
            "warning", "package-info", f"SPK_ICON {icon} is a {image.kind} file: spksrc's "
            "'convert SPK_ICON ... -' keeps the source's format, so PACKAGE_ICON.PNG and "
            f"PACKAGE_ICON_256.PNG hold {image.kind} data, where DSM documents a PNG "
            f"({GUIDE}introduction.html); convert it to PNG", at[0], at[1], None, {version}))
    made = [(name, fitted(image, size)) for name, size in (("PACKAGE_ICON.PNG", box),
                                                            ("PACKAGE_ICON_256.PNG", 256))]
    skewed = [(name, size) for name, size in made if size[0] != size[1]]
    if skewed:
        shown = " and ".join(f"a {w}x{h} {name}" for name, (w, h) in skewed)
        meant = " and ".join(("64x64 (DSM 7 documents it)" if box == 64 else "72x72 (DSM 6)")
                             if name == "PACKAGE_ICON.PNG" else "256x256" for name, _ in skewed)
        report.add(Finding(
            "warning", "package-info", f"SPK_ICON {icon} is {image.width}x{image.height}, not "
            f"square: spksrc's 'convert -resize' keeps its aspect ratio and makes {shown}, "
            f"not {meant} ({BREAKING}); make the source square", at[0], at[1], None,
            {version}))
    elif min(image.width, image.height) < 256:
        report.add(Finding(
            "note", "package-info", f"SPK_ICON {icon} is {image.width}x{image.height}: "
            "spksrc enlarges it to make the 256x256 PACKAGE_ICON_256.PNG, which then looks "
            "blurred; a source of 256x256 or more avoids that", at[0], at[1], None,
            {version}))

