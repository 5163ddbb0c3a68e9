"""DSM facts from data/dsm-facts.ini: WebStation's PHP and Apache backend numbers, the
DSM versions that ship each PHP package, and the DSM version each resource worker
needs.  Every section of the file cites its source."""
from __future__ import annotations

import configparser
import os
from collections import namedtuple
from functools import cache

from .dsm import Version

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "dsm-facts.ini")


class Package(namedtuple("Package", "name backend dsm_min dsm_dropped source")):
    """A Synology package a webservice runs on (PHP X.Y, Apache X.Y): its name ('PHP 7.4'),
    backend number, the DSM Versions that first ship and drop it (or None), and the source."""
    __slots__ = ()

    def shipped_on(self, target: Version) -> bool:
        return (self.dsm_min is None or target >= self.dsm_min) and \
            (self.dsm_dropped is None or target < self.dsm_dropped)

    def availability(self) -> str:
        since = f"DSM {self.dsm_min} and later" if self.dsm_min else "every DSM"
        return since + (f" until {self.dsm_dropped}, which dropped it"
                        if self.dsm_dropped else "")


class Worker(namedtuple("Worker", "name dsm_min source")):
    """A resource worker and the DSM Version that first has it."""
    __slots__ = ()


@cache
def _sections() -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(interpolation=None)
    with open(DATA, encoding="utf-8") as handle:
        parser.read_file(handle)
    return {name: dict(parser[name]) for name in parser.sections()}


def _version(text: str | None) -> Version | None:
    return Version.parse(text, DATA) if text else None


def _package(kind: str, label: str, version: str) -> Package | None:
    values = _sections().get(f"{kind} {version}")
    if values is None:
        return None
    return Package(f"{label} {version}", int(values["backend"]), _version(values.get("dsm_min")),
                   _version(values.get("dsm_dropped")), values["source"])


def php(version: str) -> Package | None:
    return _package("php", "PHP", version)


def apache(version: str) -> Package | None:
    return _package("apache", "Apache", version)


def synology_package(name: str) -> Package | None:
    """A Synology package as SPK_DEPENDS names it ('PHP8.2', 'Apache2.4', 'WebStation'),
    if data/dsm-facts.ini knows it ([php X.Y], [apache X.Y], [package NAME])."""
    import re
    for kind, label in (("php", "PHP"), ("apache", "Apache")):
        match = re.fullmatch(label + r"(\d+\.\d+)", name)
        if match:
            return _package(kind, label, match.group(1))
    values = _sections().get(f"package {name}")
    if values is None:
        return None
    return Package(name, None, _version(values.get("dsm_min")),
                   _version(values.get("dsm_dropped")), values["source"])


def known(kind: str) -> str:
    return ", ".join(name.split(" ", 1)[1] for name in _sections() if name.startswith(kind + " "))


def worker(name: str) -> Worker | None:
    values = _sections().get(f"worker {name}")
    if values is None:
        return None
    return Worker(name, Version.parse(values["dsm_min"], DATA), values["source"])
