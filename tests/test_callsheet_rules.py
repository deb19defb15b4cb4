"""A call sheet runs only the rules that can concern it: the others never point at a table the sheet reads.

``callsheet_rules`` skips the budget and ledger rules by their declared tables (``Rule.tables``), which saves a
third of the checking time on a season's workbook. This holds only while no skipped rule reports on a call-sheet
table, so the failing fixtures of the skipped rules (tests/rules/fixtures), where they report, are run through all
the skipped rules and their findings are checked. The one exception is a rule that also needs a table a call-sheet
run does not load (LG008 needs Accommodation): on that partial read it would report what is not so, and what it
reports (a missing hotel room) does not stop the day being printed.
"""

from __future__ import annotations

from xlproduction.callsheet.readiness import CALLSHEET_LOAD, CALLSHEET_TABLES, callsheet_rules
from xlproduction.checks import ALL_RULES, run_checks

from .rules.base import TODAY
from .rules.harness import _in_memory, apply_patch, base, load_cases


def test_skipped_rules_never_point_at_a_table_the_call_sheet_reads() -> None:
    kept = {r.code for r in callsheet_rules()}
    skipped = [r for r in ALL_RULES if r.check is not None and r.code not in kept]
    # TK: the prep list; LG: travel and rooms (Transport is read for pickups, but its rules block the Transport tab)
    assert {r.code[:2] for r in skipped} <= {"AC", "BU", "XR", "TK", "LG"} and len(skipped) >= 10
    sheet, load = set(CALLSHEET_TABLES), set(CALLSHEET_LOAD)
    unloaded = {r.code for r in skipped if set(r.tables) & sheet and set(r.tables) - load}
    assert unloaded == {"LG008"}
    codes = {r.code for r in skipped} - unloaded
    seen = 0
    for case in load_cases():
        if case.kind != "fail" or case.code not in codes:
            continue
        p = _in_memory(apply_patch(base(), case.patch), TODAY)
        for f in run_checks(p, skipped):
            if f.code in codes:
                seen += 1
                assert f.table not in CALLSHEET_TABLES, (case.id, f)
    assert seen >= 20  # the skipped rules did report on their own tables
