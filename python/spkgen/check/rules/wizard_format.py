"""wizard-format: every wizard file a package ships (static JSON, mustache templates and
scripts' here-documents) against Synology's documented format (check/wizard_format.py).
Each file is read once per package; its findings list the DSM versions that ship it."""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Literal

from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from ..publish.info import wizard_files
from ..shell import here_documents
from ..wizard_format import check_json, fill_template, json_error


def _own(package_dir: str, path: str) -> bool:
    """A file of the package itself: not one the build makes (in a work folder) or one
    outside the package."""
    inside = os.path.relpath(os.path.realpath(path), os.path.realpath(package_dir))
    return not (inside.startswith("..") or inside.split(os.sep)[0].startswith("work"))


def wizard_format(report: PackageReport, package_dir: str,
                  answers: dict[tuple[str, str], tuple[MakeAnswer, bool]],
                  versions: Sequence[str]) -> None:
    shipped: dict[str, tuple[bool, set[str]]] = {}
    for version in versions:
        found = answers.get((report.name, version))
        if not found or found[0].status != "ok":
            continue
        for packed in wizard_files(found[0], version, package_dir):
            path = os.path.normpath(os.path.join(package_dir, packed.source))
            if packed.kind != "spksrc" and _own(package_dir, path):
                shipped.setdefault(path, (packed.kind == "template", set()))[1].add(version)
    for path, (is_template, built) in shipped.items():
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError as exc:
            report.add(Finding("warning", "wizard-format", f"the wizard cannot be read "
                               f"({exc.strerror or exc}): not checked", path, None, None,
                               set(built)))
            continue
        for problem in file_problems(path, text, is_template):
            report.add(Finding(problem[0], "wizard-format", problem[3], path, problem[1],
                               problem[2], set(built)))


Located = tuple[Literal["error", "warning", "note"], int, int, str]
_WIZARD_FIELDS = re.compile(r'"(?:step_title|items|subitems)"\s*:')
_SECTIONS = "JSON depends on the values of its {{#...}} sections: not checked"


def file_problems(path: str, text: str, is_template: bool) -> list[Located]:
    """(severity, line, column, message) of one wizard file; what cannot be checked
    without running or rendering it is a note, never skipped silently."""
    if path.endswith(".sh"):
        found: list[Located] = []
        for document in here_documents(text):
            document_text = fill_template(document.text) if is_template else document.text
            if document_text is None:
                found.append(("note", document.first_line, 1,
                              f"this here-document's {_SECTIONS}"))
                continue
            problems = check_json(document_text, line_offset=document.first_line - 1,
                                  step_only=True)
            if problems is None and _WIZARD_FIELDS.search(document_text):
                found.append(("note", document.first_line, 1, "this here-document holds "
                              "wizard fields but is JSON only once the script runs (a $(...) "
                              "or $X outside a string): not checked"))
            found += [(p.severity, p.line, p.column, p.message) for p in problems or []]
        return found
    source = fill_template(text) if is_template else text
    if source is None:
        return [("note", 1, 1, f"the template's {_SECTIONS}")]
    problems = check_json(source)
    if problems is None:
        line, column, why = json_error(source)
        what = "once its {{...}} are filled in " if is_template else ""
        return [("error", line, column, f"the wizard is not JSON {what}({why}): DSM shows no "
                 "wizard and the scripts get none of its keys")]
    return [(p.severity, p.line, p.column, p.message) for p in problems]
