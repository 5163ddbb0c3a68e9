"""check/publish/workflow.py: the builds a tree's own CI publishes, read from its
.github/workflows/*.yml (stand-ins: tests/data/workflow, see its README), and how
check/publish/builds.py and the publish rules use them."""
import glob
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from spkgen.check.makeinfo import MakeAnswer
from spkgen.check.model import Finding, PackageReport
from spkgen.check.publish import workflow
from spkgen.check.publish.builds import CI_SOURCE, published_versions
from spkgen.check.rules.publish import published_builds

FIXTURES = os.path.join(DATA, "workflow")
BUILD_YML = ".github/workflows/build.yml"


def names(kind):
    return sorted(os.path.basename(p)[:-4]
                  for p in glob.glob(os.path.join(FIXTURES, kind, "*.yml")))


def fixture(kind, name):
    with open(os.path.join(FIXTURES, kind, f"{name}.yml"), encoding="utf-8") as handle:
        return handle.read()


def lay(tree, text, name="build.yml"):
    """text as the tree's .github/workflows/<name> (bytes as they are)."""
    folder = tree / ".github" / "workflows"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def found(tree):
    """read_tree's answer, as the fixtures' .json files write it."""
    result = workflow.read_tree(str(tree))
    answer = {kind: {"versions": list(v), "where": list(w)}
              for kind, (v, w) in result.found.items()}
    answer.update({kind: {"missing": why} for kind, why in result.missing.items()})
    return answer


@pytest.mark.parametrize("name", names("valid"))
def test_a_publishing_workflow_gives_its_builds(tmp_path, name):
    lay(tmp_path, fixture("valid", name))
    with open(os.path.join(FIXTURES, "valid", f"{name}.json")) as handle:
        assert found(tmp_path) == json.load(handle)


@pytest.mark.parametrize("name", names("invalid"))
def test_a_workflow_spkgen_cannot_use_says_why(tmp_path, name):
    lay(tmp_path, fixture("invalid", name))
    with open(os.path.join(FIXTURES, "invalid", f"{name}.txt")) as handle:
        why = handle.read().strip()
    assert found(tmp_path) == {"arch": {"missing": why}, "noarch": {"missing": why}}


def test_no_workflow_or_none_that_builds_gives_nothing(tmp_path):
    assert found(tmp_path) == {kind: {"missing": "the tree has no .github/workflows/*.yml"}
                               for kind in ("arch", "noarch")}
    lay(tmp_path, "name: Lint\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
                  "    steps:\n      - run: make lint\n", "lint.yml")
    assert found(tmp_path)["arch"] == {
        "missing": "no workflow in .github/workflows builds packages"}


def test_an_input_flipped_to_default_true_adds_its_builds(tmp_path):
    text = fixture("valid", "dispatch-defaults")
    for name in ("add_dsm72_builds", "add_noarch_dsm72_builds"):
        head, tail = text.split(f"      {name}:\n", 1)
        entry, rest = tail.split("default: false", 1)
        text = f"{head}      {name}:\n{entry}default: true{rest}"
    lay(tmp_path, text)
    assert [found(tmp_path)[k]["versions"] for k in ("arch", "noarch")] == [
        ["6.2.4", "7.1", "7.2"], ["6.1", "7.0", "7.2"]]


def test_another_workflow_that_publishes_adds_its_builds_and_its_lines(tmp_path):
    lay(tmp_path, fixture("valid", "static-flow"))
    lay(tmp_path, fixture("valid", "block-list"), "release.yml")
    assert found(tmp_path)["arch"] == {     # x64's: the release's armv7 and aarch64 builds
        "versions": ["6.1", "7.0"], "where": [".github/workflows/build.yml:19"]}
    lay(tmp_path, "jobs:\n  b:\n    strategy:\n      matrix:\n        arch: [x64-7.2]\n"
                  "    steps:\n      - uses: softprops/action-gh-release@v2\n", "tag.yml")
    assert found(tmp_path)["arch"] == {"versions": ["6.1", "7.0", "7.2"], "where": [
        ".github/workflows/build.yml:19", ".github/workflows/tag.yml:5"]}


