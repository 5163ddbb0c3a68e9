"""The one error type, and the diagnostics every module reports through.

Messages read like GCC's: ``FILE:LINE[:COL]: error: MESSAGE``.  Where no file
applies, the location is the Makefile variable the value came from.
"""
from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from collections.abc import Iterable, Iterator

# What a build's diagnostic is about: its code, set where it is made (by the module that
# reads that input, or by its caller where a parser serves several inputs).  'spkgen
# check' reports each under the rule of that name.
VARIABLE = "variable"                 # a Makefile variable spkgen reads
PROTOCOL_FILE = "protocol-file"       # a protocol file (*.sc) the build reads
STATIC_RESOURCE = "static-resource"   # the conf folder's static resource
PACKAGE_FILES = "package-files"       # the package's folders (src/, conf folders)


class Diagnostic(namedtuple("Diagnostic", "severity message file line column code",
                            defaults=(None, None, None, None))):
    """severity: 'error', 'warning' or 'note'; file, line and column: where, if known;
    code: what it is about (VARIABLE, PROTOCOL_FILE, ...), if set."""
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
                 diagnostics: Iterable[Diagnostic] = (), code: str | None = None) -> None:
        diags = tuple(diagnostics)
        if not diags:
            diags = (Diagnostic("error", message, file, line, column, code),)
        self.diagnostics: tuple[Diagnostic, ...] = diags
        first = diags[0]
        self.message, self.file, self.line, self.column = (
            first.message, first.file, first.line, first.column)
        super().__init__("\n".join(str(d) for d in diags))

    def at(self, file: str | None, line: int | None = None,
           column: int | None = None) -> SpkgenError:
        """The same message, placed at a location (for errors raised by pure parsers)."""
        return SpkgenError(self.message, file=file, line=line, column=column,
                           code=self.diagnostics[0].code)

    def coded(self, code: str) -> SpkgenError:
        """The same errors, those without a code given this one (by the caller that knows
        which input a parser was reading)."""
        return SpkgenError(diagnostics=coded(self.diagnostics, code))


def coded(diagnostics: Iterable[Diagnostic], code: str) -> list[Diagnostic]:
    return [d if d.code else d._replace(code=code) for d in diagnostics]


class Diagnostics:
    """Collects warnings and notes (and errors, to report several at once).  code: given to
    every diagnostic added without one of its own."""

    def __init__(self, code: str | None = None) -> None:
        self.items: list[Diagnostic] = []
        self.code = code

    def add(self, severity: str, message: str, file: str | None = None,
            line: int | None = None, column: int | None = None,
            code: str | None = None) -> None:
        self.items.append(Diagnostic(severity, message, file, line, column, code or self.code))

    def error(self, message: str, file: str | None = None,
              line: int | None = None, column: int | None = None,
              code: str | None = None) -> None:
        self.add("error", message, file, line, column, code)

    def warning(self, message: str, file: str | None = None,
                line: int | None = None, column: int | None = None,
                code: str | None = None) -> None:
        self.add("warning", message, file, line, column, code)

    def note(self, message: str, file: str | None = None,
             line: int | None = None, column: int | None = None,
             code: str | None = None) -> None:
        self.add("note", message, file, line, column, code)

    def extend(self, other: Diagnostics | Iterable[Diagnostic]) -> None:
        """Their items, those without a code given this collection's."""
        items = other.items if isinstance(other, Diagnostics) else list(other)
        self.items.extend(coded(items, self.code) if self.code else items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def raise_if_errors(self) -> None:
        errors = self.errors
        if errors:
            raise SpkgenError(diagnostics=errors)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)
