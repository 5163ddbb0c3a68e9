#!/bin/sh
cat <<JSON
[{"step_title": "Share", "items": [{"type": "textfield", "subitems": [
  {"key": "wizard_share", "desc": "Shared folder", "defaultValue": "${SHARE:-data}"}]}]}]
JSON
