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
        assert kind in ("php", "apache", "worker") and key, name
        assert len(parser[name]["source"]) > 20, name
        package = facts.php(key) if kind == "php" else facts.apache(key) if kind == "apache" \
            else facts.worker(key)
        assert package is not None


def test_php_availability():
    php74, php84 = facts.php("7.4"), facts.php("8.4")
    assert (php74.backend, php84.backend) == (8, 13)
    assert php74.shipped_on(Version.parse("7.2")) and not php74.shipped_on(Version.parse("7.3"))
    assert not php84.shipped_on(Version.parse("7.1")) and php84.shipped_on(Version.parse("7.2.2"))
    assert facts.php("8.1") is None       # no source confirms its number
    assert facts.worker("webservice").dsm_min == Version.parse("7.0")
