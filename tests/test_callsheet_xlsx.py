"""Generated call-sheet tabs in real .xlsx files: values in the right cells, the coordinator's restyled template
followed, overflow without loss, regeneration with revisions, audiences, readiness, and the CLI."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.jobs.callsheets import CallSheetNotReady, generate_callsheets, tab_name
from xlproduction.model.contract import CALLSHEET_REVISION_LABEL, CALLSHEET_TEMPLATE_SHEET
from xlproduction.workbook.callsheet_canvas import read_revisions

from .callsheet_support import DATE, DAY, TAB, callsheet_data, overflow_data, write_book
from .rules.harness import apply_patch

runner = CliRunner()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "prod.xlsx", callsheet_data())


def values(ws: Worksheet) -> list[tuple[int, int, Any]]:
    return [(c.row, c.column, c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def find(ws: Worksheet, value: Any, col: int | None = None) -> list[int]:
    """Rows where ``value`` is (in column ``col``)."""
    return [r for r, c, v in values(ws) if v == value and (col is None or c == col)]


def block_rows(ws: Worksheet, header: str) -> list[int]:
    """The data rows under the column header row whose column A reads ``header`` after a section bar."""
    start = find(ws, header, 1)[0] + 1
    rows = []
    r = start
    while (ws.cell(r, 1).value not in (None, "") or ws.cell(r, 2).value not in (None, "")) and \
            ws.cell(r, 1).value != "Total pages":
        rows.append(r)
        r += 1
    return rows


def test_tab_has_the_values_in_the_right_cells(book: Path, tmp_path: Path) -> None:
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY])
    assert res.tabs == [TAB] == [tab_name(DAY, DATE)]
    wb = load_workbook(res.workbook)
    ws = wb[TAB]
    assert wb.sheetnames.index(TAB) == wb.sheetnames.index(CALLSHEET_TEMPLATE_SHEET) + 1
    assert (ws["A1"].value, ws["I1"].value, ws["I2"].value, ws["I3"].value) == (
        "Base Test", "CALL SHEET", "Tuesday, March 2, 2027", "Day 2 of 3")
    assert (ws["K4"].value, ws["K5"].value, ws["K6"].value, ws["K7"].value) == ("7:00 AM", "8:00 AM", "1:00 PM",
                                                                                "7:00 PM")  # fmt: skip
    assert (ws["C5"].value, ws["F5"].value) == ("Uma Manager", "+1 310 555 0110")
    assert (ws["K8"].value, ws["K9"].value) == (2, "White")
    assert ws["C9"].value == "Sunny, high 72°F"
    assert ws["C10"].value.endswith(" AM") and ws["G10"].value.endswith(" PM")
    assert ws["A14"].value == "Starlite Diner" and ws["I14"].value == "Parking: Lot behind the diner"
    assert ws["D15"].value == "General Hospital, 1 Care Way, Los Angeles, CA, +1 213 555 0100"
    # Scenes: 3, the LUNCH banner, 6, then the total.
    assert [ws.cell(r, 1).value for r in (19, 21)] == [3, 6]
    assert [ws.cell(19, c).value for c in (2, 5, 6, 7, 8, 9, 11, 12)] == [
        "DINER - PARKING LOT", "EXT", "DAY", "6/8", 2, "Rita arrives.", "1:00", "Starlite Diner"]
    assert ws["A20"].value == "LUNCH" and "A20:L20" in {str(m) for m in ws.merged_cells.ranges}
    assert (ws["A22"].value, ws["G22"].value, ws["K22"].value) == ("Total pages", "1 6/8", "2:30")
    cast = block_rows(ws, "#")
    assert [(ws.cell(r, 1).value, ws.cell(r, 6).value, ws.cell(r, 7).value, ws.cell(r, 8).value,
             ws.cell(r, 9).value) for r in cast] == [
        (1, "W", None, "9:00 AM", "10:00 AM"), (2, "WF", "6:15 AM", "6:45 AM", "8:00 AM"), (3, "H", None, None, None)]
    crew_names = [ws.cell(r, 4).value for r in block_rows(ws, "Position") if ws.cell(r, 4).value]
    assert crew_names == ["Uma Manager", "Adam First", "Dana Photo", "Gus Grip", "Sam Sound", "Cat Ering"]
    dana = find(ws, "Dana Photo", 4)[0]
    assert (ws.cell(dana, 9).value, ws.cell(dana, 10).value, ws.cell(dana, 11).value) == ("6:00 AM", 5,
                                                                                          "Steadicam prep")
    assert ws.cell(dana - 1, 1).value == "Camera"  # the department heading row
    assert find(ws, "Safety meeting at crew call", 4)
    assert any(isinstance(v, str) and v.startswith("ADVANCE SCHEDULE — Day 3 · Wed 03-Mar-2027") for _, _, v in
               values(ws))  # fmt: skip
    # The revision, right of the print area, where it never prints.
    assert ws.print_area == f"'{TAB}'!$A$1:$L${ws.max_row}" or ws.print_area.endswith(f"$L${ws.max_row}")
    assert (ws["N1"].value, ws["O1"].value, ws["P1"].value) == (CALLSHEET_REVISION_LABEL, 0, "White")
    assert read_revisions(res.workbook, [TAB]) == {TAB: 0}
    # One page wide, portrait, Letter, title rows repeated on every page.
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_LETTER)
    assert ws.print_title_rows.replace("$", "") == "1:2"


def test_restyled_template_is_inherited(book: Path, tmp_path: Path) -> None:
    from openpyxl.styles import Font, PatternFill

    wb = load_workbook(book)
    tpl = wb[CALLSHEET_TEMPLATE_SHEET]
    tpl["A1"].font = Font(name="Georgia", size=24, bold=True, color="FF8000")
    tpl["A19"].fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")  # the scenes item row
    tpl["B19"].font = Font(name="Courier New", size=10, italic=True)
    tpl.column_dimensions["B"].width = 30
    tpl.row_dimensions[1].height = 44
    tpl["A12"] = "Safety first: {{hospital}} is the nearest ER"  # a line the coordinator added
    logo = None
    try:
        from openpyxl.drawing.image import Image
        from PIL import Image as PILImage

        buf = io.BytesIO()
        PILImage.new("RGB", (120, 40), (200, 30, 30)).save(buf, format="PNG")
        logo = Image(io.BytesIO(buf.getvalue()))
        tpl.add_image(logo, "J1")
    except ImportError:  # Pillow is optional for openpyxl; without it pictures cannot be kept at all
        pass
    wb.save(book)

    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY])
    ws = load_workbook(res.workbook)[TAB]
    assert (ws["A1"].font.name, ws["A1"].font.sz, ws["A1"].font.color.rgb) == ("Georgia", 24, "00FF8000")
    scene_rows = [r for r in block_rows(ws, "Sc.") if ws.cell(r, 1).value in (3, 6)]
    assert len(scene_rows) == 2
    for r in scene_rows:  # every repeated row carries the restyled cells
        assert ws.cell(r, 1).fill.fgColor.rgb == "00FFFF00"
        assert (ws.cell(r, 2).font.name, ws.cell(r, 2).font.i) == ("Courier New", True)
    assert ws.column_dimensions["B"].width == 30
    assert ws.row_dimensions[1].height == 44
    assert ws["A12"].value == "Safety first: General Hospital is the nearest ER"
    if logo is not None:
        assert len(ws._images) == 1
        assert ws._images[0].anchor._from.row == 0 and ws._images[0].anchor._from.col == 9
    # The template itself is untouched by generating.
    assert load_workbook(res.workbook)[CALLSHEET_TEMPLATE_SHEET]["A1"].value == "{{title}}"


def test_overflow_grows_the_blocks_and_loses_nothing(tmp_path: Path) -> None:
    data = overflow_data(n_scenes=40, n_cast=15)
    book = write_book(tmp_path / "big.xlsx", data)
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY])
    ws = load_workbook(res.workbook)[TAB]
    expected = ["3", "6", *(str(101 + i) for i in range(40))]
    assert list(res.sheets[0].scenes) == expected
    scene_col = [ws.cell(r, 1).value for r in block_rows(ws, "Sc.")]
    assert [str(v) for v in scene_col if v not in ("LUNCH",)] == expected  # every scene, in shooting order
    cast_ids = [str(ws.cell(r, 1).value) for r in block_rows(ws, "#")]
    assert cast_ids == ["1", "2", *(str(11 + i) for i in range(15)), "3"]
    assert ws.max_row > 100  # far more than one page of rows…
    assert ws.print_title_rows.replace("$", "") == "1:2"  # …printed on as many pages as needed, title on each
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    # Merges of a repeated row are made on every copy of it.
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert all(f"B{r}:D{r}" in merged for r in block_rows(ws, "Sc.")[:5] if ws.cell(r, 1).value != "LUNCH")


def test_regenerating_replaces_the_tab_and_bumps_the_revision(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    generate_callsheets(book, out, [1, DAY, 3])
    first = load_workbook(out)
    position = first.sheetnames.index(TAB)
    assert read_revisions(out, [TAB]) == {TAB: 0}
    res = generate_callsheets(out, out, [DAY])  # in place
    assert res.sheets[0].revision == 1 and res.sheets[0].revision_colour == "Blue"
    again = load_workbook(out)
    assert again.sheetnames == first.sheetnames and again.sheetnames.index(TAB) == position
    assert again[TAB]["K9"].value == "Blue" and again[TAB]["O1"].value == 1
    assert again[TAB].sheet_properties.tabColor.rgb.endswith("9BC2E6")
    assert list(tmp_path.glob("out.backup-*.xlsx")), "an in-place write keeps a backup"
    res = generate_callsheets(out, out, [DAY])
    assert (res.sheets[0].revision, res.sheets[0].revision_colour) == (2, "Pink")
    assert read_revisions(out, [TAB, tab_name(1, DATE.replace(day=1))]) == {TAB: 2, "CS D01 Mon 01-Mar": 0}


def test_cast_audience_hides_crew_phones(book: Path, tmp_path: Path) -> None:
    crew_phones = {r["phone"] for r in callsheet_data().rows("Crew")} | {"+1 310 555 0199"}
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY], audience="cast")
    cast_tab = tab_name(DAY, DATE, "cast")
    assert res.tabs == [cast_tab] == ["CS D02 Tue 02-Mar cast"]
    ws = load_workbook(res.workbook)[cast_tab]
    texts = [str(v) for _, _, v in values(ws)]
    assert not [t for t in texts if any(p in t for p in crew_phones)]
    assert not any("+1 213 555 0111" in t for t in texts)  # the location contact's phone
    assert any("+1 213 555 0100" in t for t in texts)  # the hospital's stays
    assert "Dana Photo" in texts and "Cast" in " ".join(texts)
    crew = generate_callsheets(book, tmp_path / "crew.xlsx", [DAY])
    crew_texts = [str(v) for _, _, v in values(load_workbook(crew.workbook)[TAB])]
    assert all(any(p in t for t in crew_texts) for p in crew_phones)  # the crew version carries them
    client = generate_callsheets(book, tmp_path / "client.xlsx", [DAY], audience="client")
    client_texts = [str(v) for _, _, v in values(load_workbook(client.workbook)[client.tabs[0]])]
    assert "Dana Photo" not in client_texts and "6:15 AM" not in client_texts


def test_errors_block_the_day_and_nothing_is_written(tmp_path: Path) -> None:
    broken = write_book(tmp_path / "broken.xlsx", apply_patch(callsheet_data(), {
        "set": [{"table": "Scenes", "where": {"scene": "3"}, "values": {"cast": ("2", "9")}}]}))
    out = tmp_path / "out.xlsx"
    with pytest.raises(CallSheetNotReady) as e:
        generate_callsheets(broken, out, [DAY])
    assert DAY in e.value.errors and any(f.table == "Scenes" for f in e.value.errors[DAY])
    assert not out.exists()
    # Day 1 does not shoot scene 3: its call sheet is not blocked by day 2's problem.
    assert generate_callsheets(broken, out, [1]).tabs == ["CS D01 Mon 01-Mar"]


def test_warnings_are_returned_and_noted_beside_the_sheet(book: Path, tmp_path: Path) -> None:
    wb = load_workbook(book)
    wb[CALLSHEET_TEMPLATE_SHEET]["A1"] = "{{titel}}"
    wb.save(book)
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY])
    assert [w.code for w in res.warnings] == ["CS004"]
    ws = load_workbook(res.workbook)[TAB]
    assert ws["A1"].value == "{{titel}}"  # left as typed, so the typo shows
    assert ws["N3"].value.startswith("Not printed") and "CS004" in ws["N4"].value


def test_cli_day_date_all_and_exit_codes(book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cli.xlsx"
    r = runner.invoke(app, ["callsheet", str(book), "--day", "2", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert TAB in load_workbook(out).sheetnames
    r = runner.invoke(app, ["callsheet", str(book), "--date", "2027-03-03", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "CS D03 Wed 03-Mar" in load_workbook(out).sheetnames
    r = runner.invoke(app, ["callsheet", str(book), "--all"])
    assert r.exit_code == 0, r.output
    default_out = book.with_name("prod.callsheets.xlsx")
    assert [n for n in load_workbook(default_out).sheetnames if n.startswith("CS ")] == [
        "CS D01 Mon 01-Mar", "CS D02 Tue 02-Mar", "CS D03 Wed 03-Mar"]
    assert runner.invoke(app, ["callsheet", str(book)]).exit_code == 2  # no day chosen
    assert runner.invoke(app, ["callsheet", str(book), "--day", "9"]).exit_code == 2
    broken = write_book(tmp_path / "broken.xlsx", apply_patch(callsheet_data(), {
        "set": [{"table": "Scenes", "where": {"scene": "3"}, "values": {"cast": ("2", "9")}}]}))
    r = runner.invoke(app, ["callsheet", str(broken), "--day", "2"])
    assert r.exit_code == 1 and "not ready" in r.output and "Traceback" not in r.output
    assert not broken.with_name("broken.callsheets.xlsx").exists()

    from xlproduction.workbook import libreoffice

    def missing() -> str:
        raise libreoffice.LibreOfficeMissing("LibreOffice is not installed (no 'soffice' on PATH).")

    monkeypatch.setattr(libreoffice, "find_soffice", missing)
    r = runner.invoke(app, ["callsheet", str(book), "--day", "2", "--pdf", "-o", str(tmp_path / "nopdf.xlsx")])
    assert r.exit_code == 2 and "LibreOffice is not installed" in r.output
    assert not (tmp_path / "nopdf.xlsx").exists()


def test_a4_paper_from_settings_and_a_workbook_without_the_template(tmp_path: Path) -> None:
    from xlproduction.workbook.writer import write_workbook

    data = apply_patch(callsheet_data(), {"settings": {"paper_size": "A4"}})
    book = write_book(tmp_path / "a4.xlsx", data)
    assert int(load_workbook(book)[CALLSHEET_TEMPLATE_SHEET].page_setup.paperSize) == 9  # A4
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY])
    assert int(load_workbook(res.workbook)[TAB].page_setup.paperSize) == 9
    # A workbook made before the template tab existed gets the default layout, and no template tab.
    old = write_workbook(tmp_path / "old.xlsx", callsheet_data())
    wb = load_workbook(old)
    if CALLSHEET_TEMPLATE_SHEET in wb.sheetnames:
        del wb[CALLSHEET_TEMPLATE_SHEET]
        wb.save(old)
    res = generate_callsheets(old, tmp_path / "old_out.xlsx", [DAY])
    out = load_workbook(res.workbook)
    assert CALLSHEET_TEMPLATE_SHEET not in out.sheetnames
    assert out[TAB]["I3"].value == "Day 2 of 3"
    visible = [ws.title for ws in out.worksheets if ws.sheet_state == "visible"]
    assert visible[-1] == TAB  # after the last visible tab, before the hidden lists


def test_formula_like_text_stays_text_and_next_shoot_day(tmp_path: Path) -> None:
    import datetime as dt

    from xlproduction.jobs.callsheets import next_shoot_day
    from xlproduction.workbook.reader import load_production

    book = write_book(tmp_path / "f.xlsx", apply_patch(callsheet_data(), {
        "set": [{"table": "Scenes", "where": {"scene": "3"}, "values": {"synopsis": "=HYPERLINK(\"http://x\")"}}]}))
    ws = load_workbook(generate_callsheets(book, tmp_path / "out.xlsx", [DAY]).workbook)[TAB]
    cell = ws["I19"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    p = load_production(book)
    assert [next_shoot_day(p, dt.date(2027, 3, d)) for d in (1, 2, 3)] == [2, 3, None]
