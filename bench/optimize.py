"""``python -m bench optimize [SIZE …] [--time-limit S]``: the schedule optimizer on the generated productions.

``--from-scratch`` asks the question before the shoot (no day shot yet, every strip free to move).

Issue 19's targets: the sample optimized to proven optimality, or a gap under 1%, within 60 s; the XL production
given a feasible proposal better than its current schedule within 5 minutes, with progress shown. Prints one JSON
line per size: status, seconds to the first solution better than the current schedule, the final gap, the costs
and the saving. Each size is written once (generation is not timed); solving uses every core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path
from typing import Any

LIMITS = {"sample": 60.0, "S": 60.0, "L": 300.0, "XL": 300.0}


class _Show:
    """Prints the solver's progress and notes when it first beats the current schedule (solver seconds)."""

    first_better: float | None = None

    def __init__(self, size: str, current: float) -> None:
        self.size, self.current = size, current

    def __call__(self, pr: Any) -> None:
        gap = "" if pr.gap is None else f" gap {pr.gap * 100:.1f}%"
        print(f"  [{self.size}] {pr.seconds:6.1f} s best {pr.best:,.0f} bound {pr.bound:,.0f}{gap}", flush=True)
        if _Show.first_better is None and pr.best < self.current:
            _Show.first_better = pr.seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench optimize")
    ap.add_argument("sizes", nargs="*", default=["sample", "XL"])
    ap.add_argument("--time-limit", type=float, default=None, help="seconds per size (default: the issue's)")
    ap.add_argument("--from-scratch", action="store_true",
                    help="before the shoot: no day shot yet (actual wraps cleared, status date the day before day 1), "
                         "so every strip may move — the hardest form of the problem")
    args = ap.parse_args(argv)
    from xlproduction.jobs.optimize import optimize
    from xlproduction.jobs.source import workbook_file
    from xlproduction.sample.generator import generate_production
    from xlproduction.workbook.writer import write_workbook

    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            data = generate_production(size)
            if args.from_scratch:
                for r in data.tables["Days"]:
                    r["actual_wrap"] = None
                first = min(r["date"] for r in data.tables["Days"])
                data.settings["status_date"] = first - dt.timedelta(days=1)
            path = write_workbook(Path(tmp) / f"{size}.xlsx", data)
            limit = args.time_limit or LIMITS.get(size, 60.0)
            # The current schedule's cost first (the job prices it too), so progress can say when it is beaten.
            from xlproduction.jobs.optimize_problem import build_problem
            from xlproduction.plan import evaluate_schedule

            wp = build_problem(workbook_file(path).read())
            current = float(evaluate_schedule(wp.problem, wp.current).total)
            print(f"  [{size}] current schedule costs {current:,.0f}", flush=True)
            t0 = time.perf_counter()
            r = optimize(workbook_file(path), time_limit=limit, progress=_Show(size, current))
            row = {"size": size, "from_scratch": args.from_scratch, "time_limit": limit, "status": r.status,
                   "solve_seconds": round(r.seconds, 1),
                   "total_seconds": round(time.perf_counter() - t0, 1), "gap": r.gap, "detail": r.size,
                   "current": r.current_cost.total, "proposal": r.cost.total if r.cost else None,
                   "saving": r.saving.money if r.saving else None, "lower_bound": r.lower_bound,
                   "first_better_seconds": None if _Show.first_better is None else round(_Show.first_better, 1),
                   "better_than_current": bool(r.cost and r.cost.total < r.current_cost.total)}  # fmt: skip
            _Show.first_better = None
            print(json.dumps(row), flush=True)
    return 0
