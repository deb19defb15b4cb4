"""``python -m bench talent FILE.json … [--time-limit 60] [--reference didppy-cabs,didppy-astar,cpsat]``.

The proof of the optimizer's core (issue 19): each talent-scheduling instance is solved by xlproduction's solver
(xlproduction/plan/talent.py) and then, in the same run, by the reference solvers (bench/talent_reference.py), and
one JSON line per instance goes to stdout::

    {"name", "idle_cost", "total_cost", "order", "optimal", "seconds", "cpu_seconds", "lower_bound", "scenes", "actors",
     "published_total_cost", "matches_published", "load", "reference": {"didppy-cabs": {...}, ...}}

An actor is on location from the start of their first scene to the end of their last; ``total_cost`` = Σ cost ×
days on location, ``idle_cost`` = the part of it outside their own scenes (papers publish one or the other). The
published optimum, when the instance file carries one (``source.published_total_cost``, added by
bench/talent_instances.py), is checked. A table for people goes to stderr (wall seconds, CPU seconds in brackets),
and everything to ``--json``. The 1-minute load average is recorded per instance: the machine may be shared, and a
loaded machine makes every wall time longer; the CPU seconds of a single-threaded solver are what its wall time is
on an idle machine (CP-SAT's add up its threads).

Instances: bench/talent/generated/ (ours, committed) and the published ones converted from their source
(bench/talent/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from xlproduction.plan.model import PlanError, TalentProblem
from xlproduction.plan.talent import solve_talent

from .talent_reference import REFERENCES, run_reference

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCES = "didppy-cabs,didppy-astar"


def _load() -> float:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else float("nan")


def run_instance(path: Path, time_limit: float, references: list[str], memory_gb: float) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    problem = TalentProblem.from_json(data)
    name = problem.name or path.stem
    load = _load()
    cpu0 = time.process_time()
    r = solve_talent(problem, time_limit=time_limit)
    cpu = time.process_time() - cpu0
    line: dict[str, Any] = {
        "name": name, "idle_cost": r.idle_cost, "total_cost": r.total_cost, "order": list(r.order),
        "optimal": r.optimal, "seconds": round(r.seconds, 3), "cpu_seconds": round(cpu, 3),
        "lower_bound": r.lower_bound,
        "scenes": problem.n_scenes, "actors": problem.n_actors, "explored": r.explored, "stopped": r.stopped,
        "load": load,
    }  # fmt: skip
    published = (data.get("source") or {}).get("published_total_cost")
    if published is not None:
        line["published_total_cost"] = published
        # A proven optimum must equal the published one; an unproven order must not beat it.
        line["matches_published"] = r.total_cost == published if r.optimal else r.total_cost >= published
    line["reference"] = {kind: run_reference(kind, path, time_limit, memory_gb) for kind in references}
    for ref in line["reference"].values():
        if r.optimal and ref.get("optimal") and ref.get("total_cost") != r.total_cost:
            ref["disagrees"] = True  # two proofs of different optima: one of the solvers is wrong
    return line


def _cell(ref: dict[str, Any] | None) -> str:
    if ref is None:
        return ""
    if "error" in ref:
        return "out of memory" if ref["error"] == "out of memory" else "n/a"
    cpu = f" [{ref['cpu_seconds']:.2f}]" if "cpu_seconds" in ref else ""
    return f"{ref['seconds']:.2f}{cpu}" + ("" if ref.get("optimal") else f" ({ref.get('total_cost', '—')}, open)")


def table(lines: list[dict[str, Any]], references: list[str]) -> str:
    head = ["instance", "size", "optimum", "idle", "ours s", *[f"{k} s" for k in references], "published", "load"]
    rows = [head]
    for ln in lines:
        opt = str(ln["total_cost"]) if ln["optimal"] else f"≤{ln['total_cost']} (≥{ln['lower_bound']})"
        why = "" if ln["optimal"] else f" ({'open' if ln.get('stopped') == 'time limit' else ln.get('stopped')})"
        pub = ""
        if "published_total_cost" in ln:
            verdict = ("ok" if ln["optimal"] else "not beaten") if ln["matches_published"] else "MISMATCH"
            pub = f"{ln['published_total_cost']} {verdict}"
        rows.append([ln["name"], f"{ln['scenes']}×{ln['actors']}", opt, str(ln["idle_cost"]),
                     f"{ln['seconds']:.2f} [{ln['cpu_seconds']:.2f}]{why}",
                     *[_cell(ln["reference"].get(k)) for k in references], pub, f"{ln['load']:.2f}"])  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                  strict=True)))
                     for r in rows)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench talent", description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, help="instances (JSON) or folders of them")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance and solver (default 60)")
    ap.add_argument("--reference", default=DEFAULT_REFERENCES,
                    help=f"comma-separated reference solvers among {', '.join(REFERENCES)}, or 'none' "
                         f"(default {DEFAULT_REFERENCES})")  # fmt: skip
    ap.add_argument("--memory-limit", type=float, default=4.0,
                    help="GB of address space for each reference solve, a child process (default 4)")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "talent.json",
                    help="where to write every result (default bench/results/talent.json)")  # fmt: skip
    args = ap.parse_args(argv)
    references = [] if args.reference == "none" else [k.strip() for k in args.reference.split(",") if k.strip()]
    unknown = [k for k in references if k not in REFERENCES]
    if unknown:
        ap.error(f"unknown reference solver(s) {', '.join(unknown)}: choose among {', '.join(REFERENCES)}")
    files = [f for p in args.files for f in (sorted(p.glob("*.json")) if p.is_dir() else [p])]
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
          f"load average {_load()}", file=sys.stderr)  # fmt: skip
    lines = []
    status = 0
    for f in files:
        try:
            line = run_instance(f, args.time_limit, references, args.memory_limit)
        except (OSError, ValueError, PlanError) as e:
            print(f"{f}: {e}", file=sys.stderr)
            status = 1
            continue
        if line.get("matches_published") is False or any(r.get("disagrees") for r in line["reference"].values()):
            status = 1
        print(json.dumps(line), flush=True)
        lines.append(line)
    if lines:
        print("\n" + table(lines, references), file=sys.stderr)
        print(f"load average at the end: {_load()}", file=sys.stderr)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"time_limit": args.time_limit, "instances": lines}, indent=1) + "\n",
                         encoding="utf-8")  # fmt: skip
    return status
