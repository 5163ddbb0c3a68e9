import os
import subprocess
import sys

import pytest

from conftest import LAUNCHER, ROOT, pythons_older_than


def _run(*args, env=None, cwd=None):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([LAUNCHER, *args], capture_output=True, text=True, env=full, cwd=cwd)


def test_usage_errors_exit_2(cli):
    assert cli()[0] == 2
    assert cli("sc")[0] == 2
    assert cli("frobnicate")[0] == 2


def test_sc_exit_codes_through_the_launcher(tmp_path):
    good = tmp_path / "good.sc"
    good.write_text('[a]\ntitle="t"\ndesc="d"\ndst.ports="80/tcp"\n')
    bad = tmp_path / "bad.sc"
    bad.write_text('[a]\ntitle="t"\n')
    assert _run("sc", str(good)).returncode == 0
    result = _run("sc", str(good), str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{bad}:1: error: [a] has no 'desc'",
                                          f"{bad}:1: error: [a] has no 'dst.ports'"]


def test_missing_jinja2_is_one_line_with_the_fix(tmp_path):
    blocker = tmp_path / "jinja2"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('blocked for this test')\n")
    env = {"PYTHONPATH": str(tmp_path)}
    result = _run("build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2",
                  "--set", "SERVICE_PORT=80", env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("spkgen: error: jinja2 is not installed: run 'apt-get install "
                             "python3-jinja2' (Debian/Ubuntu) or 'python3 -m pip install jinja2'\n")
    # Without a SERVICE_PORT nothing is rendered from a template: jinja2 is not needed.
    result = _run("build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2",
                  "--set", "SPK_COMMANDS=bin/p", env=env)
    assert result.returncode == 0 and '"bin/p"' in result.stdout


def test_spkgen_python_chooses_the_interpreter(tmp_path):
    marker = tmp_path / "used"
    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\ntouch {marker}\nexec {sys.executable} \"$@\"\n")
    fake.chmod(0o755)
    assert _run("--version", env={"SPKGEN_PYTHON": str(fake)}).stdout.startswith("spkgen ")
    assert marker.exists()


def test_build_writes_only_when_bytes_change_and_keeps_output_on_error(tmp_path, cli):
    out = tmp_path / "resource"
    args = ["build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2", "--resource", str(out)]
    assert cli(*args, "--set", "SPK_COMMANDS=bin/a", cwd=tmp_path)[0] == 0
    first = out.read_bytes()
    os.utime(out, (1000, 1000))
    assert cli(*args, "--set", "SPK_COMMANDS=bin/a", cwd=tmp_path)[0] == 0
    assert out.stat().st_mtime == 1000
    code, _, err = cli(*args, "--set", "SPK_COMMANDS=/abs", cwd=tmp_path)
    assert (code, err) == (1, "SPK_COMMANDS: error: path '/abs' is absolute (paths are "
                              "relative to the package target)\n")
    assert out.read_bytes() == first and out.stat().st_mtime == 1000
    assert sorted(os.listdir(tmp_path)) == ["resource"]


def test_protocol_output_removed_when_package_ships_none(tmp_path, cli):
    sc = tmp_path / "p.sc"
    base = ["build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2", "--protocol-file", str(sc),
            "--resource", str(tmp_path / "r")]
    assert cli(*base, "--set", "SERVICE_PORT=8080", cwd=tmp_path)[0] == 0
    assert sc.read_text().endswith('dst.ports="8080/tcp"\n')
    assert cli(*base, cwd=tmp_path)[0] == 0
    assert not sc.exists()


def test_show_names_origins(tmp_path, cli):
    (tmp_path / "src" / "conf_72").mkdir(parents=True)
    (tmp_path / "src" / "conf_72" / "resource").write_text('{"video-driver": {}}')
    code, out, _ = cli("show", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2",
                       "--set", "SERVICE_PORT=8080", cwd=tmp_path)
    assert code == 0
    assert out.splitlines() == [
        "DSM 7.2 for p",
        "  conf folder: src/conf_72: automatic (no makefile of the package assigns CONF_DIR): "
        "highest variant at or below DSM 7.2",
        "  protocol file: [p] 8080/tcp from SERVICE_PORT",
        "  resource: \"port-config\" from FWPORTS/SERVICE_PORT",
        "  resource: \"video-driver\" from src/conf_72/resource"]


