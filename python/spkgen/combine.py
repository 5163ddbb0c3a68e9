"""The package's one protocol file: FWPORTS files and the SERVICE_PORT service combined."""
from __future__ import annotations

import os
import re
from collections import namedtuple

from .errors import PROTOCOL_FILE, VARIABLE, Diagnostics, SpkgenError
from .links import check_inside
from .protocol import Service, parse_protocol_text, read_protocol_file
from .templating import render

_UNSAFE = re.compile(r'["\n\r\0]')


def service_port_service(spk_name: str, port: str, title: str, display_name: str,
                         diags: Diagnostics) -> Service:
    """The service spksrc writes for SERVICE_PORT, rendered from our template."""
    values = {"name": ("SPK_NAME", spk_name), "port": ("SERVICE_PORT", port),
              "title": ("SERVICE_PORT_TITLE", title) if title else ("SPK_NAME", spk_name),
              "desc": ("DISPLAY_NAME", display_name) if display_name else ("SPK_NAME", spk_name)}
    for variable, value in values.values():
        bad = _UNSAFE.search(value)
        if bad:
            raise SpkgenError(f"contains {bad.group()!r}, which cannot be written into a "
                              "protocol file", file=variable, code=VARIABLE)
    if not re.fullmatch(r"[0-9]+", port):
        raise SpkgenError(f"'{port}' is not a port number", file="SERVICE_PORT", code=VARIABLE)
    text = render("service_port.sc.j2", {k: v for k, (_, v) in values.items()})
    found = Diagnostics(VARIABLE)       # the service comes from the variables
    services = parse_protocol_text(text, "SERVICE_PORT", found)
    if found.errors:   # e.g. a port outside 1..65535, or a SPK_NAME unfit for a section
        first = found.errors[0].message
        raise SpkgenError(first, file="SPK_NAME" if first.startswith("invalid section")
                          else "SERVICE_PORT", code=VARIABLE)
    diags.extend(found)
    return services[0]


class Combined(namedtuple("Combined", "services verbatim")):
    """services: of the shipped protocol file, in order, each once; verbatim: the one
    FWPORTS file's own text when it is shipped as is, else None."""
    __slots__ = ()


def combine(fwports: list[str], package_dir: str, spk_name: str, service_port: str,
            service_port_title: str, display_name: str, diags: Diagnostics) -> Combined:
    """The shipped protocol file.  A single FWPORTS file that drew no warning, with
    nothing added to it, is shipped byte for byte (as spksrc ships it); anything else
    is written canonically."""
    services: list[Service] = []
    by_name: dict[str, Service] = {}
    problems = Diagnostics(PROTOCOL_FILE)
    texts = []
    for rel in fwports:
        display = os.path.normpath(os.path.join(package_dir, rel))
        check_inside(display, package_dir, "FWPORTS")
        found_here = Diagnostics(PROTOCOL_FILE)
        try:
            found, text = read_protocol_file(display, display, found_here)
        except SpkgenError as exc:
            problems.extend(exc.diagnostics)
            continue
        finally:
            diags.extend(found_here)
        texts.append((text, bool(found_here.items)))
        for service in found:
            seen = by_name.get(service.name)
            if seen is None:
                by_name[service.name] = service
                services.append(service)
            elif not seen.same_definition(service):
                problems.error(f"service [{service.name}] is also defined in "
                               f"{seen.file}:{seen.line} with different values "
                               "(DSM takes one protocol file per package)",
                               service.file, service.line)
    problems.raise_if_errors()
    if service_port:
        own = service_port_service(spk_name, service_port, service_port_title, display_name, diags)
        port = own.dst_ports.groups[0].ports[0].low
        if not fwports:
            services.append(own)
        elif not any(s.dst_ports.covers(port, "tcp") for s in services):
            if own.name in by_name:
                diags.warning(f"SERVICE_PORT {port}/tcp is not in any FWPORTS service and "
                              f"section [{own.name}] is taken ({by_name[own.name].file}:"
                              f"{by_name[own.name].line}): the port will not be registered; "
                              f"add {port}/tcp to that file", "SERVICE_PORT", code=VARIABLE)
            else:
                diags.note(f"SERVICE_PORT {port}/tcp is not in FWPORTS: added as service "
                           f"[{own.name}]", "SERVICE_PORT", code=VARIABLE)
                services.append(own)
    verbatim = None
    if len(texts) == 1 and not texts[0][1] and all(s.file != "SERVICE_PORT" for s in services):
        verbatim = texts[0][0]
    return Combined(services, verbatim)
