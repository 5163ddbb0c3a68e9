"""Whether a package's dependencies can be met where it is published (rule ``dependency``).

DSM's Package Center reads them from INFO ``install_dep_packages`` (spksrc writes
``SPK_DEPENDS`` there): names separated by ``:``, each with an optional bound
(``name>V``, ``name>=V``, ``name<V``, ``name<=V``, ``name=V``).  A shipped
``conf/PKG_DEPS`` (an ini file, one section per package) takes priority: its
``pkg_min_ver``/``pkg_max_ver`` bound the version, and ``dsm_min_ver``/``dsm_max_ver``
(``os_min_ver``/``os_max_ver`` from DSM 7.2) limit the DSM versions a dependency
applies to.  Each name is resolved per DSM version: a package of the tree (its
SPK_NAME: does it build there, does its SPK_VERS-SPK_REV meet the bound), a Synology
package (data/dsm-facts.ini: does a bound with its own source exclude that DSM; a bound
no source states is not there, and no finding), or neither (unknown).
"""
from __future__ import annotations

import configparser
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..dsm import Version
from ..errors import SpkgenError
from .model import Severity

_ENTRY = re.compile(r"^(?P<name>[^<>=\s]+)(?:(?P<op>>=|<=|>|<|=)(?P<version>[^<>=\s]\S*))?$")
_NAME_LINE = re.compile(r"^\s*SPK_NAME\s*:?=\s*(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Dependency:
    name: str
    op: str | None = None          # >, >=, <, <=, = (None: any version)
    version: str | None = None
    text: str = ""                    # as written
    file: str | None = None        # where it is declared, and the line
    line: int | None = None

    @property
    def bound(self) -> str:
        return f"{self.op}{self.version}" if self.op else ""

    @property
    def label(self) -> str:
        if self.file and os.path.basename(self.file) == "PKG_DEPS":
            return f"PKG_DEPS {self.text}"
        return f"SPK_DEPENDS entry '{self.text}'"


def parse_depends(value: str, file: str | None = None,
                  line: int | None = None) -> list[Dependency]:
    """SPK_DEPENDS as INFO's install_dep_packages: 'a:b>=1.0:c<2'.  spksrc Makefiles often
    quote the whole value, which make keeps: the quotes are not part of the names."""
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    found = []
    for entry in (e.strip() for e in text.split(":")):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if not match:
            raise SpkgenError(f"'{entry}' is not a dependency (name, or name with >, >=, <, "
                              "<=, = and a version)", file=file or "SPK_DEPENDS", line=line)
        found.append(Dependency(match["name"], match["op"], match["version"], entry, file, line))
    return found


def version_key(text: str) -> tuple[tuple[int, object], ...]:
    """A package version as DSM orders them: the parts between '.', '-' and '_', numbers
    by value (a part that is not a number sorts after every number, by its text)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[._-]", text))


def satisfies(version: str, op: str | None, bound: str | None) -> bool:
    if not op or bound is None:
        return True
    have, want = version_key(version), version_key(bound)
    return {">": have > want, ">=": have >= want, "<": have < want, "<=": have <= want,
            "=": have == want}[op]


def read_pkg_deps(path: str, target: Version) -> list[Dependency]:
    """The dependencies a conf/PKG_DEPS file declares for DSM target."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        parser.read_string(text, source=path)
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise SpkgenError(f"cannot read PKG_DEPS: {exc}", file=path) from None
    lines = text.split("\n")
    found = []
    for section in parser.sections():
        values = parser[section]
        low = values.get("os_min_ver") or values.get("dsm_min_ver")
        high = values.get("os_max_ver") or values.get("dsm_max_ver")
        if (low and _dsm(low, path) > target) or (high and _dsm(high, path) < target):
            continue
        line = next((i for i, text in enumerate(lines, 1) if text.strip() == f"[{section}]"), None)
        bounds = [(">=", values.get("pkg_min_ver")), ("<=", values.get("pkg_max_ver"))]
        given = [(op, v.strip()) for op, v in bounds if v and v.strip()]
        if not given:
            found.append(Dependency(section, text=f"[{section}]", file=path, line=line))
        for op, bound in given:
            found.append(Dependency(section, op, bound, f"[{section}] {op}{bound}", path, line))
    return found


def _dsm(text: str, path: str) -> Version:
    """'7.0-40000' -> 7.0 (the build number does not decide between TCVERSIONs)."""
    try:
        return Version.parse(text.strip().split("-")[0], path)
    except SpkgenError:
        raise SpkgenError(f"'{text}' is not a DSM version like 7.0-40000", file=path) from None


def tree_names(tree: str, packages: Sequence[str]) -> dict[str, str]:
    """SPK_NAME -> package folder name, from each Makefile's plain 'SPK_NAME = x' line
    (the folder's name where there is none)."""
    names: dict[str, str] = {}
    for folder in packages:
        try:
            with open(os.path.join(tree, "spk", folder, "Makefile"), encoding="utf-8",
                      errors="replace") as handle:
                match = _NAME_LINE.search(handle.read())
        except OSError:
            match = None
        names.setdefault(match.group(1) if match and "$" not in match.group(1) else folder,
                         folder)
    return names


@dataclass(frozen=True)
class Resolution:
    severity: Severity | None     # None: met (or unknown either way)
    message: str = ""


def resolve_synology(dep: Dependency, target: Version) -> Resolution | None:
    """For a Synology package (data/dsm-facts.ini): None when it is not one spkgen knows."""
    from .. import facts
    package = facts.synology_package(dep.name)
    if package is None:
        return None
    # Only a bound with its own source excludes a version (facts.py refuses one without);
    # the message names that bound and its source, not the package's other facts.
    excluded = package.excluded_by(target)
    if excluded:
        said = "; ".join(("only from DSM " if bound == "dsm_min" else "only before DSM ")
                         + f"{version} (data/dsm-facts.ini: {source})"
                         for bound, version, source in excluded)
        return Resolution("error", f"{dep.label}: Synology ships {dep.name} {said}")
    return Resolution(None)


def resolve_tree(dep: Dependency, target: str, arch: str, status: str, detail: str,
                 vers: str, folder: str) -> Resolution:
    """For a package of the tree, from check's own answer for it on that version."""
    if status == "unsupported":
        return Resolution("warning", f"{dep.label}: {dep.name} (spk/{folder}) "
                          f"does not build for {arch} DSM {target}: {detail}")
    if status != "ok" or not vers.strip("-"):
        return Resolution(None)           # make failed there: reported for that package
    if not satisfies(vers, dep.op, dep.version):
        return Resolution("error", f"{dep.label}: the tree's {dep.name} "
                          f"(spk/{folder}) is version {vers}, which is not {dep.bound}")
    return Resolution(None)


def unknown(dep: Dependency) -> Resolution:
    return Resolution("warning", f"{dep.label}: {dep.name} is neither a "
                      "package of this tree (no spk/*/Makefile has this SPK_NAME) nor a "
                      "Synology package spkgen knows (data/dsm-facts.ini)")
