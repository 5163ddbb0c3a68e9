import pytest
from hypothesis import given
from hypothesis import strategies as st

from spkgen.errors import Diagnostics, SpkgenError
from spkgen.links import Link, as_worker, from_worker, merge, parse_commands, parse_links


def test_commands_all_go_to_bin_and_any_whitespace_separates():
    links = parse_commands(" bin/a \t sbin/b\n lib/c  ")
    assert as_worker(links) == {"bin": ["bin/a", "sbin/b", "lib/c"]}


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


@pytest.mark.parametrize("value,message", [
    ("share:x", "'share:x': unknown folder 'share' (DSM links only bin, etc, lib; others are ignored)"),
    ("sbin:x", "'sbin:x': unknown folder 'sbin' (DSM links only bin, etc, lib; others are ignored)"),
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


def test_static_worker_is_checked():
    with pytest.raises(SpkgenError) as info:
        from_worker({"share": ["x"]}, "src/conf/resource")
    assert str(info.value) == ("src/conf/resource: error: \"usr-local-linker\" has folder "
                               "'share': DSM links only bin, etc, lib")
    assert from_worker({"lib": ["lib/perl5"]}, "f") == [Link("lib", "lib/perl5", "f")]


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
