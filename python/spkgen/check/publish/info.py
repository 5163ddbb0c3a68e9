"""The INFO file a build would write, and the files spksrc packs next to it, from make's
answer alone (spkgen-info: no process, nothing written).

spksrc writes INFO in mk/spksrc.spk.mk's ``$(WORK_DIR)/INFO`` recipe (lines 179-303 at
SynoCommunity/spksrc 8a30d14), key by key from make variables; this module follows it.
What the recipe computes with a process is given when make's values decide it, and named
otherwise: the maintainer's display name and URL come from GitHub's API (unless
DISABLE_GITHUB_MAINTAINER is set or MAINTAINER_URL given), the arch list of an arch
package from its toolchain, dsmuidir from the staged files and checksum from
package.tgz.  Icons are made by ImageMagick's ``convert`` from SPK_ICON (lines 378-392):
PACKAGE_ICON.PNG at 72x72 below DSM 7.0 and 64x64 from 7.0, PACKAGE_ICON_256.PNG at
256x256, each with ``-resize WxH``: ImageMagick's geometry WxH gives the largest size with
the image's aspect ratio that fits the box, enlarging a smaller image, and writing to
``-`` keeps the source's format (checked with ImageMagick 6.9 on Debian 12: a 100x80 JPEG
gives a 64x51 JPEG named PACKAGE_ICON.PNG).  The source's size is read from its header.
"""
from __future__ import annotations

import math
import os
import re
import struct
from dataclasses import dataclass
from typing import BinaryIO, Literal

from ...dsm import Version
from ..makeinfo import MakeAnswer
from ..shell import dash_echo, words
from .builds import os_min as table_os_min

# spksrc.spk.mk:198-202 (the tree's LANGUAGES, spksrc.common.mk:108)
LANGUAGES = ("chs", "cht", "csy", "dan", "enu", "fre", "ger", "hun", "ita", "jpn", "krn",
             "nld", "nor", "plk", "ptb", "ptg", "rus", "spn", "sve", "trk")


@dataclass(frozen=True)
class InfoLine:
    """One INFO key: its value, or None where only the build can know it (note says why)."""
    key: str
    value: str | None
    note: str = ""


@dataclass(frozen=True)
class Image:
    kind: str          # PNG, JPEG, GIF
    width: int
    height: int


def image_size(path: str) -> Image | None:
    """The kind and size of a PNG, JPEG or GIF file from its header; None for anything
    else (or a file that cannot be read)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(32)
            if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
                width, height = struct.unpack(">II", head[16:24])
                return Image("PNG", width, height)
            if head[:6] in (b"GIF87a", b"GIF89a"):
                width, height = struct.unpack("<HH", head[6:10])
                return Image("GIF", width, height)
            if head[:2] == b"\xff\xd8":
                return _jpeg_size(handle)
    except OSError:
        return None
    return None


def _jpeg_size(handle: BinaryIO) -> Image | None:
    """The size in a JPEG's first start-of-frame segment."""
    handle.seek(2)
    while True:
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind in (0xD8, 0x01) or 0xD0 <= kind <= 0xD7:
            continue
        length_bytes = handle.read(2)
        if len(length_bytes) < 2:
            return None
        length = struct.unpack(">H", length_bytes)[0]
        if 0xC0 <= kind <= 0xCF and kind not in (0xC4, 0xC8, 0xCC):
            data = handle.read(5)
            if len(data) < 5:
                return None
            height, width = struct.unpack(">HH", data[1:5])
            return Image("JPEG", width, height)
        handle.seek(length - 2, os.SEEK_CUR)


def fitted(image: Image, box: int) -> tuple[int, int]:
    """The size ``convert -resize BOXxBOX`` gives: the largest with the image's aspect
    ratio that fits the box (rounded as ImageMagick rounds)."""
    scale = min(box / image.width, box / image.height)
    return (max(1, math.floor(image.width * scale + 0.5)),
            max(1, math.floor(image.height * scale + 0.5)))


@dataclass(frozen=True)
class PackedFile:
    """A file spksrc packs next to INFO: its name, where it comes from (relative to the
    package; spksrc's own default: to the tree), what it is, and a note."""
    name: str
    source: str
    note: str = ""
    kind: Literal["file", "template", "spksrc"] = "file"


