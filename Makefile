# The two commands of the README. Everything they need is installed into .venv here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# make run PORT=8090 (or PORT in the environment); the chat simulator is on at /simulator.
PORT ?= 8080
HOST ?= 127.0.0.1

run: setup
	FENJIN_SIMULATOR=1 $(BIN)/python -m bot serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q
