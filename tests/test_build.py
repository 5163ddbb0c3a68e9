"""Parity fixtures: spksrc variables of real packages -> the resource and protocol file
spksrc would ship (hand-written from spksrc's resource recipe, whose stand-in is
examples/mk/spksrc.service.mk), with spkgen's fixes."""
import os

import pytest

from conftest import DATA, named_by_location
from spkgen.build import build
from spkgen.errors import SpkgenError
from spkgen.inputs import Inputs, parse_assignments

PARITY = os.path.join(DATA, "parity")
CASES = sorted(os.listdir(PARITY))


def _read(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("case", CASES)
def test_parity_case(case, cli, tmp_path):
    folder = os.path.join(PARITY, case)
    resource, protocol = tmp_path / "resource", tmp_path / "pkg.sc"
    code, out, err = cli("build", "--manifest", "vars", "--resource", str(resource),
                         "--protocol-file", str(protocol), cwd=folder)
    assert code == 0
    assert err == (_read(os.path.join(folder, "stderr")) or "")
    assert _read(str(resource)) == _read(os.path.join(folder, "resource.json"))
    assert _read(str(protocol)) == _read(os.path.join(folder, "protocol.sc"))


def test_parity_cases_cover_the_issue():
    assert {"aria2", "duplicity", "rutorrent-72", "tvheadend", "syncthing-6.2.4",
            "syncthing-7.2", "salt-master", "share-6.0", "share-6.1", "srm-1.2"} <= set(CASES)


def _inputs(**values):
    base = {"SPK_NAME": "pkg", "TCVERSION": "7.2"}
    base.update(values)
    return Inputs.from_variables(base)


@pytest.mark.parametrize("variable,value,message", [
    ("SERVICE_PORT_TITLE", 'a "quoted" title', "contains '\"', which cannot be written into a protocol file"),
    ("DISPLAY_NAME", "two\nlines", "contains a newline or NUL character"),
    ("SERVICE_PORT", "80a", "'80a' is not a port number"),
    ("SERVICE_PORT", "70000", "port 70000 in '70000/tcp' is outside 1..65535"),
])
def test_service_port_values_that_cannot_be_written(variable, value, message):
    values = {"SERVICE_PORT": "8080", variable: value}
    with pytest.raises(SpkgenError) as info:
        build(_inputs(**values))
    assert (info.value.file, info.value.message) == (variable, message)


def test_template_syntax_in_values_is_data():
    result = build(_inputs(SERVICE_PORT="8080", SERVICE_PORT_TITLE="{{ 7*7 }} {% raw %}",
                           DISPLAY_NAME="It's $HOME `x`; \\ é"))
    assert result.protocol_text == ('[pkg]\ntitle="{{ 7*7 }} {% raw %}"\n'
                                    'desc="It\'s $HOME `x`; \\ é"\nport_forward="yes"\n'
                                    'dst.ports="8080/tcp"\n')


def test_service_port_added_beside_fwports_when_not_covered(tmp_path):
    (tmp_path / "x.sc").write_text('[other]\ntitle="t"\ndesc="d"\ndst.ports="9000/udp"\n')
    result = build(_inputs(FWPORTS="x.sc", SERVICE_PORT="9000"), str(tmp_path))
    assert [s.name for s in result.services] == ["other", "pkg"]
    assert [str(d) for d in result.diagnostics] == [
        "SERVICE_PORT: note: SERVICE_PORT 9000/tcp is not in FWPORTS: added as service [pkg]"]


def test_several_fwports_files_combine_and_clash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    svc = '[{0}]\ntitle="t"\ndesc="{1}"\ndst.ports="9000/tcp"\n'
    (tmp_path / "a.sc").write_text(svc.format("one", "d") + "\n" + svc.format("two", "d"))
    (tmp_path / "b.sc").write_text(svc.format("two", "d") + svc.format("three", "d"))
    result = build(_inputs(FWPORTS="a.sc  b.sc"))
    assert [s.name for s in result.services] == ["one", "two", "three"]
    (tmp_path / "c.sc").write_text("\n" + svc.format("one", "other"))
    with pytest.raises(SpkgenError) as info:
        build(_inputs(FWPORTS="a.sc c.sc"))
    assert str(info.value) == ("c.sc:2: error: service [one] is also defined in a.sc:1 with "
                               "different values (DSM takes one protocol file per package)")


@pytest.mark.parametrize("variable,value,message", [
    ("FWPORTS", "src/x.txt", "'src/x.txt' is not a protocol file (*.sc)"),
    ("FWPORTS", "../x.sc", "file '../x.sc' contains a '..' segment"),
    ("FWPORTS", "/abs/x.sc", "file '/abs/x.sc' is absolute (paths are relative to the package target)"),
    ("CONF_DIR", "src/../conf", "folder 'src/../conf' contains a '..' segment"),
    ("CONF_DIR", "src/a src/b", "'src/a src/b' names more than one folder"),
    ("DSM_UI_DIR", "/app", "folder '/app' is absolute (paths are relative to the package target)"),
    ("TCVERSION", "7.x", "'7.x' is not a version like 7.2 or 6.2.4 (digits and dots, "
                            "no leading zeros)"),
])
def test_bad_variables_name_the_variable(variable, value, message):
    with pytest.raises(SpkgenError) as info:
        build(_inputs(**{variable: value}))
    assert (info.value.file, info.value.message) == (variable, message)


def test_missing_conf_dir_is_an_error(tmp_path):
    with pytest.raises(SpkgenError) as info:
        build(_inputs(CONF_DIR="src/conf"), str(tmp_path))
    assert str(info.value) == "CONF_DIR: error: folder 'src/conf' does not exist"


@pytest.mark.parametrize("lines,message", [
    (["SPK_NAME=a", "NOPE=1"], "m:2: error: unknown variable 'NOPE'"),
    (["SPK_NAME=a", "SPK_NAME=b"], "m:2: error: 'SPK_NAME' is given twice"),
    (["just words"], "m:1: error: expected NAME=value, got 'just words'"),
])
def test_manifest_errors(lines, message):
    with pytest.raises(SpkgenError) as info:
        parse_assignments(lines, "m")
    assert str(info.value).startswith(message)


def test_required_variables():
    with pytest.raises(SpkgenError) as info:
        Inputs.from_variables({"TCVERSION": "7.2"}, "m")
    assert str(info.value) == "m: error: SPK_NAME is not set"


STATIC_TABS = '{\n\t"video-driver": {},\n\t"data-share": {"shares": [{"name": "{{wizard_x}}", ' \
    '"permission": {"rw": ["sc-pkg"]}}]}\n}'


def _package(tmp_path, static=None, sc=None):
    if static is not None:
        (tmp_path / "src" / "conf_7").mkdir(parents=True)
        (tmp_path / "src" / "conf_7" / "resource").write_bytes(static.encode())
    if sc is not None:
        (tmp_path / "src").mkdir(exist_ok=True)
        (tmp_path / "src" / "pkg.sc").write_bytes(sc.encode())
    return str(tmp_path)


def test_static_resource_with_nothing_added_ships_its_bytes(tmp_path):
    """chromaprint-like: tab-indented, nothing generated: spksrc's bytes, not re-indented."""
    result = build(_inputs(), _package(tmp_path, STATIC_TABS))
    assert result.resource_text == STATIC_TABS


def test_static_resource_with_generated_entries_is_rewritten(tmp_path):
    result = build(_inputs(SERVICE_PORT="8080"), _package(tmp_path, STATIC_TABS))
    assert result.resource_text.startswith('{\n  "video-driver": {},')
    assert '"port-config": {\n    "protocol-file": "app/pkg.sc"\n  }' in result.resource_text


def test_generated_entry_equal_to_the_static_one_adds_nothing(tmp_path):
    static = '{"video-driver":{}}\r\n'
    result = build(_inputs(VIDEODRIVER="yes"), _package(tmp_path, static))
    assert result.resource_text == static


SC_AS_WRITTEN = "# netdata-like: unquoted, no blank line\n[pkg]\ntitle=Pkg\n" \
    "desc=Pkg UI\ndst.ports=8080/tcp\n[pkg-api]\ntitle=\"API\"\ndesc=\"API\"\n" \
    "dst.ports=\"8081/tcp\"\n"
# the same as a Windows editor saves it: a byte-order mark and CR LF line ends
SC_FROM_WINDOWS = "\ufeff" + SC_AS_WRITTEN.replace("\n", "\r\n")


def test_single_valid_fwports_file_ships_byte_for_byte(tmp_path):
    result = build(_inputs(FWPORTS="src/pkg.sc", SERVICE_PORT="8081"),
                   _package(tmp_path, sc=SC_AS_WRITTEN))
    assert result.protocol_text == SC_AS_WRITTEN     # SERVICE_PORT's port is covered
    assert not list(result.diagnostics)


def test_a_byte_order_mark_and_cr_line_ends_are_said_and_not_shipped(tmp_path):
    package = _package(tmp_path, sc=SC_FROM_WINDOWS)
    result = build(_inputs(FWPORTS="src/pkg.sc", SERVICE_PORT="8081"), package)
    sc = os.path.join(package, "src", "pkg.sc")
    assert [str(d) for d in result.diagnostics] == [
        f"{sc}:1: warning: starts with a UTF-8 byte-order mark: it is left out of the shipped "
        "protocol file",
        f"{sc}:1: warning: has CR line ends (\\r\\n or \\r): the shipped protocol file has LF "
        "line ends"]
    assert "\ufeff" not in result.protocol_text and "\r" not in result.protocol_text
    assert result.protocol_text.startswith('[pkg]\ntitle="Pkg"\ndesc="Pkg UI"\n')


@pytest.mark.parametrize("extra,why", [
    ({"SERVICE_PORT": "9999", "SPK_NAME": "other"}, "SERVICE_PORT adds a service"),
    ({}, "an unknown key draws a warning and is not shipped")])
def test_fwports_file_is_rewritten_when_something_changes(tmp_path, extra, why):
    sc = SC_AS_WRITTEN if extra else SC_AS_WRITTEN.replace("title=Pkg\n", "title=Pkg\nx=1\n")
    result = build(_inputs(FWPORTS="src/pkg.sc", **extra), _package(tmp_path, sc=sc))
    assert result.protocol_text.startswith('[pkg]\ntitle="Pkg"\ndesc="Pkg UI"\n'), why


def test_two_fwports_files_are_combined_canonically(tmp_path):
    _package(tmp_path, sc=SC_AS_WRITTEN)
    (tmp_path / "src" / "more.sc").write_text('[more]\ntitle="M"\ndesc="M"\ndst.ports="1/udp"\n')
    result = build(_inputs(FWPORTS="src/pkg.sc src/more.sc"), str(tmp_path))
    assert result.protocol_text.endswith('\n\n[more]\ntitle="M"\ndesc="M"\ndst.ports="1/udp"\n')


# Each build diagnostic carries the code of the input it is about, set where it is made
# ('spkgen check' reports it under that rule); it must agree with what its location
# names (conftest.named_by_location) for every bad-input case and every warning.
def _bad_input_cases():
    from test_bad_input import CASES as BAD
    return BAD


@pytest.mark.parametrize("case", _bad_input_cases(), ids=lambda c: c[0])
def test_every_error_has_the_code_of_the_input_it_is_about(case, tmp_path, monkeypatch):
    _, files, variables, _ = case
    for path, content in files.items():
        full = tmp_path / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(content.encode() if isinstance(content, str) else content)
    monkeypatch.chdir(tmp_path)
    values = {"SPK_NAME": "p", "TCVERSION": "7.2", **variables}
    with pytest.raises(SpkgenError) as info:
        build(Inputs.from_variables(values), ".")
    for diag in info.value.diagnostics:
        assert diag.code == named_by_location(diag), diag


@pytest.mark.parametrize("case", CASES)
def test_every_warning_and_note_has_the_code_of_the_input_it_is_about(case, monkeypatch):
    folder = os.path.join(PARITY, case)
    monkeypatch.chdir(folder)
    with open("vars", encoding="utf-8") as handle:
        values = parse_assignments(handle.read().split("\n"), "vars")
    result = build(Inputs.from_variables(values), ".")
    for diag in result.diagnostics:
        assert diag.code == named_by_location(diag), diag
