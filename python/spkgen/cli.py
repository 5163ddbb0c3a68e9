"""Command line: ``spkgen sc|build|show|check|compare|conf-dir``."""
from __future__ import annotations

import argparse
import errno
import io
import os
import re
import sys

from . import __version__
from .errors import PACKAGE_FILES, Diagnostics, SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: not imported at run time
    from collections.abc import Callable
    from typing import Any

    from .check.cache import Cache
    from .check.model import Report
    from .inputs import Inputs
    _FormatterBase = argparse.HelpFormatter
else:
    _FormatterBase = object

# Each command imports what it needs when it runs, and main() builds only the parser of
# the command given: a build step, started once per package build, pays for no other.

DESCRIPTION = """\
Generate a Synology package's protocol file (*.sc) and conf/resource from spksrc
Makefile variables, merged with the package's static resource.  Messages go to
stderr as FILE:LINE: error|warning|note: MESSAGE; exit 1 on bad input, 2 on usage errors."""

INPUT_HELP = """\
Inputs come from --manifest FILE (NAME=value lines, as mk/spkgen.mk writes them)
and/or --set NAME=VALUE.  Variables: {variables}.
Relative paths (FWPORTS, CONF_DIR) are relative to --package-dir (default: .).
"""


CHECK_HELP = """\
Check every package of a spksrc-style tree (spk/*/Makefile) for several DSM
versions before anything is built: make gives each package's inputs (its
spkgen-info target, run in parallel), then everything a build validates is
validated, and across packages: port clashes (with each other and with DSM's
own ports), /usr/local link clashes, orphans (protocol files and conf folders
no build for any DSM version of the tree's toolchains ships) and what spksrc alone
would ship differently.  VAR=value words are given to every make run, as a
build's command line gives them (e.g. a version a package asks the network for).
Results are cached, keyed by every file they depend on.
Exit 1 when there are findings of --fail-on's severity or above (default: errors),
0 otherwise, 2 for usage errors."""


# Input names make can read back with $(file <...) word by word, unexpanded.
MAKE_SAFE_NAME = re.compile(r"[A-Za-z0-9._+,@=~/-]+\Z")

INFO_HELP = """\
For each package and DSM version, the INFO file spksrc's build would write (key="value"
in spksrc's order), from make's answer alone: no process, nothing written.  Values the
build computes with a process or the network are named on '#' lines instead (the
maintainer's GitHub name and URL, an arch package's arch list, dsmuidir, checksum).
'+' lines are the files packed next to INFO: the icons spksrc makes from SPK_ICON (with
their size) and the wizard files.
"""

PORTS_HELP = """\
A table of every package's ports, from the data check uses (make gives each
package's inputs; the same cache): package, ports and protocol, service title,
source file and line, DSM versions."""


def _print(diags: Diagnostics) -> None:
    for diag in diags:
        print(diag, file=sys.stderr)


def _inputs(args: argparse.Namespace) -> Inputs:
    from .inputs import Inputs, parse_assignments, read_manifest
    values: dict[str, str] = {}
    if args.manifest:
        values = read_manifest(args.manifest)
    parse_assignments(args.set or [], "--set", values)
    return Inputs.from_variables(values, args.manifest or "")