BROKEN = "not written as it reads"
# The Makefile variable behind each INFO key (description_<lang>: DESCRIPTION_<LANG>).
INFO_VARIABLES = {
    "package": "SPK_NAME", "version": "SPK_VERS", "description": "DESCRIPTION",
    "arch": "ARCH", "maintainer": "MAINTAINER", "maintainer_url": "MAINTAINER_URL",
    "distributor": "DISTRIBUTOR", "distributor_url": "DISTRIBUTOR_URL",
    "firmware": "OS_MIN_VER", "os_min_ver": "OS_MIN_VER", "os_max_ver": "OS_MAX_VER",
    "report_url": "REPORT_URL", "helpurl": "HELPURL", "support_url": "SUPPORTURL",
    "install_dep_services": "INSTALL_DEP_SERVICES", "start_dep_services": "START_DEP_SERVICES",
    "instuninst_restart_services": "INSTUNINST_RESTART_SERVICES",
    "install_replace_packages": "INSTALL_REPLACE_PACKAGES", "checkport": "CHECKPORT",
    "displayname": "DISPLAY_NAME", "dsmappname": "DSM_APP_NAME", "dsmapppage": "DSM_APP_PAGE",
    "dsmapplaunchname": "DSM_APP_LAUNCH_NAME", "adminprotocol": "ADMIN_PROTOCOL",
    "adminport": "ADMIN_PORT", "adminurl": "ADMIN_URL", "changelog": "CHANGELOG",
    "install_dep_packages": "SPK_DEPENDS", "install_conflict_packages": "SPK_CONFLICT"}


def echoed(key: str, raw: str) -> InfoLine:
    """The line spksrc writes with '@echo key=\\"$(VAR)\\"': the value as the shell and
    dash's echo leave it (a Makefile's own quotes are removed, a backslash escapes)."""
    found = words(f'{key}=\\"{raw}\\"')
    if found is None:
        return InfoLine(key, None, f"{BROKEN}: the shell cannot run spksrc's 'echo {key}=...' "
                        "as one command (an unclosed quote, or an unquoted & ; | < > ( )); "
                        "the build fails or writes something else")
    line = dash_echo(found)
    prefix = f'{key}="'
    if line.startswith(prefix) and line.endswith('"'):
        return InfoLine(key, line[len(prefix):-1])
    return InfoLine(key, None, f"{BROKEN}: the shell turns it into '{line}'")


def _description(raw: str) -> InfoLine:
    """description: '/bin/echo -n "$(DESCRIPTION)" | sed' removing backslashes and escaping
    double quotes (spksrc.spk.mk:195-197)."""
    found = words(f'"{raw}"')
    if found is None:
        return InfoLine("description", None, f"{BROKEN}: an unbalanced quote or a command "
                        "substitution in DESCRIPTION breaks spksrc's echo")
    return InfoLine("description", " ".join(found).replace("\\", "").replace('"', '\\"'))


def _description_in(lang: str, raw: str) -> InfoLine | None:
    """description_<lang> (spksrc.spk.mk:198-202): a shell test of the text, its echo in a
    $(shell), whose output the recipe's echo then reads again, unquoted.  None when the
    text is empty (no line)."""
    key = f"description_{lang}"
    if not raw:
        return None
    test = words(f'[ ! -z "{raw}" ]')
    if test is None or len(test) != 5 or not test[3]:
        return InfoLine(key, None, f"{BROKEN}: DESCRIPTION_{lang.upper()} breaks spksrc's "
                        "shell test ([ ! -z \"...\" ]) with its quotes: no line is written")
    inner = words(f'"{raw}"')
    if inner is None:
        return InfoLine(key, None, f"{BROKEN}: DESCRIPTION_{lang.upper()} breaks spksrc's echo")
    text = " ".join(inner).replace('"', '\\\\\\"')
    outer = words(f'{key}=\\"{text}\\"\\\\n')
    if outer is None:
        return InfoLine(key, None, f"{BROKEN}: DESCRIPTION_{lang.upper()} holds an unquoted "
                        "& ; | < > ( ) or quote once spksrc's recipe reads it a second time: "
                        "the build fails")
    line = dash_echo(outer).rstrip("\n")
    prefix = f'{key}="'
    if line.startswith(prefix) and line.endswith('"'):
        return InfoLine(key, line[len(prefix):-1])
    return InfoLine(key, None, f"{BROKEN}: spksrc's recipe turns it into '{line}'")


