"""The webservice worker: backends from SPK_DEPENDS, the developer guide's rules, and
data-share permissions.  Fixture pairs in tests/data/webservice: valid/<case>.json with
<case>.expected.json (what ships), invalid/<case>.json with <case>.err (the diagnostics,
'R' standing for the resource's path); all for SPK_DEPENDS below on DSM 7.2."""
import json
import os

import pytest

from conftest import DATA, named_by_location
from spkgen.build import build
from spkgen.errors import SpkgenError
from spkgen.inputs import Inputs
from spkgen.webservice import dependency

FIXTURES = os.path.join(DATA, "webservice")
DEPENDS = "WebStation:PHP8.2:Apache2.4"
RESOURCE = os.path.join("src", "conf_7", "resource")


def cases(kind):
    return sorted(n[:-5] for n in os.listdir(os.path.join(FIXTURES, kind))
                  if n.endswith(".json") and not n.endswith(".expected.json"))


def run(tmp_path, monkeypatch, text, depends=DEPENDS, tcversion="7.2"):
    (tmp_path / "src" / "conf_7").mkdir(parents=True)
    (tmp_path / RESOURCE).write_text(text)
    monkeypatch.chdir(tmp_path)
    inputs = Inputs.from_variables({"SPK_NAME": "app", "TCVERSION": tcversion,
                                    "SPK_DEPENDS": depends})
    try:
        result = build(inputs, ".")
    except SpkgenError as exc:
        assert all(d.code == named_by_location(d) for d in exc.diagnostics), exc.diagnostics
        return None, [str(d) for d in exc.diagnostics]
    assert all(d.code == named_by_location(d) for d in result.diagnostics), result.diagnostics
    return result, [str(d) for d in result.diagnostics if d.severity != "note"]


def read(*parts):
    with open(os.path.join(FIXTURES, *parts), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("case", cases("valid"))
def test_valid(tmp_path, monkeypatch, case):
    text = read("valid", case + ".json")
    result, diagnostics = run(tmp_path, monkeypatch, text)
    assert diagnostics == []
    expected = read("valid", case + ".expected.json")
    assert json.loads(result.resource_text) == json.loads(expected)
    if expected == text:
        assert result.resource_text == text           # nothing filled: the bytes ship


@pytest.mark.parametrize("case", cases("invalid"))
def test_invalid(tmp_path, monkeypatch, case):
    _, diagnostics = run(tmp_path, monkeypatch, read("invalid", case + ".json"))
    assert diagnostics == read("invalid", case + ".err").replace("R:", RESOURCE + ":") \
        .splitlines()


def test_the_fixtures_cover_every_rule():
    assert len(cases("valid")) >= 3 and len(cases("invalid")) >= 7


PHP_ONLY = '{"webservice": {"services": [{"service": "app", "type": "nginx_php", "root": "app", ' \
    '"php": {"user": "sc-app", "group": "http"}}], "pkg_dir_prepare": [{"target": "app", ' \
    '"user": "sc-app", "group": "http"}]}}'


@pytest.mark.parametrize("depends, tcversion, backend", [
    ("WebStation:PHP7.4:Apache2.4", "7.1", 8), ('"WebStation:PHP8.0:MariaDB10"', "7.2", 9),
    ("WebStation:PHP8.3:MariaDB10:Apache2.4:redis", "7.2", 12),
    ("WebStation:PHP8.4>=8.4.1-0001", "7.2", 13)])
def test_php_backend_per_version(tmp_path, monkeypatch, depends, tcversion, backend):
    result, diagnostics = run(tmp_path, monkeypatch, PHP_ONLY, depends, tcversion)
    assert diagnostics == []
    assert json.loads(result.resource_text)["webservice"]["services"][0]["php"]["backend"] == \
        backend


@pytest.mark.parametrize("depends, tcversion, message", [
    ("WebStation", "7.2", f"{RESOURCE}:1:92: error: the php profile of service \"app\" has no "
     "\"backend\" and SPK_DEPENDS names no PHP package to take it from"),
    ("WebStation:PHP7.4", "7.3", "SPK_DEPENDS: error: names PHP 7.4, which Synology ships on DSM "
     "before 7.3 only, not on DSM 7.3 (data/dsm-facts.ini: not from DSM 7.3 on: "),
    ("WebStation:PHP8.4", "7.1", "SPK_DEPENDS: error: names PHP 8.4, which Synology ships on DSM "
     "7.2 and later, not on DSM 7.1 (data/dsm-facts.ini: "),
    ("WebStation:PHP8.1", "7.2", "SPK_DEPENDS: error: names PHP 8.1, which spkgen does not know "
     "(known: 5.6, 7.0, 7.1, 7.2, 7.3, 7.4, 8.0, 8.2, 8.3, 8.4; data/dsm-facts.ini)"),
    ("WebStation:PHP7.4:PHP8.2", "7.2", "SPK_DEPENDS: error: 'WebStation:PHP7.4:PHP8.2' names "
     "more than one PHP package (PHP7.4, PHP8.2)"),
])
def test_php_errors(tmp_path, monkeypatch, depends, tcversion, message):
    _, diagnostics = run(tmp_path, monkeypatch, PHP_ONLY, depends, tcversion)
    assert len(diagnostics) == 1 and diagnostics[0].startswith(message)


@pytest.mark.parametrize("value, found", [
    ('"WebStation:PHP8.2:Apache2.4"', "8.2"), ("PHP7.4", "7.4"), ("WebStation:PHP8.3>=8.3.0", "8.3"),
    ("WebStation:phpmyadmin", None), ("WebStation:PHP8.2x", None), ("", None)])
def test_dependency_spellings(value, found):
    assert dependency(value, "PHP") == found


def test_php_not_shipped_is_a_warning_where_the_package_gives_its_backend(tmp_path, monkeypatch):
    """demowebservice: PHP8.2 with its own backend 11 on DSM 7.0 builds with spksrc alone."""
    text = PHP_ONLY.replace('"php": {', '"php": {"backend": 11, ')
    result, diagnostics = run(tmp_path, monkeypatch, text, "WebStation:PHP8.2:Apache2.4", "7.0")
    assert result is not None and len(diagnostics) == 1
    assert diagnostics[0].startswith("SPK_DEPENDS: warning: names PHP 8.2, which Synology ships "
                                     "on DSM 7.2 and later, not on DSM 7.0")
    assert result.resource_text == text



def test_a_quoted_spk_depends_is_shown_without_its_quotes(tmp_path, monkeypatch):
    """spksrc Makefiles quote the value (SPK_DEPENDS = "WebStation:PHP8.2"), and make keeps
    the quotes: the message quotes the value once."""
    _, errors = run(tmp_path, monkeypatch, read("invalid", "mismatch.json"),
                    depends='"WebStation:PHP8.2:Apache2.4"')
    assert [e.split(": error: ", 1)[1] for e in errors] == [
        '"backend" is 12, but SPK_DEPENDS ("WebStation:PHP8.2:Apache2.4") names PHP 8.2, whose '
        "backend is 11"]
