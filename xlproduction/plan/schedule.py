"""The workbook's scheduling problem with OR-Tools CP-SAT: scenes onto shoot days, least cast and move cost.

Why CP-SAT here (and a dynamic program for the pure problem): a workbook's problem is an assignment of scenes to
dated days under side constraints — capacities in eighths and minutes, pins, locked days, unavailable dates,
location windows, order constraints, minors' minutes — with a cost that counts days, not scenes. That is a
constraint model with a linear objective, what CP-SAT is built for, and it gives what a coordinator needs from a
long solve: improving schedules as it goes, a proven lower bound, and under a time limit the best schedule with its
gap. A dynamic program over scene sets has no room for dated capacities and drops.

The model. ``x[s,d]``: scene s on day d, one day per scene; only the days a scene may take get a variable, so pins,
locked days, unavailable dates and location windows are domain cuts. Per performer with a day rate: ``work[p,d]``
(any of their scenes on d), their first and last work day, and paid days = last − first + 1 − dropped days; first
and last are also held in order encoding (a monotone "begun by day d" and "still going on day d" per day), which
raised the proven bound on the sample planned from scratch from 353k to 389k in 60 s (bench/optimize.py). A drop
(when the performer allows it) is one run of non-work days bounded by work days, whose calendar days strictly
between the two work days exceed ``drop_gap_days``: with ``start[d]`` marking the run's first day, the calendar span
date[after] − date[before] equals Σ dropped[d]·(date[d+1] − date[d]) + Σ start[d]·(date[d] − date[d−1]), linear.
Company moves per day: day strips come before night strips and group by location, so the fewest moves is (day
locations) + (night locations) − 1, less one when a location has both (the last day location is the first night
one); within-day order is then set exactly by plan/sequence.py. Money is scaled to whole numbers (``decimal_scale``)
so the objective is exact; every result is priced again by ``evaluate_schedule``, and it is called optimal only when
the solver proved it and that price equals the solver's objective.

Infeasible problems are explained: each side constraint gets an assumption literal in a feasibility model, CP-SAT
returns a set of assumptions that cannot hold together, and deletion shrinks it until every member matters — the
smallest conflicting set this finds, named as ``Constraint``s phase 2 traces to cells.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import deps
from .model import Constraint, PlanError, Progress, ScheduleProblem, ScheduleResult, decimal_scale
from .sequence import constraints_of, evaluate_schedule, sequence_day

ProgressFn = Callable[[Progress], None]
# CP-SAT's portfolio wants about eight workers (LNS, core-based and LP-based search side by side); on this 2-core
# machine eight time-shared workers proved the sample optimal in ~5 s against ~10 s with two, and from scratch
# closed a third of the gap more (bench/optimize.py). More cores: one worker each.
MIN_WORKERS = 8


@dataclass
class _Model:
    """A built CP-SAT model and the handles the solve reads back."""

    cp: Any  # ortools.sat.python.cp_model.CpModel
    x: dict[tuple[int, int], Any] = field(default_factory=dict)
    literals: dict[Any, Constraint] = field(default_factory=dict)  # assumption literal → constraint (explain mode)
    empty: list[int] = field(default_factory=list)  # scenes with no day left (build mode without literals)


def _money_scale(problem: ScheduleProblem) -> int:
    scale = decimal_scale([p.day_rate for p in problem.performers] + [problem.move_cost])
    if scale is None:
        return 1000  # rates with more than 6 decimals: to the thousandth, the rounding stated in the docs
    return scale


def _excluded(problem: ScheduleProblem) -> dict[tuple[int, int], list[Constraint]]:
    """(scene, day) pairs a side constraint forbids, each with the constraints forbidding it."""
    out: dict[tuple[int, int], list[Constraint]] = {}
    by_kind: dict[tuple[str, tuple[str, ...]], Constraint] = {(c.kind, c.subject): c for c in constraints_of(problem)}
    day_of_date = {d.date: i for i, d in enumerate(problem.days)}
    for si, s in enumerate(problem.scenes):
        if s.pinned_day is not None:
            pin = by_kind[("pin", (s.id, s.pinned_day))]
            keep = problem.day_index(s.pinned_day)
            for d in range(len(problem.days)):
                if d != keep:
                    out.setdefault((si, d), []).append(pin)
        for d, day in enumerate(problem.days):
            if day.locked and s.pinned_day != day.id:
                out.setdefault((si, d), []).append(by_kind[("locked-day", (day.id,))])
        for cid in s.cast:
            p = problem.performer(cid)
            if p is None:
                continue
            for date in p.unavailable:
                d = day_of_date.get(date)
                if d is not None:
                    out.setdefault((si, d), []).append(by_kind[("unavailable", (p.id, date.isoformat()))])
        if s.days is not None:
            for d, day in enumerate(problem.days):
                if day.id not in s.days:
                    out.setdefault((si, d), []).append(by_kind[("scene-days", (s.id,))])
        loc = problem.location(s.location)
        if loc is not None and loc.windows:
            for d, day in enumerate(problem.days):
                if not loc.open_on(day.date):
                    out.setdefault((si, d), []).append(by_kind[("location-window", (loc.id,))])
    return out


def _build(problem: ScheduleProblem, cp_model: Any, *, explain: bool, scale: int) -> _Model:
    """The model. ``explain``: every side constraint behind an assumption literal, no objective (for conflicts);
    otherwise forbidden pairs have no variable and the objective is set."""
    md = _Model(cp_model.CpModel())
    m = md.cp
    n_days, scenes = len(problem.days), problem.scenes
    excluded = _excluded(problem)
    lit: dict[Constraint, Any] = {}

    def literal(c: Constraint) -> Any:
        if c not in lit:
            lit[c] = m.new_bool_var(f"{c.kind}:{'/'.join(c.subject)}")
            md.literals[lit[c]] = c
        return lit[c]

    for si in range(len(scenes)):
        days = []
        for d in range(n_days):
            why = excluded.get((si, d))
            if why and not explain:
                continue
            v = m.new_bool_var(f"x[{scenes[si].id},{problem.days[d].id}]")
            md.x[si, d] = v
            days.append(v)
            for c in why or ():
                m.add_implication(literal(c), ~v)
        if days:
            m.add_exactly_one(days)
        else:
            md.empty.append(si)

    def on_day(d: int) -> list[tuple[int, Any]]:
        return [(si, md.x[si, d]) for si in range(len(scenes)) if (si, d) in md.x]

    def enforce(ct: Any, c: Constraint) -> None:
        if explain:
            ct.only_enforce_if(literal(c))

    by_kind = {(c.kind, c.subject): c for c in constraints_of(problem)}
    for d, day in enumerate(problem.days):
        here = on_day(d)
        if day.max_eighths is not None and sum(scenes[si].eighths for si, _ in here) > day.max_eighths:
            enforce(m.add(sum(scenes[si].eighths * v for si, v in here) <= day.max_eighths),
                    by_kind[("day-eighths", (day.id,))])  # fmt: skip
        if day.max_minutes is not None and sum(scenes[si].minutes for si, _ in here) > day.max_minutes:
            enforce(m.add(sum(scenes[si].minutes * v for si, v in here) <= day.max_minutes),
                    by_kind[("day-minutes", (day.id,))])  # fmt: skip
    for p in problem.performers:
        if p.max_minutes_per_day is None:
            continue
        mine = {si for si, s in enumerate(scenes) if p.id in s.cast}
        for d in range(n_days):
            here = [(si, v) for si, v in on_day(d) if si in mine]
            if sum(scenes[si].minutes for si, _ in here) > p.max_minutes_per_day:
                enforce(m.add(sum(scenes[si].minutes * v for si, v in here) <= p.max_minutes_per_day),
                        by_kind[("minutes-per-day", (p.id,))])  # fmt: skip
    for p in problem.performers:
        if not p.rest_pairs:
            continue
        mine = [si for si, s in enumerate(scenes) if p.id in s.cast]
        works: dict[int, Any] = {}  # day → a literal true when the performer works it (None: they cannot)
        for pair in p.rest_pairs:
            for d in map(problem.day_index, pair):
                if d not in works:
                    here = [md.x[si, d] for si in mine if (si, d) in md.x]
                    works[d] = m.new_bool_var(f"rest[{p.id},{d}]") if here else None
                    for v in here:
                        m.add_implication(v, works[d])
            wa, wb = works[problem.day_index(pair[0])], works[problem.day_index(pair[1])]
            if wa is not None and wb is not None:
                enforce(m.add_bool_or([~wa, ~wb]), by_kind[("rest", (p.id, *pair))])
    day_var: dict[int, Any] = {}

    def day_of(si: int) -> Any:
        if si not in day_var:
            day_var[si] = sum(d * md.x[si, d] for d in range(n_days) if (si, d) in md.x)
        return day_var[si]

    apart = set(problem.apart)
    for a, b in dict.fromkeys((*problem.precedences, *problem.apart)):
        ia, ib = problem.scene_index(a), problem.scene_index(b)
        # A night strip cannot precede a day strip on the same day: then it must be an earlier day.
        strict = (scenes[ia].night and not scenes[ib].night) or (a, b) in apart
        enforce(m.add(day_of(ia) + (1 if strict else 0) <= day_of(ib)), by_kind[("order", (a, b))])
    if not explain:
        _objective(problem, md, scale)
    return md


def _objective(problem: ScheduleProblem, md: _Model, scale: int) -> None:
    m, x = md.cp, md.x
    n_days, scenes = len(problem.days), problem.scenes
    ordinals = [d.date.toordinal() for d in problem.days]
    terms = []
    for p in problem.performers:
        rate = round(p.day_rate * scale)
        mine = [si for si, s in enumerate(scenes) if p.id in s.cast]
        if rate == 0 or not mine:
            continue
        work: dict[int, Any] = {}
        first = m.new_int_var(0, n_days - 1, f"first[{p.id}]")
        last = m.new_int_var(0, n_days - 1, f"last[{p.id}]")
        for d in range(n_days):
            here = [x[si, d] for si in mine if (si, d) in x]
            if not here:
                continue
            w = work[d] = m.new_bool_var(f"work[{p.id},{d}]")
            for v in here:
                m.add_implication(v, w)
            m.add_bool_or(here).only_enforce_if(w)
            m.add(first <= d).only_enforce_if(w)
            m.add(last >= d).only_enforce_if(w)
        dropped_days: Any = 0
        if p.drop_allowed and n_days >= 3:
            dropped = {d: m.new_bool_var(f"drop[{p.id},{d}]") for d in range(1, n_days - 1)}
            starts = {}
            for d, v in dropped.items():
                if d in work:
                    m.add_implication(v, ~work[d])
                prev = dropped.get(d - 1)
                s = starts[d] = m.new_bool_var(f"dropstart[{p.id},{d}]")
                if prev is None:
                    m.add(s == v)
                else:  # s = v ∧ ¬prev
                    m.add_implication(s, v)
                    m.add_implication(s, ~prev)
                    m.add_bool_or([~v, prev, s])
                # The run is bounded by work days: the day before its start, the day after its end.
                if d - 1 in work:
                    m.add_implication(s, work[d - 1])
                else:
                    m.add(s == 0)
                nxt = dropped.get(d + 1)
                after = work.get(d + 1)
                if after is None and nxt is None:
                    m.add(v == 0)
                elif after is None:
                    m.add_bool_or([~v, nxt])
                else:
                    m.add_bool_or([~v, after] + ([nxt] if nxt is not None else []))
            m.add(sum(starts.values()) <= 1)
            calendar = sum(v * (ordinals[d + 1] - ordinals[d]) for d, v in dropped.items()) + sum(
                s * (ordinals[d] - ordinals[d - 1]) for d, s in starts.items())  # fmt: skip
            # Calendar days strictly between the two work days > drop_gap_days ⇔ their date difference ≥ gap + 2.
            m.add(calendar >= (problem.drop_gap_days + 2) * sum(starts.values()))
            dropped_days = sum(dropped.values())
        # first/last in order encoding: began[d] ⇔ first ≤ d, going[d] ⇔ last ≥ d (monotone), each implied by
        # a work day; redundant with first/last, it gives the search propagation day by day.
        began = [m.new_bool_var(f"began[{p.id},{d}]") for d in range(n_days)]
        going = [m.new_bool_var(f"going[{p.id},{d}]") for d in range(n_days)]
        for d in range(n_days):
            if d:
                m.add_implication(began[d - 1], began[d])
                m.add_implication(going[d], going[d - 1])
            if d in work:
                m.add_implication(work[d], began[d])
                m.add_implication(work[d], going[d])
        m.add(first == sum(1 - b for b in began))
        m.add(last == sum(going) - 1)
        paid = last - first + 1 - dropped_days
        # Redundant, for the bound: paid days are at least the work days, and at least the days the performer's
        # pages need at the largest day capacity (without these the relaxation lets drops eat the whole span).
        m.add(paid >= sum(work.values()))
        caps = [d.max_eighths for d in problem.days]
        need = sum(scenes[si].eighths for si in mine)
        if need and all(c is not None and c > 0 for c in caps):
            m.add(paid >= -(-need // max(c for c in caps if c is not None)))
        terms.append(rate * paid)
    move = round(problem.move_cost * scale)
    if move:
        for d in range(n_days):
            here = [si for si in range(len(scenes)) if (si, d) in x and scenes[si].location is not None]
            by_loc: dict[tuple[str, bool], list[Any]] = {}
            for si in here:
                by_loc.setdefault((scenes[si].location or "", scenes[si].night), []).append(x[si, d])
            if len(by_loc) <= 1:
                continue  # one location, day or night only: no move possible
            used = {}
            for key, vs in by_loc.items():
                u = used[key] = m.new_bool_var(f"at[{d},{key[0]},{'N' if key[1] else 'D'}]")
                for v in vs:
                    m.add_implication(v, u)
            both = []
            for loc in {loc for loc, _ in by_loc}:
                if (loc, False) in used and (loc, True) in used:
                    b = m.new_bool_var(f"both[{d},{loc}]")
                    m.add_implication(b, used[loc, False])
                    m.add_implication(b, used[loc, True])
                    both.append(b)
            # Only one location can join the day block to the night block (the last day one, the first night one).
            junction = 0
            if both:
                junction = m.new_bool_var(f"junction[{d}]")
                m.add(junction <= sum(both))
            moves = m.new_int_var(0, len(used), f"moves[{d}]")
            m.add(moves >= sum(used.values()) - 1 - junction)
            terms.append(move * moves)
    m.minimize(sum(terms) if terms else 0)


class _Watch:
    """Adapts CP-SAT's solution callback to ``Progress``."""

    def __init__(self, cp_model: Any, progress: ProgressFn | None, scale: int, t0: float) -> None:
        outer = self

        class Callback(cp_model.CpSolverSolutionCallback):  # type: ignore[misc, name-defined]
            def on_solution_callback(self) -> None:
                outer.solutions += 1
                if progress:
                    progress(Progress(time.perf_counter() - t0, self.objective_value / scale,
                                      max(0.0, self.best_objective_bound / scale), outer.solutions))  # fmt: skip

        self.solutions = 0
        self.callback = Callback()


