"""A package's inputs: the Makefile variables spkgen reads, from a manifest or the command line.

The manifest is what mk/spkgen.mk writes with make's ``$(file ...)``: one
``NAME=value`` line per variable, values taken verbatim (no shell, no quoting).
"""
from __future__ import annotations

from collections import namedtuple

from .errors import VARIABLE, SpkgenError
from .links import check_target_path

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Iterable

# Variable name -> field name.  Every variable spkgen reads is listed here.
VARIABLES = {
    "SPK_NAME": "spk_name", "TCVERSION": "tcversion", "DSM_UI_DIR": "ui_dir",
    "FWPORTS": "fwports", "SERVICE_PORT": "service_port",
    "SERVICE_PORT_TITLE": "service_port_title", "DISPLAY_NAME": "display_name",
    "SPK_COMMANDS": "commands", "SPK_USR_LOCAL_LINKS": "usr_local_links",
    "SERVICE_WIZARD_SHARENAME": "sharename", "SERVICE_WIZARD_SHARE": "share",
    "USE_DATA_SHARE_WORKER": "use_data_share_worker", "SPK_USER": "spk_user",
    "SERVICE_CERT": "cert", "SERVICE_CERT_RELOAD": "cert_reload",
    "VIDEODRIVER": "video_driver", "CONF_DIR": "conf_dir", "SPK_DEPENDS": "spk_depends",
    "SPKGEN_CONF_AUTO": "conf_auto",
}
REQUIRED = ("SPK_NAME", "TCVERSION")


if TYPE_CHECKING:
    from typing import NamedTuple

    class _Fields(NamedTuple):     # what the namedtuple below holds, for the type checker
        spk_name: str
        tcversion: str
        ui_dir: str = "app"
        fwports: str = ""
        service_port: str = ""
        service_port_title: str = ""
        display_name: str = ""
        commands: str = ""
        usr_local_links: str = ""
        sharename: str = ""
        share: str = ""
        use_data_share_worker: str = ""
        spk_user: str = ""
        cert: str = ""
        cert_reload: str = ""
        video_driver: str = ""
        conf_dir: str = ""
        spk_depends: str = ""
        conf_auto: str = ""
else:
    _Fields = namedtuple("Inputs", list(VARIABLES.values()),
                         defaults=("app",) + ("",) * (len(VARIABLES) - 3))


class Inputs(_Fields):
    """The variables' values, by field name (VARIABLES); only SPK_NAME and TCVERSION are
    required, DSM_UI_DIR defaults to 'app', the others to ''.  conf_auto is the folder
    mk/spkgen.mk put in CONF_DIR, if it did."""
    __slots__ = ()

    @classmethod
    def from_variables(cls, values: dict[str, str], source: str = "") -> Inputs:
        for name in REQUIRED:
            if not values.get(name, "").strip():
                raise SpkgenError(f"{name} is not set", file=source or name, code=VARIABLE)
        # SPK_COMMANDS as make gives it: spksrc splits it at single spaces (links.py)
        kwargs = {VARIABLES[k]: v if k == "SPK_COMMANDS" and v.strip() else v.strip()
                  for k, v in values.items()}
        if not kwargs.get("ui_dir"):
            kwargs["ui_dir"] = "app"
        try:
            inputs = cls(**kwargs)
            inputs.check()
        except SpkgenError as exc:
            raise exc.coded(VARIABLE) from None
        return inputs

    def check(self) -> None:
        for variable, name in VARIABLES.items():
            if any(c in getattr(self, name) for c in "\n\r\0"):
                raise SpkgenError("contains a newline or NUL character", file=variable)
        check_target_path(self.ui_dir, "DSM_UI_DIR", "folder")
        check_target_path(self.spk_name, "SPK_NAME", "name")
        if "/" in self.spk_name or self.spk_name.startswith(".") or len(self.spk_name.split()) > 1:
            raise SpkgenError(f"'{self.spk_name}' is not a package name (one word, no '/', "
                              "not starting with '.')", file="SPK_NAME")
        for word in self.fwports.split():
            check_target_path(word, "FWPORTS", "file")
            if not word.endswith(".sc"):
                raise SpkgenError(f"'{word}' is not a protocol file (*.sc)", file="FWPORTS")
        if self.conf_dir:
            check_target_path(self.conf_dir.rstrip("/"), "CONF_DIR", "folder")
        if len(self.conf_dir.split()) > 1:
            raise SpkgenError(f"'{self.conf_dir}' names more than one folder", file="CONF_DIR")

    @property
    def fwports_files(self) -> tuple[str, ...]:
        return tuple(self.fwports.split())


def parse_assignments(lines: Iterable[str], source: str,
                      values: dict[str, str] | None = None) -> dict[str, str]:
    """NAME=value lines (a manifest, or --set options); '#' lines are comments."""
    values = {} if values is None else values
    seen = set()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, eq, value = line.partition("=")
        line_no = number if source != "--set" else None
        if not eq:
            raise SpkgenError(f"expected NAME=value, got '{line}'", file=source, line=line_no)
        if name not in VARIABLES:
            raise SpkgenError(f"unknown variable '{name}' (known: {', '.join(sorted(VARIABLES))})",
                              file=source, line=line_no)
        if name in seen:
            raise SpkgenError(f"'{name}' is given twice", file=source, line=line_no)
        seen.add(name)
        values[name] = value
    return values


def read_manifest(path: str) -> dict[str, str]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:   # a CR stays in its value
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpkgenError(f"cannot read manifest: {exc}", file=path) from None
    return parse_assignments(text.split("\n"), path)
