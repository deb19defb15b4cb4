"""The pure talent-scheduling solver against brute force: on small instances every order is tried, and the solver's
order must cost exactly the cheapest of them. Instances are random but shaped to hit what the solver relies on
(durations above one day, scenes with the same cast, casts inside other casts, actors in one scene, scenes with no
actor, fractional costs), so a wrong dominance rule or preprocessing step shows as a dearer order.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlproduction.plan import PlanError, Progress, TalentProblem, solve_talent, talent_costs


def brute_force(p: TalentProblem) -> float:
    return min(talent_costs(p, order)[0] for order in itertools.permutations(range(p.n_scenes)))


def random_instance(seed: int, max_scenes: int = 7) -> TalentProblem:
    r = random.Random(seed)
    n, m = r.randint(1, max_scenes), r.randint(1, 6)
    costs = [r.choice([1, 2, 5, 10, 20, 40]) if r.random() < 0.8 else round(r.uniform(0.5, 30), 2) for _ in range(m)]
    # A few "families" of casts, thinned or extended, so subsets and duplicates are common.
    families = [r.sample(range(m), r.randint(1, m)) for _ in range(3)]
    scenes = []
    for _ in range(n):
        fam = r.choice(families)
        cast = {a for a in fam if r.random() < 0.75} | ({r.randrange(m)} if r.random() < 0.25 else set())
        scenes.append((r.choice([1, 1, 1, 2, 3, 5]), cast))
    return TalentProblem.build(costs, scenes, f"random-{seed}")


def test_costs_of_an_order_by_hand() -> None:
    # Actor 0 (10/day) in scenes 0 and 2, actor 1 (1/day) in scene 1, scenes of 2, 1 and 3 days.
    p = TalentProblem.build([10, 1], [(2, [0]), (1, [1]), (3, [0])])
    # Order 0 1 2: actor 0 is on location days 0–6 (6 days, 1 of them waiting for scene 1), actor 1 for 1 day.
    assert talent_costs(p, [0, 1, 2]) == (10 * 6 + 1 * 1, 10 * 1)
    # Order 1 0 2: nobody waits.
    assert talent_costs(p, [1, 0, 2]) == (10 * 5 + 1, 0)
    r = solve_talent(p)
    assert r.optimal and r.total_cost == 51 and r.idle_cost == 0 and r.lower_bound == 51
    assert r.order.index(0) + 1 == r.order.index(2) or r.order.index(2) + 1 == r.order.index(0)


@pytest.mark.parametrize("seed", range(120))
def test_optimum_equals_brute_force(seed: int) -> None:
    p = random_instance(seed)
    r = solve_talent(p)
    best = brute_force(p)
    assert sorted(r.order) == list(range(p.n_scenes))
    assert r.total_cost == pytest.approx(best)
    assert r.optimal and r.stopped is None
    assert r.lower_bound == pytest.approx(r.total_cost)
    assert (r.total_cost, r.idle_cost) == talent_costs(p, r.order)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_optimum_equals_brute_force_hypothesis(data: st.DataObject) -> None:
    m = data.draw(st.integers(1, 5))
    n = data.draw(st.integers(0, 6))
    costs = data.draw(st.lists(st.integers(0, 30), min_size=m, max_size=m))
    scenes = data.draw(st.lists(st.tuples(st.integers(0, 6), st.frozensets(st.integers(0, m - 1))),
                                min_size=n, max_size=n))  # fmt: skip
    p = TalentProblem.build(costs, scenes)
    r = solve_talent(p)
    assert r.optimal
    assert r.total_cost == brute_force(p) if n else r.total_cost == 0


def film_like(seed: int, n: int, m: int) -> TalentProblem:
    """Two or three leads in most scenes, supporting cast in stretches, day players once or twice."""
    r = random.Random(seed)
    costs = [r.randint(20, 40) for _ in range(3)] + [r.randint(4, 10) for _ in range(m - 3)]
    scenes = []
    for _ in range(n):
        cast = {a for a in range(3) if r.random() < 0.6} | set(r.sample(range(3, m), r.randint(0, 3)))
        scenes.append((r.choice([1, 1, 2]), cast))
    return TalentProblem.build(costs, scenes)


def test_time_limit_returns_the_best_order_with_a_bound_and_progress() -> None:
    p = film_like(7, 34, 14)
    seen: list[Progress] = []
    r = solve_talent(p, time_limit=0.5, progress=seen.append, progress_every=0.05)
    assert sorted(r.order) == list(range(p.n_scenes))
    assert (r.total_cost, r.idle_cost) == talent_costs(p, r.order)
    assert 0 < r.lower_bound <= r.total_cost
    assert r.optimal == (r.stopped is None)
    assert r.seconds < 5
    assert seen and seen[-1].best == r.total_cost
    bests = [s.best for s in seen]
    bounds = [s.bound for s in seen]
    assert bests == sorted(bests, reverse=True)  # the incumbent only improves
    assert bounds == sorted(bounds)  # the proven bound only rises
    if not r.optimal:
        assert r.stopped == "time limit" and r.gap > 0


def test_state_limit_stops_the_search() -> None:
    r = solve_talent(film_like(3, 30, 12), max_states=2000)
    assert r.stopped == "state limit" and not r.optimal
    assert r.lower_bound < r.total_cost


def test_json_round_trip_and_bad_input() -> None:
    p = TalentProblem.from_json({"name": "x", "actors": [{"cost": 3}, {"cost": 1.5}],
                                 "scenes": [{"duration": 1, "actors": [0, 1]}, {"duration": 2, "actors": []}]})
    assert TalentProblem.from_json(p.to_json()) == p
    with pytest.raises(PlanError, match="numbered 0 to 1"):
        TalentProblem.build([1, 2], [(1, [2])])
    with pytest.raises(PlanError, match="cost"):
        TalentProblem.build([-1], [(1, [0])])
    with pytest.raises(PlanError, match="missing"):
        TalentProblem.from_json({"actors": []})
    with pytest.raises(PlanError, match="each of the 2 scenes"):
        talent_costs(p, [0, 0])


@pytest.mark.parametrize("seed", range(40))
def test_an_unbounded_beam_is_the_exact_dynamic_program(seed: int) -> None:
    """The beam search (used to improve the incumbent while A* runs) keeps every state when wide enough: then it
    is the dynamic program itself and must find the optimum; a width-1 beam still returns a full order."""
    from xlproduction.plan import talent

    p = random_instance(1000 + seed)
    r = talent._reduce(p)
    search = talent._Search(r)
    if search.n == 0:
        return
    wide = search.beam(10**9, float("inf"), float("inf"))
    narrow = search.beam(1, float("inf"), float("inf"))
    assert wide is not None and narrow is not None
    best = brute_force(p)
    for cost, order in (wide, narrow):
        original = [s for g in order for s in r.members[g]]
        assert sorted(original) == list(range(p.n_scenes))
        assert talent_costs(p, original)[0] == pytest.approx(cost / (r.cost_scale * r.duration_scale) + r.constant)
    assert talent_costs(p, [s for g in wide[1] for s in r.members[g]])[0] == pytest.approx(best)


def test_beams_during_a_long_search(monkeypatch: pytest.MonkeyPatch) -> None:
    from xlproduction.plan import talent

    monkeypatch.setattr(talent, "BEAM_AFTER", 0.0)
    monkeypatch.setattr(talent, "BEAM_SHARE", 1.0)
    widths: list[int] = []
    beam = talent._Search.beam

    def counted(self: talent._Search, width: int, best: float, deadline: float) -> tuple[float, list[int]] | None:
        widths.append(width)
        return beam(self, width, best, deadline)

    monkeypatch.setattr(talent._Search, "beam", counted)
    p = film_like(11, 30, 14)
    seen: list[Progress] = []
    r = solve_talent(p, time_limit=1.5, progress=seen.append, progress_every=0.05)
    assert (r.total_cost, r.idle_cost) == talent_costs(p, r.order)
    assert r.lower_bound <= r.total_cost
    assert [s.best for s in seen] == sorted((s.best for s in seen), reverse=True)
    assert widths[:3] == [8, 16, 32]  # the beams ran, each twice as wide
