"""From a package's inputs to what it ships: the protocol file and conf/resource."""
from __future__ import annotations

import os
from collections import namedtuple

from . import links as linklib
from . import resource as reslib
from .dsm import Version, choose_conf
from .errors import PACKAGE_FILES, STATIC_RESOURCE, VARIABLE, Diagnostics, SpkgenError
from .inputs import Inputs


class Result(namedtuple("Result", "target conf services protocol_text resource resource_text "
                        "origins diagnostics inputs_read", defaults=((),))):
    """What a build makes of its inputs, for one target DSM Version:
    conf            the ConfChoice, or None
    services        the protocol file's Services, a tuple
    protocol_text   None: the package ships no protocol file
    resource        the merged resource dict; None: this DSM has no resource mechanism
    resource_text   the resource as shipped
    origins         (worker, where it came from) pairs
    diagnostics     Diagnostics
    inputs_read     the files and folders the result depends on"""
    __slots__ = ()


def build(inputs: Inputs, package_dir: str = ".") -> Result:
    diags = Diagnostics()
    target = Version.parse(inputs.tcversion)
    if not target.has_resource:
        diags.note(f"DSM {target} has no resource mechanism: nothing to generate", "TCVERSION",
                   code=VARIABLE)
        return Result(target, None, (), None, None, None, (), diags)

    # CONF_DIR chosen by mk/spkgen.mk (SPKGEN_CONF_AUTO) or set by the package.
    package_conf = "" if inputs.conf_auto else inputs.conf_dir
    conf = choose_conf(package_dir, target, package_conf, None if package_conf else diags)
    if inputs.conf_auto:
        chosen_by_make = None if inputs.conf_auto == "(none)" else inputs.conf_auto.rstrip("/")
        if chosen_by_make != conf.folder:
            raise SpkgenError(f"mk/spkgen.mk chose '{inputs.conf_auto}' but the rule gives "
                              f"'{conf.folder}' ({conf.reason}); please report this",
                              file="CONF_DIR", code=VARIABLE)

    services, verbatim = [], None
    if inputs.fwports_files or inputs.service_port:
        from .combine import combine  # protocol files: only for a package that has them
        combined = combine(list(inputs.fwports_files), package_dir, inputs.spk_name,
                           inputs.service_port, inputs.service_port_title,
                           inputs.display_name, diags)
        services, verbatim = combined.services, combined.verbatim
    commands = linklib.parse_commands(inputs.commands, diags)
    usr_links = linklib.parse_links(inputs.usr_local_links, diags)
    generated_links = linklib.merge([commands, usr_links], diags)

    generated = reslib.generated_workers(
        spk_name=inputs.spk_name, target=target, ui_dir=inputs.ui_dir,
        has_protocol_file=bool(services), links=generated_links, share=inputs.share,
        share_worker=inputs.use_data_share_worker == "yes" or target >= Version((7, 0)),
        sharename=inputs.sharename, spk_user=inputs.spk_user, cert=inputs.cert,
        cert_reload=inputs.cert_reload, display_name=inputs.display_name,
        video_driver=inputs.video_driver, diags=diags)

    static, static_name, static_text = None, "", ""
    if conf.folder:
        static_name = os.path.normpath(os.path.join(package_dir, conf.folder, "resource"))
        linklib.check_inside(os.path.join(package_dir, conf.folder), package_dir, "CONF_DIR")
        if os.path.lexists(static_name):
            linklib.check_inside(static_name, package_dir, static_name, STATIC_RESOURCE)
        if os.path.isfile(static_name):
            static, static_text = reslib.read_static(static_name)
            reslib.check_static(static, static_text, static_name, target, diags)
            filled = static
            if "webservice" in static:
                from . import webservice
                filled = webservice.apply(static, static_text, static_name,
                                          inputs.spk_depends, target, diags)
        elif not os.path.isdir(os.path.join(package_dir, conf.folder)):
            raise SpkgenError(f"folder '{conf.folder}' does not exist", file="CONF_DIR",
                              code=VARIABLE)
    resource = reslib.merge(filled if static is not None else None, static_name, generated,
                            generated_links, target, diags, static_text)
    origins = [(w, o) for w, _, o in generated]
    origins += [(w, static_name) for w in (static or {})]
    diags.raise_if_errors()
    read = [os.path.normpath(os.path.join(package_dir, f)) for f in inputs.fwports_files]
    if os.path.isdir(os.path.join(package_dir, "src")):
        read.append(os.path.normpath(os.path.join(package_dir, "src")))
    if conf.folder:
        folder = os.path.normpath(os.path.join(package_dir, conf.folder))
        for path in conf_files(folder):
            name = os.path.basename(path)
            if any(c in name for c in "\n\r"):
                raise SpkgenError("a conf file whose name holds a line break cannot be shipped: "
                                  "rename it", file=path.replace("\n", "\\n").replace("\r", "\\r"),
                                  code=PACKAGE_FILES)
            if name == ".spkgen":
                raise SpkgenError("a conf file named '.spkgen' clashes with the folder spkgen "
                                  "keeps its marker in: rename it", file=path, code=PACKAGE_FILES)
        read += [folder] + conf_files(folder)
        if static is not None and static_name not in read:
            read.append(static_name)          # a symlinked static resource
    resource_text = reslib.render(resource)
    if static is not None and resource_text == reslib.render(static):
        resource_text = static_text         # nothing added: ship its bytes, as spksrc does
    protocol_text = verbatim
    if services and protocol_text is None:
        from .protocol import render_services
        protocol_text = render_services(services)
    return Result(target, conf, tuple(services), protocol_text, resource, resource_text,
                  tuple(origins), diags, tuple(read))


def conf_files(folder: str) -> list[str]:
    """The plain files of a conf folder: what spksrc's conf step ships."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names if os.path.isfile(os.path.join(folder, n))
            and not os.path.islink(os.path.join(folder, n))]


def describe(result: Result, inputs: Inputs) -> list[str]:
    """What spkgen-show prints: the conf folder and why, then each entry and its origin."""
    lines = [f"DSM {result.target} for {inputs.spk_name}"]
    if result.resource is None:
        return lines + ["  no conf/resource below DSM 6.0 (spksrc's installer makes the links)"]
    assert result.conf is not None
    lines.append(f"  conf folder: {result.conf.folder or '(none)'}: {result.conf.reason}")
    for service in result.services:
        lines.append(f"  protocol file: [{service.name}] {service.dst_ports} "
                     f"from {service.file}")
    for worker, origin in result.origins:
        if worker in result.resource:
            lines.append(f"  resource: \"{worker}\" from {origin}")
    return lines