def info_lines(answer: MakeAnswer, version: str) -> list[InfoLine]:
    """The INFO keys of the build for TCVERSION version, in spksrc's order, each value as
    spksrc's recipe writes it (check/shell.py)."""
    get = answer.get
    target = Version.parse(version)
    lines = [echoed("package", get("SPK_NAME")),
             echoed("version", f"{get('SPK_VERS')}-{get('SPK_REV')}"),
             _description(get("DESCRIPTION"))]
    lines += [line for lang in LANGUAGES
              for line in [_description_in(lang, get(f"DESCRIPTION_{lang.upper()}"))] if line]
    noarch = get("ARCH") in ("", "noarch")
    arch = "noarch" if noarch else get("SPK_ARCH")
    lines.append(echoed("arch", arch) if arch else
                 InfoLine("arch", None, "the toolchain's arch list, known once it is set up"))
    login = get("MAINTAINER")
    if get("DISABLE_GITHUB_MAINTAINER"):
        lines.append(echoed("maintainer", login))
    else:
        lines.append(InfoLine("maintainer", None, f"the GitHub display name of '{login}' "
                              "(else the login itself): spksrc asks GitHub's API; left out"))
    if get("MAINTAINER_URL"):
        lines.append(echoed("maintainer_url", get("MAINTAINER_URL")))
    elif get("DISABLE_GITHUB_MAINTAINER"):
        lines.append(InfoLine("maintainer_url", "https://github.com/SynoCommunity"))
    else:
        lines.append(InfoLine("maintainer_url", None, f"https://github.com/{login} if that "
                              "page answers, else empty: spksrc asks GitHub; left out"))
    lines += [echoed("distributor", get("DISTRIBUTOR")),
              echoed("distributor_url", get("DISTRIBUTOR_URL"))]
    os_min = get("OS_MIN_VER") or get("TC_OS_MIN_VER")
    firmware = _below_61(os_min)
    key = "firmware" if firmware else "os_min_ver"
    if os_min:
        lines.append(echoed(key, os_min))
    else:              # an arch package whose toolchain is not set up: spksrc's table
        known = table_os_min(version, noarch, "")
        lines.append(InfoLine(key, str(known), "the toolchain's TC_OS_MIN_VER, from spksrc's "
                              "table (mk/spksrc.toolchain/tc-versions.mk)") if known else
                     InfoLine(key, None, "the toolchain's TC_OS_MIN_VER"))
    if get("OS_MAX_VER") and not firmware:
        lines.append(echoed("os_max_ver", get("OS_MAX_VER")))
    if get("BETA"):
        lines += [InfoLine("beta", "yes"), echoed("report_url", get("REPORT_URL"))]
    helpurl = get("HELPURL") or get("HOMEPAGE")
    if helpurl:
        lines.append(echoed("helpurl", helpurl))
    for key, name in (("support_url", "SUPPORTURL"),
                      ("install_dep_services", "INSTALL_DEP_SERVICES"),
                      ("start_dep_services", "START_DEP_SERVICES"),
                      ("instuninst_restart_services", "INSTUNINST_RESTART_SERVICES"),
                      ("install_replace_packages", "INSTALL_REPLACE_PACKAGES"),
                      ("checkport", "CHECKPORT")):
        if get(name):
            lines.append(echoed(key, get(name)))
    if get("STARTABLE") == "no":
        lines.append(InfoLine("ctl_stop" if target >= Version.parse("6.1") else "startable",
                              "no"))
    if get("DISPLAY_NAME"):
        lines.append(echoed("displayname", get("DISPLAY_NAME")))
    lines.append(InfoLine("dsmuidir", None, f"'{get('DSM_UI_DIR') or 'app'}' when the build "
                          "stages that folder"))
    lines.append(echoed("dsmappname", get("DSM_APP_NAME") or
                        f"com.synocommunity.packages.{get('SPK_NAME')}"))
    if target >= Version.parse("7.0"):
        for key, name in (("dsmapppage", "DSM_APP_PAGE"),
                          ("dsmapplaunchname", "DSM_APP_LAUNCH_NAME")):
            if get(name):
                lines.append(echoed(key, get(name)))
    for key, name in (("adminprotocol", "ADMIN_PROTOCOL"), ("adminport", "ADMIN_PORT"),
                      ("adminurl", "ADMIN_URL"), ("changelog", "CHANGELOG"),
                      ("install_dep_packages", "SPK_DEPENDS")):
        if get(name):
            lines.append(echoed(key, get(name)))
    if get("CONF_DIR"):
        lines.append(InfoLine("support_conf_folder", "yes"))
    if get("SPK_CONFLICT"):
        lines.append(echoed("install_conflict_packages", get("SPK_CONFLICT")))
    lines.append(InfoLine("checksum", None, "the md5 of package.tgz, after the build"))
    lines.append(InfoLine("thirdparty", None, "never written: spksrc's recipe has no such "
                          "line (nor displayname_<lang>)"))
    return lines


