"""Every rule of spkgen check against its registry (check/rules/__init__.py): the README's
rule table, the report schema's enum and SARIF's rules[] say what the registry says;
--explain prints each rule; and each rule has a stand-in that fires it and a near miss
that does not, found by rule id (tests/data/rules/<rule>/fires and quiet; see its README),
checked by real make on a copy of examples/."""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess

import jsonschema
import pytest

from conftest import DATA, LAUNCHER, ROOT, copy_example_tree
from spkgen.check.formats import sarif
from spkgen.check.model import Finding, PackageReport, Report, Run
from spkgen.check.report import SCHEMA
from spkgen.check.rules import REGISTRY

RULES = os.path.join(DATA, "rules")
KINDS = ("fires", "quiet")
DEFAULT_ARGS = ("--tcversion", "7.2")   # a fixture's check.args may give another: the last wins
# Real make (marker make: .ci/run runs these on its main Python only).
needs_make = pytest.mark.skipif(not shutil.which("make"), reason="needs GNU make")
SECTION = "### Rules: select, ignore, suppress, baseline"


def readme_rule_table():
    """The rows of the README's rule table: (rule id, default, scope, what)."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        text = handle.read()
    assert SECTION in text
    section = text.split(SECTION, 1)[1].split("\n#", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("|")]
    assert table[:2] == ["| rule id | default | scope | what |", "|---|---|---|---|"]
    rows = []
    for line in table[2:]:
        cells = re.fullmatch(r"\| `([^`]+)` \| (\w+) \| (\w+) \| (.*) \|", line)
        assert cells, line
        rows.append(cells.groups())
    return rows


def test_the_readme_rule_table_is_the_registry():
    assert readme_rule_table() == [(r.id, r.severity, r.scope, r.summary)
                                   for r in REGISTRY.values()]


def test_the_schemas_kind_enum_is_the_registry():
    with open(SCHEMA) as handle:
        schema = json.load(handle)
    finding = schema["properties"]["packages"]["items"]["properties"]["findings"]["items"]
    assert finding["properties"]["kind"]["enum"] == list(REGISTRY)


def test_sarif_rules_are_the_registry_and_results_point_at_theirs(tmp_path):
    package = PackageReport("foo", [Run("7.2", "ok")],
                            [Finding(r.severity, r.id, f"a finding of {r.id}", None, None, None,
                                     {"7.2"}) for r in REGISTRY.values()])
    run = sarif(Report(str(tmp_path), "x64", ["7.2"], [package], []))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(REGISTRY)
    for found, rule in zip(rules, REGISTRY.values()):
        assert found["name"] == rule.id
        assert found["shortDescription"]["text"] == rule.summary
        assert found["fullDescription"]["text"] == rule.explanation
        assert found["defaultConfiguration"]["level"] == rule.severity
        assert found["properties"]["scope"] == rule.scope
        assert rule.example in found["help"]["text"]
    assert sorted(r["ruleId"] for r in run["results"]) == sorted(REGISTRY)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def spkgen(*args, cwd, home=None):
    """The launcher in cwd, HOME there too or in home (where it keeps its bytecode)."""
    env = {"PATH": os.environ["PATH"], "HOME": str(home or cwd), "LC_ALL": "C"}
    return subprocess.run([LAUNCHER, *args], cwd=str(cwd), capture_output=True, text=True,
                          env=env)


@pytest.mark.parametrize("rule", list(REGISTRY))
def test_explain_prints_the_rule(cli, rule):
    code, out, err = cli("check", "--explain", rule)
    found = REGISTRY[rule]
    assert (code, err) == (0, "")
    assert out.startswith(f"{rule} ({found.severity} by default; scope: {found.scope})\n")
    assert f"\n{found.summary}.\n" in out
    assert f"\n{found.explanation}\n" in out
    assert out.endswith(f"\nExample:\n    {found.example}\n")


def test_explain_through_the_launcher_and_an_unknown_rule(tmp_path):
    result = spkgen("check", "--explain", "orphan", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert REGISTRY["orphan"].explanation in result.stdout
    result = spkgen("check", "--explain", "orphans", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("spkgen check: error: --explain: unknown rule orphans "
                                    "(rules: make-failed, ")
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n")


# Per-rule fixtures (tests/data/rules/README): each rule's fires/ and quiet/ hold
# spk/<package>/ folders laid over a copy of examples/, optionally check.args (more
# arguments of spkgen check, one a line), and fires/ an expect file (a text one of the
# rule's findings holds, in its message or make's last lines).

def test_every_rule_has_both_fixtures_and_every_fixture_a_rule():
    missing = [f"{rule}/{kind}" for rule in REGISTRY for kind in KINDS
               if not os.path.isdir(os.path.join(RULES, rule, kind, "spk"))]
    assert not missing, f"rules without a fixture in {RULES}: {missing}"
    stray = sorted({n for n in os.listdir(RULES) if os.path.isdir(os.path.join(RULES, n))}
                   - set(REGISTRY))
    assert not stray, f"fixtures of no rule: {stray}"
    # a near miss: the same packages, the problem fixed; fires/ says what it is made for
    for rule in REGISTRY:
        fires, quiet = (os.path.join(RULES, rule, kind) for kind in KINDS)
        assert fixture_packages(fires) == fixture_packages(quiet), rule
        assert len(read_lines(os.path.join(fires, "expect"))) == 1, f"{rule}/fires/expect"


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.strip()]


def fixture_packages(folder):
    spk = os.path.join(folder, "spk")
    return sorted(n for n in os.listdir(spk) if os.path.isfile(os.path.join(spk, n, "Makefile")))


def run_fixture(base, rule, kind):
    """The rule's findings for the fixture's packages, (package, finding JSON): spkgen
    check --select RULE on a copy of examples/ (beside base's mk/, python/, scripts/,
    as its local.mk expects) with the fixture's packages laid over its spk/."""
    folder = os.path.join(RULES, rule, kind)
    assert os.path.isdir(os.path.join(folder, "spk")), \
        f"rule {rule} has no fixture {kind}/ (tests/data/rules/README)"
    packages = fixture_packages(folder)
    assert packages, f"{folder}/spk has no package"
    tree = base / f"{rule}-{kind}"
    shutil.copytree(base / "examples", tree)
    shutil.copytree(os.path.join(folder, "spk"), tree / "spk", dirs_exist_ok=True)
    result = spkgen("check", "--no-cache", "--format", "json", "--jobs", "2", *DEFAULT_ARGS,
                    "--select", rule, *read_lines(os.path.join(folder, "check.args")),
                    "--package", *packages, cwd=tree, home=base)    # bytecode: once
    assert result.returncode in (0, 1) and result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    with open(SCHEMA) as handle:
        jsonschema.validate(report, json.load(handle))
    assert sorted(p["name"] for p in report["packages"]) == packages
    return [(p["name"], f) for p in report["packages"] for f in p["findings"]
            if f["kind"] == rule]


