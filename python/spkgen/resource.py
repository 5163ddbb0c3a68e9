"""The ``conf/resource`` file: generated workers, the static resource, and their merge."""
from __future__ import annotations

import json
import re
from collections import OrderedDict

from . import links as linklib
from .dsm import V6_1, V7_0, Version
from .errors import STATIC_RESOURCE, VARIABLE, Diagnostics, SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Callable
    from typing import Any
    Resource = dict[str, Any]

# Top-level order of generated workers: the order spksrc's jq steps create them.
GENERATED_ORDER = ("port-config", "usr-local-linker", "data-share", "certificate-config",
                   "service-cfg", "video-driver")
# Workers spksrc generates that Synology's guide does not document (the documented ones
# are in data/dsm-facts.ini).
KNOWN_WORKERS = frozenset(GENERATED_ORDER) | {"php"}



def _no_duplicate_keys(path: str, text: str
                       ) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = OrderedDict()
        for key, value in pairs:
            if key in result:
                raise _at_offset(f"key \"{key}\" appears twice in one object", path, text,
                                 _duplicate_offset(text))
            result[key] = value
        return dict(result)
    return hook


# json's own string scanner, which typeshed does not declare
_scanstring: Callable[[str, int], tuple[str, int]] = \
    json.decoder.scanstring  # type: ignore[attr-defined]  # in json.decoder, not in its stub


def _duplicate_offset(text: str) -> int:
    """Where the first key repeated within its own object starts (the decoder gives no
    position)."""
    stack: list[set[str] | None] = []       # a set of keys per open object, None per array
    previous = ""
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            key, end = _scanstring(text, index + 1)
            if stack and stack[-1] is not None and previous in "{,":
                if key in stack[-1]:
                    return index
                stack[-1].add(key)
            previous, index = '"', end
            continue
        if char in "{[":
            stack.append(set() if char == "{" else None)
        elif char in "}]" and stack:
            stack.pop()
        if not char.isspace():
            previous = char
        index += 1
    return 0


def read_static(path: str, display: str | None = None) -> tuple[Resource, str]:
    """A package's static resource file, checked (a JSON object without duplicate keys),
    and its text exactly as read (lossless: it is valid UTF-8 once this returns)."""
    name = display or path
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SpkgenError(f"cannot read: {exc.strerror}", file=name,
                          code=STATIC_RESOURCE) from None
    from .protocol import decode_text  # the text rules of every input file
    try:
        text = decode_text(data, name)
    except SpkgenError as exc:
        raise exc.coded(STATIC_RESOURCE) from None
    return parse_static(text, name), data.decode("utf-8")


def load_static(path: str, display: str | None = None) -> Resource:
    return read_static(path, display)[0]


MAX_DEPTH = 200      # far beyond any real resource; the same limit on every Python


def parse_static(text: str, name: str) -> Resource:
    deep = _deep_offset(text, MAX_DEPTH)
    if deep:
        raise _at_offset(f"invalid JSON: nested deeper than {MAX_DEPTH} levels", name, text, deep)
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys(name, text),
                           parse_constant=_reject_constant(name, text),
                           parse_float=_finite_float(name, text), parse_int=_sane_int(name, text))
    except json.JSONDecodeError as exc:
        message, offset = _json_problem(text, exc)
        raise _at_offset(f"invalid JSON: {message}", name, text, offset) from None
    except RecursionError:     # not reached below MAX_DEPTH; kept as a guard
        raise _at_offset("invalid JSON: nested too deeply", name, text, 0) from None
    if not isinstance(value, dict):
        raise SpkgenError("a resource file must hold a JSON object ({...})",
                          file=name, line=1, column=1, code=STATIC_RESOURCE)
    lone = _LONE_SURROGATE.search(text)
    if lone and _has_surrogate(value):
        raise _at_offset(f"invalid JSON: '{lone.group()}' is half of a UTF-16 surrogate pair, "
                         "not a character", name, text, lone.start())
    return value


# \uD800-\uDBFF not followed by \uDC00-\uDFFF, or \uDC00-\uDFFF not preceded by one.
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|"
                             r"(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
MAX_INT_DIGITS = 4300      # Python 3.11+'s own limit, applied on every version


def _deep_offset(text: str, limit: int) -> int:
    """Where nesting first goes deeper than limit (brackets outside strings); 0: nowhere."""
    depth, in_string, escaped = 0, False, False
    for offset, char in enumerate(text):
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return offset
        elif char in "]}":
            depth -= 1
    return 0


