"""The benchmark: ``python -m bench [--sizes S,L,XL] [--repeat 3] [--no-excel] [--json PATH]``.

Every figure is a ratio to the **physical floor** measured in the same run on the same file: reading every table
of the workbook with python-calamine and nothing else. A figure near 1× costs about what just reading the file
costs, whatever the machine. Figures (each in a fresh process, best of ``--repeat`` runs; bench/tasks.py):

- load: the file read into a typed ``Production`` (guard inspection, calamine, typing);
- check: file to findings (load + every rule), as ``xlproduction check`` does;
- call sheet: one call-sheet tab added to a copy of the file (read, check, fill, render, graft);
- DOOD, cost report: the tab written into a copy of the file; finance pack: a new workbook;
- budget: the budget recomputed (lines, fringe ranges, currencies, charges, top sheet) and its BU rules run, from
  the tables they read; budget compare: two budgets read, recomputed and compared, against the floor of reading
  both (2 floors);
- transport, rooming: one shoot day's movement order and the rooming list, each written into a copy of the file
  (the tables they read, the rules that could block them, the tab, the graft);
- changes: two versions of the production compared (``xlproduction changes``: both read, compared, the memo made),
  as a ratio to the floor of reading *both* files (the second version: bench/changed.py);
- memory: the peak resident memory of each figure's process against the file's unzipped size.

The productions are generated once (``xlproduction new --size``) and cached in bench/results/files/ (git-ignored),
keyed by a digest of the code that shapes them. Results go to bench/results/bench.json. The xlwings section
counts the Excel calls of each ribbon entry point on each size (bench/excel_calls.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TASKS = ("floor", "load", "check", "callsheet", "dood", "cost", "finance", "changes", "budget", "budget_compare",
         "uss_export", "uss_import", "transport", "rooming")
LABELS = {
    "floor": "floor: every table, python-calamine only",
    "load": "load (file → typed tables)",
    "check": "check (file → findings)",
    "callsheet": "one call sheet added to the file",
    "dood": "DOOD tab",
    "cost": "cost report tab",
    "finance": "finance pack (new workbook)",
    "changes": "changes between two versions (× both)",
    "budget": "budget recomputed + BU rules",
    "budget_compare": "budget compare of two files (× 2 floors)",
    "uss_export": "USS export (validated file)",
    "uss_import": "USS import into a copy",
    "transport": "one day's Transport tab added to the file",
    "rooming": "rooming list tab added to the file",
}
# Issue 7's targets, on XL: ratio to the floor (seconds) and peak memory over the unzipped size; later issues' too.
TARGETS = {"check": 1.5, "callsheet": 2.0, "changes": 3.0, "budget": 1.5, "budget_compare": 2.0, "uss_export": 2.0,
           "uss_import": 2.0, "transport": 2.0, "rooming": 2.0}
# Figures measured against more than one floor: a compare reads two workbooks.
FLOORS = {"budget_compare": 2}
MEMORY_TARGET = 5.0
# What shapes a generated workbook: a change here regenerates the cached files.
SHAPERS = ("xlproduction/sample", "xlproduction/workbook/writer.py", "xlproduction/model/contract.py",
           "xlproduction/workbook/styles.py", "xlproduction/workbook/topsheet.py",
           "xlproduction/workbook/callsheet_template.py", "bench/changed.py", "xlproduction/model/budget")  # fmt: skip


def fingerprint() -> str:
    h = hashlib.sha1()
    for item in SHAPERS:
        p = ROOT / item
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            if f.exists():
                h.update(f.relative_to(ROOT).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:12]


def production_file(size: str) -> Path:
    """The generated production of ``size``, written once per fingerprint (XL takes ~20 s)."""
    folder = RESULTS / "files" / fingerprint()
    path = folder / f"{size}.xlsx"
    if not path.exists():
        for stale in (RESULTS / "files").glob("*"):  # files of older code: never read again
            if stale.is_dir() and stale != folder:
                shutil.rmtree(stale)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"generating the {size} production …", flush=True)
        # What `xlproduction new PATH --size SIZE` does, in a child so the benchmark process stays small.
        code = ("import sys; from xlproduction.sample import generate_production; "
                "from xlproduction.workbook.writer import write_workbook; "
                "write_workbook(sys.argv[1], generate_production(sys.argv[2]))")  # fmt: skip
        subprocess.run([sys.executable, "-c", code, str(path), size], check=True, cwd=ROOT)
    return path


def changed_file(size: str) -> Path:
    """The second version of the ``size`` production (bench/changed.py), written once per fingerprint."""
    path = production_file(size).with_name(f"{size}.changed.xlsx")
    if not path.exists():
        print(f"generating the changed {size} production …", flush=True)
        subprocess.run([sys.executable, "-m", "bench.changed", size, str(path)], check=True, cwd=ROOT)
    return path


def unzipped_bytes(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist())


def run_task(task: str, path: Path, repeat: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "bench.tasks", task, str(path), str(repeat)], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        return {"task": task, "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def excel_counts(path: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "bench.excel_calls", str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                         strict=True)))


def table(size: str, result: dict[str, Any]) -> str:
    floor = result["tasks"]["floor"]["seconds"]
    mib = result["unzipped_bytes"] / 2**20
    head = (f"{size}: {result['file_bytes'] / 2**20:.1f} MB on disk, {mib:.1f} MB unzipped; "
            f"floor {floor:.3f} s")  # fmt: skip
    widths = [42, 9, 8, 9, 10]
    lines = [head, _row(["figure", "seconds", "× floor", "peak MB", "× unzipped"], widths)]
    for task in TASKS:
        r = result["tasks"][task]
        if "error" in r:
            lines.append(_row([LABELS[task], "error", "", "", ""], widths) + f"  {r['error']}")
            continue
        ratio = r.get("ratio", r["seconds"] / floor)
        mark = ""
        if size == "XL" and task in TARGETS:
            mark = "  ok" if ratio <= TARGETS[task] else f"  over target {TARGETS[task]}×"
        memory = r.get("memory_ratio", r["peak_mib"] / mib)
        lines.append(_row([LABELS[task], f"{r['seconds']:.3f}", f"{ratio:.2f}", f"{r['peak_mib']:.0f}",
                           f"{memory:.2f}"], widths) + mark)  # fmt: skip
    b = result["tasks"]["check"].get("breakdown")
    if b:
        lines.append("  check, where the time goes: " + ", ".join(f"{k} {v:.3f} s ({v / floor:.2f}×)"
                                                                 for k, v in b.items()))  # fmt: skip
    cs = result["tasks"]["callsheet"].get("info", {}).get("steps")
    if cs:
        lines.append("  call sheet steps: " + ", ".join(f"{k} {v:.3f} s" for k, v in cs.items()))
    return "\n".join(lines)


def excel_table(sizes: list[str], counts: dict[str, dict[str, Any]]) -> str:
    from bench.excel_calls import ENTRY_POINTS

    widths = [16] + [10] * len(sizes)
    lines = ["xlwings actions per entry point (remote engine)", _row(["entry point", *sizes], widths)]
    for ep in ENTRY_POINTS:
        cells = [str(counts[s].get(ep, counts[s].get("error", "?"))) for s in sizes]
        lines.append(_row([ep, *cells], widths))
    days = [counts[s].get("callsheets_all_days") for s in sizes]
    if all(days):
        per = [f"{counts[s]['callsheets_all'] / d:.1f}" for s, d in zip(sizes, days, strict=True)]
        lines.append(_row(["  per shoot day", *per], widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "pandas": version("pandas"), "python-calamine": version("python-calamine"), "openpyxl": version("openpyxl"),
            "processor": platform.processor() or platform.machine()}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="S,L,XL", help="comma-separated sizes (S, L, XL)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept")
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated figures (floor is always run)")
    ap.add_argument("--no-excel", action="store_true", help="skip the xlwings action counts")
    ap.add_argument("--json", type=Path, default=RESULTS / "bench.json", help="where to write the results")
    args = ap.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    tasks = ["floor", *[t for t in args.tasks.split(",") if t in TASKS and t != "floor"]]
    out: dict[str, Any] = {"when": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                           "repeat": args.repeat, "sizes": {}}  # fmt: skip
    print(f"machine: {out['machine']['cpus']} cores, {out['machine']['platform']}, Python "
          f"{out['machine']['python']}, pandas {out['machine']['pandas']}")  # fmt: skip
    for size in sizes:
        path = production_file(size)
        result: dict[str, Any] = {"file": str(path.relative_to(ROOT)), "file_bytes": path.stat().st_size,
                                  "unzipped_bytes": unzipped_bytes(path), "tasks": {}}  # fmt: skip
        for task in tasks:
            print(f"  {size} {task} …", end="\r", flush=True)
            if task == "changes":
                changed_file(size)  # generated before the clock starts (the task finds it beside the first)
            result["tasks"][task] = run_task(task, path, args.repeat)
        for task in TASKS:
            result["tasks"].setdefault(task, {"task": task, "error": "not run"})
        floor = result["tasks"]["floor"]["seconds"]
        if "changes" in tasks:  # its floor is reading both versions, its memory holds both
            result["floor_changed"] = run_task("floor", changed_file(size), args.repeat)
            result["unzipped_changed"] = unzipped_bytes(changed_file(size))
        for name, r in result["tasks"].items():
            if "seconds" in r:
                both = name == "changes"
                floors = floor + result.get("floor_changed", {}).get("seconds", floor) if both \
                    else floor * FLOORS.get(name, 1)  # fmt: skip
                size_bytes = result["unzipped_bytes"] + (result.get("unzipped_changed", 0) if both else 0)
                r["ratio"] = r["seconds"] / floors
                r["memory_ratio"] = r["peak_mib"] * 2**20 / size_bytes
        out["sizes"][size] = result
        print(" " * 40, end="\r")
        print(table(size, result), flush=True)
        print()
    if not args.no_excel:
        counts = {}
        for size in sizes:
            print(f"  xlwings actions on {size} …", end="\r", flush=True)
            counts[size] = excel_counts(production_file(size))
        out["excel_actions"] = counts
        print(excel_table(sizes, counts))
    if "XL" in out["sizes"]:
        xl = out["sizes"]["XL"]["tasks"]
        met = {t: xl[t].get("ratio", float("inf")) <= limit for t, limit in TARGETS.items()}
        peak = max((r.get("memory_ratio", 0.0) for r in xl.values()), default=0.0)
        met["memory"] = peak <= MEMORY_TARGET
        out["targets"] = {"limits": {**TARGETS, "memory": MEMORY_TARGET}, "met": met}
        print("\nXL targets: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in met.items()))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
