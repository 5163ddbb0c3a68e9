"""makeinfo: one make run per package and version, make itself faked (pytest-subprocess)."""
import signal
import subprocess

import pytest

from spkgen.check.makeinfo import ask_make, make_command, parse_answer
from spkgen.errors import SpkgenError

COMMAND = make_command("spk/pkg", "x64", "7.2")
BLOCK = """\
# spkgen-info begin
# written by mk/spkgen.mk, read by 'spkgen build'
SPK_NAME=pkg
TCVERSION=7.2
SERVICE_PORT=8080
SPK_COMMANDS=bin/a  bin/b{TRAILING}
# makefiles: /t/spk/pkg/Makefile /t/mk/spksrc.common.mk /t/spk/pkg/Makefile
# spkgen-info end
""".replace("{TRAILING}", " ")     # a stray space make keeps (written so, as linters strip it)


def test_success(fp):
    fp.register(COMMAND, stdout="something the package printed\n" + BLOCK)
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=10)
    assert answer.status == "ok"
    # values verbatim: the model of spksrc needs the stray spaces
    assert answer.values == {"SPK_NAME": "pkg", "TCVERSION": "7.2", "SERVICE_PORT": "8080",
                             "SPK_COMMANDS": "bin/a  bin/b "}
    assert answer.makefiles == ("/t/spk/pkg/Makefile", "/t/mk/spksrc.common.mk")
    assert fp.call_count(COMMAND) == 1


def test_make_failing_reports_its_last_lines(fp):
    stderr = "".join(f"line {n}\n" for n in range(8)) + "Makefile:3: *** missing separator.  Stop.\n"
    fp.register(COMMAND, stderr=stderr, returncode=2)
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=10)
    assert (answer.status, answer.detail) == ("failed", "make exited with status 2")
    assert answer.tail == ("line 4", "line 5", "line 6", "line 7",
                           "Makefile:3: *** missing separator.  Stop.")


@pytest.mark.parametrize("stderr, detail", [
    ("../../mk/spksrc.rules/pre-check.mk:106: *** DSM Toolchain 6.2.4 is lower than 7.0.  Stop.",
     "DSM Toolchain 6.2.4 is lower than 7.0"),
    ("../../mk/spksrc.rules/pre-check.mk:32: *** ffmpeg5: Broken package.  Stop.",
     "ffmpeg5: Broken package"),
    ("Makefile:9: *** Arch 'x64-7.1' is not a supported architecture.  Stop.",
     "Arch 'x64-7.1' is not a supported architecture"),
])
def test_spksrc_pre_check_means_unsupported(fp, stderr, detail):
    fp.register(COMMAND, stderr=stderr + "\n", returncode=2)
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=10)
    assert (answer.status, answer.detail) == ("unsupported", detail)


def test_tree_without_the_plugin(fp):
    fp.register(COMMAND, stderr="make: *** No rule to make target 'spkgen-info'.  Stop.\n",
                returncode=2)
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=10)
    assert answer.status == "failed"
    assert answer.detail == ("make has no spkgen-info target here: is spkgen included in "
                             "this tree (scripts/vendor-into)?")


def test_hang_past_the_timeout(fp, monkeypatch):
    """pytest-subprocess's communicate() ignores its timeout: this fake make hangs until
    killed (test_check_make.py kills a real hanging make)."""
    from pytest_subprocess.fake_popen import FakePopen

    def hanging(self, input=None, timeout=None):
        if timeout is not None and signal.SIGKILL not in self.received_signals():
            raise subprocess.TimeoutExpired(self.args, timeout)
        return b"", b"parsing...\n"
    monkeypatch.setattr(FakePopen, "communicate", hanging)
    recorder = fp.register(COMMAND)
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=0.2)
    assert (answer.status, answer.detail) == ("timeout", "make did not finish within 0.2 s")
    assert answer.tail == ("parsing...",)
    assert signal.SIGKILL in recorder.calls[0].received_signals()


@pytest.mark.parametrize("stdout, detail", [
    ("\x00\xff garbage\n", "make printed no spkgen-info block"),
    ("# spkgen-info begin\nSPK_NAME=pkg\n", "the spkgen-info block has no end marker"),
    ("# spkgen-info begin\nTCVERSION=7.2\n# spkgen-info end\n",
     "the spkgen-info block has no SPK_NAME line"),
    ("# spkgen-info begin\nSPK_NAME=a\nSPK_NAME=b\n# spkgen-info end\n", "'SPK_NAME' is given twice"),
    ("# spkgen-info begin\nwhat is this\n# spkgen-info end\n",
     "expected NAME=value, got 'what is this'"),
])
def test_garbage_on_stdout(fp, stdout, detail):
    fp.register(COMMAND, stdout=stdout)
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=10)
    assert (answer.status, answer.detail) == ("failed", detail)


def test_make_missing():
    answer = ask_make("spk/pkg", "x64", "7.2", timeout=10, make="/nonexistent/make")
    assert (answer.status, answer.detail) == ("failed",
                                              "cannot run /nonexistent/make: No such file or directory")


def test_parse_answer_names_the_source():
    with pytest.raises(SpkgenError) as info:
        parse_answer("# spkgen-info begin\nNOPE=1\n# spkgen-info end\n", "make -C spk/x")
    assert str(info.value).startswith("make -C spk/x:1: error: unknown variable 'NOPE'")


def test_trees_that_fetch_the_toolchain_at_parse_time_are_parsed_with_tc_empty(tmp_path):
    """spksrc before 2026-02 downloads an arch package's toolchain while make parses it
    (a rule for its included tc_vars.mk); 'TC=' skips that, later trees need nothing."""
    for name, rule in (("old", "$(TC_VARS_MK):\n\t$(MAKE) -C ../../toolchain/$(TC)\n"),
                       ("new", "$(TCVARS_DONE):\n\t@touch $@\n")):
        (tmp_path / name / "mk").mkdir(parents=True)
        (tmp_path / name / "mk" / "spksrc.cross-env.mk").write_text(rule)
    old = make_command(str(tmp_path / "old" / "spk" / "pkg"), "x64", "7.0")
    new = make_command(str(tmp_path / "new" / "spk" / "pkg"), "x64", "7.0")
    assert old[-2:] == ["TC=", "spkgen-info"]
    assert new[-2:] == ["TCVERSION=7.0", "spkgen-info"]