def cmd_sc(args: argparse.Namespace) -> int:
    from .protocol import parse_protocol_file
    failed = False
    for path in args.files:
        diags = Diagnostics()
        try:
            parse_protocol_file(path, diags=diags)
        except SpkgenError as exc:
            failed = True
            diags.items.extend(d for d in exc.diagnostics if d not in diags.items)
        _print(diags)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build, conf_files
    from .output import (
        check_mirror,
        check_output_path,
        make_depfile,
        mirror_folder,
        remove_if_present,
        write_if_changed,
    )
    inputs = _inputs(args)
    result = build(inputs, args.package_dir)
    _print(result.diagnostics)
    if result.resource_text is None:
        return 0
    files = {}
    if args.conf_mirror and result.conf and result.conf.folder:
        # Not its resource: mk/spkgen.mk installs the merged one before the package's
        # post-service hook, which may edit it; the conf step must not copy over that.
        for path in conf_files(os.path.join(args.package_dir, result.conf.folder)):
            if os.path.basename(path) != "resource":
                try:
                    with open(path, "rb") as handle:
                        files[os.path.basename(path)] = handle.read()
                except OSError as exc:      # a read error, not one of the outputs
                    raise SpkgenError(f"cannot read: {exc.strerror or exc}", file=path,
                                      code=PACKAGE_FILES) from None
    # Every output is checked before any is written: a refusal changes nothing.
    for path in (args.protocol_file, args.resource, args.depfile, args.inputs_list, args.stamp):
        if path:
            check_output_path(path)
    if args.conf_mirror:
        check_mirror(args.conf_mirror, files)
    if args.protocol_file:
        if result.protocol_text is None:
            remove_if_present(args.protocol_file)
        else:
            write_if_changed(args.protocol_file, result.protocol_text)
    if args.resource:
        write_if_changed(args.resource, result.resource_text)
    else:
        sys.stdout.write(result.resource_text)
    if args.conf_mirror:
        mirror_folder(args.conf_mirror, files)
    if args.depfile:
        write_if_changed(args.depfile, make_depfile(args.stamp or args.depfile,
                                                    result.inputs_read))
    if args.inputs_list:
        names = [f"{p}/" if os.path.isdir(p) else p for p in result.inputs_read]
        if any(not MAKE_SAFE_NAME.match(n) for n in names):
            names = ["@always"]   # mk/spkgen.mk then runs the generator on every build
        write_if_changed(args.inputs_list, "".join(f"{n}\n" for n in names))
    if args.stamp:
        write_if_changed(args.stamp, "")
        os.utime(args.stamp)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .build import build, describe
    inputs = _inputs(args)
    result = build(inputs, args.package_dir)
    print("\n".join(describe(result, inputs)))
    _print(result.diagnostics)
    return 0


def _usage_error(command: str, message: str) -> int:
    print(f"spkgen {command}: error: {message}", file=sys.stderr)
    return 2


