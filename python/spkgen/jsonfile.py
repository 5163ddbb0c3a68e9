"""A strict JSON reader with located errors: the static resource's.

A file must hold one JSON object, with no key twice in one object, no NaN or Infinity,
no number too large to be finite, no integer of more than MAX_INT_DIGITS digits, no lone
UTF-16 surrogate and no nesting deeper than MAX_DEPTH: the same answer on every Python
3.9+, and every error at FILE:LINE:COL.  locate() gives the line and column of a value
in a text that parses, to place messages about it.

Only static resources are read this way (by the build, check and compare), so every error
carries their code (errors.STATIC_RESOURCE).  Every build imports this module: it imports
json and re, nothing heavier (tests/test_cli.py).
"""
from __future__ import annotations

import json
import re
from collections import OrderedDict

from .errors import STATIC_RESOURCE, SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Callable
    from typing import Any

MAX_DEPTH = 200      # far beyond any real resource; the same limit on every Python
MAX_INT_DIGITS = 4300      # Python 3.11+'s own limit, applied on every version
# \uD800-\uDBFF not followed by \uDC00-\uDFFF, or \uDC00-\uDFFF not preceded by one.
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|"
                             r"(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def read_object(path: str, display: str | None = None) -> tuple[dict[str, Any], str]:
    """The JSON object of the file at path (display: its name in messages), checked, and
    its text exactly as read (lossless: it is valid UTF-8 once this returns)."""
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
    return parse_object(text, name), data.decode("utf-8")


def parse_object(text: str, name: str) -> dict[str, Any]:
    """The JSON object text holds, checked; name: its file, for messages."""
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
