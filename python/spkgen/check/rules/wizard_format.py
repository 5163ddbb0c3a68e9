"""wizard-format: every wizard file a package ships (static JSON, mustache templates and
scripts' here-documents) against Synology's documented format (check/wizard_format.py).
Each file is read once per package; its findings list the DSM versions that ship it."""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal

from ..makeinfo import MakeAnswer
from ..model import Finding, PackageReport
from ..publish.info import WIZARD_NAME
from ..wizard_format import check_json, fill_template, here_documents, json_error


def _wizard_folders(package_dir: str, answer: MakeAnswer, version: str
                    ) -> list[tuple[str, bool]]:
    """The package's own wizard folders for one build, (folder, holds templates): not
    those the build makes (in a work folder) or that lie outside the package."""
    folders = []
    templates = answer.install.get("WIZARDS_TEMPLATES_DIR", "").strip()
    plain = answer.install.get("WIZARDS_DIR", "").strip()
    if templates:
        folders.append((templates, True))
    if plain:
        folders += [(plain, False), (plain + version, False)]
    real_package = os.path.realpath(package_dir)
    kept = []
    for folder, is_template in folders:
        real = os.path.realpath(os.path.join(package_dir, folder))
        inside = os.path.relpath(real, real_package)
        if inside.startswith("..") or inside.split(os.sep)[0].startswith("work") or \
                not os.path.isdir(real):
            continue
        kept.append((os.path.normpath(os.path.join(package_dir, folder)), is_template))
    return kept


def wizard_format(report: PackageReport, package_dir: str,
                  answers: dict[tuple[str, str], tuple[MakeAnswer, bool]],
                  versions: Sequence[str]) -> None:
    shipped: dict[str, tuple[bool, set[str]]] = {}
    for version in versions:
        found = answers.get((report.name, version))
        if not found or found[0].status != "ok":
            continue
        for folder, is_template in _wizard_folders(package_dir, found[0], version):
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                if WIZARD_NAME.match(name) and os.path.isfile(path):
                    shipped.setdefault(path, (is_template, set()))[1].add(version)
    for path, (is_template, built) in shipped.items():
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        for problem in file_problems(path, text, is_template):
            report.add(Finding(problem[0], "wizard-format", problem[3], path, problem[1],
                               problem[2], set(built)))


Located = tuple[Literal["error", "warning"], int, int, str]


def file_problems(path: str, text: str, is_template: bool) -> list[Located]:
    """(severity, line, column, message) of one wizard file."""
    if path.endswith(".sh"):
        found: list[Located] = []
        for document in here_documents(text):
            if is_template:
                filled = fill_template(document.text)
                if filled is None:
                    continue
                document_text = filled
            else:
                document_text = document.text
            problems = check_json(document_text, line_offset=document.first_line - 1,
                                  step_only=True)
            found += [(p.severity, p.line, p.column, p.message) for p in problems or []]
        return found
    source = fill_template(text) if is_template else text
    if source is None:
        return []                  # a template with sections: its JSON depends on values
    problems = check_json(source)
    if problems is None:
        line, column, why = json_error(source)
        what = "once its {{...}} are filled in " if is_template else ""
        return [("error", line, column, f"the wizard is not JSON {what}({why}): DSM shows no "
                 "wizard and the scripts get none of its keys")]
    return [(p.severity, p.line, p.column, p.message) for p in problems]
