"""The DOOD tab: the Day Out of Days as coordinators print it — one row per performer, one column per date.

The grid comes from ``xlproduction.model.dood`` (the codes and totals are computed there, once); this module only lays
it out: cast ID and character frozen on the left, three header rows (weekday, date, shoot day), a coloured cell
per code so work, holds and drops read as strips of colour, the per-performer totals on the right, per-day totals
below, and a legend. Company days off are shaded down the whole column. Everything is a value (no formulas): the
tab is regenerated from the schedule, never edited.

Performer names are personal data (Cast → Performer): the tab shows cast ID and character only, so it can be
posted or emailed to the whole crew.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..model.contract import CAST, CAST_EVENTS, DAYS, DOOD_CODES, DOOD_SHEET, DOOD_TOTALS, SCENES, SCHEDULE
from ..model.dood import BLANK, TOTAL_CODES, Dood, dood
from ..model.production import Production
from ..model.sheetspec import Block, Format, SheetSpec, Style

TITLE_ROW, INFO_ROW = 1, 2
WEEKDAY_ROW, DATE_ROW, HEADER_ROW = 4, 5, 6
FIRST_ROW = HEADER_ROW + 1
# What the DOOD is made from (``load_production(tables=...)``): the budget and ledger are not read for it.
DOOD_TABLES = tuple(t.name for t in (DAYS, SCHEDULE, SCENES, CAST, CAST_EVENTS))
FIRST_DATE_COL = 3  # A: cast ID, B: character
COUNT_TOTALS = tuple(k for k in DOOD_TOTALS if k not in ("start", "finish"))

# Fill per code: work in greens (start and finish marked stronger), holds yellow, drops grey-blue, pick-ups blue,
# events in pastels, company days off grey. Readable when printed in greyscale too (distinct lightness).
CODE_FILLS: dict[str, str] = {
    "SW": "00B050", "W": "C6EFCE", "WF": "FF7C80", "SWF": "FFC000", "H": "FFEB9C", "D": "BDD7EE",
    "PW": "5B9BD5", "PWF": "2F75B5", "TR": "D9E1F2", "R": "E4DFEC", "FT": "FCE4D6", "HOL": "F4B084", "/": "D9D9D9",
}  # fmt: skip
_STRONG = {"SW", "WF", "SWF", "PW", "PWF"}  # codes that change what a performer costs: printed bold
OFF_FILL = "EDEDED"
HEADER = Style(bold=True, fill="D9D9D9", border=True, align="center", wrap=True)
DATE_FORMAT = "d-mmm"  # 1-Mar: fits the narrow date columns
LONG_DATE_FORMAT = "dd-mmm-yy"


def _runs(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """(row, first col, last col) of every horizontal run of True cells (vectorised)."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 1)))
    step = np.diff(padded, axis=1)
    starts = np.argwhere(step == 1)  # row-major, so starts and ends pair up in order
    ends = np.argwhere(step == -1)
    return [(int(r), int(a), int(b) - 1) for (r, a), (_, b) in zip(starts, ends, strict=True)]


def _date(v: Any) -> dt.date | None:
    return None if pd.isna(v) else pd.Timestamp(v).date()


