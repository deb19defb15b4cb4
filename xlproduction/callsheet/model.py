"""One shoot day's call sheet as plain, frozen data: every block, computed from the production alone.

The call sheet is the most visible thing a coordinator sends every evening, and it is printed from two places
(openpyxl files from the CLI, live Excel through xlwings). So the *content* is decided once, here, engine-neutral
and testable without any spreadsheet: who is called when, which scenes, which hospital. Filling a template
(``fill.py``) and drawing it (the engines' renderers) only lay this data out.

Defaults a coordinator will notice (each can be overridden by a row of the Calls table for the day):

- **General crew call, shooting call, lunch, est. wrap** come from the Days row.
- **Crew calls**: general crew call + the person's ``Call Offset (min)``; a Calls row naming the department
  (no crew member, no cast) with a Call replaces it for the whole department, and a Calls row naming the crew
  member replaces both.
- **Cast on set** (staggered calls): the shooting call (crew call + 1 h when the day has none) plus the est. time
  of the strips shot before the performer's first scene of the day, plus one hour when a LUNCH/MEAL banner comes
  before it. **Makeup/hair**: one hour before on set, never earlier than the general crew call — so nobody is
  called earlier than the rest checks assume when no Calls row is given. **Pickup**: blank (transport arranges
  it) unless the Transport table has a run collecting the performer that day (its Pickup Time, the earliest
  if several) or else the Calls row gives one. Performers not working that day (hold, travel, fitting…) are listed with
  their Day Out of Days status and no times unless a Calls row gives some.
- **Props, vehicles and special needs** of each scene come from the Elements table, by category (model/elements.py):
  props, vehicles, and every other action category but cast, background, notes and comments.
- **Audience**: the cast version carries no crew phone numbers and no location contact (the production office
  phone stays, so cast can always reach someone); the client version carries no phone number, no crew name, no
  pickup and no location contact. Hidden data is left out of the model itself, so it cannot reach a cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import pandas as pd

from ..model.contract import DEPARTMENTS, REVISION_COLOURS, SETTINGS_BY_KEY
from ..model.elements import PROPS, VEHICLES, is_need, parse_category
from ..model.production import Production
from ..model.scheduling import key, strips

HMU_LEAD = dt.timedelta(minutes=60)  # makeup/hair report before on set
MEAL_LENGTH = dt.timedelta(minutes=60)  # added to staggered on-set calls after a LUNCH/MEAL banner
NO_SHOOTING_CALL_LEAD = dt.timedelta(minutes=60)  # shooting call assumed when a day has none
_MEAL_BANNER = re.compile(r"\b(lunch|meal|breakfast|dinner)\b", re.IGNORECASE)
_NOT_LISTED = frozenset({"", "/"})  # no status, or a company day off: not on the call sheet


class Audience(StrEnum):
    CREW = "crew"
    CAST = "cast"
    CLIENT = "client"


@dataclass(frozen=True, slots=True)
class AudiencePolicy:
    """What a version of the call sheet may carry."""

    key_phones: bool  # phones of producer, UPM, 1st AD, coordinator
    crew_phones: bool
    crew_names: bool
    location_contact: bool
    pickups: bool
    label: str


POLICIES: Mapping[Audience, AudiencePolicy] = {
    Audience.CREW: AudiencePolicy(True, True, True, True, True, "Crew"),
    Audience.CAST: AudiencePolicy(False, False, True, False, True, "Cast"),
    Audience.CLIENT: AudiencePolicy(False, False, False, False, False, "Client"),
}


class UnknownDay(ValueError):
    """The shoot day asked for is not in the Days table."""


@dataclass(frozen=True, slots=True)
class KeyPerson:
    key: str  # the Settings key (producer, upm…): the template's {{producer}}, {{upm_phone}}
    role: str
    name: str
    phone: str = ""


@dataclass(frozen=True, slots=True)
class LocationInfo:
    location_id: str
    name: str = ""
    address: str = ""
    parking: str = ""
    base_camp: str = ""
    hospital: str = ""
    hospital_address: str = ""
    hospital_phone: str = ""
    contact: str = ""
    contact_phone: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class SceneLine:
    scene: str
    set: str = ""
    int_ext: str = ""
    day_night: str = ""
    pages: int | None = None  # eighths of a page (this strip's share of a split scene)
    cast: tuple[str, ...] = ()
    location_id: str = ""
    location: str = ""
    est_time: dt.timedelta | None = None
    synopsis: str = ""
    background: str = ""
    part: str = ""
    banner: str = ""  # printed after this strip: LUNCH, COMPANY MOVE…
    props: str = ""  # the scene's Elements, by kind: "Hero cash box, Coffee pots (2)"
    vehicles: str = ""
    needs: str = ""  # "Special Effects: Rain towers; Stunts: Bar fight"


@dataclass(frozen=True, slots=True)
class CastLine:
    cast_id: str
    character: str = ""
    performer: str = ""
    status: str = ""  # Day Out of Days code of the day: SW, W, WF, SWF, H, TR…
    pickup: dt.timedelta | None = None
    makeup: dt.timedelta | None = None
    on_set: dt.timedelta | None = None
    remarks: str = ""
    working: bool = True
    minor: bool = False


@dataclass(frozen=True, slots=True)
class CrewLine:
    department: str
    position: str = ""
    name: str = ""
    phone: str = ""
    call: dt.timedelta | None = None
    call_source: str = "general"  # general | offset | department | person
    walkie: str = ""
    remarks: str = ""


@dataclass(frozen=True, slots=True)
class DepartmentNote:
    department: str
    note: str


@dataclass(frozen=True, slots=True)
class BackgroundLine:
    scene: str
    description: str


@dataclass(frozen=True, slots=True)
class ElementLine:
    """What one scene of the day needs besides its cast: its background, and what departments bring."""

    scene: str
    background: str = ""
    props: str = ""
    vehicles: str = ""
    needs: str = ""


@dataclass(frozen=True, slots=True)
class WalkieChannel:
    channel: str
    departments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AdvanceDay:
    day: int
    date: dt.date
    location: str = ""
    crew_call: dt.timedelta | None = None
    scenes: tuple[SceneLine, ...] = ()
    cast: tuple[str, ...] = ()
    pages: int = 0


@dataclass(frozen=True, slots=True)
class CallSheet:
    """Everything printed on one shoot day's call sheet, for one audience."""

    day: int
    date: dt.date
    audience: Audience
    title: str = ""
    company: str = ""
    episode: str = ""
    unit: str = ""
    total_days: int = 0  # the Y of "Day X of Y"
    key_people: tuple[KeyPerson, ...] = ()
    office_address: str = ""
    office_phone: str = ""
    crew_call: dt.timedelta | None = None
    shooting_call: dt.timedelta | None = None
    lunch: dt.timedelta | None = None
    est_wrap: dt.timedelta | None = None
    weather: str = ""
    day_notes: str = ""
    sunrise: dt.datetime | None = None  # local time in the production's time zone
    sunset: dt.datetime | None = None
    time_zone: str = ""
    location: LocationInfo | None = None  # the day's main location (Days row, else the first scene's)
    locations: tuple[LocationInfo, ...] = ()  # every location of the day, main first (company moves)
    scenes: tuple[SceneLine, ...] = ()
    cast: tuple[CastLine, ...] = ()
    background: tuple[BackgroundLine, ...] = ()
    elements: tuple[ElementLine, ...] = ()  # scenes of the day with background, props, vehicles or special needs
    department_notes: tuple[DepartmentNote, ...] = ()
    crew: tuple[CrewLine, ...] = ()
    walkies: tuple[WalkieChannel, ...] = ()
    advance: AdvanceDay | None = None
    script_revision: str = ""
    script_revision_date: dt.date | None = None
    schedule_revision: str = ""
    schedule_revision_date: dt.date | None = None
    revision: int = 0  # call-sheet revision: 0 = the first issue
    revision_colours: tuple[str, ...] = REVISION_COLOURS
    date_order: str = "MDY"
    generated: dt.datetime | None = None
    policy: AudiencePolicy = field(default_factory=lambda: POLICIES[Audience.CREW])

    @property
    def callsheet_number(self) -> int:
        """Call sheets are numbered by shoot day, as on a stripboard."""
        return self.day

    @property
    def total_pages(self) -> int:
        return sum(s.pages or 0 for s in self.scenes)

    @property
    def total_est_time(self) -> dt.timedelta | None:
        times = [s.est_time for s in self.scenes if s.est_time is not None]
        return sum(times, dt.timedelta()) if times else None

    @property
    def revision_colour(self) -> str:
        return revision_colour(self.revision, self.revision_colours)

    @property
    def scene_numbers(self) -> tuple[str, ...]:
        return tuple(s.scene for s in self.scenes)

    def with_revision(self, revision: int) -> CallSheet:
        return replace(self, revision=revision)


