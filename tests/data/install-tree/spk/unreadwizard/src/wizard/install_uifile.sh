#!/bin/sh
KEY=wizard_$(echo anything)
echo "[{\"step_title\": \"x\", \"items\": [{\"type\": \"textfield\", \"subitems\": [{\"key\": \"${KEY}\"}]}]}]"
