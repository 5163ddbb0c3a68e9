"""Publish truth: what a tree publishes and what each published build says.

- builds: the builds a tree publishes and the DSM versions each is installed on;
- workflow: the published builds read from the tree's own CI workflows;
- info: the INFO file each build would write, its icons and wizard files (with
  check/shell.py: what sh and dash's echo make of a recipe line).
The rules built on them are check/rules/publish.py (publish-range, upload) and
check/rules/info.py (package-info).
"""
