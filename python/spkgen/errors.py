"""The one error type, and the diagnostics every module reports through.

Messages read like GCC's: ``FILE:LINE[:COL]: error: MESSAGE``.  Where no file
applies, the location is the Makefile variable the value came from.
"""
from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Iterable, Iterator

SEVERITIES = ("error", "warning", "note")


class Diagnostic(namedtuple("Diagnostic", "severity message file line column",
                            defaults=(None, None, None))):
    """severity: 'error', 'warning' or 'note'; file, line and column: where, if known."""
    __slots__ = ()

    @property
    def location(self) -> str:
        parts = [self.file or "spkgen"]
        if self.file and self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class SpkgenError(Exception):
    """Bad input. Carries one or more error diagnostics, each with its location."""

    def __init__(self, message: str = "", *, file: str | None = None,
                 line: int | None = None, column: int | None = None,
                 diagnostics: Iterable[Diagnostic] = ()) -> None:
        diags = tuple(diagnostics)
        if not diags:
            diags = (Diagnostic("error", message, file, line, column),)
        self.diagnostics: tuple[Diagnostic, ...] = diags
        first = diags[0]
        self.message, self.file, self.line, self.column = (
            first.message, first.file, first.line, first.column)
        super().__init__("\n".join(str(d) for d in diags))

    def at(self, file: str | None, line: int | None = None,
           column: int | None = None) -> SpkgenError:
        """The same message, placed at a location (for errors raised by pure parsers)."""
        return SpkgenError(self.message, file=file, line=line, column=column)


class Diagnostics:
    """Collects warnings and notes (and errors, to report several at once)."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, severity: str, message: str, file: str | None = None,
            line: int | None = None, column: int | None = None) -> None:
        self.items.append(Diagnostic(severity, message, file, line, column))

    def error(self, message: str, file: str | None = None,
              line: int | None = None, column: int | None = None) -> None:
        self.add("error", message, file, line, column)

    def warning(self, message: str, file: str | None = None,
                line: int | None = None, column: int | None = None) -> None:
        self.add("warning", message, file, line, column)

    def note(self, message: str, file: str | None = None,
             line: int | None = None, column: int | None = None) -> None:
        self.add("note", message, file, line, column)

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def raise_if_errors(self) -> None:
        errors = self.errors
        if errors:
            raise SpkgenError(diagnostics=errors)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)
