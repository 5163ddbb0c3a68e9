"""Wizard files against the format Synology documents (rule ``wizard-format``).

A wizard (``install_uifile``, ``upgrade_uifile``, ``uninstall_uifile``, maybe with a
language suffix) is a JSON array of steps; a step has ``items``, an item a ``type`` and
``subitems``, a subitem a ``key``, a ``defaultValue`` and a ``validator``.  DSM renders it
with ExtJS and puts each key's value in the scripts' environment.  Where DSM's guide is
silent about a mistake, DSM is too: a misspelt field is ignored, ``"hidden": "false"`` is
a true value in JavaScript, a ``type`` it does not know shows nothing.  spksrc checks
only that a rendered template parses (jq); its static files and scripts not at all.

The fields and their JSON types are those of Synology's developer guide (WIZARD_UIFILES,
DSM 6 edition), whose tables survive whole in vletroye/Mods' Mods/Resources/
HelpSynoWizard.csv (60fdc43); the guide's [7.2.2] page adds ``custom_render_fn`` and
``custom_render_name``.  A few fields real packages use that no text documents are
accepted too (``invalid_next_disabled_v2``, ``activate_v2``, ``deactivate_v2``,
``api_store``'s ``method`` and ``version``, ``indent``); an item without ``type`` is a
text-only item.  The sources are listed in README's "Rules" section.

What is reported, each at FILE:LINE:COL:
- errors: a static file or template that is not JSON (templates once their ``{{X}}`` are
  filled in), a wizard that is not an array of steps, a step, item or subitem that is not
  an object, ``items``/``subitems`` not arrays, ``validator``/``regex`` not objects, an item
  ``type`` DSM does not know;
- warnings: a field spelt like a documented one but not it (``defaultVaule``), a boolean
  field given a string or number, a select's ``defaultValue`` that is not true or false,
  a ``vtype`` DSM does not know, a ``regex.expr`` not written /pattern/flags.
Fields no text names and not close to a documented one are left alone: the documented
list is from DSM 6, and DSM accepts more.

Scripts (``*.sh``) are read, never run: each here-document of theirs that is JSON once
the shell's expansions (``$(...)``, ``${X}``, ``$X``) are blanked out is checked as a step
or a wizard; one holding wizard fields that is not JSON that way (an expansion outside a
string) is a note, as is a template with {{#sections}}: not checked, and said.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..jsonfile import locate
from .shell import BLANK

TYPES = ("singleselect", "multiselect", "textfield", "password", "combobox")
VTYPES = ("alpha", "alphanum", "email", "url")
BOOL, NUMBER, STRING, OBJECT, ARRAY, ANY = "boolean", "number", "string", "object", "array", "any"

STEP = {"step_title": STRING, "items": ARRAY, "activeate": STRING, "deactivate": STRING,
        "invalid_next_disabled": BOOL, "invalid_next_disabled_v2": BOOL,
        "activate_v2": STRING, "deactivate_v2": STRING, "custom_render_fn": STRING,
        "custom_render_name": STRING}
ITEM = {"type": STRING, "desc": STRING, "subitems": ARRAY}
SUBITEM = {"key": STRING, "desc": STRING, "defaultValue": ANY, "emptyText": STRING,
           "validator": OBJECT, "width": ANY, "height": ANY, "disabled": BOOL,
           "hidden": BOOL, "invalidText": STRING, "preventMark": BOOL, "indent": ANY,
           "blankText": STRING, "grow": BOOL, "growMax": ANY, "growMin": ANY,
           "htmlEncode": BOOL, "maxLengthText": STRING, "minLengthText": STRING,
           # combobox
           "api_store": OBJECT, "store": ANY, "displayField": STRING, "valueField": STRING,
           "mode": STRING, "editable": BOOL, "autoSelect": BOOL, "forceSelection": BOOL,
           "pageSize": ANY, "handleHeight": ANY, "listAlign": ANY, "listEmptyText": ANY,
           "listWidth": ANY, "maxHeight": ANY, "minChars": ANY, "minHeight": ANY,
           "minListWidth": ANY, "queryDelay": ANY, "resizable": BOOL, "selectOnFocus": BOOL,
           "title": ANY, "typeAhead": BOOL, "typeAheadDelay": ANY}
VALIDATOR = {"allowBlank": BOOL, "minLength": ANY, "maxLength": ANY, "vtype": STRING,
             "regex": OBJECT, "fn": STRING, "blankText": STRING, "minLengthText": STRING,
             "maxLengthText": STRING}
REGEX = {"expr": STRING, "errorText": STRING}
STORE = {"baseParams": ANY, "data": ANY, "fields": ANY, "idProperty": ANY, "root": ANY,
         "displayField": ANY, "valueField": ANY, "xtype": ANY, "api": ANY, "method": ANY,
         "version": ANY}
_SELECTS = ("singleselect", "multiselect")
# Values that stand for what only a run knows (shell.BLANK) are not judged.


def _computed(value: Any) -> bool:
    return isinstance(value, str) and BLANK in value
_JS_REGEX = re.compile(r"^/.*/[dgimsuyv]*$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    severity: Literal["error", "warning"]
    line: int
    column: int
    message: str


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, str):
        return STRING
    return OBJECT if isinstance(value, dict) else ARRAY if isinstance(value, list) else "null"


class _Checker:
    """The problems of one parsed wizard text; locations through jsonfile.locate."""

    def __init__(self, text: str, line_offset: int) -> None:
        self.text, self.line_offset = text, line_offset
        self.problems: list[Problem] = []

    def add(self, severity: Literal["error", "warning"], path: tuple[Any, ...],
            message: str) -> None:
        try:
            line, column = locate(self.text, path)
        except Exception:           # noqa: BLE001 - a location is a help, never a failure
            line, column = 1, 1
        self.problems.append(Problem(severity, line + self.line_offset, column, message))

    def fields(self, value: dict[str, Any], path: tuple[Any, ...], known: dict[str, str],
               what: str) -> None:
        """Misspelt field names, and booleans given as something else."""
        for name, field_value in value.items():
            if _computed(name):
                continue
            if name in known:
                if _computed(field_value):
                    continue
                if known[name] == BOOL and not isinstance(field_value, bool):
                    truth = "true" if field_value not in ("", 0, None) else "false"
                    self.add("warning", path + (name,),
                             f"{what} field \"{name}\" is {json.dumps(field_value)}, not true "
                             f"or false: DSM's JavaScript takes it as {truth}")
                elif known[name] in (OBJECT, ARRAY, STRING) and \
                        _json_type(field_value) != known[name] and \
                        not (known[name] == STRING and field_value is None):
                    self.add("error" if known[name] in (OBJECT, ARRAY) else "warning",
                             path + (name,),
                             f"{what} field \"{name}\" is {_json_type(field_value)}, where "
                             f"DSM takes {'an' if known[name][0] in 'aeiou' else 'a'} "
                             f"{known[name]}")
                continue
            close = [k for k in known if k.lower() == name.lower()] or \
                difflib.get_close_matches(name, list(known), n=1, cutoff=0.84)
            if close:
                self.add("warning", path + (name,),
                         f"{what} field \"{name}\" is not one DSM knows: did you mean "
                         f"\"{close[0]}\"? (DSM ignores it)")

    def wizard(self, value: Any) -> None:
        if not isinstance(value, list):
            self.add("error", (), f"a wizard is an array of steps, not {_json_type(value)}")
            return
        for index, step in enumerate(value):
            self.step(step, (index,))

    def piece(self, value: Any, path: tuple[Any, ...]) -> None:
        """A here-document's JSON: a wizard, a step or an item; other JSON is left alone."""
        if isinstance(value, list):
            self.wizard(value)
        elif isinstance(value, dict) and ("items" in value or "step_title" in value):
            self.step(value, path)
        elif isinstance(value, dict) and ("subitems" in value or "type" in value):
            self.item(value, path)

    def step(self, step: Any, path: tuple[Any, ...]) -> None:
        if not isinstance(step, dict):
            self.add("error", path, f"a step is an object, not {_json_type(step)}")
            return
        self.fields(step, path, STEP, "step")
        items = step.get("items")
        if isinstance(items, list):
            for index, item in enumerate(items):
                self.item(item, path + ("items", index))

    def item(self, item: Any, path: tuple[Any, ...]) -> None:
        if not isinstance(item, dict):
            self.add("error", path, f"an item is an object, not {_json_type(item)}")
            return
        self.fields(item, path, ITEM, "item")
        kind = item.get("type")
        if isinstance(kind, str) and kind not in TYPES and not _computed(kind):
            close = difflib.get_close_matches(kind, TYPES, n=1, cutoff=0.6)
            self.add("error", path + ("type",),
                     f"item type \"{kind}\" is not one DSM knows ({', '.join(TYPES)})"
                     + (f": did you mean \"{close[0]}\"?" if close else ""))
        subitems = item.get("subitems")
        if isinstance(subitems, list):
            for index, sub in enumerate(subitems):
                self.subitem(sub, path + ("subitems", index), kind)

    def subitem(self, sub: Any, path: tuple[Any, ...], kind: Any) -> None:
        if not isinstance(sub, dict):
            self.add("error", path, f"a subitem is an object, not {_json_type(sub)}")
            return
        self.fields(sub, path, SUBITEM, "subitem")
        if kind in _SELECTS and "defaultValue" in sub and \
                not isinstance(sub["defaultValue"], bool) and \
                not _computed(sub["defaultValue"]):
            self.add("warning", path + ("defaultValue",),
                     f"defaultValue {json.dumps(sub['defaultValue'])} of a {kind} subitem: "
                     "DSM takes true or false (a radio button or checkbox is set or not)")
        validator = sub.get("validator")
        if isinstance(validator, dict):
            self.validator(validator, path + ("validator",))
        for name in ("api_store", "store"):
            if isinstance(sub.get(name), dict):
                self.fields(sub[name], path + (name,), STORE, name)

    def validator(self, validator: dict[str, Any], path: tuple[Any, ...]) -> None:
        self.fields(validator, path, VALIDATOR, "validator")
        vtype = validator.get("vtype")
        if isinstance(vtype, str) and vtype not in VTYPES and not _computed(vtype):
            self.add("warning", path + ("vtype",), f"vtype \"{vtype}\" is not one DSM knows "
                     f"({', '.join(VTYPES)})")
        regex = validator.get("regex")
        if isinstance(regex, dict):
            self.fields(regex, path + ("regex",), REGEX, "regex")
            expr = regex.get("expr")
            if isinstance(expr, str) and not _JS_REGEX.match(expr) and not _computed(expr):
                self.add("warning", path + ("regex", "expr"),
                         f"regex expr {json.dumps(expr)} is not written /pattern/flags, as "
                         "DSM takes a JavaScript regular expression")


