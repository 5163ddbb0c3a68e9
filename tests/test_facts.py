"""data/dsm-facts.ini: every row parses and cites a source."""
import configparser

from spkgen import facts
from spkgen.dsm import Version


def test_every_section_cites_a_source_and_parses():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(facts.DATA, encoding="utf-8")
    assert len(parser.sections()) >= 20
    for name in parser.sections():
        kind, _, key = name.partition(" ")
        assert kind in ("php", "apache", "worker", "package") and key, name
        assert len(parser[name]["source"]) > 20, name
        package = facts.php(key) if kind == "php" else facts.apache(key) if kind == "apache" \
            else facts.synology_package(key) if kind == "package" else facts.worker(key)
        assert package is not None


def test_php_availability():
    php74, php84 = facts.php("7.4"), facts.php("8.4")
    assert (php74.backend, php84.backend) == (8, 13)
    assert php74.shipped_on(Version.parse("7.2")) and not php74.shipped_on(Version.parse("7.3"))
    assert not php84.shipped_on(Version.parse("7.1")) and php84.shipped_on(Version.parse("7.2.2"))
    assert facts.php("8.1") is None       # no source confirms its number
    assert facts.worker("webservice").dsm_min == Version.parse("7.0")


def test_synology_packages_as_spk_depends_names_them():
    assert facts.synology_package("PHP8.2") == facts.php("8.2")
    assert facts.synology_package("Apache2.4") == facts.apache("2.4")
    node22 = facts.synology_package("Node.js_v22")
    assert not node22.shipped_on(Version.parse("7.1")) and node22.shipped_on(Version.parse("7.2"))
    webstation = facts.synology_package("WebStation")       # known, no version limit sourced
    assert webstation.shipped_on(Version.parse("6.2.4")) and webstation.shipped_on(Version.parse("7.3"))
    assert facts.synology_package("AntiVirus") is None and facts.synology_package("python") is None
