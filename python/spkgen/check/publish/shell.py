"""What /bin/sh (dash, on spksrc's Debian builders) makes of a recipe line, without
running it: the words of a simple command after quote removal, and what dash's builtin
echo prints.  check/publish/info.py uses it to predict the INFO lines spksrc writes with
``@echo key=\\"$(VAR)\\"``, where a value's quotes and backslashes are the shell's.
"""
from __future__ import annotations

import re

# Unquoted, these end or redirect the command: the line is not what it seems.
_OPERATORS = frozenset("&;|<>()")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\}")


def words(text: str) -> list[str] | None:
    """The words of a simple command after expansion and quote removal: parameters
    ($NAME, ${NAME}) are taken as unset (make expanded its own; a recipe's environment
    is not the tree's business), no globbing.  None when the shell would not run it as
    one echo: an unclosed quote, an unquoted operator (& ; | < > ( )), a command
    substitution."""
    found: list[str] = []
    current: list[str] = []
    started = False
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char in " \t\n":
            if started:
                found.append("".join(current))
                current, started = [], False
            index += 1
            continue
        if char == "#" and not started:
            break                                  # a comment, to the end of the line
        started = True
        if char == "\\":
            if index + 1 < size and text[index + 1] != "\n":
                current.append(text[index + 1])
            index += 2
        elif char == "'":
            end = text.find("'", index + 1)
            if end < 0:
                return None
            current.append(text[index + 1:end])
            index = end + 1
        elif char == '"':
            index += 1
            while True:
                if index >= size:
                    return None
                char = text[index]
                if char == '"':
                    index += 1
                    break
                if char == "\\" and index + 1 < size and text[index + 1] in '$`"\\\n':
                    if text[index + 1] != "\n":
                        current.append(text[index + 1])
                    index += 2
                    continue
                if char in "$`":
                    after = _parameter(text, index, current)
                    if after is None:
                        return None
                    index = after
                    continue
                current.append(char)
                index += 1
        elif char in _OPERATORS:
            return None
        elif char in "$`":
            after = _parameter(text, index, current)
            if after is None:
                return None
            index = after
        else:
            current.append(char)
            index += 1
    if started:
        found.append("".join(current))
    return found


def _parameter(text: str, index: int, current: list[str]) -> int | None:
    """The index after a parameter expansion at index, whose value (nothing: unset; a
    lone '$' is itself) goes to current; None for a command substitution."""
    if text[index] == "`" or text.startswith("$(", index):
        return None
    match = _NAME.match(text, index + 1)
    if match:
        return match.end()
    current.append("$")
    return index + 1


_ECHO_ESCAPE = re.compile(r"\\(0[0-7]{0,3}|[abcfnrtv\\])")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\"}


def dash_echo(arguments: list[str]) -> str:
    """What dash's builtin echo prints for these arguments (without the newline): joined
    by one space, its backslash escapes (\\n, \\t, \\\\, \\0NNN, ...) interpreted, and
    nothing after \\c."""
    text = " ".join(arguments)
    out = []
    position = 0
    for match in _ECHO_ESCAPE.finditer(text):
        out.append(text[position:match.start()])
        code = match.group(1)
        if code == "c":
            return "".join(out)
        out.append(chr(int(code[1:] or "0", 8)) if code[0] == "0" else _ESCAPES[code])
        position = match.end()
    out.append(text[position:])
    return "".join(out)
