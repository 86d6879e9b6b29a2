# The README's two commands: `make demo` and `make test`. The other targets are their steps,
# except `make lint`, which developers and CI run on their own (CI before the tests).
# Each step runs only when needed: uv when it is missing, the Python environment when the
# lock file changed, the web build when web/dist is missing or older than its sources.

.DEFAULT_GOAL := demo
.PHONY: demo test lint setup uv python web

PYTHON ?= python3
# pip may put uv's script outside PATH (a user or pyenv install); the module always runs.
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
DEMO_ARGS ?=

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
	$(wildcard web/index.html web/vite.config.ts web/tsconfig*.json web/env.d.ts)

demo: setup
	$(UV) run yilian demo $(DEMO_ARGS)

test: setup
	$(UV) run pytest

# Ruff, mypy (strict for the kernel, src/yilian/core) and the web's type check; pyproject.toml
# holds the rules.
lint: python web/node_modules/.package-lock.json
	$(UV) run ruff check .
	$(UV) run mypy
	cd web && npx vue-tsc -b

setup: python web

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
		|| $(PYTHON) -m pip install --quiet uv

python: uv
	$(UV) sync --frozen

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	@touch $@
