"""check/clashes.py: claims of ports and links, and the clashes between them, at the
boundaries of ranges (one port, partly overlapping, adjacent) and of versions."""
import pytest

from spkgen.check.clashes import DSM, dsm_claims, find_clashes, link_claims, port_claims
from spkgen.errors import Diagnostics
from spkgen.protocol import parse_protocol_text

VERSIONS = ("7.1", "7.2")


def claims(owner, ports, versions=VERSIONS):
    """The claims of one package whose one service [owner] declares dst.ports=ports."""
    text = f'[{owner}]\ntitle="{owner}"\ndesc="{owner}"\ndst.ports="{ports}"\n'
    diags = Diagnostics()
    services = parse_protocol_text(text, f"spk/{owner}/src/{owner}.sc", diags)
    assert not diags.items
    return port_claims(owner, services, versions)


def subjects(*claim_lists):
    return [clash.subject for clash in find_clashes(sum(claim_lists, []), "port")]


@pytest.mark.parametrize("a, b, subject", [
    ("8000:8010/tcp", "8005:8020/tcp", "8005:8010/tcp"),     # partly overlapping: the overlap
    ("8005:8020/tcp", "8000:8010/tcp", "8005:8010/tcp"),     # either way round
    ("8000:8020/tcp", "8005:8010/tcp", "8005:8010/tcp"),     # one inside the other
    ("8000:8010/tcp", "8010:8020/tcp", "8010/tcp"),          # sharing their ends: one port
    ("8000:8010/tcp", "8010/tcp", "8010/tcp"),               # a single port at a range's end
    ("80:80/tcp", "80/tcp", "80/tcp"),                       # a range of one port
])
def test_a_port_clash_names_exactly_the_overlap(a, b, subject):
    assert subjects(claims("a", a), claims("b", b)) == [subject]


@pytest.mark.parametrize("a, b", [
    ("8000:8004/tcp", "8005:8010/tcp"),                      # adjacent, not overlapping
    ("8005:8010/tcp", "8000:8004/tcp"),
    ("8000/tcp", "8001/tcp"),
    ("8000:8010/tcp", "8000:8010/udp"),                      # another protocol
    ("{{wizard_port}}/tcp", "{{wizard_port}}/tcp"),          # chosen at install
])
def test_ports_that_do_not_overlap_do_not_clash(a, b):
    assert subjects(claims("a", a), claims("b", b)) == []


def test_a_port_without_protocol_clashes_on_both():
    assert subjects(claims("a", "8000"), claims("b", "8000")) == ["8000/tcp, 8000/udp"]


def test_one_package_never_clashes_with_itself():
    assert subjects(claims("a", "8000:8010/tcp"), claims("a", "8005/tcp")) == []


def test_only_versions_in_common_clash():
    a, b = claims("a", "8000/tcp", ("7.1",)), claims("b", "8000/tcp", ("7.2",))
    assert find_clashes(a + b, "port") == []
    a, b = claims("a", "8000/tcp", ("7.1", "7.2")), claims("b", "8000/tcp", ("7.2", "7.3"))
    [clash] = find_clashes(a + b, "port")
    assert clash.versions == ("7.2",)


def test_clashes_of_one_pair_of_services_are_one_clash():
    [clash] = find_clashes(claims("a", "8000,8100:8110/tcp") + claims("b", "8000,8105:8200/tcp"),
                           "port")
    assert clash.subject == "8000/tcp, 8105:8110/tcp"
    assert (clash.first.owner, clash.first.label, clash.second.owner) == ("a", "[a]", "b")
    assert clash.first.where == "spk/a/src/a.sc:1"


def test_dsm_comes_first_and_names_its_service():
    [clash] = find_clashes(claims("pkg", "79:81/tcp") + dsm_claims(VERSIONS), "port")
    assert clash.subject == "80/tcp"
    assert (clash.first.owner, clash.first.label, clash.first.where) == \
        (DSM, "DSM's web server", DSM)
    assert clash.second.owner == "pkg"


def test_link_clashes_by_path_not_by_folder_entry():
    a = link_claims("a", {"bin": ["bin/tool", "bin/a"]}, "spk/a/Makefile", VERSIONS)
    b = link_claims("b", {"bin": ["other/bin/tool"], "lib": ["lib/a"]}, "spk/b/Makefile",
                    VERSIONS)
    [clash] = find_clashes(a + b, "link")
    assert clash.subject == "/usr/local/bin/tool"
    assert (clash.first.label, clash.second.label) == ("bin/tool", "other/bin/tool")


def test_links_dsm_does_not_make_claim_nothing():
    assert link_claims("a", {"bin": [""], "share": ["share/x"]}, "spk/a/Makefile", VERSIONS) == []