def check_json(text: str, *, line_offset: int = 0, step_only: bool = False
               ) -> list[Problem] | None:
    """The problems of a wizard text; None when it is not JSON (the caller says so, or
    not).  step_only: a script's here-document, holding a wizard, a step, an item or
    several steps or items joined by commas (the script splices them together)."""
    try:
        value = json.loads(text)
    except ValueError:
        if not step_only:
            return None
        try:                       # '{...}, {...}': pieces of an array
            value = json.loads(f"[{text}]")
        except ValueError:
            return None
        text = f"[{text}]"
        step_only = False
        checker = _Checker(text, line_offset)
        for index, piece in enumerate(value):
            checker.piece(piece, (index,))
        return checker.problems
    checker = _Checker(text, line_offset)
    if step_only:
        checker.piece(value, ())
    else:
        checker.wizard(value)
    return checker.problems


def json_error(text: str) -> tuple[int, int, str]:
    """Where and why text is not JSON."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.lineno, exc.colno, exc.msg
    return 1, 1, "not JSON"


_MUSTACHE = re.compile(r"\{\{\{[^{}]*\}\}\}|\{\{[^{}]*\}\}")
_SECTION = re.compile(r"\{\{\s*[#^/]")


def fill_template(text: str) -> str | None:
    """A mustache template with every {{X}} and {{{X}}} blanked out (BLANKs of the same
    length, so columns stay); None for one with sections, whose JSON depends on them."""
    if _SECTION.search(text):
        return None
    return _MUSTACHE.sub(lambda m: BLANK * len(m.group(0)), text)
