"""``spkgen check``: every package of a tree, for several DSM versions, in one report.

The tree and its packages (find_tree, list_packages); then, for each package and version,
make's answer (run.Answers: cache, parallel make runs) and the rules of rules/, in
order: those of each build (rules.build, rules.install), of each package (rules.orphans,
rules.advice) and across the tree (rules.clashes); last, the package's own suppression
comments (rules.suppressions).  report.py and formats.py print the result.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from typing import Callable

from ..dsm import Version
from . import clashes as clashlib
from . import dependencies as deplib
from .cache import Cache
from .makeinfo import ask_make
from .model import PackageReport, Report, Run
from .rules.advice import conf_dir_redundant, conf_variant_redundant
from .rules.build import Validated, make_failure, validate
from .rules.clashes import clash_findings, conflicts
from .rules.info import package_info
from .rules.install import declared_names, install_findings, tree_answer
from .rules.orphans import orphan_findings, orphans
from .rules.publish import published_builds
from .rules.suppressions import apply_suppressions
from .rules.wizard_format import wizard_format
from .run import Answers, MakeAsker


def find_tree(start: str) -> str | None:
    """The spksrc-style tree holding ``start``: the nearest folder with mk/ and spk/."""
    folder = os.path.abspath(start)
    while True:
        if os.path.isdir(os.path.join(folder, "spk")) and os.path.isdir(os.path.join(folder, "mk")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def list_packages(tree: str) -> list[str]:
    spk = os.path.join(tree, "spk")
    return sorted(n for n in os.listdir(spk) if os.path.isfile(os.path.join(spk, n, "Makefile")))


def check_tree(tree: str, versions: Sequence[str], packages: Sequence[str], *, arch: str = "x64",
               jobs: int = 1, timeout: float = 60.0, cache: Cache | None = None,
               make: str = "make", variables: Sequence[str] = (),
               tree_versions: Sequence[str] = (), ask: MakeAsker = ask_make,
               publish: dict[str, tuple[str, ...]] | None = None,
               progress: Callable[[int, int], None] | None = None) -> Report:
    """The report for ``packages`` (names under spk/) of ``tree`` and DSM ``versions``.
    Paths in messages are relative to the current directory, as a build's are.
    variables: VAR=value words given to every make run.  tree_versions: every DSM version
    the tree builds for (its toolchains); a folder is an orphan only when no build of any
    of them ships it, whichever versions are checked.  ask: what asks make.  publish: the
    TCVERSIONs published per kind ('arch', 'noarch'), instead of spksrc's CI defaults."""
    shown = os.path.relpath(tree)
    reports = {name: PackageReport(name) for name in packages}
    asked = Answers(tree, arch=arch, cache=cache, jobs=jobs, timeout=timeout, make=make,
                    variables=variables, ask=ask, progress=progress)
    answers = asked.found
    asked.ask_all([(name, version) for name in packages for version in versions
                   if Version.parse(version).has_resource], counted=True)
    # The packages of the tree that those depend on, for the same versions, even when they
    # are not checked themselves (--package, --changed-since): their own answers decide.
    tree_names = deplib.tree_names(tree, list_packages(tree))
    wanted = {(tree_names[dep], version) for (name, version), (answer, _) in answers.items()
              if answer.status == "ok"
              for dep in declared_names(os.path.join(tree, "spk", name), answer.values)
              if dep in tree_names}
    asked.ask_all(sorted(pair for pair in wanted if pair not in answers), counted=False)

    port_claims = clashlib.dsm_claims(versions)
    link_claims: list[clashlib.Claim] = []
    orphan_candidates: dict[str, tuple[str, list[Validated]]] = {}
    unjudged: list[str] = []
    for name in packages:
        report = reports[name]
        package_dir = os.path.normpath(os.path.join(shown, "spk", name))
        seen, complete = [], True
        ok_values: list[tuple[str, dict[str, str]]] = []
        shipped_conf: list[tuple[str, dict[str, str], str | None]] = []
        for version in versions:
            if (name, version) not in answers:
                report.runs.append(Run(version, "no-resource",
                                       detail="DSM < 6.0 has no conf/resource"))
                continue
            answer, cached = answers[(name, version)]
            run = Run(version, answer.status, cached, answer.detail)
            report.runs.append(run)
            if answer.status in ("failed", "timeout"):
                complete = False
                make_failure(report, version, answer, package_dir)
            elif answer.status == "ok":
                validated = validate(report, version, answer.values, package_dir,
                                     answer.makefiles)
                run.wizard_unread = install_findings(
                    report, version, answer, validated, package_dir, arch,
                    partial(tree_answer, version=version, tree_names=tree_names,
                            answers=answers))
                ok_values.append((version, answer.values))
                shipped_conf.append((version, answer.values, validated.conf))
                run.conf = validated.conf
                seen.append(validated)
                port_claims += validated.port_claims
                link_claims += validated.link_claims
        if not published_builds(report, package_dir, answers, versions, publish):
            unjudged.append(name)
        package_info(report, package_dir, answers, versions)
        wizard_format(report, package_dir, answers, versions)
        if complete and seen:
            if orphans(package_dir, seen, []):
                orphan_candidates[name] = (package_dir, seen)
            conf_dir_redundant(report, package_dir, ok_values)
            conf_variant_redundant(report, package_dir, shipped_conf)
    orphan_findings(orphan_candidates, reports, answers, versions, tree_versions, asked.ask_all)
    found = clashlib.find_clashes(port_claims, "port") + \
        clashlib.find_clashes(link_claims, "link")
    clash_findings(reports, found, conflicts(answers))
    for name in packages:
        apply_suppressions(reports[name], os.path.normpath(os.path.join(shown, "spk", name)))
    return Report(tree, arch, list(versions), [reports[n] for n in packages], found,
                  [c for c in port_claims if c.owner != clashlib.DSM], unpublished=unjudged)
