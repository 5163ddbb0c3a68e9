"""Bad input through real make in a copy of the example tree: make fails with spkgen's
message, and what the previous build shipped stays byte for byte as it was."""
import json

import pytest

from conftest import copy_example_tree, folder_bytes, run_make

# (package, file to edit, text to replace, replacement, the message on stderr)
CASES = [
    ("multiport", "src/multiport-ports.sc", '"6800/tcp"', '"70000/tcp"',
     "src/multiport-ports.sc:5: error: port 70000 in '70000/tcp' is outside 1..65535"),
    ("multiport", "src/multiport-ports.sc", 'title="DHT (UDP)"', 'title="DHT',
     "src/multiport-ports.sc:8: error: unterminated quote in value of 'title'"),
    ("webapp", "src/conf_7/resource", '"webservice": {', '"webservice": {,',
     "src/conf_7/resource:2:17: error: invalid JSON: Expecting property name enclosed in "
     "double quotes"),
    ("clitools", "Makefile", "SPK_COMMANDS = bin/duply", "SPK_COMMANDS = /bin/duply",
     "SPK_COMMANDS: error: path '/bin/duply' is absolute (paths are relative to the package "
     "target)"),
    ("clitools", "Makefile", "lib:lib/libdupli.so", "share:lib/../libdupli.so",
     "SPK_USR_LOCAL_LINKS: error: path 'lib/../libdupli.so' contains a '..' segment"),
    ("tvh", "Makefile", "CONF_DIR = src/conf/", "CONF_DIR = src/../../conf/",
     "CONF_DIR: error: folder 'src/../../conf' contains a '..' segment"),
    ("multiport", "Makefile", "FWPORTS = src/multiport-ports.sc", "FWPORTS = src/missing.sc",
     "src/missing.sc: error: cannot read: No such file or directory"),
    ("tvh", "Makefile", "SERVICE_PORT = 9981", "SERVICE_PORT = http",
     "SERVICE_PORT: error: 'http' is not a port number"),
    ("webapp", "Makefile", "SERVICE_PORT_TITLE = Web App RPC", 'SERVICE_PORT_TITLE = Web "App"',
     "SERVICE_PORT_TITLE: error: contains '\"', which cannot be written into a protocol file"),
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return copy_example_tree(tmp_path_factory.mktemp("bad"))


def outputs(tree, package):
    """What a build ships or generates; not spkgen/manifest and spkgen/inputs, the records
    of the inputs (they change with them, which is how make knows to run the generator
    again)."""
    found = folder_bytes(tree / "spk" / package / "work-x64-7.2")
    return {path: data for path, data in found.items()
            if path not in ("spkgen/manifest", "spkgen/inputs", "spkgen/.failed")
            and path.split("/")[0] in ("staging", "conf", "spkgen")}


@pytest.mark.parametrize("keep_going", [(), ("-k",)], ids=["", "make-k"])
@pytest.mark.parametrize("package, name, old, new, message", CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_through_make(tree, package, name, old, new, message, keep_going):
    """With make -k too, which goes on with spksrc's own targets after the generator
    failed: spksrc's recipe for the staged protocol file refuses (scripts/spkgen-gate)."""
    assert run_make(tree / "spk" / package, "arch-x64-7.2").returncode == 0
    before = outputs(tree, package)
    assert "conf/resource" in before and "spkgen/resource" in before
    path = tree / "spk" / package / name
    original = path.read_text()
    assert old in original
    path.write_text(original.replace(old, new))
    try:
        result = run_make(tree / "spk" / package, "arch-x64-7.2", *keep_going)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    assert message in result.stderr.splitlines(), result.stderr
    assert outputs(tree, package) == before
    assert run_make(tree / "spk" / package, "arch-x64-7.2").returncode == 0       # fixed: builds, the marker is gone
    assert not (tree / "spk" / package / "work-x64-7.2" / "spkgen" / ".failed").exists()
    assert outputs(tree, package) == before


def test_shell_characters_reach_the_json_unchanged(tree):
    """Makefile values with quotes, $, backticks, ;, backslash, spaces and non-ASCII letters
    go into conf/resource as they are: no shell evaluates them anywhere."""
    value = """Tom's "TV" $HOME `id`; a\\b ünïcødé"""
    makefile = tree / "spk" / "tvh" / "Makefile"
    original = makefile.read_text()
    escaped = value.replace("$", "$$")         # make's own escape for a literal $
    command = value.replace(" ", "_").replace("\\", "")   # a backslash is refused in paths
    makefile.write_text(original.replace("SERVICE_PORT = 9981",
                                         f"SERVICE_CERT = tvh\nSERVICE_CERT_RELOAD = {escaped}\n"
                                         f"SPK_COMMANDS = bin/{command.replace('$', '$$')}"))
    try:
        # only spkgen's own step: the stand-in spksrc's jq recipe breaks on the ' (as spksrc's does)
        work = tree / "spk" / "tvh" / "work-x64-6.2.4"
        result = run_make(tree / "spk" / "tvh", "ARCH=x64", "TCVERSION=6.2.4",
                          str(work / "spkgen" / ".generated"), env={"HOME": None})
    finally:
        makefile.write_text(original)
    assert result.returncode == 0, result.stderr
    with open(tree / "spk" / "tvh" / "work-x64-6.2.4" / "spkgen" / "resource",
              encoding="utf-8") as handle:
        resource = json.load(handle)
    assert resource["certificate-config"]["reloader-relpath"] == value
    assert resource["usr-local-linker"]["bin"] == ["bin/" + command]
