"""check/wizards.py: the install wizard's keys and the resource's placeholders."""
from spkgen.check.wizards import Wizard, missing_keys, placeholders, read_wizard


def wizard_folder(tmp_path, name, text):
    folder = tmp_path / "pkg" / "src" / "wizard"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return str(tmp_path / "pkg")


def test_json_wizard_keys(tmp_path):
    package = wizard_folder(tmp_path, "install_uifile", '[{"items": [{"subitems": ['
                            '{"key": "wizard_a"}, {"key" : "wizard_b"}]}]}]')
    wizard_folder(tmp_path, "install_uifile_fre", '[{"items": [{"subitems": [{"key": "c"}]}]}]')
    wizard_folder(tmp_path, "README", '{"key": "not_a_wizard_file"}')
    found = read_wizard(package, {"WIZARDS_DIR": "src/wizard/"})
    assert found.keys == {"wizard_a", "wizard_b", "c"} and not found.unreadable


def test_a_script_with_escaped_json_is_read(tmp_path):
    package = wizard_folder(tmp_path, "install_uifile.sh",
                            'echo "[{\\"key\\": \\"wizard_x\\", \\"defaultValue\\": \\"$HOME\\"}]"')
    assert read_wizard(package, {"WIZARDS_DIR": "src/wizard"}).keys == {"wizard_x"}


def test_an_install_script_without_literal_keys_cannot_be_read(tmp_path):
    package = wizard_folder(tmp_path, "install_uifile.sh", 'printf "%s" "$JSON"')
    assert "has no literal" in read_wizard(package, {"WIZARDS_DIR": "src/wizard"}).unreadable


def test_an_upgrade_script_without_keys_or_repeating_the_install_keys_is_read(tmp_path):
    """Upgrade wizards often only inform, or ask again what the install wizard asked."""
    package = wizard_folder(tmp_path, "install_uifile", '[{"subitems": [{"key": "wizard_a"}]}]')
    wizard_folder(tmp_path, "upgrade_uifile.sh", 'echo \'[{"subitems": [{"key": "wizard_a"}]}]\'')
    wizard_folder(tmp_path, "upgrade_uifile_fre.sh", 'echo \'[{"desc": "nothing to ask"}]\'')
    found = read_wizard(package, {"WIZARDS_DIR": "src/wizard"})
    assert (found.keys, found.unreadable) == ({"wizard_a"}, "")


def test_a_wizard_made_by_the_build_cannot_be_read(tmp_path):
    found = read_wizard(str(tmp_path), {"WIZARDS_DIR": f"{tmp_path}/work-x64-7.2/generated"})
    assert "made by the build" in found.unreadable


def test_placeholders_are_located_and_dsm_ones_need_no_wizard():
    text = '{\n  "a": "{{wizard_x}}",\n  "b": "{{ SYNOPKG_PKGNAME }}/{{typo}}"\n}'
    assert [(p.key, p.line, p.column) for p in placeholders(text)] == [
        ("wizard_x", 2, 9), ("SYNOPKG_PKGNAME", 3, 9), ("typo", 3, 31)]
    missing = missing_keys(Wizard(frozenset({"wizard_x"}), ("install_uifile",)), "res", text,
                           text, ("Makefile", 4))
    assert [(m.key, m.file, m.line, m.column) for m in missing] == [("typo", "res", 3, 31)]


MANTISBT_SHAPED = '''#!/bin/bash
INTERNAL_IP=$(ip -4 route get 8.8.8.8 | awk '{print $7}')
RESTORE_BACKUP_FILE="wizard_mantisbt_restore"
INSTALL_NEW_INSTANCE="wizard_mantisbt_install"
export INSTALLATION_URL=wizard_install_url   # a comment
checkNewInstall()
{
    CHECK=$(/bin/cat<<EOF
{ var installNew = step.getComponent("${INSTALL_NEW_INSTANCE}"); }
EOF
)
}
PAGE=$(/bin/cat<<EOF
{"items": [{"subitems": [
    {"key": "${INSTALL_NEW_INSTANCE}", "desc": "Install"},
    {"key": "$RESTORE_BACKUP_FILE", "desc": "Restore"},
    {"key": "${INSTALLATION_URL}", "defaultValue": "http://${INTERNAL_IP}/mantisbt/"},
    {"key": "wizard_mysql_password_root"}]}]}
EOF
)
echo "[$PAGE]"
'''


def test_a_script_key_naming_its_own_variable_takes_the_value_the_script_assigns(tmp_path):
    """mantisbt, fengoffice, wallabag, immich, roundcube, nextcloud, owncloud: keys such as
    "${INSTALL_NEW_INSTANCE}" with INSTALL_NEW_INSTANCE="wizard_mantisbt_install" above."""
    package = wizard_folder(tmp_path, "install_uifile.sh", MANTISBT_SHAPED)
    found = read_wizard(package, {"WIZARDS_DIR": "src/wizard"})
    assert (found.keys, found.unreadable) == ({"wizard_mantisbt_install", "wizard_mantisbt_restore",
                                               "wizard_install_url",
                                               "wizard_mysql_password_root"}, "")
    resource = '{"mariadb10-db": {"grant-user": "{{wizard_mantisbt_instal}}"}}'
    missing = missing_keys(found, "r", resource, resource, ("SERVICE_WIZARD_SHARENAME", None))
    assert [(m.key, m.line, m.column) for m in missing] == [("wizard_mantisbt_instal", 1, 34)]


def test_a_key_from_a_variable_assigned_twice_or_by_a_command_cannot_be_read(tmp_path):
    twice = MANTISBT_SHAPED.replace('INSTALL_NEW_INSTANCE="wizard_mantisbt_install"',
                                    'INSTALL_NEW_INSTANCE="a"\nINSTALL_NEW_INSTANCE="b"')
    package = wizard_folder(tmp_path, "install_uifile.sh", twice)
    assert "computes a key" in read_wizard(package, {"WIZARDS_DIR": "src/wizard"}).unreadable
    command = MANTISBT_SHAPED.replace('INSTALL_NEW_INSTANCE="wizard_mantisbt_install"',
                                      'INSTALL_NEW_INSTANCE=$(hostname)')
    package = wizard_folder(tmp_path, "install_uifile.sh", command)
    assert "computes a key" in read_wizard(package, {"WIZARDS_DIR": "src/wizard"}).unreadable