def _progress(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    print(f"\rspkgen check: {done}/{total} make runs", end=end, file=sys.stderr, flush=True)


class _Scope:
    """What a tree command's arguments name: the tree, DSM versions, packages (reported:
    those to report on), make's VAR=value words, --publish, and the cache.  (A plain
    class: a build step imports this module, and should not pay for dataclasses.)"""

    def __init__(self, tree: str, versions: list[str], packages: list[str],
                 reported: list[str], variables: list[str],
                 publish: dict[str, tuple[str, ...]], cache: Cache) -> None:
        self.tree, self.versions, self.packages, self.reported = (tree, versions, packages,
                                                                  reported)
        self.variables, self.publish, self.cache = variables, publish, cache


def _tree_scope(args: argparse.Namespace, command: str) -> _Scope | int:
    """The scope of a tree command (check, ports, info), or an exit status."""
    # imported here: a build step should not pay for them
    from .check.cache import Cache
    from .check.cache import default_dir as default_cache_dir
    from .check.makeinfo import make_variable
    from .check.scope import (
        FALLBACK_VERSIONS,
        changed_packages,
        toolchain_versions,
        unsupported_tree,
    )
    from .check.tree import find_tree, list_packages
    from .dsm import Version
    if args.tree and not os.path.isdir(args.tree):
        return _usage_error(command, f"--tree {args.tree}: no such folder")
    tree = os.path.abspath(args.tree) if args.tree else find_tree(".")
    if not tree or not all(os.path.isdir(os.path.join(tree, d)) for d in ("spk", "mk")):
        return _usage_error(command, f"{args.tree or 'the current directory'} is not "
                            f"{'a' if args.tree else 'in a'} tree with mk/ and spk/"
                            f"{'' if args.tree else ' (use --tree DIR)'}")
    unsupported = unsupported_tree(tree)
    if unsupported:          # nothing it says could be trusted: no findings at all
        print(f"spkgen {command}: error: {tree}: {unsupported}", file=sys.stderr)
        return 2
    given = args.tcversion or ",".join(toolchain_versions(tree, args.arch) or FALLBACK_VERSIONS)
    versions = list(dict.fromkeys(v.strip() for v in given.split(",") if v.strip()))
    try:
        for version in versions:
            Version.parse(version, "--tcversion")
    except SpkgenError as exc:
        return _usage_error(command, exc.message)
    if not versions:
        return _usage_error(command, "--tcversion names no version")
    try:     # VAR=value words; 'argparse' may have taken some after --package NAME...
        variables = [make_variable(w) for w in [p for p in args.package or [] if "=" in p]
                     + args.variables]
    except SpkgenError as exc:
        return _usage_error(command, exc.message)
    known = list_packages(tree)
    packages = [p for p in args.package or [] if "=" not in p] or known
    unknown = [p for p in packages if p not in known]
    if unknown:
        return _usage_error(command, f"no package {', '.join(unknown)} in {tree}/spk")
    if args.jobs < 1 or args.timeout <= 0:
        return _usage_error(command, "--jobs and --timeout must be positive")
    publish: dict[str, tuple[str, ...]] = {}
    for given in getattr(args, "publish", None) or []:
        kind, eq, listed = given.partition("=")
        found = tuple(v.strip() for v in listed.split(",") if v.strip())
        if kind not in ("arch", "noarch") or not eq or not found:
            return _usage_error(command, f"--publish {given}: expected arch=V,... or "
                                "noarch=V,...")
        try:
            for version in found:
                Version.parse(version, "--publish")
        except SpkgenError as exc:
            return _usage_error(command, exc.message)
        publish[kind] = found
    reported = packages = sorted(set(packages), key=packages.index)
    if getattr(args, "changed_since", None):
        try:
            changed = changed_packages(tree, args.changed_since, packages)
        except SpkgenError as exc:
            return _usage_error(command, f"--changed-since: {exc.message}")
        reported = packages if changed is None else changed
        if changed is not None:    # the others too, for clashes (from the cache if it has them)
            packages = changed + [p for p in known if p not in changed]
    cache = Cache(None if args.no_cache else (args.cache_dir or default_cache_dir()), tree)
    return _Scope(tree, versions, packages, reported, variables, publish, cache)


def _tree_run(args: argparse.Namespace, command: str) -> tuple[Report, Cache] | int:
    """The check of the tree the arguments name: (report, cache), or an exit status."""
    from .check.scope import FALLBACK_VERSIONS, toolchain_versions
    from .check.tree import check_tree
    scope = _tree_scope(args, command)
    if isinstance(scope, int):
        return scope
    tree, cache = scope.tree, scope.cache
    report = check_tree(tree, scope.versions, scope.packages, arch=args.arch, jobs=args.jobs,
                        timeout=args.timeout, cache=cache, variables=scope.variables,
                        tree_versions=toolchain_versions(tree, args.arch) or FALLBACK_VERSIONS,
                        publish=scope.publish or None,
                        progress=_progress if sys.stderr.isatty() else None)
    report.keep_only(scope.reported)
    if report.unpublished:
        print(f"spkgen {command}: warning: publish-range and upload were not checked for "
              f"{len(report.unpublished)} package(s): the tree's mk/spkgen is older than this "
              "spkgen (its spkgen-info prints no ARCH); run vendor-into again", file=sys.stderr)
    if cache.write_error:
        print(f"spkgen {command}: warning: results not cached: {cache.write_error}",
              file=sys.stderr)
    return report, cache


def _rule_ids(command: str, option: str, value: str | None) -> set[str] | int:
    """The rule ids of --select or --ignore RULE,...; a usage error for an unknown one."""
    from .check.rules import REGISTRY
    ids = {v.strip() for v in (value or "").split(",") if v.strip()}
    unknown = sorted(ids - set(REGISTRY))
    if unknown:
        return _usage_error(command, f"{option}: unknown rule {', '.join(unknown)} (rules: "
                            f"{', '.join(REGISTRY)})")
    return ids


def cmd_check(args: argparse.Namespace) -> int:
    from .check.baseline import apply_baseline, read_baseline, write_baseline
    from .check.formats import github, sarif_text
    from .check.report import json_text, text
    from .check.rules import REGISTRY, explain
    if args.explain:
        if args.explain not in REGISTRY:
            return _usage_error("check", f"--explain: unknown rule {args.explain} (rules: "
                                f"{', '.join(REGISTRY)})")
        sys.stdout.write(explain(args.explain))
        return 0
    selected = _rule_ids("check", "--select", args.select) if args.select else set(REGISTRY)
    ignored = _rule_ids("check", "--ignore", args.ignore)
    if isinstance(selected, int) or isinstance(ignored, int):
        return 2
    baseline = None
    if args.baseline:
        try:
            baseline = read_baseline(args.baseline)
        except SpkgenError as exc:
            return _usage_error("check", f"{exc.file}: {exc.message}")
    ran = _tree_run(args, "check")
    if isinstance(ran, int):
        return ran
    report, _ = ran
    report.keep_rules(selected - ignored)
    if baseline is not None:
        apply_baseline(report, baseline)
    if args.write_baseline:
        count = write_baseline(report, args.write_baseline)
        print(f"spkgen check: wrote {count} finding{'' if count == 1 else 's'} to "
              f"{args.write_baseline}", file=sys.stderr)
    if args.format == "github":
        sys.stdout.write(github(report, os.environ.get("GITHUB_STEP_SUMMARY") or None))
    elif args.format == "sarif":
        sys.stdout.write(sarif_text(report))
    else:
        sys.stdout.write(json_text(report) if args.format == "json" else text(report))
    return 1 if report.fails(args.fail_on) else 0


def cmd_info(args: argparse.Namespace) -> int:
    from .check.publish.info import icon_files, info_lines, wizard_files
    from .check.run import Answers
    scope = _tree_scope(args, "info")
    if isinstance(scope, int):
        return scope
    answers = Answers(scope.tree, arch=args.arch, cache=scope.cache, jobs=args.jobs,
                      timeout=args.timeout, variables=scope.variables,
                      progress=_progress if sys.stderr.isatty() else None)
    pairs = [(p, v) for p in scope.reported for v in scope.versions]
    answers.ask_all(pairs, counted=True)
    builds = []
    for name, version in pairs:
        answer = answers.found[(name, version)][0]
        entry: dict[str, Any] = {"package": name, "tcversion": version,
                                 "status": answer.status}
        if answer.status == "ok":
            folder = os.path.join(scope.tree, "spk", name)
            icons, _, _ = icon_files(answer, version, folder)
            entry["info"] = [{"key": i.key, "value": i.value, "note": i.note}
                             for i in info_lines(answer, version)]
            entry["files"] = [{"name": f.name, "source": f.source, "note": f.note}
                              for f in icons + [_in_wizards(w) for w in
                                                wizard_files(answer, version, folder)]]
        else:
            entry["detail"] = answer.detail
        builds.append(entry)
    if args.format == "json":
        import json
        sys.stdout.write(json.dumps({"tree": scope.tree, "arch": args.arch, "builds": builds},
                                    indent=2, ensure_ascii=False) + "\n")
        return _info_status(builds)
    out = []
    for entry in builds:
        out.append(f"spk/{entry['package']}, TCVERSION {entry['tcversion']} ({args.arch}):")
        if entry["status"] != "ok":
            out.append(f"  {entry['status']}: {entry.get('detail') or ''}".rstrip())
            continue
        for line in entry["info"]:
            if line["value"] is None:
                out.append(f"  # {line['key']}: {line['note']}")
            else:
                note = f"  # {line['note']}" if line["note"] else ""
                out.append(f"  {line['key']}=\"{line['value']}\"{note}")
        for file in entry["files"]:
            note = f" ({file['note']})" if file["note"] else ""
            out.append(f"  + {file['name']} from {file['source']}{note}")
    sys.stdout.write("".join(line + "\n" for line in out))
    return _info_status(builds)


def _info_status(builds: list[dict[str, Any]]) -> int:
    """1 when make failed (or hung) for a build: its INFO is not known."""
    failed = [f"spk/{b['package']} (TCVERSION {b['tcversion']})" for b in builds
              if b["status"] in ("failed", "timeout")]
    if failed:
        print(f"spkgen info: error: make failed for {', '.join(failed)}: see its lines above",
              file=sys.stderr)
    return 1 if failed else 0


def _in_wizards(file: Any) -> Any:
    """A wizard file as it lies in the package: under WIZARD_UIFILES/."""
    return type(file)(f"WIZARD_UIFILES/{file.name}", file.source, file.note)


def cmd_ports(args: argparse.Namespace) -> int:
    from .check.ports import compare_document, port_rows, render_json, render_markdown
    ran = _tree_run(args, "ports")
    if isinstance(ran, int):
        return ran
    report, _ = ran
    rows = port_rows(report)
    if args.compare:
        try:
            lines, problems = compare_document(rows, args.compare)
        except SpkgenError as exc:
            print(exc, file=sys.stderr)
            return 1
        sys.stdout.write("".join(line + "\n" for line in lines))
        return 1 if problems else 0
    sys.stdout.write(render_json(rows) if args.format == "json" else render_markdown(rows))
    return 0


def cmd_conf_dir(args: argparse.Namespace) -> int:
    from .dsm import Version, choose_conf
    diags = Diagnostics()
    choice = choose_conf(args.package_dir, Version.parse(args.tcversion), args.conf_dir, diags)
    print(choice.folder or "")
    print(f"spkgen: {choice.reason}", file=sys.stderr)
    _print(diags)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare
    from .resource import load_static
    loaded = []
    for path in (args.before, args.after):
        loaded.append(load_static(path) if os.path.exists(path) else {})
    for line in compare(*loaded):
        print(line)
    return 0


def _terminal_width() -> int:
    """What shutil.get_terminal_size() gives argparse, without importing shutil (~2 ms)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__           # None when started without one
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):
            columns = 0
    return columns or 80


class _KnownWidth(_FormatterBase):
    """Gives argparse's formatters the width, which they would ask shutil for."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("width", _terminal_width() - 2)   # argparse's own margin
        super().__init__(prog, **kwargs)


class _Formatter(_KnownWidth, argparse.HelpFormatter):
    pass


class _RawFormatter(_KnownWidth, argparse.RawDescriptionHelpFormatter):
    pass


COMMANDS = ("sc", "build", "show", "check", "ports", "compare", "conf-dir")


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line parser: with all commands, or with only the command named."""
    top = argparse.ArgumentParser(prog="spkgen", description=DESCRIPTION,
                                  formatter_class=_RawFormatter)
    top.add_argument("--version", action="version", version=f"spkgen {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def wanted(name: str) -> bool:
        return only is None or only == name

    if wanted("sc"):
        sc = sub.add_parser("sc", help="check protocol files", formatter_class=_Formatter,
                            description="Check protocol files.  Exit 0 when all are valid, "
                            "1 otherwise.")
        sc.add_argument("files", nargs="+", metavar="FILE")
        sc.set_defaults(run=cmd_sc)

    def with_inputs(name: str, help_text: str,
                    run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        from .inputs import VARIABLES
        p = sub.add_parser(name, help=help_text, description=help_text,
                           epilog=INPUT_HELP.format(variables=", ".join(VARIABLES)),
                           formatter_class=_RawFormatter)
        p.add_argument("--manifest", metavar="FILE", help="NAME=value lines")
        p.add_argument("--set", action="append", metavar="NAME=VALUE", help="one variable")
        p.add_argument("--package-dir", default=".", metavar="DIR",
                       help="the package's folder (spk/<pkg>)")
        p.set_defaults(run=run)
        return p

    if wanted("build"):
        _build_arguments(with_inputs("build", "write the protocol file and conf/resource",
                                     cmd_build))
    if wanted("show"):
        with_inputs("show", "print the conf folder choice and where each entry comes from",
                    cmd_show)

    def tree_parser(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=description,
                           formatter_class=_RawFormatter)
        p.add_argument("--tree", metavar="DIR",
                       help="the tree (default: the one holding the current directory)")
        p.add_argument("--tcversion", metavar="V,V,...",
                       help="DSM versions (default: every version 6.0 and above the tree has "
                       "a toolchain for, toolchain/syno-<arch>-<version>; else 6.2.4,7.1,7.2)")
        p.add_argument("--package", nargs="+", action="extend", metavar="NAME",
                       help="only these packages (names under spk/)")
        p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="make runs at once (default: the number of cores)")
        p.add_argument("--arch", default="x64", help="ARCH given to make (default: x64)")
        p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                       help="a make run taking longer is reported as hung (default: 60)")
        p.add_argument("--cache-dir", metavar="DIR",
                       help="where results are kept (default: $XDG_CACHE_HOME/spkgen/check)")
        p.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the cache")
        p.add_argument("variables", nargs="*", metavar="VAR=value",
                       help="given to every make run, as on a build's command line (e.g. a "
                       "version a package would ask the network for while make parses); "
                       "part of the cache key")
        return p

    if wanted("check"):
        k = tree_parser("check", "check every package of a tree for several DSM versions",
                        CHECK_HELP)
        k.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text",
                       help="github: plain lines and workflow commands (and a markdown summary "
                       "in $GITHUB_STEP_SUMMARY when set); sarif: SARIF 2.1.0")
        k.add_argument("--fail-on", choices=("error", "warning", "note"), default="error",
                       help="the lowest severity that makes the exit status 1 (default: error)")
        k.add_argument("--changed-since", metavar="REV",
                       help="report only packages whose folder differs between git revision "
                       "REV and the work tree (untracked files too; a change under mk/ or to "
                       "local.mk: all); clashes with the others are still found")
        k.add_argument("--select", metavar="RULE,...",
                       help="report only these rules (--explain RULE says what each is)")
        k.add_argument("--ignore", metavar="RULE,...", help="leave these rules out")
        k.add_argument("--baseline", metavar="FILE",
                       help="findings FILE lists (by rule, package and fingerprint, not line "
                       "numbers) are marked as in the baseline and do not count")
        k.add_argument("--write-baseline", metavar="FILE",
                       help="write the findings that count to FILE, as a baseline")
        k.add_argument("--publish", action="append", metavar="KIND=V,...",
                       help="the TCVERSIONs the tree publishes, for arch or noarch packages "
                       "(default: what the tree's .github/workflows publish, else spksrc's CI: "
                       "arch=6.2.4,7.1 noarch=6.1,7.0; only 7.2/7.3 for REQUIRED_MIN_DSM = "
                       "7.2/7.3); repeat for both")
        k.add_argument("--explain", metavar="RULE",
                       help="print what RULE checks, with an example, and exit")
        k.set_defaults(run=cmd_check)

    if wanted("info"):
        i = tree_parser("info", "the INFO each build would write, and the files packed with it",
                        INFO_HELP)
        i.add_argument("--format", choices=("text", "json"), default="text")
        i.set_defaults(run=cmd_info)

    if wanted("ports"):
        o = tree_parser("ports", "the table of every package's ports", PORTS_HELP)
        o.add_argument("--format", choices=("markdown", "json"), default="markdown")
        o.add_argument("--compare", metavar="FILE",
                       help="spksrc's docs/reference/package-ports.md: list the ports it lacks "
                       "and its entries the tree no longer declares (exit 1 when there are any)")
        o.set_defaults(run=cmd_ports)

    if wanted("compare"):
        d = sub.add_parser("compare", help="entries one resource file has and another lacks",
                           formatter_class=_Formatter,
                           description="Print '+ ENTRY' for entries only in AFTER and "
                           "'- ENTRY' for entries only in BEFORE (a missing file counts as {}).")
        d.add_argument("before")
        d.add_argument("after")
        d.set_defaults(run=cmd_compare)

    if wanted("conf-dir"):
        from .dsm import __doc__ as conf_rule
        c = sub.add_parser("conf-dir", help="print the conf folder a build would ship",
                           description=conf_rule, formatter_class=_RawFormatter)
        c.add_argument("--package-dir", default=".", metavar="DIR")
        c.add_argument("--tcversion", required=True, metavar="VERSION")
        c.add_argument("--conf-dir", default="", metavar="DIR",
                       help="CONF_DIR set by the package")
        c.set_defaults(run=cmd_conf_dir)
    return top


def _build_arguments(b: argparse.ArgumentParser) -> None:
    b.add_argument("--resource", metavar="OUT", help="resource output (default: stdout)")
    b.add_argument("--protocol-file", metavar="OUT",
                   help="protocol file output (removed when the package ships none)")
    b.add_argument("--stamp", metavar="FILE", help="touched after a successful run")
    b.add_argument("--conf-mirror", metavar="DIR", help="write the chosen conf folder's files "
                   "but its resource here (what spksrc's conf step then copies)")
    b.add_argument("--depfile", metavar="FILE",
                   help="write a make fragment listing the input files read")
    b.add_argument("--inputs-list", metavar="FILE",
                   help="write the input files and folders read, one per line (mk/spkgen.mk "
                   "compares their contents to decide when to run again)")


class _ClosedStdout(io.TextIOBase):
    """Standard output when spkgen was started without one (>&-): writing is an error."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    args = parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    try:
        status: int = args.run(args)
        sys.stdout.flush()
        return status
    except SpkgenError as exc:
        for diag in exc.diagnostics:
            print(diag, file=sys.stderr)
        return 1
    except OSError as exc:           # standard output on a full disk or a closed pipe
        print(f"spkgen: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        try:
            sys.stdout = open(os.devnull, "w")   # nothing more to flush at exit
        except OSError:
            pass
        return 1
    except KeyboardInterrupt:
        return 130
