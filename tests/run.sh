#!/usr/bin/env bash
# The test command: sets up everything the suite needs on a fresh machine, then runs it.
#   bash tests/run.sh [pytest args...]
# It creates .venv, installs digest with its test extras, installs Debian's chromium
# (for the browser tests) when it is missing and apt-get is there, lints, and runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "is ignored" || true
.venv/bin/python -c "import digest, mjml, trafilatura" # fail fast if the install did not take

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser tests will say why they skip"
  fi
fi

.venv/bin/ruff check digest tests bench
.venv/bin/ruff format --check digest tests bench
exec .venv/bin/python -m pytest -q "$@"
