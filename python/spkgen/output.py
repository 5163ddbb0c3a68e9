"""Writing outputs: atomically (temp file + rename), and only when the bytes change."""
from __future__ import annotations

import os
import tempfile

from .errors import SpkgenError


def write_if_changed(path: str, text: str) -> bool:
    """Write text to path unless it already holds exactly these bytes; True if written.
    A symlink at path is replaced by a file, never written through."""
    data = text.encode("utf-8")
    if not os.path.islink(path):
        try:
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return False
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise SpkgenError(f"cannot read: {exc.strerror}", file=path) from None
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".spkgen-", dir=folder)
    except OSError as exc:
        raise SpkgenError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        os.unlink(temp)
        raise SpkgenError(f"cannot write: {exc.strerror}", file=path) from None
    return True


def remove_if_present(path: str) -> bool:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise SpkgenError(f"cannot remove: {exc.strerror}", file=path) from None
    return True
