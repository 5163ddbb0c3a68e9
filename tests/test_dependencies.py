"""check/dependencies.py: SPK_DEPENDS and PKG_DEPS as DSM reads them, versions as DSM orders them."""
import pytest

from spkgen.check.dependencies import parse_depends, read_pkg_deps, satisfies, version_key
from spkgen.dsm import Version
from spkgen.errors import SpkgenError


def test_entries_with_and_without_bounds_and_quotes():
    deps = parse_depends('"python>2.7.3-3:git:erlang>=26.0:erlang<26.3:Node.js_v22:x=1"')
    assert [(d.name, d.op, d.version) for d in deps] == [
        ("python", ">", "2.7.3-3"), ("git", None, None), ("erlang", ">=", "26.0"),
        ("erlang", "<", "26.3"), ("Node.js_v22", None, None), ("x", "=", "1")]


@pytest.mark.parametrize("value", ["a>=", ">=1", "a b"])
def test_a_malformed_entry_is_named(value):
    with pytest.raises(SpkgenError) as info:
        parse_depends(value, "spk/p/Makefile", 4)
    assert str(info.value).startswith("spk/p/Makefile:4: error: '")


@pytest.mark.parametrize("version, op, bound, expected", [
    ("2.7.18-5", ">", "2.7.3-3", True),      # by number, not by text
    ("3.14.5-4", ">=", "3.14.5-4", True),
    ("26.3", "<", "26.3", False),
    ("1.0-1", "<", "2", True),
    ("10.0", ">", "9.9", True),
    ("1.2", "=", "1.2", True),
])
def test_versions_compare_part_by_part(version, op, bound, expected):
    assert satisfies(version, op, bound) is expected


def test_a_part_that_is_not_a_number_sorts_after_numbers():
    assert version_key("1.0") < version_key("1.beta")


def test_pkg_deps_sections_apply_to_their_dsm_versions(tmp_path):
    path = tmp_path / "PKG_DEPS"
    path.write_text("[a]\npkg_min_ver=2.0\npkg_max_ver=3.0\ndsm_max_ver=7.1-42661\n"
                    "[b]\nos_min_ver=7.2-64570\n")
    old = read_pkg_deps(str(path), Version.parse("7.1"))
    new = read_pkg_deps(str(path), Version.parse("7.2"))
    assert [(d.name, d.op, d.version, d.line) for d in old] == [
        ("a", ">=", "2.0", 1), ("a", "<=", "3.0", 1)]
    assert [(d.name, d.op, d.line) for d in new] == [("b", None, 5)]


def test_a_pkg_deps_file_that_is_not_ini_is_named(tmp_path):
    path = tmp_path / "PKG_DEPS"
    path.write_text("pkg_min_ver=1\n")
    with pytest.raises(SpkgenError) as info:
        read_pkg_deps(str(path), Version.parse("7.2"))
    assert str(info.value).startswith(f"{path}: error: cannot read PKG_DEPS")
