#!/usr/bin/env bash
# The whole test suite: set up if needed, then lint, type-check and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check kg tests scripts
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
