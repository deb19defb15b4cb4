"""The rooming list: per hotel, who arrives and leaves when, in which room, who pays — and nothing else.

A hotel receives it by email, so it carries only what a hotel needs (signnow / medical-graphics rooming-list
templates, interchange research §5): the guest's name, arrival and departure dates, nights, room type, who they
share with, billing and the confirmation number. No phone, email, role, rate or account: the rate is the
production's business and the room's price is already the hotel's. Guests are sorted by arrival, as hotels work.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..model.contract import ROOMING_SHEET
from ..model.numformats import DATE_FORMAT
from ..model.production import Production
from ..model.sheetspec import Block, SheetSpec, Style
from ..model.stays import Booking, bookings
from .errors import ReportInputError
from .logistics_common import guest_name

COLUMNS = ("Guest", "Arrival", "Departure", "Nights", "Room Type", "Sharing With", "Billing", "Confirmation")
WIDTHS = (26, 16, 16, 8, 12, 26, 16, 14)


def hotels(p: Production) -> list[str]:
    """The hotels the Accommodation table books, in order of first arrival."""
    seen: dict[str, dt.date] = {}
    for b in bookings(p):
        when = b.check_in or dt.date.max
        seen[b.hotel] = min(seen.get(b.hotel, dt.date.max), when)
    return sorted(seen, key=lambda h: (seen[h], h.casefold()))


def rooming(p: Production, hotel: str | None = None) -> dict[str, list[Booking]]:
    """Bookings per hotel (one hotel when ``hotel`` names one, case-insensitively), each sorted by arrival."""
    names = hotels(p)
    if hotel is not None:
        match = [h for h in names if h.casefold() == " ".join(hotel.split()).casefold()]
        if not match:
            raise ReportInputError(f"No booking at a hotel named {hotel!r} in the Accommodation table. Hotels: "
                                   f"{', '.join(names) or 'none'}.")  # fmt: skip
        names = match
    out: dict[str, list[Booking]] = {h: [] for h in names}
    for b in bookings(p):
        if b.hotel in out:
            out[b.hotel].append(b)
    for h in out:
        out[h].sort(key=lambda b: (b.check_in or dt.date.max, guest_name(p, b.person).casefold()))
    return out


def _row(p: Production, b: Booking) -> tuple[object, ...]:
    mate = guest_name(p, b.sharing_with) if b.sharing_with else ""
    return (guest_name(p, b.person), b.check_in, b.check_out, len(b.nights) if b.nights else None, b.room_type,
            mate, b.billing, b.confirmation)  # fmt: skip


def rooming_frame(p: Production, by_hotel: dict[str, list[Booking]]) -> pd.DataFrame:
    """One row per guest with the hotel (the CSV and .xlsx sent to the hotel)."""
    rows = [{"Hotel": h, **dict(zip(COLUMNS, _row(p, b), strict=True))} for h, bs in by_hotel.items() for b in bs]
    return pd.DataFrame(rows, columns=["Hotel", *COLUMNS])


def rooming_sheet(p: Production, by_hotel: dict[str, list[Booking]], when: dt.datetime | None = None) -> SheetSpec:
    """The Rooming List tab: the guests of each hotel by arrival, the hotel's name and address on its first row."""
    title = p.settings.title or "Production"
    company = p.settings.company or ""
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    n = sum(len(v) for v in by_hotel.values())
    blocks = [
        Block(1, 1, ((f"Rooming list — {title}",),), Style(bold=True, size=14)),
        Block(2, 1, ((f"{company + ' — ' if company else ''}{n} guests at {len(by_hotel)} hotel"
                      f"{'s' if len(by_hotel) != 1 else ''}, sorted by arrival. Generated {stamp}.",),),
              Style(italic=True, color="595959")),
    ]
    address = {b.hotel: "" for bs in by_hotel.values() for b in bs}
    for r in p.accommodation.to_dict("records"):
        h = " ".join(str(r.get("hotel") or "").split())
        if h in address and not address[h] and isinstance(r.get("address"), str):
            address[h] = r["address"].strip()
    # One rectangle for all hotels (the hotel and its address on the first row of its guests): the same number of
    # Excel calls for two hotels as for twenty.
    blocks.append(Block(4, 1, (("Hotel", *COLUMNS),), Style(bold=True, fill="D9D9D9", border=True)))
    body = []
    for h, bs in by_hotel.items():
        for k, b in enumerate(bs):
            label = (h + (f" — {address[h]}" if address.get(h) else "")) if k == 0 else None
            body.append((label, *_row(p, b)))
    row = 5
    if body:
        blocks.append(Block(5, 1, tuple(body), Style(border=True, wrap=True)))
        for col in (3, 4):
            blocks.append(Block(5, col, tuple((v[col - 1],) for v in body),
                                Style(border=True, wrap=True, number_format=DATE_FORMAT)))  # fmt: skip
        row += len(body)
    if not by_hotel:
        blocks.append(Block(row, 1, (("The Accommodation table has no bookings.",),), Style(italic=True)))
    return SheetSpec(name=ROOMING_SHEET, blocks=tuple(blocks),
                     widths={i + 1: w for i, w in enumerate((34, *WIDTHS))}, freeze="A5", print_title_rows="4:4",
                     landscape=True, paper=p.settings.paper_size or "Letter", tab_color="548235",
                     literal_text=True)  # fmt: skip
