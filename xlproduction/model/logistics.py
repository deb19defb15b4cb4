"""The logistics vocabulary shared by the sample, the derivations, the checks and the reports.

Transport, Travel and Accommodation name people the way a coordinator types them — a Cast ID (``4``) or a crew
member's name (``Jane Doe``) — and places as a hotel, a location ID, ``Base Camp``, an airport or an address. This
module says once how such a cell is read, how a name is matched to the Cast and Crew tables, and how long a drive
takes, so a pickup the sample writes, a rule checks and the movement order prints all mean the same thing. It is
plain Python over the model: no engine, no workbook.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .contract import SAG_AFTRA_MEALS

EARTH_RADIUS_KM = 6371.0088
# Roads are not straight lines: the usual detour factor from great-circle to driving distance in a city grid.
ROAD_FACTOR = 1.3
BASE_CAMP = "base camp"
_SEP = re.compile(r"[,;\n]+")


def split_people(cell: object) -> tuple[str, ...]:
    """'1, 4, Jane Doe' -> ('1', '4', 'Jane Doe'): items split on commas, semicolons and line breaks only, so a
    crew member's name keeps its spaces (the LIST type splits on spaces when there is no comma)."""
    if cell is None:
        return ()
    if isinstance(cell, float):
        if math.isnan(cell):
            return ()
        if cell.is_integer():
            return (str(int(cell)),)
    if isinstance(cell, (tuple, list)):
        return tuple(" ".join(str(x).split()) for x in cell if str(x).strip())
    return tuple(filter(None, (" ".join(part.split()) for part in _SEP.split(str(cell)))))


def person_key(text: object) -> str:
    """How people are matched across tables: case- and space-insensitive ('jane  DOE' is 'Jane Doe')."""
    return " ".join(str(text).split()).casefold()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def drive_minutes_between(lat1: float, lon1: float, lat2: float, lon2: float, speed_kmh: float) -> int:
    """Minutes of driving between two points: the straight line times the road factor at ``speed_kmh``, rounded up
    to whole minutes (a pickup is never planned on a drive shorter than it is)."""
    if speed_kmh <= 0:
        raise ValueError("drive speed must be positive")
    return math.ceil(haversine_km(lat1, lon1, lat2, lon2) * ROAD_FACTOR / speed_kmh * 60)


@dataclass(frozen=True, slots=True)
class PerDiemRate:
    """Per-meal rates from a date on, for one union (blank: everyone without their own row)."""

    effective_from: dt.date
    union: str
    breakfast: float
    lunch: float
    dinner: float
    currency: str

    @property
    def daily(self) -> float:
        return self.breakfast + self.lunch + self.dinner


def rates_from(rows: Iterable[Mapping[str, Any]], base_currency: str = "USD") -> tuple[PerDiemRate, ...]:
    """The PerDiemRates rows as rates, oldest first; rows without a date or a meal rate are left out (a rule points
    at them). No rows at all: the SAG-AFTRA minimums (12 / 18 / 30 USD) for everyone, from the beginning."""
    out = []
    for r in rows:
        when = _day(r.get("effective_from"))
        meals = [r.get(k) for k in ("breakfast", "lunch", "dinner")]
        if not isinstance(when, dt.date) or any(not _number(m) for m in meals):
            continue
        union = r.get("union")
        currency = r.get("currency")
        out.append(PerDiemRate(when, str(union).strip() if _text(union) else "", float(meals[0]), float(meals[1]),
                               float(meals[2]), str(currency).strip() if _text(currency) else base_currency))
    if not out:
        out.append(PerDiemRate(dt.date.min, "", SAG_AFTRA_MEALS["breakfast"], SAG_AFTRA_MEALS["lunch"],
                               SAG_AFTRA_MEALS["dinner"], "USD"))
    return tuple(sorted(out, key=lambda r: r.effective_from))


def rate_on(rates: Sequence[PerDiemRate], date: dt.date, union: str | None) -> PerDiemRate | None:
    """The rate in force on ``date`` for ``union``: the latest row of that union dated on or before it, else the
    latest such row with a blank union; None when no row has started yet."""
    wanted = (union or "").casefold()
    for key in ((wanted, "") if wanted else ("",)):
        found = [r for r in rates if r.union.casefold() == key and r.effective_from <= date]
        if found:
            return found[-1]
    return None


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v)


def _text(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v).strip() != ""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone Transport, Travel or Accommodation can name: a performer (by Cast ID) or a crew member (by name)."""

    key: str  # person_key of the Cast ID or the crew name
    ident: str  # the Cast ID or the crew name as the table spells it
    name: str  # the performer's or crew member's name: the payee on a per-diem sheet, the guest on a rooming list
    cast: bool
    local: bool
    union: str
    start: dt.date | None = None  # crew: start and end dates
    end: dt.date | None = None
    call_offset: int = 0  # crew: minutes from the general crew call


def people(cast: Iterable[Mapping[str, Any]], crew: Iterable[Mapping[str, Any]]) -> dict[str, Person]:
    """Cast (by ID) and crew (by name) rows as People by ``person_key``; a blank Local counts as local, as the
    contract's default says. The first row of a repeated ID or name wins, as the cross-reference checks read it."""
    out: dict[str, Person] = {}
    for r in cast:
        ident = r.get("cast_id")
        if not _text(ident):
            continue
        k = person_key(ident)
        out.setdefault(k, Person(k, str(ident).strip(), str(r.get("performer") or "").strip() or str(ident).strip(),
                                 True, not _is_no(r.get("local")), _union(r.get("union"))))  # fmt: skip
    for r in crew:
        name = r.get("name")
        if not _text(name):
            continue
        k = person_key(name)
        offset = r.get("call_offset")
        out.setdefault(k, Person(k, " ".join(str(name).split()), " ".join(str(name).split()), False,
                                 not _is_no(r.get("local")), _union(r.get("union")), _day(r.get("start_date")),
                                 _day(r.get("end_date")), int(offset) if _number(offset) else 0))  # fmt: skip
    return out


def _is_no(v: object) -> bool:
    """A yes/no cell that says no (False, numpy's False); blank and NA are not no."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    try:
        return not bool(v)
    except TypeError:  # pd.NA
        return False


def _union(v: object) -> str:
    return str(v).strip() if _text(v) else ""


def _day(v: object) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


def nights(check_in: dt.date, check_out: dt.date) -> list[dt.date]:
    """The nights of a stay: each date from check-in up to, not including, check-out."""
    return [check_in + dt.timedelta(days=k) for k in range((check_out - check_in).days)]