def dood_sheet(p: Production, d: Dood | None = None, when: dt.datetime | None = None) -> SheetSpec:
    """The DOOD tab of ``p`` (pass a precomputed ``d`` to reuse it)."""
    d = d if d is not None else dood(p)
    title = p.settings.title or "Production"
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    n_dates, m = d.grid.shape[1], d.grid.shape[0]
    last_date_col = FIRST_DATE_COL + n_dates - 1
    tot_col = last_date_col + 1
    last_cast_row = FIRST_ROW + m - 1
    shoot_days = int(d.dates["shoot"].sum())
    span = (f"{d.dates['date'].iloc[0]:%a %d-%b-%Y} to {d.dates['date'].iloc[-1]:%a %d-%b-%Y}, "
            if n_dates else "")  # fmt: skip
    info = (f"{span}{shoot_days} shoot day{'s' if shoot_days != 1 else ''}; {m} cast. Drop/pick-up when allowed and "
            f"more than {d.drop_gap} calendar days off ({p.settings.production_type or 'Feature'}). Generated {stamp}.")
    blocks: list[Block] = [
        Block(TITLE_ROW, 1, ((f"Day Out of Days — {title}",),), Style(bold=True, size=14)),
        Block(INFO_ROW, 1, ((info,),), Style(italic=True, color="595959")),
        Block(WEEKDAY_ROW, 2, (("Weekday",), ("Date",)), Style(italic=True, align="right", color="595959")),
        Block(HEADER_ROW, 1, ((CAST.header("cast_id"), CAST.header("character")),), HEADER),
    ]
    if n_dates:
        dates = [x.date() for x in d.dates["date"]]
        blocks += [
            Block(WEEKDAY_ROW, FIRST_DATE_COL, (tuple(d.dates["weekday"]),), HEADER),
            Block(DATE_ROW, FIRST_DATE_COL, (tuple(dates),),
                  Style(fill="D9D9D9", border=True, align="center", size=8, number_format=DATE_FORMAT)),
            Block(HEADER_ROW, FIRST_DATE_COL, (tuple(None if pd.isna(x) else int(x) for x in d.dates["day"]),),
                  HEADER),
        ]  # fmt: skip
    blocks.append(Block(HEADER_ROW, tot_col, (tuple(DOOD_TOTALS.values()),), HEADER))
    blocks.append(Block(DATE_ROW, tot_col, (("Totals",),), Style(bold=True)))

    formats: list[Format] = []
    codes = d.grid.to_numpy()
    if m:
        people = d.people
        names = tuple((str(a), None if pd.isna(b) else str(b)) for a, b in zip(people["cast_id"], people["character"],
                                                                              strict=True))
        blocks.append(Block(FIRST_ROW, 1, names, Style(border=True)))
        if n_dates:
            grid = tuple(tuple(None if c == BLANK else c for c in row) for row in codes)
            blocks.append(Block(FIRST_ROW, FIRST_DATE_COL, grid, Style(border=True, align="center", size=9)))
        counts = tuple(tuple(int(people.at[i, k]) for k in COUNT_TOTALS) for i in range(m))
        blocks.append(Block(FIRST_ROW, tot_col, counts, Style(border=True, align="center")))
        se = tuple((_date(a), _date(b)) for a, b in zip(people["start"], people["finish"], strict=True))
        blocks.append(Block(FIRST_ROW, tot_col + len(COUNT_TOTALS), se,
                            Style(border=True, align="center", number_format=LONG_DATE_FORMAT)))

    # Under the grid: the column totals of the per-performer totals, then one row per kind of day, per date.
    total_row = last_cast_row + 1
    blocks.append(Block(total_row, 1, (("Total", None),), Style(bold=True, border=True, fill="F2F2F2")))
    sums = tuple(int(d.people[k].sum()) for k in COUNT_TOTALS)
    blocks.append(Block(total_row, tot_col, (sums,), Style(bold=True, border=True, align="center", fill="F2F2F2")))
    per_day_row = total_row + 2
    labels = tuple(("Per day" if i == 0 else None, DOOD_TOTALS[k]) for i, k in enumerate(TOTAL_CODES))
    blocks.append(Block(per_day_row, 1, labels, Style(bold=True, border=True)))
    if n_dates:
        per_day = tuple(tuple(int(x) for x in d.per_day[k]) for k in TOTAL_CODES)
        blocks.append(Block(per_day_row, FIRST_DATE_COL, per_day, Style(border=True, align="center", size=9)))
    last_per_day_row = per_day_row + len(TOTAL_CODES) - 1

    # Company days off and other non-shoot dates: the whole column shaded, under the codes.
    if n_dates:
        off_cols = np.flatnonzero(~d.dates["shoot"].to_numpy())
        col_runs = _runs(np.isin(np.arange(n_dates), off_cols)[None, :])
        formats.append(Format(Style(fill=OFF_FILL, border=True, align="center", size=9), tuple(
            (FIRST_ROW, FIRST_DATE_COL + a, last_per_day_row, FIRST_DATE_COL + b) for _, a, b in col_runs)))
        for code, fill in CODE_FILLS.items():
            runs = _runs(codes == code) if m else []
            if runs:
                formats.append(Format(
                    Style(fill=fill, border=True, align="center", bold=code in _STRONG, size=9,
                          color="FFFFFF" if code in ("SW", "PW", "PWF") else None),
                    tuple((FIRST_ROW + r, FIRST_DATE_COL + a, FIRST_ROW + r, FIRST_DATE_COL + b) for r, a, b in runs)))

    # Legend.
    legend_row = last_per_day_row + 2
    blocks.append(Block(legend_row, 1, (("Legend",),), Style(bold=True)))
    legend = tuple((code, text) for code, text in DOOD_CODES.items())
    blocks.append(Block(legend_row + 1, 1, tuple((c,) for c, _ in legend), Style(border=True, align="center")))
    blocks.append(Block(legend_row + 1, 2, tuple((t,) for _, t in legend), Style()))
    for i, (code, _) in enumerate(legend):
        formats.append(Format(Style(fill=CODE_FILLS[code], border=True, align="center", bold=code in _STRONG,
                                    color="FFFFFF" if code in ("SW", "PW", "PWF") else None),
                              ((legend_row + 1 + i, 1, legend_row + 1 + i, 1),)))  # fmt: skip

    widths: dict[int, float] = {1: 8, 2: 20}
    widths.update({FIRST_DATE_COL + j: 6 for j in range(n_dates)})
    widths.update({tot_col + j: 9.5 for j in range(len(COUNT_TOTALS))})
    widths.update({tot_col + len(COUNT_TOTALS) + j: 10.5 for j in range(2)})
    return SheetSpec(
        name=DOOD_SHEET, blocks=tuple(blocks), widths=widths, freeze=f"C{FIRST_ROW}", landscape=True,
        print_title_rows=f"{WEEKDAY_ROW}:{HEADER_ROW}", paper=p.settings.paper_size or "Letter", tab_color="00B050",
        formats=tuple(formats), heights={HEADER_ROW: 30}, literal_text=True)  # fmt: skip


def dood_frame(d: Dood) -> pd.DataFrame:
    """The DOOD as one flat table for CSV: cast ID, character, one column per date (ISO), then the totals."""
    grid = d.grid.copy()
    grid.columns = [c.date().isoformat() for c in grid.columns]
    people = d.people.set_index("cast_id")
    totals = people[[k for k in DOOD_TOTALS]].copy()
    for c in ("start", "finish"):
        totals[c] = pd.to_datetime(totals[c]).dt.date
    totals.columns = [DOOD_TOTALS[k] for k in DOOD_TOTALS]
    frame = pd.concat([people[["character"]].rename(columns={"character": CAST.header("character")}), grid, totals],
                      axis=1)  # fmt: skip
    return frame.rename_axis(CAST.header("cast_id")).reset_index()
