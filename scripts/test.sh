#!/usr/bin/env bash
# Install what the tests need and run them: the README's test command, and what CI runs.
# LibreOffice (for the recalculation and PDF tests) comes from Debian's packages when it is missing and this
# user can install packages; elsewhere install it yourself (https://www.libreoffice.org) and rerun.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing LibreOffice (libreoffice-calc-nogui)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
  else
    echo "LibreOffice not found: its tests will be skipped (they run in CI)." >&2
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m ruff check .
python3 -m pytest -q "$@"
