"""Where a package's own makefiles assign CONF_DIR.

A package opts in to spkgen's automatic conf folder choice by assigning CONF_DIR
nowhere: not in its Makefile, not in any ``.mk`` file under its folder, in no
branch and with no operator.  mk/spkgen.mk decides the same with make's own
functions while make parses (``$(file <...)``, no process), so both read the same
files and split them the same way:

- the makefiles: ``GNUmakefile``, ``makefile``, ``Makefile`` and ``*.mk`` in the
  package folder, and ``*.mk`` up to three levels down in its subfolders, except
  folders named ``work*`` (spksrc's build folders) and hidden names; and the files
  these include (``include``, ``-include``, ``sinclude``: the first name of each) by
  a plain relative name that is a file inside the package (``include conf.inc``);
- in each, tabs become spaces, runs of up to 128 blanks become one, ``CONF_DIR ``
  loses its trailing blank and ``define CONF_DIR`` becomes ``CONF_DIR=``; a word
  starting with ``CONF_DIR`` and an assignment operator is an assignment.

So ``CONF_DIR ?= src/conf_7``, ``override CONF_DIR := ...`` and an assignment in
any ``ifeq`` branch all count.  A commented-out assignment counts too (make has
no cheap way to strip comments): that errs on spksrc's side, the package keeps
its own CONF_DIR result.
"""
from __future__ import annotations

import glob
import os
import re
from collections import namedtuple

OPERATORS = ("=", ":=", "::=", ":::=", "?=", "+=", "!=")
_WORDS = re.compile(r"[ \t\n\r\x0b\x0c]+")          # make's blanks (isspace)
_CONDITIONAL = re.compile(r"\s*(?:else\s+)?(ifeq|ifneq|ifdef|ifndef)\b")


class Assignment(namedtuple("Assignment", "file line text")):
    """A CONF_DIR assignment; file as given: package_dir joined with the makefile's name."""
    __slots__ = ()


def package_makefiles(package_dir: str) -> list[str]:
    """The package's own makefiles, in the order mk/spkgen.mk reads them."""
    def found(pattern: str) -> list[str]:
        return sorted(glob.glob(os.path.join(glob.escape(package_dir), pattern)))
    files = [os.path.join(package_dir, n) for n in ("GNUmakefile", "makefile", "Makefile")
             if os.path.isfile(os.path.join(package_dir, n))]
    files += found("*.mk")
    for folder in sorted(glob.glob(os.path.join(glob.escape(package_dir), "*", ""))):
        name = os.path.basename(os.path.dirname(folder))
        if name.startswith("work"):
            continue
        for depth in ("*.mk", "*/*.mk", "*/*/*.mk"):
            files += sorted(glob.glob(os.path.join(glob.escape(folder), depth)))
    own = [os.path.normpath(f) for f in files if os.path.isfile(f)]
    included: list[str] = []
    for path in own:
        for name in _included(_read(path)):
            if "$" in name or name.startswith("/") or ".." in name.split("/"):
                continue
            candidate = os.path.normpath(os.path.join(package_dir, name))
            if os.path.isfile(candidate) and candidate not in own + included:
                included.append(candidate)
    return sorted(own + included)


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _squeeze(text: str) -> str:
    text = text.replace("\t", " ")
    for _ in range(7):
        text = text.replace("  ", " ")
    return text


def _included(text: str) -> list[str]:
    """Names following include, -include or sinclude (the first of each directive)."""
    marked = _squeeze(text).replace("include ", "include@").replace("sinclude@", "include@") \
        .replace("-include@", "include@")
    return [w[len("include@"):] for w in _WORDS.split(marked) if w.startswith("include@")]


def _assignment_words(line: str) -> list[str]:
    text = _squeeze(line)
    text = text.replace("CONF_DIR ", "CONF_DIR").replace("define CONF_DIR", "CONF_DIR=")
    return [w for w in _WORDS.split(text) if w.startswith(tuple("CONF_DIR" + op
                                                                 for op in OPERATORS))]


def conf_dir_assignments(package_dir: str) -> list[Assignment]:
    """Every line of the package's makefiles that assigns CONF_DIR."""
    found = []
    for path in package_makefiles(package_dir):
        for number, line in enumerate(_read(path).split("\n"), 1):
            if _assignment_words(line):
                found.append(Assignment(path, number, line.strip()))
    return found


def variable_line(package_dir: str, variable: str,
                  holding: str | None = None) -> tuple[str, int | None]:
    """Where the package's makefiles assign variable: the first assignment line that holds
    the word holding (if given), else the first assignment, else (Makefile, None)."""
    assigns = re.compile(r"^\s*(?:override\s+)?(?:export\s+)?" + re.escape(variable) +
                         r"\s*(?:\+|\?|::?|!)?=")
    word = re.compile(r'(^|[\s:"=])' + re.escape(holding) + r'($|[\s:"])') if holding else None
    first: tuple[str, int | None] | None = None
    for path in package_makefiles(package_dir):
        for number, line in enumerate(_read(path).split("\n"), 1):
            if assigns.match(line):
                if word is None or word.search(line.split("=", 1)[1]):
                    return path, number
                first = first or (path, number)
    return first or (os.path.join(package_dir, "Makefile"), None)


def first_assignment(package_dir: str) -> Assignment | None:
    found = conf_dir_assignments(package_dir)
    return found[0] if found else None


def lines_to_delete(assignments: list[Assignment]) -> list[tuple[int, int]]:
    """Line ranges to delete, per the first assignment's file: the outermost
    ifeq/ifneq/ifdef/ifndef ... endif block holding every assignment of that file and
    nothing else but conditionals, comments and blank lines; else the assignments'
    own lines."""
    path = assignments[0].file
    own = sorted({a.line for a in assignments if a.file == path})
    try:
        with open(path, "rb") as handle:
            lines = handle.read().decode("utf-8", "replace").split("\n")
    except OSError:
        lines = []

    def pure(number: int) -> bool:
        text = lines[number - 1].strip()
        return (number in own or not text or text.startswith("#") or text == "else"
                or bool(_CONDITIONAL.match(text)) or text.split()[0] in ("else", "endif"))
    stack: list[int] = []
    best: tuple[int, int] | None = None
    for number, line in enumerate(lines, 1):
        words = line.split()
        if _CONDITIONAL.match(line) and words[0] != "else":
            stack.append(number)
        elif words[:1] == ["endif"] and stack:
            start = stack.pop()
            if start < own[0] and number > own[-1] and \
                    all(pure(n) for n in range(start, number + 1)):
                best = (start, number)     # blocks close inside out: the last is outermost
    return [best] if best else [(n, n) for n in own]
