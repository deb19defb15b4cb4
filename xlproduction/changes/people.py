"""Changes for people: who works which day, their calls, the cast and crew lists, and the locations they go to.

Who works which day comes from each version's Day Out of Days (``model.dood.day_codes``), so "SAL (10) now works
day 9: WF" is exactly what the two call sheets print in their status column; a hold that appears or a drop that
becomes a hold is a change too. Calls are the Calls table's own rows (a performer's pickup, makeup/hair and on-set
times; a crew member's or a department's call; a department's note), matched by day and by who they are for.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.contract import DOOD_CODES
from ..model.dood import WORK_CODES, day_codes
from ..model.production import Production
from ..model.textkeys import id_key, name_key
from .context import (
    Context,
    Version,
    changed_keys,
    days_list,
    first_rows,
    fmt_time,
    has,
    k,
    natural,
    records,
    shown,
    text,
    timedelta,
    was,
)
from .model import EVERYONE, Affects, Change, Kind

_CAST_TIMES = (("pickup", "pickup"), ("makeup", "makeup/hair"), ("on_set", "on set"))
_LOCATION_COLUMNS = (("name", "name"), ("address", "address"), ("parking", "parking"), ("base_camp", "base camp"),
                     ("hospital", "nearest hospital"), ("hospital_address", "hospital address"),
                     ("hospital_phone", "hospital phone"))  # fmt: skip


def _codes(p: Production) -> dict[tuple[int, str], str]:
    """(shoot day, cast key) -> the Day Out of Days code of that performer that day."""
    if not has(p, "Days", "Schedule", "Scenes", "Cast"):
        return {}
    dc = day_codes(p)
    return {(int(d), str(c)): str(code) for d, c, code in zip(dc["day"].tolist(), id_key(dc["cast_id"]).tolist(),
                                                              dc["code"].tolist(), strict=True)
            if c is not None and c is not pd.NA}  # fmt: skip


def _code(code: str) -> str:
    """'SW (start work)', 'H (hold)'"""
    meaning = DOOD_CODES.get(code, "")
    short = meaning.split(":")[0].split(" (")[0].lower()
    return f"{code} ({short})" if short else code


def cast_days(ctx: Context) -> list[Change]:
    before_all, after_all = _codes(ctx.old.p), _codes(ctx.new.p)
    out: list[Change] = []
    for day, ck in changed_keys(before_all, after_all, lambda t: (t[0], natural(ctx.cast_ids.get(t[1], t[1])))):
        b, a = before_all.get((day, ck), ""), after_all.get((day, ck), "")
        who, label = ctx.who(ck), ctx.day_label(day)
        if a in WORK_CODES and b not in WORK_CODES:
            kind, message = Kind.CAST_WORKS, f"{who} now works {label}: {_code(a)}" + (f", was {_code(b)}." if b
                                                                                     else ".")  # fmt: skip
        elif b in WORK_CODES and a not in WORK_CODES:
            kind, message = Kind.CAST_RELEASED, f"{who} no longer works {label}" + (f": now {_code(a)}." if a else ".")
        else:
            kind = Kind.CAST_STATUS
            message = f"{who}, {label}: {_code(a) if a else 'not called'} (was {_code(b) if b else 'not called'})."
        out.append(ctx.on_day(kind, message, day, column="status", before=b or None, after=a or None,
                              affects=ctx.cast_affects([ck])))  # fmt: skip
    return out


def _calls(p: Production) -> tuple[dict[tuple[int, str], dict[str, Any]], ...]:
    """The Calls rows for a performer, for a crew member and for a department, each by (day, who)."""
    if not has(p, "Calls"):
        return {}, {}, {}
    c = p.df("Calls")
    c = c[c["day"].notna().to_numpy(dtype=bool)]
    cast = id_key(c["cast_id"])
    crew = name_key(c["crew"]).where(cast.isna())
    dept = c["department"].astype("string").where(cast.isna() & crew.isna())
    rows = records(c.drop(columns=["_row"], errors="ignore"))  # where a row is in the table is no change

    def by(keys: pd.Series) -> dict[tuple[int, str], dict[str, Any]]:
        out: dict[tuple[int, str], dict[str, Any]] = {}
        for day, key, row in zip(c["day"].tolist(), keys.tolist(), rows, strict=True):
            if key is not None and key is not pd.NA and key != "":
                out.setdefault((int(day), str(key)), row)
        return out

    return by(cast), by(crew), by(dept)


def calls(ctx: Context) -> list[Change]:
    (old_cast, old_crew, old_dept), (new_cast, new_crew, new_dept) = _calls(ctx.old.p), _calls(ctx.new.p)
    out: list[Change] = []
    for day, ck in changed_keys(old_cast, new_cast, lambda t: (t[0], natural(t[1]))):
        o, n = old_cast.get((day, ck), {}), new_cast.get((day, ck), {})
        who = f"{ctx.who(ck, text(n.get('cast_id')) or text(o.get('cast_id')))}, {ctx.day_label(day)}"
        affects = ctx.cast_affects([ck])
        for col, what in _CAST_TIMES:
            b, a = fmt_time(timedelta(o.get(col))), fmt_time(timedelta(n.get(col)))
            if a != b:
                out.append(ctx.on_day(Kind.CAST_CALL, f"{who}: {what} {was(a, b)}.", day, column=col,
                                      before=b or None, after=a or None, affects=affects))  # fmt: skip
        b, a = text(o.get("remarks")), text(n.get("remarks"))
        if a != b:
            out.append(ctx.on_day(Kind.CAST_CALL, f"{who}: remarks {was(a, b, quote=True)}.", day, column="remarks",
                                  before=b or None, after=a or None, affects=affects))  # fmt: skip
    departments = _crew_departments(ctx)
    for day, key in changed_keys(old_crew, new_crew):
        o, n = old_crew.get((day, key), {}), new_crew.get((day, key), {})
        name = text(n.get("crew")) or text(o.get("crew"))
        dept = departments.get(key, "")
        affects = Affects(crew=(name,), departments=(dept,) if dept else ())
        out += _call_and_note(ctx, day, o, n, f"{name}, {ctx.day_label(day)}", Kind.CREW_PERSON_CALL,
                              Kind.CREW_PERSON_CALL, affects)  # fmt: skip
    for day, dept in changed_keys(old_dept, new_dept):
        o, n = old_dept.get((day, dept), {}), new_dept.get((day, dept), {})
        out += _call_and_note(ctx, day, o, n, f"{dept}, {ctx.day_label(day)}", Kind.DEPARTMENT_CALL,
                              Kind.DEPARTMENT_NOTE, Affects(departments=(dept,)))  # fmt: skip
    return out


def _call_and_note(ctx: Context, day: int, o: dict[str, Any], n: dict[str, Any], subject: str, call_kind: Kind,
                   note_kind: Kind, affects: Affects) -> list[Change]:  # fmt: skip
    out: list[Change] = []
    b, a = fmt_time(timedelta(o.get("call"))), fmt_time(timedelta(n.get("call")))
    if a != b:
        out.append(ctx.on_day(call_kind, f"{subject}: call {was(a, b)}.", day, column="call", before=b or None,
                              after=a or None, affects=affects))  # fmt: skip
    b, a = text(o.get("remarks")), text(n.get("remarks"))
    if a != b:
        out.append(ctx.on_day(note_kind, f"{subject}: note {was(a, b, quote=True)}.", day, column="remarks",
                              before=b or None, after=a or None, affects=affects))  # fmt: skip
    return out


def cast_list(ctx: Context) -> list[Change]:
    out: list[Change] = []
    for ck in changed_keys(ctx.old.cast, ctx.new.cast, lambda c: natural(ctx.cast_ids.get(c, c))):
        o, n = ctx.old.cast.get(ck), ctx.new.cast.get(ck)
        cid = ctx.cast_ids.get(ck, ck)
        affects = Affects(cast=(cid,))
        if o is None and n is not None:
            character = text(n.get("character"))
            out.append(Change(Kind.CAST_ADDED, f"Cast {cid} added: {shown(character)} played by "
                              f"{shown(text(n.get('performer')))}.", after=character or None,
                              affects=affects))  # fmt: skip
        elif n is None and o is not None:
            character = text(o.get("character"))
            out.append(Change(Kind.CAST_REMOVED, f"Cast {cid} ({character}) is no longer on the cast list.",
                              before=character or None, affects=affects))  # fmt: skip
        elif o is not None and n is not None:
            for col in ("character", "performer"):
                b, a = text(o.get(col)), text(n.get(col))
                if a != b:
                    out.append(Change(Kind.CAST_CHANGED, f"Cast {cid}: {col} {was(a, b)}.", column=col,
                                      before=b or None, after=a or None, affects=affects))  # fmt: skip
    return out


def _crew_rows(p: Production) -> dict[str, dict[str, Any]]:
    return first_rows(p.crew, name_key(p.crew["name"])) if has(p, "Crew") else {}


def _crew_departments(ctx: Context) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in (ctx.old.p, ctx.new.p):
        for key, row in _crew_rows(p).items():
            if text(row.get("department")):
                out[key] = text(row.get("department"))
    return out


def crew(ctx: Context) -> list[Change]:
    before_all, after_all = _crew_rows(ctx.old.p), _crew_rows(ctx.new.p)
    out: list[Change] = []
    order = {key: i for i, key in enumerate([*after_all, *(x for x in before_all if x not in after_all)])}
    for key in changed_keys(before_all, after_all, order.__getitem__):  # in the Crew table's order
        o, n = before_all.get(key), after_all.get(key)
        row = n if n is not None else o
        assert row is not None
        name, dept, pos = text(row.get("name")), text(row.get("department")), text(row.get("position"))
        affects = Affects(crew=(name,), departments=(dept,) if dept else ())
        if o is None:
            out.append(Change(Kind.CREW_ADDED, f"{name} joins {shown(dept)} as {shown(pos)}.",
                              after=", ".join(x for x in (dept, pos) if x) or None, affects=affects))  # fmt: skip
            continue
        if n is None:
            out.append(Change(Kind.CREW_REMOVED, f"{name} ({', '.join(x for x in (dept, pos) if x)}) is no longer on "
                              "the crew list.", before=", ".join(x for x in (dept, pos) if x) or None,
                              affects=affects))  # fmt: skip
            continue
        b = text(o.get("department"))
        if dept != b:
            out.append(Change(Kind.CREW_DEPARTMENT, f"{name} moves from {shown(b)} to {shown(dept)}.",
                              column="department", before=b or None, after=dept or None,
                              affects=Affects(crew=(name,), departments=tuple(d for d in (b, dept) if d))))  # fmt: skip
        b = text(o.get("position"))
        if pos != b:
            out.append(Change(Kind.CREW_POSITION, f"{name} ({dept}): position {was(pos, b)}.", column="position",
                              before=b or None, after=pos or None, affects=affects))  # fmt: skip
    return out


def _location_days(v: Version) -> dict[str, set[int]]:
    """Location key -> the shoot days that go there (the day's location, or a scheduled scene's)."""
    out: dict[str, set[int]] = {}
    for day, row in v.days.items():
        if text(row.get("location")):
            out.setdefault(k(text(row.get("location"))), set()).add(day)
    for day, items in v.strips.items():
        for sk, *_ in items:
            lid = text((v.scenes.get(sk) or {}).get("location"))
            if lid:
                out.setdefault(k(lid), set()).add(day)
    return out


def locations(ctx: Context) -> list[Change]:
    if not (has(ctx.old.p, "Locations") and has(ctx.new.p, "Locations")):
        return []
    before_all = first_rows(ctx.old.p.locations, id_key(ctx.old.p.locations["location_id"]))
    after_all = first_rows(ctx.new.p.locations, id_key(ctx.new.p.locations["location_id"]))
    used = _location_days(ctx.new)
    out: list[Change] = []
    for key in changed_keys(before_all, after_all, natural):
        if key not in before_all or key not in after_all:
            continue
        o, n = before_all[key], after_all[key]
        days = tuple(sorted(used.get(key, set())))
        label = f"{text(n.get('location_id'))} {text(n.get('name'))}".strip()
        on = f" (used on {days_list(days)})" if days else " (on no shoot day)"
        # Everyone going there hears it; a location no day uses concerns the locations department only.
        affects = EVERYONE if days else Affects(departments=("Locations",))
        for col, what in _LOCATION_COLUMNS:
            b, a = text(o.get(col)), text(n.get(col))
            if a != b:
                day = days[0] if len(days) == 1 else None
                out.append(Change(Kind.LOCATION, f"Location {label}: {what} {was(a, b)}{on}.", day=day, days=days,
                                  date=ctx.date(day), column=col, before=b or None, after=a or None,
                                  affects=affects))  # fmt: skip
    return out
