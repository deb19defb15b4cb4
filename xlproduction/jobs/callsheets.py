"""Generating call sheets into a production workbook file, and their PDFs: the job behind ``xlproduction
callsheet`` and the demo.

One run reads the workbook once (calamine), runs the checks once, builds and fills every requested day, and only
when no day has a blocking error writes all tabs in one go: drawn by openpyxl in a small workbook holding only the
template tab, then grafted into the user's file at the package level (``workbook/package.py``: every other part
kept byte for byte; atomic, with a backup for in-place writes). Each tab is replaced where it stood, and its
revision (kept in the tab itself) is bumped, so the coordinator's "Blue" call sheet for tomorrow is the one that
went out after the first. PDFs print each tab alone from a one-tab workbook through headless LibreOffice, several
at a time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..callsheet.fill import FilledSheet, callsheet_values, fill
from ..callsheet.model import Audience, CallSheet, UnknownDay, build_callsheet, prepare
from ..callsheet.readiness import CALLSHEET_LOAD, callsheet_rules, readiness
from ..model.contract import (
    CALLSHEET_REVISION_LABEL,
    CALLSHEET_TAB_PREFIX,
    CALLSHEET_TEMPLATE_SHEET,
)
from ..model.findings import Finding
from ..model.production import Production

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
    workbook: Path
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


def read_revisions(path: str | Path, tabs: Iterable[str]) -> dict[str, int]:
    """Revision numbers stored in existing call-sheet tabs (read with python-calamine; tabs absent are left out)."""
    wanted = set(tabs)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - Lite reads through xlwings
        return {}
    wb = CalamineWorkbook.from_path(str(path))
    out: dict[str, int] = {}
    for name in wb.sheet_names:
        if name not in wanted:
            continue
        for row in wb.get_sheet_by_name(name).to_python():
            if CALLSHEET_REVISION_LABEL not in row:
                continue
            i = row.index(CALLSHEET_REVISION_LABEL)
            try:
                out[name] = int(float(row[i + 1]))
            except (IndexError, TypeError, ValueError):
                out[name] = 0
            break
    return out


def _insert_index(sheetnames: Sequence[str], hidden: Sequence[bool]) -> int:
    """Where a new call sheet goes: after the last call sheet, else after the template, else last (before a
    trailing hidden sheet such as the dropdown lists)."""
    prefix = f"{CALLSHEET_TAB_PREFIX} D"
    cs = [i for i, n in enumerate(sheetnames) if n.startswith(prefix)]
    if cs:
        return cs[-1] + 1
    if CALLSHEET_TEMPLATE_SHEET in sheetnames:
        return sheetnames.index(CALLSHEET_TEMPLATE_SHEET) + 1
    n = len(sheetnames)
    while n > 0 and hidden[n - 1]:
        n -= 1
    return n


def _has_pictures(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.startswith("xl/media/") for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _check_pictures(path: Path) -> None:
    # Without Pillow openpyxl silently drops every picture of a workbook it rewrites (the show's logo included).
    from openpyxl.drawing.image import PILImage

    if not PILImage and _has_pictures(path):
        raise RuntimeError(f"{path.name} contains pictures, which would be lost without the Pillow package: "
                           "pip install pillow, then retry.")  # fmt: skip


@dataclass
class _Day:
    cs: CallSheet
    tab: str
    plan: FilledSheet
    warnings: list[Finding]


def generate_callsheets(path_in: str | Path, path_out: str | Path,
                        days: Iterable[int | dt.date | str] | str | None = "all",
                        audience: str | Audience = Audience.CREW, pdf_dir: str | Path | None = None, *,
                        backups: int = 3, now: dt.datetime | None = None,
                        production: Production | None = None) -> CallSheetResult:  # fmt: skip
    """Generate the call sheets of ``days`` (numbers, dates or "all") for ``audience`` into a copy of ``path_in``
    saved as ``path_out`` (the same path writes in place, keeping a backup), and their PDFs into ``pdf_dir``.

    Raises ``CallSheetNotReady`` (nothing written) when a day has errors, ``UnknownDay`` (a ValueError) for days
    not in the workbook or none at all, ``LibreOfficeMissing`` (before writing) when PDFs are asked for without
    LibreOffice."""
    from openpyxl import Workbook, load_workbook

    from ..checks import run_checks
    from ..workbook.callsheet_template import write_callsheet_template
    from ..workbook.callsheet_xlsx import render_callsheet, template_grid
    from ..workbook.guard import check_file
    from ..workbook.package import Tab, extract_sheets, graft_tabs, list_sheets
    from ..workbook.reader import load_production, names_to_scan

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    src, dst = Path(path_in), Path(path_out)
    aud = Audience(str(audience).lower())
    if pdf_dir is not None:
        from ..workbook.libreoffice import find_soffice

        find_soffice()  # fail before writing anything
    # Hostile files are refused before calamine reads the tables or openpyxl the template tab (workbook/guard.py);
    # the cells of the other sheets (the budget, a season's ledger) are not scanned: nothing here parses them, and the
    # graft copies them into the output as compressed bytes.
    check_file(src, [CALLSHEET_TEMPLATE_SHEET, *names_to_scan(CALLSHEET_LOAD)])
    p = production or load_production(src, tables=CALLSHEET_LOAD)
    wanted = resolve_days(p, days)
    if not wanted:  # nothing to make: say so, rather than save a copy with no call sheet in it
        raise UnknownDay("No shoot day in the Days table has a date, so there is no call sheet to make. Add the "
                         "shoot days (Day, Date, Crew Call), then run again.")
    timings["read"] = time.perf_counter() - t0

    t = time.perf_counter()
    findings = run_checks(p, callsheet_rules())  # only the rules that can concern a call sheet
    timings["checks"] = time.perf_counter() - t

    t = time.perf_counter()
    _check_pictures(src)
    # openpyxl reads only the template tab (with its pictures, styles and print titles), extracted from the
    # package; the call sheets are drawn in that small workbook and grafted into the user's file (package.py).
    sheets = list_sheets(src)
    has_template = CALLSHEET_TEMPLATE_SHEET in [s.name for s in sheets]
    wb = load_workbook(io.BytesIO(extract_sheets(src, [CALLSHEET_TEMPLATE_SHEET]))) if has_template else Workbook()
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    # An older workbook without the template tab gets the default layout for this run only: xlproduction writes
    # generated tabs into a user's workbook, nothing else.
    template = wb[CALLSHEET_TEMPLATE_SHEET] if has_template else write_callsheet_template(
        wb, paper=p.settings.paper_size)  # fmt: skip
    grid = template_grid(template)
    inputs = prepare(p)
    stamp = now or dt.datetime.now()
    cs0 = {n: build_callsheet(p, n, aud, generated=stamp, inputs=inputs) for n in wanted}
    tabs = {n: tab_name(n, cs.date, aud) for n, cs in cs0.items()}
    previous = read_revisions(src, tabs.values())
    planned: list[_Day] = []
    blocked: dict[int, list[Finding]] = {}
    for n in wanted:
        tab = tabs[n]
        cs = cs0[n].with_revision(previous[tab] + 1 if tab in previous else 0)
        plan = fill(grid, values=callsheet_values(cs))
        errors, warns = readiness(findings, p, cs, plan.unknown)
        if errors:
            blocked[n] = errors
        planned.append(_Day(cs, tab, plan, warns))
    if blocked:
        raise CallSheetNotReady(blocked)

    paper = p.settings.paper_size
    # Where each tab goes in the user's workbook: a tab regenerated stays where it stands, a new one goes after the
    # last call sheet (the tabs are grafted in this order, so each index counts the ones placed before it).
    order = [s.name for s in sheets]
    hidden = [s.state != "visible" for s in sheets]
    places: list[Tab] = []
    for day in planned:
        if day.tab in order:
            places.append(Tab(day.tab))
        else:
            index = _insert_index(order, hidden)
            order.insert(index, day.tab)
            hidden.insert(index, False)
            places.append(Tab(day.tab, index))
        notes = [f"{w.severity.value.upper()} {w.code}: {w.message}" + (f" ({w.location})" if w.location else "")
                 for w in day.warnings]  # fmt: skip
        render_callsheet(wb, template, day.plan, day.tab, paper=paper,
                         revision=(day.cs.revision, day.cs.revision_colour), notes=notes)  # fmt: skip
    timings["render"] = time.perf_counter() - t

    # PDFs are printed from one-tab workbooks made before the template is removed (it is their style source).
    pdf_books: list[tuple[_Day, Workbook]] = []
    if pdf_dir is not None:
        for day in planned:
            one = Workbook()
            default = one.active
            render_callsheet(one, template, day.plan, day.tab, paper=paper)
            one.remove(default)
            pdf_books.append((day, one))
    wb.remove(template)  # the donor carries the call sheets only

    t = time.perf_counter()
    donor = io.BytesIO()
    wb.save(donor)
    graft_tabs(src, dst, donor.getvalue(), places, backups=backups)
    timings["save"] = time.perf_counter() - t

    pdfs: dict[str, Path] = {}
    if pdf_books:
        t = time.perf_counter()
        pdfs = _print_pdfs(pdf_books, Path(pdf_dir))  # type: ignore[arg-type]
        timings["pdf"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    sheets = tuple(GeneratedSheet(
        day=x.cs.day, date=x.cs.date, tab=x.tab, revision=x.cs.revision, revision_colour=x.cs.revision_colour,
        scenes=x.cs.scene_numbers, rows=len(x.plan.rows), warnings=tuple(x.warnings), pdf=pdfs.get(x.tab))
        for x in planned)  # fmt: skip
    return CallSheetResult(dst, sheets, timings)


def pdf_file_name(tab: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", tab).strip("_") + ".pdf"


def _print_pdfs(books: Sequence[tuple[Any, Any]], out_dir: Path) -> dict[str, Path]:
    from ..workbook.libreoffice import to_pdf_many

    with tempfile.TemporaryDirectory(prefix="xlproduction-cs-") as tmp:
        sources: list[tuple[str, Path]] = []
        for day, wb in books:
            xlsx = Path(tmp, pdf_file_name(day.tab)[: -len(".pdf")] + ".xlsx")
            wb.save(xlsx)
            sources.append((day.tab, xlsx))
        made = to_pdf_many([x for _, x in sources], out_dir)
    return {tab: pdf for (tab, _), pdf in zip(sources, made, strict=True)}
