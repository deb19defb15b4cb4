"""Per diems: what each out-of-town person is owed for meals, per date, at the rates of the PerDiemRates table.

The practice (interchange research §5; SAG-AFTRA "transportation and location expenses"): per diem is paid for
every date the person is away from home for the job — travel days and days off in full (breakfast + lunch +
dinner), work days only for the meals the company does not provide (Days → Breakfast / Lunch / Dinner Provided).
"Regardless of the time of call the first major meal served may only be deducted at the lunch rate": when lunch is
not served but dinner is (a night shoot's first meal), the dinner served takes off only the lunch rate; a second
major meal after a served lunch takes off the dinner rate.

A work day is a shoot date the person works: a performer's work dates on the Day Out of Days, a crew member's shoot
dates between their start and end dates. Prep and wrap days without a Days row serve no meals, so they are paid
in full like days off. Rates come from the dated rule table (the latest row on or before the date, for the
person's union, else the row with a blank union; no table: the SAG-AFTRA minimums 12 / 18 / 30 USD).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .dood import WORK_CODES, dood
from .logistics import PerDiemRate, person_key, rate_on, rates_from
from .production import Production, derived
from .stays import stays

TRAVEL, WORK, OFF = "Travel", "Work", "Day off"


@dataclass(frozen=True, slots=True)
class Meals:
    """Which meals the company serves on a shoot date."""

    breakfast: bool = False
    lunch: bool = False
    dinner: bool = False


@dataclass(frozen=True, slots=True)
class PerDiemLine:
    payee: str  # the performer's or crew member's name: the only personal datum a per-diem sheet carries
    ident: str  # Cast ID or crew name
    date: dt.date
    kind: str  # Travel, Work, Day off
    breakfast: float
    lunch: float
    dinner: float
    currency: str

    @property
    def amount(self) -> float:
        return round(self.breakfast + self.lunch + self.dinner, 2)


def meals_owed(rate: PerDiemRate, served: Meals) -> tuple[float, float, float]:
    """The breakfast, lunch and dinner amounts owed on a work day with ``served`` meals (see the module docstring):
    a served meal is not paid, except that a dinner served as the first major meal is deducted at the lunch rate,
    the difference paid with the dinner."""
    breakfast = 0.0 if served.breakfast else rate.breakfast
    if served.lunch:
        return breakfast, 0.0, 0.0 if served.dinner else rate.dinner
    if served.dinner:
        # The first major meal served is the dinner: only the lunch rate may be deducted, so the lunch is what goes
        # unpaid and the dinner amount is still owed.
        return breakfast, 0.0, rate.dinner
    return breakfast, rate.lunch, rate.dinner


@derived
def served_meals(p: Production) -> dict[dt.date, Meals]:
    """The meals served on each shoot date (several units on one date: what any of them serves)."""
    out: dict[dt.date, Meals] = {}
    cols = [c for c in ("breakfast_provided", "lunch_provided", "dinner_provided") if c in p.days.columns]
    for r in p.days[["date", *cols]].dropna(subset=["date"]).to_dict("records"):
        when = pd.Timestamp(r["date"]).date()
        flags = [r.get(c) is True or (r.get(c) is not None and r.get(c) is not pd.NA and bool(r.get(c)))
                 for c in ("breakfast_provided", "lunch_provided", "dinner_provided")]  # fmt: skip
        old = out.get(when, Meals())
        out[when] = Meals(old.breakfast or flags[0], old.lunch or flags[1], old.dinner or flags[2])
    return out


@derived
def per_diems(p: Production) -> tuple[PerDiemLine, ...]:
    """One line per out-of-town person and date in town, in order of person (cast first) and date."""
    rates = rates_from(p.per_diem_rates.to_dict("records"), str(p.settings.currency or "USD"))
    served = served_meals(p)
    d = dood(p)
    grid_dates = [ts.date() for ts in d.grid.columns] if len(d.grid) else []
    worked: dict[str, set[dt.date]] = {}
    for cast_id, codes in zip(d.grid.index, d.grid.to_numpy(), strict=True):
        worked[person_key(cast_id)] = {day for day, c in zip(grid_dates, codes, strict=True) if c in WORK_CODES}
    lines: list[PerDiemLine] = []
    for key, stay in sorted(stays(p).items(), key=lambda kv: (not kv[1].person.cast, kv[1].arrive, kv[0])):
        person = stay.person
        for when in stay.dates:
            rate = rate_on(rates, when, person.union)
            if rate is None:
                continue
            if person.cast:
                works = when in worked.get(key, set()) and when in served
            else:
                works = when in served and person.start is not None and person.end is not None and \
                    person.start <= when <= person.end  # fmt: skip
            if when in stay.travel_days and not works:
                kind, owed = TRAVEL, (rate.breakfast, rate.lunch, rate.dinner)
            elif works:
                kind, owed = WORK, meals_owed(rate, served[when])
            else:
                kind, owed = OFF, (rate.breakfast, rate.lunch, rate.dinner)
            lines.append(PerDiemLine(person.name, person.ident, when, kind, *owed, rate.currency))
    return tuple(lines)
