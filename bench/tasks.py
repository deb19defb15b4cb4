"""One benchmark figure, measured in a fresh process: ``python -m bench.tasks TASK WORKBOOK OUT_DIR REPEAT``.

Each figure runs in its own interpreter so that its peak memory is its own (the kernel's high-water mark of the
process, which counts what python-calamine allocates in Rust, unlike tracemalloc) and so that nothing one figure
caches (the guard's inspection of a file, imported modules' state) makes another look cheaper. Timing starts
after the imports, so it is the cost of the work on the file, not of starting Python. Every repeat of a figure
runs in the same process, cold caches first: the guard's per-file cache is emptied before each repeat.

Prints one JSON object: seconds (best of the repeats), every repeat, the peak RSS of the first run and the RSS after
imports (MiB), and for ``check`` a breakdown of where the time goes.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _rss_mib() -> float:
    """The process's current resident set size, from /proc (Linux)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _forget_inspections() -> None:
    try:
        from xlproduction.workbook import guard
    except ImportError:  # pragma: no cover - before the guard existed
        return
    guard._CACHE.clear()


def floor(path: Path, out: Path) -> dict[str, Any]:
    """The physical floor: every table of the workbook read with python-calamine, and nothing else."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path), load_tables=True)
    rows = 0
    for name in wb.table_names:
        rows += len(wb.get_table_by_name(name).to_python())
    return {"rows": rows}


def load(path: Path, out: Path) -> dict[str, Any]:
    from xlproduction.workbook.reader import load_production

    p = load_production(path)
    return {"findings": len(p.findings)}


def check(path: Path, out: Path) -> dict[str, Any]:
    """File to findings, as ``xlproduction check`` does (without printing them)."""
    from xlproduction.checks import run_checks
    from xlproduction.workbook.reader import load_production

    p = load_production(path)
    return {"findings": len(run_checks(p))}


def check_breakdown(path: Path) -> dict[str, float]:
    """Where the time of ``check`` goes: guard, calamine, typing, rules (one more run, after the timed ones)."""
    from xlproduction.checks import run_checks
    from xlproduction.workbook import reader

    _forget_inspections()
    out: dict[str, float] = {}
    t = time.perf_counter()
    try:
        from xlproduction.workbook.guard import check_file

        check_file(path)
        out["guard"] = time.perf_counter() - t
    except ImportError:  # pragma: no cover
        pass
    t = time.perf_counter()
    raws = reader.read_raw_tables(path)  # the guard's inspection is cached now
    out["read (calamine)"] = time.perf_counter() - t
    t = time.perf_counter()
    p = reader.build_production(raws, source=str(path))
    out["typing"] = time.perf_counter() - t
    t = time.perf_counter()
    run_checks(p)
    out["rules"] = time.perf_counter() - t
    return out


def callsheet(path: Path, out: Path) -> dict[str, Any]:
    """One call-sheet tab added to a copy of the file: read, check, fill, render, graft (the CLI's job)."""
    from xlproduction.jobs.callsheets import generate_callsheets
    from xlproduction.sample import size_spec

    day = size_spec(path.stem).today_day
    result = generate_callsheets(path, out / "callsheet.xlsx", [day])
    return {"tab": result.tabs[0], "steps": {k: round(v, 4) for k, v in result.seconds.items()}}


def _report_tab(path: Path, out: Path, build: Callable[[Any], Any],
                tables: tuple[str, ...] | None = None) -> dict[str, Any]:  # fmt: skip
    from xlproduction.workbook.reader import load_production
    from xlproduction.workbook.render import write_sheets

    p = load_production(path, tables=tables)  # what the report command reads
    spec = build(p)
    write_sheets(path, out / "report.xlsx", [spec])
    return {"tab": spec.name}


def dood(path: Path, out: Path) -> dict[str, Any]:
    """The Day Out of Days tab written into a copy of the file (``xlproduction report dood``)."""
    from xlproduction.reports.dood_tab import DOOD_TABLES, dood_sheet

    return _report_tab(path, out, dood_sheet, DOOD_TABLES)


def cost(path: Path, out: Path) -> dict[str, Any]:
    """The Cost Report tab written into a copy of the file (``xlproduction report cost``)."""
    from xlproduction.reports.cost import cost_report, cost_sheet

    return _report_tab(path, out, lambda p: cost_sheet(cost_report(p), p))


def finance(path: Path, out: Path) -> dict[str, Any]:
    """The finance pack: a new workbook (``xlproduction finance-pack``)."""
    from xlproduction.reports.finance_pack import finance_pack
    from xlproduction.workbook.reader import load_production
    from xlproduction.workbook.render import write_new_workbook

    p = load_production(path)
    pack = finance_pack(p)
    write_new_workbook(out / "finance_pack.xlsx", pack.specs)
    return {"tabs": len(pack.specs)}


def changes(path: Path, out: Path) -> dict[str, Any]:
    """Two versions compared, as ``xlproduction changes OLD NEW`` does: both read, compared, the memo made."""
    from xlproduction.changes import compare
    from xlproduction.changes.present import memo_text
    from xlproduction.workbook.reader import load_production

    new = path.with_name(f"{path.stem}.changed{path.suffix}")
    cs = compare(load_production(path), load_production(new))
    return {"changes": len(cs), "memo_chars": len(memo_text(cs))}


# What the budget's rules read besides the budget tables: the schedule and the people its lines are linked to.
BUDGET_CHECK_TABLES = ("Settings", "Accounts", "Budget", "Fringes", "Globals", "Currencies", "Charges", "Days",
                       "Schedule", "Scenes", "Cast", "CastEvents", "Crew", "Locations")  # fmt: skip


def budget(path: Path, out: Path) -> dict[str, Any]:
    """The budget recomputed and checked: the tables the budget rules read, every figure of the budget (lines,
    fringe ranges, currencies, charges, accounts, top sheet) and every BU rule."""
    from xlproduction.checks import ALL_RULES, run_checks
    from xlproduction.model import budget as B
    from xlproduction.workbook.reader import load_production

    p = load_production(path, tables=BUDGET_CHECK_TABLES)
    fig = B.budget_figures(p)
    findings = run_checks(p, [r for r in ALL_RULES if r.code.startswith("BU")])
    return {"lines": len(fig.lines), "grand_total": round(fig.top["GRAND_TOTAL"], 2), "findings": len(findings)}


def budget_compare(path: Path, out: Path) -> dict[str, Any]:
    """Two budgets compared (``xlproduction budget compare A B``): both read and recomputed, accounts and lines
    matched. The file is compared with itself, which is the same work as two versions of its size."""
    from xlproduction.jobs.budget_compare import compare
    from xlproduction.jobs.source import workbook_file

    r = compare(workbook_file(path), workbook_file(path)).comparison
    return {"accounts": len(r.accounts), "lines_changed": len(r.lines)}


def uss_export(path: Path, out: Path) -> dict[str, Any]:
    """The production as a USS file, validated against the schema (``xlproduction export uss``)."""
    from xlproduction.jobs.source import workbook_file
    from xlproduction.jobs.uss_export import export_uss

    result = export_uss(workbook_file(path), out / "schedule.uss")
    return {"breakdowns": result.breakdowns, "bytes": result.path.stat().st_size}


def uss_import(path: Path, out: Path) -> dict[str, Any]:
    """A revised schedule imported into a copy of the production (``xlproduction import uss``): the file read,
    merged into Scenes, Cast, Locations, Elements, CastEvents, Schedule and Days, and the tables that changed
    written at the package level. The file — the production's own export with one scene in ten a page eighth
    longer and two shoot days swapped, as a scheduler's revision — is made beforehand, outside the timing."""
    from xlproduction.jobs.source import workbook_file
    from xlproduction.jobs.uss_import import import_uss

    data = (out / "schedule.uss").read_bytes()
    result = import_uss(workbook_file(path, out / "imported.xlsx"), data)
    assert result.trusted, [n.message for n in result.schedule.errors]
    return {"summary": result.plan.summary if result.plan else ""}


def transport(path: Path, out: Path) -> dict[str, Any]:
    """One shoot day's Transport tab written into a copy of the file (``xlproduction report transport --day N``):
    the tables it reads, the logistics rules that could block it, the movement order, the graft."""
    from xlproduction.jobs.logistics import transport_report
    from xlproduction.jobs.source import workbook_file
    from xlproduction.sample import size_spec

    day = size_spec(path.stem).today_day
    result = transport_report(workbook_file(path, out / "transport.xlsx"), day)
    return {"tab": result.tab.name, "summary": result.summary}


def rooming(path: Path, out: Path) -> dict[str, Any]:
    """The Rooming List tab written into a copy of the file (``xlproduction report rooming``)."""
    from xlproduction.jobs.logistics import rooming_report
    from xlproduction.jobs.source import workbook_file

    result = rooming_report(workbook_file(path, out / "rooming.xlsx"))
    return {"tab": result.tab.name, "summary": result.summary}


def _prepare_uss(path: Path, out: Path) -> None:
    import json

    from xlproduction.jobs.uss_export import uss_text

    uss_export(path, out)
    doc = json.loads((out / "schedule.uss").read_text(encoding="utf-8"))
    u = doc["universalScheduleStandard"]
    scenes = [b for b in u["breakdowns"] if b["type"] == "scene"]
    for b in scenes[::10]:
        b["pages"] = (b["pages"] or 0) + 0.125
    days = u["stripboards"][0]["boards"][0]["breakdownIds"]
    days[9], days[10] = days[10], days[9]
    (out / "schedule.uss").write_text(uss_text(doc), encoding="utf-8")


TASKS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {
    "floor": floor, "load": load, "check": check, "callsheet": callsheet, "dood": dood, "cost": cost,
    "finance": finance, "changes": changes, "budget": budget, "budget_compare": budget_compare,
    "uss_export": uss_export, "uss_import": uss_import, "transport": transport, "rooming": rooming,
}  # fmt: skip
# Work a figure needs done before its clock starts, once per process.
PREPARE: dict[str, Callable[[Path, Path], None]] = {"uss_import": _prepare_uss}


def _import_for(task: str) -> None:
    """Import what the task uses before the clock starts (the cost of starting Python is not the file's)."""
    import python_calamine  # noqa: F401

    if task != "floor":
        import xlproduction.changes
        import xlproduction.changes.present
        import xlproduction.checks
        import xlproduction.interchange.uss.validate as uss_validate
        import xlproduction.jobs.budget_compare
        import xlproduction.jobs.callsheets
        import xlproduction.jobs.logistics
        import xlproduction.jobs.uss_export
        import xlproduction.jobs.uss_import
        import xlproduction.reports.cost
        import xlproduction.reports.dood_tab
        import xlproduction.reports.finance_pack
        import xlproduction.workbook.reader
        import xlproduction.workbook.render
        import xlproduction.workbook.table_update  # noqa: F401

        if task == "uss_export":
            uss_validate._validator()  # jsonschema imported (imports are not timed) and the schema compiled


def main(argv: list[str]) -> int:
    task, path, repeat = argv[0], Path(argv[1]), int(argv[2]) if len(argv) > 2 else 1
    _import_for(task)
    baseline = _rss_mib()
    times: list[float] = []
    info: dict[str, Any] = {}
    peak = 0.0
    with tempfile.TemporaryDirectory(prefix="xlproduction-bench-") as tmp:
        if task in PREPARE:
            PREPARE[task](path, Path(tmp))
            _forget_inspections()
        for i in range(repeat):
            _forget_inspections()
            t = time.perf_counter()
            info = TASKS[task](path, Path(tmp))
            times.append(time.perf_counter() - t)
            if i == 0:
                # The high-water mark of one run: later repeats reuse (and fragment) the memory the first freed.
                peak = _peak_mib()
    result: dict[str, Any] = {"task": task, "seconds": min(times), "runs": times, "peak_mib": peak,
                              "baseline_mib": baseline, "info": info}  # fmt: skip
    if task == "check":
        result["breakdown"] = check_breakdown(path)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