def solve_schedule(problem: ScheduleProblem, *, time_limit: float = 60.0, hint: Mapping[str, str] | None = None,
                   progress: ProgressFn | None = None, workers: int | None = None,
                   explain_time: float = 20.0) -> ScheduleResult:  # fmt: skip
    """The stripboard that costs least: optimal when proven within ``time_limit`` seconds, else the best found with
    its lower bound. ``hint``: scene id → day id of a schedule to start from (the current one: the answer is then
    never worse than it, if it is feasible). ``progress`` is called with each better schedule. ``workers``: CP-SAT
    search threads (default: eight, or one per core beyond). On an infeasible problem, up to ``explain_time``
    seconds go to finding the smallest conflicting set of constraints (``ScheduleResult.conflict``). Raises
    ``SolverMissing`` without OR-Tools."""
    cp_model = deps.cp_model()
    t0 = time.perf_counter()
    if not problem.days:
        if problem.scenes:
            raise PlanError("there are scenes to schedule but no shoot days")
        return ScheduleResult("optimal", (), evaluate_schedule(problem, {}), 0.0, 0.0)
    scale = _money_scale(problem)
    md = _build(problem, cp_model, explain=False, scale=scale)
    if md.empty:
        return _explain(problem, cp_model, t0, explain_time)
    if hint:
        for (si, d), v in md.x.items():
            want = hint.get(problem.scenes[si].id)
            if want is not None:
                md.cp.add_hint(v, int(want == problem.days[d].id))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers or max(MIN_WORKERS, os.cpu_count() or 1)
    watch = _Watch(cp_model, progress, scale, t0)
    status = solver.solve(md.cp, watch.callback)
    if status == cp_model.INFEASIBLE:
        return _explain(problem, cp_model, t0, explain_time)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ScheduleResult("unknown", (), None, None, time.perf_counter() - t0)
    on_day: dict[int, list[str]] = {d: [] for d in range(len(problem.days))}
    for (si, d), v in md.x.items():
        if solver.value(v):
            on_day[d].append(problem.scenes[si].id)
    days = tuple((problem.days[d].id, sequence_day(problem, ids)) for d, ids in on_day.items())
    cost = evaluate_schedule(problem, days)
    objective = solver.objective_value / scale
    bound = max(0.0, min(solver.best_objective_bound / scale, float(cost.total)))  # costs are never negative
    optimal = status == cp_model.OPTIMAL and math.isclose(float(cost.total), objective, rel_tol=1e-9, abs_tol=1e-6)
    return ScheduleResult("optimal" if optimal else "feasible", days, cost, float(cost.total) if optimal else bound,
                          time.perf_counter() - t0)  # fmt: skip