def test_conditions_and_branches_of_the_shell_step(tmp_path):
    inputs = {"add_a": "true", "add_b": "false", "package": "adminer"}
    assert workflow.evaluate('[ "$add_a" == "true" ] && [ "$has_arch_packages" == "true" ]',
                             inputs) is True
    assert workflow.evaluate('[ "${{ github.event.inputs.add_b }}" == "true" ]', inputs) is False
    assert workflow.evaluate('[ "${{ github.event_name }}" != "workflow_dispatch" ]',
                             inputs) is False
    assert workflow.evaluate('[ "$add_a" = "true" ] || [ "$add_b" = "true" ]', inputs) is None
    assert workflow.evaluate('[ -n "$add_a" ]', inputs) is None
    lay(tmp_path, "on:\n  workflow_dispatch:\n    inputs:\n      add_b:\n        default: false\n"
                  "jobs:\n  m:\n    steps:\n      - run: |\n"
                  '          if [ "$add_b" == "true" ]; then add_to_matrix "x64-7.2"\n'
                  '          elif [ "$add_b" == "false" ]; then add_to_matrix x64-7.1; fi\n'
                  '          if [ "$add_b" == "true" ]; then\n'
                  '            add_to_matrix "noarch-7.2"\n'
                  "          else\n"
                  '            add_to_matrix "noarch-7.0"\n'
                  "          fi\n"
                  '          [ "$add_b" == "true" ] && add_to_matrix "x64-7.3"\n'
                  "      - run: make publish-all\n")
    assert found(tmp_path) == {
        "arch": {"versions": ["7.1"], "where": [".github/workflows/build.yml:10-17"]},
        "noarch": {"versions": ["7.0"], "where": [".github/workflows/build.yml:10-17"]}}


ODD = [
    b"\x00\x01\xff\xfe" * 64,                                   # binary
    "arch: [x64-7.1]\n".encode("utf-16"),                      # not UTF-8
    b"jobs:\n  b:\n    strategy:\n      matrix:\n        arch: [x64-7.1, noarch-7.0\n"
    b"    steps:\n      - run: echo ${{ secrets.PUBLISH_API_KEY }}\n",   # no ']'
    b"jobs:\n\tb:\n  strategy:\n matrix:\n   arch:\n- x64-7.1\n  - : :\n[[[\n",
    b"jobs:\n  m:\n    steps:\n      - run: |\n          fi\n          fi\n"
    b"          add_to_matrix \"x64-7.1\"\n          echo ${{ secrets.PUBLISH_API_KEY }}\n",
    b"on:\n  workflow_dispatch:\n    inputs:\n    inputs:\n  - default: \n" * 50,
    b"arch: [" + b"x64-7.1, " * 200000 + b"]\n",                 # larger than 1 MiB
    # just below 1 MiB, read in linear time: one long list, many matrices, deep ifs
    b"jobs:\n  b:\n    strategy:\n      matrix:\n        arch: [" + b"x64-7.1, " * 110000 + b"\n",
    b"jobs:\n" + b"  b:\n    strategy:\n      matrix:\n        arch: [x64-7.1]\n" * 15000,
    b"jobs:\n  m:\n    steps:\n      - run: |\n" + b"          if [ a = $b ]; then\n" * 30000
    + b"          add_to_matrix x64-7.1\n" * 30000 + b"      - run: make publish\n",
]


@pytest.mark.parametrize("data", ODD, ids=range(len(ODD)))
def test_odd_files_mean_the_defaults_never_a_crash(tmp_path, data):
    lay(tmp_path, data)
    assert set(found(tmp_path)) == {"arch", "noarch"}
    assert all("missing" in v for v in found(tmp_path).values())


def test_what_is_no_regular_file_is_not_read(tmp_path):
    (tmp_path / ".github" / "workflows" / "build.yml").mkdir(parents=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / ".github" / "workflows" / "fifo.yml")   # reading it would block
    assert found(tmp_path)["arch"] == {"missing": "the tree has no .github/workflows/*.yml"}


LINES = st.sampled_from([
    "on:", "  workflow_dispatch:", "    inputs:", "      add_dsm72_builds:",
    "        default: true", "        type: boolean", "jobs:", "  b:", "    strategy:",
    "      matrix:", "        arch: [noarch, x64-7.1,", "        arch:", "          - x64-7.2",
    "        include:", "          - arch: noarch-7.0", "      - run: |", "    - run: x",
    '          if [ "$add_dsm72_builds" == "true" ]; then', "          else", "          elif",
    "          fi", '            add_to_matrix "x64-7.2"', "  matrix+='{\"arch\": \"x64-6.2.4\"},'",
    "      API_KEY: ${{ secrets.PUBLISH_API_KEY }}", "# arch: [x64-7.0]", "", "]", "'", '"',
    "        arch: ${{ fromJSON(x) }}", "        exclude:", "          - arch: x64-01.2",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=40))
