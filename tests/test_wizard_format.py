"""check/wizard_format.py and rules/wizard_format.py: wizard files against Synology's
documented format (stand-ins in tests/data/wizard-format, README there)."""
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from spkgen.check.rules.wizard_format import file_problems
from spkgen.check.shell import BLANK, here_documents
from spkgen.check.wizard_format import check_json, fill_template

FOLDER = os.path.join(DATA, "wizard-format")


def problems(kind, name):
    path = os.path.join(FOLDER, kind, name)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    is_template = name.endswith(".mustache")
    found = file_problems(path.replace(".mustache", ""), text, is_template)
    return [f"{line}:{column}: {severity}: {message}"
            for severity, line, column, message in found]


def names(kind):
    return sorted(n for n in os.listdir(os.path.join(FOLDER, kind)) if not n.endswith(".expect"))


@pytest.mark.parametrize("name", names("valid"))
def test_a_valid_wizard_has_no_problem(name):
    assert problems("valid", name) == []


@pytest.mark.parametrize("name", names("invalid"))
def test_each_mistake_is_found_at_its_place(name):
    with open(os.path.join(FOLDER, "invalid", name + ".expect"), encoding="utf-8") as handle:
        expect = handle.read().strip()
    found = problems("invalid", name)
    assert len(found) == 1, found
    assert found[0].startswith(expect), found


def test_every_invalid_stand_in_says_what_it_must_give():
    for name in names("invalid"):
        assert os.path.isfile(os.path.join(FOLDER, "invalid", name + ".expect")), name


def test_computed_values_are_not_judged_but_their_field_names_are():
    text = ('[{"items": [{"type": "' + BLANK * 3 + '", "subitems": [{"hidden": "' + BLANK +
            '", "defaultVaule": "' + BLANK + '"}]}]}]')
    found = check_json(text)
    assert [p.message.split(":")[0] for p in found] == [
        'subitem field "defaultVaule" is not one DSM knows']


def test_templates_with_sections_are_left_alone():
    assert fill_template('[{{#IS_DSM_7}}{"items": []}{{/IS_DSM_7}}]') is None
    assert fill_template('"{{{A}}}{{B}}"') == '"' + BLANK * 12 + '"'


def test_other_json_a_script_writes_is_not_a_step():
    assert check_json('{"volume": "/volume1", "defaultVaule": 1}', step_only=True) == []


_WIZARDISH = st.text(alphabet=st.sampled_from(list('[]{}",:\\$()`\'<>#\n\t abEOFkeytype'
                                                    'subitemsdefaultValue0123456789-_')),
                     max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=_WIZARDISH, name=st.sampled_from(["install_uifile", "install_uifile.sh"]),
       is_template=st.booleans())
def test_no_text_makes_the_rule_fail(text, name, is_template):
    """Whatever a wizard file holds, its problems are a list of located problems."""
    for severity, line, column, message in file_problems(name, text, is_template):
        assert severity in ("error", "warning") and line >= 1 and column >= 1 and message


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_here_documents_and_json_of_any_text(text):
    for document in here_documents(text + "\n" + "x=$(cat <<EOF\n" + text + "\nEOF\n)"):
        check_json(document.text, step_only=True)
    check_json(text)
