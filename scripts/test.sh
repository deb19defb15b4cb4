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

# xlwings Lite runs the same reader and rules on Pyodide's pandas 2.2, whose copy and dtype rules differ from
# pandas 3's: run them again there (a venv over this one's packages, with pandas 2.2 on top), warnings as errors.
# Skipped when arguments select tests (a developer's quick run).
if [ "$#" -eq 0 ]; then
  # (scripts/venv_over.py, not `venv --system-site-packages`, which sees the base interpreter's packages when this
  # runs inside a virtualenv.)
  PY22="$(python3 scripts/venv_over.py .venv-pandas22)"
  "$PY22" -m pip install -q --disable-pip-version-check "pandas==2.2.3"
  "$PY22" -m pytest -q -p no:cacheprovider -W error::FutureWarning \
    tests/rules tests/test_reader.py tests/test_coerce.py tests/test_check_cli.py tests/test_dood.py \
    tests/test_derived.py tests/test_prechecks.py tests/test_partial_read.py tests/test_logistics_derive.py \
    tests/test_logistics_reports.py tests/test_excel_logistics.py
fi
