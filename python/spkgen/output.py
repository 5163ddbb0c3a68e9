"""Writing outputs: atomically (temp file + rename), only when the bytes change, and only
where spkgen may write.

spkgen writes regular files only: an output path must be a regular file or not exist
yet; a device node, FIFO, socket, folder or symlink there is refused before anything
is written (as root, renaming over /dev/null would replace the device).  A folder
spkgen mirrors (--conf-mirror) holds a marker (.spkgen/files) listing the files it
wrote; it refuses a folder holding anything else.
"""
from __future__ import annotations

import os
import re
import stat

from .errors import SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Iterable

# In a subfolder: spksrc's conf step copies the mirror's plain files only (find -maxdepth 1
# -type f), so the marker never ships.
MIRROR_MARKER = os.path.join(".spkgen", "files")
TEMP_PREFIX = ".spkgen-"
_OUR_TEMP = re.compile(re.escape(TEMP_PREFIX) + r"[0-9]+-[0-9]+\Z")    # see _new_temp


def check_output_path(path: str) -> None:
    """Refuse an output path that is not a regular file, or whose folder is not a folder."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise SpkgenError(f"cannot use as an output: {exc.strerror}", file=path) from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = ("a symlink" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode)
                else "a device, FIFO or socket")
        raise SpkgenError(f"is {kind}, not a regular file: refusing to write it", file=path)
    folder = os.path.dirname(path) or "."
    while folder and not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    if folder and not os.path.isdir(folder):
        raise SpkgenError(f"'{folder}' is not a folder: cannot write here", file=path)
    if not os.access(folder or ".", os.W_OK | os.X_OK):
        raise SpkgenError(f"'{folder or '.'}' is not writable: cannot write here", file=path)


def _new_temp(folder: str) -> tuple[int, str]:
    """A new file of our own in folder (O_EXCL), named TEMP_PREFIX<pid>-<n>: what
    tempfile.mkstemp does, without its imports (random, shutil, ...) in every build."""
    for attempt in range(1000):
        temp = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{attempt}")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def write_if_changed(path: str, text: str | bytes) -> bool:
    """Write text to path unless it already holds exactly these bytes; True if written."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    check_output_path(path)
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
        fd, temp = _new_temp(folder)
    except OSError as exc:
        raise SpkgenError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:        # an interrupt too: leave no temp file behind
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SpkgenError(f"cannot write: {exc.strerror}", file=path) from None
        raise
    return True


def remove_if_present(path: str) -> bool:
    check_output_path(path)
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise SpkgenError(f"cannot remove: {exc.strerror}", file=path) from None
    return True


def _mirror_owned(folder: str) -> list[str]:
    """The files spkgen wrote in folder before; refuses a folder holding anything else."""
    if not os.path.lexists(folder):
        return []
    check = os.lstat(folder).st_mode
    if not stat.S_ISDIR(check):
        raise SpkgenError("is not a folder: refusing to use it as the conf mirror", file=folder)
    names = sorted(os.listdir(folder))
    if not names:
        return []
    marker = os.path.join(folder, MIRROR_MARKER)
    meta = os.path.dirname(MIRROR_MARKER)
    owned: list[str] = []
    if os.path.isfile(marker) and not os.path.islink(marker):
        with open(marker, encoding="utf-8", errors="replace") as handle:
            owned = [n for n in handle.read().split("\n")
                     if n and "/" not in n and n not in (".", "..", meta)]

    def regular(name: str) -> bool:
        return stat.S_ISREG(os.lstat(os.path.join(folder, name)).st_mode)
    for name in [n for n in names if _OUR_TEMP.match(n) and n not in owned and regular(n)]:
        os.unlink(os.path.join(folder, name))       # ours, left by an interrupted run
        names.remove(name)
    strangers = [n for n in names if n != meta and (n not in owned or not regular(n))]
    meta_path = os.path.join(folder, meta)
    if meta in names and (os.path.islink(meta_path) or not os.path.isdir(meta_path)):
        strangers.append(meta)
    if strangers:
        raise SpkgenError(f"holds {', '.join(strangers[:3])}{', ...' if len(strangers) > 3 else ''}"
                          ", which spkgen did not write: refusing to manage this folder "
                          "(give an empty or new folder)", file=folder)
    return owned


def check_mirror(folder: str, files: dict[str, bytes]) -> list[str]:
    """Refuse a mirror folder spkgen may not manage; the names it wrote there before."""
    owned = _mirror_owned(folder)
    for name in [MIRROR_MARKER, *files]:
        check_output_path(os.path.join(folder, name))
    return owned


def mirror_folder(folder: str, files: dict[str, bytes]) -> None:
    """Make folder hold exactly these plain files (name -> bytes), each written if changed.
    Only files spkgen wrote there are ever removed (see the module's doc)."""
    owned = check_mirror(folder, files)
    os.makedirs(folder, exist_ok=True)
    write_if_changed(os.path.join(folder, MIRROR_MARKER), "".join(f"{n}\n" for n in
                                                                 sorted(set(files) | set(owned))))
    for name, data in files.items():
        write_if_changed(os.path.join(folder, name), data)
    for name in owned:
        if name not in files:
            remove_if_present(os.path.join(folder, name))
    write_if_changed(os.path.join(folder, MIRROR_MARKER), "".join(f"{n}\n" for n in sorted(files)))


def make_depfile(target: str, inputs: Iterable[str]) -> str:
    """A make fragment: target depends on inputs; each input gets an empty rule so that
    a deleted input means 'rebuild', not 'no rule to make target'."""
    def escape(path: str) -> str:
        return os.path.abspath(path).replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")
    paths = [escape(p) for p in inputs]
    lines = [f"{escape(target)}: {' '.join(paths)}".rstrip()] + [f"{p}:" for p in paths]
    return "# written by spkgen build: the files the last run read\n" + "\n".join(lines) + "\n"