@pytest.fixture(scope="module")
def fixture_runs(request, tmp_path_factory):
    """(rule, kind) -> a future of run_fixture's answer.  The runs of the fixture tests
    selected start together, a few at a time (each is mostly waiting for make)."""
    base = tmp_path_factory.mktemp("rules")
    copy_example_tree(base)
    wanted = [(item.callspec.params["rule"], TEST_KIND[item.originalname])
              for item in request.session.items
              if getattr(item, "module", None) is request.module
              and getattr(item, "originalname", None) in TEST_KIND]
    runs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for rule, kind in wanted:
            runs[(rule, kind)] = pool.submit(run_fixture, base, rule, kind)
        yield runs


@pytest.mark.make
@needs_make
@pytest.mark.parametrize("rule", list(REGISTRY))
def test_the_rule_fires_on_its_fixture(fixture_runs, rule):
    found = [f for _, f in fixture_runs[(rule, "fires")].result() if "suppressed" not in f]
    assert found, f"no finding of {rule} for tests/data/rules/{rule}/fires"
    expect = "\n".join(read_lines(os.path.join(RULES, rule, "fires", "expect")))
    assert expect, f"tests/data/rules/{rule}/fires/expect: the text a finding holds"
    texts = [f"{f['message']}\n" + "\n".join(f["context"]) for f in found]
    assert any(expect in text for text in texts), (expect, texts)


@pytest.mark.make
@needs_make
@pytest.mark.parametrize("rule", list(REGISTRY))
def test_the_rule_is_quiet_on_its_near_miss(fixture_runs, rule):
    found = fixture_runs[(rule, "quiet")].result()
    assert not found, [f"{name}: {f['file']}: {f['message']}" for name, f in found]


TEST_KIND = {test_the_rule_fires_on_its_fixture.__name__: "fires",
             test_the_rule_is_quiet_on_its_near_miss.__name__: "quiet"}
