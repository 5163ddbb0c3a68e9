"""The builds a tree's own CI publishes: a narrow, line-based reader of the tree's
.github/workflows/*.yml (no YAML parser: jinja2 is spkgen's one dependency).

It knows the shapes spksrc's build.yml has had, and forks keep:
- a static matrix (spksrc 2021-03 to 2024-09): 'arch: [noarch, noarch-7.0, x64-7.1, ...]'
  under 'matrix:', on one line or several, or as a block list ('- x64-7.1'), or
  'include:' items ('- arch: x64-7.1'); every entry is built;
- a matrix made by a shell step (spksrc since 2024-10): 'add_to_matrix "x64-7.1"' or
  '{"arch": "x64-7.1"}' lines inside 'if [ "$add_dsm71_builds" == "true" ]; then ... fi'.
  Only a manual run (workflow_dispatch) publishes, so an entry is built when its
  conditions hold with the dispatch inputs' defaults ('add_dsm71_builds: default: true');
  a 'has_*' variable (the tree has such packages) is taken as true, and the event as
  workflow_dispatch.
An entry is ARCH-TCVERSION (bare 'noarch': a build for DSM < 6); entries below DSM 6.0
(noarch-1.1, noarch-3.1, x86-5.2, SRM's armv7-1.2) are left out, as DSM 6 and 7 are never
offered them.  An arch build's TCVERSION is x64's where the workflow builds x64, else any
architecture's.

A workflow publishes when a line (not a comment) uploads to a package repository
(secrets.PUBLISH_API_KEY, spksrc's publish target) or makes a GitHub release.  A file that
cannot be read, or whose builds cannot all be told, is not used: read_tree then says why,
and the caller falls back to its defaults.  Each tree is read once while its workflow
files stay unchanged (a cache by path, size and mtime).
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass

from ...dsm import Version

FOLDER = os.path.join(".github", "workflows")
KINDS = ("arch", "noarch")
_MAX_BYTES = 1 << 20            # a workflow is a few kB; a larger file is not one to read

_ENTRY = re.compile(r"([A-Za-z0-9_]+)(?:-((?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*))?\Z")
_DISPATCH = re.compile(r"(\s*)workflow_dispatch\s*:\s*\Z")
_KEY = re.compile(r"(\s*)(?:-\s+)?([\w-]+)\s*:\s*(.*?)\s*\Z")
_RUN_BLOCK = re.compile(r"(\s*)(?:-\s+)?run\s*:\s*[|>][-+0-9]*\s*\Z")
_RUN_LINE = re.compile(r"\s*(?:-\s+)?run\s*:\s*(\S.*)\Z")
_ADD = re.compile(r"\badd_to_matrix\s+[\"']?([^\"'\s;]+)")
_JSON_ARCH = re.compile(r"[\"']?\barch[\"']?\s*:\s*[\"']([^\"']+)[\"']")
_ITEM_ARCH = re.compile(r"(?<![\w-])[\"']?arch[\"']?\s*:\s*[\"']?([^\"',}\s]+)")
_PUBLISHES = re.compile(r"secrets\.PUBLISH_API_KEY|\bmake\b.*\bpublish|gh\s+release\s+"
                        r"(?:create|upload)|action-gh-release|actions/create-release|"
                        r"release-action|upload-release-asset")
_TEST = re.compile(r"(?:\[\[?|test)\s+(.*?)\s*(?:\]\]?)?\Z")
_OPERAND = r"(\"[^\"]*\"|'[^']*'|[^\s\"']+)"
_COMPARE = re.compile(rf"{_OPERAND}\s+(==|=|!=)\s+{_OPERAND}\Z")
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_VARIABLE = re.compile(r"\$\{?(\w+)\}?\Z")


@dataclass(frozen=True)
class Entry:
    arch: str
    version: str | None     # None: bare 'noarch'
    line: int


@dataclass(frozen=True)
class Reading:
    """One workflow file: whether it publishes, the entries a default run builds, the
    lines of all its matrix entries, and why its builds cannot be told (problem)."""
    path: str               # relative to the tree
    publishes: bool
    entries: tuple[Entry, ...]
    lines: tuple[int, int] | None
    problem: str | None
    unread: bool = False    # the file could not be read at all

    @property
    def where(self) -> str:
        first, last = self.lines or (0, 0)
        return f"{self.path}:{first}" + (f"-{last}" if last != first else "")


@dataclass(frozen=True)
class Workflows:
    """What a tree's workflows publish, per kind ('arch', 'noarch'): the TCVERSIONs and
    where they are named (FILE:LINES, relative to the tree); or why not (missing)."""
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    missing: dict[str, str]


def _deciding(entries: list[Entry], kind: str) -> list[Entry]:
    """The entries of a kind for DSM 6.0 and later; for arch, x64's where there are any."""
    found = [e for e in entries if (e.arch == "noarch") == (kind == "noarch")
             and e.version and Version.parse(e.version).has_resource]
    if kind == "arch" and any(e.arch == "x64" for e in found):
        found = [e for e in found if e.arch == "x64"]
    return found


