"""check/publish/info.py and 'spkgen info': the INFO a build would write, from make's answer,
and the icons and wizard files packed next to it."""
import json
import shutil
import struct
import zlib

import pytest

from spkgen.check.makeinfo import MakeAnswer
from spkgen.check.publish.info import (
    Image,
    fitted,
    icon_files,
    image_size,
    info_lines,
    wizard_files,
)


def png(width, height):
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header +
            struct.pack(">I", zlib.crc32(b"IHDR" + header)))


def jpeg(width, height):
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


@pytest.mark.parametrize("data, found", [
    (png(512, 400), Image("PNG", 512, 400)),
    (jpeg(320, 200), Image("JPEG", 320, 200)),
    (b"GIF89a" + struct.pack("<HH", 64, 32) + b"\x00" * 8, Image("GIF", 64, 32)),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
    (b"\xff\xd8\xff", None),                       # a JPEG cut short
])
def test_image_size_from_the_header(tmp_path, data, found):
    (tmp_path / "icon").write_bytes(data)
    assert image_size(str(tmp_path / "icon")) == found
    assert image_size(str(tmp_path / "missing")) is None


@pytest.mark.parametrize("size, box, made", [
    ((512, 512), 64, (64, 64)), ((125, 128), 64, (63, 64)), ((100, 80), 64, (64, 51)),
    ((799, 800), 64, (64, 64)), ((128, 128), 256, (256, 256)), ((800, 400), 72, (72, 36))])
def test_fitted_is_convert_resize_keeping_the_aspect_ratio(size, box, made):
    """As ImageMagick 6.9 made them (a 100x80 JPEG: 64x51; 125x128: 63x64, rounding half up)."""
    assert fitted(Image("PNG", *size), box) == made


def answer(**install):
    values = {"SPK_NAME": "web", "DISPLAY_NAME": "Web", "SPK_DEPENDS": '"WebStation:PHP8.2"',
              "CONF_DIR": "src/conf/"}
    base = {"SPK_VERS": "1.2", "SPK_REV": "7", "ARCH": "noarch", "DESCRIPTION": "A web app",
            "DESCRIPTION_FRE": "Une appli", "MAINTAINER": "someone", "OS_MIN_VER": "7.0-40000",
            "STARTABLE": "no", "HOMEPAGE": "https://example.org", "SPK_ICON": "src/web.png"}
    return MakeAnswer("ok", values, install={**base, **install})


def keys(lines):
    return [line.key for line in lines]


def test_info_lines_follow_spksrcs_recipe_in_its_order():
    lines = info_lines(answer(OS_MAX_VER="7.1-59999", DSM_APP_PAGE="Page"), "7.0")
    assert keys(lines) == [
        "package", "version", "description", "description_fre", "arch", "maintainer",
        "maintainer_url", "distributor", "distributor_url", "os_min_ver", "os_max_ver",
        "helpurl", "ctl_stop", "displayname", "dsmuidir", "dsmappname", "dsmapppage",
        "install_dep_packages", "support_conf_folder", "checksum", "thirdparty"]
    value = {line.key: line.value for line in lines}
    assert value["version"] == "1.2-7" and value["helpurl"] == "https://example.org"
    assert value["dsmappname"] == "com.synocommunity.packages.web"
    assert value["install_dep_packages"] == "WebStation:PHP8.2"
    # what needs GitHub, the staged files or package.tgz is named, not guessed
    assert value["maintainer"] is None and value["checksum"] is None
    assert "GitHub" in {line.key: line.note for line in lines}["maintainer"]


def test_info_lines_by_dsm_version_and_settings():
    six = {line.key: line.value for line in info_lines(answer(DSM_APP_PAGE="P"), "6.2.4")}
    assert "dsmapppage" not in six and six["ctl_stop"] == "no"
    old = {line.key: line.value for line in info_lines(answer(OS_MIN_VER="5.2-5644"), "5.2")}
    assert old["firmware"] == "5.2-5644" and "os_min_ver" not in old and old["startable"] == "no"
    offline = {line.key: line.value for line in
               info_lines(answer(DISABLE_GITHUB_MAINTAINER="1", BETA="1",
                                 REPORT_URL="https://r"), "7.2")}
    assert offline["maintainer"] == "someone"
    assert offline["maintainer_url"] == "https://github.com/SynoCommunity"
    assert (offline["beta"], offline["report_url"]) == ("yes", "https://r")
    arch = {line.key: line for line in info_lines(answer(ARCH="x64", SPK_ARCH=""), "7.2")}
    assert arch["arch"].value is None and "toolchain" in arch["arch"].note


def test_icon_files_give_each_made_size(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "web.png").write_bytes(png(125, 128))
    files, image, icon = icon_files(answer(), "7.2", str(tmp_path))
    assert (image, icon) == (Image("PNG", 125, 128), "src/web.png")
    assert [(f.name, f.note) for f in files] == [
        ("PACKAGE_ICON.PNG", "convert -resize 64x64: 63x64 from PNG 125x128"),
        ("PACKAGE_ICON_256.PNG", "convert -resize 256x256: 250x256 from PNG 125x128")]
    assert icon_files(answer(SPK_ICON=""), "7.2", str(tmp_path)) == ([], None, "")


