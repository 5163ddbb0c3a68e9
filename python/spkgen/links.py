"""Link lists for the ``usr-local-linker`` worker: SPK_COMMANDS and SPK_USR_LOCAL_LINKS.

DSM links ``/usr/local/<folder>/<basename of entry>`` to each entry (a path relative
to the package target), for the folders bin, lib and etc only.
"""
from __future__ import annotations

import os
import posixpath
from collections import namedtuple

from .errors import STATIC_RESOURCE, VARIABLE, Diagnostics, SpkgenError
from .jsonfile import locate

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


def check_target_path(path: str, source: str, what: str = "path", code: str = VARIABLE) -> str:
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
        raise SpkgenError(f"{what} '{path}' {bad}", file=source, code=code)
    return path


def check_inside(path: str, package_dir: str, source: str, code: str = VARIABLE) -> str:
    """A package file or folder must not lead outside the package through a symlink."""
    real, package = os.path.realpath(path), os.path.realpath(package_dir)
    if real != package and not real.startswith(package.rstrip(os.sep) + os.sep):
        raise SpkgenError(f"'{os.path.normpath(path)}' leads outside the package (to '{real}' "
                          "through a symlink)", file=source, code=code)
    return path


def parse_commands(value: str, diags: Diagnostics | None = None,
                   source: str = "SPK_COMMANDS") -> list[Link]:
    """Every word is linked into /usr/local/bin, whatever its folder (spksrc's meaning).
    The value is split at single spaces, as spksrc's jq splits it: an empty word (two
    blanks in a row, or a blank at either end, which a trailing blank before
    'SPK_COMMANDS +=' makes) ships as "", as spksrc ships it, with a warning."""
    if not value.strip():
        return []
    links, empty = [], 0
    for piece in value.split(" "):
        if not piece:
            empty += 1
            links.append(Link("bin", "", source))
        links += [Link("bin", check_target_path(word, source), source) for word in piece.split()]
    if empty and diags is not None:
        diags.warning(f"{empty} empty entr{'y' if empty == 1 else 'ies'} (two blanks in a row, "
                      "or a blank at the start or end: a trailing blank before 'SPK_COMMANDS "
                      "+=' makes one): a generated usr-local-linker ships it as \"\" in its bin "
                      "list, as spksrc's does; remove the extra blank", source, code=VARIABLE)
    return links


def _ignored_folder(folder: str) -> str:
    return (f"DSM links only {', '.join(FOLDERS)} and ignores '{folder}' (shipped as spksrc "
            "ships it)")


def parse_links(value: str, diags: Diagnostics | None = None,
                source: str = "SPK_USR_LOCAL_LINKS") -> list[Link]:
    """<folder>:<path> words.  A folder DSM does not link (share, sbin) is a warning: it
    ships, as with spksrc alone, and DSM ignores it."""
    links = []
    for word in value.split():
        parts = word.split(":")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise SpkgenError(f"'{word}' is not <folder>:<path> (folders: {', '.join(FOLDERS)})",
                              file=source, code=VARIABLE)
        folder, path = parts
        if folder not in FOLDERS and diags is not None:
            diags.warning(f"'{word}': {_ignored_folder(folder)}", source, code=VARIABLE)
        links.append(Link(folder, check_target_path(path, source), source))
    return links


def merge(sources: Iterable[list[Link]], diags: Diagnostics, code: str = VARIABLE) -> list[Link]:
    """Union of link lists in first-seen order.  Exact duplicates are kept once (but every
    empty entry, which links nothing); two paths for one link are an error inside one
    source, and across sources the later one wins."""
    kept: dict[tuple[str, str], Link] = {}
    order: list[Link | tuple[str, str]] = []    # a link kept as is, or the key of one
    for links in sources:
        for link in links:
            if not link.path:
                order.append(link)
                continue
            key = (link.folder, link.name)
            other = kept.get(key)
            if other is None:
                kept[key] = link
                order.append(key)
            elif other.path == link.path:
                continue
            elif other.source == link.source:
                raise SpkgenError(f"'{other.path}' and '{link.path}' would both be linked as "
                                  f"/usr/local/{link.folder}/{link.name}", file=link.source,
                                  code=code)
            else:
                diags.warning(f"'{link.path}' ({link.source}) and '{other.path}' ({other.source}) "
                              f"would both be linked as /usr/local/{link.folder}/{link.name}: "
                              f"shipping '{link.path}', dropping '{other.path}'", link.source,
                              code=code)
                kept[key] = link
                order.remove(key)
                order.append(key)
    return [item if isinstance(item, Link) else kept[item] for item in order]