# --- helpers -------------------------------------------------------------------------------------------------------


def revision_colour(n: int, colours: Iterable[str] = REVISION_COLOURS) -> str:
    """Revision ``n`` (0 = first issue) as a colour: White, Blue, Pink… Cherry, then 2nd Blue, 2nd Pink… (the
    first colour is the original issue and is not repeated, as with script pages)."""
    seq = [c for c in colours if str(c).strip()] or list(REVISION_COLOURS)
    if n <= 0:
        return seq[0]
    cycle = seq[1:] or seq
    rounds, i = divmod(n - 1, len(cycle))
    if rounds == 0:
        return cycle[i]
    nth = rounds + 1
    suffix = "th" if 10 <= nth % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(nth % 10, "th")
    return f"{nth}{suffix} {cycle[i]}"


def natural_key(text: str) -> tuple[Any, ...]:
    """'2' < '10' < '10A' < 'B': IDs sort as a coordinator numbers them."""
    parts = re.split(r"(\d+)", str(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in parts if p != "")


def _text(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v).strip()


def _td(v: Any) -> dt.timedelta | None:
    if v is None or v is pd.NaT or (not isinstance(v, dt.timedelta) and pd.isna(v)):
        return None
    return pd.Timedelta(v).to_pytimedelta()


def _float(v: Any) -> float | None:
    if v is None or pd.isna(v):
        return None
    return float(v)


def _ids(v: Any) -> tuple[str, ...]:
    if isinstance(v, tuple | list):
        return tuple(str(x).strip() for x in v if str(x).strip())
    t = _text(v)
    return tuple(x.strip() for x in t.split(",") if x.strip()) if t else ()


def _dept_rank(department: str) -> tuple[int, str]:
    try:
        return (DEPARTMENTS.index(department), "")
    except ValueError:
        return (len(DEPARTMENTS), department.casefold())


def _date(v: Any) -> dt.date:
    return pd.Timestamp(v).date()


def sun_times(lat: float | None, lon: float | None, date: dt.date,
              time_zone: str) -> tuple[dt.datetime | None, dt.datetime | None]:  # fmt: skip
    """Sunrise and sunset (local, aware) computed offline with astral; None when unknown or the sun does not
    rise or set that day (polar day/night)."""
    if lat is None or lon is None or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        return None, None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from astral import Observer
    from astral.sun import sunrise, sunset

    try:
        tz = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None, None
    obs = Observer(latitude=lat, longitude=lon)
    out: list[dt.datetime | None] = []
    for fn in (sunrise, sunset):
        try:
            out.append(fn(obs, date=date, tzinfo=tz))
        except ValueError:  # the sun never rises / sets on that date at that latitude
            out.append(None)
    return out[0], out[1]


# --- building ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inputs:
    """What every day's call sheet reads, computed once per production (``prepare``): building a season's call
    sheets must not redo the stripboard joins and the Day Out of Days per day."""

    p: Production
    strips: pd.DataFrame  # scheduling.strips joined with the scenes' set, I/E, D/N, synopsis, background
    codes: Mapping[int, Mapping[str, str]]  # shoot day -> cast key -> DOOD code
    locations: Mapping[str, LocationInfo]  # location key -> info
    cast: Mapping[str, dict[str, Any]]  # cast key -> Cast row
    crew: pd.DataFrame
    calls: pd.DataFrame
    days: pd.DataFrame  # Days rows with a day and a date, in shooting order
    elements: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)  # scene key -> props, vehicles, needs
    # Shoot day -> cast key -> the performer's earliest pickup in the Transport table (beats the Calls Pickup).
    pickups: Mapping[int, Mapping[str, dt.timedelta]] = field(default_factory=dict)


