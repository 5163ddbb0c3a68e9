"""spkgen check on small trees, make faked with pytest-subprocess (real make: test_check_make.py)."""
import json
import os
import threading
import time

import jsonschema
import pytest

from spkgen.check.cache import Cache
from spkgen.check.makeinfo import make_command
from spkgen.check.report import SCHEMA, as_json, text
from spkgen.check.tree import check_tree, find_tree

VERSIONS = ["7.1", "7.2"]


def block(**values):
    lines = ["# spkgen-info begin"] + [f"{k}={v}" for k, v in values.items()]
    return "\n".join(lines + ["# makefiles: /dev/null", "# spkgen-info end", ""])


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A tree with packages a (8080/tcp, links bin/tool), b (8080:8081/tcp, links bin/tool,
    an unused .sc and an unused conf folder) and c (make fails)."""
    (tmp_path / "mk").mkdir()
    (tmp_path / "mk" / "spksrc.common.mk").write_text("")     # what check takes for a tree
    (tmp_path / "mk" / "spksrc.service.mk").write_text("$(DSM_CONF_DIR)/resource:\n")
    for name in "abc":
        (tmp_path / "spk" / name / "src").mkdir(parents=True)
        (tmp_path / "spk" / name / "Makefile").write_text(f"SPK_NAME = {name}\n")
    (tmp_path / "spk" / "b" / "src" / "b-ports.sc").write_text(
        '[b]\ntitle="B"\ndesc="B"\ndst.ports="8080:8081/tcp"\n')
    (tmp_path / "spk" / "b" / "src" / "old.sc").write_text(
        '[b_old]\ntitle="B"\ndesc="B"\ndst.ports="9/tcp"\n')
    (tmp_path / "spk" / "b" / "src" / "conf_73").mkdir()
    for version in VERSIONS:       # the tree's versions: those checked
        (tmp_path / "toolchain" / f"syno-x64-{version}").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fake(fp, tree, name, version, **values):
    command = make_command(str(tree / "spk" / name), "x64", version)
    values = {"SPK_NAME": name, "TCVERSION": version, **values}
    return fp.register(command, stdout=block(**values), occurrences=10)


def fake_all(fp, tree, version_runs=10):
    fp.register(["make", "--version"], stdout="GNU Make 4.3\n", occurrences=version_runs)
    for version in VERSIONS:
        fake(fp, tree, "a", version, SERVICE_PORT="8080", SPK_COMMANDS="bin/tool")
        fake(fp, tree, "b", version, FWPORTS="src/b-ports.sc", SPK_COMMANDS="bin/tool")
        fp.register(make_command(str(tree / "spk" / "c"), "x64", version), returncode=2,
                    stderr="Makefile:1: *** missing separator.  Stop.\n", occurrences=10)


def run(tree, **kwargs):
    return check_tree(str(tree), VERSIONS, ["a", "b", "c"], **kwargs)


def messages(report, package):
    found = next(p for p in report.packages if p.name == package).findings
    return [(f.severity, f.kind, str(f.diagnostic), sorted(f.versions)) for f in found]


def test_everything_reported(fp, tree):
    fake_all(fp, tree)
    report = run(tree)
    # SERVICE_PORT alone: spksrc ships the same, so no change
    assert sorted(messages(report, "a")) == [
        ("warning", "link-clash", "SPK_COMMANDS/SPK_USR_LOCAL_LINKS: warning: this link is also "
         "made by package b: /usr/local/bin/tool", VERSIONS),
        ("warning", "port-clash", "SERVICE_PORT: warning: port 8080/tcp of [a] is also declared by "
         "package b ([b] in spk/b/src/b-ports.sc:1)", VERSIONS),
    ]
    b = messages(report, "b")
    assert ("warning", "orphan", "spk/b/src/old.sc: warning: no build ships this protocol file "
            "(FWPORTS does not name it for DSM 7.1, 7.2)", VERSIONS) in b
    assert ("warning", "orphan", "spk/b/src/conf_73: warning: no build for DSM 7.1, 7.2 ships "
            "this conf folder", VERSIONS) in b
    assert ("note", "change", "spk/b/Makefile: note: spksrc alone ships a different "
            "\"port-config\": {\"protocol-file\": \"app/b-ports.sc\"} (it copies src/b-ports.sc as "
            "app/b.sc, so DSM finds no file)", VERSIONS) in b
    # the rest goes on when one package's make fails; its error keeps make's last line
    c = next(p for p in report.packages if p.name == "c")
    assert [(r.version, r.status) for r in c.runs] == [("7.1", "failed"), ("7.2", "failed")]
    assert c.findings[0].context == ("Makefile:1: *** missing separator.  Stop.",)
    assert c.findings[0].kind == "make-failed"
    assert str(c.findings[0].diagnostic) == \
        "spk/c/Makefile: error: make failed: make exited with status 2"
    assert report.summary() == {"packages": 3, "versions": 2, "errors": 1, "warnings": 6,
                                "clashes": 2, "changed": 1, "runs": 6, "cached": 0,
                                "unsupported": 0, "failed": 2, "suppressed": 0}


def test_an_orphan_is_a_folder_no_version_of_the_tree_ships_whatever_is_checked(fp, tree):
    """b's conf_7 is shipped by its DSM 7.0 build only: checking 7.1 and 7.2 asks make for
    7.0 too (the tree's other version) and finds no orphan there; conf_73 stays one."""
    (tree / "spk" / "b" / "src" / "conf_7").mkdir()
    (tree / "spk" / "b" / "src" / "conf_7" / "privilege").write_text("{}\n")
    fake_all(fp, tree)
    fake(fp, tree, "b", "7.0", FWPORTS="src/b-ports.sc src/old.sc", CONF_DIR="src/conf_7/")
    report = check_tree(str(tree), VERSIONS, ["b"], tree_versions=["7.0", *VERSIONS])
    orphans = [m for m in messages(report, "b") if m[1] == "orphan"]
    assert orphans == [("warning", "orphan", "spk/b/src/conf_73: warning: no build for DSM 7.0, "
                        "7.1, 7.2 ships this conf folder", VERSIONS)]
    assert [r.version for r in report.packages[0].runs] == VERSIONS


def test_no_orphan_is_said_when_make_fails_for_a_version_not_checked(fp, tree):
    fake_all(fp, tree)
    fp.register(make_command(str(tree / "spk" / "b"), "x64", "7.0"), returncode=2,
                stderr="Makefile:1: *** missing separator.  Stop.\n")
    report = check_tree(str(tree), VERSIONS, ["b"], tree_versions=["7.0", *VERSIONS])
    assert not [m for m in messages(report, "b") if m[1] == "orphan"]
    assert report.summary()["errors"] == 0


def test_make_variables_reach_every_make_run_and_the_cache_key(fp, tree, cli):
    fp.register(["make", "--version"], stdout="GNU Make 4.3\n", occurrences=10)
    for version in VERSIONS:
        fp.register(make_command(str(tree / "spk" / "a"), "x64", version, "make",
                                 ["LATEST_VERS=1.2"]),
                    stdout=block(SPK_NAME="a", TCVERSION=version), occurrences=10)
    code, out, err = cli("check", "--tcversion", "7.1,7.2", "--package", "a", "LATEST_VERS=1.2",
                         "--cache-dir", str(tree / "cache"))
    assert (code, err) == (0, "") and "2 make runs: 0 from cache" in out
    code, out, err = cli("check", "--tcversion", "7.1,7.2", "LATEST_VERS=1.2", "--package", "a",
                         "--cache-dir", str(tree / "cache"))
    assert (code, err) == (0, "") and "2 make runs: 2 from cache" in out
    fp.register(make_command(str(tree / "spk" / "a"), "x64", "7.1", "make", ["LATEST_VERS=1.3"]),
                stdout=block(SPK_NAME="a", TCVERSION="7.1"))
    code, out, err = cli("check", "--tcversion", "7.1", "--package", "a", "LATEST_VERS=1.3",
                         "--cache-dir", str(tree / "cache"))
    assert (code, err) == (0, "") and "1 make run: 0 from cache" in out


@pytest.mark.parametrize("word,message", [
    ("LATEST", "'LATEST' is not VAR=value (a make variable assignment)"),
    ("=1", "'=1' is not VAR=value (a make variable assignment)"),
    ("A B=1", "'A B=1' is not VAR=value (a make variable assignment)"),
    ("TCVERSION=7.2", "'TCVERSION=7.2': TCVERSION is set by check itself (use --tcversion)"),
])
def test_a_bad_make_variable_is_a_usage_error(cli, tree, word, message):
    code, out, err = cli("check", "--no-cache", word)
    assert (code, out, err) == (2, "", f"spkgen check: error: {message}\n")


def test_clash_with_dsm_is_an_error(fp, tree):
    (tree / "spk" / "b" / "src" / "b-ports.sc").write_text(
        '[b]\ntitle="B"\ndesc="B"\ndst.ports="80,8443/tcp"\n')
    fake_all(fp, tree)
    report = run(tree)
    assert ("error", "port-clash", "spk/b/src/b-ports.sc:1: error: port 80/tcp of [b] is DSM's own "
            "(DSM's web server)", VERSIONS) in messages(report, "b")


def test_build_errors_are_the_builds_messages(fp, tree):
    (tree / "spk" / "b" / "src" / "b-ports.sc").write_text('[b]\ntitle="B"\ndst.ports="8080/tcp"\n')
    fake_all(fp, tree)
    assert ("error", "protocol-file", "spk/b/src/b-ports.sc:1: error: [b] has no 'desc'",
            VERSIONS) in messages(run(tree), "b")


def test_unsupported_versions_are_not_failures(fp, tree):
    fake(fp, tree, "a", "7.2", SERVICE_PORT="8080")
    fp.register(make_command(str(tree / "spk" / "a"), "x64", "7.1"), returncode=2,
                stderr="../../mk/spksrc.rules/pre-check.mk:106: *** DSM Toolchain 7.1 is lower "
                       "than 7.2.  Stop.\n")
    report = check_tree(str(tree), VERSIONS, ["a"])
    assert [(r.version, r.status, r.detail) for r in report.packages[0].runs] == [
        ("7.1", "unsupported", "DSM Toolchain 7.1 is lower than 7.2"), ("7.2", "ok", "")]
    assert report.summary()["errors"] == 0


def test_old_dsm_asks_make_nothing(fp, tree):
    report = check_tree(str(tree), ["5.2"], ["a"])
    assert report.packages[0].runs[0].status == "no-resource"
    assert not fp.calls


def test_second_run_comes_from_the_cache_until_a_file_changes(fp, tree, tmp_path_factory):
    fake_all(fp, tree)
    cache = Cache(str(tmp_path_factory.mktemp("cache")), str(tree))
    first = run(tree, cache=cache)
    calls = len(fp.calls)
    second = run(tree, cache=cache)
    assert len(fp.calls) == calls + 2          # only c, whose make failed, is asked again
    assert [r.cached for p in second.packages for r in p.runs] == [True] * 4 + [False] * 2
    assert as_json(second)["summary"]["cached"] == 4
    assert messages(first, "a") == messages(second, "a")
    assert "7.1 ok (cached); 7.2 ok (cached)" in text(second)
    # any file of the package folder is part of the key
    (tree / "spk" / "b" / "src" / "new.txt").write_text("x")
    third = run(tree, cache=cache)
    assert [r.cached for p in third.packages for r in p.runs] == [True] * 2 + [False] * 4


def _cached(tree, tmp_path_factory):
    cache_dir = str(tmp_path_factory.mktemp("cache"))
    def again():
        report = run(tree, cache=Cache(cache_dir, str(tree)))
        return [r.cached for p in report.packages for r in p.runs][:4]
    return again


def test_a_file_restored_with_its_old_mtime_is_a_miss(fp, tree, tmp_path_factory):
    """Content, not mtimes: same size, same mtime, other bytes."""
    fake_all(fp, tree)
    again = _cached(tree, tmp_path_factory)
    sc = tree / "spk" / "b" / "src" / "b-ports.sc"
    stat = sc.stat()
    assert again() == [False] * 4 and again() == [True] * 4
    sc.write_text(sc.read_text().replace("8080:8081", "8080:8082"))
    os.utime(sc, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert again() == [True, True, False, False]


def test_how_spkgen_was_started_is_not_part_of_the_key(fp, tree, tmp_path_factory, monkeypatch):
    """The launcher's PYTHONPATH and a pyenv shim's PYENV_DIR differ by invocation only."""
    fake_all(fp, tree)
    again = _cached(tree, tmp_path_factory)
    assert again() == [False] * 4
    monkeypatch.setenv("PYTHONPATH", "/elsewhere/python")
    monkeypatch.setenv("PYENV_DIR", "/some/clone")
    fake_all(fp, tree)
    assert again() == [True] * 4


@pytest.mark.parametrize("variable", ["CONF_DIR", "SPKGEN_DISABLE", "PATH"])
def test_an_environment_variable_make_reads_is_part_of_the_key(fp, tree, tmp_path_factory,
                                                               monkeypatch, variable):
    fake_all(fp, tree)
    again = _cached(tree, tmp_path_factory)
    assert again() == [False] * 4 and again() == [True] * 4
    monkeypatch.setenv(variable, os.environ.get(variable, "") + ":x")
    fake_all(fp, tree)
    assert again() == [False] * 4


def test_make_version_is_part_of_the_key(fp, tree, tmp_path_factory):
    fake_all(fp, tree, version_runs=2)
    again = _cached(tree, tmp_path_factory)
    assert again() == [False] * 4 and again() == [True] * 4
    fp.register(["make", "--version"], stdout="GNU Make 4.4.1\n", occurrences=10)
    assert again() == [False] * 4


def test_text_is_grouped_most_severe_first(fp, tree):
    fake_all(fp, tree)
    lines = text(run(tree)).splitlines()
    headers = [line for line in lines if not line.startswith(" ")]
    assert headers[:3] == ["c: 1 error, 0 warnings  [7.1 failed; 7.2 failed]",
                           "a: 0 errors, 2 warnings  [7.1 ok; 7.2 ok]",
                           "b: 0 errors, 4 warnings, 1 change  [7.1 ok; 7.2 ok]"]
    assert lines[-1] == ("spkgen check: 3 packages, 2 DSM versions (7.1, 7.2): 1 error, "
                         "6 warnings, 2 clashes, 1 changed from spksrc alone; 6 make runs: "
                         "0 from cache, 0 unsupported, 2 failed")
    assert "    | Makefile:1: *** missing separator.  Stop." in lines


def test_json_matches_the_schema(fp, tree):
    fake_all(fp, tree)
    with open(SCHEMA) as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = as_json(run(tree))
    jsonschema.validate(data, schema)
    broken = dict(data, summary=dict(data["summary"], errors=-1))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


@pytest.mark.parametrize("args, message", [
    (["--tcversion", "7.x"], "spkgen check: error: '7.x' is not a version like 7.2 or 6.2.4 "
                                  "(digits and dots, no leading zeros)"),
    (["--tcversion", ","], "spkgen check: error: --tcversion names no version"),
    (["--package", "nope"], "spkgen check: error: no package nope in"),
    (["--jobs", "0"], "spkgen check: error: --jobs and --timeout must be positive"),
])
def test_usage_errors_exit_2(cli, tree, args, message):
    code, out, err = cli("check", "--tree", str(tree), *args)
    assert code == 2 and err.startswith(message) and not out


def test_not_in_a_tree(cli, tmp_path):
    code, _, err = cli("check", cwd=str(tmp_path))
    assert code == 2
    assert "is not in a tree with mk/ and spk/" in err


def test_exit_status_and_progress_only_on_a_terminal(cli, fp, tree, monkeypatch):
    fake_all(fp, tree)
    code, out, err = cli("check", "--no-cache", "--tcversion", "7.1,7.2", cwd=str(tree / "spk"))
    assert code == 1 and out.endswith("2 failed\n") and err == ""
    import sys
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, out, err = cli("check", "--no-cache", "--tcversion", "7.1,7.2", "--package", "a")
    assert code == 0
    assert err.endswith("\rspkgen check: 2/2 make runs\n")


def test_find_tree_walks_up(tree):
    assert find_tree(str(tree / "spk" / "a" / "src")) == str(tree)


def test_a_cache_that_cannot_be_written_is_said(cli, fp, tree):
    fake_all(fp, tree)
    (tree / "not-a-folder").write_text("")
    code, out, err = cli("check", "--cache-dir", str(tree / "not-a-folder"),
                         "--tcversion", "7.1,7.2", "--package", "a", cwd=str(tree))
    assert code == 0 and "2 make runs: 0 from cache" in out
    assert err.startswith("spkgen check: warning: results not cached: "
                          f"{tree}/not-a-folder/")
    assert err.endswith(f"error: '{tree}/not-a-folder' is not a folder: cannot write here\n")


def test_a_new_empty_folder_is_a_miss(fp, tree, tmp_path_factory):
    """An empty conf variant folder changes make's choice: it is part of the key."""
    fake_all(fp, tree)
    again = _cached(tree, tmp_path_factory)
    assert again() == [False] * 4 and again() == [True] * 4
    (tree / "spk" / "a" / "src" / "conf_71").mkdir()
    assert again() == [False, False, True, True]


def test_ctrl_c_starts_no_more_make_runs(tree, fp):
    """An interrupt (here raised from the progress callback after the first answer) stops
    the check: the queued make runs are cancelled, not waited for.  One at a time; the
    run of b waits until the interrupt was handled, so c can only start if it is not
    cancelled."""
    started, handled = [], threading.Event()

    def record(process):
        started.append(os.path.basename(process.args[4]))
        if started[-1] != "a":
            handled.wait(10)
    fp.register(["make", "--version"], stdout="GNU Make 4.3\n", occurrences=10)
    for name in "abc":
        fp.register(make_command(str(tree / "spk" / name), "x64", "7.2"),
                    stdout=block(SPK_NAME=name, TCVERSION="7.2"), callback=record)

    def progress(done, total):
        if done == 1:
            raise KeyboardInterrupt
    try:
        with pytest.raises(KeyboardInterrupt):
            check_tree(str(tree), ["7.2"], ["a", "b", "c"], jobs=1, progress=progress)
    finally:
        handled.set()
    time.sleep(0.2)                          # b finishes; a queued c would start now
    assert started[0] == "a" and "c" not in started


def test_a_tree_older_than_spkgen_supports_gets_one_line_and_no_findings(cli, tree, fp):
    (tree / "mk" / "spksrc.service.mk").unlink()        # as in trees before 2021-03
    code, out, err = cli("check", "--no-cache", "--tcversion", "6.1,7.0")
    assert (code, out) == (2, "") and not fp.calls
    assert err == (f"spkgen check: error: {tree}: the tree is older than spkgen supports "
                   "(spksrc trees since 2021-05-30): it has no "
                   "mk/spksrc.service.mk\n")


@pytest.mark.parametrize("args, message", [
    (["--tree", "/nonexistent"], "--tree /nonexistent: no such folder"),
    (["--tree", "spk"], "spk is not a tree with mk/ and spk/"),
])
def test_a_tree_that_is_not_one_says_why(cli, tree, args, message):
    code, out, err = cli("check", "--no-cache", *args, cwd=str(tree))
    assert (code, out, err) == (2, "", f"spkgen check: error: {message}\n")


def test_a_tree_without_mk_is_not_a_tree(cli, tree):
    import shutil
    shutil.rmtree(tree / "mk")
    code, out, err = cli("check", "--no-cache", "--tree", str(tree))
    assert (code, out) == (2, "")
    assert err == f"spkgen check: error: {tree} is not a tree with mk/ and spk/\n"


def test_versions_without_a_resource_are_no_make_runs(cli, tree, fp):
    code, out, err = cli("check", "--no-cache", "--tcversion", "5.2")
    assert (code, err) == (0, "") and not fp.calls
    assert out.endswith("; 0 make runs: 0 from cache, 0 unsupported, 0 failed\n")


def _kinds(out):
    report = json.loads(out)
    return {(p["name"], f["kind"], bool(f.get("suppressed"))) for p in report["packages"]
            for f in p["findings"]}


def test_select_and_ignore_keep_or_drop_rules(cli, fp, tree):
    fake_all(fp, tree)
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--select", "orphan,link-clash")
    assert code == 0        # c's make-failed is not selected
    assert {k for _, k, _ in _kinds(out)} == {"orphan", "link-clash"}
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--ignore", "make-failed,change")
    kinds = {k for _, k, _ in _kinds(out)}
    assert code == 0 and "make-failed" not in kinds and "change" not in kinds and "orphan" in kinds


def test_an_unknown_rule_is_a_usage_error(cli, tree):
    code, out, err = cli("check", "--select", "orphans")
    assert (code, out) == (2, "") and err.startswith(
        "spkgen check: error: --select: unknown rule orphans (rules: make-failed, ")


def test_a_suppression_comment_with_its_reason_marks_the_findings(cli, fp, tree):
    (tree / "spk" / "b" / "Makefile").write_text(
        "SPK_NAME = b\n# spkgen: ignore[orphan] old.sc stays for the DSM 6 branch\n")
    fake_all(fp, tree)
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--package", "b")
    report = json.loads(out)
    orphans = [f for f in report["packages"][0]["findings"] if f["kind"] == "orphan"]
    assert len(orphans) == 2 and all(f["suppressed"] == {
        "kind": "comment", "reason": "old.sc stays for the DSM 6 branch",
        "where": "spk/b/Makefile:2"} for f in orphans)
    assert report["summary"]["warnings"] == 0 and report["summary"]["suppressed"] == 2
    code, out, _ = cli("check", "--no-cache", "--package", "b")
    assert "orphan" not in out and "no build ships" not in out and out.endswith("; 2 suppressed\n")
    sarif = json.loads(cli("check", "--no-cache", "--format", "sarif", "--package", "b")[1])
    suppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert [r["suppressions"] for r in suppressed] == [
        [{"kind": "inSource", "justification": "old.sc stays for the DSM 6 branch"}]] * 2


@pytest.mark.parametrize("comment, severity, message", [
    ("# spkgen: ignore[orphan]", "warning",
     "suppression of orphan without a reason: it suppresses nothing until the reason follows "
     "the ']'"),
    ("# spkgen: ignore[orphans] typo", "warning",
     "suppression names orphans: not a rule that can be suppressed (spkgen check --explain "
     "RULE)"),
    ("# spkgen: ignore orphan because", "warning",
     "not a suppression: write '# spkgen: ignore[RULE,...] REASON'"),
    ("# spkgen: ignore[port-clash] nothing clashes here", "note",
     "suppression of port-clash matches no finding of this package: remove it"),
])
def test_a_suppression_that_cannot_work_is_a_finding(cli, fp, tree, comment, severity, message):
    (tree / "spk" / "b" / "Makefile").write_text(f"SPK_NAME = b\n{comment}\n")
    fp.register(["make", "--version"], stdout="GNU Make 4.3\n", occurrences=10)
    for version in VERSIONS:       # b alone: no port clash with a
        fake(fp, tree, "b", version, FWPORTS="src/b-ports.sc src/old.sc")
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--package", "b")
    findings = json.loads(out)["packages"][0]["findings"]
    found = [f for f in findings if f["kind"] == "suppression"]
    assert [(f["severity"], f["message"], f["file"], f["line"]) for f in found] == [
        (severity, message, "spk/b/Makefile", 2)]
    assert not [f for f in findings if f.get("suppressed")]


def test_a_baseline_lets_only_new_findings_fail(cli, fp, tree):
    fake_all(fp, tree)
    baseline = tree / "baseline.json"
    code, out, err = cli("check", "--no-cache", "--write-baseline", str(baseline))
    assert code == 1 and err.startswith("spkgen check: wrote ")      # c's make error
    assert cli("check", "--no-cache", "--baseline", str(baseline))[0] == 0
    # an edit above a finding moves its line, not its fingerprint; a new error is new
    (tree / "spk" / "c" / "Makefile").write_text("# a comment above\nSPK_NAME = c\n")
    (tree / "spk" / "b" / "src" / "b-ports.sc").write_text(
        '[b]\ntitle="B"\ndst.ports="8080:8081/tcp"\n')
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--baseline", str(baseline))
    report = json.loads(out)
    new = [(p["name"], f["kind"]) for p in report["packages"] for f in p["findings"]
           if f["severity"] == "error" and not f.get("suppressed")]
    assert code == 1 and new == [("b", "protocol-file")]


def test_a_baseline_that_is_not_one_is_a_usage_error(cli, tree):
    (tree / "baseline.json").write_text('{"findings": []}\n')
    code, out, err = cli("check", "--baseline", str(tree / "baseline.json"))
    assert (code, out) == (2, "") and err.startswith(
        f"spkgen check: error: {tree}/baseline.json: not a baseline of this spkgen")


def test_the_fingerprint_ignores_line_numbers_and_versions():
    from spkgen.check.model import Finding
    one = Finding("error", "dependency", "entry at spk/a/Makefile:43 (lines 8-14)", "f", 43)
    two = Finding("error", "dependency", "entry at spk/a/Makefile:51 (lines 9-15)", "f", 51,
                  {"7.2"})
    assert one.fingerprint("a") == two.fingerprint("a") != one.fingerprint("b")
    other = Finding("error", "dependency", "another entry at spk/a/Makefile:43", "f", 43)
    assert other.fingerprint("a") != one.fingerprint("a")


def test_a_conf_folder_holding_only_shipped_protocol_files_is_no_orphan(fp, tree):
    """salt-master: FWPORTS = src/conf/salt-master.sc and no CONF_DIR (nor any conf
    variant): src/conf holds only that file, which ships."""
    conf = tree / "spk" / "a" / "src" / "conf"
    conf.mkdir()
    (conf / "a.sc").write_text('[a]\ntitle="A"\ndesc="A"\ndst.ports="8090/tcp"\n')
    fp.register(["make", "--version"], stdout="GNU Make 4.3\n", occurrences=10)
    for version in VERSIONS:
        fake(fp, tree, "a", version, FWPORTS="src/conf/a.sc")
    assert [m for m in messages(check_tree(str(tree), VERSIONS, ["a"]), "a")
            if m[1] == "orphan"] == []
    (conf / "notes.txt").write_text("more\n")
    orphans = [m[2] for m in messages(check_tree(str(tree), VERSIONS, ["a"]), "a")
               if m[1] == "orphan"]
    assert orphans == ["spk/a/src/conf: warning: src/conf is not shipped: spksrc ships a conf "
                       "folder only when CONF_DIR names it; to ship it, add 'CONF_DIR = "
                       "src/conf/' to spk/a/Makefile"]


def test_an_older_vendored_spkgen_info_without_arch_is_said_not_skipped_silently(cli, fp, tree):
    fp.register(["make", "--version"], stdout="GNU Make 4.3\n", occurrences=10)
    older = block(SPK_NAME="a", TCVERSION="7.2").replace(
        "# makefiles:", "# install SPK_VERS=1.0\n# makefiles:")
    fp.register(make_command(str(tree / "spk" / "a"), "x64", "7.2"), stdout=older)
    code, out, err = cli("check", "--no-cache", "--tcversion", "7.2", "--package", "a")
    assert code == 0
    assert err == ("spkgen check: warning: publish-range and upload were not checked for 1 "
                   "package(s): the tree's mk/spkgen is older than this spkgen (its spkgen-info "
                   "prints no ARCH); run vendor-into again\n")
