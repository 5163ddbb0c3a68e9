# spkgen's own Makefile: the demo and the tests, run in a venv of this checkout.
#   make demo    build the example packages with the plugin and show what they ship
#   make test    run the test suite
#   make lint    ruff and mypy (settings in pyproject.toml)
#   make lock    pin the test and lint tools again: constraints.txt (scripts/lock-requirements)
#   make bench   the benchmark (ratios measured side by side; not part of the tests);
#                SPKGEN_SPKSRC_TREE=DIR adds a real spksrc tree, BENCH_FLAGS=--sweep the whole of it
# The venv ($(VENV), made by $(PYTHON) -m venv) gets requirements.txt for demo and bench,
# requirements-test.txt for test and requirements-lint.txt for lint, at the exact versions of
# constraints.txt; it is made afresh when one of those files changes. Its bin/ comes first on
# PATH, so scripts/spkgen (python3 from PATH) runs in it too. The venv is for this repo only:
# inside a spksrc tree the plugin runs the system python3 with jinja2.
PYTHON ?= python3
VENV ?= .venv
IN_VENV = PATH="$(abspath $(VENV))/bin:$$PATH"

.PHONY: all demo test lint lock bench
all: test

demo: $(VENV)/requirements.txt.done
	@$(IN_VENV) $(MAKE) --no-print-directory -C examples demo

test: $(VENV)/requirements-test.txt.done
	$(IN_VENV) python3 -m pytest

# the files ruff reads: the package, the tests and the Python scripts (no .py suffix);
# mypy reads those of pyproject.toml's [tool.mypy] files: the package and scripts/vendor-into
LINT_FILES = python tests scripts/vendor-into scripts/bench scripts/lock-requirements
lint: $(VENV)/requirements-lint.txt.done
	$(IN_VENV) ruff check $(LINT_FILES)
	$(IN_VENV) mypy

lock:
	$(PYTHON) scripts/lock-requirements

bench: $(VENV)/requirements.txt.done
	$(IN_VENV) python3 scripts/bench $(BENCH_FLAGS)

VENV_FAILED = make: error: '$(PYTHON) -m venv $(VENV)' failed: install Python's venv module\
 (Debian/Ubuntu: apt-get install python3-venv), then run make again
PIP_FAILED = make: error: cannot install $*.txt into $(VENV) (no network?):\
 run '$(VENV)/bin/python3 -m pip install -c constraints.txt -r $*.txt', then make again

$(VENV)/bin/activate: requirements.txt requirements-test.txt requirements-lint.txt constraints.txt
	@echo "  VENV    $(VENV)"
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "$(VENV_FAILED)" >&2; exit 1; }

# One stamp per requirements file; requirements-test.txt includes requirements.txt.
$(VENV)/requirements.txt.done: requirements.txt $(VENV)/bin/activate
$(VENV)/requirements-test.txt.done: requirements-test.txt $(VENV)/requirements.txt.done
$(VENV)/requirements-lint.txt.done: requirements-lint.txt $(VENV)/requirements.txt.done
$(VENV)/%.txt.done:
	@echo "  PIP     $*.txt"
	@$(VENV)/bin/python3 -m pip install --quiet --disable-pip-version-check -c constraints.txt \
	 -r $*.txt ||\
	 { echo "$(PIP_FAILED)" >&2; exit 1; }
	@touch $@
