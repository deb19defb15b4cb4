"""docs/callsheets.md, generated from the placeholder lists so the coordinator's reference never drifts from the
code (a test compares the committed file with this output)."""

from __future__ import annotations

from ..model.contract import CALLS, CALLSHEET_TEMPLATE_SHEET, CREW, SCHEDULE, SETTINGS_BY_KEY
from .fill import BANNER, BLOCKS, EMPTY_BLOCK, HEADING, SCALARS
from .model import HMU_LEAD, MEAL_LENGTH, NO_SHOOTING_CALL_LEAD

_NO_SHOOT, _MEAL, _HMU = (int(t.total_seconds() // 60) for t in (NO_SHOOTING_CALL_LEAD, MEAL_LENGTH, HMU_LEAD))
_COLOURS = SETTINGS_BY_KEY["revision_colours"].label
_C = {k: CALLS.header(k) for k in ("department", "crew", "cast_id", "call", "remarks", "pickup", "makeup", "on_set")}

INTRO = f"""\
# Call sheets

`xlproduction callsheet PATH --day N | --date YYYY-MM-DD | --all [--pdf] [--audience crew|cast|client]` writes one
tab per shoot day — `CS D05 Wed 03-Mar` (`… cast` / `… client` for the other versions) — into a copy of the
workbook (`NAME.callsheets.xlsx`, or `--output`; `--in-place` writes into the workbook and keeps a backup), and
with `--pdf` prints each tab to its own PDF through LibreOffice (one page wide, portrait, the paper size of
Settings). Generating a day again replaces its tab where it stood and bumps its revision through the
{_COLOURS} setting (White, Blue, Pink … Cherry, then 2nd Blue …); the revision is kept right of the tab's print
area.

Before writing, the workbook's checks run; errors in what the day's sheet is made from (its Days, Schedule and
Calls rows, its scenes, its cast, its locations, the crew on it, the Settings it prints) block that day and
nothing is written (exit code 1). Warnings are printed and noted right of the printed area.

## The template tab

Every call sheet is a copy of the **{CALLSHEET_TEMPLATE_SHEET}** tab filled with the day's values. Restyle it in Excel
as you like — fonts, colours, borders, column widths, row heights, a logo picture, page setup — and every call
sheet generated afterwards looks the same. Add or remove rows and columns freely; keep the print area over the
layout (the notes right of it are not copied).

- `{{{{name}}}}` is replaced by the day's value: `{{{{title}}}}`, `{{{{day_x_of_y}}}}`, `{{{{crew_call}}}}`. A cell
  holding only a placeholder receives the value alone (a plain whole number becomes a number); text around
  placeholders is kept: `Parking: {{{{parking}}}}`.
- `{{{{block.field}}}}` belongs to a repeated block. A row naming a block is printed once per item of the block
  (per scene, performer, crew member…); consecutive rows naming the same block repeat together (two-line
  items). Use one block per row.
- A row naming `{{{{scenes.{BANNER}}}}}` prints the banners after scenes (LUNCH, COMPANY MOVE, from the
  {SCHEDULE.name}'s {SCHEDULE.header('banner')} column); without one, banners print in the scene row's Set
  column. A row naming `{{{{crew.{HEADING}}}}}` prints a heading above each department; without one there are
  no headings.
- A block with nothing to list prints its row once with `{EMPTY_BLOCK}` in its first field.
- Blocks grow with their items: nothing is ever cut, and the sheet prints on as many pages as it needs, with
  the template's print-title rows repeated on each page.
- Names are case-insensitive. A name that does not exist is left in the cell as typed and reported.

## Defaults a Calls row can override

- Crew: general crew call + the person's {CREW.header("call_offset")}. A {CALLS.name} row with a {_C["department"]}
  (no {_C["crew"]}, no {_C["cast_id"]}) and a {_C["call"]} sets the whole department's call; a {CALLS.name} row
  naming the crew member sets theirs. A {CALLS.name} row with a {_C["department"]} and {_C["remarks"]} is a
  department note.
- Cast: on set at the shooting call (crew call + {_NO_SHOOT} min when the day has none) plus the est. time of
  the strips before their first scene of the day ({_MEAL} min more after a LUNCH/MEAL banner); makeup/hair
  {_HMU} min before on set but never before the general crew call; no pickup. Their {CALLS.name} row
  ({_C["pickup"]}, {_C["makeup"]}, {_C["on_set"]}, {_C["remarks"]}) overrides each. Performers on hold,
  travelling or in a fitting are listed with their Day Out of Days code.
- Audiences: the cast version carries no crew or key-people phone numbers and no location contact (the office
  phone and the hospital stay); the client version no phone number, crew name, pickup or location contact.
"""


def callsheet_markdown() -> str:
    lines = [INTRO, "## Scalars", "", "| Placeholder | Value |", "| --- | --- |"]
    lines += [f"| `{{{{{name}}}}}` | {text} |" for name, text in SCALARS.items()]
    lines += ["", "## Blocks", ""]
    for block, fields in BLOCKS.items():
        lines += [f"### {block}", "", "| Placeholder | Value |", "| --- | --- |"]
        lines += [f"| `{{{{{block}.{name}}}}}` | {text} |" for name, text in fields.items()]
        lines.append("")
    return "\n".join(lines)