def _versions(entries: list[Entry]) -> tuple[str, ...]:
    return tuple(sorted({e.version for e in entries if e.version}, key=Version.parse))


def _uncomment(line: str) -> str:
    """The line without its comment: '#' at its start or after a blank, outside quotes."""
    quote = ""
    for at, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (at == 0 or line[at - 1] in " \t"):
            return line[:at].rstrip()
    return line.rstrip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"" else text


def dispatch_defaults(lines: list[str]) -> dict[str, str]:
    """workflow_dispatch's inputs and their defaults ('true', 'false', text; a boolean
    without a default is 'false', another input '')."""
    inputs: dict[str, str] = {}
    for at, line in enumerate(lines):
        match = _DISPATCH.match(_uncomment(line))
        if not match:
            continue
        top, inputs_indent, name_indent, name, boolean = len(match.group(1)), -1, -1, "", False
        for inner in map(_uncomment, lines[at + 1:]):
            key = _KEY.match(inner)
            if not inner.strip() or not key:
                continue
            indent = _indent(inner)
            if indent <= top:
                break
            if inputs_indent < 0:
                inputs_indent = indent if key.group(2) == "inputs" else -1
                continue
            if indent <= inputs_indent:
                break
            if name_indent < 0 or indent == name_indent:
                if name and name not in inputs:
                    inputs[name] = "false" if boolean else ""
                name_indent, name, boolean = indent, key.group(2), False
            elif key.group(2) == "default" and name:
                value = _unquote(key.group(3))
                inputs[name] = value.lower() if value.lower() in ("true", "false") else value
            elif key.group(2) == "type":
                boolean = _unquote(key.group(3)) == "boolean"
        if name and name not in inputs:
            inputs[name] = "false" if boolean else ""
        break
    return inputs


def _operand(text: str, inputs: dict[str, str]) -> str | None:
    text = _unquote(text)
    expression = _EXPRESSION.fullmatch(text)
    if expression:
        inner = expression.group(1)
        if inner == "github.event_name":
            return "workflow_dispatch"
        named = re.fullmatch(r"(?:github\.event\.)?inputs\.(\w+)", inner)
        return inputs.get(named.group(1)) if named else None
    variable = _VARIABLE.match(text)
    if variable:
        name = variable.group(1)
        if name in inputs:
            return inputs[name]
        return "true" if name.startswith("has_") else None
    return None if "$" in text else text


def evaluate(condition: str, inputs: dict[str, str]) -> bool | None:
    """A shell condition of '[ A == B ]' tests joined by '&&', with the dispatch defaults;
    None when it cannot be told."""
    if "||" in condition:
        return None
    result: bool | None = True
    for part in condition.split("&&"):
        test = _TEST.fullmatch(part.strip())
        compare = _COMPARE.match(test.group(1)) if test else None
        if not compare:
            return None
        left, right = _operand(compare.group(1), inputs), _operand(compare.group(3), inputs)
        if left is None or right is None:
            result = None
        elif (left == right) != (compare.group(2) != "!="):
            return False
    return result


def _under(outer: tuple[bool | None, str], value: bool | None,
           condition: str) -> tuple[bool | None, str]:
    """Whether lines run under a condition of that value inside outer (see _Reader.shell)."""
    if outer[0] is False or value is False:
        return (False, "")
    if outer[0] is None:
        return outer
    return (True, "") if value else (None, condition)


