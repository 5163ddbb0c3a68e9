"""What spksrc alone ships: its jq + sponge recipe's semantics, in Python.

Used by ``spkgen check`` to list what vendoring spkgen changes in a package: all of
``conf/`` and the staged protocol file.  The rules are those of spksrc's
``$(DSM_CONF_DIR)/resource`` recipe in its mk/spksrc.service.mk (stand-in:
examples/mk/spksrc.service.mk): ``echo '{}'``, then one ``jq FILTER | sponge`` step per
variable, later steps overwriting earlier keys; the conf step copies every plain file
of the package's own CONF_DIR, a static resource replacing the generated one.  Its
failure too: the recipe runs without pipefail, so when jq fails (a doubled space in
SPK_USR_LOCAL_LINKS, two FWPORTS words), sponge still writes an empty file.
``tests/test_spksrc_model.py`` holds this model against the example tree's jq chain.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..combine import service_port_service
from ..dsm import V6_1, V7_0, Version
from ..errors import Diagnostics, SpkgenError
from ..protocol import render_services
from ..resource import read_static, render


class _JqFails(Exception):
    pass


@dataclass(frozen=True)
class Shipped:
    resource: dict[str, Any] | None     # None: an empty file (jq failed)
    empty_reason: str = ""
    protocol_file: str | None = None    # the .sc copied as app/<SPK_NAME>.sc, if any
    resource_text: str = ""                # conf/resource as shipped ("" when empty)
    conf_folder: str | None = None      # the package's own CONF_DIR, if set
    protocol_text: str | None = None    # app/<SPK_NAME>.sc as staged, if any
    late: tuple[tuple[str, str, int], ...] = ()   # (variable, Makefile, line): see late_variables


def _link_groups(value: str) -> dict[str, list[str | None]]:
    """split(" ") | map(split(":")) | group_by(.[0]) | map({(.[0][0]): map(.[1])}) | add"""
    pairs = [word.split(":") for word in value.split(" ")]
    if any(not p or p == [""] for p in pairs):
        raise _JqFails("an empty word in SPK_USR_LOCAL_LINKS (a doubled or stray space) "
                       "makes jq fail")
    groups: dict[str, list[str | None]] = {}
    for parts in sorted(pairs, key=lambda p: p[0]):
        groups.setdefault(parts[0], []).append(parts[1] if len(parts) > 1 else None)
    return groups


def _resource(values: dict[str, str], target: Version,
              share_always: bool = False) -> dict[str, Any]:
    get = values.get
    ui_dir = get("DSM_UI_DIR", "").strip() or "app"
    name = get("SPK_NAME", "").strip()
    result: dict[str, Any] = {}
    if get("SERVICE_PORT", "").strip():
        result["port-config"] = {"protocol-file": f"{ui_dir}/{name}.sc"}
    fwports = get("FWPORTS", "").strip()
    if fwports:
        if len(fwports.split()) > 1:
            raise _JqFails("FWPORTS has more than one word, which jq takes for a filter")
        result["port-config"] = {"protocol-file": f"{ui_dir}/{fwports.split('/')[-1]}"}
    if get("SPK_COMMANDS", "").strip():
        result["usr-local-linker"] = {"bin": get("SPK_COMMANDS", "").split(" ")}
    links = get("SPK_USR_LOCAL_LINKS", "")
    if links.strip():
        linker = dict(result.get("usr-local-linker") or {})
        linker.update(_link_groups(links.lstrip()))
        result["usr-local-linker"] = linker
    share, sharename, user = (get("SERVICE_WIZARD_SHARE", "").strip(),
                              get("SERVICE_WIZARD_SHARENAME", "").strip(), get("SPK_USER", ""))
    field = None
    if share:
        if get("USE_DATA_SHARE_WORKER", "").strip() == "yes" or \
                (share_always and target >= V7_0):
            field = share
    elif sharename and target >= V6_1:
        field = sharename
    if field is not None:
        result["data-share"] = {"shares": [{"name": "{{" + field + "}}",
                                            "permission": {"rw": [f"sc-{user}"]}}]}
    if get("SERVICE_CERT", "").strip() and target < V7_0:
        display = get("DISPLAY_NAME", "")
        result["certificate-config"] = {
            "services": [{"display_name": display, "display_name_i18n": display,
                          "service": get("SERVICE_CERT", "")}],
            "reloader-relpath": get("SERVICE_CERT_RELOAD", "")}
        result["service-cfg"] = {}
    if get("VIDEODRIVER", "").strip():
        result["video-driver"] = {}
    return result


# The variables spksrc's service makefile tests while make parses it (ifneq), deciding
# which steps its resource and protocol file recipes have.
PARSE_TIME_TESTS = ("SERVICE_PORT", "FWPORTS", "SPK_COMMANDS", "SPK_USR_LOCAL_LINKS",
                    "SERVICE_WIZARD_SHARE", "SERVICE_WIZARD_SHARENAME", "SERVICE_CERT",
                    "VIDEODRIVER")
_SPK_MK = re.compile(r"^\s*-?include\s+\S*spksrc\.spk\.mk\s*$")


def late_variables(package_dir: str) -> list[tuple[str, str, int]]:
    """(variable, Makefile, line) of PARSE_TIME_TESTS the package's Makefile assigns only
    after it includes spksrc.spk.mk: still empty when spksrc's service makefile tested
    them, so spksrc alone leaves their steps out although the final value is set."""
    makefile = os.path.join(package_dir, "Makefile")
    try:
        with open(makefile, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().split("\n")
    except OSError:
        return []
    include = next((i for i, line in enumerate(lines, 1) if _SPK_MK.match(line)), None)
    if include is None:
        return []
    found = []
    for variable in PARSE_TIME_TESTS:
        assigns = re.compile(r"^\s*(?:override\s+)?(?:export\s+)?" + variable +
                             r"\s*(?:\+|\?|::?|!)?=")
        numbers = [i for i, line in enumerate(lines, 1) if assigns.match(line)]
        if numbers and min(numbers) > include:
            found.append((variable, makefile, min(numbers)))
    return found


def _shares_without_worker_variable(makefiles: Sequence[str]) -> bool:
    """spksrc before 2021-10: its service makefile has no USE_DATA_SHARE_WORKER and gives
    SERVICE_WIZARD_SHARE its data share on every DSM 7 build."""
    for path in makefiles:
        if os.path.basename(path) == "spksrc.service.mk":
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    return "USE_DATA_SHARE_WORKER" not in handle.read()
            except OSError:
                return False
    return False


def spksrc_ships(values: dict[str, str], package_dir: str,
                 makefiles: Sequence[str] = ()) -> Shipped:
    """conf/resource, the conf folder and the staged protocol file of a build without
    spkgen.

    ``values`` are the raw make values (a manifest); CONF_DIR counts only when the
    package set it: without spkgen nothing chooses a conf variant.  ``makefiles``: what
    make read for them (the tree's own recipes, where they differ by generation)."""
    target = Version.parse(values.get("TCVERSION", "").strip())
    late = tuple(late_variables(package_dir))
    values = {k: "" if any(k == v for v, _, _ in late) else value for k, value in values.items()}
    fwports = values.get("FWPORTS", "").split()
    protocol_file = next((f for f in fwports if f.endswith(".sc")), None)
    try:
        generated = _resource(values, target, _shares_without_worker_variable(makefiles))
        resource: dict[str, Any] | None = generated
        reason = ""
        text = render(generated)
    except _JqFails as exc:
        resource, reason, text = None, str(exc), ""
    conf_dir = "" if values.get("SPKGEN_CONF_AUTO", "").strip() else \
        values.get("CONF_DIR", "").strip()
    if conf_dir:
        static = os.path.join(package_dir, conf_dir, "resource")
        if os.path.isfile(static):
            try:
                (resource, text), reason = read_static(static), ""
            except SpkgenError:
                resource, reason = None, f"{static} is not valid JSON"
    return Shipped(resource, reason, protocol_file, text,
                   os.path.normpath(conf_dir.rstrip("/")) if conf_dir else None,
                   _protocol_text(values, package_dir, protocol_file), late)


def _protocol_text(values: dict[str, str], package_dir: str,
                   protocol_file: str | None) -> str | None:
    """The first FWPORTS file copied as is, else spksrc's SERVICE_PORT text (the same
    template spkgen renders it from)."""
    if protocol_file:
        try:
            with open(os.path.join(package_dir, protocol_file), "rb") as handle:
                return handle.read().decode("utf-8", "replace")
        except OSError:
            return None
    get = values.get
    port = get("SERVICE_PORT", "").strip()
    if not port:
        return None
    name = get("SPK_NAME", "").strip()
    try:
        return render_services([service_port_service(
            name, port, get("SERVICE_PORT_TITLE", "").strip(),
            get("DISPLAY_NAME", "").strip(), Diagnostics())])
    except SpkgenError:
        return None
