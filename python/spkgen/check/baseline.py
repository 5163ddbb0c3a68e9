"""A baseline for CI: the findings a tree had when it was committed, so that a check
fails only on new ones (``--write-baseline FILE``, ``--baseline FILE``).

Findings are matched by rule, package and fingerprint (model.Finding.fingerprint: the
file and message without line numbers), as many times as the baseline lists them: an
unrelated edit above a finding, or another DSM version, does not break its match.  The
file is JSON, sorted, one entry per finding with its message for people to read.
"""
from __future__ import annotations

import json
from collections import Counter

from ..errors import SpkgenError
from ..output import write_if_changed
from .model import Report, Suppression

FORMAT = 1
Key = tuple[str, str, str]        # rule, package, fingerprint


def baseline_text(report: Report) -> str:
    """Every finding that counts (not suppressed), as a baseline file."""
    entries = sorted(({"rule": f.kind, "package": p.name, "fingerprint": f.fingerprint(p.name),
                       "message": f.message} for p in report.packages for f in p.active),
                     key=lambda e: (e["package"], e["rule"], e["fingerprint"], e["message"]))
    return json.dumps({"spkgen-baseline": FORMAT, "findings": entries}, indent=2,
                      ensure_ascii=False) + "\n"


def write_baseline(report: Report, path: str) -> int:
    """Write the baseline (atomically, only when it changes); the number of entries."""
    write_if_changed(path, baseline_text(report))
    return sum(len(p.active) for p in report.packages)


def read_baseline(path: str) -> Counter[Key]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise SpkgenError(f"cannot read the baseline: {exc.strerror or exc}", file=path) from None
    except ValueError as exc:
        raise SpkgenError(f"not a baseline (invalid JSON: {exc})", file=path) from None
    if not isinstance(data, dict) or data.get("spkgen-baseline") != FORMAT or \
            not isinstance(data.get("findings"), list):
        raise SpkgenError(f"not a baseline of this spkgen (expected \"spkgen-baseline\": "
                          f"{FORMAT} and a \"findings\" list; write one with --write-baseline)",
                          file=path)
    keys: Counter[Key] = Counter()
    for index, entry in enumerate(data["findings"]):
        try:
            keys[(str(entry["rule"]), str(entry["package"]), str(entry["fingerprint"]))] += 1
        except (KeyError, TypeError):
            raise SpkgenError(f"entry {index + 1} of \"findings\" lacks rule, package or "
                              "fingerprint", file=path) from None
    return keys


def apply_baseline(report: Report, keys: Counter[Key]) -> int:
    """Mark the findings the baseline lists as suppressed (kind 'baseline'); how many."""
    left = Counter(keys)
    matched = 0
    for package in report.packages:
        for finding in package.active:
            key = (finding.kind, package.name, finding.fingerprint(package.name))
            if left[key] > 0:
                left[key] -= 1
                finding.suppressed = Suppression("baseline", "in the baseline")
                matched += 1
    return matched
