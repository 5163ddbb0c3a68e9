#!/bin/sh
SHARE="${wizard_share:-data}"
PAGE=$(/bin/cat<<EOF
{
    "step_title": "Storage",
    "items": [{
        "type": "textfield",
        "subitem": [{"key": "wizard_share", "defaultValue": "${SHARE}"}]
    }]
}
EOF
)
echo "[$PAGE]" > "$SYNOPKG_TEMP_LOGFILE"
