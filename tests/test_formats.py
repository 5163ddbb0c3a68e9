"""check's CI formats: GitHub workflow commands and SARIF 2.1.0, and --fail-on; on a
faked tree (test_check.py's) and through the CLI."""
import json
import os

import jsonschema
import pytest

from conftest import DATA
from spkgen.check.formats import _escape_data, _escape_property, github, sarif
from spkgen.check.model import Finding, PackageReport, Report, Run
from spkgen.check.rules import REGISTRY as RULES
from test_check import VERSIONS, fake_all, run, tree  # noqa: F401  (the fixture)


def one(finding, name="p"):
    package = PackageReport(name, [Run(v, "ok") for v in VERSIONS], [finding])
    return Report("/t", "x64", VERSIONS, [package], [])


def test_escaping_follows_github():
    assert _escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert _escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.sc").write_text("")
    report = one(Finding("error", "protocol-file", "bad: 1,2\n3%", "f.sc", 4, 7, set(VERSIONS)))
    summary = tmp_path / "summary.md"
    lines = github(report, str(summary)).splitlines()
    assert lines[0] == "f.sc:4:7: error: bad: 1,2\n3% [protocol-file]".split("\n")[0]
    assert "::error file=f.sc,line=4,col=7,title=protocol-file::p: bad: 1,2%0A3%25" in lines
    assert lines[-1].startswith("spkgen check: 1 package")
    text = summary.read_text()
    assert text.startswith("## spkgen check\n\nspkgen check: 1 package")
    assert "| error | `protocol-file` | `f.sc:4` | p: bad: 1,2\n3% |" in text


def test_github_a_variable_is_annotated_on_the_makefile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = one(Finding("warning", "port-clash", "port 80/tcp", "SERVICE_PORT", None, None,
                         {"7.2"}))
    commands = [line for line in github(report).splitlines() if line.startswith("::")]
    assert commands == ["::warning file=../t/spk/p/Makefile,title=port-clash::p: SERVICE_PORT: "
                        "port 80/tcp [DSM 7.2]".replace("../t", os.path.relpath("/t"))]


def test_sarif_is_valid_and_complete(fp, tree, monkeypatch):  # noqa: F811
    fake_all(fp, tree)
    report = run(tree)
    log = sarif(report)
    with open(os.path.join(DATA, "sarif-2.1.0-subset.schema.json")) as handle:
        jsonschema.validate(log, json.load(handle))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "spkgen" and [r["id"] for r in driver["rules"]] == list(RULES)
    results = log["runs"][0]["results"]
    assert len(results) == sum(len(p.findings) for p in report.packages)
    assert [r["level"] for r in results] == sorted((r["level"] for r in results),
                                                   key=["error", "warning", "note"].index)
    located = [r for r in results if r["ruleId"] == "orphan"][0]
    assert located["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] in (
        "spk/b/src/old.sc", "spk/b/src/conf_73")
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("note", 1)])
def test_fail_on_with_an_error(cli, fp, tree, fail_on, code):  # noqa: F811
    fake_all(fp, tree)
    assert cli("check", "--no-cache", "--tcversion", "7.1,7.2", "--fail-on", fail_on,
               cwd=str(tree))[0] == code


@pytest.mark.parametrize("fail_on, code", [("error", 0), ("warning", 1), ("note", 1)])
def test_fail_on_without_errors(cli, fp, tree, fail_on, code):  # noqa: F811
    fake_all(fp, tree)
    assert cli("check", "--no-cache", "--tcversion", "7.1,7.2", "--package", "a", "b",
               "--fail-on", fail_on, cwd=str(tree))[0] == code


@pytest.mark.parametrize("severity, fails_on", [
    ("note", {"note"}), ("warning", {"note", "warning"}), ("error", {"note", "warning", "error"})])
def test_fail_on_each_severity(severity, fails_on):
    report = one(Finding(severity, "orphan", "m", "f", None, None, set(VERSIONS)))
    assert {level for level in ("error", "warning", "note") if report.fails(level)} == fails_on
