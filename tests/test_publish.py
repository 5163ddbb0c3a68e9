"""check/publish/builds.py and rules/publish.py: the builds a tree publishes, the DSM versions
each is installed on, and what spkrepo refuses at upload (make's answers stand-in)."""
import pytest

from spkgen.check.makeinfo import MakeAnswer
from spkgen.check.model import PackageReport
from spkgen.check.publish.builds import Firmware, os_min, published_versions, served
from spkgen.check.rules.publish import Build, publish_range, upload


def points(span):
    return [str(p) for p in span.points]


def test_spksrc_ci_publishes_6_2_4_and_7_1_arch_6_1_and_7_0_noarch_or_only_required():
    assert published_versions(False, "") == ("6.2.4", "7.1")
    assert published_versions(True, "6.0") == ("6.1", "7.0")
    assert published_versions(True, "7.2") == ("7.2",)
    assert published_versions(False, "7.3") == ("7.3",)
    assert published_versions(True, "", {"noarch": ("7.0", "7.2")}) == ("7.0", "7.2")


def test_os_min_ver_from_make_else_from_the_toolchain_tables():
    assert str(os_min("7.0", True, "")) == "7.0-40000"
    assert str(os_min("7.3", True, "")) == "7.2-63134"      # no dsm73 noarch flavour
    assert str(os_min("6.2.4", False, "")) == "6.2-25556"
    assert str(os_min("7.1", False, "7.1-50000")) == "7.1-50000"
    assert os_min("5.2", True, "") is None


def test_a_build_serves_its_major_version_up_to_the_next_build_or_its_cap():
    seven, seventwo = Firmware.parse("7.0-40000"), Firmware.parse("7.2-63134")
    assert points(served(seven, None, [])) == ["7.0", "7.1", "7.2", "7.3"]
    assert points(served(seven, None, [seventwo])) == ["7.0", "7.1"]
    capped = served(seven, Firmware.parse("7.1-59999"), [])
    assert points(capped) == ["7.0", "7.1"] and capped.ends == "OS_MAX_VER 7.1-59999"
    # a DSM 6 build is never offered to DSM 7 (spkrepo's catalogue filters by major)
    assert points(served(Firmware.parse("6.1-15047"), None, [seven])) == ["6.1", "6.2"]
    assert points(served(Firmware.parse("7.2-79999"), Firmware.parse("7.2-81180"), [])) == ["7.2"]


def build(version, depends="", **install):
    values = {"SPK_NAME": "web", "TCVERSION": version, "SPK_DEPENDS": depends,
              "DISPLAY_NAME": "Web"}
    install = {"ARCH": "noarch", "SPK_VERS": "1.0", "SPK_REV": "3", "SPK_ICON": "src/web.png",
               **install}
    return Build(version, MakeAnswer("ok", values, install=install))


@pytest.fixture
def package(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "web.png").write_bytes(b"png")
    (tmp_path / "Makefile").write_text(
        'SPK_NAME = web\nSPK_REV = 3\nSPK_DEPENDS = "WebStation:PHP8.0:Apache2.4"\n'
        "OS_MAX_VER = 7.1-59999\n")
    return str(tmp_path)


def findings(package, builds, rule=publish_range, *args):
    report = PackageReport("web")
    rule(report, package, builds, *args)
    return [(f.severity, f.kind, f.message, f.line) for f in report.findings]


def test_a_build_installed_where_its_php_is_gone_is_an_error_naming_the_fix(package):
    """PHP 8.0 is not shipped from DSM 7.3 on (a sourced bound): the DSM 7.0 build with no
    OS_MAX_VER and no later build is installed there."""
    found = findings(package, [build("7.0", "WebStation:PHP8.0:Apache2.4")], publish_range, [])
    assert len(found) == 1 and found[0][:2] == ("error", "publish-range")
    message = found[0][2]
    assert message.startswith("the DSM 7.0 build (noarch, os_min_ver 7.0-40000) is installed "
                              "on DSM 7.0 to 7.3 (up to DSM 7.3, the newest spkgen knows), but "
                              "not installable on DSM 7.3: SPK_DEPENDS entry 'PHP8.0': "
                              "Synology ships PHP8.0 only before DSM 7.3 (data/dsm-facts.ini: ")
    assert message.endswith("'OS_MAX_VER = 7.2-79999' for TCVERSION 7.0 would fix it (no "
                            "OS_MAX_VER is set)")
    assert found[0][3] == 3                   # the SPK_DEPENDS line


