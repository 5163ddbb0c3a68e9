"""DSM versions (TCVERSION) and the choice of a package's conf folder.

Conf variants, chosen among the package's ``src/`` subfolders:

  conf_<digits>   the digits are the version's components: conf_6 = 6, conf_7 = 7.0,
                  conf_72 = 7.2, conf_624 = 6.2.4
  conf_dsm<digits>, conf.dsm<digits>   the same (aliases in use in spksrc)
  conf            the fallback, chosen when no variant fits

The automatic choice applies only to a package that opted in: no makefile of
the package assigns CONF_DIR (assignments.py), and it has at least one versioned
variant.  Then the highest variant not above the target version wins, and
``src/conf`` is the fallback below the lowest one.  A package that assigns
CONF_DIR anywhere keeps exactly its own result for every version, including "no
conf folder"; a lone ``src/conf`` without CONF_DIR is never shipped (spksrc's
meaning).  Names that start with ``conf`` but do not parse (e.g.
``conf_php8.2``) are reported and never chosen.  mk/spkgen.mk applies the same
rule with make's own functions (tests check that both agree).
"""
from __future__ import annotations

import os
import re
from collections import namedtuple

from .assignments import first_assignment
from .errors import PACKAGE_FILES, VARIABLE, Diagnostics, SpkgenError

_VERSION = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\Z")   # no leading zeros
_VARIANT = re.compile(r"conf(?:_|_dsm|\.dsm)([1-9][0-9]{0,2})\Z")   # conf_0 is no DSM


class Version(namedtuple("Version", "parts")):
    """A dotted version, ordered as spksrc's version_ge orders TCVERSION (sort -V):
    per numeric component, and a version is below any longer one it begins
    (7 < 7.0 < 7.0.1), so TCVERSION=7 is not DSM 7.0 for spksrc either.
    parts: the numbers, a tuple."""
    __slots__ = ()

    @classmethod
    def parse(cls, text: str, source: str = "TCVERSION") -> Version:
        if not _VERSION.match(text or ""):
            raise SpkgenError(f"'{text}' is not a version like 7.2 or 6.2.4 (digits and dots, "
                              "no leading zeros)", file=source, code=VARIABLE)
        return cls(tuple(int(p) for p in text.split(".")))

    @property
    def key(self) -> tuple[int, ...]:
        return tuple(self.parts)

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)

    @property
    def has_resource(self) -> bool:
        """DSM 6.0 and later read conf/resource; older DSM and SRM 1.x do not."""
        return self >= V6_0


V6_0 = Version((6, 0))
V6_1 = Version((6, 1))
V7_0 = Version((7, 0))


def variant_version(name: str) -> Version | None:
    """The version a conf folder name stands for; Version(()) for plain 'conf'."""
    if name == "conf":
        return Version(())
    match = _VARIANT.match(name)
    return Version(tuple(int(d) for d in match.group(1))) if match else None


class ConfChoice(namedtuple("ConfChoice", "folder reason")):
    """folder: relative to the package dir, e.g. 'src/conf_72', or None; reason: why."""
    __slots__ = ()


def list_conf_folders(package_dir: str) -> list[str]:
    src = os.path.join(package_dir, "src")
    try:
        names = os.listdir(src)
    except OSError:
        return []
    return sorted(n for n in names if (n == "conf" or n.startswith(("conf_", "conf.")))
                  and os.path.isdir(os.path.join(src, n)))


def automatic_conf(package_dir: str, target: Version, diags: Diagnostics | None = None,
                   without: tuple[str, ...] = ()) -> ConfChoice:
    """The automatic choice for a package that opted in (see the module's doc);
    it ignores CONF_DIR.  ``without``: folder names to leave out (what if they went)."""
    candidates = []
    for name in list_conf_folders(package_dir):
        if name in without:
            continue
        version = variant_version(name)
        if version is None:
            if diags is not None:
                diags.note("not a DSM conf variant (conf, conf_<digits>, "
                           "conf_dsm<digits>, conf.dsm<digits>): never chosen",
                           os.path.normpath(os.path.join(package_dir, "src", name)),
                           code=PACKAGE_FILES)
            continue
        candidates.append((version, name))
    if not any(v.parts for v, _ in candidates):
        if candidates:
            return ConfChoice(None, "src/conf is shipped only when CONF_DIR names it, as with "
                              "spksrc alone (add 'CONF_DIR = src/conf/' to the Makefile)")
        return ConfChoice(None, "the package has no src/conf folder")
    fitting = [(v, n) for v, n in candidates if v <= target]
    if not fitting:
        return ConfChoice(None, f"no conf variant fits DSM {target} (found: "
                          f"{', '.join(n for _, n in candidates)})")
    best = max(v for v, _ in fitting)
    names = sorted(n for v, n in fitting if v == best)
    if len(names) > 1:
        raise SpkgenError(f"{' and '.join('src/' + n for n in names)} both stand for DSM "
                          f"{best or '(fallback)'}: remove one or set CONF_DIR", file="src",
                          code=PACKAGE_FILES)
    if not best.parts:
        return ConfChoice("src/conf", f"fallback: no variant is at or below DSM {target}")
    return ConfChoice(f"src/{names[0]}", f"highest variant at or below DSM {target}")


def choose_conf(package_dir: str, target: Version, conf_dir: str = "",
                diags: Diagnostics | None = None) -> ConfChoice:
    """The conf folder a build for ``target`` ships: CONF_DIR's when the package (or the
    command line) sets it; none when a makefile of the package assigns CONF_DIR for
    other versions only; else the automatic choice."""
    assignment = first_assignment(package_dir)
    where = f" ({assignment.file}:{assignment.line})" if assignment else ""
    if conf_dir.strip():
        return ConfChoice(conf_dir.strip().rstrip("/"),
                          f"CONF_DIR is set by the package{where}" if assignment else
                          "CONF_DIR is set outside the package's makefiles")
    if assignment:
        return ConfChoice(None, f"the package assigns CONF_DIR{where}, but not for DSM "
                          f"{target}: no conf folder, as with spksrc alone")
    choice = automatic_conf(package_dir, target, diags)
    return ConfChoice(choice.folder, "automatic (no makefile of the package assigns "
                      f"CONF_DIR): {choice.reason}")