def _location_infos(p: Production) -> dict[str, LocationInfo]:
    out: dict[str, LocationInfo] = {}
    for r in p.locations.to_dict("records"):
        lid = _text(r.get("location_id"))
        if not lid:
            continue
        out.setdefault(lid.casefold(), LocationInfo(
            location_id=lid, name=_text(r.get("name")), address=_text(r.get("address")),
            parking=_text(r.get("parking")), base_camp=_text(r.get("base_camp")), hospital=_text(r.get("hospital")),
            hospital_address=_text(r.get("hospital_address")), hospital_phone=_text(r.get("hospital_phone")),
            contact=_text(r.get("contact")), contact_phone=_text(r.get("contact_phone")),
            latitude=_float(r.get("latitude")), longitude=_float(r.get("longitude"))))  # fmt: skip
    return out


def prepare(p: Production, dood: Any = None) -> Inputs:
    """The shared inputs of every day's call sheet. ``dood``: a precomputed ``xlproduction.model.dood.dood(p)``."""
    # The Day Out of Days owns the status codes (hold vs drop/pick-up, travel, fittings); the call sheet only
    # prints them, so the two can never disagree.
    from ..model.dood import day_codes

    s = strips(p)
    sc = p.scenes[["scene", "set", "int_ext", "day_night", "synopsis", "background"]].dropna(subset=["scene"])
    sc = sc.assign(scene_key=key(sc["scene"])).drop_duplicates("scene_key").drop(columns="scene")
    s = s.merge(sc, on="scene_key", how="left")
    codes: dict[int, dict[str, str]] = {}
    dc = day_codes(p, dood)
    for d, cid, code in zip(dc["day"], dc["cast_id"], dc["code"], strict=True):
        codes.setdefault(int(d), {})[str(cid).strip().casefold()] = str(code or "").strip()
    cast: dict[str, dict[str, Any]] = {}
    for r in p.cast.to_dict("records"):
        k = _text(r.get("cast_id")).casefold()
        if k:
            cast.setdefault(k, r)
    days = p.days.dropna(subset=["day", "date"]).sort_values(["date", "day"])
    return Inputs(p=p, strips=s, codes=codes, locations=_location_infos(p), cast=cast,
                  crew=p.crew.dropna(subset=["name"]), calls=p.df("Calls"), days=days,
                  elements=scene_elements(p), pickups=transport_pickups(p))  # fmt: skip


