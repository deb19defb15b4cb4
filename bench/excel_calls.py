"""How many Excel calls each ribbon entry point makes, per production size (``python -m bench`` reports it).

On desktop Excel every xlwings call is a round trip, so a button must cost the same number of calls on a season
as on a short film. The entry points run through the real xlwings API on the remote engine (``xw.Book(json=…)``,
the workbook read by python-calamine into the JSON an Office.js client sends; tests/excel_support.py), whose
writes queue one action each: the count of queued actions is the count of calls that write. The remote engine is
xlwings PRO (PolyForm Noncommercial), enabled here as in the tests, for measuring only; the product never uses it.

Every queued action counts, whatever it does: a value write, one attribute over a range, a conditional format (the
DOOD colours its codes with one per code), a chart's creation or one of its settings, the print area. Beside the
DOOD's count, ``dood_grid`` gives the size of its grid of codes (performers × dates, read off its conditional
formats), so the table shows the count staying put while the grid grows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ENTRY_POINTS = ("check", "callsheet", "dood", "cost_report", "crew_list", "callsheets_all", "tasks", "import_uss")


def action_counts(path: Path, entry_points: tuple[str, ...] = ENTRY_POINTS) -> dict[str, Any]:
    """Actions queued per entry point on the workbook at ``path`` (``callsheets_all`` also per shoot day)."""
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import copy
    import tempfile

    import xlproduction.checks as checks
    from tests.excel_support import payload, remote_book  # the same bridge the tests use
    from xlproduction.excel import entry_points as ep
    from xlproduction.excel import source as live_source

    data = payload(path)
    # Import USS reads a file of this computer (desktop Excel): a revision of the workbook's own schedule (one scene
    # in ten an eighth longer, two days swapped: bench/tasks.py), so that it writes what an import writes.
    tmp = tempfile.TemporaryDirectory(prefix="xlproduction-bench-")
    from bench.tasks import _prepare_uss

    _prepare_uss(path, Path(tmp.name))
    kwargs = {"import_uss": {"path": str(Path(tmp.name) / "schedule.uss")}}
    # Tasks derives into the Tasks table: on a workbook whose Tasks table is still empty, so that every task is added.
    no_tasks = copy.deepcopy(data)
    for sheet in no_tasks["sheets"]:
        if any(t["name"] == "Tasks" for t in sheet["tables"]):
            sheet["values"] = [sheet["values"][0]] + [[""] * len(r) for r in sheet["values"][1:]]
    books = {"tasks": no_tasks}
    real, memo = checks.run_checks, {}

    def once(p: Any, *args: Any, **kwargs: Any) -> Any:  # the rules' findings do not change between buttons
        if "findings" not in memo:
            memo["findings"] = real(p, *args, **kwargs)
        return list(memo["findings"])

    checks.run_checks = once
    try:
        out: dict[str, Any] = {}
        for name in entry_points:
            book = remote_book(books.get(name, data))
            desktop = live_source.is_web
            if name in kwargs:
                live_source.is_web = lambda b: False  # type: ignore[assignment]
            try:
                result = getattr(ep, name)(book, **kwargs.get(name, {}))
            finally:
                live_source.is_web = desktop  # type: ignore[assignment]
            actions = book.json()["actions"]
            out[name] = len(actions)
            if name == "dood":
                grid = next((a for a in actions if a["func"] == "addConditionalFormat"
                             and a["args"][0]["type"] == "CellValue"), None)  # fmt: skip
                out["dood_grid"] = f"{grid['row_count']}x{grid['column_count']}" if grid else None
            if name == "callsheets_all":
                out["callsheets_all_days"] = len(result.tabs)
            if not result.ok:
                out[f"{name}_message"] = result.message
        return out
    finally:
        checks.run_checks = real
        tmp.cleanup()


if __name__ == "__main__":
    import json

    print(json.dumps(action_counts(Path(sys.argv[1]))))
