"""What every part of a comparison shares: both versions indexed by what identifies a row, and how to say things.

Rows are matched by what identifies them to a coordinator — a shoot day by its number, a scene by its number, a
performer by cast ID, a crew member by name, a location by ID, a transaction by its ID — never by their position,
so sorting a table or inserting a row changes nothing. IDs are matched trimmed and case-insensitively (scene
``12a`` on the stripboard is scene ``12A`` of the breakdown), as the checks match them. Values are compared as
typed values, so a crew call typed ``7:00`` or ``07:00 AM`` is the same call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..model.numformats import money_text
from ..model.production import Production
from ..model.scheduling import strips
from ..model.textkeys import id_key
from .model import Affects, Change, Kind

# --- plain values -------------------------------------------------------------------------------------------------


def blank(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and v != v:
        return True
    if isinstance(v, tuple | list):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def text(v: Any) -> str:
    """Text as compared: trimmed, inner runs of spaces as one (a double space typed is not a change)."""
    return "" if blank(v) else " ".join(str(v).split())


def timedelta(v: Any) -> dt.timedelta | None:
    return None if blank(v) else pd.Timedelta(v).to_pytimedelta()


def date(v: Any) -> dt.date | None:
    return None if blank(v) else pd.Timestamp(v).date()


def fmt_time(t: dt.timedelta | None) -> str:
    """7:00 AM, as on the call sheet; a night shoot's 25:30 is 1:30 AM (next day)."""
    if t is None:
        return ""
    minutes = round(t.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    h, m = divmod(rest, 60)
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}" + (" (next day)" if days >= 1 else "")


def fmt_date(d: dt.date | None) -> str:
    return f"{d:%a %d-%b-%Y}" if d else ""


def shown(v: str) -> str:
    return v if v else "(blank)"


def was(after: str, before: str, quote: bool = False) -> str:
    """'6:00 AM (was 6:30 AM)', '6:00 AM (new)', 'removed (was 6:30 AM)': how a change's sentence ends."""
    def q(v: str) -> str:
        return f"“{v}”" if quote else v

    if not before:
        return f"{q(after)} (new)"
    if not after:
        return f"removed (was {q(before)})"
    return f"{q(after)} (was {q(before)})"


def ids(v: Any) -> tuple[str, ...]:
    if isinstance(v, tuple | list):
        return tuple(str(x).strip() for x in v if str(x).strip())
    t = text(v)
    return tuple(x.strip() for x in t.split(",") if x.strip()) if t else ()


def k(value: str) -> str:
    """The key an ID is matched by."""
    return value.strip().casefold()


def natural(value: str) -> tuple[Any, ...]:
    """'2' < '10' < '10A': IDs sort as a coordinator numbers them."""
    parts = re.split(r"(\d+)", str(value))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in parts if p != "")


def has(p: Production, *tables: str) -> bool:
    """Whether ``p`` was read with these tables (a partial read leaves the others out)."""
    return all(t in p.tables for t in tables)


