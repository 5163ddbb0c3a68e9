#!/bin/sh
# a value a run computes outside a string: this page is JSON only once the script runs
PAGE=$(cat <<EOF
{"step_title": "Remove", "items": [{"type": "multiselect", "subitems": [{"key": "wizard_keep", "defaultValue": $(keep_default)}]}]}
EOF
)
echo "[$PAGE]" > "$SYNOPKG_TEMP_LOGFILE"
