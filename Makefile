# kbpress: `make site` builds the sample knowledge base, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kbpress-installed
# npm tools the tests run with the system Chromium (no browser download):
#   tests/js: Ace by DAISY and epub.js (EPUB); tests/portal: axe-core and Lighthouse (portal).
EPUB_NPM_STAMP := tests/js/node_modules/.kbpress-installed
PORTAL_NPM_STAMP := tests/portal/node_modules/.kbpress-installed
NPM_STAMPS := $(EPUB_NPM_STAMP) $(PORTAL_NPM_STAMP)

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test test-costs bench check clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(PORTAL_NPM_STAMP): tests/portal/package.json tests/portal/package-lock.json
	scripts/ensure-system-packages test
	npm ci --prefix tests/portal --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(PORTAL_NPM_STAMP)

site: $(STAMP)
	scripts/ensure-system-packages site
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	scripts/ensure-system-packages site
	$(BIN)/mkdocs serve --livereload --dirty --no-strict

check: $(STAMP)
	$(BIN)/kbpress check

$(EPUB_NPM_STAMP): tests/js/package.json tests/js/package-lock.json
	scripts/ensure-system-packages test
	cd tests/js && PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $(EPUB_NPM_STAMP)

# Every test: first in parallel, one worker per CPU (pytest-xdist; a file's tests stay in one worker,
# so module fixtures run once; the costliest files first, tests/ordering.py), then the `serial` ones
# (Lighthouse measures) alone. Both runs share the products built once (tests/sharing.py) through
# KBPRESS_TEST_SHARED.
PARALLEL_TESTS := -n auto --dist loadfile --no-loadscope-reorder -m "not serial"
# The tests start kbpress, mkdocs and scripts/publish in some 150 child processes: kbpress's modules
# and the test modules are compiled once, into __pycache__ (ignored by git), instead of in each process.
test test-costs: export PYTHONDONTWRITEBYTECODE :=
test: $(STAMP) $(NPM_STAMPS)
	scripts/ensure-system-packages test
	shared=$$(mktemp -d) && status=0; \
	KBPRESS_TEST_SHARED=$$shared $(BIN)/python -m pytest $(PARALLEL_TESTS) $(PYTEST_ARGS) || status=$$?; \
	KBPRESS_TEST_SHARED=$$shared $(BIN)/python -m pytest -m serial $(PYTEST_ARGS) || status=$$?; \
	rm -rf $$shared; exit $$status

# Re-measure each test file's seconds in the parallel run (tests/file-costs.json, the order above).
test-costs: $(STAMP) $(NPM_STAMPS)
	scripts/ensure-system-packages test
	shared=$$(mktemp -d) && status=0; \
	KBPRESS_TEST_SHARED=$$shared $(BIN)/python -m pytest $(PARALLEL_TESTS) --record-file-costs tests/file-costs.json || status=$$?; \
	rm -rf $$shared; exit $$status

bench: $(STAMP)
	scripts/ensure-system-packages bench
	$(BIN)/python bench/run.py

# Refresh requirements.lock from the versions pinned in pyproject.toml.
lock:
	rm -rf /tmp/kbpress-lock && $(PYTHON) -m venv /tmp/kbpress-lock
	/tmp/kbpress-lock/bin/pip install --quiet -e '.[test]'
	/tmp/kbpress-lock/bin/pip freeze --all --exclude-editable | grep -v '^kbpress\|^pip==' > requirements.lock  # --all: setuptools is a dependency

clean:
	rm -rf site .cache .pytest_cache test-artifacts tests/js/node_modules tests/portal/node_modules
