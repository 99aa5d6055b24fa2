#!/usr/bin/env bash
# Install what tests/test_browser.py needs: Debian's Chromium and Playwright
# for Python; and Debian's raptor2-utils (rapper), which tests/test_interop.py
# reads kg's exports with. Idempotent: does nothing that is already done. Never downloads
# a browser through Playwright (no `playwright install`): the tests launch
# /usr/bin/chromium.
#
# Usage: bash .ci/install_chromium.sh [VENV]     (VENV defaults to .venv)
set -euo pipefail

VENV="${1:-.venv}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v rapper >/dev/null 2>&1 || missing="$missing raptor2-utils"
if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq $missing >/dev/null
fi

if ! "$VENV/bin/python" -c "import playwright.sync_api" >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install --quiet playwright
fi

echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing); playwright: $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("playwright"))')"
