import pytest
from hypothesis import given
from hypothesis import strategies as st

from spkgen.errors import SpkgenError
from spkgen.ports import PortGroup, PortList, PortRange, parse_ports


@pytest.mark.parametrize("text,groups", [
    ("8080/tcp", [((8080, 8080),), ("tcp",)]),
    ("6600,6680/tcp", [((6600, 6600), (6680, 6680)), ("tcp",)]),
    ("2812/tcp,udp", [((2812, 2812),), ("tcp", "udp")]),
    ("6885:6999/udp", [((6885, 6999),), ("udp",)]),
    ("21116", [((21116, 21116),), ()]),
])
def test_single_group_forms(text, groups):
    ports, protocols = groups
    assert parse_ports(text) == PortList((PortGroup(
        tuple(PortRange(*p) for p in ports), protocols),))


def test_repeated_pairs_and_placeholder():
    value = parse_ports("53/udp,53/tcp,{{wizard_port}}/tcp")
    assert [str(g) for g in value.groups] == ["53/udp", "53/tcp", "{{wizard_port}}/tcp"]
    assert value.covers(53, "udp") and value.covers(53, "tcp")
    assert not value.covers(54, "tcp")


def test_no_protocol_means_both_and_ranges_cover():
    assert parse_ports("21116").covers(21116, "udp")
    assert parse_ports("7000:8000/tcp").covers(7500, "tcp")
    assert not parse_ports("7000:8000/tcp").covers(7500, "udp")


@pytest.mark.parametrize("text, low, high", [
    ("80:80", 80, 80),                 # a range of one port is valid
    ("1:1/tcp", 1, 1),
    ("65535:65535/udp", 65535, 65535),
    ("1:65535", 1, 65535),
    ("8000:8001/tcp", 8000, 8001),     # two ports, the smallest range of two
])
def test_range_boundaries(text, low, high):
    [group] = parse_ports(text).groups
    assert group.ports == (PortRange(low, high),)


def test_a_range_of_one_port_is_one_port():
    value = parse_ports("80:80/tcp")
    assert str(value) == "80/tcp" and value.slots == 1
    assert value.covers(80, "tcp") and not value.covers(79, "tcp") and not value.covers(81, "tcp")


def test_a_range_covers_its_ends_and_nothing_beyond():
    value = parse_ports("8000:8010/tcp")
    assert [p for p in range(7998, 8013) if value.covers(p, "tcp")] == list(range(8000, 8011))


def test_slots_count_ranges_twice():
    assert parse_ports("1,2,3:4/tcp").slots == 4


@pytest.mark.parametrize("text,message", [
    ("80,/tcp", "empty item in port list '80,/tcp'"),
    ("80,,81", "empty item in port list '80,,81'"),
    ("7000-8000/tcp", "'7000-8000' in '7000-8000/tcp': a port range is written LOW:HIGH "
                      "('7000:8000'), not with '-'"),
    ("0", "port 0 in '0' is outside 1..65535"),
    ("65536/udp", "port 65536 in '65536/udp' is outside 1..65535"),
    ("9:1", "range '9:1' in '9:1' is reversed (write 1:9)"),
    ("81:80/tcp", "range '81:80' in '81:80/tcp' is reversed (write 80:81)"),   # by one
    ("80/TCP", "unknown protocol 'TCP' in '80/TCP' (expected tcp or udp)"),
    ("80/tcp,tcp", "protocol 'tcp' given twice in '80/tcp,tcp'"),
    ("80/", "missing protocol after '/' in '80/'"),
    ("http", "'http' in 'http' is not a port number"),
    ("1:", "'1:' in '1:' is not a port range (LOW:HIGH)"),
    ("", "empty port list"),
    ("80 /tcp", "white space inside port list '80 /tcp'"),
])
def test_invalid(text, message):
    with pytest.raises(SpkgenError) as info:
        parse_ports(text)
    assert info.value.message == message


_port = st.one_of(
    st.integers(1, 65535).map(lambda p: PortRange(p, p)),
    st.tuples(st.integers(1, 65535), st.integers(1, 65535)).map(
        lambda t: PortRange(min(t), max(t))),
    st.from_regex(r"\{\{wizard_[a-z]{1,8}\}\}", fullmatch=True))
_protocols = st.sampled_from([("tcp",), ("udp",), ("tcp", "udp"), ("udp", "tcp")])


@st.composite
def port_lists(draw):
    groups = [PortGroup(tuple(draw(st.lists(_port, min_size=1, max_size=4))), draw(_protocols))
              for _ in range(draw(st.integers(0, 3)))]
    if not groups or draw(st.booleans()):
        groups.append(PortGroup(tuple(draw(st.lists(_port, min_size=1, max_size=3))), ()))
    return PortList(tuple(groups))


@given(port_lists())
def test_canonical_rendering_round_trips(value):
    assert parse_ports(str(value)) == value
