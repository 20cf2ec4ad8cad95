# kbpress: `make site` builds the sample knowledge base, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kbpress-installed
# npm tools the EPUB tests run (Ace by DAISY, epub.js), with the system Chromium: no browser download.
NPM_DIR := tests/js
NPM_STAMP := $(NPM_DIR)/node_modules/.kbpress-installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test bench check clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)
	scripts/ensure-system-packages site
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	scripts/ensure-system-packages site
	$(BIN)/mkdocs serve --livereload --dirty --no-strict

check: $(STAMP)
	$(BIN)/kbpress check

$(NPM_STAMP): $(NPM_DIR)/package.json $(NPM_DIR)/package-lock.json
	scripts/ensure-system-packages test
	cd $(NPM_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

test: $(STAMP) $(NPM_STAMP)
	scripts/ensure-system-packages test
	$(BIN)/python -m pytest

bench: $(STAMP)
	scripts/ensure-system-packages bench
	$(BIN)/python bench/run.py

# Refresh requirements.lock from the versions pinned in pyproject.toml.
lock:
	rm -rf /tmp/kbpress-lock && $(PYTHON) -m venv /tmp/kbpress-lock
	/tmp/kbpress-lock/bin/pip install --quiet -e '.[test]'
	/tmp/kbpress-lock/bin/pip freeze --exclude-editable | grep -v '^kbpress' > requirements.lock

clean:
	rm -rf site .cache .pytest_cache test-artifacts $(NPM_DIR)/node_modules