def as_worker(links: list[Link]) -> dict[str, list[str]] | None:
    """The ``usr-local-linker`` value, its folders in the order spksrc's jq gives them:
    bin first when SPK_COMMANDS gave links, then every folder in sorted order (group_by)."""
    folders = ["bin"] if any(link.source == "SPK_COMMANDS" for link in links) else []
    folders += [f for f in sorted({link.folder for link in links}) if f not in folders]
    worker = {folder: [link.path for link in links if link.folder == folder] for folder in folders}
    worker = {folder: paths for folder, paths in worker.items() if paths}
    return worker or None


def from_worker(worker: object, source: str, text: str = "",
                diags: Diagnostics | None = None) -> list[Link]:
    """Links of a static resource's ``usr-local-linker`` (already checked as JSON; text:
    the file's text, to place messages in it).  A folder DSM does not link is a warning."""

    def where(*path: str | int) -> tuple[int | None, int | None]:
        return locate(text, path) if text else (None, None)
    if not isinstance(worker, dict):
        line, column = where("usr-local-linker")
        raise SpkgenError("\"usr-local-linker\" must be an object of folder lists", file=source,
                          line=line, column=column, code=STATIC_RESOURCE)
    links = []
    for folder, paths in worker.items():
        line, column = where("usr-local-linker", folder)
        if folder not in FOLDERS and diags is not None:
            diags.warning(f"\"usr-local-linker\" has folder '{folder}': "
                          f"{_ignored_folder(folder)}", source, line, column, STATIC_RESOURCE)
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise SpkgenError(f"\"usr-local-linker\".\"{folder}\" must be a list of paths",
                              file=source, line=line, column=column, code=STATIC_RESOURCE)
        for index, path in enumerate(paths):
            try:
                links.append(Link(folder, check_target_path(path, source), source))
            except SpkgenError as exc:
                line, column = where("usr-local-linker", folder, index)
                raise SpkgenError(f"\"usr-local-linker\".\"{folder}\": {exc.message}",
                                  file=source, line=line, column=column,
                                  code=STATIC_RESOURCE) from None
    return links


def add_to_static(worker: dict[str, list[str]], source: str, text: str,
                  generated: list[Link], diags: Diagnostics) -> dict[str, list[str]]:
    """A static ``usr-local-linker`` with the generated links it lacks appended: its folders
    and entries keep their order and values.  A generated link the file makes to another
    path is dropped with a warning; empty entries and links in a folder DSM ignores (the
    variable's warning says so) are not added: they link nothing."""
    static = from_worker(worker, source, text, diags)
    merge([static], diags, STATIC_RESOURCE)     # two paths for one link in the file: an error
    result = {folder: list(paths) for folder, paths in worker.items()}
    have = {(link.folder, link.name): link for link in static}
    for link in generated:
        other = have.get((link.folder, link.name))
        if not link.path or link.folder not in FOLDERS or \
                (other is not None and other.path == link.path):
            continue
        if other is not None:
            diags.warning(f"'{other.path}' ({source}) and '{link.path}' ({link.source}) would "
                          f"both be linked as /usr/local/{link.folder}/{link.name}: shipping "
                          f"'{other.path}', dropping '{link.path}'", source,
                          code=STATIC_RESOURCE)
            continue
        have[(link.folder, link.name)] = link
        result.setdefault(link.folder, []).append(link.path)
    return result
