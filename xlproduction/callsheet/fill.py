"""Filling a call-sheet template with one day's ``CallSheet``: which template row prints where, with what.

The layout belongs to the coordinator (the "Call Sheet Template" tab, restyled in Excel); the content belongs to
``model.py``. This module joins them without any spreadsheet engine: it reads the template as a grid of values,
finds the placeholders, and returns a ``FilledSheet`` — the output rows in order, each naming the template row it
copies (so a renderer copies that row's styles, height and merges) and the values to write. openpyxl renders it
to a file today; an xlwings renderer can draw the same plan in a live workbook.

Placeholder syntax (documented for coordinators in docs/callsheets.md):

- ``{{name}}`` — a scalar: ``{{title}}``, ``{{day_x_of_y}}``, ``{{crew_call}}``… (``SCALARS`` lists them all).
  A cell holding only a placeholder receives the value alone (a plain whole number becomes a number); a cell
  with other text around it (``Crew call: {{crew_call}}``) receives the text with the value put in.
- ``{{block.field}}`` — a field of a repeated block (``{{scenes.scene}}``, ``{{cast.on_set}}``; ``BLOCKS``
  lists them). A template row naming a block is repeated once per item of that block; consecutive rows naming
  the same block repeat together (a two-line item). One block per row: other blocks' placeholders on that row
  stay blank and are reported.
- Variant rows: in a block's rows, a row naming ``{{block.banner}}`` prints the block's banner items (LUNCH,
  COMPANY MOVE after a scene) and a row naming ``{{block.heading}}`` prints its group headings (the department
  above its crew). Without a banner row, banners print in the ordinary row (in the Set column for scenes);
  without a heading row, headings are left out.
- A block with no items prints its ordinary row once with "—" in its first field, so an empty section reads
  "none" instead of vanishing. Blocks never lose items: the sheet grows, and prints on as many pages as needed.
- Names are case-insensitive. An unknown name is left in the cell as typed (so the typo shows) and reported as a
  warning. Text without ``{{`` is copied as is; formulas are copied unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.pages import format_pages
from .model import AdvanceDay, CallSheet, SceneLine

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}")
EMPTY_BLOCK = "—"
BANNER, HEADING = "banner", "heading"
VARIANTS = (BANNER, HEADING)
_PLAIN_INTEGER = re.compile(r"[1-9][0-9]{0,14}|0")
KIND = "_kind"  # key of an item dict naming its variant (absent: an ordinary item)

# Every scalar placeholder, with what it holds (docs/callsheets.md is generated from these).
SCALARS: dict[str, str] = {
    "title": "Production title (Settings)",
    "company": "Production company",
    "episode": "Episode",
    "subtitle": "Company and episode, joined",
    "unit": "Unit of the day (Main, 2nd…)",
    "date": "Shoot date, short: Wed 03-Mar-2027",
    "date_long": "Shoot date with weekday, long: Wednesday, March 3, 2027 (order from Settings → Date Order)",
    "weekday": "Weekday: Wednesday",
    "day": "Shoot day number",
    "total_days": "Planned shoot days (Settings), else the number of days in Days",
    "day_x_of_y": "Day 3 of 25",
    "callsheet_number": "Call-sheet number (the shoot day number)",
    "producer": "Producer", "producer_phone": "Producer's phone",
    "director": "Director",
    "upm": "Unit production manager", "upm_phone": "UPM's phone",
    "first_ad": "1st AD", "first_ad_phone": "1st AD's phone",
    "coordinator": "Production coordinator", "coordinator_phone": "Coordinator's phone",
    "office_address": "Production office address", "office_phone": "Production office phone",
    "office": "Office address and phone, joined",
    "crew_call": "General crew call", "shooting_call": "Shooting call", "lunch": "Lunch", "est_wrap": "Est. wrap",
    "weather": "Weather (Days)", "day_notes": "Notes of the day (Days)",
    "sunrise": "Sunrise at the day's location (computed)", "sunset": "Sunset at the day's location (computed)",
    "location": "The day's main location name", "set_address": "Its address", "parking": "Its parking",
    "base_camp": "Its base camp", "hospital": "Its nearest hospital", "hospital_address": "Hospital address",
    "hospital_phone": "Hospital phone", "location_contact": "Location contact (crew version only)",
    "location_contact_phone": "Location contact phone (crew version only)",
    "total_pages": "Total pages of the day: 4 5/8", "total_est_time": "Total est. time of the day: 7:30",
    "scene_count": "Number of strips of the day",
    "advance_title": "Advance schedule heading: Day 4 · Thu 04-Mar-2027 · Echo Park",
    "advance_day": "Next shoot day number", "advance_date": "Next shoot date", "advance_location": "Its location",
    "advance_crew_call": "Its crew call", "advance_cast": "Its cast IDs", "advance_pages": "Its total pages",
    "script_revision": "Script revision colour", "script_revision_date": "Script revision date",
    "schedule_revision": "Schedule revision colour", "schedule_revision_date": "Schedule revision date",
    "revision": "Call-sheet revision colour: White, Blue, Pink…",
    "revision_number": "Call-sheet revision number (0 = first issue)",
    "audience": "Version: Crew, Cast or Client",
    "generated": "When the call sheet was generated",
}  # fmt: skip

_SCENE_FIELDS: dict[str, str] = {
    "scene": "Scene number", "part": "Part of a split scene", "set": "Set", "int_ext": "INT/EXT",
    "day_night": "DAY/NIGHT", "pages": "Pages in eighths: 1 3/8", "cast": "Cast IDs: 1, 2, 5",
    "location": "Location name", "est_time": "Est. time: 1:30", "synopsis": "Synopsis",
    "background": "Background", "props": "Props of the scene (Elements)",
    "vehicles": "Vehicles of the scene (Elements)",
    "needs": "Special needs of the scene (Elements: stunts, effects, animals, wardrobe, makeup…), by category",
}  # fmt: skip

# Every block and its fields.
BLOCKS: dict[str, dict[str, str]] = {
    "people": {"role": "Producer, Director, UPM…", "name": "Name", "phone": "Phone (crew version)"},
    "locations": {"id": "Location ID", "name": "Name", "address": "Address", "parking": "Parking",
                  "base_camp": "Base camp", "hospital": "Nearest hospital", "hospital_address": "Hospital address",
                  "hospital_phone": "Hospital phone", "hospital_line": "Hospital, address and phone, joined",
                  "contact": "Location contact (crew version)", "contact_phone": "Contact phone (crew version)"},
    "scenes": {**_SCENE_FIELDS, BANNER: "Banner after a scene (LUNCH, COMPANY MOVE): a variant row"},
    "cast": {"id": "Cast ID", "character": "Character", "performer": "Performer",
             "status": "Day Out of Days status: SW, W, WF, SWF, H…", "pickup": "Pickup", "makeup": "Makeup/hair",
             "on_set": "On set", "remarks": "Remarks"},
    "background": {"scene": "Scene", "description": "Background / extras"},
    "elements": {"scene": "Scene", "background": "Background / extras", "props": "Props (Elements)",
                 "vehicles": "Vehicles (Elements)",
                 "needs": "Special needs (Elements): stunts, effects, animals, wardrobe, makeup…, by category"},
    "notes": {"department": "Department", "note": "Department note (Calls rows with a department and remarks)"},
    "crew": {"department": "Department", "position": "Position", "name": "Name", "phone": "Phone (crew version)",
             "call": "Call", "walkie": "Walkie channel", "remarks": "Remarks",
             HEADING: "Department heading: a variant row"},
    "walkies": {"channel": "Channel", "departments": "Departments on it"},
    "advance": dict(_SCENE_FIELDS),
}  # fmt: skip


# --- formatting ------------------------------------------------------------------------------------------------


def fmt_time(t: dt.timedelta | dt.datetime | None) -> str:
    """7:00 AM; a time past midnight of a night shoot (25:30) prints as 1:30 AM."""
    if t is None:
        return ""
    if isinstance(t, dt.datetime):
        minutes = t.hour * 60 + t.minute + (1 if t.second >= 30 else 0)
    else:
        minutes = round(t.total_seconds() / 60)
    h, m = divmod(minutes % (24 * 60), 60)
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def fmt_duration(t: dt.timedelta | None) -> str:
    if t is None:
        return ""
    h, m = divmod(round(t.total_seconds() / 60), 60)
    return f"{h}:{m:02d}"


def fmt_date(d: dt.date | None) -> str:
    return f"{d:%a %d-%b-%Y}" if d else ""


def fmt_date_long(d: dt.date, order: str = "MDY") -> str:
    if order == "DMY":
        return f"{d:%A} {d.day} {d:%B %Y}"
    if order == "YMD":
        return f"{d:%A} {d:%Y-%m-%d}"
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def fmt_pages(eighths: int | None) -> str:
    return "" if eighths is None else format_pages(eighths)


def _join(*parts: str, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


# --- the values of one call sheet -------------------------------------------------------------------------------


def _scene_item(s: SceneLine) -> dict[str, Any]:
    return {"scene": s.scene, "part": s.part, "set": s.set, "int_ext": s.int_ext, "day_night": s.day_night,
            "pages": fmt_pages(s.pages), "cast": ", ".join(s.cast), "location": s.location,
            "est_time": fmt_duration(s.est_time), "synopsis": s.synopsis, "background": s.background,
            "props": s.props, "vehicles": s.vehicles, "needs": s.needs}  # fmt: skip


def _advance_title(a: AdvanceDay | None) -> str:
    if a is None:
        return "none: this is the last shoot day"
    call = f"crew call {fmt_time(a.crew_call)}" if a.crew_call is not None else ""
    return _join(f"Day {a.day}", fmt_date(a.date), a.location, call)


def callsheet_values(cs: CallSheet) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The scalar values and block items of ``cs`` as the template shows them (display text)."""
    people = {k.key: k for k in cs.key_people}
    loc = cs.location
    a = cs.advance
    office = _join(cs.office_address, cs.office_phone)
    scalars: dict[str, Any] = {
        "title": cs.title, "company": cs.company, "episode": cs.episode, "subtitle": _join(cs.company, cs.episode),
        "unit": cs.unit, "date": fmt_date(cs.date), "date_long": fmt_date_long(cs.date, cs.date_order),
        "weekday": f"{cs.date:%A}", "day": str(cs.day), "total_days": str(cs.total_days),
        "day_x_of_y": f"Day {cs.day} of {cs.total_days}", "callsheet_number": str(cs.callsheet_number),
        "office_address": cs.office_address, "office_phone": cs.office_phone, "office": office,
        "crew_call": fmt_time(cs.crew_call), "shooting_call": fmt_time(cs.shooting_call), "lunch": fmt_time(cs.lunch),
        "est_wrap": fmt_time(cs.est_wrap), "weather": cs.weather, "day_notes": cs.day_notes,
        "sunrise": fmt_time(cs.sunrise), "sunset": fmt_time(cs.sunset),
        "location": loc.name if loc else "", "set_address": loc.address if loc else "",
        "parking": loc.parking if loc else "", "base_camp": loc.base_camp if loc else "",
        "hospital": loc.hospital if loc else "", "hospital_address": loc.hospital_address if loc else "",
        "hospital_phone": loc.hospital_phone if loc else "", "location_contact": loc.contact if loc else "",
        "location_contact_phone": loc.contact_phone if loc else "",
        "total_pages": fmt_pages(cs.total_pages), "total_est_time": fmt_duration(cs.total_est_time),
        "scene_count": str(len(cs.scenes)),
        "advance_title": _advance_title(a), "advance_day": str(a.day) if a else "",
        "advance_date": fmt_date(a.date) if a else "", "advance_location": a.location if a else "",
        "advance_crew_call": fmt_time(a.crew_call) if a else "", "advance_cast": ", ".join(a.cast) if a else "",
        "advance_pages": fmt_pages(a.pages) if a else "",
        "script_revision": cs.script_revision, "script_revision_date": fmt_date(cs.script_revision_date),
        "schedule_revision": cs.schedule_revision, "schedule_revision_date": fmt_date(cs.schedule_revision_date),
        "revision": cs.revision_colour, "revision_number": str(cs.revision), "audience": cs.policy.label,
        "generated": f"{cs.generated:%a %d-%b-%Y %H:%M}" if cs.generated else "",
    }  # fmt: skip
    for k in ("producer", "director", "upm", "first_ad", "coordinator"):
        scalars[k] = people[k].name if k in people else ""
        if k != "director":
            scalars[f"{k}_phone"] = people[k].phone if k in people else ""
    scenes: list[dict[str, Any]] = []
    for s in cs.scenes:
        scenes.append(_scene_item(s))
        if s.banner:
            # A banner item fills the Set column too, so a template without a banner row still prints it.
            scenes.append({KIND: BANNER, BANNER: s.banner, "set": f"*** {s.banner} ***"})
    crew: list[dict[str, Any]] = []
    last: str | None = None
    for c in cs.crew:
        if c.department != last:  # lines are grouped by department: one heading above each group
            crew.append({KIND: HEADING, HEADING: c.department or "Other", "department": c.department})
            last = c.department
        crew.append({"department": c.department, "position": c.position, "name": c.name, "phone": c.phone,
                     "call": fmt_time(c.call), "walkie": c.walkie, "remarks": c.remarks})  # fmt: skip
    blocks: dict[str, list[dict[str, Any]]] = {
        "people": [{"role": k.role, "name": k.name, "phone": k.phone} for k in cs.key_people],
        "locations": [{"id": x.location_id, "name": x.name, "address": x.address, "parking": x.parking,
                       "base_camp": x.base_camp, "hospital": x.hospital, "hospital_address": x.hospital_address,
                       "hospital_phone": x.hospital_phone,
                       "hospital_line": _join(x.hospital, x.hospital_address, x.hospital_phone, sep=", "),
                       "contact": x.contact, "contact_phone": x.contact_phone} for x in cs.locations],
        "scenes": scenes,
        "cast": [{"id": c.cast_id, "character": c.character, "performer": c.performer, "status": c.status,
                  "pickup": fmt_time(c.pickup), "makeup": fmt_time(c.makeup), "on_set": fmt_time(c.on_set),
                  "remarks": c.remarks} for c in cs.cast],
        "background": [{"scene": b.scene, "description": b.description} for b in cs.background],
        "elements": [{"scene": e.scene, "background": e.background, "props": e.props, "vehicles": e.vehicles,
                      "needs": e.needs} for e in cs.elements],
        "notes": [{"department": n.department, "note": n.note} for n in cs.department_notes],
        "crew": crew,
        "walkies": [{"channel": w.channel, "departments": ", ".join(w.departments)} for w in cs.walkies],
        "advance": [_scene_item(s) for s in a.scenes] if a else [],
    }  # fmt: skip
    return scalars, blocks


