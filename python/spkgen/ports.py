"""The port-list grammar of ``src.ports`` / ``dst.ports`` values.

``PORTS/PROTOCOLS`` groups separated by ``,``: PORTS are numbers 1..65535 or
``LOW:HIGH`` ranges (or a whole ``{{wizard_*}}`` placeholder, kept verbatim);
PROTOCOLS are ``tcp``, ``udp`` or ``tcp,udp``.  A group without protocol means
tcp and udp; only the last group can omit it.  Examples of shipped values:
``8080/tcp``, ``6600,6680/tcp``, ``53/udp,53/tcp``, ``2812/tcp,udp``, ``21116``.
"""
from __future__ import annotations

import re
from collections import namedtuple

from .errors import SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from typing import Union
    Port = Union["PortRange", str]   # str: a {{placeholder}}, kept as written

PROTOCOLS = ("tcp", "udp")
MAX_PORT_SLOTS = 15          # DSM firewall / iptables multiport limit per rule
_PLACEHOLDER = re.compile(r"\{\{[A-Za-z0-9_.\-]+\}\}\Z")
_NUMBER = re.compile(r"[0-9]+\Z")


class PortRange(namedtuple("PortRange", "low high")):
    """Ports low to high, both included (low == high: one port)."""
    __slots__ = ()

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}:{self.high}"

    def covers(self, port: int) -> bool:
        return bool(self.low <= port <= self.high)




class PortGroup(namedtuple("PortGroup", "ports protocols")):
    """ports: a tuple of PortRange or '{{placeholder}}' strings; protocols: a tuple of
    names, empty when not given (meaning tcp and udp)."""
    __slots__ = ()

    def __str__(self) -> str:
        text = ",".join(str(p) for p in self.ports)
        return f"{text}/{','.join(self.protocols)}" if self.protocols else text

    def carries(self, protocol: str) -> bool:
        return not self.protocols or protocol in self.protocols


class PortList(namedtuple("PortList", "groups")):
    """A dst.ports or src.ports value: a tuple of PortGroup."""
    __slots__ = ()

    def __str__(self) -> str:
        return ",".join(str(g) for g in self.groups)

    @property
    def slots(self) -> int:
        """Ports counted as the firewall counts them: a range takes two."""
        return sum(2 if isinstance(p, PortRange) and p.low != p.high else 1
                   for g in self.groups for p in g.ports)

    def covers(self, port: int, protocol: str) -> bool:
        return any(isinstance(p, PortRange) and p.covers(port) and g.carries(protocol)
                   for g in self.groups for p in g.ports)


def _parse_number(text: str, whole: str) -> int:
    if not _NUMBER.match(text):
        if "-" in text and all(_NUMBER.match(t) for t in text.split("-", 1)):
            raise SpkgenError(f"'{text}' in '{whole}': a port range is written LOW:HIGH "
                              f"('{text.replace('-', ':', 1)}'), not with '-'")
        raise SpkgenError(f"'{text}' in '{whole}' is not a port number")
    if len(text.lstrip("0")) > 5:          # and no int() of thousands of digits
        shown = text if len(text) <= 12 else f"{text[:6]}...({len(text)} digits)"
        raise SpkgenError(f"port {shown} in '{whole[:40]}' is outside 1..65535")
    number = int(text)
    if not 1 <= number <= 65535:
        raise SpkgenError(f"port {number} in '{whole}' is outside 1..65535")
    return number


def _parse_port(text: str, whole: str) -> Port:
    if _PLACEHOLDER.match(text):
        return text
    if ":" in text:
        low_text, _, high_text = text.partition(":")
        if not low_text or not high_text:
            raise SpkgenError(f"'{text}' in '{whole}' is not a port range (LOW:HIGH)")
        low, high = _parse_number(low_text, whole), _parse_number(high_text, whole)
        if low > high:
            raise SpkgenError(f"range '{text}' in '{whole}' is reversed (write {high}:{low})")
        return PortRange(low, high)
    number = _parse_number(text, whole)
    return PortRange(number, number)


def _check_protocol(text: str, whole: str) -> str:
    if text not in PROTOCOLS:
        raise SpkgenError(f"unknown protocol '{text}' in '{whole}' (expected tcp or udp)")
    return text


def parse_ports(text: str) -> PortList:
    """Parse a ports value (without its quotes).  Raises SpkgenError without location."""
    whole = text
    if not text.strip():
        raise SpkgenError("empty port list")
    if text != text.strip() or re.search(r"\s", text):
        raise SpkgenError(f"white space inside port list '{whole}'")
    groups = []
    pending: list[Port] = []          # ports waiting for their /protocol
    pending_closed: list[Port] = []   # the ports of the group just closed
    protocols: list[str] | None = None           # protocols of that group, still growing
    for item in text.split(","):
        if not item:
            raise SpkgenError(f"empty item in port list '{whole}'")
        if protocols is not None and not pending and item in PROTOCOLS:
            if item in protocols:
                raise SpkgenError(f"protocol '{item}' given twice in '{whole}'")
            protocols.append(item)      # '2812/tcp,udp'
            continue
        if protocols is not None:
            groups.append(PortGroup(tuple(pending_closed), tuple(protocols)))
            protocols = None
        port_text, slash, proto_text = item.partition("/")
        if not port_text:
            raise SpkgenError(f"empty item in port list '{whole}'")
        if slash and not proto_text:
            raise SpkgenError(f"missing protocol after '/' in '{whole}'")
        pending.append(_parse_port(port_text, whole))
        if slash:
            pending_closed, pending = pending, []
            protocols = [_check_protocol(proto_text, whole)]
    if protocols is not None:
        groups.append(PortGroup(tuple(pending_closed), tuple(protocols)))
    if pending:
        groups.append(PortGroup(tuple(pending), ()))
    return PortList(tuple(groups))
