# Set up, run and test calpae on Debian 12 (as root in CI; through sudo otherwise).
# Repeated runs are fast and work offline: apt-get runs only when a package is missing,
# pip only when pyproject.toml changed since the last install.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

APT_PACKAGES := python3.11 python3.11-venv tesseract-ocr tesseract-ocr-fra poppler-utils \
                fonts-dejavu-core chromium redis-server
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SEEDS ?= ../shared/seeds
PORT ?= 8000
LINT_PATHS := $(wildcard src tests benchmarks)

.PHONY: help setup system-packages run test clean distclean vendor-dsfr bench-web

help:
	@echo "make setup  installe les paquets système, le virtualenv .venv et calpae"
	@echo "make run    installe, enregistre $(SEEDS) dans la base et sert l'application web"
	@echo "make test   installe, puis ruff, lint-imports et pytest"
	@echo "make clean  supprime la base var/ et les caches (distclean : aussi .venv)"
	@echo "make bench-web  mesure les temps de réponse du serveur web (corpus 100 × 4, wrk)"
	@echo "make vendor-dsfr  recopie le DSFR depuis npm (mainteneurs seulement, ADR 0010)"

system-packages:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Paquets système à installer :$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -q; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    $$missing; \
	fi

$(INSTALLED): pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

setup: system-packages $(INSTALLED)

run: setup
	@$(BIN)/calpae ingest $(SEEDS) || echo "Certains fichiers n'ont pas été enregistrés (voir ci-dessus)."
	$(BIN)/calpae serve --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/lint-imports
	$(BIN)/pytest

clean:
	rm -rf var .pytest_cache .ruff_cache .hypothesis
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +

# The web benchmark on the 100 × 4 demo corpus; wrk (a C load tool) drives the server.
bench-web: setup
	@dpkg -s wrk >/dev/null 2>&1 || { sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk; }
	$(BIN)/python benchmarks/bench_web.py --territories 100

# Maintainers only: refresh the vendored DSFR from the npm registry (needs npm; CI does not).
vendor-dsfr:
	bash tools/vendor_dsfr.sh

distclean: clean
	rm -rf $(VENV) src/*.egg-info
