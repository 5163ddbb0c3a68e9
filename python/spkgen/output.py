"""Writing outputs: atomically (temp file + rename), and only when the bytes change."""
from __future__ import annotations

import os
import tempfile
from typing import Dict, Iterable, Union

from .errors import SpkgenError


def write_if_changed(path: str, text: Union[str, bytes]) -> bool:
    """Write text to path unless it already holds exactly these bytes; True if written.
    A symlink at path is replaced by a file, never written through."""
    data = text.encode("utf-8") if isinstance(text, str) else text
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


def mirror_folder(folder: str, files: Dict[str, bytes]) -> None:
    """Make folder hold exactly these plain files (name -> bytes), each written if changed."""
    os.makedirs(folder, exist_ok=True)
    for name, data in files.items():
        write_if_changed(os.path.join(folder, name), data)
    for name in os.listdir(folder):
        if name not in files:
            path = os.path.join(folder, name)
            if os.path.isfile(path) or os.path.islink(path):
                remove_if_present(path)


def make_depfile(target: str, inputs: Iterable[str]) -> str:
    """A make fragment: target depends on inputs; each input gets an empty rule so that
    a deleted input means 'rebuild', not 'no rule to make target'."""
    def escape(path: str) -> str:
        return os.path.abspath(path).replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")
    paths = [escape(p) for p in inputs]
    lines = [f"{escape(target)}: {' '.join(paths)}".rstrip()] + [f"{p}:" for p in paths]
    return "# written by spkgen build: the files the last run read\n" + "\n".join(lines) + "\n"
