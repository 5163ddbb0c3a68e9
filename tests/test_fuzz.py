"""Arbitrary text and bytes: the .sc parser and the static-resource loader raise only
spkgen's own error type, never a bare Python exception."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from spkgen.errors import Diagnostics, SpkgenError
from spkgen.jsonfile import parse_object
from spkgen.protocol import decode_text, parse_protocol_text
from spkgen.resource import render

_sc_like = st.lists(st.sampled_from([
    "[a]", "[b.c-d]", "[]", "[x", "title=\"t\"", "desc=d", "dst.ports=\"80/tcp\"",
    "dst.ports=1:2,3/udp,tcp", "port_forward=yes", "  indented", "#c", ";c", "=", "k=\"",
    "src.ports=", "dst.ports={{w}}"]) | st.text(max_size=12), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), _sc_like.map(lambda t: t.encode("utf-8"))))
def test_protocol_parser_raises_only_spkgen_errors(data):
    diags = Diagnostics()
    try:
        services = parse_protocol_text(decode_text(data, "f.sc"), "f.sc", diags)
    except SpkgenError as exc:
        assert exc.file == "f.sc" and exc.message
        return
    assert all(d.file == "f.sc" for d in diags)
    assert bool(diags.errors) or all(s.dst_ports.groups for s in services)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                              lambda c: st.lists(c, max_size=3) | st.dictionaries(
                                  st.text(max_size=3), c, max_size=3)).map(repr)))
def test_static_loader_raises_only_spkgen_errors(text):
    try:
        result = parse_object(text, "r")
    except SpkgenError as exc:
        assert exc.file == "r" and exc.message
        return
    assert isinstance(result, dict)
    written = render(result).encode("utf-8")        # writes never raise
    assert json.loads(written) == result            # and are valid JSON


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=4), st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=4)),
    max_size=4).map(lambda d: "{" + ", ".join(
        f"{json.dumps(k)}: {v if isinstance(v, (int, float)) else json.dumps(v)}"
        for k, v in d.items()) + "}") | st.from_regex(r'\{"a": "(\\u[dD][0-9a-fA-F]{3}){1,3}"\}',
                                                    fullmatch=True))
def test_numbers_and_escapes_are_written_back_or_refused(text):
    try:
        result = parse_object(text, "r")
    except SpkgenError as exc:
        assert exc.file == "r" and exc.line and exc.column
        return
    assert json.loads(render(result).encode("utf-8")) == result
