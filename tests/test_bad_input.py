"""Bad input through the CLI: exit 1, the exact message with its location, and the
previous outputs left byte for byte as they were.  Each case is (id, package files,
variables, the one line on stderr); the variables complete SPK_NAME=p, TCVERSION=7.2.
A representative subset goes through real make in test_bad_input_make.py."""
import os

import pytest

from conftest import folder_bytes as snapshot

SC = "src/p.sc"
OK = '[p]\ntitle="P"\ndesc="P"\ndst.ports="8080/tcp"\n'

CASES = [
    ('sc-missing-desc', {SC: '[p]\ntitle="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:1: error: [p] has no 'desc'"),
    ('sc-missing-dst-ports', {SC: '[p]\ntitle="P"\ndesc="P"\n'},
     {'FWPORTS': SC},
     "src/p.sc:1: error: [p] has no 'dst.ports'"),
    ('sc-missing-title', {SC: '[p]\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:1: error: [p] has no 'title'"),
    ('sc-port-not-a-number', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="abc/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: 'abc' in 'abc/tcp' is not a port number"),
    ('sc-port-zero', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="0/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: port 0 in '0/tcp' is outside 1..65535"),
    ('sc-port-too-high', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="70000/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: port 70000 in '70000/tcp' is outside 1..65535"),
    ('sc-range-reversed', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="90:80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: range '90:80' in '90:80/tcp' is reversed (write 80:90)"),
    ('sc-range-with-dash', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="80-90/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: '80-90' in '80-90/tcp': a port range is written LOW:HIGH ('80:90'), not with '-'"),
    ('sc-unknown-protocol', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="80/sctp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: unknown protocol 'sctp' in '80/sctp' (expected tcp or udp)"),
    ('sc-uppercase-protocol', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="80/TCP"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: unknown protocol 'TCP' in '80/TCP' (expected tcp or udp)"),
    ('sc-empty-ports', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports=""\n'},
     {'FWPORTS': SC},
     'src/p.sc:4: error: empty port list'),
    ('sc-space-in-ports', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="80, 81/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: white space inside port list '80, 81/tcp'"),
    ('sc-empty-port-item', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="80,,81/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: empty item in port list '80,,81/tcp'"),
    ('sc-slash-without-protocol', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="80/,81/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: missing protocol after '/' in '80/,81/tcp'"),
    ('sc-bad-src-ports', {SC: '[p]\ntitle="P"\ndesc="P"\nsrc.ports="x/udp"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:4: error: 'x' in 'x/udp' is not a port number"),
    ('sc-quote-inside-value', {SC: '[p]\ntitle="P "x" Q"\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:2: error: \'"\' inside the value of \'title\' cannot be written back safely'),
    ('sc-continuation-line', {SC: '[p]\ntitle="P"\n  more\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:2: error: value of 'title' continues on an indented line; write it on one line"),
    ('sc-key-before-section', {SC: 'title="P"\n[p]\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:1: error: key outside any [section]'),
    ('sc-duplicate-section', {SC: '[p]\ntitle="P"\ndesc="P"\ndst.ports="8080/tcp"\n[p]\ntitle="P"\ndesc="P"\ndst.ports="8080/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:5: error: section [p] is defined twice'),
    ('sc-duplicate-key', {SC: '[p]\ntitle="P"\ntitle="Q"\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:3: error: key 'title' is given twice in [p]"),
    ('sc-bad-section-name', {SC: '[p q]\ntitle="P"\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     "src/p.sc:1: error: invalid section name '[p q]' (allowed: letters, digits, '-', '_', '.')"),
    ('sc-empty-section-name', {SC: '[]\ntitle="P"\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:1: error: empty section name'),
    ('sc-nul-byte', {SC: '[p]\ntitle="P\x00"\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc: error: contains a NUL byte (line 2): not a text file'),
    ('sc-invalid-utf8', {SC: b'[p]\ntitle="\xff"\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:2:8: error: not valid UTF-8 (byte 0xff)'),
    ('sc-line-without-equals', {SC: '[p]\ntitle="P"\ngarbage\ndesc="P"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:3: error: cannot read line \'garbage\' (expected key="value")'),
    ('sc-bad-port-forward', {SC: '[p]\ntitle="P"\ndesc="P"\nport_forward="maybe"\ndst.ports="80/tcp"\n'},
     {'FWPORTS': SC},
     'src/p.sc:4: error: port_forward must be "yes" or "no", not "maybe"'),
    ('sc-empty-file', {SC: ''},
     {'FWPORTS': SC},
     'src/p.sc: error: defines no service'),
    ('sc-file-missing', {},
     {'FWPORTS': 'src/missing.sc'},
     'src/missing.sc: error: cannot read: No such file or directory'),
    ('sc-file-is-a-folder', {'src/d.sc/x': 'x'},
     {'FWPORTS': 'src/d.sc'},
     'src/d.sc: error: cannot read: Is a directory'),
    ('sc-same-section-two-files', {'src/a.sc': '[p]\ntitle="P"\ndesc="P"\ndst.ports="8080/tcp"\n', 'src/b.sc': '[p]\ntitle="P"\ndesc="P"\ndst.ports="9090/tcp"\n'},
     {'FWPORTS': 'src/a.sc src/b.sc'},
     'src/b.sc:1: error: service [p] is also defined in src/a.sc:1 with different values (DSM takes one protocol file per package)'),
    ('var-spk-name-missing', {},
     {'SPK_NAME': ''},
     'manifest: error: SPK_NAME is not set'),
    ('var-tcversion-bad', {},
     {'TCVERSION': '7.x'},
     "TCVERSION: error: '7.x' is not a version like 7.2 or 6.2.4 (digits and dots, no leading zeros)"),
    ('var-service-port-not-a-number', {},
     {'SERVICE_PORT': 'http'},
     "SERVICE_PORT: error: 'http' is not a port number"),
    ('var-service-port-too-high', {},
     {'SERVICE_PORT': '70000'},
     "SERVICE_PORT: error: port 70000 in '70000/tcp' is outside 1..65535"),
    ('var-service-port-title-quote', {},
     {'SERVICE_PORT': '80', 'SERVICE_PORT_TITLE': 'A "B"'},
     'SERVICE_PORT_TITLE: error: contains \'"\', which cannot be written into a protocol file'),
    ('var-display-name-quote', {},
     {'SERVICE_PORT': '80', 'DISPLAY_NAME': 'A "B"'},
     'DISPLAY_NAME: error: contains \'"\', which cannot be written into a protocol file'),
    ('var-spk-name-two-words', {},
     {'SPK_NAME': 'p q', 'SERVICE_PORT': '80'},
     "SPK_NAME: error: 'p q' is not a package name (one word, no '/', not starting with '.')"),
    ('var-spk-name-unfit-for-section', {},
     {'SPK_NAME': 'p+q', 'SERVICE_PORT': '80'},
     "SPK_NAME: error: invalid section name '[p+q]' (allowed: letters, digits, '-', '_', '.')"),
    ('path-spk-name-dotdot', {},
     {'SPK_NAME': '../../evil', 'SERVICE_PORT': '80'},
     "SPK_NAME: error: name '../../evil' contains a '..' segment"),
    ('path-spk-name-folder', {},
     {'SPK_NAME': 'sub/p'},
     "SPK_NAME: error: 'sub/p' is not a package name (one word, no '/', not starting with '.')"),
    ('path-spk-name-glob', {},
     {'SPK_NAME': 'p*'},
     "SPK_NAME: error: name 'p*' contains '*', which spksrc's shell recipes would expand or split"),
    ('path-commands-glob', {},
     {'SPK_COMMANDS': 'bin/*'},
     "SPK_COMMANDS: error: path 'bin/*' contains '*', which spksrc's shell recipes would expand or split"),
    ('path-links-backslash', {},
     {'SPK_USR_LOCAL_LINKS': 'bin:bin\\x'},
     "SPK_USR_LOCAL_LINKS: error: path 'bin\\x' contains '\\', which spksrc's shell recipes would expand or split"),
    ('path-conf-dir-dot', {},
     {'CONF_DIR': '.'},
     "CONF_DIR: error: folder '.' is '.' alone (name a file or folder inside the package)"),
    ('path-ui-dir-bracket', {},
     {'DSM_UI_DIR': 'app[1]', 'SERVICE_PORT': '80'},
     "DSM_UI_DIR: error: folder 'app[1]' contains '[', which spksrc's shell recipes would expand or split"),
    ('path-commands-absolute', {},
     {'SPK_COMMANDS': '/bin/sh'},
     "SPK_COMMANDS: error: path '/bin/sh' is absolute (paths are relative to the package target)"),
    ('path-commands-dotdot', {},
     {'SPK_COMMANDS': 'bin/../../etc/passwd'},
     "SPK_COMMANDS: error: path 'bin/../../etc/passwd' contains a '..' segment"),
    ('path-commands-empty-segment', {},
     {'SPK_COMMANDS': 'bin//x'},
     "SPK_COMMANDS: error: path 'bin//x' contains an empty segment ('//' or a trailing '/')"),
    ('path-commands-trailing-slash', {},
     {'SPK_COMMANDS': 'bin/x/'},
     "SPK_COMMANDS: error: path 'bin/x/' contains an empty segment ('//' or a trailing '/')"),
    ('path-commands-newline', {},
     {'SPK_COMMANDS': 'bin/a\rbin/b'},
     'SPK_COMMANDS: error: contains a newline or NUL character'),
    ('var-commands-same-link-twice', {},
     {'SPK_COMMANDS': 'bin/x sbin/x'},
     "SPK_COMMANDS: error: 'bin/x' and 'sbin/x' would both be linked as /usr/local/bin/x"),
    ('var-links-no-colon', {},
     {'SPK_USR_LOCAL_LINKS': 'bin'},
     "SPK_USR_LOCAL_LINKS: error: 'bin' is not <folder>:<path> (folders: bin, etc, lib)"),
    ('var-links-ignored-folder-escapes', {},
     {'SPK_USR_LOCAL_LINKS': 'share:../x'},
     "SPK_USR_LOCAL_LINKS: error: path '../x' contains a '..' segment"),
    ('var-links-empty-folder', {},
     {'SPK_USR_LOCAL_LINKS': ':x'},
     "SPK_USR_LOCAL_LINKS: error: ':x' is not <folder>:<path> (folders: bin, etc, lib)"),
    ('var-links-two-colons', {},
     {'SPK_USR_LOCAL_LINKS': 'bin:a:b'},
     "SPK_USR_LOCAL_LINKS: error: 'bin:a:b' is not <folder>:<path> (folders: bin, etc, lib)"),
    ('path-links-dotdot', {},
     {'SPK_USR_LOCAL_LINKS': 'bin:../x'},
     "SPK_USR_LOCAL_LINKS: error: path '../x' contains a '..' segment"),
    ('path-links-absolute', {},
     {'SPK_USR_LOCAL_LINKS': 'bin:/usr/bin/x'},
     "SPK_USR_LOCAL_LINKS: error: path '/usr/bin/x' is absolute (paths are relative to the package target)"),
    ('path-links-nul', {},
     {'SPK_USR_LOCAL_LINKS': 'bin:a\x00b'},
     'SPK_USR_LOCAL_LINKS: error: contains a newline or NUL character'),
    ('var-links-same-link-twice', {},
     {'SPK_USR_LOCAL_LINKS': 'lib:a/x lib:b/x'},
     "SPK_USR_LOCAL_LINKS: error: 'a/x' and 'b/x' would both be linked as /usr/local/lib/x"),
    ('path-fwports-dotdot', {},
     {'FWPORTS': '../x.sc'},
     "FWPORTS: error: file '../x.sc' contains a '..' segment"),
    ('path-fwports-absolute', {},
     {'FWPORTS': '/etc/x.sc'},
     "FWPORTS: error: file '/etc/x.sc' is absolute (paths are relative to the package target)"),
    ('path-fwports-empty-segment', {},
     {'FWPORTS': 'src//x.sc'},
     "FWPORTS: error: file 'src//x.sc' contains an empty segment ('//' or a trailing '/')"),
    ('var-fwports-not-sc', {'src/x.txt': '[p]\ntitle="P"\ndesc="P"\ndst.ports="8080/tcp"\n'},
     {'FWPORTS': 'src/x.txt'},
     "FWPORTS: error: 'src/x.txt' is not a protocol file (*.sc)"),
    ('path-conf-dir-dotdot', {},
     {'CONF_DIR': '../conf'},
     "CONF_DIR: error: folder '../conf' contains a '..' segment"),
    ('path-conf-dir-absolute', {},
     {'CONF_DIR': '/etc'},
     "CONF_DIR: error: folder '/etc' is absolute (paths are relative to the package target)"),
    ('var-conf-dir-two-words', {},
     {'CONF_DIR': 'src/a src/b'},
     "CONF_DIR: error: 'src/a src/b' names more than one folder"),
    ('var-conf-dir-missing', {},
     {'CONF_DIR': 'src/conf'},
     "CONF_DIR: error: folder 'src/conf' does not exist"),
    ('path-ui-dir-dotdot', {},
     {'DSM_UI_DIR': '../ui'},
     "DSM_UI_DIR: error: folder '../ui' contains a '..' segment"),
    ('var-sharename-not-a-field', {},
     {'SERVICE_WIZARD_SHARENAME': 'my share', 'SPK_USER': 'p'},
     "SERVICE_WIZARD_SHARENAME: error: 'my share' is not a wizard field name"),
    ('var-sharename-without-user', {},
     {'SERVICE_WIZARD_SHARENAME': 'wizard_share'},
     'SERVICE_WIZARD_SHARENAME: error: a data-share needs the service user: set SERVICE_USER = auto'),
    ('conf-tie', {'src/conf_7/resource': '{}', 'src/conf_dsm7/resource': '{}'},
     {'SPKGEN_CONF_AUTO': 'src/conf_7', 'CONF_DIR': 'src/conf_7'},
     'src: error: src/conf_7 and src/conf_dsm7 both stand for DSM 7: remove one or set CONF_DIR'),
    ('res-invalid-json', {'src/conf/resource': '{\n  "a": 1,\n}\n'},
     {'CONF_DIR': 'src/conf'},
     "src/conf/resource:2:9: error: invalid JSON: trailing comma before '}'"),
    ('res-duplicate-key', {'src/conf/resource': '{\n  "a": 1,\n  "a": 2\n}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:3:3: error: key "a" appears twice in one object'),
    ('res-not-an-object', {'src/conf/resource': '[1, 2]\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:1: error: a resource file must hold a JSON object ({...})'),
    ('res-number-not-finite', {'src/conf/resource': '{\n  "a": 1e400\n}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:2:8: error: invalid JSON: the number 1e400 is too large for a JSON reader (not finite)'),
    ('res-integer-too-long', {'src/conf/resource': '{"a": ' + '7' * 5000 + '}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:7: error: invalid JSON: an integer of 5000 digits (at most 4300)'),
    ('res-lone-surrogate', {'src/conf/resource': '{"a": "x\\ud800"}\n'},
     {'CONF_DIR': 'src/conf'},
     "src/conf/resource:1:9: error: invalid JSON: '\\ud800' is half of a UTF-16 surrogate pair, not a character"),
    ('res-port-config-dotdot', {'src/conf/resource': '{"port-config": {"protocol-file": "../../etc/passwd"}}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:35: error: "port-config"."protocol-file": path \'../../etc/passwd\' contains a \'..\' segment'),
    ('res-port-config-not-sc', {'src/conf/resource': '{"port-config": {"protocol-file": "app/x.txt"}}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:35: error: "port-config"."protocol-file": \'app/x.txt\' is not a protocol file (*.sc)'),
    ('res-duplicate-nested-key', {'src/conf/resource': '{"a": {"x": 1},\n "b": {"x": 1,\n "x": 2}}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:3:2: error: key "x" appears twice in one object'),
    ('res-nested-too-deeply', {'src/conf/resource': '[' * 3000 + ']' * 3000},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:201: error: invalid JSON: nested deeper than 200 levels'),
    ('conf-file-named-like-the-marker', {'src/conf/.spkgen': 'x\n'},
     {'CONF_DIR': 'src/conf'},
     "src/conf/.spkgen: error: a conf file named '.spkgen' clashes with the folder spkgen keeps its marker in: rename it"),
    ('var-service-port-thousands-of-digits', {},
     {'SERVICE_PORT': '9' * 5000},
     "SERVICE_PORT: error: port 999999...(5000 digits) in '" + '9' * 40 + "' is outside 1..65535"),
    ('res-nan', {'src/conf/resource': '{"a": NaN}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:7: error: invalid JSON: NaN is not a JSON value'),
    ('res-empty-file', {'src/conf/resource': ''},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:1: error: invalid JSON: Expecting value'),
    ('res-invalid-utf8', {'src/conf/resource': b'{"a": "\xff"}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:8: error: not valid UTF-8 (byte 0xff)'),
    ('res-other-port-config', {'src/conf/resource': '{"port-config": {"protocol-file": "app/x.sc"}}\n'},
     {'CONF_DIR': 'src/conf', 'SERVICE_PORT': '80'},
     'src/conf/resource: error: "port-config" is {"protocol-file": "app/x.sc"} here but FWPORTS/SERVICE_PORT generate {"protocol-file": "app/p.sc"}: remove it from this file (spkgen ships the protocol file)'),
    ('res-linker-not-object', {'src/conf/resource': '{"usr-local-linker": ["bin/x"]}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:22: error: "usr-local-linker" must be an object of folder lists'),
    ('res-linker-ignored-folder-escapes', {'src/conf/resource': '{"usr-local-linker": {"share": ["/x"]}}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:33: error: "usr-local-linker"."share": path \'/x\' is absolute (paths are relative to the package target)'),
    ('res-linker-not-strings', {'src/conf/resource': '{"usr-local-linker": {"bin": [1]}}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:30: error: "usr-local-linker"."bin" must be a list of paths'),
    ('path-res-linker-dotdot', {'src/conf/resource': '{"usr-local-linker": {"bin": ["../x"]}}\n'},
     {'CONF_DIR': 'src/conf'},
     'src/conf/resource:1:31: error: "usr-local-linker"."bin": path \'../x\' contains a \'..\' segment'),
    ('res-linker-same-link-twice', {'src/conf/resource': '{"usr-local-linker": {"bin": ["a/x", "b/x"]}}\n'},
     {'CONF_DIR': 'src/conf'},
     "src/conf/resource: error: 'a/x' and 'b/x' would both be linked as /usr/local/bin/x"),
    ('res-protocol-file-escapes', {'src/conf/resource': '{"port-config": {"protocol-file": "../../etc/x.sc"}}\n'},
     {'CONF_DIR': 'src/conf', 'SERVICE_PORT': '80'},
     'src/conf/resource: error: "port-config" is {"protocol-file": "../../etc/x.sc"} here but FWPORTS/SERVICE_PORT generate {"protocol-file": "app/p.sc"}: remove it from this file (spkgen ships the protocol file)'),
]

PREVIOUS = {"resource": b"previous resource\n", "p.sc": b"[previous]\n", "deps.mk": b"# old\n",
            "stamp": b"", "conf/resource": b"previous conf\n", "conf/other": b"x\n"}


def test_corpus_is_large_and_unique():
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES)
    assert len({c[3] for c in CASES}) >= 60          # distinct messages, not one repeated


@pytest.mark.parametrize("files, variables, message", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input(cli, tmp_path, files, variables, message):
    for path, content in files.items():
        full = tmp_path / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(content.encode() if isinstance(content, str) else content)
    values = {"SPK_NAME": "p", "TCVERSION": "7.2", **variables}
    (tmp_path / "manifest").write_bytes(
        "".join(f"{k}={v}\n" for k, v in values.items()).encode())
    for path, content in PREVIOUS.items():
        (tmp_path / "out" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / path).write_bytes(content)
    before = snapshot(tmp_path / "out")
    code, out, err = cli("build", "--manifest", "manifest", "--resource", "out/resource",
                         "--protocol-file", "out/p.sc", "--conf-mirror", "out/conf",
                         "--depfile", "out/deps.mk", "--stamp", "out/stamp", cwd=str(tmp_path))
    assert (code, out, err) == (1, "", message + "\n")
    assert snapshot(tmp_path / "out") == before


def _fifo(path):
    os.mkfifo(path)


def _symlink_to_victim(path):
    os.symlink(os.path.join(os.path.dirname(os.path.dirname(path)), "victim"), path)


def _folder(path):
    os.makedirs(path)


def _stranger_in_mirror(path):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "Makefile"), "w") as handle:
        handle.write("the package's own file\\n")


def _file(path):
    with open(path, "w") as handle:
        handle.write("a file\\n")


def _file_above(path):
    _file(os.path.dirname(path))


# (id, option, how the path is prepared, the one line on stderr with {path} for its path)
BAD_OUTPUTS = [
    ("out-resource-fifo", "--resource", _fifo,
     "{path}: error: is a device, FIFO or socket, not a regular file: refusing to write it"),
    ("out-resource-symlink", "--resource", _symlink_to_victim,
     "{path}: error: is a symlink, not a regular file: refusing to write it"),
    ("out-resource-folder", "--resource", _folder,
     "{path}: error: is a folder, not a regular file: refusing to write it"),
    ("out-protocol-symlink", "--protocol-file", _symlink_to_victim,
     "{path}: error: is a symlink, not a regular file: refusing to write it"),
    ("out-depfile-fifo", "--depfile", _fifo,
     "{path}: error: is a device, FIFO or socket, not a regular file: refusing to write it"),
    ("out-stamp-folder", "--stamp", _folder,
     "{path}: error: is a folder, not a regular file: refusing to write it"),
    ("out-mirror-is-a-file", "--conf-mirror", _file,
     "{path}: error: is not a folder: refusing to use it as the conf mirror"),
    ("out-mirror-holds-package-files", "--conf-mirror", _stranger_in_mirror,
     "{path}: error: holds Makefile, which spkgen did not write: refusing to manage this "
     "folder (give an empty or new folder)"),
    ("out-mirror-below-a-file", "--conf-mirror", _file_above,
     "{path}/.spkgen/files: error: '{parent}' is not a folder: cannot write here"),
]


@pytest.mark.parametrize("option, prepare, message", [c[1:] for c in BAD_OUTPUTS],
                         ids=[c[0] for c in BAD_OUTPUTS])
def test_bad_output_is_refused_and_nothing_changes(cli, tmp_path, option, prepare, message):
    (tmp_path / "victim").write_text("keep\\n")
    (tmp_path / "out").mkdir()
    outputs = {"--resource": "out/resource", "--protocol-file": "out/p.sc",
               "--conf-mirror": "out/conf", "--depfile": "out/deps.mk", "--stamp": "out/stamp"}
    if prepare is _file_above:
        outputs[option] = "out/file/conf"
    prepare(str(tmp_path / outputs[option]))
    listing = sorted(os.path.relpath(os.path.join(r, n), tmp_path)
                     for r, ds, ns in os.walk(tmp_path) for n in ds + ns)
    args = [a for o, p in outputs.items() for a in (o, p)]
    code, out, err = cli("build", "--set", "SPK_NAME=p", "--set", "TCVERSION=7.2",
                         "--set", "SERVICE_PORT=8080", *args, cwd=str(tmp_path))
    path = outputs[option]
    assert (code, out, err) == (1, "", message.format(path=path, parent=os.path.dirname(path))
                                + "\n")
    assert (tmp_path / "victim").read_text() == "keep\\n"
    assert sorted(os.path.relpath(os.path.join(r, n), tmp_path)
                  for r, ds, ns in os.walk(tmp_path) for n in ds + ns) == listing


@pytest.mark.parametrize("link, variables, message", [
    ("src/conf_7", {}, "CONF_DIR: error: 'src/conf_7' leads outside the package (to '{outside}' "
     "through a symlink)"),
    ("src/p.sc", {"FWPORTS": "src/p.sc"}, "FWPORTS: error: 'src/p.sc' leads outside the "
     "package (to '{outside}' through a symlink)"),
], ids=["path-conf-variant-symlink-outside", "path-fwports-symlink-outside"])
def test_symlink_leading_outside_the_package_is_refused(cli, tmp_path, link, variables, message):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "resource").write_text('{"video-driver": {}}\n')
    (outside / "p.sc").write_text(OK)
    package = tmp_path / "package"
    (package / "src").mkdir(parents=True)
    target = outside if link == "src/conf_7" else outside / "p.sc"
    (package / link).symlink_to(target)
    args = [a for k, v in {"SPK_NAME": "p", "TCVERSION": "7.2", **variables}.items()
            for a in ("--set", f"{k}={v}")]
    code, out, err = cli("build", *args, "--resource", "out", cwd=str(package))
    assert (code, err) == (1, message.format(outside=target) + "\n")
    assert not (package / "out").exists()
