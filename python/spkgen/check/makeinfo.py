"""Asking make for a package's inputs: the plugin's ``spkgen-info`` target.

Only make can evaluate a package Makefile's conditionals, so ``spkgen check``
runs ``make -s ARCH=<arch> TCVERSION=<v> spkgen-info`` in each package folder (with
``TC=`` in trees before 2026-02, whose parse would fetch the toolchain).
The target prints the manifest lines mk/spkgen.mk would write, and the
makefiles that parse read, between two marker lines; it starts no process and
writes nothing.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..errors import SpkgenError
from ..inputs import parse_assignments

BEGIN, END, MAKEFILES = "# spkgen-info begin", "# spkgen-info end", "# makefiles: "
INSTALL = "# install "         # SPK_VERS, SPK_REV, SPK_CONFLICT, WIZARDS_DIR, ...
TAIL_LINES = 5

# spksrc's pre-checks stop the parse for versions or archs a package does not support:
# that is a fact about the package, not a failure.
_UNSUPPORTED = re.compile(r"^\S*pre-check\.mk:\d+: \*\*\* (.*?)\.?\s+Stop\.$|"
                          r"\*\*\* (.*(?:is not a supported architecture|is not supported by|"
                          r"is lower than|is higher than|cannot be used for DSM|Broken package)"
                          r".*?)\.?\s+Stop\.$", re.MULTILINE)
_NO_TARGET = re.compile(r"No rule to make target '?spkgen-info'?")
# spksrc before 2026-02 (81a08baf1) sets up an arch package's toolchain while make parses
# it (a rule for the makefile it includes, $(TC_VARS_MK)): a download, and on failure a
# tc_vars.mk that breaks later parses.  'TC=' on the command line skips that block.
_TOOLCHAIN_AT_PARSE = re.compile(r"^\$\(TC_VARS_MK\):", re.MULTILINE)
_toolchain_at_parse: dict[str, bool] = {}


def sets_up_toolchain_at_parse(tree: str) -> bool:
    """True for a tree whose parse of an arch package would fetch its toolchain."""
    if tree not in _toolchain_at_parse:
        try:
            with open(os.path.join(tree, "mk", "spksrc.cross-env.mk"), encoding="utf-8",
                      errors="replace") as handle:
                _toolchain_at_parse[tree] = bool(_TOOLCHAIN_AT_PARSE.search(handle.read()))
        except OSError:
            _toolchain_at_parse[tree] = False
    return _toolchain_at_parse[tree]


@dataclass(frozen=True)
class MakeAnswer:
    status: Literal["ok", "unsupported", "failed", "timeout"]
    values: dict[str, str] = field(default_factory=dict)    # raw manifest values
    install: dict[str, str] = field(default_factory=dict)   # what installing depends on
    makefiles: tuple[str, ...] = ()   # what make read (absolute, first-seen order)
    detail: str = ""                  # why, when not ok
    tail: tuple[str, ...] = ()        # make's last lines, when it failed
    seconds: float = 0.0

    def get(self, name: str) -> str:
        """A variable's value, stripped: an install line's, else the manifest's, else ''."""
        value = self.install.get(name)
        if value is None:
            value = self.values.get(name, "")
        return value.strip()


def make_command(package_dir: str, arch: str, version: str, make: str = "make",
                 variables: Sequence[str] = ()) -> list[str]:
    """variables: the user's VAR=value words (check's command line), given to every make run
    as a build's command line gives them (they are part of the cache key with it)."""
    tree = os.path.dirname(os.path.dirname(os.path.abspath(package_dir)))
    no_toolchain = ["TC="] if sets_up_toolchain_at_parse(tree) else []
    return [make, "-s", "--no-print-directory", "-C", package_dir, f"ARCH={arch}",
            f"TCVERSION={version}", *no_toolchain, *variables, "spkgen-info"]