# --- the fill plan --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilledRow:
    template_row: int  # 1-based row of the template this output row copies (styles, height, merges)
    values: tuple[Any, ...]
    block: str | None = None
    item: int | None = None  # index of the block item printed on this row


@dataclass(frozen=True, slots=True)
class FilledSheet:
    rows: tuple[FilledRow, ...]
    width: int  # columns of the template grid
    unknown: tuple[str, ...] = ()  # placeholders the template names that do not exist

    def value(self, row: int, col: int) -> Any:
        """The value at output (row, col), 1-based."""
        vals = self.rows[row - 1].values
        return vals[col - 1] if col - 1 < len(vals) else None

    def output_rows(self, template_row: int) -> list[int]:
        """The 1-based output rows copying ``template_row``."""
        return [i for i, r in enumerate(self.rows, start=1) if r.template_row == template_row]

    def texts(self) -> list[str]:
        return [str(v) for r in self.rows for v in r.values if v not in (None, "")]


def _names(cell: Any) -> list[tuple[str, str | None]]:
    if not isinstance(cell, str) or "{{" not in cell:
        return []
    return [(m[1].lower(), m[2].lower() if m[2] else None) for m in PLACEHOLDER.finditer(cell)]


def _row_block(row: Sequence[Any]) -> str | None:
    for cell in row:
        for name, fld in _names(cell):
            if fld is not None:
                return name
    return None


