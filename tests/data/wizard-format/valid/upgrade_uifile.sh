#!/bin/sh
# pieces spliced together, values from the script's own variables and commands
DEFAULT="$(cat /var/packages/x/var/share 2>/dev/null)"
CHECK=$(/bin/cat<<EOF2
{
    var value = arguments[0];
    return value !== "" || "empty";
}
EOF2
)
PAGE=$(/bin/cat<<EOF2
{
    "step_title": "${TITLE}",
    "items": [{
        "type": "textfield",
        "subitems": [{
            "key": "wizard_share",
            "defaultValue": "${DEFAULT}",
            "validator": {"fn": "$(echo "$CHECK")", "regex": {"expr": "${REGEX}"}}
        }]
    }]
}
EOF2
)
ITEMS=$(cat <<'RAW'
{"type": "multiselect", "subitems": [{"key": "wizard_a", "defaultValue": false}]},
{"desc": "text"}
RAW
)
echo "[$PAGE]" > "$SYNOPKG_TEMP_LOGFILE"
