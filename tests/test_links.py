import pytest
from hypothesis import given
from hypothesis import strategies as st

from spkgen.errors import Diagnostics, SpkgenError
from spkgen.links import (
    Link,
    add_to_static,
    as_worker,
    from_worker,
    merge,
    parse_commands,
    parse_links,
)


def test_commands_all_go_to_bin():
    diags = Diagnostics()
    links = parse_commands("bin/a sbin/b lib/c", diags)
    assert as_worker(links) == {"bin": ["bin/a", "sbin/b", "lib/c"]} and not diags.items


@pytest.mark.parametrize("value,shipped", [
    # 'SPK_COMMANDS = bin/a bin/b ' then 'SPK_COMMANDS += bin/c': make gives two blanks
    ("bin/a bin/b  bin/c", ["bin/a", "bin/b", "", "bin/c"]),
    ("bin/a ", ["bin/a", ""]),
    (" bin/a  bin/b", ["", "bin/a", "", "bin/b"]),
])
def test_an_empty_spk_commands_entry_ships_as_spksrc_ships_it_with_a_warning(value, shipped):
    diags = Diagnostics()
    links = merge([parse_commands(value, diags)], diags)
    assert as_worker(links) == {"bin": shipped}
    empties = shipped.count("")
    assert [str(d) for d in diags] == [
        f"SPK_COMMANDS: warning: {empties} empty entr{'y' if empties == 1 else 'ies'} (two "
        "blanks in a row, or a blank at the start or end: a trailing blank before "
        "'SPK_COMMANDS +=' makes one): a generated usr-local-linker ships it as \"\" in its "
        "bin list, as spksrc's does; remove the extra blank"]


def test_blanks_alone_are_no_commands():
    assert parse_commands("   ", Diagnostics()) == []


def test_links_group_by_folder_in_jq_order():
    links = parse_links("lib:libs/x  etc:var/foo.conf bin:env/bin/y")
    assert list(as_worker(links)) == ["bin", "etc", "lib"]


def test_cross_variable_clash_keeps_the_links_entry_and_warns():
    diags = Diagnostics()
    merged = merge([parse_commands("bin/duply bin/duplicity"),
                    parse_links("bin:env/bin/duplicity")], diags)
    assert as_worker(merged) == {"bin": ["bin/duply", "env/bin/duplicity"]}
    assert [str(d) for d in diags] == [
        "SPK_USR_LOCAL_LINKS: warning: 'env/bin/duplicity' (SPK_USR_LOCAL_LINKS) and "
        "'bin/duplicity' (SPK_COMMANDS) would both be linked as /usr/local/bin/duplicity: "
        "shipping 'env/bin/duplicity', dropping 'bin/duplicity'"]


def test_exact_duplicates_are_kept_once_silently():
    diags = Diagnostics()
    merged = merge([parse_commands("bin/a bin/a"), parse_links("bin:bin/a")], diags)
    assert as_worker(merged) == {"bin": ["bin/a"]} and not diags.items


def test_clash_inside_one_variable_is_an_error():
    with pytest.raises(SpkgenError) as info:
        merge([parse_commands("bin/x sbin/x")], Diagnostics())
    assert str(info.value) == ("SPK_COMMANDS: error: 'bin/x' and 'sbin/x' would both be "
                               "linked as /usr/local/bin/x")


def test_a_folder_dsm_ignores_is_a_warning_and_ships_in_jq_order():
    diags = Diagnostics()
    links = merge([parse_commands("bin/cscli", diags),
                   parse_links("share:share/crowdsec lib:lib/x", diags)], diags)
    assert as_worker(links) == {"bin": ["bin/cscli"], "lib": ["lib/x"],
                                "share": ["share/crowdsec"]}
    assert [str(d) for d in diags] == [
        "SPK_USR_LOCAL_LINKS: warning: 'share:share/crowdsec': DSM links only bin, etc, lib "
        "and ignores 'share' (shipped as spksrc ships it)"]


def test_folders_follow_jq_group_by_order_with_spk_commands_bin_first():
    links = parse_links("Zz:z aa:a bin:b")
    assert list(as_worker(links)) == ["Zz", "aa", "bin"]
    links = parse_commands("x") + parse_links("Zz:z")
    assert list(as_worker(links)) == ["bin", "Zz"]


@pytest.mark.parametrize("value,message", [
    ("share:../x", "path '../x' contains a '..' segment"),
    ("share:/x", "path '/x' is absolute (paths are relative to the package target)"),
    ("bin", "'bin' is not <folder>:<path> (folders: bin, etc, lib)"),
    ("bin:", "'bin:' is not <folder>:<path> (folders: bin, etc, lib)"),
    (":x", "':x' is not <folder>:<path> (folders: bin, etc, lib)"),
    ("bin:a:b", "'bin:a:b' is not <folder>:<path> (folders: bin, etc, lib)"),
    ("bin:/usr/bin/x", "path '/usr/bin/x' is absolute (paths are relative to the package target)"),
    ("bin:a/../x", "path 'a/../x' contains a '..' segment"),
    ("bin:a//x", "path 'a//x' contains an empty segment ('//' or a trailing '/')"),
    ("bin:a/./x", "path 'a/./x' contains a '.' segment (name the path without it)"),
    ("bin:./x", "path './x' contains a '.' segment (name the path without it)"),
])
def test_invalid_link_words(value, message):
    with pytest.raises(SpkgenError) as info:
        parse_links(value)
    assert (info.value.file, info.value.message) == ("SPK_USR_LOCAL_LINKS", message)


