"""The call sheet shows each scene's background, props, vehicles and special needs (the Elements table), in the
default template's section and through the scene fields, for every audience."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from xlproduction.callsheet.model import build_callsheet
from xlproduction.jobs.callsheets import generate_callsheets
from xlproduction.workbook.reader import load_production

from .callsheet_support import DAY, TAB, callsheet_data, write_book
from .rules.harness import apply_patch


def test_each_scene_of_the_day_lists_what_it_needs(tmp_path: Path) -> None:
    data = apply_patch(callsheet_data(), {"add": [
        {"table": "Elements", "row": {"scene": "6", "category": "Prop", "element": "Cash register"}},
        {"table": "Elements", "row": {"scene": "6", "category": "SFX", "element": "Rain towers"}},
        {"table": "Elements", "row": {"scene": "6", "category": "Animals", "element": "Cat"}},
        {"table": "Elements", "row": {"scene": "6", "category": "Comments", "element": "Wide lens"}},
        {"table": "Elements", "row": {"scene": "6", "category": "Picture Cars (UCID 501)", "element": "Hearse"}},
        {"table": "Elements", "row": {"scene": "4", "category": "Props", "element": "Bench plaque"}},
    ]})  # fmt: skip
    book = write_book(tmp_path / "prod.xlsx", data)
    for audience in ("crew",):
        res = generate_callsheets(book, tmp_path / f"{audience}.xlsx", [DAY], audience)
        ws = load_workbook(res.workbook)[res.tabs[0]]
        head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "BACKGROUND, PROPS & SPECIAL NEEDS")
        assert [ws.cell(head + 1, c).value for c in (1, 2, 4, 7, 9)] == ["Sc.", "Background", "Props", "Vehicles",
                                                                         "Special needs"]  # fmt: skip
        got = [tuple(ws.cell(r, c).value for c in (1, 2, 4, 7, 9)) for r in (head + 2, head + 3)]
        assert got == [
            (3, "4 diners", None, "1978 pickup", None),
            (6, None, "Cash register", None, "Special Effects: Rain towers; Animals: Cat; Picture Cars: Hearse")]
        assert ws.cell(head + 4, 1).value is None  # day 2 has scenes 3 and 6 only; scene 4's prop is day 3's
    assert res.tabs == [TAB]
    # Every audience gets them: nothing in them is personal.
    p = load_production(book)
    lines = {a: build_callsheet(p, DAY, a).elements for a in ("crew", "cast", "client")}
    assert lines["cast"] == lines["client"] == lines["crew"] and len(lines["crew"]) == 2
