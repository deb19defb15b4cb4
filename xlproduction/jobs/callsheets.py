"""Call sheets: the job behind ``xlproduction callsheet``, the Call sheet buttons and the demo.

One run reads the workbook once, runs the call-sheet rules once, builds and fills every requested day into the
coordinator's template grid, and only when no day has a blocking error draws all tabs in one go. Each tab is
replaced where it stood, and its revision (kept in the tab itself) is bumped, so the coordinator's "Blue" call
sheet for tomorrow is the one that went out after the first.

What differs between a workbook file and the workbook open in Excel — where the template is read from, how a tab
is drawn (openpyxl and a package graft, or copies of template rows through xlwings), whether PDFs can be printed —
is the engine's ``CallSheetCanvas`` (``workbook/callsheet_canvas.py``, ``excel/callsheet_render.py``); everything
else is here, once.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from ..callsheet.fill import FilledSheet, callsheet_values, fill
from ..callsheet.model import Audience, CallSheet, UnknownDay, build_callsheet, prepare
from ..callsheet.readiness import CALLSHEET_LOAD, callsheet_rules, readiness
from ..checks import run_checks
from ..model.contract import CALLSHEET_TAB_PREFIX, CALLSHEET_TEMPLATE_SHEET
from ..model.findings import Finding
from ..model.production import Production
from .source import Source

_BAD_TAB_CHARS = re.compile(r"[\[\]:*?/\\]")


class CallSheetNotReady(Exception):
    """Errors in the workbook block one or more days; nothing was written."""

    def __init__(self, errors: dict[int, list[Finding]]) -> None:
        self.errors = errors
        days = ", ".join(str(d) for d in sorted(errors))
        n = sum(len(v) for v in errors.values())
        super().__init__(f"{n} error(s) block the call sheet of day {days}; nothing was written.")


@dataclass(frozen=True, slots=True)
class GeneratedSheet:
    day: int
    date: dt.date
    tab: str
    revision: int
    revision_colour: str
    scenes: tuple[str, ...]
    rows: int
    warnings: tuple[Finding, ...] = ()
    pdf: Path | None = None


@dataclass(frozen=True, slots=True)
class CallSheetResult:
    workbook: Path | None  # the file written (None: the workbook open in Excel)
    sheets: tuple[GeneratedSheet, ...]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def tabs(self) -> list[str]:
        return [s.tab for s in self.sheets]

    @property
    def pdfs(self) -> list[Path]:
        return [s.pdf for s in self.sheets if s.pdf is not None]

    @property
    def warnings(self) -> list[Finding]:
        return [w for s in self.sheets for w in s.warnings]


def tab_name(day: int, date: dt.date, audience: str | Audience = Audience.CREW) -> str:
    """``CS D05 Wed 03-Mar`` (crew), ``CS D05 Wed 03-Mar cast``: stable, readable, a legal sheet name."""
    name = f"{CALLSHEET_TAB_PREFIX} D{day:02d} {date:%a %d-%b}"
    aud = Audience(str(audience).lower())
    if aud is not Audience.CREW:
        name += f" {aud.value}"
    return _BAD_TAB_CHARS.sub("-", name)[:31]


def resolve_days(p: Production, days: Iterable[int | dt.date | str] | str | None) -> list[int]:
    """Shoot day numbers from day numbers, dates (every unit shooting that date) or "all" / None (every day with
    a date), in shooting order. Raises UnknownDay (a ValueError) naming what is not in the Days table."""
    d = p.days.dropna(subset=["day", "date"]).sort_values(["date", "day"])
    if days is None or (isinstance(days, str) and days.lower() == "all"):
        return [int(x) for x in d["day"]]
    out: list[int] = []
    missing: list[str] = []
    for item in [days] if isinstance(days, str | int | dt.date) else days:
        if isinstance(item, dt.date) or (isinstance(item, str) and "-" in item):
            when = item if isinstance(item, dt.date) else dt.date.fromisoformat(item)
            when = when.date() if isinstance(when, dt.datetime) else when
            hit = [int(x) for x in d.loc[d["date"].dt.date == when, "day"]]
            if not hit:
                missing.append(f"date {when.isoformat()}")
            out += hit
        else:
            n = int(item)
            if n in set(d["day"].astype(int)):
                out.append(n)
            else:
                missing.append(f"day {n}")
    if missing:
        known = ", ".join(str(int(x)) for x in d["day"]) or "none"
        raise UnknownDay(f"Not in the Days table (with a date): {', '.join(missing)}. Shoot days: {known}.")
    return list(dict.fromkeys(out))


def next_shoot_day(p: Production, today: dt.date) -> int | None:
    """The first shoot day dated after ``today`` (tomorrow's call sheet, as the demo makes it), or None."""
    d = p.days.dropna(subset=["day", "date"]).sort_values(["date", "day"])
    later = d[d["date"] > pd.Timestamp(today)]
    return int(later.iloc[0]["day"]) if not later.empty else None


def next_day(p: Production) -> int:
    """The first shoot day on or after the Status Date (else today): the Call sheet button's day when no row of
    Days or Schedule is selected."""
    d = p.days.dropna(subset=["day", "date"]).sort_values(["date", "day"])
    upcoming = d[d["date"] >= dt.datetime.combine(p.today, dt.time())]
    if upcoming.empty:
        raise UnknownDay(f"No shoot day on or after {p.today:%a %d-%b-%Y} (Settings → Status Date, else today). "
                         "Select a row of the Days or Schedule table to choose the day.")  # fmt: skip
    return int(upcoming["day"].iloc[0])


class CallSheetCanvas(Protocol):
    """What an engine does for the call-sheet job: the template's layout, the revisions of tabs drawn before,
    and drawing a filled sheet as a tab (landing when the engine's ``Source.callsheets`` block ends)."""

    pdfs: dict[str, Path]  # tab -> PDF printed when the block ended
    written: Path | None
    seconds: dict[str, float]  # what the engine timed when the block ended ("save", "pdf")

    def template_grid(self, paper: str | None) -> list[list[Any]]: ...

    def revisions(self, tabs: Iterable[str]) -> dict[str, int]: ...

    def draw(self, tab: str, plan: FilledSheet, *, paper: str | None, revision: tuple[int, str] | None,
             notes: list[str]) -> None: ...  # fmt: skip


@dataclass
class _Day:
    cs: CallSheet
    tab: str
    plan: FilledSheet
    warnings: list[Finding]


def _notes(warnings: Sequence[Finding]) -> list[str]:
    """The day's warnings as printed right of the call sheet's print area (never printed)."""
    return [f"{w.severity.value.upper()} {w.code}: {w.message}" + (f" ({w.location})" if w.location else "")
            for w in warnings]  # fmt: skip


def make_callsheets(source: Source, days: Iterable[int | dt.date | str] | str | None = "all",
                    audience: str | Audience = Audience.CREW, pdf_dir: str | Path | None = None, *,
                    now: dt.datetime | None = None, production: Production | None = None,
                    revision: int | None = None) -> CallSheetResult:  # fmt: skip
    """The call sheets of ``days`` (numbers, dates, "all", or None: the day the user selected, else the next shoot
    day on or after the Status Date) for ``audience``, drawn into ``source``, with their PDFs in ``pdf_dir``.
    ``revision``: the revision number to print instead of bumping each tab's own (publishing decides it from
    what it has sent before).

    Raises ``CallSheetNotReady`` (nothing written) when a day has errors, ``UnknownDay`` (a ValueError) for days
    not in the workbook or none at all, and the engine's error when PDFs are asked for where it cannot print them
    (before anything is written)."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    aud = Audience(str(audience).lower())
    pdfs = Path(pdf_dir) if pdf_dir is not None else None
    with source.callsheets(pdfs) as canvas:
        with source.step(f"Reading {source.name}"):
            # The template tab is parsed too (by openpyxl from a file): the guard scans its cells with the tables'.
            p = production or source.read(CALLSHEET_LOAD, also_sheets=[CALLSHEET_TEMPLATE_SHEET])
            wanted = [source.selected_day(p) or next_day(p)] if days is None else resolve_days(p, days)
            if not wanted:  # nothing to make: say so, rather than save a copy with no call sheet in it
                raise UnknownDay("No shoot day in the Days table has a date, so there is no call sheet to make. Add "
                                 "the shoot days (Day, Date, Crew Call), then run again.")  # fmt: skip
        timings["read"] = time.perf_counter() - t0

        with source.step("Checking the days"):
            t = time.perf_counter()
            findings = run_checks(p, callsheet_rules())  # only the rules that can concern a call sheet
            timings["checks"] = time.perf_counter() - t

        with source.step("Filling the template"):
            t = time.perf_counter()
            paper = p.settings.paper_size
            grid = canvas.template_grid(paper)
            timings["load"] = time.perf_counter() - t
            t = time.perf_counter()
            inputs = prepare(p)
            stamp = now or dt.datetime.now()
            cs0 = {n: build_callsheet(p, n, aud, generated=stamp, inputs=inputs) for n in wanted}
            tabs = {n: tab_name(n, cs.date, aud) for n, cs in cs0.items()}
            previous = canvas.revisions(tabs.values())
            planned: list[_Day] = []
            blocked: dict[int, list[Finding]] = {}
            for n in wanted:
                tab = tabs[n]
                bumped = previous[tab] + 1 if tab in previous else 0
                cs = cs0[n].with_revision(bumped if revision is None else revision)
                plan = fill(grid, values=callsheet_values(cs))
                errors, warns = readiness(findings, p, cs, plan.unknown)
                if errors:
                    blocked[n] = errors
                planned.append(_Day(cs, tab, plan, warns))
            if blocked:
                raise CallSheetNotReady(blocked)

        with source.step("Drawing the call sheets"):
            for day in planned:
                canvas.draw(day.tab, day.plan, paper=paper, revision=(day.cs.revision, day.cs.revision_colour),
                            notes=_notes(day.warnings))  # fmt: skip
            timings["render"] = time.perf_counter() - t
    timings.update(canvas.seconds)  # the graft (and the PDFs) land when the canvas block ends
    timings["total"] = time.perf_counter() - t0
    sheets = tuple(GeneratedSheet(
        day=x.cs.day, date=x.cs.date, tab=x.tab, revision=x.cs.revision, revision_colour=x.cs.revision_colour,
        scenes=x.cs.scene_numbers, rows=len(x.plan.rows), warnings=tuple(x.warnings), pdf=canvas.pdfs.get(x.tab))
        for x in planned)  # fmt: skip
    return CallSheetResult(canvas.written, sheets, timings)


def generate_callsheets(path_in: str | Path, path_out: str | Path,
                        days: Iterable[int | dt.date | str] | str | None = "all",
                        audience: str | Audience = Audience.CREW, pdf_dir: str | Path | None = None, *,
                        backups: int = 3, now: dt.datetime | None = None,
                        production: Production | None = None) -> CallSheetResult:  # fmt: skip
    """``make_callsheets`` on a workbook file: into a copy of ``path_in`` saved as ``path_out`` (the same path
    writes in place, keeping a backup)."""
    from ..workbook.source import FileWorkbook

    return make_callsheets(FileWorkbook(Path(path_in), Path(path_out), backups=backups), days, audience, pdf_dir,
                           now=now, production=production)  # fmt: skip