def test_the_same_build_capped_or_followed_by_a_7_2_build_is_fine(package):
    capped = build("7.0", "WebStation:PHP8.0:Apache2.4", OS_MAX_VER="7.1-59999")
    assert findings(package, [capped], publish_range, []) == []
    later = [Firmware.parse("7.2-63134")]
    assert findings(package, [build("7.0", "WebStation:PHP8.0:Apache2.4")], publish_range,
                    later) == []


def test_an_os_max_ver_below_the_os_min_ver_is_refused(package):
    found = findings(package, [build("7.0", OS_MAX_VER="6.2-25556")], publish_range, [])
    assert found == [("error", "publish-range", "OS_MAX_VER 6.2-25556 lies below the os_min_ver "
                      "of the DSM 7.0 build (noarch, os_min_ver 7.0-40000): spkrepo refuses the "
                      "upload (spkrepo/views/api.py:148-163)", 4)]


def test_an_os_max_ver_no_dependency_needs_is_a_note(package):
    found = findings(package, [build("7.0", "WebStation:Apache2.4", OS_MAX_VER="7.1-59999")],
                     publish_range, [])
    assert [f[:2] for f in found] == [("note", "publish-range")]
    assert "stops the DSM 7.0 build (noarch, os_min_ver 7.0-40000) before DSM 7.2 to 7.3" \
        in found[0][2]


def test_builds_of_one_version_that_spkrepo_would_keep_apart_are_refused(package):
    """itools: STARTABLE = no on DSM 7 only; spkrepo compares startable across the builds
    of a version since its pull request 196."""
    found = findings(package, [build("6.1"), build("7.0", STARTABLE="no")], upload)
    assert found == [("error", "upload", "the builds of version 1.0-3 disagree on startable "
                      "(DSM 6.1: yes; DSM 7.0: no): spkrepo refuses every upload after the first "
                      "since its pull request 196 (spkrepo/utils.py:437-538)", None)]
    assert findings(package, [build("6.1", STARTABLE="no"), build("7.0", STARTABLE="no")],
                    upload) == []


def test_an_install_wizard_on_one_build_only_is_refused(package, tmp_path):
    """ntopng: a wizard for DSM 7 only (WIZARDS_DIR differs by version)."""
    (tmp_path / "src" / "wizard").mkdir()
    (tmp_path / "src" / "wizard" / "install_uifile").write_text("[]")
    found = findings(package, [build("6.1"), build("7.0", WIZARDS_DIR="src/wizard/")], upload)
    assert [f[2].split(" (")[0] for f in found] == [
        "the builds of version 1.0-3 disagree on install wizard"]


@pytest.mark.parametrize("install, message", [
    ({"SPK_REV": "3a"}, "SPK_REV '3a' is not a number: version '1.0-3a' is refused "
                        "(spkrepo/utils.py:35, version_re)"),
    ({"SPK_ICON": ""}, "SPK_ICON is not set: spksrc makes PACKAGE_ICON.PNG from it, and "
                       "spkrepo refuses a package without (spkrepo/utils.py:246-255, 'Missing "
                       "72px icon')"),
    ({"OS_MIN_VER": "7.2.2-72806"}, "OS_MIN_VER '7.2.2-72806' is not MAJOR.MINOR-BUILD "
                                     "(spkrepo/utils.py:32, firmware_re)"),
])
def test_what_spkrepo_refuses_in_one_build(package, install, message):
    assert [f[2] for f in findings(package, [build("7.0", **install)], upload)] == [message]


def test_a_license_the_build_downloads_is_not_compared(package):
    builds = [build("6.1", LICENSE_FILE="work-noarch-6.1/src/LICENSE"),
              build("7.0", LICENSE_FILE="work-noarch-7.0/src/LICENSE")]
    assert findings(package, builds, upload) == []



def test_an_empty_arch_is_noarch_as_in_older_trees(package):
    """adminer before 2024: 'override ARCH=' makes it noarch (SPK_ARCH = noarch)."""
    assert build("7.0", ARCH="").noarch and build("7.0").noarch
    assert not build("7.1", ARCH="x64").noarch
    assert str(build("7.0", ARCH="").os_min) == "7.0-40000"