def test_wizard_files_as_spksrc_fills_wizard_uifiles(tmp_path):
    for folder, name in (("src/wizard", "install_uifile"), ("src/wizard", "install_uifile_fre"),
                         ("src/wizard", "uninstall_uifile.sh"), ("src/wizard", "notes.txt"),
                         ("src/wizard7.2", "install_uifile")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / name).write_text("[]")
    found = wizard_files(answer(WIZARDS_DIR="src/wizard"), "7.2", str(tmp_path))
    assert [(f.name, f.source) for f in found] == [
        ("install_uifile", "src/wizard7.2/install_uifile"),
        ("install_uifile_fre", "src/wizard/install_uifile_fre"),
        ("uninstall_uifile.sh", "src/wizard/uninstall_uifile.sh")]   # the default dropped
    six = wizard_files(answer(WIZARDS_DIR="src/wizard"), "6.2.4", str(tmp_path))
    assert "uninstall_uifile" not in [f.name for f in six]
    bare = wizard_files(answer(), "7.0", str(tmp_path))
    assert [(f.name, f.note) for f in bare] == [("uninstall_uifile", "spksrc's default")]


needs_make = pytest.mark.skipif(not shutil.which("make"), reason="needs GNU make")


@needs_make
def test_spkgen_info_on_a_tree_through_make(cli, tree):
    code, out, err = cli("info", "--tree", str(tree), "--package", "webapp", "--tcversion",
                         "7.2", "--no-cache", "--format", "json")
    assert code == 0, err
    build, = json.loads(out)["builds"]
    assert (build["package"], build["tcversion"], build["status"]) == ("webapp", "7.2", "ok")
    info = {line["key"]: line["value"] for line in build["info"]}
    assert info["package"] == "webapp" and info["displayname"] == "Web App"
    assert [f["name"] for f in build["files"]] == [
        "WIZARD_UIFILES/install_uifile", "WIZARD_UIFILES/uninstall_uifile"]
    code, text, _ = cli("info", "--tree", str(tree), "--package", "webapp", "--tcversion",
                        "7.2", "--no-cache")
    assert code == 0 and text.startswith("spk/webapp, TCVERSION 7.2 (x64):\n")
    assert '  package="webapp"\n' in text and "  # checksum: " in text


# rule package-info (check/rules/info.py): one stand-in per finding kind, each a near miss
# of a build that gives none

def package_info_findings(tmp_path, icon=None, version="7.2", **install):
    from spkgen.check.model import PackageReport
    from spkgen.check.rules.info import package_info
    (tmp_path / "src").mkdir(exist_ok=True)
    (tmp_path / "Makefile").write_text("SPK_NAME = web\nSPK_VERS = 1.2\nOS_MIN_VER = 7.0-40000\n"
                                       "SPK_ICON = src/web.png\n")
    (tmp_path / "src" / "web.png").write_bytes(icon if icon is not None else png(256, 256))
    report = PackageReport("web")
    package_info(report, str(tmp_path), {("web", version): (answer(**install), False)},
                 [version])
    return [(f.severity, f.message, f.line) for f in report.findings]


def test_package_info_is_quiet_for_a_clean_build(tmp_path):
    assert package_info_findings(tmp_path) == []
    assert package_info_findings(tmp_path, SPK_VERS="2024.11.05_1", SPK_REV="3") == []


@pytest.mark.parametrize("install, version, found", [
    ({"SPK_VERS": "2.0b1"}, "7.2",
     ("warning", "INFO version \"2.0b1-7\" breaks the format DSM documents: '0b1' is not a "
                 "number", 2)),
    ({"SPK_VERS": "2..0"}, "7.2", ("warning", "INFO version \"2..0-7\" breaks", 2)),
    ({"SPK_VERS": "3000000000"}, "7.2", ("warning", "INFO version \"3000000000-7\" breaks the "
                                         "format DSM documents: 3000000000 is above 2^31-1", 2)),
    ({"OS_MIN_VER": "6.2-25556"}, "7.0", ("error", "os_min_ver \"6.2-25556\" of the DSM 7.0 "
                                          "build is below 7.0-40000", 3)),
])
def test_package_info_version_and_os_min_ver(tmp_path, install, version, found):
    findings = package_info_findings(tmp_path, version=version, **install)
    assert len(findings) == 1 and findings[0][0] == found[0]
    assert findings[0][1].startswith(found[1]) and findings[0][2] == found[2]
    # DSM 6 builds: the DSM 7 rules do not apply
    assert package_info_findings(tmp_path, version="6.2.4", **install) == []


