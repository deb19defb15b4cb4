"""Hotel nights: which nights each out-of-town person needs a room, and which nights the Accommodation table books.

A performer who is not local needs a room every night from the day they arrive for the job to the night before
they leave: from their first travel, fitting, rehearsal or work day to their last one on the Day Out of Days
(holds and company days off in between included: they stay in town; a drop sends them home, so the dropped
dates are left out). With a travel day in at the start, that day's night is the first; with a travel day home
at the end, they leave that morning. Without travel days, they are taken to arrive the day before their first
day and leave the morning after their last. Crew who are not local stay from the night before their start date
to the night of their end date. Locals need no nights.

Both sides are plain sets of dates per person, so the checks (a non-local performer working with no room that
night; nights booked that nobody needs), the rooming list and the per diems all count the same nights.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .dood import OFF, TR, D, dood
from .logistics import Person, nights, people, person_key
from .production import Production, derived


@dataclass(frozen=True, slots=True)
class Stay:
    """The span an out-of-town person is in town for the job: they arrive on ``arrive`` and leave on ``leave``."""

    person: Person
    arrive: dt.date
    leave: dt.date
    away: frozenset[dt.date] = frozenset()  # nights in between they are not in town (a drop)
    travel_days: frozenset[dt.date] = frozenset()  # dates on the DOOD (or Travel table) that are travel days

    @property
    def nights(self) -> list[dt.date]:
        return [n for n in nights(self.arrive, self.leave) if n not in self.away]

    @property
    def dates(self) -> list[dt.date]:
        """Every date in town, the arrival and the departure day included (per diems are paid for each)."""
        span = [self.arrive + dt.timedelta(days=k) for k in range((self.leave - self.arrive).days + 1)]
        return [d for d in span if d not in self.away]


@derived
def who(p: Production) -> dict[str, Person]:
    """Everyone Transport, Travel and Accommodation can name, by ``person_key``."""
    return people(p.cast.to_dict("records"), p.crew.to_dict("records"))


def _date(v: object) -> dt.date | None:
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


@derived
def stays(p: Production) -> dict[str, Stay]:
    """The stay of every person who is not local and has dates, by ``person_key``."""
    out: dict[str, Stay] = {}
    folks = who(p)
    travel_dates: dict[str, set[dt.date]] = {}
    for r in p.travel.to_dict("records"):
        when = _date(r.get("date"))
        if when is not None and r.get("person") is not None:
            travel_dates.setdefault(person_key(r["person"]), set()).add(when)
    d = dood(p)
    if len(d.grid):
        dates = [ts.date() for ts in d.grid.columns]
        for cast_id, codes in zip(d.grid.index, d.grid.to_numpy(), strict=True):
            person = folks.get(person_key(cast_id))
            if person is None or person.local:
                continue
            engaged = [day for day, c in zip(dates, codes, strict=True) if c not in ("", OFF, D)]
            if not engaged:
                continue
            travel = {day for day, c in zip(dates, codes, strict=True) if c == TR}
            travel |= travel_dates.get(person.key, set())
            first, last = engaged[0], engaged[-1]
            arrive = first if first in travel else first - dt.timedelta(days=1)
            leave = last if last in travel and last != arrive else last + dt.timedelta(days=1)
            dropped = [day for day, c in zip(dates, codes, strict=True) if c == D]
            # Dropped dates: home, except the night before the pick-up (they fly back in for the next day).
            away = frozenset(day for day in dropped if day + dt.timedelta(days=1) in dropped)
            out[person.key] = Stay(person, arrive, leave, away, frozenset(travel))
    for person in folks.values():
        if person.cast or person.local or person.start is None or person.end is None or person.end < person.start:
            continue
        arrive, leave = person.start - dt.timedelta(days=1), person.end + dt.timedelta(days=1)
        travel = {t for t in travel_dates.get(person.key, set()) if arrive <= t <= leave} or {arrive, leave}
        out[person.key] = Stay(person, arrive, leave, frozenset(), frozenset(travel))
    return out


@dataclass(frozen=True, slots=True)
class Booking:
    """One Accommodation row as the logistics read it."""

    row: int  # Excel row
    person: str  # as typed
    key: str  # person_key
    hotel: str
    check_in: dt.date | None
    check_out: dt.date | None
    room_type: str
    sharing_with: str
    billing: str
    confirmation: str
    nightly_rate: float | None
    currency: str
    account: str

    @property
    def nights(self) -> list[dt.date]:
        if self.check_in is None or self.check_out is None or self.check_out <= self.check_in:
            return []
        return nights(self.check_in, self.check_out)


def _s(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


@derived
def bookings(p: Production) -> tuple[Booking, ...]:
    """The Accommodation rows with a person and a hotel, in table order."""
    out = []
    for r in p.accommodation.to_dict("records"):
        if not _s(r.get("person")) or not _s(r.get("hotel")):
            continue
        rate = r.get("nightly_rate")
        out.append(Booking(int(r["_row"]), _s(r["person"]), person_key(r["person"]), _s(r["hotel"]),
                           _date(r.get("check_in")), _date(r.get("check_out")), _s(r.get("room_type")),
                           _s(r.get("sharing_with")), _s(r.get("billing")), _s(r.get("confirmation")),
                           float(rate) if isinstance(rate, (int, float)) and rate == rate else None,
                           _s(r.get("currency")) or str(p.settings.currency or ""), _s(r.get("account"))))  # fmt: skip
    return tuple(out)


def booked_nights(p: Production) -> dict[str, set[dt.date]]:
    """Per person_key, the nights some Accommodation row books for them."""
    out: dict[str, set[dt.date]] = {}
    for b in bookings(p):
        out.setdefault(b.key, set()).update(b.nights)
    return out


def nights_needed(p: Production) -> Mapping[str, list[dt.date]]:
    """Per person_key of an out-of-town person, the nights they need a room."""
    return {k: s.nights for k, s in stays(p).items()}


def room_cost(booking: Booking) -> float:
    """What a booking's nights cost at its nightly rate (a shared room: each guest's row carries their share)."""
    return len(booking.nights) * (booking.nightly_rate or 0.0)
