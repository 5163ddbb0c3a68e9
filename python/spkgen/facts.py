"""DSM facts from data/dsm-facts.ini: WebStation's PHP and Apache backend numbers, the
DSM versions that ship each Synology package, and the DSM version each resource worker
needs.

Every fact carries its own source: ``backend`` with ``backend_source``, ``dsm_min`` with
``dsm_min_source``, ``dsm_dropped`` with ``dsm_dropped_source``.  The loader is strict:
a fact without its own source, a source without its fact, an unknown key or a value that
does not parse is an error at the file's line.  A bound the file leaves out is not a
finding anywhere (no DSM version is excluded by it)."""
from __future__ import annotations

import configparser
import os
import re
from collections import namedtuple
from functools import cache

from .dsm import Version
from .errors import SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only
    from collections.abc import Callable

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "dsm-facts.ini")

# Per kind of section: the facts it may hold (each needs '<fact>_source'), those it
# must hold, and whether it needs a plain 'source' (what the row is).
_FACTS = {"php": ({"backend", "dsm_min", "dsm_dropped"}, {"backend"}, False),
          "apache": ({"backend", "dsm_min", "dsm_dropped"}, {"backend"}, False),
          "worker": ({"dsm_min"}, set(), True),
          "package": ({"dsm_min", "dsm_dropped"}, set(), True)}
_SOURCE = "_source"
_MIN_SOURCE = 10          # a source names where: a URL, a file and line, an issue and quote
_SECTION = re.compile(r"\[(?P<name>[^\]]+)\]\s*$")
_KEY = re.compile(r"(?P<key>[^\s=:;#][^=:]*?)\s*[=:]")
NO_BOUND = Version(())    # below every DSM version: a worker whose guide page gives none


class Package(namedtuple("Package", "name backend backend_source dsm_min dsm_min_source "
                                   "dsm_dropped dsm_dropped_source row_source",
                         defaults=(None, None, None, None, None, None, None))):
    """A Synology package (PHP X.Y, Apache X.Y, or as SPK_DEPENDS names it): its name
    ('PHP 7.4'), WebStation backend number (or None), the DSM Versions from which it is
    shipped (dsm_min) and from which it is not (dsm_dropped), each None where no source
    states it, and each fact's own source; row_source: why a [package] row is Synology's."""
    __slots__ = ()

    def shipped_on(self, target: Version) -> bool:
        """False only where a sourced bound excludes target."""
        return (self.dsm_min is None or target >= self.dsm_min) and \
            (self.dsm_dropped is None or target < self.dsm_dropped)

    def availability(self) -> str:
        """What the sourced bounds say, after 'Synology ships it on': no more."""
        since = f"DSM {self.dsm_min} and later" if self.dsm_min else ""
        until = f"before {self.dsm_dropped} only" if self.dsm_dropped else ""
        if since and until:
            return f"{since}, {until}"
        return since or (f"DSM {until}" if until else "every DSM (no bound is sourced)")

    def excluded_by(self, target: Version) -> list[tuple[str, Version, str]]:
        """The bounds that exclude target: ('dsm_min' or 'dsm_dropped', version, source)."""
        found = []
        if self.dsm_min is not None and target < self.dsm_min:
            found.append(("dsm_min", self.dsm_min, self.dsm_min_source or ""))
        if self.dsm_dropped is not None and target >= self.dsm_dropped:
            found.append(("dsm_dropped", self.dsm_dropped, self.dsm_dropped_source or ""))
        return found

    @property
    def source(self) -> str:
        """The sources of its bounds (of the row, where it has none)."""
        bounds = [f"from DSM {self.dsm_min}: {self.dsm_min_source}" if self.dsm_min else "",
                  f"not from DSM {self.dsm_dropped} on: {self.dsm_dropped_source}"
                  if self.dsm_dropped else ""]
        return "; ".join(b for b in bounds if b) or self.row_source or self.backend_source or ""


class Worker(namedtuple("Worker", "name dsm_min source")):
    """A resource worker Synology's guide documents, the DSM Version that first has it
    (NO_BOUND where the guide gives none: no target is below it) and that fact's source
    (the row's, without a bound)."""
    __slots__ = ()


