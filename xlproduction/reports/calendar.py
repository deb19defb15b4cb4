"""The shoot schedule as iCalendar files: one for the whole production, one per performer.

Coordinators send the schedule to phones; every calendar app reads .ics. The production calendar has one event
per shoot day, from crew call to wrap (the actual wrap when entered, else the estimate; 12 hours when neither is
known) in the production's time zone (Settings → Time Zone), titled with the shoot day, located at the day's
location (name and address, with its coordinates), the scenes of the day in the description. A performer's
calendar holds only the days they come in, as their Day Out of Days has them: work days (from their own call —
makeup/hair, else pickup, else on set, else the crew call — to wrap), and travel, rehearsal and fitting days (all
day: the CastEvents table has dates, not times). Holds, drops, holidays and days off are not in it.

UIDs are stable: derived from the production title and episode and the shoot day (and the performer), so
re-sending an updated schedule updates the events in everyone's calendar instead of duplicating them. A day
renumbered in the Days table is a different shoot day and gets a new UID.

Updates (RFC 5545 §3.8.7.4): a calendar app replaces an event it already has only when the new copy's SEQUENCE is
higher. ``with_sequences`` reads the previous export back (the .ics file being replaced: that file *is* the record
of what was sent, nothing else is stored) and gives each event the SEQUENCE it had there, raised by one when
anything a person sees changed (start, end, title, place, description); a new event starts at 0. An event of the
previous export that is gone (a day removed from the schedule) is sent once more as CANCELLED with a raised
SEQUENCE, so phones remove it, and stays in later exports as cancelled. The calendar says METHOD:PUBLISH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import pandas as pd

from ..model import dood as D
from ..model.pages import format_pages
from ..model.production import Production
from ..model.scheduling import cast_calls, day_bounds, key, strips
from .errors import ReportInputError

DEFAULT_LENGTH = dt.timedelta(hours=12)  # a shoot day whose wrap is not known yet
PERSON_EVENT_CODES = {D.TR: "Travel", D.R: "Rehearsal", D.FT: "Fitting"}
PRODID = "-//xlproduction//Production schedule//EN"


class PersonNotFound(ReportInputError):
    """``--person`` matches no performer, or more than one."""


def time_zone(p: Production) -> ZoneInfo:
    name = str(p.settings.time_zone or "America/Los_Angeles").strip()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReportInputError(f"Settings → Time Zone is {name!r}, not an IANA time zone (e.g. America/Los_Angeles, "
                         "Europe/London).") from None


def _uid(p: Production, *parts: object) -> str:
    base = "|".join(str(x) for x in (p.settings.title or "", p.settings.episode or "", *parts))
    return hashlib.sha1(base.encode("utf-8")).hexdigest()[:24] + "@xlproduction"


def _text(v: Any) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) else str(v).strip()


def _clock(t: Any) -> str:
    """A time of day (timedelta from midnight) as 7:30 AM."""
    if t is None or pd.isna(t):
        return ""
    minutes = int(pd.Timedelta(t).total_seconds() // 60) % (24 * 60)
    h, m = divmod(minutes, 60)
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def _calendar(p: Production, name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", time_zone(p).key)
    return cal


def _scene_lines(p: Production) -> dict[int, list[tuple[str, frozenset[str]]]]:
    """Per shoot day, per strip in shooting order: its line ('Sc 12 — INT DINER DAY — 1 3/8 pgs — cast 1, 2:
    synopsis') and the cast keys in it."""
    s = strips(p)
    sc = p.scenes[["scene", "set", "int_ext", "day_night", "synopsis"]].dropna(subset=["scene"])
    sc = sc.assign(scene_key=key(sc["scene"])).drop_duplicates("scene_key").drop(columns="scene")
    s = s.merge(sc, on="scene_key", how="left")
    out: dict[int, list[tuple[str, frozenset[str]]]] = {}
    for r in s.to_dict("records"):  # a few strips per day: the description is built text by text
        pages = r.get("pages_share")
        bits = [f"Sc {_text(r['scene'])}" + (f" ({_text(r['part'])})" if _text(r.get("part")) else ""),
                " ".join(x for x in (_text(r.get("int_ext")), _text(r.get("set")), _text(r.get("day_night"))) if x)]
        if pages is not None and not pd.isna(pages):
            eighths = max(1, round(float(pages)))
            bits.append(f"{format_pages(eighths)} {'pg' if eighths <= 8 else 'pgs'}")
        cast = r.get("cast") if isinstance(r.get("cast"), tuple) else ()
        if cast:
            bits.append("cast " + ", ".join(cast))
        line = " — ".join(b for b in bits if b)
        if _text(r.get("synopsis")):
            line += f": {_text(r.get('synopsis'))}"
        out.setdefault(int(r["day"]), []).append((line, frozenset(str(c).strip().casefold() for c in cast)))
    return out


def _locations(p: Production) -> dict[str, dict[str, Any]]:
    loc = p.locations.dropna(subset=["location_id"])
    loc = loc.assign(k=key(loc["location_id"])).drop_duplicates("k")
    return {r["k"]: r for r in loc.to_dict("records")}


def _days(p: Production) -> pd.DataFrame:
    d = day_bounds(p)
    extra = p.days[["day", "location", "unit"]].dropna(subset=["day"]).drop_duplicates("day")
    return d.merge(extra, on="day", how="left")


def _add_place(ev: icalendar.Event, locations: dict[str, dict[str, Any]], location_id: Any) -> str:
    r = locations.get(_text(location_id).casefold())
    if r is None:
        if _text(location_id):
            ev.add("location", _text(location_id))
        return _text(location_id)
    place = ", ".join(x for x in (_text(r.get("name")), _text(r.get("address"))) if x)
    if place:
        ev.add("location", place)
    lat, lon = r.get("latitude"), r.get("longitude")
    if lat is not None and lon is not None and not pd.isna(lat) and not pd.isna(lon):
        ev.add("geo", (float(lat), float(lon)))
    return _text(r.get("name"))


def _timed(ev: icalendar.Event, tz: ZoneInfo, start: Any, end: Any, date: Any) -> None:
    """From ``start`` to ``end`` (naive local datetimes) in ``tz``; an all-day event on ``date`` without a start."""
    if start is None or pd.isna(start):
        day = pd.Timestamp(date).date()
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        return
    s = pd.Timestamp(start).to_pydatetime().replace(tzinfo=tz)
    e = s + DEFAULT_LENGTH if end is None or pd.isna(end) else pd.Timestamp(end).to_pydatetime().replace(tzinfo=tz)
    ev.add("dtstart", s)
    ev.add("dtend", max(e, s + dt.timedelta(minutes=1)))


def shoot_calendar(p: Production, when: dt.datetime | None = None) -> icalendar.Calendar:
    """One event per shoot day with a date."""
    tz = time_zone(p)
    title = p.settings.title or "Production"
    stamp = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cal = _calendar(p, f"{title} — shoot schedule")
    days = _days(p)
    scenes = _scene_lines(p)
    locations = _locations(p)
    total = len(days)
    for n, r in enumerate(days.to_dict("records"), start=1):
        day = int(r["day"])
        ev = icalendar.Event()
        ev.add("uid", _uid(p, "day", day))
        ev.add("dtstamp", stamp)
        _timed(ev, tz, r["call_at"], r["wrap_at"], r["date"])
        place = _add_place(ev, locations, r.get("location"))
        unit = _text(r.get("unit"))
        summary = f"{title}: Day {day} ({n} of {total})" + (f", {unit} unit" if unit and unit.casefold() != "main"
                                                             else "")  # fmt: skip
        ev.add("summary", summary + (f" — {place}" if place else ""))
        times = [f"{label} {_clock(r[k])}" for label, k in (("Crew call", "crew_call"), ("Shooting call",
                 "shooting_call"), ("Est. wrap", "est_wrap"), ("Wrap", "actual_wrap")) if _clock(r[k])]  # fmt: skip
        lines = ["; ".join(times), "", "Scenes:", *([t for t, _ in scenes.get(day, [])] or ["(none scheduled)"])]
        ev.add("description", "\n".join(lines).strip())
        cal.add_component(ev)
    _add_timezones(cal, days["date"])
    return cal


def _add_timezones(cal: icalendar.Calendar, dates: pd.Series) -> None:
    """VTIMEZONE definitions covering the schedule's years only (the whole 1970–2038 range is kilobytes of
    transition dates no calendar app needs)."""
    dates = pd.to_datetime(dates).dropna()
    if dates.empty:
        cal.add_missing_timezones()
        return
    first, last = dates.min().date(), dates.max().date()
    cal.add_missing_timezones(first_date=dt.date(first.year - 1, 1, 1), last_date=dt.date(last.year + 2, 1, 1))


def find_person(p: Production, name: str) -> dict[str, Any]:
    """The Cast row whose cast ID, character or performer is ``name`` (trimmed, case-insensitive)."""
    want = name.strip().casefold()
    cast = p.cast.dropna(subset=["cast_id"])
    hit = pd.Series(False, index=cast.index)
    for col in ("cast_id", "character", "performer"):
        hit |= cast[col].astype("string").str.strip().str.casefold().eq(want).fillna(False).astype(bool)
    rows = cast[hit].drop_duplicates("cast_id")
    if len(rows) == 1:
        return rows.iloc[0].to_dict()
    if rows.empty:
        known = ", ".join(f"{a} {b}" for a, b in zip(cast["cast_id"], cast["character"], strict=True))
        raise PersonNotFound(f"No cast member is {name!r} (by cast ID, character or performer). Cast: {known}.")
    raise PersonNotFound(f"{name!r} matches {len(rows)} cast members; use the cast ID.")


def person_calendar(p: Production, name: str, d: D.Dood | None = None,
                    when: dt.datetime | None = None) -> icalendar.Calendar:  # fmt: skip
    """A performer's calendar: their work days (own call to wrap) and travel, rehearsal and fitting days."""
    person = find_person(p, name)
    tz = time_zone(p)
    d = d if d is not None else D.dood(p)
    cid = str(person["cast_id"])
    ck = cid.strip().casefold()
    character = _text(person.get("character")) or cid
    title = p.settings.title or "Production"
    stamp = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cal = _calendar(p, f"{title} — {character}")
    days = _days(p).set_index("day")
    scenes = _scene_lines(p)
    locations = _locations(p)
    codes = D.day_codes(p, d)
    mine = codes[key(codes["cast_id"]) == ck]
    calls = cast_calls(p)
    calls = calls[key(calls["cast_id"]) == ck].set_index("day")
    own = p.df("Calls").dropna(subset=["day", "cast_id"])
    own = own[key(own["cast_id"]) == ck].drop_duplicates("day").set_index("day")
    for day, code in zip(mine["day"], mine["code"], strict=True):
        if code not in D.WORK_CODES:
            continue
        day = int(day)
        r = days.loc[day]
        ev = icalendar.Event()
        ev.add("uid", _uid(p, "cast", ck, "day", day))
        ev.add("dtstamp", stamp)
        start = calls.at[day, "report_at"] if day in calls.index else r["call_at"]
        _timed(ev, tz, start, r["wrap_at"], r["date"])
        place = _add_place(ev, locations, r.get("location"))
        ev.add("summary", f"{title}: {character} — Day {day} ({code})" + (f" — {place}" if place else ""))
        times = []
        if day in own.index:
            times = [f"{label} {_clock(own.at[day, k])}" for label, k in (("Pickup", "pickup"), ("Makeup/hair",
                     "makeup"), ("On set", "on_set")) if _clock(own.at[day, k])]  # fmt: skip
        times.append(f"Crew call {_clock(r['crew_call'])}" if _clock(r["crew_call"]) else "")
        mine_scenes = [t for t, who in scenes.get(day, []) if ck in who]
        lines = ["; ".join(t for t in times if t), "", "Your scenes:", *(mine_scenes or ["(see the call sheet)"])]
        ev.add("description", "\n".join(lines).strip())
        cal.add_component(ev)
    row = d.grid.loc[cid] if cid in d.grid.index else pd.Series(dtype=object)
    for date, code in row.items():
        if code not in PERSON_EVENT_CODES:
            continue
        ev = icalendar.Event()
        day = pd.Timestamp(date).date()
        ev.add("uid", _uid(p, "cast", ck, "event", day.isoformat(), code))
        ev.add("dtstamp", stamp)
        _timed(ev, tz, None, None, day)
        ev.add("summary", f"{title}: {character} — {PERSON_EVENT_CODES[code]}")
        cal.add_component(ev)
    _add_timezones(cal, pd.Series(list(d.grid.columns), dtype="datetime64[s]"))
    return cal


# What a person sees of an event: a change to any of these raises its SEQUENCE (DTSTAMP, set at every export, does
# not count).
SIGNIFICANT = ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "GEO", "STATUS")


