"""Protocol files (``*.sc``): parse, check and write DSM firewall service definitions.

Parsed with the standard library's configparser (case-sensitive keys, ``=`` only,
``#``/``;`` comment lines); a light line index gives every message its line.
"""
from __future__ import annotations

import io
import re
from collections import namedtuple

from .errors import Diagnostics, SpkgenError
from .ports import MAX_PORT_SLOTS, PortList, parse_ports

SECTION_NAME = re.compile(r"[A-Za-z0-9_.\-]+\Z")
REQUIRED_KEYS = ("title", "desc", "dst.ports")
KEY_ORDER = ("title", "title_key", "desc", "desc_key", "port_forward", "src.ports", "dst.ports")
_HEADER = re.compile(r"\s*\[(.*)\]\s*$")
_KEY = re.compile(r"([^=\s#;][^=]*?)\s*=")


class Service(namedtuple("Service", "name title desc dst_ports port_forward src_ports "
                          "title_key desc_key file line",
                          defaults=(None, None, None, None, None, None))):
    """One [section] of a protocol file.  dst_ports, src_ports: PortList (src_ports None
    when not given); port_forward: True, False or None (not given: DSM's default is no);
    file and line: where it was defined, for messages."""
    __slots__ = ()

    def same_definition(self, other: Service) -> bool:
        return self.render() == other.render()

    def render(self) -> str:
        values = {"title": self.title, "title_key": self.title_key, "desc": self.desc,
                  "desc_key": self.desc_key,
                  "port_forward": None if self.port_forward is None
                  else ("yes" if self.port_forward else "no"),
                  "src.ports": None if self.src_ports is None else str(self.src_ports),
                  "dst.ports": str(self.dst_ports)}
        lines = [f"[{self.name}]"]
        lines += [f'{key}="{values[key]}"' for key in KEY_ORDER if values[key] is not None]
        return "\n".join(lines) + "\n"


def render_services(services: list[Service]) -> str:
    """The canonical protocol file: quoted values, fixed key order, one blank line between."""
    return "\n".join(s.render() for s in services)


