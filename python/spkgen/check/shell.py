"""What /bin/sh (dash, on spksrc's Debian builders) makes of shell text, without running
it: the words of a simple command after quote removal and what dash's builtin echo
prints (check/publish/info.py: the INFO lines spksrc writes with ``@echo key=\\"$(VAR)\\"``),
and a script's here-documents as it would print them, what only a run can know blanked
out (check/wizard_format.py: the JSON of ``*_uifile.sh`` wizards).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


def _substitution_end(text: str, index: int) -> int:
    """The index after the command substitution $(...) starting at index (quotes inside
    skipped; the text's end if it is not closed)."""
    depth, end, quote = 0, index + 1, ""
    while end < len(text):
        char = text[end]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return end + 1
        end += 1
    return end


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


# What stands for a value only a run knows ($(...) in a script; {{X}} in a template): a
# private-use character, valid in a JSON string, the same length as what it replaces.
BLANK = "\ue000"


_HEREDOC = re.compile(r"<<(-?)[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


@dataclass(frozen=True)
class HereDocument:
    first_line: int       # the file line of the body's first line (1-based)
    text: str             # as the shell writes it, expansions blanked out


def here_documents(script: str) -> list[HereDocument]:
    """A shell script's here-documents, as it would print them, with each expansion
    ($(...), ${X}, $X, `...`) replaced by as many BLANKs (unquoted delimiters only)."""
    lines = script.split("\n")
    found = []
    index = 0
    while index < len(lines):
        match = _HEREDOC.search(lines[index])
        index += 1
        if not match:
            continue
        strip_tabs, quoted, word = match.group(1) == "-", bool(match.group(2)), match.group(3)
        body = []
        start = index
        while index < len(lines):
            line = lines[index].lstrip("\t") if strip_tabs else lines[index]
            index += 1
            if line == word:
                break
            body.append(line)
        text = "\n".join(body)
        found.append(HereDocument(start + 1, text if quoted else _expand(text)))
    return found


_EXPANSION = re.compile(r"\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9#?@*$!-]|`[^`]*`")


def _expand(text: str) -> str:
    """An unquoted here-document's text as the shell prints it, expansions blanked: a
    backslash quotes only $, `, \\ and newline there."""
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in "$`\\\n":
            if text[index + 1] != "\n":
                out.append(text[index + 1])
            index += 2
            continue
        if text.startswith("$(", index):
            end = _substitution_end(text, index)
            out.append(BLANK * (end - index))
            index = end
            continue
        match = _EXPANSION.match(text, index)
        if match:
            out.append(BLANK * len(match.group(0)))
            index = match.end()
            continue
        out.append(char)
        index += 1
    return "".join(out)