@pytest.mark.parametrize("icon, found", [
    (jpeg(256, 256), ("warning", "SPK_ICON src/web.png is a JPEG file")),
    (png(125, 128), ("warning", "SPK_ICON src/web.png is 125x128, not square: spksrc's "
                                "'convert -resize' keeps its aspect ratio and makes a 63x64 "
                                "PACKAGE_ICON.PNG and a 250x256 PACKAGE_ICON_256.PNG")),
    (png(128, 128), ("note", "SPK_ICON src/web.png is 128x128: spksrc enlarges it")),
])
def test_package_info_icons(tmp_path, icon, found):
    findings = package_info_findings(tmp_path, icon=icon)
    assert len(findings) == 1 and findings[0][:1] == found[:1], findings
    assert findings[0][1].startswith(found[1]) and findings[0][2] == 4
    # an icon whose size cannot be read is said not to be checked
    unread = package_info_findings(tmp_path, icon=b"<svg/>")
    assert [(f[0], f[1].split(":")[0]) for f in unread] == [("note", "SPK_ICON src/web.png")]
    assert "its size cannot be read" in unread[0][1]


@pytest.mark.parametrize("raw, written", [
    # spksrc.spk.mk:195-197: the shell's double quotes, then sed drops backslashes and
    # escapes quotes (as spksrc's real INFO of couchpotatoserver, demowebservice, nzbhydra)
    ("keep a \\'want to watch\\'-list", "keep a 'want to watch'-list"),
    ("a web service \\(web application\\)", "a web service (web application)"),
    ('the "spiritual successor" to', 'the spiritual successor to'),
])
def test_description_as_spksrcs_recipe_writes_it(raw, written):
    line, = [x for x in info_lines(answer(DESCRIPTION=raw), "7.0") if x.key == "description"]
    assert line.value == written


def test_description_in_a_language_is_read_twice_by_the_shell():
    def fre(raw):
        found = [x for x in info_lines(answer(DESCRIPTION_FRE=raw), "7.0")
                 if x.key == "description_fre"]
        return found[0] if found else None
    assert fre("Une \\'liste\\' \\(web\\) \\& co").value == "Une 'liste' (web) & co"
    assert fre("") is None
    # a quoted phrase breaks spksrc's [ ! -z "..." ] test: no line at all (nzbhydra)
    broken = fre('le "successeur spirituel" de')
    assert broken.value is None and "no line is written" in broken.note
    # unescaped, '(' ends spksrc's echo command: the build fails
    assert fre("Une appli (web)").value is None


@pytest.mark.parametrize("raw, written", [
    ('"MetaCubeXD"', "MetaCubeXD"), ("Web App", "Web App"), ("Two  spaces", "Two spaces"),
    ('"WebStation:PHP8.2:Apache2.4"', "WebStation:PHP8.2:Apache2.4"),
    ("a\\\\nb", "a\nb")])          # dash's echo reads \n
def test_an_echoed_value_is_what_sh_and_dash_echo_leave(raw, written):
    from spkgen.check.publish.info import echoed
    assert echoed("displayname", raw).value == written


def test_a_line_the_shell_cannot_run_is_named_not_guessed(tmp_path):
    from spkgen.check.publish.info import echoed
    assert echoed("displayname", 'Unclosed "quote').value is None
    assert echoed("displayname", "Tom & Jerry").value is None
    findings = package_info_findings(tmp_path, DESCRIPTION_FRE='le "successeur spirituel" de')
    assert [f[:1] for f in findings] == [("warning",)]
    assert findings[0][1].startswith("INFO description_fre: DESCRIPTION_FRE breaks spksrc's "
                                     "shell test")


def test_a_non_square_256_icon_is_named_too(tmp_path):
    findings = package_info_findings(tmp_path, icon=png(256, 257))
    assert len(findings) == 1 and "makes a 255x256 PACKAGE_ICON_256.PNG" in findings[0][1]


def test_an_arch_builds_os_min_ver_from_spksrcs_table_when_its_toolchain_is_not_there():
    lines = {line.key: line for line in
             info_lines(answer(ARCH="x64", OS_MIN_VER="", TC_OS_MIN_VER=""), "7.1")}
    assert lines["os_min_ver"].value == "7.1-42661" and "table" in lines["os_min_ver"].note


@needs_make
def test_spkgen_info_exits_1_when_make_fails_for_a_build(cli, tree):
    broken = tree / "spk" / "broken"
    broken.mkdir()
    (broken / "Makefile").write_text("SPK_NAME = broken\nifeq (1,1)\ninclude ../../mk/spksrc.spk.mk\n")
    code, out, err = cli("info", "--tree", str(tree), "--package", "broken", "webapp",
                         "--tcversion", "7.2", "--no-cache")
    assert code == 1 and out.startswith("spk/broken, TCVERSION 7.2 (x64):\n  failed: ")
    assert "spk/webapp, TCVERSION 7.2 (x64):\n  package=\"webapp\"" in out
    assert err == ("spkgen info: error: make failed for spk/broken (TCVERSION 7.2): see its "
                   "lines above\n")