def _plain(values: pd.Series) -> list[Any]:
    """A column's values with every kind of blank (NA, NaT, NaN) as None, so rows compare with ``==``."""
    blanks = values.isna().to_numpy(dtype=bool)
    out = values.tolist()
    if blanks.any():
        for i in blanks.nonzero()[0].tolist():
            out[i] = None
    return out


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, like ``df.to_dict("records")`` in a tenth of the time (column lists zipped), blanks as
    None."""
    columns = list(df.columns)
    lists = [_plain(df[c]) for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*lists, strict=True)]


def first_rows(df: pd.DataFrame, keys: pd.Series) -> dict[Any, dict[str, Any]]:
    """key -> the first row with that key (a repeated ID is the checks' business, not the memo's). Where a row
    stands in its table (``_row``) is left out: moving a row is no change."""
    out: dict[Any, dict[str, Any]] = {}
    for key, row in zip(keys.tolist(), records(df.drop(columns=["_row"], errors="ignore")), strict=True):
        if key is None or key is pd.NA or key == "" or (isinstance(key, float) and key != key):
            continue
        out.setdefault(key, row)
    return out


_MISSING = object()


def changed_keys(before: Mapping[Any, Any], after: Mapping[Any, Any], key: Any = None) -> list[Any]:
    """The keys whose value differs between two versions (or that one version lacks), sorted by ``key``. A season's
    tables are mostly unchanged from one version to the next: the few changes are found before anything is sorted,
    formatted or compared value by value. (Values that do not compare — a NaN — only make a row looked at more
    closely, never reported without a real difference.)"""
    def differs(x: Any) -> bool:
        try:
            return bool(before.get(x, _MISSING) != after.get(x, _MISSING))
        except (TypeError, ValueError):  # values that refuse to compare: look at them closely
            return True

    return sorted((x for x in before.keys() | after.keys() if differs(x)), key=key)


# --- one version, indexed ---------------------------------------------------------------------------------------

Strip = tuple[str, str, str, str]  # (scene key, scene as typed, part, banner after it)


@dataclass
class Version:
    p: Production
    days: dict[int, dict[str, Any]]  # shoot day -> its (first) Days row
    scenes: dict[str, dict[str, Any]]  # scene key -> its (first) Scenes row
    strips: dict[int, list[Strip]]  # shoot day -> its strips in shooting order
    cast: dict[str, dict[str, Any]]  # cast key -> its Cast row


def version(p: Production) -> Version:
    days: dict[int, dict[str, Any]] = {}
    if has(p, "Days"):
        d = p.days[p.days["day"].notna().to_numpy(dtype=bool)]
        days = {int(key): row for key, row in first_rows(d, d["day"]).items()}
    scenes = first_rows(p.scenes, id_key(p.scenes["scene"])) if has(p, "Scenes") else {}
    by_day: dict[int, list[Strip]] = {}
    if has(p, "Schedule", "Scenes"):
        s = strips(p)
        for day, sk, scene, part, banner in zip(s["day"].tolist(), s["scene_key"].tolist(), s["scene"].tolist(),
                                                s["part"].tolist(), s["banner"].tolist(), strict=True):  # fmt: skip
            by_day.setdefault(int(day), []).append((str(sk), text(scene), text(part), text(banner)))
    cast = first_rows(p.cast, id_key(p.cast["cast_id"])) if has(p, "Cast") else {}
    return Version(p, days, scenes, by_day, cast)


class Context:
    """Both versions, and how the memo names days, scenes, performers and amounts."""

    def __init__(self, old: Production, new: Production) -> None:
        self.old, self.new = version(old), version(new)
        self.currency = text(new.settings.get("currency")) or text(old.settings.get("currency"))
        self.characters: dict[str, str] = {}
        self.cast_ids: dict[str, str] = {}
        for v in (self.old, self.new):  # the new version's spelling wins
            for key, row in v.cast.items():
                if text(row.get("character")):
                    self.characters[key] = text(row.get("character"))
                self.cast_ids[key] = text(row.get("cast_id")) or key

    def date(self, day: int | None) -> dt.date | None:
        if day is None:
            return None
        for v in (self.new, self.old):
            row = v.days.get(day)
            if row is not None and date(row.get("date")):
                return date(row.get("date"))
        return None

    def day_label(self, day: int, *, start: bool = False) -> str:
        """day 5 (Fri 05-Mar); ``start``: Day 5 (Fri 05-Mar), beginning a sentence."""
        d = self.date(day)
        label = f"day {day} ({d:%a %d-%b})" if d else f"day {day}"
        return label[0].upper() + label[1:] if start else label

    def days_text(self, days: Sequence[int]) -> str:
        return ", ".join(self.day_label(d) for d in days) if days else "unscheduled"

    def on_day(self, kind: Kind, message: str, day: int, **kw: Any) -> Change:
        """A change to one shoot day's call sheet."""
        return Change(kind, message, day=day, days=(day,), date=self.date(day), **kw)

    def who(self, cast_key: str, typed: str = "") -> str:
        """MAYA ALVAREZ (1)"""
        cid = self.cast_ids.get(cast_key) or typed or cast_key
        character = self.characters.get(cast_key)
        return f"{character} ({cid})" if character else f"cast {cid}"

    def cast_affects(self, keys: Iterable[str]) -> Affects:
        return Affects(cast=tuple(sorted({self.cast_ids.get(x, x) for x in keys if x}, key=natural)))

    def money(self, x: float) -> str:
        return f"{self.currency} {money_text(x)}".strip()

    def scene_title(self, key: str, typed: str = "") -> str:
        """scene 12 (INT. DINER – NIGHT)"""
        row = self.new.scenes.get(key) or self.old.scenes.get(key) or {}
        number = text(row.get("scene")) or typed or key
        where = ". ".join(b for b in (text(row.get("int_ext")), text(row.get("set"))) if b)
        if where and text(row.get("day_night")):
            where += f" – {text(row.get('day_night'))}"
        return f"scene {number} ({where})" if where else f"scene {number}"

    def scene_cast(self, key: str) -> set[str]:
        """The cast keys of a scene in either version (both are concerned when it moves)."""
        out: set[str] = set()
        for v in (self.old, self.new):
            row = v.scenes.get(key)
            if row is not None:
                out |= {k(c) for c in ids(row.get("cast"))}
        return out


def capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def days_list(days: Sequence[int]) -> str:
    """day 5 / days 3, 5 and 9"""
    if len(days) == 1:
        return f"day {days[0]}"
    return "days " + ", ".join(str(d) for d in days[:-1]) + f" and {days[-1]}"