def _row_kind(row: Sequence[Any], block: str) -> str | None:
    """The variant a block row prints (banner / heading), or None for the ordinary item row."""
    fields = {f for cell in row for n, f in _names(cell) if n == block and f is not None}
    for v in VARIANTS:
        if v in fields:
            return v
    return None


def _as_cell(v: Any) -> Any:
    if v is None or v == "":
        return None
    if isinstance(v, str) and _PLAIN_INTEGER.fullmatch(v):
        return int(v)
    return v


class _Filler:
    def __init__(self, scalars: Mapping[str, Any], blocks: Mapping[str, list[dict[str, Any]]]) -> None:
        self.scalars = scalars
        self.blocks = blocks
        self.unknown: dict[str, None] = {}

    def cell(self, cell: Any, block: str | None, item: Mapping[str, Any] | None, first: bool) -> Any:
        names = _names(cell)
        if not names:
            return cell
        text = str(cell)
        state = {"first": first}

        def value(m: re.Match[str]) -> str | None:
            name, fld = m[1].lower(), m[2].lower() if m[2] else None
            if fld is None:
                if name in self.scalars:
                    return str(self.scalars[name] or "")
                self.unknown.setdefault(m[0])
                return None
            if name not in BLOCKS or fld not in BLOCKS[name]:
                self.unknown.setdefault(m[0])
                return None
            if name != block:
                self.unknown.setdefault(f"{m[0]} (a second block on one row)")
                return ""
            if item is None:  # an empty block: "—" once, in its first field
                mark = EMPTY_BLOCK if state["first"] else ""
                state["first"] = False
                return mark
            return str(item.get(fld) or "")

        whole = PLACEHOLDER.fullmatch(text.strip())
        if whole is not None:
            v = value(whole)
            return cell if v is None else _as_cell(v)
        return PLACEHOLDER.sub(lambda m: m[0] if (v := value(m)) is None else v, text)


