"""check/shell.py: what sh makes of a recipe line, what dash's echo prints, and a script's
here-documents."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spkgen.check.shell import BLANK, dash_echo, here_documents, words


@pytest.mark.parametrize("line, found", [
    ('key=\\"value\\"', ['key="value"']),
    ('key=\\""quoted"\\"', ['key="quoted"']),
    ("a   b\tc", ["a", "b", "c"]),
    ("'single $X \\n' \"dq \\$ \\\" \\n\"", ["single $X \\n", 'dq $ " \\n']),
    ("a\\ b \\( \\&", ["a b", "(", "&"]),
    ("x $UNSET${ALSO} y $ z", ["x", "", "y", "$", "z"]),
    ("word # a comment", ["word"]),
    ("a#b", ["a#b"]),
])
def test_words_after_quote_removal(line, found):
    assert words(line) == found


@pytest.mark.parametrize("line", ['"unclosed', "'unclosed", "a & b", "a ; b", "a | b",
                                  "a > f", "(a)", "a $(date) b", 'a "`date`" b'])
def test_what_is_not_one_plain_echo_is_none(line):
    assert words(line) is None


def test_dash_echo_reads_its_escapes():
    assert dash_echo(["a\\nb", "c"]) == "a\nb c"
    assert dash_echo(["tab\\there", "back\\\\slash", "\\0101"]) == "tab\there back\\slash A"
    assert dash_echo(["stop\\cnot", "this"]) == "stop"
    assert dash_echo(['keep \\" and \\q']) == 'keep \\" and \\q'



@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=200))
def test_any_line_gives_words_or_none(text):
    found = words(text)
    assert found is None or all(isinstance(w, str) for w in found)
    if found is not None:
        assert isinstance(dash_echo(found), str)


def test_here_documents_are_what_the_shell_prints_with_expansions_blanked():
    script = ('A=$(cat <<EOF\n{"k": "${X}", "c": "$(f "a)b")", "d": "\\$HOME \\\\ \\`"}\n'
              "EOF\n)\nB=$(cat <<'RAW'\n{\"k\": \"${X}\"}\nRAW\n)\n"
              "C=$(cat <<-TABS\n\t{\"t\": 1}\n\tTABS\n)\n")
    first, quoted, tabs = here_documents(script)
    assert (first.first_line, quoted.first_line, tabs.first_line) == (2, 6, 10)
    assert first.text == ('{"k": "' + BLANK * 4 + '", "c": "' + BLANK * 10 +
                          '", "d": "$HOME \\ `"}')
    assert quoted.text == '{"k": "${X}"}'          # a quoted delimiter: no expansion
    assert tabs.text == '{"t": 1}'
