"""Every ribbon entry point on every corpus case: ``python -m tests.corpus.ribbons FOLDER`` prints JSON results.

tests/test_corpus.py starts this in a second process while it runs the commands in its own, so the two cores of a
CI machine share the corpus (the buttons' checks and the commands' checks are the slow part of each). The entry
points run through the real xlwings API on the remote engine with the test-only licence (tests/excel_support.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ENTRY_POINTS = ("check", "callsheets_all", "dood", "cost_report", "crew_list")


def run(folder: Path) -> dict[str, dict[str, dict[str, Any]]]:
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # before xlwings is imported: the remote engine needs it
    import xlproduction.checks as checks
    from tests.checks_memo import memoised
    from tests.excel_support import payload, remote_book
    from xlproduction.excel import entry_points as ep

    # Each production's rules once, as in the tests.
    checks.run_checks = memoised(checks.run_checks)  # type: ignore[assignment]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name, entry in manifest.items():
        data = payload(folder / entry["file"])
        out[name] = {}
        for button in ENTRY_POINTS:
            try:
                result = getattr(ep, button)(remote_book(data))
                out[name][button] = {"ok": result.ok, "message": result.message, "raised": None}
            except BaseException as e:  # an entry point must never raise: recorded, and the test fails on it
                out[name][button] = {"ok": False, "message": "", "raised": f"{type(e).__name__}: {e}"}
    return out


if __name__ == "__main__":
    json.dump(run(Path(sys.argv[1])), sys.stdout)