def transport_pickups(p: Production) -> dict[int, dict[str, dt.timedelta]]:
    """Shoot day -> cast key -> the earliest Pickup Time of a Transport run the performer rides (the transport
    captain's plan, so it wins over the Calls table's Pickup). Crew names among the passengers are not cast."""
    from ..model.logistics import split_people

    out: dict[int, dict[str, dt.timedelta]] = {}
    t = p.transport
    if not len(t):
        return out
    for day, at, who in zip(t["day"], t["pickup_time"], t["passengers"], strict=True):
        if pd.isna(day) or pd.isna(at):
            continue
        per_day = out.setdefault(int(day), {})
        at = pd.Timedelta(at).to_pytimedelta()
        for ident in split_people(who):
            k = ident.casefold()
            if k in per_day:
                per_day[k] = min(per_day[k], at)
            else:
                per_day[k] = at
    return out


def scene_elements(p: Production) -> dict[str, tuple[str, str, str]]:
    """Scene key -> (props, vehicles, special needs) as printed, from the Elements table (absent: none)."""
    if "Elements" not in p.tables:
        return {}
    el = p.df("Elements").dropna(subset=["scene", "element"])
    grouped: dict[str, tuple[list[str], list[str], dict[str, list[str]]]] = {}
    for scene, category, element in zip(el["scene"].tolist(), el["category"].tolist(), el["element"].tolist(),
                                        strict=True):  # fmt: skip
        cat = parse_category(_text(category))
        props, vehicles, needs = grouped.setdefault(_text(scene).casefold(), ([], [], {}))
        name = _text(element)
        if cat.ucid == PROPS:
            props.append(name)
        elif cat.ucid == VEHICLES:
            vehicles.append(name)
        elif is_need(cat.ucid):
            needs.setdefault(cat.name or "Other", []).append(name)
    return {k: (", ".join(dict.fromkeys(pr)), ", ".join(dict.fromkeys(ve)),
                "; ".join(f"{c}: {', '.join(dict.fromkeys(v))}" for c, v in ne.items()))
            for k, (pr, ve, ne) in grouped.items()}  # fmt: skip


