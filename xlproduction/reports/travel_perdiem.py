"""The travel movement list and the per-diem sheet.

- **Travel movements** (for the travel coordinator and the transport captain meeting flights): who travels when,
  from where to where, by what, on which flight or train, departing and arriving when, and the booking reference,
  in order of date and departure. Performers print by Cast ID and character with their name, crew by name.
- **Per diems** (for accounting, and a tab of the finance pack): one row per payee and date with the kind of day
  (travel, work, day off), the meals owed and the amount, then a total per payee and a grand total. Values only,
  no formula; no personal datum but the payee's name (no Cast ID next to it, no phone, no address), so it can go
  to accounting as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..model.contract import PER_DIEM_SHEET, TRAVEL_SHEET
from ..model.logistics import person_key
from ..model.numformats import DATE_FORMAT, money_format
from ..model.perdiems import PerDiemLine
from ..model.production import Production
from ..model.sheetspec import Block, SheetSpec, Style
from ..model.stays import who
from .logistics_common import clock, day_of, person_label, text

TRAVEL_COLUMNS = ("Date", "Traveller", "From", "To", "Mode", "Carrier and Number", "Depart", "Arrive", "Booking Ref")
TRAVEL_WIDTHS = (16, 30, 12, 12, 9, 16, 9, 9, 13)
PER_DIEM_COLUMNS = ("Payee", "Date", "Day", "Breakfast", "Lunch", "Dinner", "Amount", "Currency")
PER_DIEM_WIDTHS = (28, 16, 10, 11, 11, 11, 12, 9)


def travel_rows(p: Production) -> list[tuple[object, ...]]:
    """The Travel table's legs with a date, by date and departure."""
    rows = []
    for r in p.travel.to_dict("records"):
        when = day_of(r.get("date"))
        ident = text(r.get("person"))
        if when is None or not ident:
            continue
        person = who(p).get(person_key(ident))
        label = person_label(p, ident)
        if person is not None and person.cast:
            label = f"{label} ({person.name})"
        depart = r.get("depart")
        rows.append((when, label, text(r.get("origin")), text(r.get("destination")), text(r.get("mode")),
                     text(r.get("carrier")), clock(depart), clock(r.get("arrive")), text(r.get("booking_ref")),
                     depart if isinstance(depart, (dt.timedelta, pd.Timedelta)) else dt.timedelta.max))  # fmt: skip
    rows.sort(key=lambda x: (x[0], x[-1], str(x[1]).casefold()))
    return [x[:-1] for x in rows]


def travel_frame(p: Production) -> pd.DataFrame:
    return pd.DataFrame(travel_rows(p), columns=list(TRAVEL_COLUMNS))


def travel_sheet(p: Production, when: dt.datetime | None = None) -> SheetSpec:
    rows = travel_rows(p)
    title = p.settings.title or "Production"
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    blocks = [Block(1, 1, ((f"Travel movements — {title}",),), Style(bold=True, size=14)),
              Block(2, 1, ((f"{len(rows)} legs by date and departure. Generated {stamp}.",),),
                    Style(italic=True, color="595959")),
              Block(4, 1, (TRAVEL_COLUMNS,), Style(bold=True, fill="D9D9D9", border=True))]  # fmt: skip
    if rows:
        blocks.append(Block(5, 1, tuple(rows), Style(border=True)))
        blocks.append(Block(5, 1, tuple((r[0],) for r in rows), Style(border=True, number_format=DATE_FORMAT)))
    else:
        blocks.append(Block(5, 1, (("The Travel table has no legs.",),), Style(italic=True)))
    return SheetSpec(name=TRAVEL_SHEET, blocks=tuple(blocks), widths={i + 1: w for i, w in enumerate(TRAVEL_WIDTHS)},
                     freeze="A5", print_title_rows="4:4", landscape=True, paper=p.settings.paper_size or "Letter",
                     tab_color="2F75B5", autofilter=f"A4:I{4 + max(1, len(rows))}", literal_text=True)  # fmt: skip


def per_diem_frame(lines: Sequence[PerDiemLine]) -> pd.DataFrame:
    """One row per payee and date (the CSV export): values only, the payee's name the one personal datum."""
    return pd.DataFrame([{"Payee": x.payee, "Date": x.date, "Day": x.kind, "Breakfast": x.breakfast,
                          "Lunch": x.lunch, "Dinner": x.dinner, "Amount": x.amount, "Currency": x.currency}
                         for x in lines], columns=list(PER_DIEM_COLUMNS))  # fmt: skip


def per_diem_sheet(p: Production, lines: Sequence[PerDiemLine], when: dt.datetime | None = None) -> SheetSpec:
    """The Per Diems tab: each payee's dates, a total under each payee and a grand total per currency. A payee
    prints as their name alone (what accounting pays; the finance pack carries this tab as it is)."""
    title = p.settings.title or "Production"
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    blocks = [Block(1, 1, ((f"Per diems — {title}",),), Style(bold=True, size=14)),
              Block(2, 1, (("Travel days and days off in full; work days only the meals the company does not serve "
                            "(a dinner served as the first meal is deducted at the lunch rate). Values only. "
                            f"Generated {stamp}.",),), Style(italic=True, color="595959", wrap=False)),
              Block(4, 1, (PER_DIEM_COLUMNS,), Style(bold=True, fill="D9D9D9", border=True))]  # fmt: skip
    # One rectangle for every payee's days and subtotal, one for the grand totals: the same number of Excel calls
    # for three payees as for three hundred.
    body: list[tuple[object, ...]] = []
    totals: dict[str, float] = {}
    by_payee: dict[str, list[PerDiemLine]] = {}
    for x in lines:
        by_payee.setdefault(x.ident, []).append(x)
    for xs in by_payee.values():
        name = xs[0].payee
        body += [(name, x.date, x.kind, x.breakfast, x.lunch, x.dinner, x.amount, x.currency) for x in xs]
        subtotal = round(sum(x.amount for x in xs), 2)
        body.append((f"Total {name}", None, f"{len(xs)} days", None, None, None, subtotal, xs[0].currency))
        totals[xs[0].currency] = round(totals.get(xs[0].currency, 0.0) + subtotal, 2)
    currencies = {x.currency for x in lines}
    money = money_format(next(iter(currencies))) if len(currencies) == 1 else money_format(None)
    row = 5
    if body:
        blocks.append(Block(row, 1, tuple(body), Style(border=True)))
        blocks.append(Block(row, 2, tuple((v[1],) for v in body), Style(border=True, number_format=DATE_FORMAT)))
        blocks.append(Block(row, 4, tuple(v[3:7] for v in body), Style(border=True, number_format=money)))
        row += len(body)
    grand = tuple(("Grand total", None, None, None, None, None, total, currency)
                  for currency, total in sorted(totals.items()))  # fmt: skip
    if grand:
        blocks.append(Block(row, 1, grand, Style(bold=True, fill="D9D9D9", border=True)))
        blocks.append(Block(row, 7, tuple((g[6],) for g in grand), Style(bold=True, fill="D9D9D9", border=True,
                                                                          number_format=money)))  # fmt: skip
        row += len(grand)
    if not lines:
        blocks.append(Block(row, 1, (("Nobody from out of town: no per diems.",),), Style(italic=True)))
    return SheetSpec(name=PER_DIEM_SHEET, blocks=tuple(blocks),
                     widths={i + 1: w for i, w in enumerate(PER_DIEM_WIDTHS)}, freeze="A5", print_title_rows="4:4",
                     paper=p.settings.paper_size or "Letter", tab_color="BF8F00", literal_text=True)  # fmt: skip
