"""Clashes between packages of one tree: the same port, or the same /usr/local link.

Two packages clash when both declare a destination port (ranges overlapping) for
the same protocol, or both link the same /usr/local/<folder>/<name>, for at least
one common DSM version.  DSM's own ports (data/dsm-services.sc) are claimed for every
version checked.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..links import FOLDERS
from ..ports import PortRange
from ..protocol import Service, parse_protocol_file

DSM = "DSM"
DSM_SERVICES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "data", "dsm-services.sc")


@dataclass(frozen=True)
class Claim:
    owner: str                  # package name, or DSM
    what: str                   # 'tcp' / 'udp' for ports, the link path for links
    low: int
    high: int
    label: str                  # '[service]' or the linked path
    file: str | None
    line: int | None
    versions: frozenset[str]
    title: str = ""             # the service's title (ports)

    @property
    def where(self) -> str:
        if not self.file:
            return self.owner
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Clash:
    kind: str                          # port or link
    subject: str                       # '8080/tcp, 8081/tcp' or '/usr/local/bin/x'
    first: Claim
    second: Claim
    versions: tuple[str, ...]          # the versions both claim


def port_claims(owner: str, services: Iterable[Service], versions: Iterable[str]) -> list[Claim]:
    found = []
    for service in services:
        for group in service.dst_ports.groups:
            for port in group.ports:
                if not isinstance(port, PortRange):
                    continue              # a {{wizard}} placeholder: chosen at install
                for protocol in group.protocols or ("tcp", "udp"):
                    found.append(Claim(owner, protocol, port.low, port.high,
                                       f"[{service.name}]", service.file,
                                       service.line if _is_file(service.file) else None,
                                       frozenset(versions), service.title))
    return found


def _is_file(location: str | None) -> bool:
    """Services of SERVICE_PORT are located at the variable, not at a line."""
    return bool(location) and location != "SERVICE_PORT"


def dsm_claims(versions: Iterable[str], path: str = DSM_SERVICES) -> list[Claim]:
    """DSM's own ports, each labelled with its service's description."""
    return [Claim(DSM, c.what, c.low, c.high, service.desc, None, None, frozenset(versions))
            for service in parse_protocol_file(path)
            for c in port_claims(DSM, [service], ())]


def link_claims(owner: str, worker: object, source: str, versions: Iterable[str]) -> list[Claim]:
    """Claims of a resource's usr-local-linker value (already validated by the build): the
    links DSM makes, so not an empty entry or a folder it ignores."""
    found = []
    if isinstance(worker, dict):
        for folder, paths in worker.items():
            if folder not in FOLDERS:
                continue
            for path in paths if isinstance(paths, list) else ():
                if not path:
                    continue
                target = f"/usr/local/{folder}/{os.path.basename(path)}"
                found.append(Claim(owner, target, 0, 0, path, source, None, frozenset(versions)))
    return found


def merge_versions(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per owner and thing claimed, with the union of its versions."""
    merged: dict[Claim, set[str]] = {}
    for claim in claims:
        merged.setdefault(replace(claim, versions=frozenset()), set()).update(claim.versions)
    return [replace(claim, versions=frozenset(v)) for claim, v in merged.items()]


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}:{high}"


def find_clashes(claims: Sequence[Claim], kind: str) -> list[Clash]:
    """Overlapping claims of different owners, one Clash per pair of claims' owners and
    locations; versions in common only."""
    by_what: dict[str, list[Claim]] = defaultdict(list)
    for claim in merge_versions(claims):
        by_what[claim.what].append(claim)
    found: dict[tuple[str, str, str, str, str, str],
                tuple[Claim, Claim, list[str], set[str]]] = {}
    for what in sorted(by_what):
        ordered = sorted(by_what[what], key=lambda c: (c.low, c.high, c.owner))
        for i, first in enumerate(ordered):
            for j in range(i + 1, len(ordered)):     # not ordered[i + 1:]: a copy per claim
                second = ordered[j]
                if second.low > first.high:
                    break
                common = first.versions & second.versions
                if second.owner == first.owner or not common:
                    continue
                a, b = sorted((first, second), key=lambda c: (c.owner != DSM, c.owner))
                # ports: one clash per pair of services; links: per pair of packages
                key = (a.owner, a.label if kind == "port" else "", a.where,
                       b.owner, b.label if kind == "port" else "", b.where)
                subject = (what if kind == "link" else
                           f"{_range(max(a.low, b.low), min(a.high, b.high))}/{what}")
                _, _, subjects, versions = found.setdefault(key, (a, b, [], set()))
                subjects.append(subject)
                versions.update(common)
    return [Clash(kind, ", ".join(dict.fromkeys(subjects)), a, b, tuple(sorted(versions)))
            for _, (a, b, subjects, versions) in sorted(found.items())]
