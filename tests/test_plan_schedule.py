"""The workbook scheduling solver (CP-SAT) against brute force, and its explanations of infeasible problems.

Small problems (up to 6 scenes on 3–4 days) are solved by trying every assignment of scenes to days, keeping those
that break no constraint (``check_schedule``) and pricing them (``evaluate_schedule``); the solver must find one of
the cheapest and prove it. Both oracles are plain Python independent of the CP-SAT model, and the within-day order
they use (``sequence_day``) is itself checked against every permutation. Hand-made cases pin down the money rules
a random instance may miss: a drop needs more than ``drop_gap_days`` calendar days, a company move is a change of
location inside a day, and a conflict names the constraints that cause it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys

import pytest

from xlproduction.plan import (
    Location,
    Performer,
    PlanError,
    Progress,
    Scene,
    ScheduleProblem,
    ShootDay,
    SolverMissing,
    check_schedule,
    evaluate_schedule,
    sequence_day,
    solve_schedule,
)
from xlproduction.plan.sequence import _counts

pytest.importorskip("ortools", reason="the plan extra (OR-Tools) is not installed")

D0 = dt.date(2026, 3, 2)


def day(i: int, offset: int, **kw: object) -> ShootDay:
    return ShootDay(f"D{i}", D0 + dt.timedelta(days=offset), **kw)  # type: ignore[arg-type]


def brute_force(p: ScheduleProblem) -> float | None:
    """The cheapest feasible schedule's cost over every assignment of scenes to days (None: infeasible)."""
    best = None
    ids = [s.id for s in p.scenes]
    for assign in itertools.product(range(len(p.days)), repeat=len(ids)):
        plan = {d.id: [s for s, k in zip(ids, assign, strict=True) if k == i] for i, d in enumerate(p.days)}
        plan = {d: sequence_day(p, scenes) for d, scenes in plan.items()}
        if check_schedule(p, plan):
            continue
        cost = evaluate_schedule(p, plan)
        if cost.day_night_violations:
            continue
        if best is None or cost.total < best:
            best = cost.total
    return best


