"""The ``webservice`` worker (WebStation) of a static resource: its PHP and Apache
backend numbers follow SPK_DEPENDS, and the rules of Synology's developer guide hold.

- A ``php`` profile without ``backend`` gets the number of the PHP package SPK_DEPENDS
  names for this DSM version (data/dsm-facts.ini); one with a different number is an
  error at its line and column.  The same for an ``apache_php`` service's own
  ``backend`` and the Apache package.  A PHP package the target DSM does not ship is
  an error where spkgen would fill the number in, and a warning where the package
  gives its own (spksrc alone builds that; the include line must not break it).
- ``php.user`` and ``php.group`` equal the ``pkg_dir_prepare`` entry of the service's
  root; service names are unique; each portal names a defined service; each root lies
  in a ``pkg_dir_prepare`` target (the target itself or a folder in it, as
  icingaweb2's ``icingaweb2/public``).
"""
from __future__ import annotations

import re

from .dsm import V7_0, Version
from .errors import STATIC_RESOURCE, VARIABLE, Diagnostics, SpkgenError
from .jsonfile import locate

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from typing import Any
    Resource = dict[str, Any]

# PHP8.2 or Apache2.4 among SPK_DEPENDS' colon-separated, maybe quoted, maybe versioned names
_DEPENDENCY = r'(?:^|[\s:"\'])({name})([0-9]+\.[0-9]+)(?=$|[\s:"\'<>=!])'
_PHP = re.compile(_DEPENDENCY.format(name="PHP"))
_APACHE = re.compile(_DEPENDENCY.format(name="Apache"))



def dependency(spk_depends: str, kind: str) -> str | None:
    """The version of the PHP or Apache package SPK_DEPENDS names ('8.2'), if any."""
    found = sorted({m.group(2) for m in (_PHP if kind == "PHP" else _APACHE).finditer(spk_depends)})
    if len(found) > 1:
        raise SpkgenError(f"'{spk_depends}' names more than one {kind} package "
                          f"({', '.join(kind + v for v in found)})", file="SPK_DEPENDS",
                          code=VARIABLE)
    return found[0] if found else None


class _Checker:
    def __init__(self, text: str, name: str, spk_depends: str, target: Version,
                 diags: Diagnostics) -> None:
        self.locate = locate
        self.text, self.name, self.spk_depends = text, name, spk_depends
        # as shown in messages: a Makefile's quotes around the whole value left out
        self.shown_depends = spk_depends.strip().strip('"')
        self.target, self.diags = target, diags

    def at(self, *path: Any) -> dict[str, Any]:
        line, column = self.locate(self.text, ("webservice",) + path)
        return {"file": self.name, "line": line, "column": column}

    def backend(self, holder: dict[str, Any], path: tuple[Any, ...], kind: str,
                what: str) -> None:
        """Fill or check holder["backend"] from the PHP or Apache package SPK_DEPENDS names."""
        version = dependency(self.spk_depends, kind)
        have = holder.get("backend")
        if version is None:
            if have is None:
                self.diags.error(f"{what} has no \"backend\" and SPK_DEPENDS names no {kind} "
                                 "package to take it from", **self.at(*path))
            return
        from . import facts  # configparser and the data: only for a webservice
        package = facts.php(version) if kind == "PHP" else facts.apache(version)
        if package is None:
            self.diags.error(f"names {kind} {version}, which spkgen does not know (known: "
                             f"{facts.known(kind.lower())}; data/dsm-facts.ini)",
                             "SPK_DEPENDS", code=VARIABLE)
            return
        if not package.shipped_on(self.target):
            # An error where spkgen would fill the number in; where the package gives its
            # own, a warning: spksrc alone builds it, and one include line must not break it.
            report = self.diags.warning if have is not None else self.diags.error
            report(f"names {package.name}, which Synology ships on {package.availability()}, "
                   f"not on DSM {self.target} (data/dsm-facts.ini: {package.source})",
                   "SPK_DEPENDS", code=VARIABLE)
            if have is not None and have != package.backend:
                self.diags.error(f"\"backend\" is {have}, but SPK_DEPENDS (\"{self.shown_depends}"
                                 f"\") names {package.name}, whose backend is {package.backend}",
                                 **self.at(*path, "backend"))
            return
        if have is None:
            holder["backend"] = package.backend
        elif have != package.backend:
            self.diags.error(f"\"backend\" is {have}, but SPK_DEPENDS (\"{self.shown_depends}\") "
                             f"names {package.name}, whose backend is {package.backend}",
                             **self.at(*path, "backend"))