Values = tuple[Mapping[str, Any], Mapping[str, list[dict[str, Any]]]]  # (scalars, blocks)


def fill(grid: Sequence[Sequence[Any]], cs: CallSheet | None = None, *, values: Values | None = None) -> FilledSheet:
    """The output rows of the template ``grid`` (rows of cell values, row 1 first) filled with ``cs``."""
    scalars, blocks = values if values is not None else callsheet_values(cs)  # type: ignore[arg-type]
    f = _Filler(scalars, blocks)
    width = max((len(r) for r in grid), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in grid]
    out: list[FilledRow] = []
    i = 0
    while i < len(rows):
        block = _row_block(rows[i])
        if block is None or block not in BLOCKS:
            out.append(FilledRow(i + 1, tuple(f.cell(c, None, None, False) for c in rows[i])))
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < len(rows) and _row_block(rows[run[-1] + 1]) == block:
            run.append(run[-1] + 1)
        i = run[-1] + 1
        kinds = {r: _row_kind(rows[r], block) for r in run}
        main = [r for r in run if kinds[r] is None]
        items = blocks.get(block, [])
        if not items:
            first = True
            for r in main or run[:1]:
                vals = []
                for c in rows[r]:
                    had = bool(_names(c))
                    vals.append(f.cell(c, block, None, first))
                    first = first and not (had and any(n == block for n, _ in _names(c)))
                out.append(FilledRow(r + 1, tuple(vals), block, None))
            continue
        for n, it in enumerate(items):
            kind = it.get(KIND)
            use = [r for r in run if kinds[r] == kind] if kind else main
            if kind and not use:
                if kind == HEADING:
                    continue  # decoration only: a template without a heading row goes without
                use = main
            for r in use:
                out.append(FilledRow(r + 1, tuple(f.cell(c, block, it, False) for c in rows[r]), block, n))
    return FilledSheet(tuple(out), width, tuple(f.unknown))