def _day_row(inp: Inputs, day: int) -> dict[str, Any]:
    hit = inp.days[inp.days["day"] == day]
    if hit.empty:
        known = ", ".join(str(int(x)) for x in sorted(inp.days["day"].unique())) or "none"
        raise UnknownDay(f"Shoot day {day} is not in the Days table with a date (days with a date: {known}).")
    return hit.iloc[0].to_dict()


def _scene_lines(inp: Inputs, day: int, day_loc: str) -> tuple[SceneLine, ...]:
    s = inp.strips[inp.strips["day"] == day]
    lines: list[SceneLine] = []
    for r in s.to_dict("records"):
        share = r.get("pages_share")
        pages = None
        if share is not None and not pd.isna(share):
            # A split scene's share is rounded to whole eighths; a non-empty share never shows as 0.
            pages = max(round(float(share)), 1 if float(share) > 0 else 0)
        lid = _text(r.get("scene_location")) or day_loc
        info = inp.locations.get(lid.casefold()) if lid else None
        props, vehicles, needs = inp.elements.get(_text(r.get("scene")).casefold(), ("", "", ""))
        lines.append(SceneLine(
            scene=_text(r.get("scene")), set=_text(r.get("set")), int_ext=_text(r.get("int_ext")),
            day_night=_text(r.get("day_night")), pages=pages, cast=_ids(r.get("cast")), location_id=lid,
            location=info.name if info and info.name else lid, est_time=_td(r.get("time_share")),
            synopsis=_text(r.get("synopsis")), background=_text(r.get("background")), part=_text(r.get("part")),
            banner=_text(r.get("banner")), props=props, vehicles=vehicles, needs=needs))  # fmt: skip
    return tuple(lines)


def _calls(inp: Inputs, day: int) -> pd.DataFrame:
    c = inp.calls
    return c[c["day"] == day] if not c.empty else c


def _staggered_on_set(scenes: tuple[SceneLine, ...], start: dt.timedelta) -> dict[str, dt.timedelta]:
    """cast key -> when the performer is due on set: ``start`` plus the time of the strips before their first."""
    out: dict[str, dt.timedelta] = {}
    elapsed = dt.timedelta()
    for s in scenes:
        for cid in s.cast:
            out.setdefault(cid.casefold(), start + elapsed)
        elapsed += s.est_time or dt.timedelta()
        if s.banner and _MEAL_BANNER.search(s.banner):
            elapsed += MEAL_LENGTH
    return out