def test_conf_dir_command(tmp_path, cli):
    (tmp_path / "src" / "conf_7").mkdir(parents=True)
    code, out, err = cli("conf-dir", "--tcversion", "7.1", cwd=tmp_path)
    assert (code, out, err) == (0, "src/conf_7\n",
                                "spkgen: automatic (no makefile of the package assigns "
                                "CONF_DIR): highest variant at or below DSM 7.1\n")


def _old_pythons():
    return pythons_older_than(3, 9)


@pytest.mark.skipif(not _old_pythons(), reason="no Python older than 3.9 under pyenv here")
@pytest.mark.parametrize("python", _old_pythons() or ["none"])
def test_python_older_than_3_9_gets_one_line(python):
    result = _run("sc", os.devnull, env={"SPKGEN_PYTHON": python,
                                         "PYTHONDONTWRITEBYTECODE": "1"})   # Python 2: no .pyc here
    version = os.path.basename(os.path.dirname(os.path.dirname(python)))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"spkgen: error: Python 3.9 or newer is needed, this is {version} "
                             f"({python}); set SPKGEN_PYTHON to a newer python3\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_output_that_cannot_be_written_is_one_line():
    with open("/dev/full", "w") as full:
        result = subprocess.run([LAUNCHER, "build", "--set", "SPK_NAME=x", "--set",
                                 "TCVERSION=7.2"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 1
    assert result.stderr == "spkgen: error: cannot write the output: No space left on device\n"


def test_closed_stdout_is_one_line(tmp_path):
    """Started with stdout closed (>&-): an error line when the resource goes to stdout,
    nothing amiss when it goes to a file."""
    args = ["build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2", "--set", "SPK_COMMANDS=bin/p"]
    closed = subprocess.run(["sh", "-c", 'exec "$0" "$@" >&-', LAUNCHER, *args],
                            capture_output=True, text=True)
    assert closed.returncode == 1
    assert closed.stderr == "spkgen: error: cannot write the output: standard output is closed\n"
    out = tmp_path / "resource"
    to_file = subprocess.run(["sh", "-c", 'exec "$0" "$@" >&-', LAUNCHER, *args,
                              "--resource", str(out)], capture_output=True, text=True)
    assert to_file.returncode == 0 and to_file.stderr == ""
    assert '"bin/p"' in out.read_text()


@pytest.fixture
def open_tmp():
    """A folder every user can reach (pytest's own is private to root)."""
    import shutil
    import tempfile
    from pathlib import Path
    folder = tempfile.mkdtemp(prefix="spkgen-ro-")
    os.chmod(folder, 0o755)
    yield Path(folder)
    for path, _dirs, _ in os.walk(folder):
        os.chmod(path, 0o755)
    shutil.rmtree(folder)


def test_read_only_copy_keeps_bytecode_in_a_cache_folder(open_tmp):
    """A vendored copy nobody may write to: bytecode goes to $XDG_CACHE_HOME/spkgen/pycache."""
    import shutil
    tmp_path = open_tmp
    root = os.path.dirname(os.path.dirname(LAUNCHER))
    copy = tmp_path / "ro"
    for part in ("scripts", "python"):
        shutil.copytree(os.path.join(root, part), copy / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    cache = tmp_path / "cache"
    cache.mkdir()
    command = [str(copy / "scripts" / "spkgen"), "conf-dir", "--tcversion", "7.2"]
    env = {"PATH": os.environ["PATH"], "XDG_CACHE_HOME": str(cache), "HOME": str(tmp_path)}
    if os.geteuid() == 0:                       # root writes anywhere: run as nobody
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        # PATH and our interpreter may lie in folders only root can enter (a venv in /tmp)
        pythons = [p for p in ("/usr/bin/python3", os.path.realpath(sys.executable))
                   if subprocess.run(nobody + [p, "-c", "pass"], capture_output=True,
                                     env={"PATH": "/usr/bin:/bin"}).returncode == 0]
        if not pythons:
            pytest.skip("no Python the user nobody may run")
        env.update(PATH="/usr/bin:/bin", SPKGEN_PYTHON=pythons[0])
        command = nobody + command
        for path in (tmp_path, copy, cache):
            os.chmod(path, 0o777)
    for folder, _dirs, _files in os.walk(copy):
        os.chmod(folder, 0o555)
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not list(copy.rglob("*.pyc"))
    assert list((cache / "spkgen" / "pycache").rglob("cli*.pyc"))


# ---------------------------------------------------------------- the lean build step
# main() builds only the parser of the command given; it must accept exactly what the
# full parser accepts for that command.

def _options(parser):
    return sorted((tuple(a.option_strings), a.dest, a.nargs, a.default, a.required)
                  for a in parser._actions)


def _subparser(top, name):
    sub = next(a for a in top._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices[name]


@pytest.mark.parametrize("command", ["sc", "build", "show", "check", "ports", "compare",
                                     "conf-dir"])
def test_one_command_parser_takes_what_the_full_parser_takes(command):
    from spkgen.cli import COMMANDS, parser
    assert command in COMMANDS
    only = parser(command)
    assert list(_subparser(only, command)._option_string_actions) == \
        list(_subparser(parser(), command)._option_string_actions)
    assert _options(_subparser(only, command)) == _options(_subparser(parser(), command))
    assert _subparser(only, command).format_help() == _subparser(parser(), command).format_help()


def test_help_wraps_at_columns_without_shutil():
    def usage(columns):       # the usage block, wrapped by argparse (the epilog is raw)
        text = _run("build", "--help", env={"COLUMNS": columns}).stdout
        return text.split("\n\n", 1)[0].splitlines()
    narrow, wide = usage("50"), usage("150")
    assert max(len(line) for line in narrow) <= 50 < max(len(line) for line in wide)
    assert len(narrow) > len(wide)
    assert _run("--help", env={"COLUMNS": "50"}).stdout.startswith("usage: spkgen")


def test_build_step_imports_only_what_it_needs(tmp_path):
    """A package without protocol files or a static resource: none of these modules
    (startup cost) is imported, and everything is still written out before the exit."""
    script = ("import sys; sys.argv = ['spkgen'] + sys.argv[1:]\n"
              "import os; real_exit = os._exit\n"
              "def report(status):\n"
              "    sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
              "    sys.stderr.flush(); real_exit(status)\n"
              "os._exit = report\n"
              "import spkgen.__main__\n")
    python_dir = os.path.join(os.path.dirname(LAUNCHER), "..", "python")
    result = subprocess.run([sys.executable, "-S", "-c", script, "build", "--set", "SPK_NAME=p",
                             "--set", "TCVERSION=7.2", "--set", "SPK_COMMANDS=bin/p",
                             "--package-dir", str(tmp_path)], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=python_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("}\n") and '"bin/p"' in result.stdout
    modules = set(result.stderr.split("MODULES ", 1)[1].split())
    unwanted = {"dataclasses", "typing", "inspect", "shutil", "tempfile", "configparser",
                "jinja2", "copy", "spkgen.check", "spkgen.protocol", "spkgen.combine",
                "spkgen.webservice", "spkgen.facts", "spkgen.compare", "spkgen.templating"}
    assert modules & unwanted == set()
    assert {"argparse", "json", "spkgen.build", "spkgen.output"} <= modules


def test_everything_reaches_a_pipe_before_the_fast_exit(tmp_path):
    """__main__ leaves with os._exit: the standard streams are flushed first."""
    links = " ".join(f"bin/tool{i}" for i in range(3000))
    result = _run("build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2",
                  "--set", f"SPK_COMMANDS={links}", "--set", "SERVICE_PORT=99999")
    assert result.returncode == 1
    assert result.stderr == "SERVICE_PORT: error: port 99999 in '99999/tcp' is outside 1..65535\n"
    result = _run("build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2",
                  "--set", f"SPK_COMMANDS={links}")
    assert result.returncode == 0
    assert result.stdout.count('"bin/tool') == 3000 and result.stdout.endswith("}\n")


def test_the_type_checkers_view_of_inputs_is_the_namedtuple():
    """inputs.py spells Inputs' fields out for mypy (TYPE_CHECKING); they must be the
    run-time namedtuple's, in order, with its defaults."""
    import ast
    import inspect

    from spkgen import inputs
    tree = ast.parse(inspect.getsource(inputs))
    [fields] = [node for node in ast.walk(tree)
                if isinstance(node, ast.ClassDef) and node.name == "_Fields"]
    names = [n.target.id for n in fields.body if isinstance(n, ast.AnnAssign)]
    defaults = [ast.literal_eval(n.value) for n in fields.body
                if isinstance(n, ast.AnnAssign) and n.value is not None]
    assert tuple(names) == inputs.Inputs._fields
    assert tuple(defaults) == tuple(inputs.Inputs._field_defaults.values())


def test_pyproject_version_is_the_package_version():
    import re

    from spkgen import __version__
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as handle:
        text = handle.read()
    assert re.search(r'^version = "([^"]+)"', text, re.MULTILINE).group(1) == __version__
    assert re.search(r'^requires-python = ">=3.9"$', text, re.MULTILINE)
