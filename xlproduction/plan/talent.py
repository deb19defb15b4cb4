"""An exact solver for the pure talent-scheduling problem, in plain Python: A* over the set of scenes still to shoot.

Why our own and not a library: measured on the published instances (bench/talent/README.md), this search proves
each optimum in about the CPU time didppy's A* (CAASDy) takes on the same dynamic program (0.6–1.3×) and in about
half what its beam search (CABS) takes; OR-Tools CP-SAT finds the optima or comes within 0.3% but its bound never
rises above what the actors cost in their own scenes, so it proves none of the 18–28-scene instances in a minute.
Being plain Python it needs no native wheel, so it also runs where xlwings Lite runs, and it is ours to extend.

The dynamic program is de la Banda, Stuckey & Chu's ("Solving talent scheduling with dynamic programming",
INFORMS J. Computing 23(1), 2011). A state is the set Q of scenes still to shoot. The actors on location while scene
s is shot next are those s needs plus everyone already started who is still needed later:
``o(s, Q) = a(s) ∪ (a(S∖Q) ∩ a(Q∖{s}))``, and shooting s costs ``d(s) × cost(o(s, Q))``. The lower bound on the
cost still to pay from Q is what the remaining scenes cost with only their own actors, Σ d(s) × cost(a(s)) — it
never overestimates and drops by exactly that amount per step, so A* may stop at the first goal it pops.

Preprocessing (de la Banda et al. §3), to a fixpoint: an actor in one scene only is never idle, so their cost is a
constant and they leave the problem; scenes needing the same actors are shot together in some optimal order, so
they merge into one scene with the summed duration.

Two dominance rules cut the choices at each state; each keeps at least one optimal order, and the tests check the
solver against brute force over all orders:

- *Forced*: when a remaining scene needs exactly the actors on location now (``a(s) = L``, L = started actors still
  needed), shooting it now is optimal. Moving it to the front of any order only shortens whose wait it was in: its
  actors are on location until it is shot anyway, and everyone else's first scene moves later by d(s).
- *Subsumption* (de la Banda et al.): s is not shot now when another remaining scene t needs a superset of its
  actors (a(s) ⊆ a(t)) all of whom would then be on location (a(t) ⊆ a(S∖Q) ∪ a(s)). Take an optimal order
  s X t Y. Let K = cost of the on-location actors outside a(t) whose last scene is in X minus the cost of the
  not-yet-started ones outside a(t) whose first scene is in X and last in Y. If K ≤ 0, t s X Y costs no more (X
  moves later by d(t): the first group waits d(t) longer, the second starts d(t) later; a(t)'s actors are on
  location across the block either way). If K > 0, X s t Y is cheaper by at least d(s)·K — a contradiction.
  Since scene casts are unique after merging, a chain of such t ends at a scene that is allowed.

An incumbent from a greedy order improved by local search prunes every state whose bound reaches it. While A*
runs, dives from popped states (a greedy completion every few thousand expansions) and, once A* has taken more than
five CPU seconds, beam searches of the same dynamic program with doubling widths (15% of the CPU time at most)
improve it — so a search stopped by its time or state limit still returns a good order (on our 28- and 32-scene
instances the beams found the optimum, or didppy's CABS's best, where greedy dives alone stayed 2.5% above), with
the proven lower bound and the gap.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Number, PlanError, Progress, TalentProblem, TalentResult, decimal_scale

ProgressFn = Callable[[Progress], None]

# Beam searches start when A* has run this many CPU seconds without finishing, and take at most this share of the
# CPU time since the start.
BEAM_AFTER = 5.0
BEAM_SHARE = 0.15


def talent_costs(problem: TalentProblem, order: Sequence[int]) -> tuple[Number, Number]:
    """``(total_cost, idle_cost)`` of shooting the scenes in ``order``: an actor is on location from the start of
    their first scene to the end of their last; total = Σ cost × days on location, idle = the part of it not in
    their own scenes."""
    n = problem.n_scenes
    if sorted(order) != list(range(n)):
        raise PlanError(f"an order must list each of the {n} scenes once")
    first: dict[int, Number] = {}
    last: dict[int, Number] = {}
    t: Number = 0
    for s in order:
        for a in problem.scene_actors[s]:
            first.setdefault(a, t)
            last[a] = t + problem.scene_durations[s]
        t += problem.scene_durations[s]
    costs = problem.actor_costs
    total = sum(costs[a] * (last[a] - first[a]) for a in first)
    own = sum(problem.scene_durations[s] * sum(costs[a] for a in problem.scene_actors[s]) for s in range(n))
    return total, total - own


# ---------------------------------------------------------------------------------------------------------------
# Preprocessing (costs and durations scaled to whole numbers where they allow it)


@dataclass(frozen=True, slots=True)
class _Reduced:
    """The problem after preprocessing: scene groups with unique casts as bitmasks, costs and durations scaled."""

    costs: tuple[Number, ...]  # per kept actor
    durations: tuple[Number, ...]  # per group
    casts: tuple[int, ...]  # per group: bitmask over kept actors
    members: tuple[tuple[int, ...], ...]  # per group: the original scenes, in the order they are shot
    constant: Number  # what the dropped single-scene actors cost, in original units
    cost_scale: Number
    duration_scale: Number


def _reduce(problem: TalentProblem) -> _Reduced:
    cs = decimal_scale(problem.actor_costs)
    ds = decimal_scale(problem.scene_durations)
    exact = cs is not None and ds is not None
    cost_scale: Number = cs if exact and cs else 1
    duration_scale: Number = ds if exact and ds else 1
    # int(round(...)) keeps the arithmetic exact when the scale makes every value whole.
    costs = [round(c * cost_scale) if exact else float(c) for c in problem.actor_costs]
    groups = [[s] for s in range(problem.n_scenes)]
    casts = [set(a) for a in problem.scene_actors]
    alive = set(range(problem.n_actors))
    constant: Number = 0
    while True:
        # Actors in one group only are never idle: a constant, out of the problem.
        count: dict[int, int] = {}
        for cast in casts:
            for a in cast:
                count[a] = count.get(a, 0) + 1
        single = {a for a in alive if count.get(a, 0) <= 1}
        for g, cast in zip(groups, casts, strict=True):
            for a in cast & single:
                constant += problem.actor_costs[a] * sum(problem.scene_durations[s] for s in g)
            cast -= single
        alive -= single
        # Groups needing the same actors merge. A group is a block shot in its own order (an actor dropped as
        # single may be single only because its scenes merged), so blocks are joined, never re-sorted.
        by_cast: dict[frozenset[int], int] = {}
        new_groups: list[list[int]] = []
        new_casts: list[set[int]] = []
        for g, cast in zip(groups, casts, strict=True):
            key = frozenset(cast)
            if key in by_cast:
                new_groups[by_cast[key]].extend(g)
            else:
                by_cast[key] = len(new_groups)
                new_groups.append(list(g))
                new_casts.append(set(cast))
        if len(new_groups) == len(groups) and not single:
            break
        groups, casts = new_groups, new_casts
    kept = sorted(alive)
    bit = {a: i for i, a in enumerate(kept)}
    durations = [sum(problem.scene_durations[s] for s in g) for g in groups]
    durations = [round(d * duration_scale) if exact else float(d) for d in durations]
    return _Reduced(costs=tuple(costs[a] for a in kept), durations=tuple(durations),
                    casts=tuple(sum(1 << bit[a] for a in cast) for cast in casts),
                    members=tuple(tuple(g) for g in groups), constant=constant,
                    cost_scale=cost_scale, duration_scale=duration_scale)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# The search


class _Search:
    """The dynamic program over the reduced problem, with its incumbent and the A* frontier."""

    def __init__(self, r: _Reduced) -> None:
        self.r = r
        self.n = n = len(r.durations)
        self.m = m = len(r.costs)
        self.full = (1 << n) - 1
        self.actor_scenes = [sum(1 << s for s in range(n) if r.casts[s] >> a & 1) for a in range(m)]
        self._cost_of: dict[int, Number] = {}
        # Σ cost of every set of actors, indexed by the set's bitmask, when that fits (2^16 entries): one list index
        # in the innermost loop instead of a memo lookup.
        self.cost_table: list[Number] | None = None
        if m <= 16:
            table: list[Number] = [0] * (1 << m)
            for mask in range(1, 1 << m):
                low = mask & -mask
                table[mask] = table[mask ^ low] + r.costs[low.bit_length() - 1]
            self.cost_table = table
        self.base = [r.durations[s] * self.cost_of(r.casts[s]) for s in range(n)]
        # For the subsumption rule: per scene, the scenes whose cast strictly contains its own (a bitmask; casts are
        # unique after merging). For the forced rule: the scene of each cast.
        self.supersets = [sum(1 << t for t in range(n) if t != s and r.casts[s] & ~r.casts[t] == 0) for s in range(n)]
        self.scene_of_cast = {c: s for s, c in enumerate(r.casts)}

    def cost_of(self, actors: int) -> Number:
        """Σ cost of a set of actors (a bitmask), memoised: few distinct sets occur."""
        if self.cost_table is not None:
            return self.cost_table[actors]
        v = self._cost_of.get(actors)
        if v is None:
            v = sum(c for a, c in enumerate(self.r.costs) if actors >> a & 1)
            self._cost_of[actors] = v
        return v

    def actors_of(self, scenes: int) -> int:
        u = 0
        for a, mine in enumerate(self.actor_scenes):
            if mine & scenes:
                u |= 1 << a
        return u

    def choices(self, q: int, started: int, on_location: int) -> list[int]:
        """The scenes worth shooting next from state ``q`` under the two dominance rules."""
        forced = self.scene_of_cast.get(on_location)
        if forced is not None and q >> forced & 1:
            return [forced]
        casts, supersets = self.r.casts, self.supersets
        out = []
        rest = q
        while rest:
            low = rest & -rest
            s = low.bit_length() - 1
            rest ^= low
            bigger = q & supersets[s]
            if bigger:
                reach = started | casts[s]
                while bigger:
                    low_t = bigger & -bigger
                    if casts[low_t.bit_length() - 1] & ~reach == 0:
                        break  # a remaining scene t dominates s: t is shot first
                    bigger ^= low_t
                if bigger:
                    continue
            out.append(s)
        return out

    def step_cost(self, s: int, on_location: int) -> Number:
        return self.r.durations[s] * self.cost_of(self.r.casts[s] | on_location)

    def complete(self, q: int, g: Number) -> tuple[Number, list[int]]:
        """A greedy completion from state ``q`` (cost so far ``g``): each step the scene adding least idle cost."""
        order: list[int] = []
        while q:
            started = self.actors_of(self.full & ~q)
            on = started & self.actors_of(q)
            best = min(self.choices(q, started, on), key=lambda s: (self.step_cost(s, on) - self.base[s], s))
            g += self.step_cost(best, on)
            order.append(best)
            q &= ~(1 << best)
        return g, order

    def order_cost(self, order: Sequence[int]) -> Number:
        """The reduced problem's cost of a full order, in O(n·m)."""
        d = self.r.durations
        first: dict[int, Number] = {}
        last: dict[int, Number] = {}
        t: Number = 0
        for s in order:
            cast = self.r.casts[s]
            while cast:
                low = cast & -cast
                a = low.bit_length() - 1
                cast ^= low
                first.setdefault(a, t)
                last[a] = t + d[s]
            t += d[s]
        return sum(self.r.costs[a] * (last[a] - first[a]) for a in first)

    def improve(self, order: list[int], cost: Number, deadline: float) -> tuple[Number, list[int]]:
        """Local search on an order: move one scene elsewhere while that lowers the cost (first improvement)."""
        n = len(order)
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            for i in range(n):
                s = order[i]
                rest = order[:i] + order[i + 1 :]
                for j in range(n):
                    if j == i:
                        continue
                    cand = [*rest[:j], s, *rest[j:]]
                    c = self.order_cost(cand)
                    if c < cost:
                        order, cost, improved = cand, c, True
                        break
                if time.perf_counter() >= deadline:
                    break
        return cost, order

    def beam(self, width: int, best_cost: Number, deadline: float) -> tuple[Number, list[int]] | None:
        """One beam search of the dynamic program from the start: each layer keeps the ``width`` states of least
        cost-so-far + bound (one entry per state). A full order cheaper than ``best_cost``, or None (none found, or
        the deadline passed)."""
        full = self.full
        casts, durations, base = self.r.casts, self.r.durations, self.base
        cost_of = self.cost_table.__getitem__ if self.cost_table is not None else self.cost_of
        layer: list[tuple[Number, Number, int]] = [(0, sum(base), full)]  # (g, h, q)
        parents: list[dict[int, tuple[int, int]]] = []
        for _ in range(self.n):
            if time.perf_counter() >= deadline:
                return None
            nxt: dict[int, tuple[Number, Number, int, int]] = {}  # q → (g, h, previous q, scene)
            for g, h, q in layer:
                started = self.actors_of(full & ~q)
                on = started & self.actors_of(q)
                for s in self.choices(q, started, on):
                    nq = q & ~(1 << s)
                    ng = g + durations[s] * cost_of(casts[s] | on)
                    nh = h - base[s]
                    if ng + nh < best_cost and (nq not in nxt or ng < nxt[nq][0]):
                        nxt[nq] = (ng, nh, q, s)
            if not nxt:
                return None
            kept = heapq.nsmallest(width, nxt.items(), key=lambda item: (item[1][0] + item[1][1], item[1][1]))
            parents.append({nq: (prev, s) for nq, (_, _, prev, s) in kept})
            layer = [(ng, nh, nq) for nq, (ng, nh, _, _) in kept]
        g, _, q = min(layer)
        order = []
        for step in reversed(parents):
            q, s = step[q]
            order.append(s)
        return g, order[::-1]


