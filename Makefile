# Landhub: `make serve` builds and serves the site; `make test` runs every test.
# Both set up .venv and node_modules first when they are missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: setup build serve livereload test validate bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: setup
	$(BIN)/invoke build

serve: setup
	$(BIN)/invoke livereload --port $(PORT)

test: setup
	$(BIN)/invoke test

validate: setup
	$(BIN)/invoke validate

bench: setup
	$(BIN)/invoke bench

clean:
	rm -rf output