@dataclass(frozen=True)
class Sequenced:
    """What ``with_sequences`` did: events new, changed (SEQUENCE raised), unchanged, and cancelled."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    cancelled: int = 0
    previous_unreadable: bool = False


def _fingerprint(ev: Any) -> tuple[bytes, ...]:
    """The significant properties as written in the file (both sides are compared as parsed from .ics text)."""
    out = []
    for k in SIGNIFICANT:
        v = ev.get(k)
        out.append(b"" if v is None else v.to_ical() if hasattr(v, "to_ical") else str(v).encode("utf-8"))
    return tuple(out)


def _sequence(ev: Any) -> int:
    try:
        return int(ev.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def with_sequences(cal: icalendar.Calendar, previous: bytes | None,
                   when: dt.datetime | None = None) -> Sequenced:  # fmt: skip
    """Give ``cal``'s events their SEQUENCE against ``previous`` (the last export's bytes, or None), and add the
    previous events that are gone as CANCELLED. Changes ``cal`` in place."""
    if "METHOD" not in cal:
        cal.add("method", "PUBLISH")
    old: dict[str, Any] = {}
    unreadable = False
    if previous:
        try:
            for ev in icalendar.Calendar.from_ical(previous).walk("VEVENT"):
                if "UID" in ev:
                    old[str(ev["UID"])] = ev
        except (ValueError, KeyError, IndexError, TypeError):
            unreadable = True  # not a calendar any more: number afresh rather than refuse to export
    new = changed = unchanged = cancelled = 0
    seen: set[str] = set()
    # Compared as the previous export was: parsed from .ics text (a value built in Python and the same value read
    # back can differ in representation, never in the text).
    fresh = {str(ev["UID"]): ev for ev in icalendar.Calendar.from_ical(cal.to_ical()).walk("VEVENT")} if old else {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["UID"])
        seen.add(uid)
        before = old.get(uid)
        if before is None:
            seq = 0
            new += 1
        elif _fingerprint(before) == _fingerprint(fresh[uid]):
            seq = _sequence(before)
            unchanged += 1
        else:
            seq = _sequence(before) + 1
            changed += 1
        ev.add("sequence", seq)
    stamp = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    for uid, before in old.items():
        if uid in seen:
            continue
        gone = icalendar.Event()
        for k in ("UID", "DTSTART", "DTEND", "SUMMARY", "LOCATION"):
            if k in before:
                gone.add(k.lower(), before.decoded(k) if k in ("DTSTART", "DTEND") else before[k])
        gone.add("dtstamp", stamp)
        was_cancelled = str(before.get("STATUS", "")).upper() == "CANCELLED"
        gone.add("status", "CANCELLED")
        gone.add("sequence", _sequence(before) if was_cancelled else _sequence(before) + 1)
        cal.add_component(gone)
        cancelled += 0 if was_cancelled else 1
    return Sequenced(new, changed, unchanged, cancelled, unreadable)


def to_ics(cal: icalendar.Calendar) -> bytes:
    return cal.to_ical()
