"""Prep tasks derived from the production, each with a stable ID, and merged into the Tasks table without ever
duplicating or overwriting what a person did with them.

Most of a coordinator's prep list follows from the schedule: a permit, an insurance certificate and a recce before
the first day at each location; each fitting and rehearsal (CastEvents); a work permit for each minor before their
first work day; travel and a hotel for each performer who travels in (a Travel day in CastEvents, or ``Local`` =
no where the Cast or Crew table has that column); and the call sheet out by the evening before each shoot day. The
lead times are Settings (Permit Lead Days, …).

A derived task's ID says what it is for (``permit-L03``, ``fitting-1-2027-02-17``, ``callsheet-day-5``), so
deriving again finds it. Its ``Derived`` cell keeps a short checksum of what derivation last wrote (Task,
Department, Start, Due, Linked To): while the row still matches it nobody has touched those cells, and deriving
again brings them up to date (a location's first day moved, so its permit is due earlier); once a person edits one
of them the row is theirs and is left alone. Owner, Status and Notes always belong to people: derivation only fills
an empty Owner. A derived task that no longer follows from the production (its location left the schedule) is
removed only while it is untouched and still To Do; otherwise it stays, and the checks say what it links to is
gone. Tasks people typed (no Derived cell) are never changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...model.contract import TASK_CLOSED
from ...model.production import ROW, Production
from ...model.scheduling import cast_days, strips
from ...model.tasks import CAST, DAY, LOCATION, format_link

# Tables derivation reads (and the Tasks table it merges into).
DERIVE_TABLES = ("Scenes", "Days", "Schedule", "Cast", "CastEvents", "Crew", "Locations", "Tasks")
# Fields derivation owns while a person has not edited them; the checksum covers exactly these.
OWNED = ("task", "department", "start", "due", "linked_to")

# Who a department's derived tasks go to: the first of these positions the Crew table has (else anyone in the
# department with an e-mail address).
HEADS: dict[str, tuple[str, ...]] = {
    "Locations": ("Location Manager", "Key Assistant Location Manager", "Assistant Location Manager"),
    "Costume": ("Costume Designer", "Costume Supervisor", "Set Costumer"),
    "Assistant Directors": ("2nd Assistant Director", "1st Assistant Director"),
    "Production": ("Production Coordinator", "Assistant Production Coordinator", "Unit Production Manager"),
    "Casting": ("Casting Director", "Casting Associate"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DerivedTask:
    task_id: str
    task: str
    department: str
    start: dt.date | None
    due: dt.date | None
    linked_to: str
    owner: str | None = None
    notes: str | None = None
    status: str = "To Do"  # the status a *new* row starts with

    def owned(self) -> dict[str, Any]:
        return {"task": self.task, "department": self.department, "start": self.start, "due": self.due,
                "linked_to": self.linked_to or None}  # fmt: skip  (a crew member's task links to nothing)

    @property
    def checksum(self) -> str:
        return checksum(self.owned())


def checksum(values: Mapping[str, Any]) -> str:
    """Eight hex digits over the owned fields as a cell shows them (dates as dates, text trimmed, case kept)."""
    parts = [_plain(values.get(k)) for k in OWNED]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]


def _plain(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, pd.Timestamp | dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return " ".join(str(v).split())


def slug(text: object) -> str:
    """An ID part: letters, digits and dashes only (``L 03`` -> ``L-03``)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", str(text)).strip("-") or "x"


def _text(v: Any) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()