def _cast_lines(inp: Inputs, day: int, scenes: tuple[SceneLine, ...], day_row: Mapping[str, Any],
                policy: AudiencePolicy) -> tuple[CastLine, ...]:  # fmt: skip
    statuses = inp.codes.get(day, {})
    working = {cid.casefold(): cid for s in scenes for cid in s.cast}
    crew_call = _td(day_row.get("crew_call"))
    shooting = _td(day_row.get("shooting_call"))
    start = shooting or (crew_call + NO_SHOOTING_CALL_LEAD if crew_call is not None else None)
    on_set_default = _staggered_on_set(scenes, start) if start is not None else {}
    calls = _calls(inp, day)
    calls = calls[calls["cast_id"].notna()] if not calls.empty else calls
    by_cast: dict[str, dict[str, Any]] = {}
    for r in calls.to_dict("records"):
        by_cast.setdefault(_text(r["cast_id"]).casefold(), r)
    listed = dict(working)
    for k, code in statuses.items():
        if code not in _NOT_LISTED and k not in listed:
            listed[k] = _text(inp.cast.get(k, {}).get("cast_id")) or k
    for k in by_cast:  # a Calls row for a performer (a fitting, a rehearsal) puts them on the sheet
        listed.setdefault(k, _text(by_cast[k].get("cast_id")))
    lines: list[CastLine] = []
    for k, cid in listed.items():
        row = inp.cast.get(k, {})
        call = by_cast.get(k, {})
        is_working = k in working
        status = statuses.get(k, "") or ("W" if is_working else "")
        pickup, makeup, on_set = (_td(call.get(c)) for c in ("pickup", "makeup", "on_set"))
        pickup = inp.pickups.get(day, {}).get(k, pickup)
        if is_working:
            if on_set is None and k in on_set_default:
                on_set = on_set_default[k]
                if makeup is not None:
                    on_set = max(on_set, makeup + HMU_LEAD)
            if makeup is None and on_set is not None:
                makeup = on_set - HMU_LEAD
                if crew_call is not None:
                    makeup = max(makeup, crew_call)
        remarks = [_text(call.get("remarks"))]
        minor_v = row.get("minor")
        minor = bool(minor_v) if minor_v is not None and not pd.isna(minor_v) else False
        if minor and not any("minor" in r.casefold() for r in remarks):
            remarks.append("Minor")
        lines.append(CastLine(
            cast_id=_text(row.get("cast_id")) or cid, character=_text(row.get("character")),
            performer=_text(row.get("performer")), status=status, pickup=pickup if policy.pickups else None,
            makeup=makeup, on_set=on_set, remarks="; ".join(r for r in remarks if r), working=is_working,
            minor=minor))  # fmt: skip
    lines.sort(key=lambda c: (not c.working, natural_key(c.cast_id)))
    return tuple(lines)


