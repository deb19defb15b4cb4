"""A schedule's order within each day, what a schedule costs, and which constraints it breaks — in plain Python.

The CP-SAT model (plan/schedule.py) decides which scenes go on which day; the order inside a day only matters for
company moves and for day/night, so it is decided here, exactly, per day: a day has a handful of strips. The same
module prices any schedule (the solver's, the coordinator's current one, a brute-force candidate in the tests) and
lists the constraints it breaks, independently of the solver — which is how the tests check the solver, and how
phase 2 states what a proposal saves against the current stripboard.

Definitions (ScheduleProblem's docstring has the money): a *company move* is a change of location between two
consecutive strips of a day (a strip without a location does not move the company); a *day/night violation* is a
day strip shot after a night strip on the same day.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from .model import Constraint, PerformerDays, PlanError, Scene, ScheduleCost, ScheduleProblem

# Days with more strips than this are ordered by a greedy rule instead of the exact search (2^k states).
EXACT_DAY_LIMIT = 12

DayPlan = Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]


def _as_days(problem: ScheduleProblem, days: DayPlan) -> list[tuple[int, tuple[str, ...]]]:
    """Day plan → [(day index, scene ids)] in day order, checking ids and that no scene is shot twice."""
    items = days.items() if isinstance(days, Mapping) else days
    out: dict[int, tuple[str, ...]] = {}
    seen: set[str] = set()
    for day_id, scene_ids in items:
        try:
            d = problem.day_index(day_id)
        except KeyError:
            raise PlanError(f"{day_id!r} is not a shoot day") from None
        for s in scene_ids:
            try:
                problem.scene_index(s)
            except KeyError:
                raise PlanError(f"{s!r} is not a scene") from None
            if s in seen:
                raise PlanError(f"scene {s} is scheduled twice")
            seen.add(s)
        out[d] = out.get(d, ()) + tuple(scene_ids)
    return sorted(out.items())


def _order_edges(problem: ScheduleProblem, scenes: Sequence[Scene]) -> dict[str, set[str]]:
    """Within one day: scene id → the ids that must come before it (pinned orders, precedences)."""
    ids = {s.id for s in scenes}
    before: dict[str, set[str]] = {s.id: set() for s in scenes}
    pinned = sorted((s for s in scenes if s.pinned_order is not None), key=lambda s: s.pinned_order or 0)
    for a, b in pairwise(pinned):
        if (a.pinned_order or 0) < (b.pinned_order or 0):
            before[b.id].add(a.id)
    for a, b in (*problem.precedences, *problem.apart):
        if a in ids and b in ids:
            before[b].add(a)
    return before


def _counts(scenes: Sequence[Scene]) -> tuple[int, int]:
    """(day/night violations, company moves) of strips in this order."""
    violations = moves = 0
    night_seen = False
    here: str | None = None
    for s in scenes:
        if s.night:
            night_seen = True
        elif night_seen:
            violations += 1
        if s.location is not None:
            if here is not None and s.location != here:
                moves += 1
            here = s.location
    return violations, moves


def sequence_day(problem: ScheduleProblem, scene_ids: Sequence[str]) -> tuple[str, ...]:
    """The shooting order of one day's scenes: pinned strips keep their order among themselves and precedences
    hold; within that, fewest day strips after a night strip first, then fewest company moves, then the order
    given. Exact up to ``EXACT_DAY_LIMIT`` strips; beyond, day strips before night strips, grouped by location."""
    scenes = [problem.scenes[problem.scene_index(s)] for s in scene_ids]
    k = len(scenes)
    if k <= 1:
        return tuple(scene_ids)
    before = _order_edges(problem, scenes)
    pos = {s.id: i for i, s in enumerate(scenes)}
    need = [sum(1 << pos[b] for b in before[s.id]) for s in scenes]
    if k > EXACT_DAY_LIMIT:
        return _greedy_order(scenes, need)
    # Exact: shortest path over (placed set, current location, a night strip placed yet) with lexicographic costs.
    locs = sorted({s.location for s in scenes if s.location is not None})
    loc_ix = {loc: i + 1 for i, loc in enumerate(locs)}  # 0: no location yet
    start = (0, 0, False)
    best: dict[tuple[int, int, bool], tuple[int, int, int]] = {start: (0, 0, 0)}
    parent: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], int]] = {}
    heap: list[tuple[tuple[int, int, int], tuple[int, int, bool]]] = [((0, 0, 0), start)]
    full = (1 << k) - 1
    while heap:
        cost, state = heapq.heappop(heap)
        if best.get(state) != cost:
            continue
        mask, here, night = state
        if mask == full:
            order = []
            while state != start:
                state, j = parent[state]
                order.append(j)
            return tuple(scenes[j].id for j in reversed(order))
        for j, s in enumerate(scenes):
            if mask >> j & 1 or need[j] & ~mask:
                continue
            viol = cost[0] + (1 if night and not s.night else 0)
            moves = cost[1]
            nhere = here
            if s.location is not None:
                if here and loc_ix[s.location] != here:
                    moves += 1
                nhere = loc_ix[s.location]
            # Third key: the order given, as base-k digits (step i is digit k-1-i), so that among equally good orders
            # the one closest to the input in lexicographic terms wins and the output is stable.
            ncost = (viol, moves, cost[2] + j * k ** (k - 1 - mask.bit_count()))
            nstate = (mask | 1 << j, nhere, night or s.night)
            if ncost < best.get(nstate, (k + 1, k + 1, 1 << 30)):
                best[nstate] = ncost
                parent[nstate] = (state, j)
                heapq.heappush(heap, (ncost, nstate))
    raise PlanError("the pinned orders and order constraints of a day go round in a circle: " + ", ".join(
        s.id for s in scenes))  # fmt: skip


def _greedy_order(scenes: Sequence[Scene], need: Sequence[int]) -> tuple[str, ...]:
    """Day strips before night strips, locations in order of first appearance, precedences respected (Kahn)."""
    rank: dict[str | None, int] = {}
    for s in sorted(scenes, key=lambda s: s.night):
        rank.setdefault(s.location, len(rank))
    ready = [((s.night, rank[s.location], j), j) for j, s in enumerate(scenes) if not need[j]]
    heapq.heapify(ready)
    placed = 0
    order: list[int] = []
    while ready:
        _, j = heapq.heappop(ready)
        order.append(j)
        placed |= 1 << j
        for i, s in enumerate(scenes):
            if not placed >> i & 1 and need[i] >> j & 1 and not need[i] & ~placed:
                heapq.heappush(ready, ((s.night, rank[s.location], i), i))
    if len(order) != len(scenes):
        raise PlanError("the pinned orders and order constraints of a day go round in a circle")
    return tuple(scenes[j].id for j in order)


def evaluate_schedule(problem: ScheduleProblem, days: DayPlan) -> ScheduleCost:
    """What a schedule costs (each day's strips in the order given). Scenes left out are not counted."""
    plan = _as_days(problem, days)
    dates = [d.date for d in problem.days]
    worked: dict[str, set[int]] = {}
    moves = violations = 0
    for d, scene_ids in plan:
        scenes = [problem.scenes[problem.scene_index(s)] for s in scene_ids]
        v, m = _counts(scenes)
        violations += v
        moves += m
        for s in scenes:
            for c in s.cast:
                worked.setdefault(c, set()).add(d)
    people = []
    cast_cost = savings = 0.0
    hold_total = dropped_total = 0
    for cid in sorted(worked):
        days_worked = sorted(worked[cid])
        first, last = days_worked[0], days_worked[-1]
        work = len(days_worked)
        hold = last - first + 1 - work
        perf = problem.performer(cid)
        rate = perf.day_rate if perf else 0
        dropped = 0
        if perf and perf.drop_allowed:
            # One drop per production: the qualifying gap holding the most shoot days (the earliest on a tie).
            for a, b in pairwise(days_worked):
                off = (dates[b] - dates[a]).days - 1
                if off > problem.drop_gap_days and b - a - 1 > dropped:
                    dropped = b - a - 1
        hold -= dropped
        cost = rate * (work + hold)
        cast_cost += cost
        savings += rate * dropped
        hold_total += hold
        dropped_total += dropped
        people.append(PerformerDays(cid, first, last, work, hold, dropped, cost))
    move_cost = problem.move_cost * moves
    return ScheduleCost(total=_tidy(cast_cost + move_cost), cast=_tidy(cast_cost), drop_savings=_tidy(savings),
                        move_cost=_tidy(move_cost), moves=moves, hold_days=hold_total, dropped_days=dropped_total,
                        day_night_violations=violations, performers=tuple(people))  # fmt: skip


def _tidy(x: float) -> float | int:
    """Money sums of whole numbers stay whole (871, not 871.0); others rounded to the cent's thousandth."""
    return int(x) if float(x).is_integer() else round(x, 6)


def check_schedule(problem: ScheduleProblem, days: DayPlan, *, complete: bool = True) -> tuple[Constraint, ...]:
    """The constraints a schedule breaks (empty: it is feasible). ``complete``: every scene must be scheduled."""
    plan = _as_days(problem, days)
    broken: list[Constraint] = []
    day_of: dict[str, int] = {}
    position: dict[str, int] = {}
    for d, scene_ids in plan:
        for i, s in enumerate(scene_ids):
            day_of[s] = d
            position[s] = i
    if complete:
        missing = [s.id for s in problem.scenes if s.id not in day_of]
        if missing:
            broken.append(Constraint("unscheduled", tuple(missing), f"not scheduled: {', '.join(missing)}"))
    scenes = {s.id: s for s in problem.scenes}
    on_day = dict(plan)
    for c in constraints_of(problem):
        if not _holds(problem, c, scenes, on_day, day_of, position):
            broken.append(c)
    return tuple(broken)


def constraints_of(problem: ScheduleProblem) -> list[Constraint]:
    """Every side constraint of the problem, named (what a conflict is made of)."""
    out: list[Constraint] = []
    shoot_dates = {d.date for d in problem.days}
    for s in problem.scenes:
        if s.pinned_day is not None:
            out.append(Constraint("pin", (s.id, s.pinned_day), f"scene {s.id} is pinned to day {s.pinned_day}"))
    for d in problem.days:
        if d.locked:
            out.append(Constraint("locked-day", (d.id,), f"day {d.id} is locked (only its pinned scenes)"))
        if d.max_eighths is not None:
            out.append(Constraint("day-eighths", (d.id,), f"day {d.id} shoots at most {_pages(d.max_eighths)} pages"))
        if d.max_minutes is not None:
            out.append(Constraint("day-minutes", (d.id,), f"day {d.id} shoots at most {d.max_minutes} minutes"))
    cast_in_scenes = {c for s in problem.scenes for c in s.cast}
    for p in problem.performers:
        if p.id not in cast_in_scenes:
            continue
        for date in sorted(p.unavailable & shoot_dates):
            out.append(Constraint("unavailable", (p.id, date.isoformat()),
                                  f"performer {p.id} is unavailable on {date.isoformat()}"))  # fmt: skip
        if p.max_minutes_per_day is not None:
            out.append(Constraint("minutes-per-day", (p.id,),
                                  f"performer {p.id} works at most {p.max_minutes_per_day} minutes a day"))  # fmt: skip
    used_locations = {s.location for s in problem.scenes}
    for loc in problem.locations:
        if loc.windows and loc.id in used_locations:
            spans = ", ".join(f"{a.isoformat()}–{b.isoformat()}" for a, b in loc.windows)
            out.append(Constraint("location-window", (loc.id,), f"location {loc.id} is available {spans} only"))
    for a, b in dict.fromkeys((*problem.precedences, *problem.apart)):
        out.append(Constraint("order", (a, b), f"scene {a} is shot before scene {b}"))
    for s in problem.scenes:
        if s.days is not None:
            out.append(Constraint("scene-days", (s.id,), s.days_reason or f"scene {s.id} goes on some days only"))
    for p in problem.performers:
        if p.id not in cast_in_scenes:
            continue
        for a, b in p.rest_pairs:
            out.append(Constraint("rest", (p.id, a, b), f"performer {p.id} cannot work both day {a} and day {b} "
                                  "(too little rest between them)"))
    return out


def _pages(eighths: int) -> str:
    whole, rest = divmod(eighths, 8)
    return f"{whole} {rest}/8" if whole and rest else (f"{rest}/8" if rest else str(whole))


def _holds(problem: ScheduleProblem, c: Constraint, scenes: dict[str, Scene], on_day: dict[int, tuple[str, ...]],
           day_of: dict[str, int], position: dict[str, int]) -> bool:  # fmt: skip
    """Whether the (possibly partial) schedule keeps constraint ``c``; scenes not scheduled keep everything."""
    if c.kind == "pin":
        s, day = c.subject
        if s not in day_of:
            return True
        d = problem.day_index(day)
        if day_of[s] != d:
            return False
        # A pinned order keeps the strip's place among the other strips pinned to that day with an order.
        mine = scenes[s].pinned_order
        return mine is None or all(
            position[t] < position[s] for t in on_day.get(d, ())
            if scenes[t].pinned_day == day and scenes[t].pinned_order is not None and scenes[t].pinned_order < mine)
    if c.kind == "locked-day":
        d = problem.day_index(c.subject[0])
        return all(scenes[s].pinned_day == c.subject[0] for s in on_day.get(d, ()))
    if c.kind in ("day-eighths", "day-minutes"):
        d = problem.day_index(c.subject[0])
        day = problem.days[d]
        if c.kind == "day-eighths":
            return sum(scenes[s].eighths for s in on_day.get(d, ())) <= (day.max_eighths or 0)
        return sum(scenes[s].minutes for s in on_day.get(d, ())) <= (day.max_minutes or 0)
    if c.kind == "unavailable":
        pid, iso = c.subject
        return not any(pid in scenes[s].cast and problem.days[d].date.isoformat() == iso for s, d in day_of.items())
    if c.kind == "minutes-per-day":
        perf = problem.performer(c.subject[0])
        cap = perf.max_minutes_per_day if perf else None
        return cap is None or all(sum(scenes[s].minutes for s in ids if c.subject[0] in scenes[s].cast) <= cap
                                  for ids in on_day.values())  # fmt: skip
    if c.kind == "location-window":
        loc = problem.location(c.subject[0])
        return loc is None or all(loc.open_on(problem.days[d].date) for s, d in day_of.items()
                                  if scenes[s].location == loc.id)  # fmt: skip
    if c.kind == "scene-days":
        s = c.subject[0]
        allowed = scenes[s].days
        return s not in day_of or allowed is None or problem.days[day_of[s]].id in allowed
    if c.kind == "rest":
        pid, a, b = c.subject
        worked = {problem.days[d].id for s, d in day_of.items() if pid in scenes[s].cast}
        return not (a in worked and b in worked)
    if c.kind == "order":
        a, b = c.subject
        if a not in day_of or b not in day_of:
            return True
        if (a, b) in problem.apart:
            return day_of[a] < day_of[b]
        return day_of[a] < day_of[b] or (day_of[a] == day_of[b] and position[a] < position[b])
    raise ValueError(c.kind)
