import glob
import os

import pytest

from conftest import DATA, shared_corpus
from spkgen.errors import Diagnostics, SpkgenError
from spkgen.protocol import parse_protocol_file, render_services

SC = os.path.join(DATA, "sc")


def _names(kind):
    return sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(SC, kind, "*.sc")))


@pytest.mark.parametrize("name", _names("valid"))
def test_valid_files_render_canonically(name, monkeypatch):
    monkeypatch.chdir(SC)
    diags = Diagnostics()
    services = parse_protocol_file(f"valid/{name}.sc", diags=diags)
    with open(f"valid/{name}.canonical", encoding="utf-8") as handle:
        assert render_services(services) == handle.read()
    assert not diags.errors


@pytest.mark.parametrize("name", _names("invalid"))
def test_invalid_files_give_exact_messages(name, cli):
    code, out, err = cli("sc", f"invalid/{name}.sc", cwd=SC)
    with open(os.path.join(SC, "invalid", f"{name}.err"), encoding="utf-8") as handle:
        expected = handle.read()
    assert (code, out, err) == (1, "", expected)
    assert "Traceback" not in err


def test_canonical_output_parses_to_the_same_services(tmp_path, monkeypatch):
    monkeypatch.chdir(SC)
    for name in _names("valid"):
        services = parse_protocol_file(f"valid/{name}.sc")
        again = tmp_path / f"{name}.sc"
        again.write_text(render_services(services), encoding="utf-8")
        assert render_services(parse_protocol_file(str(again))) == render_services(services)


def test_too_many_port_slots_is_a_warning_not_an_error(cli):
    code, _, err = cli("sc", "valid/many-slots.sc", cwd=SC)
    assert code == 0
    assert err == ("valid/many-slots.sc:4: warning: 'dst.ports' uses 16 port slots; the DSM "
                   "firewall takes at most 15 per rule (a range counts two)\n")


def test_missing_file(cli, tmp_path):
    code, _, err = cli("sc", "absent.sc", cwd=tmp_path)
    assert (code, err) == (1, "absent.sc: error: cannot read: No such file or directory\n")


def test_error_keeps_its_position():
    with pytest.raises(SpkgenError) as info:
        parse_protocol_file(os.path.join(SC, "invalid", "dash-range.sc"))
    assert (info.value.line, info.value.file.endswith("dash-range.sc")) == (4, True)


def test_every_shipped_protocol_file_is_accepted():
    corpus = shared_corpus("sc")
    files = sorted(glob.glob(os.path.join(corpus, "*.sc")))
    assert len(files) >= 29
    for path in files:
        services = parse_protocol_file(path)
        assert services, path
        assert all(s.dst_ports.groups for s in services)
