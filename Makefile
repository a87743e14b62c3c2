# Two commands on a fresh machine: `make run` and `make test`. Each installs what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint bench docs clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate
	$(BIN)/python manage.py runner --detach
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

system-deps:
	bash scripts/system-deps.sh

test: $(VENV)/.dev system-deps
	$(BIN)/python manage.py docs --check
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .

bench: $(VENV)/.dev
	$(BIN)/python -m bench

docs: $(VENV)/.runtime
	$(BIN)/python manage.py docs

clean:
	rm -rf $(VENV) .pytest_cache