def _has_surrogate(value: Any) -> bool:
    """Any string (key or value) holding a surrogate; iterative, for any nesting depth."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            if any("\ud800" <= c <= "\udfff" for c in item):
                return True
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def _at_offset(message: str, name: str, text: str, offset: int) -> SpkgenError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SpkgenError(message, file=name, line=line, column=column, code=STATIC_RESOURCE)


def _number_offset(text: str, literal: str) -> int:
    found = re.search(r"(?<![0-9.eE+\-])" + re.escape(literal) + r"(?![0-9.eE+\-])", text)
    return found.start() if found else 0


def _finite_float(name: str, text: str) -> Callable[[str], float]:
    def parse(literal: str) -> float:
        number = float(literal)
        if number in (float("inf"), float("-inf")):
            raise _at_offset(f"invalid JSON: the number {literal[:20]} is too large for a "
                             "JSON reader (not finite)", name, text, _number_offset(text, literal))
        return number
    return parse


def _sane_int(name: str, text: str) -> Callable[[str], int]:
    def parse(literal: str) -> int:
        if len(literal.lstrip("-")) > MAX_INT_DIGITS:
            raise _at_offset(f"invalid JSON: an integer of {len(literal.lstrip('-'))} digits "
                             f"(at most {MAX_INT_DIGITS})", name, text,
                             _number_offset(text, literal))
        return int(literal)
    return parse


def _json_problem(text: str, exc: json.JSONDecodeError) -> tuple[str, int]:
    """The decoder's message and offset, except for a trailing comma: Python 3.13 words
    (and places) it differently from 3.9-3.12, so it is described here, at the comma."""
    before = text[:exc.pos].rstrip()
    if before.endswith(",") and text[exc.pos:exc.pos + 1] in ("}", "]"):
        return f"trailing comma before '{text[exc.pos]}'", len(before) - 1
    if exc.msg.startswith("Illegal trailing comma"):
        closing = text[exc.pos + 1:].lstrip()[:1] or "}"
        return f"trailing comma before '{closing}'", exc.pos
    return exc.msg, exc.pos


def _reject_constant(name: str, text: str) -> Callable[[str], Any]:
    def reject(constant: str) -> Any:
        found = re.search(r"(?<![\w\"])-?" + re.escape(constant.lstrip("-")) + r"(?![\w\"])",
                          text)
        raise _at_offset(f"invalid JSON: {constant} is not a JSON value", name, text,
                         found.start() if found else 0)
    return reject


def generated_workers(*, spk_name: str, target: Version, ui_dir: str, has_protocol_file: bool,
                      links: list[linklib.Link], share: str, share_worker: bool, sharename: str,
                      spk_user: str, cert: str, cert_reload: str, display_name: str,
                      video_driver: str, diags: Diagnostics) -> list[tuple[str, Any, str]]:
    """(worker, value, origin) for what the variables ask for, as spksrc generates it."""
    out: list[tuple[str, Any, str]] = []
    if has_protocol_file:
        out.append(("port-config", {"protocol-file": f"{ui_dir}/{spk_name}.sc"},
                    "FWPORTS/SERVICE_PORT"))
    worker = linklib.as_worker(links)
    if worker:
        out.append(("usr-local-linker", worker, "SPK_COMMANDS/SPK_USR_LOCAL_LINKS"))
    share_var = None
    if share:
        if share_worker:
            share_var = ("SERVICE_WIZARD_SHARE", share)
        elif sharename:
            diags.note("SERVICE_WIZARD_SHARENAME is ignored while SERVICE_WIZARD_SHARE is set "
                       "without USE_DATA_SHARE_WORKER = yes (as in spksrc)",
                       "SERVICE_WIZARD_SHARENAME", code=VARIABLE)
    elif sharename and target >= V6_1:
        share_var = ("SERVICE_WIZARD_SHARENAME", sharename)
    if share_var:
        variable, field = share_var
        if not re.fullmatch(r"[A-Za-z0-9_]+", field):
            raise SpkgenError(f"'{field}' is not a wizard field name", file=variable,
                              code=VARIABLE)
        if not spk_user:
            raise SpkgenError("a data-share needs the service user: set SERVICE_USER = auto",
                              file=variable, code=VARIABLE)
        out.append(("data-share", {"shares": [{"name": "{{" + field + "}}",
                                               "permission": {"rw": [f"sc-{spk_user}"]}}]},
                    variable))
    if cert:
        if target < V7_0:
            out.append(("certificate-config",
                        {"services": [{"display_name": display_name,
                                       "display_name_i18n": display_name, "service": cert}],
                         "reloader-relpath": cert_reload}, "SERVICE_CERT"))
            out.append(("service-cfg", {}, "SERVICE_CERT"))
        else:
            diags.warning(f"certificate configuration is blocked for community packages on "
                          f"DSM {target}: nothing generated", "SERVICE_CERT", code=VARIABLE)
    if video_driver:
        out.append(("video-driver", {}, "VIDEODRIVER"))
    return out


def merge(static: Resource | None, static_name: str, generated: list[tuple[str, Any, str]],
          links: list[linklib.Link], target: Version, diags: Diagnostics,
          static_text: str = "") -> Resource:
    """Static keys keep their values and order, generated keys follow.  Link lists are
    unioned (the static entries first, in their order, then the new generated ones); any
    other worker in both keeps the static value, and a note says so.  static_text places
    messages in the static file."""
    result: Resource = dict(static or {})
    for worker, value, origin in generated:
        if worker not in result:
            result[worker] = value
        elif worker == "usr-local-linker":
            result[worker] = linklib.add_to_static(result[worker], static_name, static_text,
                                                   links, diags)
        elif worker == "port-config":
            if result[worker] != value:
                raise SpkgenError(f"\"port-config\" is {json.dumps(result[worker])} here but "
                                  f"{origin} generate {json.dumps(value)}: remove it from this "
                                  "file (spkgen ships the protocol file)", file=static_name,
                                  code=STATIC_RESOURCE)
        elif result[worker] != value:
            diags.note(f"\"{worker}\" of this file replaces the one {origin} generates "
                       f"({json.dumps(value)})", static_name, code=STATIC_RESOURCE)
    if static and "usr-local-linker" in static and not any(
            w == "usr-local-linker" for w, _, _ in generated):
        linklib.add_to_static(static["usr-local-linker"], static_name, static_text, [], diags)
    return result


def check_static(static: Resource, text: str, name: str, target: Version,
                 diags: Diagnostics) -> None:
    """Rules of Synology's developer guide a static resource must keep, located in it:
    each worker exists on the target DSM (data/dsm-facts.ini), and data-share
    permissions are "ro" or "rw" only."""
    from . import facts  # configparser and the data: only with a static resource
    for worker in static:
        line, column = locate(text, (worker,))
        known = facts.worker(worker)
        if worker not in KNOWN_WORKERS and known is None:
            diags.warning(f"unknown worker \"{worker}\" (passed through unchanged)",
                          name, line, column, STATIC_RESOURCE)
        elif known is not None and target < known.dsm_min:
            diags.warning(f"worker \"{worker}\" does not exist before DSM {known.dsm_min} "
                          f"(building for {target}; {known.source})", name, line, column,
                          STATIC_RESOURCE)
    port = static.get("port-config")
    protocol_file = port.get("protocol-file") if isinstance(port, dict) else None
    if protocol_file is not None:
        line, column = locate(text, ("port-config", "protocol-file"))
        try:
            if not isinstance(protocol_file, str):
                raise SpkgenError("must be a path")
            linklib.check_target_path(protocol_file, name, "path")
            if not protocol_file.endswith(".sc"):
                raise SpkgenError(f"'{protocol_file}' is not a protocol file (*.sc)")
        except SpkgenError as exc:
            diags.error(f"\"port-config\".\"protocol-file\": {exc.message}", name, line, column,
                        STATIC_RESOURCE)
    shares = static.get("data-share", {}).get("shares") if isinstance(
        static.get("data-share"), dict) else None
    for index, share in enumerate(shares if isinstance(shares, list) else []):
        permission = share.get("permission") if isinstance(share, dict) else None
        for key in permission if isinstance(permission, dict) else {}:
            if key not in ("ro", "rw"):
                line, column = locate(text, ("data-share", "shares", index, "permission", key))
                diags.warning(f"data-share permission \"{key}\" is not one of Synology's "
                              "(\"ro\", \"rw\"): DSM ignores it", name, line, column,
                              STATIC_RESOURCE)


def render(resource: Resource) -> str:
    """jq's layout: 2-space indent, UTF-8 as is, a final newline."""
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, index: int) -> int:
    """The index after the JSON white space starting at index."""
    match = _SPACE.match(text, index)
    assert match is not None            # '[...]*' matches anywhere, if only ''
    return match.end()


def locate(text: str, path: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column of the value at path (keys and list indexes) in a JSON text that
    parses; the closest enclosing value when path goes further than the text."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    for step in path:
        opening = text[position:position + 1]
        if opening == "{" and isinstance(step, str):
            index = _skip_space(text, position + 1)
            while text[index:index + 1] == '"':
                key, index = _scanstring(text, index + 1)
                index = _skip_space(text, _skip_space(text, index) + 1)
                if key == step:
                    position = index
                    break
                _, index = decoder.raw_decode(text, index)
                index = _skip_space(text, index)
                index = _skip_space(text, index + 1) if text[index] == "," else index
            else:
                break
        elif opening == "[" and isinstance(step, int):
            index = _skip_space(text, position + 1)
            for _ in range(step):
                if text[index:index + 1] == "]":
                    break
                _, index = decoder.raw_decode(text, index)
                index = _skip_space(text, index)
                index = _skip_space(text, index + 1) if text[index] == "," else index
            else:
                if text[index:index + 1] != "]":
                    position = index
                    continue
            break
        else:
            break
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1