STATIC_TEXT = """{
  "usr-local-linker": {
    "bin": ["bin/a", "bin/b", "bin/c"],
    "share": ["share/crowdsec"]
  }
}
"""
STATIC = {"bin": ["bin/a", "bin/b", "bin/c"], "share": ["share/crowdsec"]}


def test_static_worker_folder_dsm_ignores_is_a_warning_at_its_line_and_column():
    diags = Diagnostics()
    links = from_worker(STATIC, "src/conf_7/resource", STATIC_TEXT, diags)
    assert [link.folder for link in links] == ["bin", "bin", "bin", "share"]
    assert [str(d) for d in diags] == [
        "src/conf_7/resource:4:14: warning: \"usr-local-linker\" has folder 'share': DSM "
        "links only bin, etc, lib and ignores 'share' (shipped as spksrc ships it)"]
    assert from_worker({"lib": ["lib/perl5"]}, "f") == [Link("lib", "lib/perl5", "f")]


def test_static_worker_path_that_escapes_is_an_error_at_its_line_and_column():
    text = '{"usr-local-linker": {"bin": ["bin/a", "../x"]}}'
    with pytest.raises(SpkgenError) as info:
        from_worker({"bin": ["bin/a", "../x"]}, "r", text, Diagnostics())
    assert str(info.value) == ("r:1:40: error: \"usr-local-linker\".\"bin\": path '../x' "
                               "contains a '..' segment")


def test_static_links_keep_their_order_and_new_generated_ones_follow():
    diags = Diagnostics()
    generated = parse_commands("bin/c bin/d", diags) + parse_links("lib:lib/e", diags)
    merged = add_to_static(STATIC, "r", STATIC_TEXT, generated, Diagnostics())
    assert merged == {"bin": ["bin/a", "bin/b", "bin/c", "bin/d"],
                      "share": ["share/crowdsec"], "lib": ["lib/e"]}
    assert list(merged) == ["bin", "share", "lib"]


def test_a_generated_link_in_a_folder_dsm_ignores_is_not_added_to_a_static_worker():
    """crowdsec: static "share": ["etc/data"], SPK_USR_LOCAL_LINKS share:share/crowdsec."""
    merged = add_to_static(STATIC, "r", STATIC_TEXT, parse_links("share:share/other"),
                           Diagnostics())
    assert merged == STATIC


def test_nothing_new_leaves_the_static_worker_as_it_is():
    merged = add_to_static(STATIC, "r", STATIC_TEXT, parse_links("bin:bin/c"), Diagnostics())
    assert merged == STATIC and list(merged["bin"]) == ["bin/a", "bin/b", "bin/c"]


def test_a_generated_link_the_static_file_makes_elsewhere_is_dropped_with_a_warning():
    diags = Diagnostics()
    merged = add_to_static({"bin": ["bin/a"]}, "r", "", parse_links("bin:env/a"), diags)
    assert merged == {"bin": ["bin/a"]}
    assert [str(d) for d in diags] == [
        "r: warning: 'bin/a' (r) and 'env/a' (SPK_USR_LOCAL_LINKS) would both be linked as "
        "/usr/local/bin/a: shipping 'bin/a', dropping 'env/a'"]


_word = st.from_regex(r"[a-z]{1,3}(/[a-z]{1,3}){0,2}", fullmatch=True)
_link = st.builds(Link, st.sampled_from(["bin", "etc", "lib"]), _word,
                  st.sampled_from(["SPK_COMMANDS", "SPK_USR_LOCAL_LINKS"]))


@given(st.lists(st.lists(_link, max_size=6), max_size=3))
def test_merge_is_deterministic_and_idempotent(sources):
    def attempt():
        try:
            return merge(sources, Diagnostics())
        except SpkgenError as exc:
            return str(exc)
    first = attempt()
    assert attempt() == first
    if not isinstance(first, str):
        assert merge([first, first], Diagnostics()) == first
        assert merge([first], Diagnostics()) == first


@pytest.mark.parametrize("value", ["bin/.", "./bin/x", "bin/./x"])
def test_a_dot_segment_in_spk_commands_is_an_error_like_dotdot(value):
    with pytest.raises(SpkgenError) as info:
        parse_commands(value)
    assert (info.value.file, info.value.message) == (
        "SPK_COMMANDS", f"path '{value}' contains a '.' segment (name the path without it)")
