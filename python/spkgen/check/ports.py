"""``spkgen ports``: every package's ports as a table, from the data check uses, and its
drift against spksrc's hand-written docs/reference/package-ports.md."""
from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass

from ..dsm import Version
from ..errors import SpkgenError
from .clashes import Claim, merge_versions
from .model import Report


@dataclass(frozen=True)
class PortRow:
    package: str
    ports: str            # '8080/tcp, 8081/udp' (ranges as 6881:6889)
    service: str          # '[name]'
    title: str
    file: str             # source file (or SERVICE_PORT)
    line: int
    versions: tuple[str, ...]
    ranges: tuple[tuple[int, int], ...]


def port_rows(report: Report) -> list[PortRow]:
    """One row per package service, its ports merged, sorted by lowest port."""
    grouped: dict[tuple[str, str, str, str, int, tuple[str, ...]], list[Claim]] = {}
    for claim in merge_versions(report.ports):
        key = (claim.owner, claim.label, claim.title, claim.file or "", claim.line or 0,
               tuple(sorted(claim.versions, key=lambda v: Version.parse(v).key)))
        grouped.setdefault(key, []).append(claim)
    rows = []
    for (owner, label, title, file, line, versions), claims in grouped.items():
        by_range: dict[tuple[int, int], list[str]] = {}
        for claim in claims:
            by_range.setdefault((claim.low, claim.high), []).append(claim.what)
        ranges = sorted(by_range)
        text = ", ".join(f"{low if low == high else f'{low}:{high}'}/"
                         f"{','.join(sorted(by_range[(low, high)]))}" for low, high in ranges)
        if file == "SERVICE_PORT":
            file = os.path.relpath(os.path.join(report.tree, "spk", owner, "Makefile")) + \
                " (SERVICE_PORT)"
        rows.append(PortRow(owner, text, label, title, file, line, versions, tuple(ranges)))
    return sorted(rows, key=lambda r: (r.ranges[0], r.package, r.service))


def render_markdown(rows: list[PortRow]) -> str:
    lines = ["| package | ports | service | title | source | DSM |", "|---|---|---|---|---|---|"]
    for row in rows:
        source = f"{row.file}:{row.line}" if row.line else row.file
        lines.append(f"| {row.package} | {row.ports} | {row.service} | "
                     f"{row.title.replace('|', '&#124;')} | {source} | {', '.join(row.versions)} |")
    return "\n".join(lines) + "\n"


def render_json(rows: list[PortRow]) -> str:
    return json.dumps([{"package": r.package, "ports": r.ports, "service": r.service,
                        "title": r.title, "file": r.file, "line": r.line or None,
                        "versions": list(r.versions)} for r in rows],
                      indent=2, ensure_ascii=False) + "\n"


_ROW = re.compile(r"<tr[^>]*>\s*<td>(?P<port>[^<]*)</td>\s*<td>(?P<name>[^<]*)</td>", re.I)


def read_document(path: str) -> list[tuple[int, int, str, int]]:
    """(low, high, package as written, line) of each port the document's port table lists
    (<tr><td>PORT</td><td>PACKAGE</td>...: its other tables, such as the recommended
    ranges, are not package entries)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpkgenError(f"cannot read: {exc}", file=path) from None
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        match = _ROW.search(line)
        if not match:
            continue
        name = html.unescape(match.group("name")).strip()
        for low, high in re.findall(r"(\d+)(?:\s*[-–:]\s*(\d+))?", match.group("port")):
            found.append((int(low), int(high or low), name, number))
    if not found:
        raise SpkgenError("no port table found (expected <tr><td>PORT</td><td>PACKAGE</td> "
                          "rows)", file=path)
    return found


def _name(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def compare_document(rows: list[PortRow], path: str) -> tuple[list[str], int]:
    """Lines for the ports the document lacks and its entries the tree no longer declares,
    then a count line; and the number of such entries."""
    listed = read_document(path)
    missing = []
    for row in rows:
        for low, high in row.ranges:
            if not any(lo <= high and low <= hi for lo, hi, _, _ in listed):
                missing.append(f"missing from {path}: {low if low == high else f'{low}:{high}'} "
                               f"{row.package} {row.service} ({row.file}"
                               f"{f':{row.line}' if row.line else ''})")
    declared = [(low, high, r.package) for r in rows for low, high in r.ranges]
    stale = []
    for low, high, name, line in listed:
        owners = [p for lo, hi, p in declared if lo <= high and low <= hi]
        if not owners:
            stale.append(f"{path}:{line}: {low if low == high else f'{low}-{high}'} {name}: no "
                         "package of the tree declares this port")
        elif not any(_name(p) in _name(name) or _name(name) in _name(p) for p in owners):
            stale.append(f"{path}:{line}: {low if low == high else f'{low}-{high}'} {name}: "
                         f"declared by {', '.join(sorted(set(owners)))} instead")
    summary = (f"spkgen ports: {len(rows)} services in the tree, {len(listed)} ports in "
               f"{path}: {len(missing)} missing from it, {len(stale)} it lists that the tree "
               "does not declare as written")
    return missing + stale + [summary], len(missing) + len(stale)