def _path(parent: dict[int, int], q: int, full: int) -> list[int]:
    """The scenes shot from the start to state ``q``, in order."""
    path = []
    while q != full:
        s = parent[q]
        path.append(s)
        q |= 1 << s
    return path[::-1]


def solve_talent(problem: TalentProblem, *, time_limit: float | None = None, max_states: int = 3_000_000,
                 progress: ProgressFn | None = None, progress_every: float = 0.5) -> TalentResult:  # fmt: skip
    """The cheapest order of ``problem``'s scenes, proven optimal unless ``time_limit`` (seconds) or ``max_states``
    stop the search first; then the best order found, with the proven lower bound. States kept in memory cost
    ~300 bytes each (measured: 1M states, 314 MB peak), so the default caps the search near 1 GB; the hardest published
    instance here (Shaw2020) needs a fifth of it. ``progress`` is called with each better order and every
    ``progress_every`` seconds."""
    t0 = time.perf_counter()
    deadline = float("inf") if time_limit is None else t0 + time_limit
    r = _reduce(problem)
    unit = r.cost_scale * r.duration_scale  # reduced cost = original cost × unit (beyond the constant)

    def to_cost(v: Number) -> Number:
        out = v / unit + r.constant if unit != 1 else v + r.constant
        # Whole numbers stay ints when the input was integral, so JSON prints 871, not 871.0.
        return int(out) if isinstance(out, float) and out.is_integer() and unit != 1 else out

    def result(order_groups: Sequence[int], bound: Number, optimal: bool, explored: int,
               stopped: str | None) -> TalentResult:  # fmt: skip
        order = tuple(s for g in order_groups for s in r.members[g])
        total, idle = talent_costs(problem, order)
        lb = total if optimal else min(to_cost(bound), total)
        return TalentResult(order, total, idle, lb, optimal, time.perf_counter() - t0, explored, stopped)

    search = _Search(r)
    n = search.n
    if n == 0:
        return result([], 0, True, 0, None)
    h0 = sum(search.base)

    # Incumbent: greedy, then local search for up to a tenth of the time allowed (a second at most).
    best_cost, best_order = search.complete(search.full, 0)
    ls_deadline = min(deadline, time.perf_counter() + (1.0 if time_limit is None else min(1.0, time_limit / 10)))
    best_cost, best_order = search.improve(best_order, best_cost, ls_deadline)
    solutions = 1
    last_report = time.perf_counter()
    if progress:
        progress(Progress(time.perf_counter() - t0, float(to_cost(best_cost)), float(to_cost(h0)), solutions, 0))

    # A*: entries (f, h, g, q); ties go to the smaller h, i.e. the deeper state, which reaches goals sooner.
    full = search.full
    g_best: dict[int, Number] = {full: 0}
    parent: dict[int, int] = {}  # state → the scene shot to reach it (its predecessor is the state plus that scene)
    heap: list[tuple[Number, Number, Number, int]] = [(h0, h0, 0, full)]
    explored = 0
    stopped: str | None = None
    beam_time, last_beam, beam_width, cpu0 = 0.0, 0.0, 8, time.process_time()
    # Locals for the innermost loop (attribute lookups are a good part of its time in CPython).
    base, casts, durations = search.base, r.casts, r.durations
    actors_of, choices, push = search.actors_of, search.choices, heapq.heappush
    cost_of = search.cost_table.__getitem__ if search.cost_table is not None else search.cost_of
    while heap:
        f, h, g, q = heap[0]
        if f >= best_cost:
            break  # nothing left can beat the incumbent: it is optimal
        heapq.heappop(heap)
        if g > g_best.get(q, g):
            continue  # a cheaper way to q was found after this entry was pushed
        if q == 0:
            best_cost, best_order = g, _path(parent, q, full)
            solutions += 1
            break
        explored += 1
        if explored & 1023 == 0:
            now = time.perf_counter()
            if now >= deadline:
                heapq.heappush(heap, (f, h, g, q))
                stopped = "time limit"
                break
            if len(g_best) > max_states:
                heapq.heappush(heap, (f, h, g, q))
                stopped = "state limit"
                break
            if explored & 4095 == 0:
                # A dive: complete this state greedily; a better full order tightens the pruning from now on.
                dive_cost, tail = search.complete(q, g)
                if dive_cost < best_cost:
                    best_cost, best_order = dive_cost, _path(parent, q, full) + tail
                    solutions += 1
            cpu = time.process_time() - cpu0
            # The next beam is twice as wide, so it takes about twice the last one: start it only if that fits.
            if cpu > BEAM_AFTER and beam_time + 2 * last_beam < BEAM_SHARE * cpu:
                # A* has not finished quickly: a beam search, wider each time, finds better orders (as didppy's CABS
                # does) while A* keeps most of the time for the proof. CPU time, so that a loaded machine does not
                # start the beams early.
                b0 = time.process_time()
                found = search.beam(beam_width, best_cost, deadline)
                last_beam = time.process_time() - b0
                beam_time += last_beam
                beam_width *= 2
                if found is not None and found[0] < best_cost:
                    best_cost, best_order = found
                    solutions += 1
                    last_report = 0.0  # report the better order now
            if progress and now - last_report >= progress_every:
                last_report = now
                progress(Progress(now - t0, float(to_cost(best_cost)), float(to_cost(min(f, best_cost))), solutions,
                                  explored))  # fmt: skip
        started = actors_of(full & ~q)
        on = started & actors_of(q)
        for s in choices(q, started, on):
            nq = q & ~(1 << s)
            ng = g + durations[s] * cost_of(casts[s] | on)
            nh = h - base[s]
            if ng + nh >= best_cost:
                continue
            if ng < g_best.get(nq, ng + 1):
                g_best[nq] = ng
                parent[nq] = s
                push(heap, (ng + nh, nh, ng, nq))
    if stopped is None:
        res = result(best_order, best_cost, True, explored, None)
    else:
        res = result(best_order, min(heap[0][0], best_cost) if heap else best_cost, False, explored, stopped)
    if progress:
        progress(Progress(res.seconds, float(res.total_cost), float(res.lower_bound), solutions, explored))
    return res
