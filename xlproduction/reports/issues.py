"""The Issues tab: every finding of a check, errors first, each with a link to the cell to fix.

This is what a coordinator looks at after clicking Check, so it reads like a to-do list: severity, code, rule,
what is wrong, where (a hyperlink that jumps to the offending cell), and how to fix it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model.contract import ISSUES_SHEET
from ..model.findings import Finding, Severity
from ..model.production import Production
from ..model.sheetspec import Block, Link, SheetSpec, Style

HEADERS = ("Severity", "Code", "Rule", "Message", "Where", "Hint")
HEADER_ROW = 3
SEVERITY_FILL = {Severity.ERROR: "F8CBAD", Severity.WARNING: "FFE699", Severity.INFO: "DDEBF7"}


def summary(findings: Sequence[Finding]) -> str:
    n = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if not findings:
        return "No problems found."
    return f"{n[Severity.ERROR]} errors, {n[Severity.WARNING]} warnings, {n[Severity.INFO]} notes."


def issues_sheet(findings: Sequence[Finding], p: Production, when: dt.datetime | None = None) -> SheetSpec:
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    title = p.settings.title or "Production"
    blocks: list[Block] = [
        Block(1, 1, ((f"Issues — {title}",),), Style(bold=True, size=14)),
        Block(2, 1, ((f"Checked {stamp}: {summary(findings)}",),), Style(italic=True, color="595959")),
        Block(HEADER_ROW, 1, (HEADERS,), Style(bold=True, fill="D9D9D9", border=True)),
    ]
    links: list[Link] = []
    rows = []
    for i, f in enumerate(findings):
        r = HEADER_ROW + 1 + i
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.table or "")
        rows.append((f.severity.value.upper(), f.code, f.rule, f.message, where, f.hint))
        if f.sheet and f.cell:
            links.append(Link(r, 5, f.sheet, f.cell))
    if rows:
        blocks.append(Block(HEADER_ROW + 1, 1, tuple(rows), Style(wrap=True, border=True)))
        # One block per run of equal severity: findings are sorted, so this is at most three blocks.
        start = 0
        for i in range(1, len(findings) + 1):
            if i == len(findings) or findings[i].severity is not findings[start].severity:
                sev = findings[start].severity
                col = tuple((sev.value.upper(),) for _ in range(start, i))
                blocks.append(Block(HEADER_ROW + 1 + start, 1, col, Style(bold=True, fill=SEVERITY_FILL[sev],
                                                                          border=True)))
                start = i
    last = HEADER_ROW + max(len(rows), 1)
    return SheetSpec(
        name=ISSUES_SHEET, blocks=tuple(blocks), widths={1: 10, 2: 8, 3: 26, 4: 70, 5: 16, 6: 50},
        links=tuple(links), freeze=f"A{HEADER_ROW + 1}", landscape=True, print_title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        paper=p.settings.paper_size or "Letter", tab_color="C00000" if any(
            f.severity is Severity.ERROR for f in findings) else "70AD47",
        autofilter=f"A{HEADER_ROW}:F{last}",
        # Messages quote what users typed (sheet names, cell text): never let any of it run as a formula.
        literal_text=True)