def _crew_lines(inp: Inputs, day: int, date: dt.date, crew_call: dt.timedelta | None,
                policy: AudiencePolicy) -> tuple[tuple[CrewLine, ...], tuple[DepartmentNote, ...]]:  # fmt: skip
    person: dict[str, dict[str, Any]] = {}
    dept_call: dict[str, dt.timedelta] = {}
    notes: list[tuple[tuple[int, str], int, DepartmentNote]] = []
    for r in _calls(inp, day).to_dict("records"):
        if _text(r.get("cast_id")):
            continue
        name, dept = _text(r.get("crew")), _text(r.get("department"))
        if name:
            person.setdefault(name.casefold(), r)
        elif dept:
            call = _td(r.get("call"))
            if call is not None:
                dept_call.setdefault(dept, call)
            note = _text(r.get("remarks"))
            if note:
                notes.append((_dept_rank(dept), int(r.get("_row") or 0), DepartmentNote(dept, note)))
    crew = inp.crew
    ts = pd.Timestamp(date)
    active = (crew["start_date"].isna() | (crew["start_date"] <= ts)) & (crew["end_date"].isna()
                                                                          | (crew["end_date"] >= ts))
    called = key(crew["name"]).isin(list(person))  # a Calls row brings in a day player outside their dates
    lines: list[tuple[tuple[int, str], int, CrewLine]] = []
    for r in crew[active | called].to_dict("records"):
        name, dept = _text(r.get("name")), _text(r.get("department"))
        offset = r.get("call_offset")
        offset = int(offset) if offset is not None and not pd.isna(offset) else 0
        own = person.get(name.casefold(), {})
        call, source = None, "general"
        if _td(own.get("call")) is not None:
            call, source = _td(own.get("call")), "person"
        elif dept in dept_call:
            call, source = dept_call[dept], "department"
        elif crew_call is not None:
            call = crew_call + dt.timedelta(minutes=offset)
            source = "offset" if offset else "general"
        lines.append((_dept_rank(dept), int(r.get("_row") or 0), CrewLine(
            department=dept, position=_text(r.get("position")), name=name if policy.crew_names else "",
            phone=_text(r.get("phone")) if policy.crew_phones else "", call=call, call_source=source,
            walkie=_text(r.get("walkie")), remarks=_text(own.get("remarks")))))  # fmt: skip
    lines.sort(key=lambda t: (t[0], t[1]))
    notes.sort(key=lambda t: (t[0], t[1]))
    return tuple(line for *_, line in lines), tuple(n for *_, n in notes)


def _walkies(crew: tuple[CrewLine, ...]) -> tuple[WalkieChannel, ...]:
    channels: dict[str, list[str]] = {}
    for c in crew:
        for ch in (x.strip() for x in re.split(r"[,;/]", c.walkie) if x.strip()):
            depts = channels.setdefault(ch, [])
            if c.department and c.department not in depts:
                depts.append(c.department)
    return tuple(WalkieChannel(ch, tuple(channels[ch])) for ch in sorted(channels, key=natural_key))


def _key_people(inp: Inputs, policy: AudiencePolicy) -> tuple[KeyPerson, ...]:
    s = inp.p.settings
    phones_by_name = {_text(n).casefold(): _text(ph) for n, ph in zip(inp.crew["name"], inp.crew["phone"],
                                                                      strict=True)}  # fmt: skip
    out: list[KeyPerson] = []
    for who, phone_key in (("producer", "producer_phone"), ("director", None), ("upm", "upm_phone"),
                           ("first_ad", "first_ad_phone"), ("coordinator", "coordinator_phone")):  # fmt: skip
        name = _text(s.get(who))
        if not name:
            continue
        phone = _text(s.get(phone_key)) if phone_key else ""
        # A key person on the crew list reaches the header with the phone typed there.
        phone = phone or phones_by_name.get(name.casefold(), "")
        out.append(KeyPerson(who, SETTINGS_BY_KEY[who].label, name, phone if policy.key_phones else ""))
    return tuple(out)


def _advance(inp: Inputs, day: int, date: dt.date) -> AdvanceDay | None:
    d = inp.days
    later = d[(d["date"] > pd.Timestamp(date)) | ((d["date"] == pd.Timestamp(date)) & (d["day"] > day))]
    if later.empty:
        return None
    nxt = later.iloc[0].to_dict()
    n = int(nxt["day"])
    loc_id = _text(nxt.get("location"))
    scenes = _scene_lines(inp, n, loc_id)
    if not loc_id and scenes:
        loc_id = scenes[0].location_id
    info = inp.locations.get(loc_id.casefold()) if loc_id else None
    cast = sorted({c for s in scenes for c in s.cast}, key=natural_key)
    return AdvanceDay(day=n, date=_date(nxt["date"]), location=info.name if info and info.name else loc_id,
                      crew_call=_td(nxt.get("crew_call")), scenes=scenes, cast=tuple(cast),
                      pages=sum(s.pages or 0 for s in scenes))  # fmt: skip


