"""The crew list: everyone on the crew, department by department in call-sheet order.

Two versions, because who may see a phone number is a real question on a set:

- **contacts** (the contact sheet handed to the crew): position, name, phone, email and walkie channel. Emergency
  contacts and day rates are never on it — they stay with the production office.
- **no personal data** (for posting, for the studio, for anyone outside the crew): every column the contract
  marks personal is left out, names included, so it lists positions, union, engagement dates and walkie channels.

Departments print in the contract's ``DEPARTMENTS`` order (the call sheet's); departments the contract does not
know come after, alphabetically; people keep their order in the Crew table within a department (coordinators
list the head of department first).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..model.contract import CREW, CREW_LIST_SHEET, DEPARTMENTS
from ..model.numformats import SHORT_DATE_FORMAT
from ..model.production import Production
from ..model.sheetspec import Block, SheetSpec, Style

# What the crew list is made from (``load_production(tables=...)``).
CREW_TABLES = (CREW.name,)
CONTACT_COLUMNS = ("position", "name", "phone", "email", "walkie")
PUBLIC_COLUMNS = ("position", "union", "start_date", "end_date", "walkie")
# The no-personal-data version must stay so if the contract marks more columns personal later.
assert not any(CREW.column(k).personal for k in PUBLIC_COLUMNS), "a public crew-list column is personal"

HEADER_ROW = 4


def crew_list(p: Production, *, contacts: bool = True) -> pd.DataFrame:
    """The crew in call-sheet order: ``department`` then the version's columns (keys of the Crew table)."""
    cols = CONTACT_COLUMNS if contacts else PUBLIC_COLUMNS
    crew = p.crew[["department", *cols]].copy()
    crew = crew.dropna(how="all")
    order = {dept: i for i, dept in enumerate(DEPARTMENTS)}
    crew["_known"] = crew["department"].map(order)
    crew["_dept"] = crew["department"].astype("string").fillna("").str.casefold()
    crew["_pos"] = range(len(crew))
    crew = crew.sort_values(["_known", "_dept", "_pos"], na_position="last", kind="stable")
    crew["department"] = crew["department"].astype("string").fillna("(no department)")
    return crew.drop(columns=["_known", "_dept", "_pos"]).reset_index(drop=True)


def crew_frame(p: Production, *, contacts: bool = True) -> pd.DataFrame:
    """The crew list with the Crew table's headers (the CSV export)."""
    df = crew_list(p, contacts=contacts)
    return df.rename(columns={k: CREW.header(k) for k in df.columns})


def _cell(v: object) -> object:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date() if not pd.isna(v) else None
    return v


def crew_sheet(p: Production, *, contacts: bool = True, when: dt.datetime | None = None) -> SheetSpec:
    """The Crew List tab: a banner row per department, then its people."""
    df = crew_list(p, contacts=contacts)
    cols = CONTACT_COLUMNS if contacts else PUBLIC_COLUMNS
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    title = p.settings.title or "Production"
    kind = ("Contact list — confidential: for the crew only, do not post or forward." if contacts
            else "No personal data: positions only, no names or contact details.")  # fmt: skip
    blocks: list[Block] = [
        Block(1, 1, ((f"Crew List — {title}",),), Style(bold=True, size=14)),
        Block(2, 1, ((f"{kind} {len(df)} crew. Generated {stamp}.",),), Style(italic=True, color="595959")),
        Block(HEADER_ROW, 1, (tuple(CREW.header(k) for k in cols),), Style(bold=True, fill="D9D9D9", border=True)),
    ]
    row = HEADER_ROW + 1
    date_cols = [i for i, k in enumerate(cols) if k in ("start_date", "end_date")]
    for dept, people in df.groupby("department", sort=False):
        blocks.append(Block(row, 1, ((str(dept),),), Style(bold=True, fill="DDEBF7")))
        row += 1
        values = tuple(tuple(_cell(v) for v in r) for r in people[list(cols)].itertuples(index=False, name=None))
        blocks.append(Block(row, 1, values, Style(border=True)))
        for i in date_cols:
            blocks.append(Block(row, i + 1, tuple((r[i],) for r in values),
                                Style(border=True, number_format=SHORT_DATE_FORMAT)))
        row += len(values)
    widths = {i + 1: max(CREW.column(k).width, 12) for i, k in enumerate(cols)}
    return SheetSpec(name=CREW_LIST_SHEET, blocks=tuple(blocks), widths=widths, freeze=f"A{HEADER_ROW + 1}",
                     print_title_rows=f"{HEADER_ROW}:{HEADER_ROW}", paper=p.settings.paper_size or "Letter",
                     tab_color="7030A0", literal_text=True)  # fmt: skip
