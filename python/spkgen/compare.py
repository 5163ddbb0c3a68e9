"""What one resource has that another lacks: how spkgen's output differs from spksrc's."""
from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Iterable
    from typing import Any


def _entries(resource: dict[str, Any], skip: Iterable[str]) -> list[tuple[str, str]]:
    """(worker, entry) pairs: each link for usr-local-linker, each worker otherwise."""
    out = []
    for worker, value in resource.items():
        if worker in skip:
            continue
        if worker == "usr-local-linker" and isinstance(value, dict):
            out += [(worker, f"usr-local-linker {folder}: {path}")
                    for folder, paths in value.items()
                    for path in (paths if isinstance(paths, list) else [paths])]
        else:
            out.append((worker, f"{worker}: {json.dumps(value, sort_keys=True)}"))
    return out


def changed_workers(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Workers both have with different values (usr-local-linker is compared per link)."""
    return {w for w in before.keys() & after.keys()
            if w != "usr-local-linker" and before[w] != after[w]}


def compare(before: dict[str, Any], after: dict[str, Any], skip: Iterable[str] = ()) -> list[str]:
    """Lines '+ entry' (only in after) and '- entry' (only in before), in file order;
    workers in skip are left out."""
    old = [e for _, e in _entries(before, set(skip))]
    new = [e for _, e in _entries(after, set(skip))]
    return [f"+ {e}" for e in new if e not in old] + [f"- {e}" for e in old if e not in new]