def _explain(problem: ScheduleProblem, cp_model: Any, t0: float, budget: float) -> ScheduleResult:
    """An infeasible problem: the smallest set of side constraints found that cannot hold together."""
    md = _build(problem, cp_model, explain=True, scale=1)
    deadline = time.perf_counter() + budget

    def infeasible(assumed: list[Any]) -> bool | None:
        """True/False, or None when the time ran out before CP-SAT could tell."""
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        md.cp.clear_assumptions()
        md.cp.add_assumptions(assumed)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = left
        solver.parameters.num_workers = 1  # assumption cores are reported by the single-thread search
        status = solver.solve(md.cp)
        if status == cp_model.INFEASIBLE:
            core.clear()
            core.extend(solver.sufficient_assumptions_for_infeasibility())
            return True
        return False if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    literals = list(md.literals)
    core: list[int] = []
    verdict = infeasible(literals)
    if verdict is None:  # no time to find the conflict: infeasible, unexplained
        return ScheduleResult("infeasible", (), None, None, time.perf_counter() - t0)
    if not verdict:  # the side constraints hold together: the main solve failed for another reason
        return ScheduleResult("unknown", (), None, None, time.perf_counter() - t0)
    index = {v.index: v for v in literals}
    kept = [index[i] for i in core if i in index] or literals
    # Deletion: drop each member in turn; if the rest still conflict, it was not needed (and the new core may be
    # smaller still).
    i = 0
    while i < len(kept):
        trial = kept[:i] + kept[i + 1 :]
        verdict = infeasible(trial)
        if verdict is None:
            break
        if verdict:
            found = set(core)
            kept = [v for v in trial if v.index in found] or trial
        else:
            i += 1
    conflict = tuple(sorted((md.literals[v] for v in kept), key=lambda c: (c.kind, c.subject)))
    return ScheduleResult("infeasible", (), None, None, time.perf_counter() - t0, conflict)
