"""data/dsm-facts.ini: every fact (a backend number, a dsm_min or dsm_dropped bound) has a
source of its own, and the loader refuses one that has none."""
import configparser
import re

import pytest

from spkgen import facts
from spkgen.check.dependencies import Dependency, resolve_synology
from spkgen.dsm import Version
from spkgen.errors import SpkgenError

FACTS = ("backend", "dsm_min", "dsm_dropped")


def raw_sections():
    """The file as configparser reads it, with no help from facts.py."""
    parser = configparser.ConfigParser(interpolation=None)
    with open(facts.DATA, encoding="utf-8") as handle:
        parser.read_file(handle)
    return {name: dict(parser[name]) for name in parser.sections()}


def test_every_fact_in_the_file_has_a_source_of_its_own():
    sections = raw_sections()
    assert len(sections) >= 20
    for name, values in sections.items():
        for fact in FACTS:
            if fact in values:
                source = values.get(fact + "_source", "")
                assert len(source.strip()) > 20, f"[{name}] {fact} has no source of its own"
        for key in values:
            if key.endswith("_source"):
                assert key[:-len("_source")] in values, f"[{name}] {key} sources nothing"
        kind = name.split(" ", 1)[0]
        if kind in ("php", "apache"):
            assert "backend" in values and "source" not in values, name
        else:
            assert kind in ("worker", "package") and len(values["source"]) > 20, name


def test_every_section_loads_and_resolves():
    for name in raw_sections():
        kind, _, key = name.partition(" ")
        found = {"php": facts.php, "apache": facts.apache, "worker": facts.worker,
                 "package": facts.synology_package}[kind](key)
        assert found is not None, name


def test_the_sources_are_the_bounds_own():
    php74, php84 = facts.php("7.4"), facts.php("8.4")
    assert "issue 6729" in php74.dsm_dropped_source and "owncloud" in php74.backend_source
    assert "os_min_ver of Synology PHP8.4" in php84.dsm_min_source
    assert php74.source.startswith("not from DSM 7.3 on: SynoCommunity/spksrc issue 6729")
    assert facts.worker("webservice").source.endswith("web_service.html (since DSM7.0, "
                                                      "WebStation 3.0.0-0214)")


def test_php_availability():
    php74, php80, php84 = facts.php("7.4"), facts.php("8.0"), facts.php("8.4")
    assert (php74.backend, php80.backend, php84.backend) == (8, 9, 13)
    # issue 23 point 10: no source says PHP 7.4 or 8.0 is missing before some DSM version
    assert php74.dsm_min is None and php80.dsm_min is None
    assert php74.shipped_on(Version.parse("6.1")) and php74.shipped_on(Version.parse("7.2"))
    assert not php74.shipped_on(Version.parse("7.3")) and not php80.shipped_on(Version.parse("7.3"))
    assert not php84.shipped_on(Version.parse("7.1")) and php84.shipped_on(Version.parse("7.2.2"))
    assert php74.availability() == "DSM before 7.3 only"
    assert php84.availability() == "DSM 7.2 and later"
    assert facts.php("8.1") is None       # no source states its number


def test_workers():
    assert facts.worker("webservice").dsm_min == Version.parse("7.0")
    apache22 = facts.worker("apache22")          # documented, but the guide gives no DSM
    assert apache22 is not None and apache22.dsm_min == facts.NO_BOUND
    assert not Version.parse("5.2") < apache22.dsm_min


def test_synology_packages_as_spk_depends_names_them():
    assert facts.synology_package("PHP8.2") == facts.php("8.2")
    assert facts.synology_package("Apache2.4") == facts.apache("2.4")
    node22 = facts.synology_package("Node.js_v22")     # known; no bound is sourced
    assert node22.dsm_min is None and node22.shipped_on(Version.parse("7.1"))
    mariadb5 = facts.synology_package("MariaDB")
    assert mariadb5.shipped_on(Version.parse("6.2.4")) and not mariadb5.shipped_on(Version.parse("7.0"))
    webstation = facts.synology_package("WebStation")
    assert webstation.shipped_on(Version.parse("6.2.4")) and webstation.shipped_on(Version.parse("7.3"))
    assert facts.synology_package("AntiVirus") is None and facts.synology_package("python") is None


def resolve(name, target):
    return resolve_synology(Dependency(name, text=name), Version.parse(target))


