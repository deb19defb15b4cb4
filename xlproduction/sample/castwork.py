"""Who works when: cast work days, the cast of each scene, cast calls, and travel/fitting/rehearsal days.

Work days are planned per performer first (leads most of the shoot, principals a stretch, day players a day
or two, minors only on daytime days that wrap early), then each day's scenes are cast from the performers
working that day so that everyone working appears in a scene. The schedule is then the single source of truth:
the Day Out of Days, the cast budget lines and the calls are all derived from it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ..model.tabledata import Row
from .shootdays import MIN, DayTimes, H, minor_friendly
from .stripboard import Board

TIER_SCENE_SHARE = {"lead": 0.65, "principal": 0.45, "supporting": 0.4, "day": 0.5}
TIER_HMU_MINUTES = {"lead": 90, "principal": 75, "supporting": 60, "day": 45}


@dataclass(slots=True)
class CastPlan:
    tier: str  # lead, principal, supporting, day
    minor: bool = False
    days: list[int] = field(default_factory=list)  # shoot-day indices worked


def tiers(n: int) -> list[str]:
    """Stripboard order: leads first, then principals, supporting parts and day players."""
    leads = min(4, max(2, n // 8))
    principals = min(20, max(3, round(n * 0.12)))
    supporting = max(5, round(n * 0.3))
    out = ["lead"] * leads + ["principal"] * principals + ["supporting"] * supporting
    return (out + ["day"] * n)[:n]


def plan_cast(n_cast: int, n_minors: int, nights: list[bool], times: list[DayTimes],
              rng: random.Random) -> list[CastPlan]:  # fmt: skip
    n = len(nights)
    ts = tiers(n_cast)
    supporting = [i for i, t in enumerate(ts) if t == "supporting"]
    minors = set(supporting[:: max(1, len(supporting) // max(1, n_minors))][:n_minors])
    ok = [d for d in range(n) if minor_friendly(times[d], nights[d])]
    plans: list[CastPlan] = []
    lead_share = (0.92, 0.8, 0.7, 0.65)
    for i, tier in enumerate(ts):
        if i in minors:
            k = rng.randint(3, min(6, len(ok)))
            start = rng.randint(0, len(ok) - k)
            days = ok[start:start + k]
        elif tier == "lead":
            days = [d for d in range(n) if rng.random() < lead_share[i]] or [0]
        elif tier == "day":
            span = 1 if rng.random() < 0.7 else 2
            start = rng.randint(0, n - span)
            days = list(range(start, start + span))
        else:
            span = max(3, round(n * rng.uniform(0.25, 0.55))) if tier == "principal" else rng.randint(2, min(8, n))
            start = rng.randint(0, n - span)
            days = sorted({start, start + span - 1} | {d for d in range(start, start + span) if rng.random() < 0.6})
        plans.append(CastPlan(tier, i in minors, days))
    return plans


def cast_scenes(board: Board, plans: list[CastPlan], rng: random.Random) -> None:
    """Give every scene its cast, so that each performer working a day is in at least one of its scenes."""
    n = len(board.days)
    working: list[list[int]] = [[] for _ in range(n)]
    for c, p in enumerate(plans):
        for d in p.days:
            working[d].append(c)
    # The first lead carries split scenes and any day nobody else works.
    for d in range(n):
        if (not working[d] or d in board.splits or d - 1 in board.splits) and 0 not in working[d]:
            working[d].insert(0, 0)
    for d, strips in enumerate(board.days):
        covered: set[int] = set()
        new = []
        for s in strips:
            if s.part == "2/2":
                covered |= set(board.scenes[s.scene].cast)
            else:
                new.append(board.scenes[s.scene])
        for sc in new:
            pool = [c for c in working[d] if c in working[d + 1]] if sc.split else working[d]
            chosen = [c for c in pool if rng.random() < TIER_SCENE_SHARE[plans[c].tier]]
            if not chosen:
                fresh = [c for c in pool if c not in covered]
                chosen = [rng.choice(fresh or pool)]
            sc.cast = chosen
            covered |= set(chosen)
        free = [sc for sc in new if not sc.split]
        for c in working[d]:
            if c not in covered:
                rng.choice(free).cast.append(c)
        for sc in new:
            sc.cast = sorted(set(sc.cast))
    # The schedule is now the truth about who works when.
    for p in plans:
        p.days = []
    for d, strips in enumerate(board.days):
        for c in sorted({c for s in strips for c in board.scenes[s.scene].cast}):
            plans[c].days.append(d)


def _floor_quarter(t: dt.timedelta) -> dt.timedelta:
    q = 15 * MIN
    return (t // q) * q


def cast_calls(board: Board, plans: list[CastPlan], times: list[DayTimes], teacher: str | None,
               cast_ids: list[str]) -> list[Row]:  # fmt: skip
    """One Calls row per performer per day worked: pickup, makeup/hair and on-set times.

    On set is shortly before the performer's first scene; makeup never starts before crew call and the pickup
    30 minutes before makeup, which the day times leave room for under the 12-hour cast turnaround."""
    rows: list[Row] = []
    for d, strips in enumerate(board.days):
        t = times[d]
        first_at: dict[int, dt.timedelta] = {}
        elapsed = dt.timedelta(0)
        for s in strips:
            for c in board.scenes[s.scene].cast:
                first_at.setdefault(c, elapsed)
            elapsed += board.scenes[s.scene].minutes * MIN + (30 * MIN if s.banner == "LUNCH" else dt.timedelta(0))
        for c in sorted(first_at):
            p = plans[c]
            on_set = t.shooting_call + _floor_quarter(max(dt.timedelta(0), first_at[c] - 30 * MIN))
            makeup = max(t.crew_call, on_set - TIER_HMU_MINUTES[p.tier] * MIN)
            pickup = makeup - 30 * MIN if p.tier in ("lead", "principal") or p.minor else None
            remarks = None
            if p.minor:
                release = min(t.est_wrap, makeup + 9 * H)
                remarks = f"Minor: studio teacher {teacher} on set; released by {_clock(release)}"
            rows.append({"day": d + 1, "cast_id": cast_ids[c], "crew": None, "department": None, "pickup": pickup,
                         "makeup": makeup, "on_set": on_set, "call": None, "remarks": remarks,
                         "notes": None})  # fmt: skip
    return rows


def _clock(t: dt.timedelta) -> str:
    minutes = int(t.total_seconds() // 60)
    h, m = divmod(minutes, 60)
    return f"{h:02d}:{m:02d}"


def _weekday_before(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


def cast_events(plans: list[CastPlan], dates: list[dt.date], cast_ids: list[str],
                rng: random.Random) -> tuple[list[Row], list[tuple[dt.date, dt.date]]]:  # fmt: skip
    """Fittings, rehearsals and travel before the first work day (and travel home after the last), and each
    performer's availability window around all of them."""
    rows: list[Row] = []
    windows: list[tuple[dt.date, dt.date]] = []
    for c, p in enumerate(plans):
        first, last = dates[p.days[0]], dates[p.days[-1]]
        events: dict[dt.date, tuple[str, str | None]] = {}
        if p.tier in ("lead", "principal"):
            events[_weekday_before(first - dt.timedelta(days=rng.randint(10, 14)))] = ("Fitting", "Costume fitting")
            events[_weekday_before(first - dt.timedelta(days=rng.randint(4, 6)))] = ("Fitting", "Final fitting")
            events[_weekday_before(first - dt.timedelta(days=rng.randint(1, 3)))] = ("Rehearsal", "With director")
        elif p.tier == "supporting" or rng.random() < 0.4:
            events[_weekday_before(first - dt.timedelta(days=rng.randint(2, 7)))] = ("Fitting", None)
        travel_home = None
        if p.tier in ("lead", "principal") and rng.random() < 0.4:
            events[min(events) - dt.timedelta(days=1)] = ("Travel", "Flight JFK to LAX")
            travel_home = last + dt.timedelta(days=1)
        for day in sorted(events):
            kind, note = events[day]
            rows.append({"cast_id": cast_ids[c], "date": day, "event": kind, "notes": note})
        if travel_home:
            rows.append({"cast_id": cast_ids[c], "date": travel_home, "event": "Travel", "notes": "Flight LAX to JFK"})
        start = min([first, *events]) - dt.timedelta(days=rng.randint(0, 7))
        end = (travel_home or last) + dt.timedelta(days=rng.randint(0, 10))
        windows.append((start, end))
    return rows, windows


def hold_days(p: CastPlan) -> int:
    """Shoot days between the first and last work day that the performer does not work."""
    return (p.days[-1] - p.days[0] + 1) - len(p.days) if p.days else 0