def _is(v: Any, want: bool) -> bool:
    """A yes/no cell that holds ``want`` (blank is neither)."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return False
    return bool(v) is want


def _date(v: Any) -> dt.date | None:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return pd.Timestamp(v).date()


def _int(p: Production, key_: str) -> int:
    v = p.settings[key_]
    try:
        return max(0, int(v))
    except (TypeError, ValueError):
        from ...model.contract import SETTINGS_BY_KEY

        return int(SETTINGS_BY_KEY[key_].default)


def _clock(t: Any) -> str:
    if t is None or (not isinstance(t, dt.timedelta) and pd.isna(t)):
        return ""
    minutes = int(pd.Timedelta(t).total_seconds() // 60) % (24 * 60)
    h, m = divmod(minutes, 60)
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def owners(p: Production) -> dict[str, str]:
    """Department -> the e-mail address its derived tasks are assigned to."""
    crew = p.crew
    out: dict[str, str] = {}
    if crew.empty:
        return out
    rows = [r for r in crew[["department", "position", "email"]].to_dict("records") if _text(r.get("email"))]
    for dept in {_text(r["department"]) for r in rows}:
        mine = [r for r in rows if _text(r["department"]) == dept]
        heads = [pos.casefold() for pos in HEADS.get(dept, ())]
        ranked = sorted(mine, key=lambda r: heads.index(_text(r["position"]).casefold())
                        if _text(r["position"]).casefold() in heads else 99)  # fmt: skip
        out[dept] = _text(ranked[0]["email"])
    coordinator = _text(p.settings.coordinator_email)
    if coordinator:
        out["Production"] = coordinator
    return out


def _first_days(p: Production) -> dict[str, tuple[dt.date, str]]:
    """Location key -> (first shoot date there, its ID as typed), from the Days rows and the scenes shot each day."""
    first: dict[str, tuple[dt.date, str]] = {}

    def see(loc: Any, when: Any) -> None:
        d, ident = _date(when), _text(loc)
        if d is None or not ident:
            return
        k = ident.casefold()
        if k not in first or d < first[k][0]:
            first[k] = (d, ident)

    days = p.days[["day", "date", "location"]].dropna(subset=["day"])
    for r in days.to_dict("records"):
        see(r["location"], r["date"])
    dates = dict(zip(days["day"].tolist(), days["date"].tolist(), strict=True))
    s = strips(p)
    for loc, day in zip(s["scene_location"].tolist(), s["day"].tolist(), strict=True):
        see(loc, dates.get(day))
    return first


def _before(d: dt.date, days: int) -> dt.date:
    return d - dt.timedelta(days=days)


def derive_tasks(p: Production) -> list[DerivedTask]:
    """Every prep task that follows from the production, in due-date order."""
    who = owners(p)
    window = _int(p, "task_window_days")
    out: list[DerivedTask] = []

    def add(task_id: str, task: str, dept: str, due: dt.date, link: str, notes: str | None = None,
            status: str = "To Do", start: dt.date | None = None) -> None:  # fmt: skip
        out.append(DerivedTask(task_id, task, dept, start or _before(due, window), due, link, who.get(dept), notes,
                               status))  # fmt: skip

    # Locations: permit, insurance certificate and recce before the first day there.
    names = {}
    permits = {}
    for r in p.locations.dropna(subset=["location_id"]).to_dict("records"):
        names.setdefault(_text(r["location_id"]).casefold(), _text(r["name"]) or _text(r["location_id"]))
        permits.setdefault(_text(r["location_id"]).casefold(), _text(r.get("permit")))
    for k, (first, ident) in sorted(_first_days(p).items(), key=lambda kv: (kv[1][0], kv[0])):
        name = names.get(k, ident)
        link = format_link(LOCATION, ident)
        on = f"first shoot day there {first:%a %d-%b-%Y}"
        permit = permits.get(k, "")
        add(f"recce-{slug(ident)}", f"Tech recce — {name}", "Locations", _before(first, _int(p, "recce_lead_days")),
            link, on)
        add(f"permit-{slug(ident)}", f"Location permit — {name}", "Locations",
            _before(first, _int(p, "permit_lead_days")), link,
            f"{on}; permit {permit} on file" if permit else on, "Done" if permit else "To Do")
        add(f"insurance-{slug(ident)}", f"Insurance certificate — {name}", "Production",
            _before(first, _int(p, "insurance_lead_days")), link, on)

    cast = {(_text(r["cast_id"]).casefold()): r for r in p.cast.dropna(subset=["cast_id"]).to_dict("records")}

    def who_is(cid: str) -> str:
        r = cast.get(cid.casefold())
        return f"{_text(r['character']) or cid} (#{cid})" if r is not None else f"cast {cid}"

    # Fittings and rehearsals: on their day, booked ahead.
    lead = _int(p, "fitting_lead_days")
    events = p.df("CastEvents").dropna(subset=["cast_id", "date"])
    travel: dict[str, list[dt.date]] = {}
    for r in events.to_dict("records"):
        cid, when, kind = _text(r["cast_id"]), _date(r["date"]), _text(r["event"])
        if when is None:
            continue
        if kind == "Fitting":
            add(f"fitting-{slug(cid)}-{when.isoformat()}", f"Fitting — {who_is(cid)}", "Costume", when,
                format_link(CAST, cid), _text(r.get("notes")) or None, start=_before(when, lead))
        elif kind == "Rehearsal":
            add(f"rehearsal-{slug(cid)}-{when.isoformat()}", f"Rehearsal — {who_is(cid)}", "Assistant Directors",
                when, format_link(CAST, cid), _text(r.get("notes")) or None, start=_before(when, lead))
        elif kind == "Travel":
            travel.setdefault(cid, []).append(when)

    # Performers who are not local: those who travel (CastEvents), or Local = no where the table has the column.
    work = cast_days(p)
    first_work = {k: _date(v) for k, v in work.groupby("cast_key")["date"].min().items()} if len(work) else {}
    for cid, r in cast.items():
        if _is(r.get("local"), False) and cid not in {c.casefold() for c in travel}:
            fw = first_work.get(cid)
            if fw is not None:
                travel.setdefault(_text(r["cast_id"]), []).append(_before(fw, 1))
    tlead = _int(p, "travel_lead_days")
    for cid, dates in sorted(travel.items()):
        dates = sorted(set(dates))
        for when in dates:
            add(f"travel-{slug(cid)}-{when.isoformat()}", f"Book travel — {who_is(cid)}, {when:%a %d-%b}",
                "Production", _before(when, tlead), format_link(CAST, cid), f"Travel day {when:%a %d-%b-%Y}")
        arrive = dates[0]
        add(f"hotel-{slug(cid)}-{arrive.isoformat()}", f"Book hotel — {who_is(cid)} from {arrive:%a %d-%b}",
            "Production", _before(arrive, tlead), format_link(CAST, cid),
            f"Arrives {arrive:%a %d-%b-%Y}" + (f", leaves {dates[-1]:%a %d-%b-%Y}" if len(dates) > 1 else ""))
    # Crew who are not local (a Local column, when the Crew table has one): travel and hotel before their start.
    if "local" in p.crew.columns:
        for r in p.crew.to_dict("records"):
            start = _date(r.get("start_date"))
            if _is(r.get("local"), False) and start is not None and _text(r.get("name")):
                name = _text(r["name"])
                arrive = _before(start, 1)
                add(f"travel-{slug(name)}-{arrive.isoformat()}", f"Book travel — {name}, {arrive:%a %d-%b}",
                    "Production", _before(arrive, tlead), "", f"Starts {start:%a %d-%b-%Y}")
                add(f"hotel-{slug(name)}-{arrive.isoformat()}", f"Book hotel — {name} from {arrive:%a %d-%b}",
                    "Production", _before(arrive, tlead), "", f"Starts {start:%a %d-%b-%Y}")

    # Minors: a work permit before their first work day.
    mlead = _int(p, "minor_permit_lead_days")
    for cid, r in cast.items():
        if _is(r.get("minor"), True) and first_work.get(cid) is not None:
            ident = _text(r["cast_id"])
            first = first_work[cid]
            assert first is not None
            add(f"minor-permit-{slug(ident)}", f"Minor work permit — {who_is(ident)}", "Production",
                _before(first, mlead), format_link(CAST, ident), f"First work day {first:%a %d-%b-%Y}")

    # Call sheets: out by the evening before each shoot day.
    out_by = _clock(p.settings.call_sheet_out)
    for r in p.days.dropna(subset=["day", "date"]).drop_duplicates("day").to_dict("records"):
        day, when = int(r["day"]), _date(r["date"])
        assert when is not None
        eve = _before(when, 1)
        add(f"callsheet-day-{day}", f"Call sheet out — Day {day} ({when:%a %d-%b})", "Production", eve,
            format_link(DAY, day), f"Out by {out_by} on {eve:%a %d-%b}" if out_by else None, start=eve)
    out.sort(key=lambda t: (t.due or dt.date.max, t.task_id))
    return out


@dataclass
class TaskMerge:
    rows: list[dict[str, Any]]  # the Tasks table's new rows (extra columns kept by header)
    added: list[str] = field(default_factory=list)  # task IDs
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # derived tasks a person edited: left as they are
    removed: list[str] = field(default_factory=list)  # untouched derived tasks that no longer follow
    stale: list[str] = field(default_factory=list)  # derived tasks no longer following, kept (edited or started)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _row_of(r: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in r.items():
        if k == ROW:
            continue
        out[k] = None if v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v
    for k in ("start", "due"):
        if isinstance(out.get(k), pd.Timestamp):
            out[k] = out[k].date()
    return out


def merge_tasks(existing: Iterable[Mapping[str, Any]], derived: Sequence[DerivedTask]) -> TaskMerge:
    """The Tasks table after deriving: ``existing`` rows (as read, extras by header) merged with ``derived``."""
    by_id = {t.task_id.casefold(): t for t in derived}
    seen: set[str] = set()
    merge = TaskMerge([])
    for raw in existing:
        row = _row_of(raw)
        tid = _text(row.get("task_id"))
        mark = _text(row.get("derived"))
        untouched = bool(mark) and checksum(row) == mark
        t = by_id.get(tid.casefold()) if tid else None
        if t is not None:
            seen.add(tid.casefold())
            if untouched:
                if t.checksum != mark:
                    merge.updated.append(tid)
                row.update(t.owned())
                row["derived"] = t.checksum
                if not _text(row.get("owner")) and t.owner:
                    row["owner"] = t.owner
            else:
                merge.kept.append(tid)
        elif tid and mark:
            status = _text(row.get("status")) or "To Do"
            if untouched and status == "To Do":
                merge.removed.append(tid)
                continue
            merge.stale.append(tid)
        merge.rows.append(row)
    for t in derived:
        if t.task_id.casefold() in seen:
            continue
        merge.added.append(t.task_id)
        merge.rows.append({"task_id": t.task_id, **t.owned(), "owner": t.owner, "status": t.status,
                           "notes": t.notes, "derived": t.checksum})  # fmt: skip
    return merge


def open_tasks(p: Production) -> pd.DataFrame:
    """The Tasks rows not Done or Cancelled, by due date (for listings)."""
    t = p.df("Tasks")
    if t.empty:
        return t
    closed = t["status"].isin(TASK_CLOSED).fillna(False).astype(bool)
    return t[~closed].sort_values(["due", ROW], na_position="last")

