#!/bin/sh
echo '[{"step_title": "Music", "items": [{"type": "textfield", "subitems": [{"key": "wizard_music", "desc": "Music folder"}]}]}]'