def _below_61(os_min: str) -> bool:
    """spksrc writes firmware= instead of os_min_ver= for 3.0 <= version < 6.1."""
    try:
        found = Version.parse(os_min.split("-")[0])
    except Exception:                  # noqa: BLE001 - not a version: not the firmware path
        return False
    return Version.parse("3.0") <= found < Version.parse("6.1")


def icon_files(answer: MakeAnswer, version: str, package_dir: str
               ) -> tuple[list[PackedFile], Image | None, str]:
    """PACKAGE_ICON.PNG and PACKAGE_ICON_256.PNG as spksrc makes them, the source image
    (None when it cannot be read), and the source's path as make gives it ('' when
    SPK_ICON is not set)."""
    icon = answer.get("SPK_ICON")
    if not icon:
        return [], None, ""
    image = image_size(os.path.join(package_dir, icon))
    small = 64 if Version.parse(version) >= Version.parse("7.0") else 72
    files = []
    for name, box in (("PACKAGE_ICON.PNG", small), ("PACKAGE_ICON_256.PNG", 256)):
        if image:
            width, height = fitted(image, box)
            note = f"{width}x{height} from {image.kind} {image.width}x{image.height}"
        else:
            note = f"{box}x{box} at most (the source's size cannot be read)"
        files.append(PackedFile(name, icon, f"convert -resize {box}x{box}: {note}"))
    return files, image, icon


WIZARD_NAME = re.compile(r"^(install|upgrade|uninstall)_uifile(_[a-z]{3})?(\.sh)?$")


def wizard_files(answer: MakeAnswer, version: str, package_dir: str) -> list[PackedFile]:
    """WIZARD_UIFILES/ as spksrc's wizards target fills it (spksrc.spk.mk:414-481): its
    default uninstall_uifile from DSM 7.0, the rendered templates, WIZARDS_DIR, then
    WIZARDS_DIR<TCVERSION>, a later file replacing an earlier one of the same name."""
    found: dict[str, PackedFile] = {}
    if Version.parse(version) >= Version.parse("7.0"):
        found["uninstall_uifile"] = PackedFile("uninstall_uifile", "mk/wizard/uninstall_uifile",
                                               "spksrc's default", "spksrc")
    templates = answer.get("WIZARDS_TEMPLATES_DIR")
    folder = answer.get("WIZARDS_DIR")
    sources: list[tuple[str, str, Literal["file", "template"]]] = []
    if templates:
        sources.append((templates, "rendered by mustache, once per language .yml", "template"))
    elif folder:
        sources.append((folder, "", "file"))
    if folder:
        sources.append((folder + version, f"for TCVERSION {version}", "file"))
    for where, note, kind in sources:
        path = os.path.join(package_dir, where)
        try:
            names = sorted(os.listdir(path))
        except OSError:
            continue
        for name in names:
            if WIZARD_NAME.match(name) and os.path.isfile(os.path.join(path, name)):
                found[name] = PackedFile(name, os.path.join(where, name), note, kind)
    if "uninstall_uifile.sh" in found:
        found.pop("uninstall_uifile", None)
    return [found[name] for name in sorted(found)]