def test_a_dependency_is_an_error_only_where_a_sourced_bound_excludes_the_version():
    assert resolve("PHP7.4", "6.1").severity is None       # was an error: no source said so
    assert resolve("Node.js_v22", "7.1").severity is None
    dropped = resolve("PHP7.4", "7.3")
    assert dropped.severity == "error" and dropped.message == (
        "SPK_DEPENDS entry 'PHP7.4': Synology ships PHP7.4 only before DSM 7.3 "
        f"(data/dsm-facts.ini: {facts.php('7.4').dsm_dropped_source})")
    early = resolve("PHP8.2", "7.1")
    assert early.message == ("SPK_DEPENDS entry 'PHP8.2': Synology ships PHP8.2 only from DSM "
                             f"7.2 (data/dsm-facts.ini: {facts.php('8.2').dsm_min_source})")
    assert resolve("git", "7.2") is None


GOOD = """\
# a comment
[php 9.9]
backend = 99
backend_source = https://example.invalid/guide.html, "99 for PHP9.9"
dsm_min = 7.2
dsm_min_source = https://example.invalid/guide.html, "PHP9.9 needs DSM 7.2"

[worker w]
source = https://example.invalid/worker.html
"""


def load(tmp_path, text):
    path = tmp_path / "dsm-facts.ini"
    path.write_text(text)
    return str(path), lambda: facts.load(str(path))


def test_a_well_formed_file_loads(tmp_path):
    _, loader = load(tmp_path, GOOD)
    assert loader()["php 9.9"]["dsm_min"] == "7.2"


@pytest.mark.parametrize("text, line, words", [
    # a bound with no source of its own, even where the section cites others
    (GOOD.replace('dsm_min_source = https://example.invalid/guide.html, "PHP9.9 needs DSM 7.2"\n',
                  ""), 5, "dsm_min = 7.2 has no source of its own"),
    (GOOD.replace("\n\n[worker w]", "\ndsm_dropped = 8.0\n\n[worker w]"), 7,
     "dsm_dropped = 8.0 has no source of its own"),
    (GOOD.replace("backend_source", "source"), 3, "backend = 99 has no source of its own"),
    (GOOD.replace("backend = 99\n", "backend = 99\nsource = https://example.invalid/row\n"), 4,
     "source: not a fact of a [php] section"),
    (GOOD + "dsm_dropped = 7.0\ndsm_dropped_source = https://example.invalid/w\n", 10,
     "dsm_dropped: not a fact of a [worker] section"),
    (GOOD + "dsm_min_source = https://example.invalid/x\n", 10,
     "dsm_min_source sources no dsm_min"),
    (GOOD.replace('"PHP9.9 needs DSM 7.2"', "").replace("https://example.invalid/guide.html, ",
                                                        "see"), 6, "must say where"),
    (GOOD.replace("dsm_min = 7.2", "dsm_min = 7.x"), 5, "not a DSM version"),
    (GOOD.replace("backend = 99", "backend = x"), 3, "not a number"),
    (GOOD + "[package p]\ndsm_min = 7.0\ndsm_min_source = https://example.invalid/p\n", 10,
     "[package p] has no source"),
    (GOOD + "[nonsense x]\n", 10, "a section is [php X.Y]"),
    (GOOD + "[DEFAULT]\ndsm_min = 7.0\n", 10, "a [DEFAULT] section"),
    (GOOD.replace("dsm_min = 7.2", "dsm_min = 7.2\ndsm_dropped = 7.0\n"
                  "dsm_dropped_source = https://example.invalid/d"), 6, "is not before"),
])
def test_the_loader_refuses_a_fact_without_its_own_source(tmp_path, text, line, words):
    path, loader = load(tmp_path, text)
    with pytest.raises(SpkgenError) as info:
        loader()
    assert (info.value.file, info.value.line) == (path, line)
    assert words in info.value.message


def test_the_shipped_file_passes_the_same_loader():
    assert facts.load(facts.DATA).keys() == raw_sections().keys()
    # the comment block names what was left out and why
    with open(facts.DATA, encoding="utf-8") as handle:
        header = handle.read().split("\n[", 1)[0]
    assert re.search(r"PHP 7\.4 from DSM 6\.2 \(was cited to spk/owncloud", header)