def test_any_text_is_read_without_an_exception(lines):
    reading = workflow.read_text("\n".join(lines), BUILD_YML)
    result = workflow.combine([reading])
    assert set(result.found) | set(result.missing) == {"arch", "noarch"}
    for versions, _ in result.found.values():
        assert versions and all(v[0].isdigit() for v in versions)


def test_each_tree_is_read_once_while_its_workflows_stay_the_same(tmp_path, monkeypatch):
    read = []
    real = workflow.read_file
    monkeypatch.setattr(workflow, "read_file", lambda *a: read.append(a) or real(*a))
    path = lay(tmp_path, fixture("valid", "static-flow"))
    assert workflow.read_tree(str(tmp_path)) == workflow.read_tree(str(tmp_path) + "/.")
    assert len(read) == 1
    path.write_text(fixture("valid", "static-flow").replace("x64-7.0", "x64-7.1"))
    assert workflow.read_tree(str(tmp_path)).found["arch"][0] == ("6.1", "7.1")
    assert len(read) == 2


def test_published_versions_take_the_workflows_set_where_nothing_else_decides():
    ci = {"arch": ("7.1", "7.2")}
    assert published_versions(False, "", None, ci) == ("7.1", "7.2")
    assert published_versions(True, "", None, ci) == ("6.1", "7.0")          # the defaults
    assert published_versions(False, "7.3", None, ci) == ("7.3",)            # REQUIRED_MIN_DSM
    assert published_versions(False, "", {"arch": ("6.2.4",)}, ci) == ("6.2.4",)  # --publish


def noarch_answer(version):
    """A noarch build spkrepo refuses (no DISPLAY_NAME, no icon): every judged build has
    findings, so their versions are the builds judged."""
    return MakeAnswer("ok", {"SPK_NAME": "web", "TCVERSION": version},
                      install={"ARCH": "noarch", "SPK_VERS": "1.0", "SPK_REV": "1"})


@pytest.fixture
def web(tmp_path):
    package = tmp_path / "spk" / "web"
    package.mkdir(parents=True)
    (package / "Makefile").write_text("SPK_NAME = web\nSPK_VERS = 1.0\nSPK_REV = 1\n")
    return package


def judge(package, publish=None):
    versions = ("6.1", "7.0", "7.1", "7.2")
    answers = {("web", v): (noarch_answer(v), False) for v in versions}
    report = PackageReport("web")
    assert published_builds(report, str(package), answers, versions, publish)
    assert report.findings
    return report.findings, set().union(*(f.versions for f in report.findings))


def test_the_workflows_set_changes_which_builds_are_judged(tmp_path, web):
    findings, judged = judge(web)
    assert judged == {"6.1", "7.0"}                               # spksrc's defaults
    note = (f"; published builds: TCVERSION 6.1, 7.0, per {CI_SOURCE}, as the tree has no "
            ".github/workflows/*.yml")
    assert all(f.message.endswith(note) for f in findings)
    lay(tmp_path, fixture("valid", "dispatch-72-on"))
    findings, judged = judge(web)
    assert judged == {"6.1", "7.0", "7.2"}
    note = f"; published builds: TCVERSION 6.1, 7.0, 7.2, per {tmp_path}/{BUILD_YML}:30-42"
    assert all(f.message.endswith(note) for f in findings)
    findings, judged = judge(web, {"noarch": ("7.1",)})            # --publish still wins
    assert judged == {"7.1"}
    assert all(f.message.endswith("; published builds: TCVERSION 7.1, per --publish "
                                  "noarch=7.1") for f in findings)
    lay(tmp_path, fixture("invalid", "computed"))
    findings, judged = judge(web)
    assert judged == {"6.1", "7.0"}
    assert all(f.message.endswith(f"per {CI_SOURCE}, as {BUILD_YML} publishes, but spkgen "
                                  "cannot tell which builds: it names no matrix entry spkgen "
                                  "reads (arch: [...], add_to_matrix)") for f in findings)


def test_the_fingerprint_leaves_out_the_workflows_lines():
    one = Finding("error", "upload", f"no icon; published builds: per {BUILD_YML}:30-42", "f")
    two = Finding("error", "upload", f"no icon; published builds: per {BUILD_YML}:31-45", "f")
    assert one.fingerprint("web") == two.fingerprint("web")
