"""The change memo as a coordinator sends it: plain text, Markdown or JSON, and the Changes tab.

Changes are read by the day they concern (that is how a crew reads a schedule update): one group per shoot day in
day order, then what is tied to no single day (the cast and crew lists, a location used on several days), and the
budget and ledger last, under Finance, for the production accountant. Each line is the change's own sentence with
who it affects; nothing here decides what changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..model.contract import CHANGES_SHEET
from ..model.numformats import DATE_FORMAT, MONEY_BODY
from ..model.sheetspec import Block, SheetSpec, Style
from .model import Area, Change, ChangeSet

NO_CHANGES = "No changes."
HEADER_ROW = 4
COLUMNS = ("Day", "Date", "Area", "What changed", "Scene", "Before", "After", "Affects")
WIDTHS = (6, 16, 11, 70, 8, 24, 24, 30)


def groups(cs: ChangeSet) -> list[tuple[str, list[Change]]]:
    """(heading, changes) in memo order: each shoot day, then "Not tied to one day", then "Finance"."""
    out: list[tuple[str, list[Change]]] = []
    general: list[Change] = []
    finance = [c for c in cs if c.area is Area.FINANCE]
    for day, date, changes in cs.by_day():
        rest = [c for c in changes if c.area is not Area.FINANCE]
        if not rest:
            continue
        if day is None:
            general = rest
            continue
        out.append((f"Day {day}" + (f" · {date:%a %d-%b-%Y}" if date else ""), rest))
    if general:
        out.append(("Not tied to one day", general))
    if finance:
        out.append(("Finance", finance))
    return out


def _name(path: str) -> str:
    return Path(path).name if path else ""


def _subtitle(cs: ChangeSet) -> str:
    n = len(cs)
    count = f"{n} change{'s' if n != 1 else ''}" if n else "no changes"
    where = f"{_name(cs.old)} → {_name(cs.new)}: " if cs.old or cs.new else ""
    return where + count


def memo_text(cs: ChangeSet, *, affects: bool = True) -> str:
    lines = [f"Changes — {cs.title}" if cs.title else "Changes", _subtitle(cs)]
    for w in cs.warnings:
        lines.append(f"Warning: {w}")
    if not len(cs):
        lines += ["", NO_CHANGES]
    for heading, changes in groups(cs):
        lines += ["", heading]
        for c in changes:
            who = ", ".join(c.affects.labels(cs.characters)) if affects else ""
            lines.append(f"  • {c.message}" + (f"  [{who}]" if who else ""))
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(text: str) -> str:
    """Text that Markdown prints as typed (a character called *BOB* stays *BOB*, never bold)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def memo_markdown(cs: ChangeSet, *, affects: bool = True) -> str:
    title = f"Changes — {md_escape(cs.title)}" if cs.title else "Changes"
    lines = [f"# {title}", "", f"_{md_escape(_subtitle(cs))}_"]
    for w in cs.warnings:
        lines += ["", f"> **Warning:** {md_escape(w)}"]
    if not len(cs):
        lines += ["", NO_CHANGES]
    for heading, changes in groups(cs):
        lines += ["", f"## {md_escape(heading)}", ""]
        for c in changes:
            who = ", ".join(c.affects.labels(cs.characters)) if affects else ""
            lines.append(f"- {md_escape(c.message)}" + (f" — _{md_escape(who)}_" if who else ""))
    return "\n".join(lines) + "\n"


def memo_json(cs: ChangeSet) -> str:
    return json.dumps(cs.as_json(), indent=2, ensure_ascii=False) + "\n"


def changes_sheet(cs: ChangeSet, *, when: dt.datetime | None = None, paper: str = "Letter") -> SheetSpec:
    """The Changes tab: a banner row per group (shoot day, not tied to one day, finance), then one row per change."""
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    title = f"Changes — {cs.title}" if cs.title else "Changes"
    info = f"{_subtitle(cs)}. Generated {stamp}." + "".join(f" Warning: {w}" for w in cs.warnings)
    blocks: list[Block] = [
        Block(1, 1, ((title,),), Style(bold=True, size=14)),
        Block(2, 1, ((info,),), Style(italic=True, color="595959")),
        Block(HEADER_ROW, 1, (COLUMNS,), Style(bold=True, fill="D9D9D9", border=True)),
    ]
    row = HEADER_ROW + 1
    if not len(cs):
        blocks.append(Block(row, 1, ((NO_CHANGES,),), Style(italic=True)))
    for heading, changes in groups(cs):
        blocks.append(Block(row, 1, ((heading,),), Style(bold=True, fill="DDEBF7")))
        row += 1
        values = tuple((c.day, c.date, c.area.value, c.message, c.scene, c.before, c.after,
                        ", ".join(c.affects.labels(cs.characters))) for c in changes)  # fmt: skip
        blocks.append(Block(row, 1, values, Style(border=True, wrap=True)))
        blocks.append(Block(row, 2, tuple((v[1],) for v in values),
                            Style(border=True, wrap=True, number_format=DATE_FORMAT)))
        # Money before/after (the budget, the ledger) shows as the Budget sheet shows it; text is unaffected.
        blocks.append(Block(row, 6, tuple(v[5:7] for v in values),
                            Style(border=True, wrap=True, number_format=MONEY_BODY)))
        row += len(values)
    return SheetSpec(name=CHANGES_SHEET, blocks=tuple(blocks), widths={i + 1: w for i, w in enumerate(WIDTHS)},
                     freeze=f"A{HEADER_ROW + 1}", print_title_rows=f"{HEADER_ROW}:{HEADER_ROW}", landscape=True,
                     paper=paper or "Letter", tab_color="C00000", literal_text=True)  # fmt: skip
