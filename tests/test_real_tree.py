"""Optional: the plugin in a real spksrc checkout named by SPKGEN_SPKSRC_TREE (a copy of
its mk/ and two packages is made in a temp dir; the checkout itself is not touched)."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT

TREE = os.environ.get("SPKGEN_SPKSRC_TREE", "")
pytestmark = pytest.mark.skipif(
    not (TREE and os.path.isfile(os.path.join(TREE, "mk", "spksrc.common.mk"))),
    reason="set SPKGEN_SPKSRC_TREE to a spksrc checkout to run the real-tree test")


def test_real_tree_tvheadend_keeps_its_firewall_port(tmp_path):
    copy = tmp_path / "spksrc"
    os.makedirs(copy / "spk")
    shutil.copytree(os.path.join(TREE, "mk"), copy / "mk")
    for name in ("tvheadend", "duplicity"):
        shutil.copytree(os.path.join(TREE, "spk", name), copy / "spk" / name,
                        ignore=shutil.ignore_patterns("work-*"))
    subprocess.run([os.path.join(ROOT, "scripts", "vendor-into"), str(copy)], check=True,
                   capture_output=True)
    package = copy / "spk" / "tvheadend"
    subprocess.run(["make", "ARCH=x64", "TCVERSION=7.2", "service", "conf"], cwd=package,
                   check=True, capture_output=True)
    resource = json.loads((package / "work-x64-7.2" / "conf" / "resource").read_text())
    assert resource["port-config"] == {"protocol-file": "app/tvheadend.sc"}
    assert "video-driver" in resource
    sc = (package / "work-x64-7.2" / "staging" / "app" / "tvheadend.sc").read_text()
    assert 'dst.ports="9981/tcp"' in sc