_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def make_variable(word: str) -> str:
    """A VAR=value word for make's command line, checked; SpkgenError naming it if not."""
    name, eq, _ = word.partition("=")
    if not eq or not _VARIABLE_NAME.match(name):
        raise SpkgenError(f"'{word}' is not VAR=value (a make variable assignment)")
    if name in ("ARCH", "TCVERSION"):
        raise SpkgenError(f"'{word}': {name} is set by check itself (use "
                          f"--{'arch' if name == 'ARCH' else 'tcversion'})")
    return word


def make_environment() -> dict[str, str]:
    """Our environment minus what an enclosing make passes down (jobserver, -n, vars)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS")}
    env["LC_ALL"] = "C"      # make's messages, as matched above
    return env


def parse_answer(stdout: str, source: str
                 ) -> tuple[dict[str, str], tuple[str, ...], dict[str, str]]:
    """The values, makefiles and install values between the markers; SpkgenError for
    anything else."""
    lines = stdout.split("\n")
    if BEGIN not in lines:
        raise SpkgenError("make printed no spkgen-info block", file=source)
    start = lines.index(BEGIN) + 1
    if END not in lines[start:]:
        raise SpkgenError("the spkgen-info block has no end marker", file=source)
    body = lines[start:lines.index(END, start)]
    makefiles: list[str] = []
    manifest = []
    install: dict[str, str] = {}
    for line in body:
        if line.startswith(MAKEFILES):
            makefiles += line[len(MAKEFILES):].split()
        elif line.startswith(INSTALL):
            name, _, value = line[len(INSTALL):].partition("=")
            install[name] = value
        else:
            manifest.append(line)
    values = parse_assignments(manifest, source)
    if "SPK_NAME" not in values:
        raise SpkgenError("the spkgen-info block has no SPK_NAME line", file=source)
    return values, tuple(dict.fromkeys(makefiles)), install


def _tail(text: str) -> tuple[str, ...]:
    lines = [line for line in text.splitlines() if line.strip()]
    return tuple(lines[-TAIL_LINES:])


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill make and whatever it started (it leads its own session)."""
    try:
        if proc.pid > 0 and os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGKILL)
            return
    except OSError:
        pass
    proc.kill()


def ask_make(package_dir: str, arch: str, version: str, timeout: float,
             make: str = "make", variables: Sequence[str] = ()) -> MakeAnswer:
    """Run spkgen-info for one package and version; never raises for make's own failures."""
    command = make_command(package_dir, arch, version, make, variables)
    source = f"make -C {package_dir} TCVERSION={version} spkgen-info"
    started = time.monotonic()
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=make_environment(),
                                start_new_session=True)
    except OSError as exc:
        return MakeAnswer("failed", detail=f"cannot run {make}: {exc.strerror}")
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    if timed_out:
        _kill(proc)
        out, err = proc.communicate()
    seconds = time.monotonic() - started
    out_text, err_text = _text(out), _text(err)
    if timed_out:
        return MakeAnswer("timeout", detail=f"make did not finish within {timeout:g} s",
                          tail=_tail(err_text + "\n" + out_text), seconds=seconds)
    if proc.returncode != 0:
        unsupported = _UNSUPPORTED.search(err_text)
        if unsupported:
            return MakeAnswer("unsupported", detail=unsupported.group(1) or unsupported.group(2),
                              seconds=seconds)
        if _NO_TARGET.search(err_text):
            detail = ("make has no spkgen-info target here: is spkgen included in this tree "
                      "(scripts/vendor-into)?")
        else:
            detail = f"make exited with status {proc.returncode}"
        return MakeAnswer("failed", detail=detail, tail=_tail(err_text or out_text),
                          seconds=seconds)
    try:
        values, makefiles, install = parse_answer(out_text, source)
    except SpkgenError as exc:
        return MakeAnswer("failed", detail=exc.message, tail=_tail(out_text + err_text),
                          seconds=seconds)
    return MakeAnswer("ok", values, install=install, makefiles=makefiles, seconds=seconds)


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")