def _statements(line: str) -> list[str]:
    """A shell line split at ';' outside quotes."""
    parts, quote, start = [], "", 0
    for at, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == ";":
            parts.append(line[start:at])
            start = at + 1
    return [p.strip() for p in parts + [line[start:]] if p.strip()]


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.inputs = dispatch_defaults(lines)
        self.entries: list[Entry] = []
        self.seen: list[int] = []           # the lines of every entry, built or not
        self.problems: list[str] = []

    def entry(self, text: str, number: int, built: bool | None, why: str = "") -> None:
        text = _unquote(text)
        match = _ENTRY.match(text)
        self.seen.append(number)
        if not match or (match.group(2) is None and match.group(1) != "noarch"):
            self.problems.append(f"line {number}: '{text}' is no ARCH-TCVERSION")
        elif built is None:
            self.problems.append(f"line {number}: whether '{text}' is built depends on {why}")
        elif built:
            self.entries.append(Entry(match.group(1), match.group(2), number))

    def shell(self, block: list[tuple[int, str]]) -> None:
        """A run script: its if/elif/else/fi conditions and matrix entries.  A frame: whether
        one of its branches ran so far, and whether the lines under it run (False, True, or
        None with the condition that cannot be told), its enclosing frames included."""
        frames: list[tuple[bool | None, tuple[bool | None, str]]] = [(True, (True, ""))]
        for number, line in block:
            for statement in _statements(_uncomment(line)):
                word = statement.split(None, 1)
                if word[0] == "then" and len(word) > 1:
                    statement, word = word[1], word[1].split(None, 1)
                rest = word[1] if len(word) > 1 else ""
                if word[0] == "if" and rest:
                    value = evaluate(rest, self.inputs)
                    frames.append((value, _under(frames[-1][1], value, rest)))
                elif word[0] in ("elif", "else") and len(frames) > 1:
                    ran = frames[-1][0]
                    if ran is False:
                        value = evaluate(rest, self.inputs) if word[0] == "elif" else True
                    else:
                        value = False if ran else None
                    ran = True if ran or value else (None if None in (ran, value) else False)
                    frames[-1] = (ran, _under(frames[-2][1], value, rest or "an else"))
                elif word[0] == "fi":
                    if len(frames) > 1:
                        frames.pop()
                    elif frames[0][1][0] is not None:
                        frames[0] = (True, (None, f"a 'fi' without its 'if' (line {number})"))
                elif _ADD.search(statement) or _JSON_ARCH.search(statement):
                    self.entries_in(statement, number, frames[-1][1])

    def entries_in(self, statement: str, number: int, under: tuple[bool | None, str]) -> None:
        """The entries of one shell statement, under its if frames and its own
        'TEST && add_to_matrix ...' guard."""
        for guard in statement.split("&&")[:-1]:
            under = _under(under, evaluate(guard, self.inputs), guard.strip())
        for text in _ADD.findall(statement) + _JSON_ARCH.findall(statement):
            self.entry(text, number, under[0], under[1])

    def matrix(self, at: int) -> int:
        """A 'matrix:' block mapping at line index at: its arch and include keys.  The
        index of the next line to read."""
        top = _indent(self.lines[at])
        index = at + 1
        while index < len(self.lines):
            line = _uncomment(self.lines[index])
            if not line.strip():
                index += 1
                continue
            if _indent(line) <= top:
                break
            key = _KEY.match(line)
            name, value = (key.group(2), key.group(3)) if key else ("", "")
            if name == "arch":
                index = self.values(index, value)
                continue
            if name == "include":
                index = self.include(index)
                continue
            if name == "exclude":
                self.problems.append(f"line {index + 1}: an exclude: list")
            index += 1
        return index

    def values(self, at: int, value: str) -> int:
        """'arch:' with a flow list (on one line or several), a block list or one value."""
        number = at + 1
        if value.startswith("${{"):
            return at + 1                     # computed: the entries come from a run step
        if value.startswith("["):
            index, text = at, value[1:]
            while True:
                for part in text.split("]", 1)[0].split(","):
                    if part.strip():
                        self.entry(part, index + 1, True)
                if "]" in text:
                    return index + 1
                index += 1
                if index == len(self.lines):
                    self.problems.append(f"line {number}: a list without its ']'")
                    return index
                text = _uncomment(self.lines[index])
        if value:
            self.entry(value, number, True)
            return at + 1
        index, top = at + 1, _indent(self.lines[at])
        while index < len(self.lines):
            line = _uncomment(self.lines[index])
            item = re.match(r"\s*-\s+(.*)\Z", line)
            if line.strip() and (not item or _indent(line) < top):
                break
            if item:
                self.entry(item.group(1), index + 1, True)
            index += 1
        return index

    def include(self, at: int) -> int:
        index, top = at + 1, _indent(self.lines[at])
        while index < len(self.lines):
            line = _uncomment(self.lines[index])
            if line.strip() and _indent(line) < top:
                break
            if line.strip() and _indent(line) == top and not line.lstrip().startswith("-"):
                break
            for text in _ITEM_ARCH.findall(line):
                self.entry(text, index + 1, True)
            index += 1
        return index

    def read(self) -> None:
        """Every run script, and every job's 'strategy: matrix:' (parents: the keys whose
        blocks hold the line, with their indent)."""
        index, parents = 0, [(-1, "")]
        while index < len(self.lines):
            line = _uncomment(self.lines[index])
            block = _RUN_BLOCK.match(line)
            if block:
                top, body, index = len(block.group(1)), [], index + 1
                while index < len(self.lines) and (not self.lines[index].strip() or
                                                   _indent(self.lines[index]) > top):
                    body.append((index + 1, self.lines[index]))
                    index += 1
                self.shell(body)
                continue
            key = _KEY.match(line) if line.strip() else None
            if key:
                while parents[-1][0] >= _indent(line):
                    parents.pop()
                if key.group(2) == "matrix" and not key.group(3) and \
                        parents[-1][1] == "strategy":
                    index = self.matrix(index)
                    continue
                parents.append((_indent(line), key.group(2)))
            inline = _RUN_LINE.match(line)
            if inline:
                self.shell([(index + 1, inline.group(1))])
            index += 1


