"""Logistics reports: the day's Transport tab (movement order), the Rooming List, Travel Movements and Per Diems —
the jobs behind `xlproduction report transport|rooming|travel|perdiem` and the Logistics buttons of the ribbon.

Each reads only the tables its tab is made from, refuses to write anything while those tables have blocking
errors (reports/logistics_common.py says which), and writes its tab into the workbook and the exports asked for,
as the other report tabs do.
"""

from __future__ import annotations

from pathlib import Path

from ..model.perdiems import per_diems
from ..model.production import Production
from ..reports.logistics_common import (
    PER_DIEM_TABLES,
    ROOMING_TABLES,
    TRANSPORT_TABLES,
    TRAVEL_TABLES,
    LogisticsNotReady,
    blocking_errors,
)
from ..reports.rooming import rooming, rooming_frame, rooming_sheet
from ..reports.transport_tab import movement_frame, movement_order, transport_sheet
from ..reports.travel_perdiem import per_diem_frame, per_diem_sheet, travel_frame, travel_sheet
from .report_tab import ReportResult, deliver, read
from .source import Source


def _ready(source: Source, p: Production, tables: tuple[str, ...], what: str) -> None:
    with source.step("Checking the tables it is made from"):
        errors = blocking_errors(p, tables)
    if errors:
        raise LogisticsNotReady(what, errors)


def transport_report(source: Source, day: int | None = None, *, write_tab: bool = True, csv: Path | None = None,
                     xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """Shoot day ``day``'s movement order (None: the day selected in Days or Schedule, else the next shoot day)."""
    p = read(source, TRANSPORT_TABLES)
    if day is None:
        from ..callsheet.model import UnknownDay
        from ..reports.errors import ReportInputError
        from .callsheets import next_day

        try:
            day = source.selected_day(p) or next_day(p)
        except UnknownDay as e:
            raise ReportInputError(str(e)) from None
    _ready(source, p, TRANSPORT_TABLES, f"Transport tab of day {day}")
    with source.step(f"Laying out the movement order of day {day}"):
        m = movement_order(p, day)
        tab = transport_sheet(p, m)
        vehicles = len({s.vehicle for s in m.stops})
        summary = (f"day {day}: {len(m.stops)} runs in {vehicles} vehicle{'s' if vehicles != 1 else ''}"
                   + (" (derived from the calls: no Transport rows that day)" if m.derived else ""))
    return deliver(source, p, tab, movement_frame(m), summary, write_tab=write_tab, csv=csv, xlsx=xlsx)


def rooming_report(source: Source, hotel: str | None = None, *, write_tab: bool = True, csv: Path | None = None,
                   xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """The rooming list of every hotel, or of ``hotel`` alone (what is sent to that hotel)."""
    p = read(source, ROOMING_TABLES)
    _ready(source, p, ROOMING_TABLES, "rooming list")
    with source.step("Laying out the rooming list"):
        by_hotel = rooming(p, hotel)
        tab = rooming_sheet(p, by_hotel)
        n = sum(len(v) for v in by_hotel.values())
        summary = f"{n} guests at {len(by_hotel)} hotel{'s' if len(by_hotel) != 1 else ''}"
    return deliver(source, p, tab, rooming_frame(p, by_hotel), summary, write_tab=write_tab, csv=csv, xlsx=xlsx)


def travel_report(source: Source, *, write_tab: bool = True, csv: Path | None = None,
                  xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """Every leg of the Travel table by date: who travels when, by what, with the booking reference."""
    p = read(source, TRAVEL_TABLES)
    _ready(source, p, TRAVEL_TABLES, "travel movement list")
    with source.step("Laying out the travel movements"):
        frame = travel_frame(p)
        tab = travel_sheet(p)
    return deliver(source, p, tab, frame, f"{len(frame)} travel legs", write_tab=write_tab, csv=csv, xlsx=xlsx)


def per_diem_report(source: Source, *, write_tab: bool = True, csv: Path | None = None,
                    xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """The per diems owed to everyone from out of town, per payee and date (values only, for accounting)."""
    p = read(source, PER_DIEM_TABLES)
    _ready(source, p, PER_DIEM_TABLES, "per-diem sheet")
    with source.step("Computing the per diems"):
        lines = per_diems(p)
        tab = per_diem_sheet(p, lines)
        payees = len({x.ident for x in lines})
        total = sum(x.amount for x in lines)
        summary = f"{payees} payees, {len(lines)} days, {total:,.2f} in all"
    return deliver(source, p, tab, per_diem_frame(lines), summary, write_tab=write_tab, csv=csv, xlsx=xlsx)