def _lines(text: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Where each section and each key starts (1-based), as configparser reads them."""
    sections: dict[str, int] = {}
    keys: dict[tuple[str, str], int] = {}
    current = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line[0] in "#;" or line[0].isspace():
            continue
        match = _SECTION.match(line)
        if match:
            current = match["name"]
            sections.setdefault(current, number)
            continue
        match = _KEY.match(line)
        if match and current is not None:
            keys.setdefault((current, match["key"].strip().lower()), number)
    return sections, keys


def load(path: str) -> dict[str, dict[str, str]]:
    """The sections of a facts file, each checked: every fact has its own source."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(text, source=path)
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise SpkgenError(f"cannot read DSM facts: {exc}", file=path) from None
    section_lines, key_lines = _lines(text)
    if parser.defaults():       # its keys would be every section's, sourced or not
        raise SpkgenError("a [DEFAULT] section gives every section its keys: name each fact "
                          "in its own section, with its own source", file=path,
                          line=section_lines.get(parser.default_section))
    found: dict[str, dict[str, str]] = {}
    for name in parser.sections():
        values = dict(parser[name])

        def key_line(key: str, name: str = name) -> int | None:
            return key_lines.get((name, key), section_lines.get(name))
        _check(name, values, path, section_lines.get(name), key_line)
        found[name] = values
    return found


def _check(name: str, values: dict[str, str], path: str, line: int | None,
           key_line: Callable[[str], int | None]) -> None:
    kind, _, key = name.partition(" ")
    if kind not in _FACTS or not key.strip():
        raise SpkgenError(f"[{name}]: a section is [php X.Y], [apache X.Y], [worker NAME] or "
                          "[package NAME]", file=path, line=line)
    allowed, required, needs_source = _FACTS[kind]
    missing = sorted(required - set(values))
    if missing:
        raise SpkgenError(f"[{name}] has no {missing[0]}", file=path, line=line)
    if needs_source and "source" not in values:
        raise SpkgenError(f"[{name}] has no source (what says it is Synology's)",
                          file=path, line=line)
    for item, value in values.items():
        fact = item[:-len(_SOURCE)] if item.endswith(_SOURCE) else item
        if item == "source" and needs_source or item.endswith(_SOURCE) and fact in allowed:
            if len(value.strip()) < _MIN_SOURCE:
                raise SpkgenError(f"[{name}] {item} must say where the fact is stated "
                                  f"(a URL, a file and line, an issue and its words), not "
                                  f"'{value.strip()}'", file=path, line=key_line(item))
            if item.endswith(_SOURCE) and fact not in values:
                raise SpkgenError(f"[{name}] {item} sources no {fact}: the section has none",
                                  file=path, line=key_line(item))
            continue
        if item not in allowed:
            raise SpkgenError(f"[{name}] {item}: not a fact of a [{kind}] section (it takes "
                              + ", ".join(sorted(allowed) + (["source"] if needs_source else []))
                              + ", each fact with its own '<fact>_source')",
                              file=path, line=key_line(item))
        if item + _SOURCE not in values:
            raise SpkgenError(f"[{name}] {item} = {value} has no source of its own: add "
                              f"'{item}{_SOURCE} = ' naming what states it, or leave the "
                              "fact out (a fact no source states is not checked)",
                              file=path, line=key_line(item))
        try:
            int(value) if item == "backend" else Version.parse(value, path)
        except (ValueError, SpkgenError):
            raise SpkgenError(f"[{name}] {item} = {value}: not "
                              + ("a number" if item == "backend" else "a DSM version like 7.2"),
                              file=path, line=key_line(item)) from None
    low, high = values.get("dsm_min"), values.get("dsm_dropped")
    if low and high and Version.parse(low, path) >= Version.parse(high, path):
        raise SpkgenError(f"[{name}] dsm_min = {low} is not before dsm_dropped = {high}",
                          file=path, line=key_line("dsm_dropped"))


@cache
def _sections() -> dict[str, dict[str, str]]:
    return load(DATA)


def _version(text: str | None) -> Version | None:
    return Version.parse(text, DATA) if text else None


def _package(name: str, values: dict[str, str]) -> Package:
    backend = values.get("backend")
    return Package(name, int(backend) if backend else None, values.get("backend_source"),
                   _version(values.get("dsm_min")), values.get("dsm_min_source"),
                   _version(values.get("dsm_dropped")), values.get("dsm_dropped_source"),
                   values.get("source"))


def _kind(kind: str, label: str, version: str) -> Package | None:
    values = _sections().get(f"{kind} {version}")
    return None if values is None else _package(f"{label} {version}", values)


def php(version: str) -> Package | None:
    return _kind("php", "PHP", version)


def apache(version: str) -> Package | None:
    return _kind("apache", "Apache", version)


def synology_package(name: str) -> Package | None:
    """A Synology package as SPK_DEPENDS names it ('PHP8.2', 'Apache2.4', 'WebStation'),
    if data/dsm-facts.ini knows it ([php X.Y], [apache X.Y], [package NAME])."""
    for kind, label in (("php", "PHP"), ("apache", "Apache")):
        match = re.fullmatch(label + r"(\d+\.\d+)", name)
        if match:
            return _kind(kind, label, match.group(1))
    values = _sections().get(f"package {name}")
    return None if values is None else _package(name, values)


def known(kind: str) -> str:
    return ", ".join(name.split(" ", 1)[1] for name in _sections() if name.startswith(kind + " "))


def worker(name: str) -> Worker | None:
    values = _sections().get(f"worker {name}")
    if values is None:
        return None
    if "dsm_min" not in values:
        return Worker(name, NO_BOUND, values["source"])
    return Worker(name, Version.parse(values["dsm_min"], DATA), values["dsm_min_source"])