def read_text(text: str, path: str) -> Reading:
    """One workflow's text (path: relative to the tree, for messages)."""
    lines = text.lstrip("\ufeff").splitlines()
    publishes = any(_PUBLISHES.search(_uncomment(line)) for line in lines
                    if not line.lstrip().startswith("#"))
    reader = _Reader(lines)
    reader.read()
    seen = (min(reader.seen), max(reader.seen)) if reader.seen else None
    more = len(reader.problems) - 2
    problem = "; ".join(reader.problems[:2] + ([f"{more} more"] if more > 0 else [])) or None
    if problem is None and not reader.seen and publishes:
        problem = "it names no matrix entry spkgen reads (arch: [...], add_to_matrix)"
    return Reading(path, publishes, tuple(reader.entries), seen, problem)


def read_file(tree: str, name: str) -> Reading:
    """A workflow file of the tree; one that cannot be read is a Reading with its problem."""
    path = os.path.join(FOLDER, name)
    try:
        with open(os.path.join(tree, path), "rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:
            return Reading(path, False, (), None, f"it is larger than {_MAX_BYTES} bytes",
                           unread=True)
        return read_text(data.decode("utf-8"), path)
    except (OSError, UnicodeDecodeError) as exc:
        return Reading(path, False, (), None, f"it cannot be read ({exc})", unread=True)


def combine(readings: list[Reading]) -> Workflows:
    """The publishing workflows whose builds are told, together; else why none is used."""
    used = [r for r in readings if r.publishes and r.problem is None]
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    missing: dict[str, str] = {}
    if not readings:
        why = f"the tree has no {FOLDER}/*.yml"
    elif used:
        why = ""
    elif any(r.publishes for r in readings):
        why = "; ".join(f"{r.path} publishes, but spkgen cannot tell which builds: {r.problem}"
                        for r in readings if r.publishes)
    elif any(r.unread for r in readings):
        why = "; ".join(f"{r.path}: {r.problem}" for r in readings if r.unread)
    elif any(r.lines for r in readings):
        why = "; ".join(f"{r.path} builds but publishes nothing (no PUBLISH_API_KEY, publish "
                        "target or release step)" for r in readings if r.lines)
    else:
        why = f"no workflow in {FOLDER} builds packages"
    for kind in KINDS:
        if why:
            missing[kind] = why
            continue
        deciding = _deciding([e for r in used for e in r.entries], kind)
        if deciding:
            found[kind] = (_versions(deciding), tuple(
                r.where for r in used if any(e in deciding for e in r.entries)))
        else:
            missing[kind] = (f"{', '.join(r.path for r in used)} names no {kind} build for "
                             "DSM 6.0 or later")
    return Workflows(found, missing)


_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...]], Workflows] = {}


def read_tree(tree: str) -> Workflows:
    """The tree's .github/workflows/*.yml (and *.yaml), read once while they stay the same."""
    folder = os.path.join(tree, FOLDER)
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith((".yml", ".yaml")))
    except OSError:
        names = []
    files = []
    for name in names:
        try:
            status = os.stat(os.path.join(folder, name))
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            files.append((name, status.st_mtime_ns, status.st_size))
    key = (os.path.realpath(tree), tuple(files))
    if key not in _CACHE:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = combine([read_file(tree, name) for name, _, _ in files])
    return _CACHE[key]
