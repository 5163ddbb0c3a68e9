"""Whether every ``{{key}}`` a package ships in conf/resource is a field of its install
wizard (rule ``wizard-placeholder``).

DSM fills a placeholder in from the install wizard's field whose ``"key"`` it names; a
typo ships a share or database named literally ``{{wizard_data_sahre}}``.  The wizard is
where spksrc takes it from for that DSM version: ``WIZARDS_TEMPLATES_DIR`` (templates it
renders at build time) or ``WIZARDS_DIR`` (static JSON files ``install_uifile``,
``install_uifile_<lang>``, or scripts ``install_uifile.sh`` printing them; the upgrade
wizard's ``upgrade_uifile*`` too, as DSM fills placeholders at upgrade from it).  Keys
are read as the literal ``"key": "name"`` strings of those files; in a script, a key
naming a shell variable (``"key": "${INSTALL_NEW_INSTANCE}"``) takes the value the script
itself assigns it, literally and once (``INSTALL_NEW_INSTANCE="wizard_mantisbt_install"``).
The script is read, never run: DSM runs it as root with its own environment, and what a
run would compute from that cannot be known here.  A wizard whose keys are not all known
that way (a variable assigned twice or from a command, a template computing one), or
that the build makes elsewhere, cannot be read: its package gets no finding, and the
report says why.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

# Placeholders DSM fills in without a wizard (spksrc's documentation, seed 001).
DSM_PLACEHOLDERS = frozenset({"SYNOPKG_PKGNAME", "SYNOPKG_PKGVAR"})

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
_KEY = re.compile(r'"key"\s*:\s*("(?:[^"\\]|\\.)*"|[^\s,}]+)')
_WIZARD_FILE = re.compile(r"^(install|upgrade)_uifile(_[a-z]{3})?(\.sh)?(\.mustache)?$")
# NAME="literal", NAME='literal' or NAME=word, alone on its line (maybe exported)
_ASSIGNMENT = re.compile(r"""^[ \t]*(?:export[ \t]+|readonly[ \t]+|local[ \t]+)?"""
                         r"""([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"$`\\]*)"|'([^']*)'|"""
                         r"""([A-Za-z0-9_.:/@%+,-]*))[ \t]*(?:;[ \t]*)?(?:#.*)?$""",
                         re.MULTILINE)
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def _assignments(text: str) -> dict[str, set[str]]:
    """Every literal value a script assigns each variable (any NAME=$(...) or other
    assignment makes the variable's value unknown: the empty set)."""
    found: dict[str, set[str]] = {}
    for match in _ASSIGNMENT.finditer(text):
        value = next(v for v in match.groups()[1:] if v is not None)
        found.setdefault(match.group(1), set()).add(value)
    for name in re.findall(r"^[ \t]*(?:export[ \t]+|local[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=",
                           text, re.MULTILINE):
        if name not in found:
            found[name] = set()
    return found


def _resolve(literal: str, assigned: dict[str, set[str]]) -> str | None:
    """The key a script's literal names once its own variables are put in; None when one
    is not assigned exactly one literal value."""
    def value(match: re.Match[str]) -> str:
        values = assigned.get(match.group(1) or match.group(2), set())
        if len(values) != 1:
            raise KeyError(match.group(0))
        return next(iter(values))
    try:
        return _VARIABLE.sub(value, literal)
    except KeyError:
        return None


@dataclass(frozen=True)
class Wizard:
    keys: frozenset[str] = frozenset()
    files: tuple[str, ...] = ()
    unreadable: str = ""               # why the keys cannot be known, if so


def read_wizard(package_dir: str, install: dict[str, str]) -> Wizard:
    """The wizard keys of one build, from its WIZARDS_TEMPLATES_DIR or WIZARDS_DIR."""
    templates = install.get("WIZARDS_TEMPLATES_DIR", "").strip()
    folder = templates or install.get("WIZARDS_DIR", "").strip()
    if not folder:
        return Wizard()
    path = os.path.normpath(os.path.join(package_dir, folder))
    real_package = os.path.realpath(package_dir)
    real = os.path.realpath(path)
    if not (real + os.sep).startswith(real_package + os.sep) or \
            os.path.relpath(real, real_package).split(os.sep)[0].startswith("work"):
        return Wizard(unreadable=f"the wizard folder {folder} is made by the build or lies "
                                 "outside the package")
    try:
        names = sorted(n for n in os.listdir(path) if _WIZARD_FILE.match(n))
    except OSError:
        return Wizard(unreadable=f"the wizard folder {folder} cannot be read")
    keys: set[str] = set()
    files: list[str] = []
    for name in names:
        file = os.path.join(path, name)
        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return Wizard(unreadable=f"{file} cannot be read")
        files.append(file)
        script = name.endswith((".sh", ".mustache")) or folder == templates
        assigned = _assignments(text) if script else {}
        if script:
            text = text.replace('\\"', '"')       # JSON inside a shell string: \"key\"
        literals = 0
        for match in _KEY.finditer(text):
            literal = match.group(1)
            if literal.startswith('"') and script and "$" in literal:
                literal = _resolve(literal, assigned) or literal
            if not literal.startswith('"') or re.search(r"[$`{}]", literal):
                return Wizard(unreadable=f"{file} computes a key ({match.group(0)})")
            keys.add(literal[1:-1])
            literals += 1
        # an install script printing no literal key makes its fields some other way
        if script and not literals and name.startswith("install_"):
            return Wizard(unreadable=f"{file} has no literal \"key\" string")
    return Wizard(frozenset(keys), tuple(files))


@dataclass(frozen=True)
class Placeholder:
    key: str
    line: int
    column: int


def placeholders(text: str) -> list[Placeholder]:
    """Every {{key}} of a resource's text, with its line and column (1-based)."""
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        for match in _PLACEHOLDER.finditer(line):
            found.append(Placeholder(match.group(1), number, match.start() + 1))
    return found


@dataclass
class Missing:
    key: str
    file: str | None
    line: int | None
    column: int | None
    message: str = field(default="")


def missing_keys(wizard: Wizard, static_path: str | None, static_text: str | None,
                 shipped_text: str, generated_at: tuple[str, int | None]) -> list[Missing]:
    """Placeholders of the shipped resource that are no wizard key: located in the static
    resource where it holds them, else at generated_at (the Makefile line of the variable
    that generates the entry, e.g. SERVICE_WIZARD_SHARENAME)."""
    if wizard.unreadable:
        return []
    known = wizard.keys | DSM_PLACEHOLDERS
    static = placeholders(static_text) if static_text is not None else []
    where = {p.key: p for p in reversed(static)}
    found = []
    for key in dict.fromkeys(p.key for p in placeholders(shipped_text)):
        if key in known:
            continue
        if wizard.files:
            count = len(wizard.keys)
            what = f"no field of the install wizard has this key ({count} " \
                   f"key{'' if count == 1 else 's'} in " \
                   f"{', '.join(os.path.basename(f) for f in wizard.files)})"
        else:
            what = "the package has no install wizard (WIZARDS_DIR is not set)"
        at = where.get(key)
        if at and static_path:
            found.append(Missing(key, static_path, at.line, at.column,
                                 f"placeholder {{{{{key}}}}}: {what}"))
        else:
            found.append(Missing(key, generated_at[0], generated_at[1], None,
                                 f"placeholder {{{{{key}}}}} of the generated resource: {what}"))
    return found
