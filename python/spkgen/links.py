"""Link lists for the ``usr-local-linker`` worker: SPK_COMMANDS and SPK_USR_LOCAL_LINKS.

DSM links ``/usr/local/<folder>/<basename of entry>`` to each entry (a path relative
to the package target), for the folders bin, lib and etc only.
"""
from __future__ import annotations

import os
import posixpath
from collections import namedtuple

from .errors import Diagnostics, SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Iterable

FOLDERS = ("bin", "etc", "lib")     # the order jq's group_by gives, as spksrc ships it


class Link(namedtuple("Link", "folder path source")):
    """A /usr/local/FOLDER link to PATH; source: the variable (or file) it came from."""
    __slots__ = ()

    @property
    def name(self) -> str:
        return str(posixpath.basename(self.path))


def check_target_path(path: str, source: str, what: str = "path") -> str:
    """A path that stays inside the package: not absolute, no '..' or empty segment, not
    '.' alone, no control character, and no glob character or backslash (spksrc's shell
    recipes would expand or split them)."""
    bad = None
    glob = next((c for c in path if c in "*?[]\\"), None)
    if not path:
        bad = "is empty"
    elif any(ord(c) < 32 or c == "\x7f" for c in path):
        bad = "contains a control character"
    elif path.startswith("/"):
        bad = "is absolute (paths are relative to the package target)"
    elif ".." in path.split("/"):
        bad = "contains a '..' segment"
    elif "" in path.split("/"):
        bad = "contains an empty segment ('//' or a trailing '/')"
    elif path == "." or path.startswith("./") and path.strip("./") == "":
        bad = "is '.' alone (name a file or folder inside the package)"
    elif "." in path.split("/"):
        bad = "contains a '.' segment (name the path without it)"
    elif glob:
        bad = f"contains '{glob}', which spksrc's shell recipes would expand or split"
    if bad:
        raise SpkgenError(f"{what} '{path}' {bad}", file=source)
    return path


def check_inside(path: str, package_dir: str, source: str) -> str:
    """A package file or folder must not lead outside the package through a symlink."""
    real, package = os.path.realpath(path), os.path.realpath(package_dir)
    if real != package and not real.startswith(package.rstrip(os.sep) + os.sep):
        raise SpkgenError(f"'{os.path.normpath(path)}' leads outside the package (to '{real}' "
                          "through a symlink)", file=source)
    return path


def parse_commands(value: str, source: str = "SPK_COMMANDS") -> list[Link]:
    """Every word is linked into /usr/local/bin, whatever its folder (spksrc's meaning)."""
    return [Link("bin", check_target_path(word, source), source) for word in value.split()]


def parse_links(value: str, source: str = "SPK_USR_LOCAL_LINKS") -> list[Link]:
    links = []
    for word in value.split():
        parts = word.split(":")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise SpkgenError(f"'{word}' is not <folder>:<path> (folders: {', '.join(FOLDERS)})",
                              file=source)
        folder, path = parts
        if folder not in FOLDERS:
            raise SpkgenError(f"'{word}': unknown folder '{folder}' (DSM links only "
                              f"{', '.join(FOLDERS)}; others are ignored)", file=source)
        links.append(Link(folder, check_target_path(path, source), source))
    return links


def merge(sources: Iterable[list[Link]], diags: Diagnostics) -> list[Link]:
    """Union of link lists in first-seen order.  Exact duplicates are kept once; two paths
    for one link are an error inside one source, and across sources the later one wins."""
    kept: dict[tuple[str, str], Link] = {}
    for links in sources:
        for link in links:
            key = (link.folder, link.name)
            other = kept.get(key)
            if other is None:
                kept[key] = link
            elif other.path == link.path:
                continue
            elif other.source == link.source:
                raise SpkgenError(f"'{other.path}' and '{link.path}' would both be linked as "
                                  f"/usr/local/{link.folder}/{link.name}", file=link.source)
            else:
                diags.warning(f"'{link.path}' ({link.source}) and '{other.path}' ({other.source}) "
                              f"would both be linked as /usr/local/{link.folder}/{link.name}: "
                              f"shipping '{link.path}', dropping '{other.path}'", link.source)
                del kept[key]
                kept[key] = link
    return list(kept.values())


def as_worker(links: list[Link]) -> dict[str, list[str]] | None:
    """The ``usr-local-linker`` value: folders in bin, etc, lib order."""
    worker = {folder: [link.path for link in links if link.folder == folder] for folder in FOLDERS}
    worker = {folder: paths for folder, paths in worker.items() if paths}
    return worker or None


def from_worker(worker: object, source: str) -> list[Link]:
    """Links of a static resource's ``usr-local-linker`` (already checked as JSON)."""
    if not isinstance(worker, dict):
        raise SpkgenError("\"usr-local-linker\" must be an object of folder lists", file=source)
    links = []
    for folder, paths in worker.items():
        if folder not in FOLDERS:
            raise SpkgenError(f"\"usr-local-linker\" has folder '{folder}': DSM links only "
                              f"{', '.join(FOLDERS)}", file=source)
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise SpkgenError(f"\"usr-local-linker\".\"{folder}\" must be a list of paths",
                              file=source)
        links += [Link(folder, check_target_path(p, source), source) for p in paths]
    return links