def _hide_contact(info: LocationInfo, policy: AudiencePolicy) -> LocationInfo:
    return info if policy.location_contact else replace(info, contact="", contact_phone="")


def build_callsheet(p: Production, day: int, audience: str | Audience = "crew", *, revision: int = 0,
                    generated: dt.datetime | None = None, inputs: Inputs | None = None) -> CallSheet:  # fmt: skip
    """The call sheet of shoot day ``day`` for ``audience`` (crew, cast or client); raises ``UnknownDay``.

    ``inputs``: ``prepare(p)`` computed once, when building many days."""
    inp = inputs if inputs is not None else prepare(p)
    aud = Audience(str(audience).lower())
    policy = POLICIES[aud]
    s = p.settings
    row = _day_row(inp, int(day))
    date = _date(row["date"])
    day_loc = _text(row.get("location"))
    scenes = _scene_lines(inp, int(day), day_loc)
    main_id = day_loc or (scenes[0].location_id if scenes else "")
    ids = [main_id] if main_id else []
    ids += [sl.location_id for sl in scenes if sl.location_id]
    seen: set[str] = set()
    locations: list[LocationInfo] = []
    for lid in ids:
        k = lid.casefold()
        if k in seen:
            continue
        seen.add(k)
        locations.append(_hide_contact(inp.locations.get(k) or LocationInfo(lid, name=lid), policy))
    main = locations[0] if locations else None
    tz = _text(s.get("time_zone")) or SETTINGS_BY_KEY["time_zone"].default
    rise, set_ = sun_times(main.latitude, main.longitude, date, tz) if main else (None, None)
    crew_call = _td(row.get("crew_call"))
    crew, notes = _crew_lines(inp, int(day), date, crew_call, policy)
    planned = s.get("planned_shoot_days")
    n_days = int(p.days.dropna(subset=["day"])["day"].nunique())
    colours = tuple(str(c) for c in (s.get("revision_colours") or ()) if str(c).strip()) or REVISION_COLOURS
    return CallSheet(
        day=int(day), date=date, audience=aud, policy=policy,
        title=_text(s.get("title")), company=_text(s.get("company")), episode=_text(s.get("episode")),
        unit=_text(row.get("unit")), total_days=int(planned) if planned else n_days,
        key_people=_key_people(inp, policy), office_address=_text(s.get("office_address")),
        office_phone=_text(s.get("office_phone")),
        crew_call=crew_call, shooting_call=_td(row.get("shooting_call")), lunch=_td(row.get("lunch")),
        est_wrap=_td(row.get("est_wrap")), weather=_text(row.get("weather")), day_notes=_text(row.get("notes")),
        sunrise=rise, sunset=set_, time_zone=tz, location=main, locations=tuple(locations), scenes=scenes,
        cast=_cast_lines(inp, int(day), scenes, row, policy),
        background=tuple(BackgroundLine(sl.scene, sl.background) for sl in scenes if sl.background),
        elements=tuple(ElementLine(sl.scene, sl.background, sl.props, sl.vehicles, sl.needs) for sl in scenes
                       if sl.background or sl.props or sl.vehicles or sl.needs),
        department_notes=notes, crew=crew, walkies=_walkies(crew), advance=_advance(inp, int(day), date),
        script_revision=_text(s.get("script_revision")), script_revision_date=s.get("script_revision_date"),
        schedule_revision=_text(s.get("schedule_revision")),
        schedule_revision_date=s.get("schedule_revision_date"), revision=revision, revision_colours=colours,
        date_order=_text(s.get("date_order")) or "MDY", generated=generated,
    )  # fmt: skip
