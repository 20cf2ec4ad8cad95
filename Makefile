# kbpress: `make site` builds the sample knowledge base, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kbpress-installed
# axe-core and Lighthouse for the portal's browser tests (pinned in tests/portal/package-lock.json).
NPM_STAMP := tests/portal/node_modules/.kbpress-installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test bench check clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(NPM_STAMP): tests/portal/package.json tests/portal/package-lock.json
	scripts/ensure-system-packages test
	npm ci --prefix tests/portal --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NPM_STAMP)

site: $(STAMP)
	scripts/ensure-system-packages site
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	scripts/ensure-system-packages site
	$(BIN)/mkdocs serve --livereload --dirty --no-strict

check: $(STAMP)
	$(BIN)/kbpress check

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
	rm -rf site .cache .pytest_cache test-artifacts
