"""Reference solvers for ``python -m bench talent``: the same problem through didppy and through OR-Tools CP-SAT.

Our solver (xlproduction/plan/talent.py) is a dynamic program searched by A* in plain Python. To show what that
choice costs or gains, the benchmark solves every instance again in the same run with:

- **didppy** (DIDP, Kuroiwa & Beck; the state of the art on talent scheduling): the same dynamic program written as
  a DyPDL model — state: the set of remaining scenes; shooting s costs d(s) × cost(a(s) ∪ on-location actors);
  dual bound: Σ d(s) × cost(a(s)) over the remaining scenes; the forced-scene and subsumption rules as a forced
  transition and preconditions. It runs on the instance after our preprocessing (``_reduce``), so the two differ
  only in the search engine: ``CABS`` (complete anytime beam search, DIDP's default) and ``CAASDy`` (its A*).
- **CP-SAT**: a second formulation, not a dynamic program — each scene an interval, no overlap, each actor's first
  start and last end by min/max constraints, Σ cost × (last − first) minimised, with each actor's span at least
  the length of their own scenes (without it the bound starts below even the scenes' own cost).

Each returns the total cost of its order (checked with ``talent_costs``), whether it proved it optimal, its bound
and its wall time. Each solve runs in a child process (``python -m bench.talent_reference KIND FILE SECONDS``)
under an address-space cap: an A* that fills the memory of a shared machine ends as ``{"error": "out of memory"}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from xlproduction.plan.model import TalentProblem
from xlproduction.plan.talent import _reduce, talent_costs

REFERENCES = ("didppy-cabs", "didppy-astar", "cpsat")
_CPU_START: float | None = None  # set by main(): the child process's CPU time before the solve


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def run_reference(kind: str, path: Path, time_limit: float, memory_gb: float) -> dict[str, Any]:
    """Solve the instance file with one reference solver in a child process capped at ``memory_gb``."""
    if kind not in REFERENCES:
        raise ValueError(f"unknown reference solver {kind!r}: one of {', '.join(REFERENCES)}")
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "bench.talent_reference", kind, str(path), str(time_limit), str(memory_gb)]
    try:
        done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=time_limit * 3 + 60)
    except subprocess.TimeoutExpired:
        return {"solver": kind, "error": "did not stop at its time limit"}
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        memory = "MemoryError" in done.stderr or "memory allocation" in done.stderr or done.returncode < 0
        return {"solver": kind, "error": "out of memory" if memory else last}
    return json.loads(done.stdout.strip().splitlines()[-1])


def solve_reference(kind: str, problem: TalentProblem, time_limit: float) -> dict[str, Any]:
    """Solve with one reference solver, here; ``{"error": …}`` when its package is missing."""
    try:
        if kind.startswith("didppy"):
            return _didppy(problem, time_limit, "CABS" if kind == "didppy-cabs" else "CAASDy")
        if kind == "cpsat":
            return _cpsat(problem, time_limit)
    except ImportError as e:
        return {"solver": kind, "error": f"not installed ({e})"}
    raise ValueError(f"unknown reference solver {kind!r}: one of {', '.join(REFERENCES)}")


def _finish(problem: TalentProblem, solver: str, t0: float, order: list[int] | None, optimal: bool,
            bound: float | None, r_constant: float, unit: float) -> dict[str, Any]:  # fmt: skip
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"solver": solver, "seconds": round(seconds, 3), "optimal": optimal}
    if _CPU_START is not None:
        out["cpu_seconds"] = round(time.process_time() - _CPU_START, 3)
    if order is not None:
        total, idle = talent_costs(problem, order)
        out.update(total_cost=total, idle_cost=idle)
    if bound is not None:
        out["lower_bound"] = bound / unit + r_constant
    return out


def _didppy(problem: TalentProblem, time_limit: float, engine: str) -> dict[str, Any]:
    import didppy as dp

    t0 = time.perf_counter()
    r = _reduce(problem)
    unit = r.cost_scale * r.duration_scale
    n, m = len(r.durations), len(r.costs)
    casts = [[a for a in range(m) if r.casts[s] >> a & 1] for s in range(n)]
    base_cost = [r.durations[s] * sum(r.costs[a] for a in casts[s]) for s in range(n)]
    if not all(isinstance(x, int) for x in (*r.costs, *r.durations)):
        return {"solver": "didppy", "error": "this model needs integer costs and durations (more than 6 decimals here)"}
    model = dp.Model()
    scene = model.add_object_type(number=n)
    actor = model.add_object_type(number=m)
    remaining = model.add_set_var(object_type=scene, target=list(range(n)))
    cast = model.add_set_table(casts, object_type=actor)
    cost = model.add_int_table(list(r.costs))
    base = model.add_int_table(base_cost)
    model.add_base_case([remaining.is_empty()])
    started = cast.union(remaining.complement())
    on_location = started & cast.union(remaining)
    state_cost = dp.IntExpr.state_cost()
    for s in range(n):
        # Forced: a scene needing exactly the actors on location is shot now, at its own cost.
        model.add_transition(dp.Transition(name=str(s), cost=base[s] + state_cost,
                                           effects=[(remaining, remaining.remove(s))],
                                           preconditions=[remaining.contains(s), cast[s] == on_location]),
                             forced=True)  # fmt: skip
    for s in range(n):
        supersets = [t for t in range(n) if t != s and set(casts[s]) <= set(casts[t])]
        pre = [remaining.contains(s)] + [~remaining.contains(t) | ~cast[t].issubset(started | cast[s])
                                         for t in supersets]  # fmt: skip
        model.add_transition(dp.Transition(name=str(s), cost=r.durations[s] * cost[cast[s] | on_location] + state_cost,
                                           effects=[(remaining, remaining.remove(s))], preconditions=pre))  # fmt: skip
    model.add_dual_bound(base[remaining])
    solver = getattr(dp, engine)(model, time_limit=time_limit, quiet=True)
    sol = solver.search()
    order = [x for t in sol.transitions for x in r.members[int(t.name)]] if sol.cost is not None else None
    bound = sol.best_bound if sol.best_bound is not None else None
    return _finish(problem, f"didppy {_version('didppy')} {engine}", t0, order, bool(sol.is_optimal), bound,
                   r.constant, unit)  # fmt: skip


def _cpsat(problem: TalentProblem, time_limit: float) -> dict[str, Any]:
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    r = _reduce(problem)
    if not all(isinstance(x, int) for x in (*r.costs, *r.durations)):
        return {"solver": "cpsat", "error": "CP-SAT needs integer costs and durations (more than 6 decimals here)"}
    unit = r.cost_scale * r.duration_scale
    n, m = len(r.durations), len(r.costs)
    horizon = sum(r.durations)
    md = cp_model.CpModel()
    start = [md.new_int_var(0, horizon - r.durations[s], f"start{s}") for s in range(n)]
    md.add_no_overlap([md.new_fixed_size_interval_var(start[s], r.durations[s], f"scene{s}") for s in range(n)])
    terms = []
    for a in range(m):
        mine = [s for s in range(n) if r.casts[s] >> a & 1]
        first, last = md.new_int_var(0, horizon, f"first{a}"), md.new_int_var(0, horizon, f"last{a}")
        md.add_min_equality(first, [start[s] for s in mine])
        md.add_max_equality(last, [start[s] + r.durations[s] for s in mine])
        md.add(last - first >= sum(r.durations[s] for s in mine))
        terms.append(r.costs[a] * (last - first))
    md.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(md)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    order = [x for s in sorted(range(n), key=lambda s: solver.value(start[s])) for x in r.members[s]] if found else None
    return _finish(problem, f"ortools {_version('ortools')} CP-SAT ({solver.parameters.num_workers or 'all'} "
                   "workers)", t0, order, status == cp_model.OPTIMAL, solver.best_objective_bound, r.constant, unit)


def main(argv: list[str]) -> int:
    """``python -m bench.talent_reference KIND FILE SECONDS [MEMORY_GB]``: one JSON line."""
    kind, path, seconds = argv[0], Path(argv[1]), float(argv[2])
    if len(argv) > 3:
        import resource

        cap = int(float(argv[3]) * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    problem = TalentProblem.from_json(json.loads(path.read_text(encoding="utf-8")))
    global _CPU_START
    _CPU_START = time.process_time()  # the CPU of every thread of this process, from here
    print(json.dumps(solve_reference(kind, problem, seconds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
