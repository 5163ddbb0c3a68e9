# spkgen's own Makefile: the demo and the tests.
#   make demo    build the example packages with the plugin and show what they ship
#   make test    run the test suite
#   make bench   the benchmark (ratios measured side by side; not part of the tests)
PYTHON ?= python3

.PHONY: all demo test bench
all: test

demo:
	@$(MAKE) --no-print-directory -C examples demo

test:
	$(PYTHON) -m pytest

bench:
	$(PYTHON) scripts/bench
