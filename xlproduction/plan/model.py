"""The optimizer's problems and answers as plain, immutable data, with nothing of the workbook in them.

Two problems live here. ``TalentProblem`` is the *pure* talent-scheduling problem of the literature (Cheng, Diamond &
Lin 1993; de la Banda, Stuckey & Chu 2011): order the scenes so that the actors, each paid from the start of their
first scene to the end of their last, cost least. It is what the published benchmark instances are, so it is how the
solver is proven. ``ScheduleProblem`` is what a production workbook asks (issue 19): scenes go onto dated shoot days
with a capacity, around pins, availability, location windows and day/night order, and the money is day rates over
each performer's first-to-last work day, less SAG-AFTRA drops, plus company moves. The workbook job (phase 2) builds
one from the tables and maps the answer back; keeping the model free of pandas, openpyxl and xlwings keeps the
solvers testable on hand-made problems and importable anywhere.

Money and durations are plain numbers (int or float) in the caller's units; the solvers report in the same units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal

Number = int | float


class PlanError(ValueError):
    """A problem that cannot be solved as given (inconsistent ids, negative costs …), said in words."""


def decimal_scale(values: Iterable[Number]) -> int | None:
    """The power of ten that makes every value a whole number (1 for integers), or None beyond 6 decimals. The
    solvers work on whole numbers scaled by it, so sums and comparisons are exact."""
    scale = 1
    for v in values:
        if isinstance(v, int):
            continue
        exp = Decimal(repr(v)).normalize().as_tuple().exponent
        if not isinstance(exp, int) or exp < -6:
            return None
        scale = max(scale, 10 ** (-exp))
    return scale


def _check_number(value: object, what: str, *, positive: bool = False) -> Number:
    # bool is an int subclass: True as a cost is a data error, not 1.
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value in (
            float("inf"), float("-inf")):  # fmt: skip
        raise PlanError(f"{what} must be a finite number, not {value!r}")
    if value < 0 or (positive and value == 0):
        raise PlanError(f"{what} must be {'positive' if positive else 'zero or more'}, not {value!r}")
    return value


# ---------------------------------------------------------------------------------------------------------------
# The pure talent-scheduling problem


@dataclass(frozen=True, slots=True)
class TalentProblem:
    """Scenes to order on one location: each has a duration (days) and the actors it needs; each actor costs
    ``actor_costs[a]`` per day on location, from the start of their first scene to the end of their last.

    Scene ``s`` needs the actors ``scene_actors[s]`` (indexes into ``actor_costs``). A scene may need nobody.
    """

    actor_costs: tuple[Number, ...]
    scene_durations: tuple[Number, ...]
    scene_actors: tuple[frozenset[int], ...]
    name: str = ""

    def __post_init__(self) -> None:
        if len(self.scene_durations) != len(self.scene_actors):
            raise PlanError(f"{len(self.scene_durations)} scene durations for {len(self.scene_actors)} scenes")
        for a, c in enumerate(self.actor_costs):
            _check_number(c, f"actor {a}'s cost")
        for s, d in enumerate(self.scene_durations):
            _check_number(d, f"scene {s}'s duration")
        m = len(self.actor_costs)
        for s, actors in enumerate(self.scene_actors):
            bad = [a for a in actors if not isinstance(a, int) or isinstance(a, bool) or not 0 <= a < m]
            if bad:
                raise PlanError(f"scene {s} needs actors {bad}, but the actors are numbered 0 to {m - 1}")

    @property
    def n_scenes(self) -> int:
        return len(self.scene_durations)

    @property
    def n_actors(self) -> int:
        return len(self.actor_costs)

    @classmethod
    def build(cls, actor_costs: Iterable[Number], scenes: Iterable[tuple[Number, Iterable[int]]],
              name: str = "") -> TalentProblem:  # fmt: skip
        """From costs and ``(duration, actors)`` pairs, the way one writes an instance by hand."""
        pairs = list(scenes)
        return cls(tuple(actor_costs), tuple(d for d, _ in pairs), tuple(frozenset(a) for _, a in pairs), name)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TalentProblem:
        """The benchmark format of issue 19: ``{"name": str, "actors": [{"cost": number}], "scenes":
        [{"duration": number, "actors": [actor indexes]}]}``."""
        try:
            actors = [a["cost"] for a in data["actors"]]
            scenes = [(s["duration"], s["actors"]) for s in data["scenes"]]
        except (KeyError, TypeError) as e:
            raise PlanError(f"not a talent-scheduling instance (missing {e})") from e
        return cls.build(actors, scenes, str(data.get("name", "")))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "actors": [{"cost": c} for c in self.actor_costs],
                "scenes": [{"duration": d, "actors": sorted(a)}
                           for d, a in zip(self.scene_durations, self.scene_actors, strict=True)]}  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# The workbook's scheduling problem


@dataclass(frozen=True, slots=True)
class ShootDay:
    """One shoot day, in shooting order. ``max_eighths`` and ``max_minutes`` cap what can be shot on it (None: no
    cap). A ``locked`` day is kept as it is: only the scenes pinned to it go there, and they cannot leave."""

    id: str
    date: dt.date
    max_eighths: int | None = None
    max_minutes: int | None = None
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Scene:
    """One strip: a scene (or one part of a split scene) with what it needs.

    ``pinned_day`` keeps the strip on that day; ``pinned_order`` also keeps its place among the other strips pinned
    to the same day (lower first). ``night`` strips are shot after the day strips of their day. ``days``, when
    given, are the only days the strip may go on (an exterior night scene on night shoots, say); ``days_reason``
    says why, for a conflict.
    """

    id: str
    eighths: int = 0
    minutes: int = 0
    cast: frozenset[str] = frozenset()
    location: str | None = None
    night: bool = False
    pinned_day: str | None = None
    pinned_order: int | None = None
    days: frozenset[str] | None = None
    days_reason: str = ""


@dataclass(frozen=True, slots=True)
class Performer:
    """A cast member: paid ``day_rate`` for every shoot day from their first to their last work day (work and
    hold days), except a dropped gap when ``drop_allowed``. ``unavailable`` dates cannot be worked;
    ``max_minutes_per_day`` caps their scenes' estimated minutes on any one day (minors' hours). ``rest_pairs``:
    pairs of day ids they may not both work (the rest between one day's wrap and the next day's call is too short
    for them)."""

    id: str
    day_rate: Number = 0
    unavailable: frozenset[dt.date] = frozenset()
    drop_allowed: bool = False
    max_minutes_per_day: int | None = None
    rest_pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Location:
    """A location and the date windows (inclusive) it can be shot in; no windows: any date."""

    id: str
    windows: tuple[tuple[dt.date, dt.date], ...] = ()

    def open_on(self, date: dt.date) -> bool:
        return not self.windows or any(a <= date <= b for a, b in self.windows)


@dataclass(frozen=True, slots=True)
class ScheduleProblem:
    """Which scene is shot on which day, and in which order, so that the cast and the company moves cost least.

    Cost = Σ performer day rate × shoot days from their first to their last work day − the shoot days of their one
    dropped gap (SAG-AFTRA: one drop per production, only over a gap of more than ``drop_gap_days`` calendar days
    between two work days) + ``move_cost`` × company moves. A company move is a change of location between two
    consecutive strips of one day (the unit packs up mid-day); a new day at a new location is not a move.

    ``precedences`` are ``(before, after)`` scene ids: the parts of a split scene in order, story constraints.
    Cast ids not among ``performers`` are people without a rate or constraints (they cost nothing).
    """

    days: tuple[ShootDay, ...]
    scenes: tuple[Scene, ...]
    performers: tuple[Performer, ...] = ()
    locations: tuple[Location, ...] = ()
    precedences: tuple[tuple[str, str], ...] = ()
    move_cost: Number = 0
    # (before, after) pairs that must also fall on different days: the parts of a split scene.
    apart: tuple[tuple[str, str], ...] = ()
    drop_gap_days: int = 10
    name: str = ""
    _index: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for kind, items in (("day", self.days), ("scene", self.scenes), ("performer", self.performers),
                            ("location", self.locations)):  # fmt: skip
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise PlanError(f"{kind} {item.id!r} is listed twice")
                seen.add(item.id)
        for a, b in pairwise(self.days):
            if b.date <= a.date:
                raise PlanError(f"shoot days must have increasing dates: {b.id} ({b.date}) after {a.id} ({a.date})")
        days = {d.id for d in self.days}
        scenes = {s.id for s in self.scenes}
        for d in self.days:
            for what, cap in (("eighths", d.max_eighths), ("minutes", d.max_minutes)):
                if cap is not None:
                    _check_number(cap, f"day {d.id}'s maximum {what}")
        for s in self.scenes:
            _check_number(s.eighths, f"scene {s.id}'s eighths")
            _check_number(s.minutes, f"scene {s.id}'s minutes")
            if s.pinned_day is not None and s.pinned_day not in days:
                raise PlanError(f"scene {s.id} is pinned to day {s.pinned_day!r}, which is not a shoot day")
            if s.pinned_order is not None and s.pinned_day is None:
                raise PlanError(f"scene {s.id} has a pinned order but no pinned day")
            if s.days is not None and not s.days <= days:
                raise PlanError(f"scene {s.id} may go on days {sorted(s.days - days)}, which are not shoot days")
        for p in self.performers:
            _check_number(p.day_rate, f"performer {p.id}'s day rate")
            for pair in p.rest_pairs:
                if not set(pair) <= days:
                    raise PlanError(f"performer {p.id}'s rest pair {pair} names a day that is not a shoot day")
        for a, b in (*self.precedences, *self.apart):
            for x in (a, b):
                if x not in scenes:
                    raise PlanError(f"the order constraint {a} before {b} names {x!r}, which is not a scene")
            if a == b:
                raise PlanError(f"scene {a} cannot come before itself")
        _check_number(self.move_cost, "the company-move cost")
        _check_number(self.drop_gap_days, "the drop gap")

    # Lookups, built once (the dataclass is frozen, so the cache dict is filled in place).
    def _lookup(self, key: str) -> Any:
        if not self._index:
            self._index["day"] = {d.id: i for i, d in enumerate(self.days)}
            self._index["scene"] = {s.id: i for i, s in enumerate(self.scenes)}
            self._index["performer"] = {p.id: p for p in self.performers}
            self._index["location"] = {loc.id: loc for loc in self.locations}
        return self._index[key]

    def day_index(self, day_id: str) -> int:
        return self._lookup("day")[day_id]

    def scene_index(self, scene_id: str) -> int:
        return self._lookup("scene")[scene_id]

    def performer(self, cast_id: str) -> Performer | None:
        return self._lookup("performer").get(cast_id)

    def location(self, location_id: str | None) -> Location | None:
        return None if location_id is None else self._lookup("location").get(location_id)


@dataclass(frozen=True, slots=True)
class Constraint:
    """One side constraint of a ``ScheduleProblem`` by name, so that a conflict can be told and traced to cells.

    ``kind`` is one of: ``pin`` (a scene on its pinned day, and in its pinned order there), ``locked-day``,
    ``unavailable`` (a performer on a date), ``location-window``, ``day-eighths``, ``day-minutes``, ``order`` (a
    precedence), ``minutes-per-day`` (a performer's cap), ``scene-days`` (the days a scene may go on), ``rest`` (a
    performer on both days of a rest pair); ``check_schedule`` also reports ``unscheduled`` scenes.
    ``subject`` holds the ids it is about (scene, day, performer, date as ISO text …).
    """

    kind: str
    subject: tuple[str, ...]
    text: str


# ---------------------------------------------------------------------------------------------------------------
# Answers


@dataclass(frozen=True, slots=True)
class Progress:
    """What a running solve has so far: the best cost found (None before the first) and the proven lower bound."""

    seconds: float
    best: float | None
    bound: float | None
    solutions: int = 0
    explored: int = 0

    @property
    def gap(self) -> float | None:
        """(best − bound) / best: 0 is proven optimal; None until both are known."""
        if self.best is None or self.bound is None:
            return None
        return 0.0 if self.best <= 0 else max(0.0, (self.best - self.bound) / self.best)


@dataclass(frozen=True, slots=True)
class TalentResult:
    """A scene order and what it costs. ``lower_bound`` is a proven bound on the total cost: equal to it when
    ``optimal``. ``stopped`` says why the search ended early (``time limit``, ``state limit``), else None."""

    order: tuple[int, ...]
    total_cost: Number
    idle_cost: Number
    lower_bound: Number
    optimal: bool
    seconds: float
    explored: int = 0
    stopped: str | None = None

    @property
    def gap(self) -> float:
        return 0.0 if self.total_cost <= 0 else max(0.0, (self.total_cost - self.lower_bound) / self.total_cost)


@dataclass(frozen=True, slots=True)
class PerformerDays:
    """A performer's days in a schedule: first and last work day (indexes into the problem's days), the shoot
    days worked, held and dropped, and what they are paid."""

    id: str
    first_day: int
    last_day: int
    work: int
    hold: int
    dropped: int
    cost: Number


@dataclass(frozen=True, slots=True)
class ScheduleCost:
    """What a schedule costs, by part: ``total = cast + move_cost`` where ``cast`` is already net of drops."""

    total: Number
    cast: Number
    drop_savings: Number
    move_cost: Number
    moves: int
    hold_days: int
    dropped_days: int
    day_night_violations: int
    performers: tuple[PerformerDays, ...]


Status = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    """A proposed stripboard: every day's scenes in shooting order (empty days included), what it costs, and how
    good that is proven to be. ``infeasible`` results carry the smallest conflicting set of constraints found."""

    status: Status
    days: tuple[tuple[str, tuple[str, ...]], ...]
    cost: ScheduleCost | None
    lower_bound: float | None
    seconds: float
    conflict: tuple[Constraint, ...] = ()

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"

    @property
    def gap(self) -> float | None:
        if self.cost is None or self.lower_bound is None:
            return None
        return 0.0 if self.cost.total <= 0 else max(0.0, (self.cost.total - self.lower_bound) / self.cost.total)

    def day_of(self) -> dict[str, str]:
        """Scene id → day id."""
        return {s: d for d, scenes in self.days for s in scenes}
