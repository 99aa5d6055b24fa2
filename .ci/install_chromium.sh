#!/usr/bin/env bash
# Install what tests/test_browser.py needs: Debian's Chromium and Playwright
# for Python. Idempotent: does nothing that is already done. Never downloads
# a browser through Playwright (no `playwright install`): the tests launch
# /usr/bin/chromium.
#
# Usage: bash .ci/install_chromium.sh [VENV]     (VENV defaults to .venv)
set -euo pipefail

VENV="${1:-.venv}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi

if ! "$VENV/bin/python" -c "import playwright.sync_api" >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install --quiet playwright
fi

echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing); playwright: $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("playwright"))')"
