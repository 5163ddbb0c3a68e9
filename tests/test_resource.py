import glob
import json
import os

import pytest

from conftest import shared_corpus
from spkgen import facts
from spkgen.dsm import Version
from spkgen.errors import Diagnostics, SpkgenError
from spkgen.jsonfile import parse_object
from spkgen.links import parse_commands
from spkgen.resource import check_static, generated_workers, merge, render


def _gen(target="7.2", **overrides):
    values = dict(spk_name="pkg", target=Version.parse(target), ui_dir="app",
                  has_protocol_file=False, links=[], share="", share_worker=False, sharename="",
                  spk_user="pkg", cert="", cert_reload="", display_name="", video_driver="",
                  diags=Diagnostics())
    values.update(overrides)
    return generated_workers(**values)


def test_static_keys_first_generated_follow_and_links_union():
    links = parse_commands("bin/tool")
    generated = _gen(has_protocol_file=True, links=links, video_driver="1")
    static = {"webservice": {"x": 1}, "usr-local-linker": {"lib": ["lib/perl5"]}}
    diags = Diagnostics()
    result = merge(static, "conf/resource", generated, links, Version.parse("7.2"), diags)
    assert list(result) == ["webservice", "usr-local-linker", "port-config", "video-driver"]
    assert result["usr-local-linker"] == {"bin": ["bin/tool"], "lib": ["lib/perl5"]}
    assert not diags.items


def test_different_port_config_is_an_error_equal_one_is_fine():
    generated = _gen(has_protocol_file=True)
    same = {"port-config": {"protocol-file": "app/pkg.sc"}}
    assert merge(same, "r", generated, [], Version.parse("7.2"), Diagnostics()) == same
    with pytest.raises(SpkgenError) as info:
        merge({"port-config": {"protocol-file": "app/other.sc"}}, "r", generated, [],
              Version.parse("7.2"), Diagnostics())
    assert str(info.value) == (
        'r: error: "port-config" is {"protocol-file": "app/other.sc"} here but '
        'FWPORTS/SERVICE_PORT generate {"protocol-file": "app/pkg.sc"}: remove it from this '
        "file (spkgen ships the protocol file)")


def test_static_value_replacing_a_generated_one_is_noted():
    generated = _gen(video_driver="yes")
    diags = Diagnostics()
    merge({"video-driver": {"x": 1}}, "r", generated, [], Version.parse("7.2"), diags)
    assert [str(d) for d in diags] == [
        'r: note: "video-driver" of this file replaces the one VIDEODRIVER generates ({})']


def test_workers_the_target_lacks_and_unknown_keys_warn():
    diags = Diagnostics()
    text = '{\n  "webservice": {},\n  "frobnicate": 1\n}\n'
    check_static(parse_object(text, "r"), text, "r", Version.parse("6.2.4"), diags)
    assert [str(d) for d in diags] == [
        f'r:2:17: warning: worker "webservice" does not exist before DSM 7.0 (building for '
        f'6.2.4; {facts.worker("webservice").source})',
        'r:3:17: warning: unknown worker "frobnicate" (passed through unchanged)']


def test_data_share_gating_and_user():
    assert _gen("6.0", sharename="wizard_x") == []
    assert _gen("6.1", sharename="wizard_x")[0][1]["shares"][0] == {
        "name": "{{wizard_x}}", "permission": {"rw": ["sc-pkg"]}}
    with pytest.raises(SpkgenError) as info:
        _gen("6.1", sharename="wizard_x", spk_user="")
    assert str(info.value) == ("SERVICE_WIZARD_SHARENAME: error: a data-share needs the "
                               "service user: set SERVICE_USER = auto")
    with pytest.raises(SpkgenError) as info:
        _gen("7.2", sharename="bad name}}")
    assert info.value.message == "'bad name}}' is not a wizard field name"


def test_render_is_jq_like():
    assert render({"a": {}, "b": [], "c": ["é", "{{w}}"]}) == (
        '{\n  "a": {},\n  "b": [],\n  "c": [\n    "é",\n    "{{w}}"\n  ]\n}\n')


def test_every_shipped_static_resource_merges_without_loss():
    corpus = shared_corpus("resource")
    files = sorted(glob.glob(os.path.join(corpus, "*.json")))
    assert len(files) >= 30
    links = parse_commands("bin/tool")
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        static = parse_object(text, path)
        generated = _gen(has_protocol_file="port-config" not in static or None, links=links)
        if "port-config" in static:
            generated = [g for g in generated if g[0] != "port-config"]
        result = merge(static, path, generated, links, Version.parse("7.2"), Diagnostics())
        for key, value in static.items():
            assert result[key] == value, (path, key)
        for worker, _value, _ in generated:
            assert worker in result, (path, worker)
        placeholders = sorted(p for p in text.split('"') if p.startswith("{{"))
        rendered = render(result)
        assert sorted(p for p in rendered.split('"') if p.startswith("{{")) == placeholders
        assert json.loads(rendered) == result
