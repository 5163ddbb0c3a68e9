"""jsonfile.py: the strict JSON reader of static resources (every error at FILE:LINE:COL,
with the static resource's code) and locate()."""
import json

import pytest

from spkgen.errors import STATIC_RESOURCE, SpkgenError
from spkgen.jsonfile import MAX_DEPTH, locate, parse_object, read_object


@pytest.mark.parametrize("text,location,message", [
    ('{\n  "a": 1,\n}', (2, 9), "invalid JSON: trailing comma before '}'"),
    ('{"a": [1,]}', (1, 9), "invalid JSON: trailing comma before ']'"),
    ('{"a": [1 2]}', (1, 10), "invalid JSON: Expecting ',' delimiter"),
    ('[]', (1, 1), "a resource file must hold a JSON object ({...})"),
    ('"text"', (1, 1), "a resource file must hold a JSON object ({...})"),
    ('{\n "x": {},\n "x": {}\n}', (3, 2), 'key "x" appears twice in one object'),
    ('{"a": {"x": 1}, "b": {"x": 1, "y": {"x": 2, "x": 3}}}', (1, 45),
     'key "x" appears twice in one object'),
    ('{"a": NaN}', (1, 7), "invalid JSON: NaN is not a JSON value"),
    ('{"a": -Infinity}', (1, 7), "invalid JSON: -Infinity is not a JSON value"),
    ('{"a":\n 1e400}', (2, 2), "invalid JSON: the number 1e400 is too large for a JSON reader "
                               "(not finite)"),
    ('{"a": ' + "9" * 4301 + "}", (1, 7), "invalid JSON: an integer of 4301 digits (at most 4300)"),
    ('{"a": "x\\udc00"}', (1, 9), "invalid JSON: '\\udc00' is half of a UTF-16 surrogate pair, "
                                  "not a character"),
    ('{"a":' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}", (1, 5 + MAX_DEPTH),   # {: one level
     f"invalid JSON: nested deeper than {MAX_DEPTH} levels"),
    ('', (1, 1), "invalid JSON: Expecting value"),
])
def test_invalid_json_is_located(text, location, message):
    with pytest.raises(SpkgenError) as info:
        parse_object(text, "src/conf/resource")
    error = info.value
    assert (error.file, (error.line, error.column), error.message) == (
        "src/conf/resource", location, message)
    assert [d.code for d in error.diagnostics] == [STATIC_RESOURCE]


@pytest.mark.parametrize("text", [
    '{"a": {"x": 1}, "b": {"x": 1}}',                     # the same key in two objects
    '{"a": "\\ud83d\\ude00", "b": "[{\\""}',               # a surrogate pair; brackets in strings
    '{"a":' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}",
    '{"a": ' + "9" * 4300 + ', "b": 1e308, "c": -0.0}',
])
def test_valid_json_at_the_limits_reads(text):
    assert parse_object(text, "r") == json.loads(text)


def test_key_order_is_kept():
    assert list(parse_object('{"z": 1, "a": 2, "m": 3}', "r")) == ["z", "a", "m"]


def test_read_object_gives_the_text_as_read(tmp_path):
    path = tmp_path / "resource"
    path.write_bytes('{"a": "é",\r\n "b": 1}'.encode())
    value, text = read_object(str(path), "src/conf/resource")
    assert value == {"a": "é", "b": 1}
    assert text == '{"a": "é",\r\n "b": 1}'


@pytest.mark.parametrize("content, message", [
    (None, "src/conf/resource: error: cannot read: No such file or directory"),
    (b'{"a": "\xff"}', "src/conf/resource:1:8: error: not valid UTF-8 (byte 0xff)"),
    (b'{"a": 1,}', "src/conf/resource:1:8: error: invalid JSON: trailing comma before '}'"),
])
def test_read_object_errors_carry_the_static_resource_code(tmp_path, content, message):
    path = tmp_path / "resource"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SpkgenError) as info:
        read_object(str(path), "src/conf/resource")
    assert str(info.value) == message
    assert [d.code for d in info.value.diagnostics] == [STATIC_RESOURCE]


TEXT = """{
  "usr-local-linker": {"bin": ["bin/a", "bin/b"]},
  "webservice": {
    "services": [
      {"service": "one"},
      {"service": "two", "php": {"backend": 11}}
    ]
  }
}
"""


@pytest.mark.parametrize("path, location", [
    ((), (1, 1)),
    (("usr-local-linker",), (2, 23)),
    (("usr-local-linker", "bin", 1), (2, 41)),
    (("webservice", "services", 1, "php", "backend"), (6, 45)),
    (("webservice", "services", 0), (5, 7)),
    (("webservice", "missing"), (3, 17)),                  # the closest enclosing value
    (("webservice", "services", 5), (4, 17)),              # beyond the list's end
    (("usr-local-linker", "bin", "not-a-key"), (2, 31)),   # a key into a list
])
def test_locate_gives_line_and_column(path, location):
    parse_object(TEXT, "r")                                # locate reads texts that parse
    assert locate(TEXT, path) == location
