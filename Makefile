# spkgen's own Makefile: the demo and the tests, run in a venv of this checkout.
#   make demo    build the example packages with the plugin and show what they ship
#   make test    run the test suite
#   make bench   the benchmark (ratios measured side by side; not part of the tests);
#                SPKGEN_SPKSRC_TREE=DIR adds a real spksrc tree, BENCH_FLAGS=--sweep the whole of it
# The venv ($(VENV), made by $(PYTHON) -m venv) gets requirements.txt for demo and bench and
# requirements-test.txt for test; it is made afresh when either file changes. Its bin/ comes
# first on PATH, so scripts/spkgen (python3 from PATH) runs in it too. The venv is for this
# repo only: inside a spksrc tree the plugin runs the system python3 with jinja2.
PYTHON ?= python3
VENV ?= .venv
IN_VENV = PATH="$(abspath $(VENV))/bin:$$PATH"

.PHONY: all demo test bench
all: test

demo: $(VENV)/requirements.txt.done
	@$(IN_VENV) $(MAKE) --no-print-directory -C examples demo

test: $(VENV)/requirements-test.txt.done
	$(IN_VENV) python3 -m pytest

bench: $(VENV)/requirements.txt.done
	$(IN_VENV) python3 scripts/bench $(BENCH_FLAGS)

VENV_FAILED = make: error: '$(PYTHON) -m venv $(VENV)' failed: install Python's venv module\
 (Debian/Ubuntu: apt-get install python3-venv), then run make again
PIP_FAILED = make: error: cannot install $*.txt into $(VENV) (no network?):\
 run '$(VENV)/bin/python3 -m pip install -r $*.txt', then make again

$(VENV)/bin/activate: requirements.txt requirements-test.txt
	@echo "  VENV    $(VENV)"
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "$(VENV_FAILED)" >&2; exit 1; }

# One stamp per requirements file; requirements-test.txt includes requirements.txt.
$(VENV)/requirements.txt.done: requirements.txt $(VENV)/bin/activate
$(VENV)/requirements-test.txt.done: requirements-test.txt $(VENV)/requirements.txt.done
$(VENV)/%.txt.done:
	@echo "  PIP     $*.txt"
	@$(VENV)/bin/python3 -m pip install --quiet --disable-pip-version-check -r $*.txt ||\
	 { echo "$(PIP_FAILED)" >&2; exit 1; }
	@touch $@
