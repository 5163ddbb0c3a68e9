"""What one resource has that another lacks: how spkgen's output differs from spksrc's."""
from __future__ import annotations

import json
from typing import Any, Dict, List


def _entries(resource: Dict[str, Any]) -> List[str]:
    """Comparable entries: each link for usr-local-linker, each worker otherwise."""
    out = []
    for worker, value in resource.items():
        if worker == "usr-local-linker" and isinstance(value, dict):
            out += [f"usr-local-linker {folder}: {path}" for folder, paths in value.items()
                    for path in (paths if isinstance(paths, list) else [paths])]
        else:
            out.append(f"{worker}: {json.dumps(value, sort_keys=True)}")
    return out


def compare(before: Dict[str, Any], after: Dict[str, Any]) -> List[str]:
    """Lines '+ entry' (only in after) and '- entry' (only in before), in file order."""
    old, new = _entries(before), _entries(after)
    return [f"+ {e}" for e in new if e not in old] + [f"- {e}" for e in old if e not in new]
