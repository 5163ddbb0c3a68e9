"""The rules of ``spkgen check``: one registry, one module per rule family.

Each rule has a stable id (the finding's kind, SARIF's ruleId, the GitHub annotation's
title), a scope (a build: one package and DSM version; a package: all its builds; the
tree: across packages), a default severity, a one-line summary and an explanation with
an example (``spkgen check --explain RULE``).  The README's table, SARIF's rules[] and the
report schema's enum are checked against this registry (tests/test_rules.py).

Families: build.py (make-failed, make-timeout, protocol-file, static-resource, variable,
package-files, change), install.py (dependency, wizard-placeholder), orphans.py,
advice.py (conf-dir-redundant, conf-variant-redundant), clashes.py (port-clash,
link-clash), publish.py (publish-range, upload), info.py (package-info),
wizard_format.py (wizard-format), suppressions.py (suppression).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Severity

Scope = Literal["build", "package", "tree"]


@dataclass(frozen=True)
class Rule:
    id: str
    scope: Scope
    severity: Severity        # the default: some findings of a rule are of another
    summary: str
    explanation: str
    example: str


_RULES = (
    Rule("make-failed", "build", "error",
         "make failed while giving the package's inputs (spkgen-info)",
         "check asks make for each package's inputs ('make ... spkgen-info': one parse, no "
         "process, nothing written).  When that parse fails, nothing else can be checked for "
         "the version; the finding keeps make's last lines.  A package that asks the network "
         "while make parses (git ls-remote for its version) fails offline: pass the value on "
         "check's command line, as a build would be given it.",
         "spkgen check LATEST_FOO_VERS=1.2.3 --package foo"),
    Rule("make-timeout", "build", "error",
         "make hung while giving the package's inputs and was stopped",
         "A parse that takes longer than --timeout (60 s) is stopped, with everything it "
         "started, and reported with make's last lines.",
         "spkgen check --timeout 120"),
    Rule("protocol-file", "build", "error",
         "a protocol file (*.sc) the build reads is invalid or questionable",
         "The build reads every FWPORTS file: sections, title, desc, port lists "
         "(dst.ports=\"80,443/tcp\"), protocols, and a section defined twice with other "
         "values.  These are the build's own messages, at FILE:LINE.",
         "spk/foo/src/foo.sc:4: error: port 70000 in '70000/tcp' is outside 1..65535"),
    Rule("static-resource", "build", "error",
         "a static conf/resource is invalid or breaks a rule of Synology's guide",
         "The conf folder's resource must be a JSON object without duplicate keys; its "
         "workers must exist on the target DSM, data-share permissions are ro/rw, a "
         "webservice's backends follow SPK_DEPENDS, usr-local-linker paths stay in the "
         "package.  At FILE:LINE:COL.",
         "spk/foo/src/conf_7/resource:14:22: error: \"backend\" is 11, but SPK_DEPENDS names "
         "PHP 8.0, whose backend is 9"),
    Rule("variable", "build", "error",
         "a Makefile variable spkgen reads is invalid or questionable",
         "SPK_NAME, FWPORTS, SERVICE_PORT, SPK_COMMANDS, SPK_USR_LOCAL_LINKS, CONF_DIR and the "
         "others spkgen reads: paths that leave the package, words that are not "
         "<folder>:<path>, a link folder DSM ignores, an empty SPK_COMMANDS word.",
         "SPK_USR_LOCAL_LINKS: warning: 'share:share/foo': DSM links only bin, etc, lib and "
         "ignores 'share' (shipped as spksrc ships it)"),
    Rule("package-files", "build", "error",
         "the package's folders (src/, conf folders) are invalid or questionable",
         "Two conf variants standing for one DSM version, a conf folder name that is no "
         "variant, a conf file spksrc's conf step cannot ship.",
         "src: error: src/conf_7 and src/conf_dsm7 both stand for DSM 7: remove one or set "
         "CONF_DIR"),
    Rule("port-clash", "tree", "warning",
         "a port and protocol another package or DSM itself declares",
         "Two packages declaring one destination port and protocol (ranges overlapping) for a "
         "DSM version both build for: a warning; one of DSM's own ports (data/dsm-services.sc): "
         "an error.  Packages that declare each other in SPK_CONFLICT get a note.",
         "SERVICE_PORT: warning: port 8080/tcp of [foo] is also declared by package bar"),
    Rule("link-clash", "tree", "warning",
         "a /usr/local link another package makes",
         "Two packages making the same /usr/local/<folder>/<name>: DSM keeps the last one "
         "installed.  Suppress it where packages replace each other on purpose.",
         "# spkgen: ignore[link-clash] the dotnet runtimes replace each other on purpose"),
    Rule("orphan", "package", "warning",
         "a protocol file or conf folder no build ships",
         "A *.sc file no build ships (FWPORTS names it for no DSM version, no shipped conf "
         "folder holds it), or a conf folder no build for any DSM version of the tree's "
         "toolchains ships.  A lone src/conf gets the CONF_DIR line to add.",
         "spk/foo/src/conf_php8: warning: no build for DSM 6.2.4, 7.1, 7.2 ships this conf "
         "folder"),
    Rule("dependency", "build", "error",
         "a dependency (SPK_DEPENDS, PKG_DEPS) that the tree or DSM cannot meet where the "
         "package is published",
         "Each SPK_DEPENDS entry (or a shipped conf/PKG_DEPS section) is resolved per DSM "
         "version against the tree's packages and Synology's (data/dsm-facts.ini, each bound "
         "with its own source).  A DSM version a sourced bound excludes is an error; an "
         "unknown name is a warning.",
         "spk/foo/Makefile:43: error: SPK_DEPENDS entry 'PHP7.4': ... [DSM 7.3]"),
    Rule("wizard-placeholder", "build", "warning",
         "a {{placeholder}} of conf/resource that is no install wizard key",
         "Every {{key}} the build ships in conf/resource must be the key of a field of the "
         "install (or upgrade) wizard of that DSM version.  A wizard check cannot read is said "
         "in the JSON report (wizard_unread), never a finding.",
         "spk/foo/src/conf/resource:5:17: warning: {{wizard_shrae}} is no key of the wizard"),
    Rule("change", "build", "note",
         "what the package ships differs from spksrc alone's",
         "Everything the package would ship without spkgen (a model of spksrc's jq recipe, "
         "its conf step and its staged protocol file) compared byte for byte with what "
         "spkgen ships: the named fixes, each with the file.  Notes never fail a check.",
         "spk/foo/Makefile: note: spksrc alone loses \"port-config\""),
    Rule("conf-dir-redundant", "package", "note",
         "CONF_DIR lines choosing what the automatic choice would",
         "The package's CONF_DIR assignments choose, for every DSM version checked, what "
         "spkgen's automatic choice gives once they are deleted (both evaluated): the lines "
         "to delete.",
         "spk/foo/Makefile:8: note: ... delete lines 8-14 of spk/foo/Makefile"),
    Rule("conf-variant-redundant", "package", "note",
         "a conf variant folder equal to the next lower one once spkgen fills in the "
         "generated values",
         "A conf variant whose files equal the next lower variant's once the backend numbers "
         "spkgen fills in from SPK_DEPENDS are left out: the folder can go.",
         "spk/foo/src/conf_72: note: src/conf_72 can go: ..."),
    Rule("publish-range", "package", "error",
         "a published build is installed on a DSM version that lacks its dependencies, or "
         "its OS_MAX_VER is wrong",
         "A published build (spksrc's CI: 6.2.4 and 7.1 for arch packages, 6.1 and 7.0 for "
         "noarch ones, or only 7.2/7.3 with REQUIRED_MIN_DSM; --publish overrides) is offered "
         "from its os_min_ver up to the next published build's, capped by OS_MAX_VER, and "
         "through DSM 7.3 when nothing caps it.  A dependency Synology's catalogue lacks on a "
         "DSM version of that range (data/dsm-facts.ini, sourced bounds only) is an error "
         "naming the OS_MAX_VER that would fix it; an OS_MAX_VER below the build's own "
         "os_min_ver is an error (spkrepo refuses it); one that stops a build before DSM "
         "versions it could serve, with no build published there, is a note.",
         "spk/foo/Makefile:36: error: the DSM 7.0 build (noarch, os_min_ver 7.0-40000) is "
         "installed on DSM 7.0 to 7.3 ..., but not installable on DSM 7.3: ... set "
         "'OS_MAX_VER = 7.2-79999' for TCVERSION 7.0 would fix it"),
    Rule("upload", "package", "error",
         "a published build that spkrepo would refuse at upload",
         "From make's values, before anything is built: a package name or SPK_REV spkrepo's "
         "patterns refuse, no DISPLAY_NAME (spksrc writes no displayname, which spkrepo "
         "requires), no SPK_ICON (no 72 px icon), an OS_MIN_VER not MAJOR.MINOR-BUILD, and, "
         "since spkrepo's pull request 196, builds of one version that disagree on what "
         "spkrepo keeps per version (startable, displayname, install/upgrade wizard, "
         "install_dep_services, distributor, maintainer, report_url, license).  The maintainer "
         "spksrc asks GitHub for is compared as its login (MAINTAINER).",
         "spk/foo/Makefile:20: error: the builds of version 1.0-3 disagree on startable "
         "(DSM 6.1: no; DSM 7.0: yes): spkrepo refuses every upload after the first"),
    Rule("package-info", "package", "warning",
         "an INFO value or icon a build would ship against Synology's documented rules",
         "From make's values and SPK_ICON's header, before anything is built (spkgen info "
         "prints the whole INFO): on DSM 7 a version whose parts are not numbers joined by "
         ". - or _ (a warning), an os_min_ver below 7.0-40000 (an error); an icon source "
         "that is not a PNG (spksrc's convert keeps its format: PACKAGE_ICON.PNG holds JPEG "
         "data) or not square (convert keeps the aspect ratio: not the 64x64 DSM 7 "
         "documents) is a warning, one smaller than 256 px a note (enlarged, blurred).",
         "spk/foo/Makefile:12: warning: SPK_ICON src/foo.jpg is a JPEG file: spksrc's "
         "'convert SPK_ICON ... -' keeps the source's format, so PACKAGE_ICON.PNG ... hold "
         "JPEG data"),
    Rule("wizard-format", "package", "warning",
         "a wizard file that breaks the format Synology documents",
         "Every install, upgrade and uninstall wizard a package ships (static JSON files, "
         "mustache templates with their {{X}} blanked out, and the JSON here-documents of "
         "*_uifile.sh scripts, read, never run) against the fields and types of Synology's "
         "developer guide (WIZARD_UIFILES).  Errors: not JSON, not an array of steps, a "
         "step, item or subitem that is no object, items/subitems not arrays, an item type "
         "DSM does not know.  Warnings: a field spelt like a documented one (defaultVaule), "
         "a boolean field given text (\"false\" is true in JavaScript), a select's "
         "defaultValue that is not true/false, an unknown vtype, a regex expr not "
         "/pattern/flags.  Fields no text documents are left alone.  A script's wizard JSON that "
         "only a run makes JSON, or a template with {{#sections}}, is a note: not checked.",
         "spk/foo/src/wizard/install_uifile.sh:118:13: warning: subitem field "
         "\"defaultVaule\" is not one DSM knows: did you mean \"defaultValue\"? (DSM ignores "
         "it)"),
    Rule("suppression", "package", "note",
         "a suppression comment that matches nothing, or lacks its reason",
         "A package's Makefile may suppress a rule for the package with a comment and the "
         "maintainer's reason: '# spkgen: ignore[RULE,...] REASON'.  Suppressed findings are "
         "kept in the JSON and SARIF reports, marked so, and never fail a check.  A comment "
         "without a reason or naming an unknown rule is a warning; one that matches nothing, "
         "a note.",
         "# spkgen: ignore[link-clash] dotnet runtimes replace each other on purpose"),
)

REGISTRY: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def explain(rule_id: str) -> str:
    """What 'spkgen check --explain RULE' prints."""
    rule = REGISTRY[rule_id]
    return (f"{rule.id} ({rule.severity} by default; scope: {rule.scope})\n\n"
            f"{rule.summary}.\n\n{rule.explanation}\n\nExample:\n    {rule.example}\n")