def decode_text(data: bytes, path: str) -> str:
    """Bytes of an input text file to str: UTF-8 (a BOM is dropped), no NUL, LF line ends."""
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise SpkgenError(f"contains a NUL byte (line {line}): not a text file", file=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpkgenError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", file=path,
                          line=line, column=column) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _index_lines(text: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Line of each section header and of each key's first occurrence."""
    sections: dict[str, int] = {}
    keys: dict[tuple[str, str], int] = {}
    current = None
    for number, line in enumerate(text.split("\n"), 1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
            sections.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key and current is not None:
            keys.setdefault((current, key.group(1).strip()), number)
    return sections, keys


def _unquote(value: str, key: str, path: str, line: int | None, diags: Diagnostics) -> str | None:
    if "\n" in value:
        diags.error(f"value of '{key}' continues on an indented line; "
                    "write it on one line", path, line)
        return None
    if value.startswith('"'):
        if len(value) < 2 or not value.endswith('"'):
            diags.error(f"unterminated quote in value of '{key}'", path, line)
            return None
        value = value[1:-1]
    if '"' in value:
        diags.error(f"'\"' inside the value of '{key}' cannot be written back safely", path, line)
        return None
    return value


def _parse_section(name: str, items: dict[str, str], path: str, header_line: int | None,
                   key_lines: dict[tuple[str, str], int], diags: Diagnostics) -> Service | None:
    if not SECTION_NAME.match(name):
        diags.error(f"invalid section name '[{name}]' (allowed: letters, digits, '-', '_', '.')",
                    path, header_line)
        return None
    values: dict[str, str] = {}
    ok = True
    for key, raw in items.items():
        line = key_lines.get((name, key))
        if key not in KEY_ORDER:
            diags.warning(f"unknown key '{key}' in [{name}] is not shipped", path, line)
            continue
        value = _unquote(raw, key, path, line, diags)
        if value is None:
            ok = False
            continue
        values[key] = value
    for key in REQUIRED_KEYS:
        if key not in items:
            diags.error(f"[{name}] has no '{key}'", path, header_line)
            ok = False
    port_forward = None
    if "port_forward" in values:
        if values["port_forward"] not in ("yes", "no"):
            diags.error(f"port_forward must be \"yes\" or \"no\", not "
                        f"\"{values['port_forward']}\"", path,
                        key_lines.get((name, "port_forward")))
            ok = False
        port_forward = values["port_forward"] == "yes"
    ports: dict[str, PortList] = {}
    for key in ("src.ports", "dst.ports"):
        if key in values:
            line = key_lines.get((name, key))
            try:
                ports[key] = parse_ports(values[key])
            except SpkgenError as exc:
                diags.error(exc.message, path, line)
                ok = False
                continue
            if ports[key].slots > MAX_PORT_SLOTS:
                diags.warning(f"'{key}' uses {ports[key].slots} port slots; the DSM firewall "
                              f"takes at most {MAX_PORT_SLOTS} per rule (a range counts two)",
                              path, line)
    if not ok:
        return None
    return Service(name=name, title=values["title"], desc=values["desc"],
                   dst_ports=ports["dst.ports"], port_forward=port_forward,
                   src_ports=ports.get("src.ports"), title_key=values.get("title_key"),
                   desc_key=values.get("desc_key"), file=path, line=header_line)


def parse_protocol_text(text: str, path: str, diags: Diagnostics) -> list[Service]:
    """Services of one protocol file; problems go to diags (errors stop the caller)."""
    import configparser  # here: a package without protocol files does not need it
    parser = configparser.RawConfigParser(
        delimiters=("=",), comment_prefixes=("#", ";"), inline_comment_prefixes=None,
        strict=True, empty_lines_in_values=False, interpolation=None,
        default_section="\0spkgen-no-default")
    parser.optionxform = str  # type: ignore[assignment]
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("["):
            header = _HEADER.match(line)
            if not header:
                diags.error(f"invalid section header '{line.strip()}'", path, number)
            elif not header.group(1).strip():
                diags.error("empty section name", path, number)
    if diags.errors:
        return []
    try:
        parser.read_file(io.StringIO(text), source=path)
    except configparser.MissingSectionHeaderError as exc:
        diags.error("key outside any [section]", path, exc.lineno)
        return []
    except configparser.DuplicateSectionError as exc:
        diags.error(f"section [{exc.section}] is defined twice", path, exc.lineno)
        return []
    except configparser.DuplicateOptionError as exc:
        diags.error(f"key '{exc.option}' is given twice in [{exc.section}]", path, exc.lineno)
        return []
    except configparser.ParsingError as exc:
        lines = text.splitlines()
        for lineno, _ in exc.errors:       # configparser gives repr()s: quote the line itself
            stripped = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
            if stripped.startswith("["):
                diags.error(f"invalid section header {stripped}", path, lineno)
            else:
                diags.error(f"cannot read line '{stripped}' (expected key=\"value\")", path, lineno)
        return []
    sections, key_lines = _index_lines(text)
    services = []
    for name in parser.sections():
        service = _parse_section(name, dict(parser.items(name, raw=True)), path,
                                 sections.get(name), key_lines, diags)
        if service is not None:
            services.append(service)
    if not parser.sections():
        diags.error("defines no service", path)
    return services


def read_protocol_file(path: str, display: str | None = None,
                       diags: Diagnostics | None = None) -> tuple[list[Service], str]:
    """Read and check one .sc file: its services and its text exactly as read (lossless:
    the file is valid UTF-8 once this returns).  Raises SpkgenError listing every error."""
    own = diags if diags is not None else Diagnostics()
    name = display or path
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SpkgenError(f"cannot read: {exc.strerror}", file=name) from None
    found = Diagnostics()
    # A Windows editor's marks: DSM's reader is not known to skip them, so they are said
    # and the file is then written canonically (without them), not shipped as it is.
    if data.startswith(b"\xef\xbb\xbf"):
        found.warning("starts with a UTF-8 byte-order mark: it is left out of the shipped "
                      "protocol file", name, 1)
    if b"\r" in data:
        line = data.count(b"\n", 0, data.index(b"\r")) + 1
        found.warning("has CR line ends (\\r\\n or \\r): the shipped protocol file has LF "
                      "line ends", name, line)
    services = parse_protocol_text(decode_text(data, name), name, found)
    own.extend(found)
    if found.errors:
        raise SpkgenError(diagnostics=found.errors)
    return services, data.decode("utf-8")


def parse_protocol_file(path: str, display: str | None = None,
                        diags: Diagnostics | None = None) -> list[Service]:
    """Read and check one .sc file.  Raises SpkgenError listing every error found."""
    return read_protocol_file(path, display, diags)[0]
