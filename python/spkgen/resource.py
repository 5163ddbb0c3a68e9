"""The ``conf/resource`` file: generated workers, the static resource, and their merge."""
from __future__ import annotations

import json
import re

from . import links as linklib
from .dsm import V6_1, V7_0, Version
from .errors import STATIC_RESOURCE, VARIABLE, Diagnostics, SpkgenError
from .jsonfile import locate, read_object

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from typing import Any
    Resource = dict[str, Any]

# Top-level order of generated workers: the order spksrc's jq steps create them.
GENERATED_ORDER = ("port-config", "usr-local-linker", "data-share", "certificate-config",
                   "service-cfg", "video-driver")
# Workers spksrc generates that Synology's guide does not document (the documented ones
# are in data/dsm-facts.ini).
KNOWN_WORKERS = frozenset(GENERATED_ORDER) | {"php"}


def read_static(path: str, display: str | None = None) -> tuple[Resource, str]:
    """A package's static resource file, checked (jsonfile: a JSON object, strictly, errors
    at FILE:LINE:COL), and its text exactly as read."""
    return read_object(path, display)


def load_static(path: str, display: str | None = None) -> Resource:
    return read_static(path, display)[0]


def generated_workers(*, spk_name: str, target: Version, ui_dir: str, has_protocol_file: bool,
                      links: list[linklib.Link], share: str, share_worker: bool, sharename: str,
                      spk_user: str, cert: str, cert_reload: str, display_name: str,
                      video_driver: str, diags: Diagnostics) -> list[tuple[str, Any, str]]:
    """(worker, value, origin) for what the variables ask for, as spksrc generates it."""
    out: list[tuple[str, Any, str]] = []
    if has_protocol_file:
        out.append(("port-config", {"protocol-file": f"{ui_dir}/{spk_name}.sc"},
                    "FWPORTS/SERVICE_PORT"))
    worker = linklib.as_worker(links)
    if worker:
        out.append(("usr-local-linker", worker, "SPK_COMMANDS/SPK_USR_LOCAL_LINKS"))
    share_var = None
    if share:
        if share_worker:
            share_var = ("SERVICE_WIZARD_SHARE", share)
        elif sharename:
            diags.note("SERVICE_WIZARD_SHARENAME is ignored while SERVICE_WIZARD_SHARE is set "
                       "without USE_DATA_SHARE_WORKER = yes (as in spksrc)",
                       "SERVICE_WIZARD_SHARENAME", code=VARIABLE)
    elif sharename and target >= V6_1:
        share_var = ("SERVICE_WIZARD_SHARENAME", sharename)
    if share_var:
        variable, field = share_var
        if not re.fullmatch(r"[A-Za-z0-9_]+", field):
            raise SpkgenError(f"'{field}' is not a wizard field name", file=variable,
                              code=VARIABLE)
        if not spk_user:
            raise SpkgenError("a data-share needs the service user: set SERVICE_USER = auto",
                              file=variable, code=VARIABLE)
        out.append(("data-share", {"shares": [{"name": "{{" + field + "}}",
                                               "permission": {"rw": [f"sc-{spk_user}"]}}]},
                    variable))
    if cert:
        if target < V7_0:
            out.append(("certificate-config",
                        {"services": [{"display_name": display_name,
                                       "display_name_i18n": display_name, "service": cert}],
                         "reloader-relpath": cert_reload}, "SERVICE_CERT"))
            out.append(("service-cfg", {}, "SERVICE_CERT"))
        else:
            diags.warning(f"certificate configuration is blocked for community packages on "
                          f"DSM {target}: nothing generated", "SERVICE_CERT", code=VARIABLE)
    if video_driver:
        out.append(("video-driver", {}, "VIDEODRIVER"))
    return out


def merge(static: Resource | None, static_name: str, generated: list[tuple[str, Any, str]],
          links: list[linklib.Link], target: Version, diags: Diagnostics,
          static_text: str = "") -> Resource:
    """Static keys keep their values and order, generated keys follow.  Link lists are
    unioned (the static entries first, in their order, then the new generated ones); any
    other worker in both keeps the static value, and a note says so.  static_text places
    messages in the static file."""
    result: Resource = dict(static or {})
    for worker, value, origin in generated:
        if worker not in result:
            result[worker] = value
        elif worker == "usr-local-linker":
            result[worker] = linklib.add_to_static(result[worker], static_name, static_text,
                                                   links, diags)
        elif worker == "port-config":
            if result[worker] != value:
                raise SpkgenError(f"\"port-config\" is {json.dumps(result[worker])} here but "
                                  f"{origin} generate {json.dumps(value)}: remove it from this "
                                  "file (spkgen ships the protocol file)", file=static_name,
                                  code=STATIC_RESOURCE)
        elif result[worker] != value:
            diags.note(f"\"{worker}\" of this file replaces the one {origin} generates "
                       f"({json.dumps(value)})", static_name, code=STATIC_RESOURCE)
    if static and "usr-local-linker" in static and not any(
            w == "usr-local-linker" for w, _, _ in generated):
        linklib.add_to_static(static["usr-local-linker"], static_name, static_text, [], diags)
    return result


def check_static(static: Resource, text: str, name: str, target: Version,
                 diags: Diagnostics) -> None:
    """Rules of Synology's developer guide a static resource must keep, located in it:
    each worker exists on the target DSM (data/dsm-facts.ini), and data-share
    permissions are "ro" or "rw" only."""
    from . import facts  # configparser and the data: only with a static resource
    for worker in static:
        line, column = locate(text, (worker,))
        known = facts.worker(worker)
        if worker not in KNOWN_WORKERS and known is None:
            diags.warning(f"unknown worker \"{worker}\" (passed through unchanged)",
                          name, line, column, STATIC_RESOURCE)
        elif known is not None and target < known.dsm_min:
            diags.warning(f"worker \"{worker}\" does not exist before DSM {known.dsm_min} "
                          f"(building for {target}; {known.source})", name, line, column,
                          STATIC_RESOURCE)
    port = static.get("port-config")
    protocol_file = port.get("protocol-file") if isinstance(port, dict) else None
    if protocol_file is not None:
        line, column = locate(text, ("port-config", "protocol-file"))
        try:
            if not isinstance(protocol_file, str):
                raise SpkgenError("must be a path")
            linklib.check_target_path(protocol_file, name, "path")
            if not protocol_file.endswith(".sc"):
                raise SpkgenError(f"'{protocol_file}' is not a protocol file (*.sc)")
        except SpkgenError as exc:
            diags.error(f"\"port-config\".\"protocol-file\": {exc.message}", name, line, column,
                        STATIC_RESOURCE)
    shares = static.get("data-share", {}).get("shares") if isinstance(
        static.get("data-share"), dict) else None
    for index, share in enumerate(shares if isinstance(shares, list) else []):
        permission = share.get("permission") if isinstance(share, dict) else None
        for key in permission if isinstance(permission, dict) else {}:
            if key not in ("ro", "rw"):
                line, column = locate(text, ("data-share", "shares", index, "permission", key))
                diags.warning(f"data-share permission \"{key}\" is not one of Synology's "
                              "(\"ro\", \"rw\"): DSM ignores it", name, line, column,
                              STATIC_RESOURCE)


def render(resource: Resource) -> str:
    """jq's layout: 2-space indent, UTF-8 as is, a final newline."""
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