def apply(static: Resource, text: str, name: str, spk_depends: str, target: Version,
          diags: Diagnostics) -> Resource:
    """The static resource with its webservice backends filled in (the same object when
    it has no webservice); errors and warnings go to diags, located in the file."""
    web = static.get("webservice")
    if not isinstance(web, dict) or target < V7_0:
        return static        # before DSM 7.0 there is no webservice worker (a warning says so)
    import copy
    result = copy.deepcopy(static)
    found = Diagnostics(STATIC_RESOURCE)     # every rule here is one of the static resource
    try:
        _apply(result, web, _Checker(text, name, spk_depends, target, found), found)
    finally:
        diags.extend(found)
    return result


def _apply(result: Resource, web: dict[str, Any], check: _Checker, diags: Diagnostics) -> None:
    """apply()'s checks of a webservice worker, filling in result's backends."""
    services = web.get("services")
    if not isinstance(services, list):
        diags.error("\"webservice\" needs a \"services\" list", **check.at())
        return
    for key in ("pkg_dir_prepare", "portals"):
        if key in web and not isinstance(web[key], list):
            diags.error(f"\"{key}\" must be a list", **check.at(key))
    listed = web.get("pkg_dir_prepare")
    prepared: dict[str, dict[str, Any]] = {
        entry["target"]: entry for entry in (listed if isinstance(listed, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("target"), str)}

    def prepared_for(root: Any) -> dict[str, Any] | None:
        """The pkg_dir_prepare entry whose target holds root (root or a folder above it)."""
        if not isinstance(root, str):
            return None
        holders = [t for t in prepared if root == t or root.startswith(t.rstrip("/") + "/")]
        return prepared[max(holders, key=len)] if holders else None
    defined: dict[Any, int] = {}
    for index, service in enumerate(services):
        if not isinstance(service, dict):
            diags.error("a service is an object ({...})", **check.at("services", index))
            continue
        own = result["webservice"]["services"][index]
        label = service.get("service")
        if label in defined:
            first = check.at("services", defined[label], "service")["line"]
            diags.error(f"service \"{label}\" is defined twice (first on line {first})",
                        **check.at("services", index, "service"))
        defined.setdefault(label, index)
        root = service.get("root")
        entry = prepared_for(root)
        if root is not None and entry is None and not str(root).startswith("/"):
            diags.warning(f"root \"{root}\" is in no \"pkg_dir_prepare\" target",
                          **check.at("services", index, "root"))
        if service.get("type") == "apache_php":
            check.backend(own, ("services", index), "Apache", f"apache_php service \"{label}\"")
        php = service.get("php")
        if isinstance(php, dict):
            check.backend(own["php"], ("services", index, "php"), "PHP",
                          f"the php profile of service \"{label}\"")
            for key in ("user", "group"):
                if entry is not None and key in php and php[key] != entry.get(key):
                    diags.error(f"\"php\".\"{key}\" is \"{php[key]}\" but the \"pkg_dir_prepare\" "
                                f"entry of \"{root}\" has \"{entry.get(key)}\": they must be "
                                "equal", **check.at("services", index, "php", key))
    portals = web.get("portals")
    for index, portal in enumerate(portals if isinstance(portals, list) else []):
        if isinstance(portal, dict) and portal.get("service") not in defined:
            diags.error(f"portal names service \"{portal.get('service')}\", which \"services\" "
                        "does not define", **check.at("portals", index, "service"))