def random_problem(seed: int, dense: bool = False) -> ScheduleProblem:
    """A random problem; ``dense``: few days, many strips each, locations and nights mixed (company moves)."""
    r = random.Random(seed)
    n_days = r.choice([1, 2]) if dense else r.choice([3, 4])
    # Dates with one long break (for drops) somewhere.
    offsets, t = [], 0
    for _ in range(n_days):
        offsets.append(t)
        t += r.choice([1, 1, 1, 2, 14])
    days = [day(i, off, max_eighths=r.choice([None, 12, 16, 24])) for i, off in enumerate(offsets)]
    performers = [Performer(f"P{i}", day_rate=r.choice([100, 250, 1000, 99.5]), drop_allowed=r.random() < 0.5,
                            unavailable=frozenset({D0 + dt.timedelta(days=r.choice(offsets))}) if r.random() < 0.3
                            else frozenset()) for i in range(3)]  # fmt: skip
    locations = [Location("L1"), Location("L2", windows=((D0, D0 + dt.timedelta(days=offsets[-1] // 2)),))
                 if r.random() < 0.4 else Location("L2"), Location("L3")]  # fmt: skip
    scenes = []
    for i in range(r.randint(5, 6) if dense else r.randint(3, 6)):
        cast = frozenset(p.id for p in performers if r.random() < 0.45)
        pin = f"D{r.randrange(n_days)}" if r.random() < 0.12 else None
        scenes.append(Scene(f"S{i}", eighths=r.choice([2, 4, 6, 8, 12]), minutes=r.choice([30, 60, 90]), cast=cast,
                            location=r.choice(["L1", "L2", "L3"] if dense else ["L1", "L2", None]),
                            night=r.random() < (0.5 if dense else 0.3), pinned_day=pin))  # fmt: skip
    precedences = (("S0", "S1"),) if r.random() < 0.3 else ()
    return ScheduleProblem(tuple(days), tuple(scenes), tuple(performers), tuple(locations), precedences,
                           move_cost=r.choice([50, 300] if dense else [0, 50, 300]), name=f"random-{seed}")  # fmt: skip


@pytest.mark.parametrize(("seed", "dense"), [(s, False) for s in range(40)] + [(s, True) for s in range(60)])
def test_optimum_equals_brute_force(seed: int, dense: bool) -> None:
    p = random_problem(seed, dense)
    best = brute_force(p)
    r = solve_schedule(p, time_limit=20, workers=2)
    if best is None:
        assert r.status == "infeasible" and r.conflict, r
        return
    assert r.status == "optimal", r
    assert not check_schedule(p, r.days)
    assert r.cost is not None and r.cost.total == pytest.approx(best)
    assert r.cost == evaluate_schedule(p, r.days)
    assert r.lower_bound == pytest.approx(best) and r.gap == 0
    assert sorted(r.day_of()) == sorted(s.id for s in p.scenes)


def with_side_constraints(p: ScheduleProblem, seed: int) -> ScheduleProblem:
    """``p`` plus the constraints the workbook job states: days a scene may take (day/night), pairs of days a
    performer may not both work (turnaround), and split parts on strictly later days."""
    from dataclasses import replace

    r = random.Random(1000 + seed)
    ids = [d.id for d in p.days]
    scenes = tuple(replace(s, days=frozenset(r.sample(ids, k=max(1, len(ids) - 1))), days_reason=f"{s.id}: some days")
                   if r.random() < 0.4 and s.pinned_day is None else s for s in p.scenes)  # fmt: skip
    pairs = list(itertools.pairwise(ids))
    performers = tuple(replace(x, rest_pairs=(r.choice(pairs),)) if pairs and r.random() < 0.5 else x
                       for x in p.performers)  # fmt: skip
    apart = (("S1", "S2"),) if len(p.scenes) > 2 and r.random() < 0.5 else ()
    return replace(p, scenes=scenes, performers=performers, apart=apart, name=p.name + "+side")


@pytest.mark.parametrize("seed", range(40))
def test_side_constraints_optimum_equals_brute_force(seed: int) -> None:
    p = with_side_constraints(random_problem(seed), seed)
    best = brute_force(p)
    r = solve_schedule(p, time_limit=20, workers=2)
    if best is None:
        assert r.status == "infeasible" and r.conflict, r
        return
    assert r.status == "optimal", r
    assert not check_schedule(p, r.days)
    assert r.cost is not None and r.cost.total == pytest.approx(best)


def test_side_constraints_are_named_in_a_conflict() -> None:
    days = (day(0, 0), day(1, 1))
    perf = (Performer("P", day_rate=100, rest_pairs=(("D0", "D1"),)),)
    # P must work both days (two scenes each filling a day), but may not: the rest pair and the capacity conflict.
    p = ScheduleProblem((day(0, 0, max_eighths=8), day(1, 1, max_eighths=8)),
                        (Scene("A", eighths=8, cast=frozenset({"P"})), Scene("B", eighths=8, cast=frozenset({"P"}))),
                        perf)  # fmt: skip
    r = solve_schedule(p, time_limit=10, workers=2)
    assert r.status == "infeasible"
    kinds = {c.kind for c in r.conflict}
    assert "rest" in kinds and kinds <= {"rest", "day-eighths"}
    q = ScheduleProblem(days, (Scene("A", days=frozenset({"D0"}), days_reason="A is a night scene"),
                               Scene("B", pinned_day="D0")), apart=(("B", "A"),))  # fmt: skip
    r = solve_schedule(q, time_limit=10, workers=2)
    assert r.status == "infeasible"
    # A may only go on the first day and must come a day after B: the pin does not matter, and is left out.
    assert {c.kind for c in r.conflict} == {"scene-days", "order"}
    assert "A is a night scene" in {c.text for c in r.conflict}
    # The same plan checked: each broken constraint by name.
    assert {c.kind for c in check_schedule(q, {"D0": ["B", "A"]})} == {"order"}  # apart: not the same day
    assert {c.kind for c in check_schedule(q, {"D0": ["B"], "D1": ["A"]})} == {"scene-days"}


def random_day(seed: int) -> ScheduleProblem:
    r = random.Random(seed)
    k = r.randint(2, 6)
    scenes = []
    pinned_orders = r.sample(range(10), 2)
    for i in range(k):
        pin = i < 2 and r.random() < 0.5
        scenes.append(Scene(f"S{i}", location=r.choice(["A", "B", "C", None]), night=r.random() < 0.35,
                            pinned_day="D0" if pin else None, pinned_order=pinned_orders[i] if pin else None))
    prec = (("S2", "S3"),) if k >= 4 and r.random() < 0.5 else ()
    return ScheduleProblem((day(0, 0),), tuple(scenes), precedences=prec)


@pytest.mark.parametrize("seed", range(60))
def test_day_order_is_the_best_permutation(seed: int) -> None:
    p = random_day(seed)
    ids = [s.id for s in p.scenes]
    got = sequence_day(p, ids)
    assert sorted(got) == sorted(ids)
    assert not check_schedule(p, {"D0": got})  # pinned orders and precedences hold
    scenes = {s.id: s for s in p.scenes}
    feasible = [perm for perm in itertools.permutations(ids) if not check_schedule(p, {"D0": perm})]
    best = min(_counts([scenes[s] for s in perm]) for perm in feasible)
    assert _counts([scenes[s] for s in got]) == best


def test_drop_needs_more_than_the_gap_in_calendar_days() -> None:
    # P0 works on D0 and D3, pinned; D1 and D2 are shoot days in between. Held, P0 is paid 4 days; dropped, 2.
    def problem(last_offset: int, drop: bool) -> ScheduleProblem:
        days = (day(0, 0), day(1, 1), day(2, 2), day(3, last_offset))
        scenes = (Scene("S0", cast=frozenset({"P0"}), pinned_day="D0"),
                  Scene("S1", cast=frozenset({"P0"}), pinned_day="D3"),
                  Scene("S2", cast=frozenset({"P1"}), pinned_day="D1"),
                  Scene("S3", cast=frozenset({"P1"}), pinned_day="D2"))  # fmt: skip
        return ScheduleProblem(days, scenes, (Performer("P0", 500, drop_allowed=drop), Performer("P1", 100)))

    # D0 → D3 with 11 calendar days strictly between (offsets 0 and 12): more than 10, the drop is allowed.
    r = solve_schedule(problem(12, True), time_limit=10)
    assert r.optimal and r.cost is not None
    assert r.cost.total == 2 * 500 + 2 * 100 and r.cost.drop_savings == 1000 and r.cost.dropped_days == 2
    # Exactly 10 days between (offset 11): not more than 10, so P0 is held.
    r = solve_schedule(problem(11, True), time_limit=10)
    assert r.optimal and r.cost is not None and r.cost.total == 4 * 500 + 2 * 100 and r.cost.dropped_days == 0
    # The performer does not allow drops.
    r = solve_schedule(problem(12, False), time_limit=10)
    assert r.optimal and r.cost is not None and r.cost.total == 4 * 500 + 2 * 100


def test_moves_inside_a_day_and_day_before_night() -> None:
    # One day: day strips at A (two) and B, night strips at B and A. Day strips first, grouped: A A B, then the
    # nights can start at B (no move) and go to A (one move): 2 moves — (2 day locations) + (2 night locations) − 1,
    # less 1 because one location, not two, can join the day block to the night block.
    scenes = (Scene("S1", location="A"), Scene("S2", location="B"), Scene("S3", location="B", night=True),
              Scene("S4", location="A", night=True), Scene("S5", location="A"))  # fmt: skip
    p = ScheduleProblem((day(0, 0),), scenes, move_cost=100)
    r = solve_schedule(p, time_limit=10)
    assert r.optimal and r.cost is not None
    assert r.cost.moves == 2 and r.cost.total == 200 and r.cost.day_night_violations == 0
    order = dict(r.days)["D0"]
    assert all(not scenes[int(s[1]) - 1].night for s in order[:3])  # day strips first
    # Over two days the scenes can split so that no day moves: each day one location.
    p2 = ScheduleProblem((day(0, 0), day(1, 1)), scenes, move_cost=100)
    r2 = solve_schedule(p2, time_limit=10)
    assert r2.optimal and r2.cost is not None and r2.cost.moves == 0


def test_capacity_and_availability_shape_the_answer() -> None:
    # Two 6/8 scenes with P0 cannot share a 1-page day; P0 is unavailable on D1, so they take D0 and D2 and P0 is
    # held on D1 (3 paid days): the solver has no cheaper choice.
    days = (day(0, 0, max_eighths=8), day(1, 1, max_eighths=8), day(2, 2, max_eighths=8))
    scenes = (Scene("S0", eighths=6, cast=frozenset({"P0"})), Scene("S1", eighths=6, cast=frozenset({"P0"})),
              Scene("S2", eighths=6, cast=frozenset({"P1"})))  # fmt: skip
    perf = (Performer("P0", 300, unavailable=frozenset({days[1].date})), Performer("P1", 10))
    r = solve_schedule(ScheduleProblem(days, scenes, perf), time_limit=10)
    assert r.optimal and r.cost is not None
    assert r.day_of()["S2"] == "D1" and {r.day_of()["S0"], r.day_of()["S1"]} == {"D0", "D2"}
    assert r.cost.total == 3 * 300 + 10 and r.cost.hold_days == 1


def test_infeasible_names_the_smallest_conflict() -> None:
    days = (day(0, 0, max_eighths=8), day(1, 1, max_eighths=8))
    scenes = (Scene("S0", eighths=4, cast=frozenset({"P0"}), pinned_day="D0"),
              Scene("S1", eighths=6, cast=frozenset({"P1"})), Scene("S2", eighths=6, cast=frozenset({"P1"})),
              Scene("S3", eighths=1, location="L"))  # fmt: skip
    perf = (Performer("P0", 100, unavailable=frozenset({days[0].date})), Performer("P1", 100))
    p = ScheduleProblem(days, scenes, perf, (Location("L", ((D0, D0),)),))
    r = solve_schedule(p, time_limit=10)
    assert r.status == "infeasible" and r.cost is None and not r.days
    # The pin and P0's unavailability on D0 conflict; the capacities (S1, S2 on separate days fit) and the window
    # are not part of it.
    assert {(c.kind, c.subject) for c in r.conflict} == {("pin", ("S0", "D0")), ("unavailable", ("P0", "2026-03-02"))}
    assert all(c.text for c in r.conflict)

    # Capacity conflict: three 6/8 scenes, two one-page days.
    scenes2 = tuple(Scene(f"S{i}", eighths=6) for i in range(3))
    r2 = solve_schedule(ScheduleProblem(days, scenes2), time_limit=10)
    assert r2.status == "infeasible"
    assert {c.kind for c in r2.conflict} == {"day-eighths"} and len(r2.conflict) == 2


def test_progress_hint_and_time_limit() -> None:
    r = random.Random(5)
    days = tuple(day(i, i + 2 * (i // 5)) for i in range(12))
    perf = tuple(Performer(f"P{i}", r.choice([200, 500, 1500]), drop_allowed=i % 3 == 0) for i in range(8))
    scenes = tuple(Scene(f"S{i}", eighths=r.choice([3, 5, 8, 12]), cast=frozenset(r.sample([p.id for p in perf], 3)),
                         location=f"L{r.randrange(4)}", night=r.random() < 0.2) for i in range(40))  # fmt: skip
    p = ScheduleProblem(days, scenes, perf, move_cost=400)
    current = {s.id: days[i % len(days)].id for i, s in enumerate(scenes)}
    current_plan: dict[str, list[str]] = {}
    for s, d in current.items():
        current_plan.setdefault(d, []).append(s)
    current_cost = evaluate_schedule(p, {d: sequence_day(p, ss) for d, ss in current_plan.items()}).total
    seen: list[Progress] = []
    res = solve_schedule(p, time_limit=3, hint=current, progress=seen.append, workers=2)
    assert res.status in ("optimal", "feasible") and res.cost is not None
    assert res.cost.total <= current_cost
    assert seen and all(s.best is not None for s in seen)
    assert [s.best for s in seen] == sorted((s.best for s in seen), reverse=True)
    assert res.lower_bound is not None and res.lower_bound <= res.cost.total
    assert res.seconds < 15


def test_solver_missing_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ortools.sat.python.cp_model", None)
    p = ScheduleProblem((day(0, 0),), (Scene("S0"),))
    with pytest.raises(SolverMissing, match=r"xlproduction\[plan\]"):
        solve_schedule(p)


def test_bad_problems_are_refused_in_words() -> None:
    with pytest.raises(PlanError, match="increasing dates"):
        ScheduleProblem((day(0, 1), day(1, 0)), ())
    with pytest.raises(PlanError, match="not a shoot day"):
        ScheduleProblem((day(0, 0),), (Scene("S0", pinned_day="D9"),))
    with pytest.raises(PlanError, match="listed twice"):
        ScheduleProblem((day(0, 0),), (Scene("S0"), Scene("S0")))
    with pytest.raises(PlanError, match="scheduled twice"):
        evaluate_schedule(ScheduleProblem((day(0, 0),), (Scene("S0"),)), {"D0": ["S0", "S0"]})
