"""Ten ways real workbooks made a check or a generated tab go wrong (issue 13), each built here and tried.

Every structure comes from tests/corpus/real_structures.py, put into a workbook as Excel, LibreOffice or Hancom
Office stores it: Power Query and Data Model parts (UTF-16, binary), capitalised sheet part names, styles wrapped in
``mc:AlternateContent``, relationship parts listed as Overrides, no ``activeTab``, an empty shared-strings part, an
Excel 4.0 macro sheet and a legacy module sheet, duplicate zip entries, a very repetitive sheet, a 0-byte deflate
entry, no styles part, a protected structure. Each test failed before its fix. A written file is judged by what
Excel needs of a package (tests/package_checks.py), by the OOXML validator (the findings it adds over the input),
and by LibreOffice opening it; the broken-input corpus (tests/corpus/make_corpus.py) runs every command over the
same structures.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.workbook import guard
from xlproduction.workbook.guard import WorkbookUnreadable
from xlproduction.workbook.package import PackageError, Tab, extract_sheets, graft_tabs, render_donor
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.render import render_into, write_sheets

from .corpus.hostile import MAIN, minimal_parts, write_zip
from .corpus.real_structures import (
    EMPTY_SST,
    THUMBNAIL,
    ZERO_SST,
    add_macro_sheets,
    add_power_query,
    add_sheet,
    capitalise_sheet_parts,
    drop_active_tab,
    empty_shared_strings,
    protect_structure,
    read_parts,
    rels_as_overrides,
    remove_styles,
    repetitive_sheet,
    rewrite,
    wrap_styles,
    write_duplicate_entry,
    write_parts,
    write_with_empty_thumbnail,
)
from .package_checks import package_problems
from .test_package import TAB, assert_kept, feature_workbook, findings, parts, report_spec

runner = CliRunner()
M = f"{{{MAIN}}}"
MC_ALT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small clean production of the rules tests (written by the template writer)."""
    from xlproduction.workbook.writer import write_workbook

    from .rules.base import base_data

    return write_workbook(tmp_path_factory.mktemp("clean") / "clean.xlsx", base_data())


@pytest.fixture
def feature(tmp_path: Path) -> Path:
    """A workbook with a chart, a picture, comments, validation and conditional formats (tests/test_package.py)."""
    return feature_workbook(tmp_path / "feature.xlsx")


def read_summary(path: Path) -> list[tuple[str, str | None, str | None]]:
    p = load_production(path)
    return sorted((f.code, f.sheet, f.cell) for f in p.findings)


# --- 1. Power Query and the Data Model --------------------------------------------------------------------------


def test_power_query_and_data_model_parts_are_accepted_and_kept(clean: Path, tmp_path: Path) -> None:
    """Excel stores a query as UTF-16 XML and the Data Model as a binary part that starts with a UTF-16 byte-order
    mark: the guard refused both ("encoded in a way Excel never writes")."""
    src = rewrite(clean, tmp_path / "query.xlsx", add_power_query)
    guard.inspect(src)
    assert read_summary(src) == read_summary(clean)
    out = write_sheets(src, tmp_path / "out.xlsx", [report_spec()])
    before, after = parts(src), parts(out)
    assert after["customXml/item1.xml"] == before["customXml/item1.xml"]
    assert after["xl/model/item.data"] == before["xl/model/item.data"]
    assert not package_problems(out)


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""),
                                          ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"")])  # fmt: skip
def test_utf16_and_utf32_xml_is_inspected_like_utf8(encoding: str, bom: bytes, tmp_path: Path) -> None:
    """Accepting UTF-16 parts means reading them: a far cell, or a DTD, in UTF-16 or UTF-32 (with a byte-order mark
    or without, which XML allows to be detected from '<?xml') is refused as in UTF-8."""
    far = (f'<?xml version="1.0" encoding="{encoding[:6].upper()}"?><worksheet xmlns="{MAIN}"><sheetData>'
           '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
           "</sheetData></worksheet>")  # fmt: skip
    path = write_zip(tmp_path / "far.xlsx", minimal_parts(bom + far.encode(encoding)))
    with pytest.raises(WorkbookUnreadable, match="XFD1048576"):
        guard.inspect(path)
    dtd = far.replace("?><worksheet", '?><!DOCTYPE w [<!ENTITY x "y">]><worksheet')
    parts_ = {**minimal_parts(), "customXml/item1.xml": bom + dtd.encode(encoding)}
    with pytest.raises(WorkbookUnreadable, match=r"customXml/item1.xml.*(UTF-16|UTF-32).*DTD"):
        guard.inspect(write_zip(tmp_path / "dtd.xlsx", parts_))


# --- 2. part names are case-insensitive ---------------------------------------------------------------------------


def test_capitalised_sheet_parts_keep_their_charts_when_a_tab_is_replaced(feature: Path, tmp_path: Path,
                                                                          soffice: str) -> None:  # fmt: skip
    """Sheets at xl/worksheets/Sheet1.xml… (relationships at _rels/sheet1.xml.rels): the new tab went to
    xl/worksheets/sheet1.xml, the same part name, and replacing it deleted the user's drawing and chart."""
    from python_calamine import CalamineWorkbook

    from xlproduction.workbook import libreoffice

    src = rewrite(feature, tmp_path / "caps.xlsx", capitalise_sheet_parts)
    before = parts(src)
    added = write_sheets(src, tmp_path / "added.xlsx", [report_spec()])
    assert not package_problems(added)
    assert_kept(before, parts(added))
    replaced = write_sheets(added, tmp_path / "replaced.xlsx", [report_spec("Again")])
    assert not package_problems(replaced)
    assert_kept(before, parts(replaced))
    shown = libreoffice.recalculate(replaced, tmp_path / "lo")
    assert CalamineWorkbook.from_path(str(shown)).get_sheet_by_name(TAB).to_python()[0][0] == "Again"
    names = set(parts(shown))
    assert sum("charts/chart" in n for n in names) == 2 and any(n.startswith("xl/media/") for n in names)


# --- 3. styles wrapped in mc:AlternateContent ---------------------------------------------------------------------


def _entries(styles: etree._Element, section: str, child: str) -> list[etree._Element]:
    """A style list as Excel indexes it: one entry per element, and one per mc:AlternateContent (its Choice)."""
    sec = styles.find(M + section)
    out = []
    for el in [] if sec is None else sec:
        if el.tag == M + child:
            out.append(el)
        elif el.tag == MC_ALT:
            out.append(next(el.iter(M + child)))
    return out


def excel_font(path: Path, sheet_part: str, cell: str) -> etree._Element:
    """The font Excel shows ``cell`` of ``sheet_part`` in, indexing styles.xml as Excel does."""
    with zipfile.ZipFile(path) as z:
        sheet = etree.fromstring(z.read(sheet_part))
        styles = etree.fromstring(z.read("xl/styles.xml"))
    c = next(c for c in sheet.iter(M + "c") if c.get("r") == cell)
    xf = _entries(styles, "cellXfs", "xf")[int(c.get("s", "0"))]
    return _entries(styles, "fonts", "font")[int(xf.get("fontId", "0"))]


def _tab_part(path: Path, name: str) -> str:
    from xlproduction.workbook.package import list_sheets

    return next(s.part for s in list_sheets(path) if s.name == name)


def test_styles_wrapped_in_alternate_content_keep_their_indexes(feature: Path, tmp_path: Path,
                                                                soffice: str) -> None:  # fmt: skip
    """Hancom Office wraps fonts and cell formats in mc:AlternateContent: fonts were counted twice (Choice and
    Fallback), cell formats once, so the tab got the wrong fonts, and every regeneration appended more formats."""
    from openpyxl import load_workbook

    from xlproduction.workbook import libreoffice

    src = rewrite(feature, tmp_path / "hancom.xlsx", wrap_styles)
    first = write_sheets(src, tmp_path / "first.xlsx", [report_spec()])
    assert_kept(parts(src), parts(first))
    # The second run finds the first run's fonts and formats among the wrapped ones, and must point at them.
    again = write_sheets(first, tmp_path / "again.xlsx", [report_spec("Again")])
    for book in (first, again):
        font = excel_font(book, _tab_part(book, TAB), "A1")  # bold 14 pt 1F3864 (report_spec's title)
        assert font.find(M + "b") is not None and font.find(M + "sz").get("val") in ("14", "14.0"), book.name  # type: ignore[union-attr]
        assert font.find(M + "color").get("rgb", "").endswith("1F3864")  # type: ignore[union-attr]
        assert excel_font(book, _tab_part(book, TAB), "A4").find(M + "b") is None, book.name  # an item: not bold
    count = {p: len(_entries(etree.fromstring(parts(p)["xl/styles.xml"]), "cellXfs", "xf")) for p in (first, again)}
    assert count[again] == count[first], "regenerating appends no cell format"
    assert not findings(again) - findings(src)
    ws = load_workbook(libreoffice.recalculate(again, tmp_path / "lo"))[TAB]
    assert ws["A1"].font.b and ws["A1"].font.sz == 14 and not ws["A4"].font.b
    # openpyxl reads one tab of it (as a call sheet reads its template tab) with the look Excel shows; it raised
    # IndexError on the wrappers.
    ws = load_workbook(io.BytesIO(extract_sheets(src, ["Data"])))["Data"]
    assert ws["A1"].font.name == "Georgia" and ws["A1"].font.b and ws["B2"].number_format == '0.000" kg"'


def test_a_production_with_wrapped_styles_reads_as_excel_shows_it(clean: Path, tmp_path: Path) -> None:
    """python-calamine counts both branches of a wrapped cell format, so every number format after the first shifted
    and day numbers read as dates (1900-01-01): the reader hands it a copy holding the branch Excel takes."""
    src = rewrite(clean, tmp_path / "hancom.xlsx", wrap_styles)
    assert read_summary(src) == read_summary(clean)
    ours, theirs = load_production(src), load_production(clean)
    for table in ("Days", "Actuals", "Budget"):
        assert ours.df(table).equals(theirs.df(table)), table


# --- 4 and 5. relationship parts as Overrides -------------------------------------------------------------------


def test_a_new_tabs_relationship_parts_get_a_content_type(feature: Path, tmp_path: Path) -> None:
    """A manifest without a Default for .rels (LibreOffice 3.5–6.0 lists each as an Override): the new tab's
    .rels parts (its drawing, its chart) were written without a content type."""
    src = rewrite(feature, tmp_path / "overrides.xlsx", rels_as_overrides)
    assert not package_problems(src)
    out = write_sheets(src, tmp_path / "out.xlsx", [report_spec()])  # a tab with a chart: sheet and drawing .rels
    assert not package_problems(out)


def test_regenerating_after_libreoffice_saved_the_workbook_leaves_no_stale_override(feature: Path, tmp_path: Path,
                                                                                    soffice: str) -> None:  # fmt: skip
    """LibreOffice lists every .rels part as an Override when it saves: replacing a tab then removed the tab's
    .rels parts but left their Overrides."""
    from xlproduction.workbook import libreoffice

    grafted = write_sheets(feature, tmp_path / "grafted.xlsx", [report_spec()])
    saved = libreoffice.recalculate(grafted, tmp_path / "lo")
    assert b'.rels" ContentType' in parts(saved)["[Content_Types].xml"]
    again = write_sheets(saved, tmp_path / "again.xlsx", [report_spec("Again")])
    assert not package_problems(again) - package_problems(saved)
    assert not package_problems(write_sheets(again, tmp_path / "third.xlsx", [report_spec("Third")]))


def test_a_tab_given_twice_in_one_run_leaves_only_the_second(feature: Path, tmp_path: Path) -> None:
    """The second of two tabs of one name replaces the first within the run: the first's drawing, chart and
    relationships go with it, Overrides included."""
    src = rewrite(feature, tmp_path / "overrides.xlsx", rels_as_overrides)
    donor = render_donor(lambda wb: render_into(wb.create_sheet(TAB), report_spec()))
    out = graft_tabs(src, tmp_path / "out.xlsx", donor, [Tab(TAB), Tab(TAB)])
    assert not package_problems(out)
    added = set(parts(out)) - set(parts(src))
    assert sum("charts/chart" in n for n in added) == 1 and sum(n.endswith(".rels") for n in added) == 2, added


# --- 6. a tab inserted first ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("views", ["without activeTab", "without bookViews"])
def test_a_tab_inserted_first_does_not_become_the_active_tab(views: str, feature: Path, tmp_path: Path) -> None:
    """Excel omits activeTab when the first sheet is active (it means 0): a tab inserted at index 0 became the
    active one while the user's first sheet stayed selected, two tabs grouped."""
    from openpyxl import load_workbook

    def no_views(p: dict[str, bytes]) -> dict[str, bytes]:
        return {**p, "xl/workbook.xml": re.sub(rb"<bookViews>.*?</bookViews>", b"", p["xl/workbook.xml"], flags=re.S)}

    def first_selected(p: dict[str, bytes]) -> dict[str, bytes]:  # as Excel saves the active sheet
        sheet = "xl/worksheets/sheet1.xml"
        return {**p, sheet: re.sub(rb"<sheetView\b", b'<sheetView tabSelected="1"', p[sheet], count=1)}

    src = rewrite(feature, tmp_path / "views.xlsx", first_selected,
                  drop_active_tab if views == "without activeTab" else no_views)  # fmt: skip
    donor = render_donor(lambda wb: render_into(wb.create_sheet(TAB), report_spec()))
    out = graft_tabs(src, tmp_path / "out.xlsx", donor, [Tab(TAB, index=0)])
    wb = load_workbook(out)
    assert wb.sheetnames == [TAB, "Data", "Notes", "Lists"]
    assert wb.active.title == "Data"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Data"]
    assert not findings(out) - findings(src)


# --- 7. an empty shared-strings part ----------------------------------------------------------------------------


@pytest.mark.parametrize("body", [EMPTY_SST, ZERO_SST], ids=["sst-element-only", "count-zero"])
def test_an_empty_shared_strings_part_takes_the_tabs_strings(body: bytes, feature: Path, tmp_path: Path) -> None:
    """Inline strings beside an empty shared-strings part are valid, but the validator flags them: the strings go
    into the empty part (nothing of the user's is in it to keep)."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    src = rewrite(feature, tmp_path / "sst.xlsx", lambda p: empty_shared_strings(p, body))
    # openpyxl reads a tab of it, as a call sheet reads its template tab (<sst/> was copied as an unclosed element).
    assert load_workbook(io.BytesIO(extract_sheets(src, ["Data"])))["Data"]["A1"].value == "Item"
    out = write_sheets(src, tmp_path / "out.xlsx", [report_spec()])
    got = parts(out)
    assert b"inlineStr" not in got[_tab_part(out, TAB)]
    assert b"Generated report" in got["xl/sharedStrings.xml"]
    assert not findings(out) - findings(src)
    assert not package_problems(out)
    assert CalamineWorkbook.from_path(str(out)).get_sheet_by_name(TAB).to_python()[0][0] == "Generated report"
    again = write_sheets(out, tmp_path / "again.xlsx", [report_spec("Again")])  # the part is the user's now: kept
    assert parts(again)["xl/sharedStrings.xml"] == got["xl/sharedStrings.xml"]
    assert not findings(again) - findings(src)


def test_a_table_added_beside_an_empty_shared_strings_part_reads_back(clean: Path, tmp_path: Path) -> None:
    """The table updater (script import) adds a missing table's sheet through the same graft: its text goes into
    the empty part, and the table reads back."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from xlproduction.workbook.table_update import rows_of, update_tables

    from .rules.base import base_data

    wb = load_workbook(clean)
    del wb["Scenes"]
    wb.save(tmp_path / "no-scenes.xlsx")
    src = rewrite(tmp_path / "no-scenes.xlsx", tmp_path / "sst.xlsx", empty_shared_strings)
    out = update_tables(src, tmp_path / "out.xlsx", rows_of(base_data(), ["Scenes"]))
    assert not package_problems(out)
    rows = CalamineWorkbook.from_path(str(out), load_tables=True).get_table_by_name("Scenes").to_python()
    assert rows[0][2] == "DINER - MAIN ROOM" and len(rows) == 6


# --- 8. macro sheets ----------------------------------------------------------------------------------------------


def test_macro_and_module_sheets_do_not_stop_the_read(clean: Path, tmp_path: Path) -> None:
    """An Excel 4.0 macro sheet (xl/macrosheets/) and a legacy module sheet (<sheet r:id="">) made python-calamine
    raise, and the reader called every such workbook damaged."""
    src = rewrite(clean, tmp_path / "macros.xlsm", add_macro_sheets)
    assert read_summary(src) == read_summary(clean)
    r = runner.invoke(app, ["callsheet", str(src), "--day", "1", "-o", str(tmp_path / "cs.xlsm")])
    assert r.exit_code == 0, r.output
    assert parts(tmp_path / "cs.xlsm")["xl/macrosheets/sheet1.xml"] == parts(src)["xl/macrosheets/sheet1.xml"]
    assert not package_problems(tmp_path / "cs.xlsm")


def test_a_table_a_macro_sheet_stands_for_is_named_with_why(clean: Path, tmp_path: Path) -> None:
    """When what cannot be read is what the job needs, the message says which sheet and why."""
    from openpyxl import load_workbook

    wb = load_workbook(clean)
    del wb["Scenes"]
    wb.save(tmp_path / "no-scenes.xlsx")
    src = rewrite(tmp_path / "no-scenes.xlsx", tmp_path / "macro-scenes.xlsm",
                  lambda p: add_macro_sheets(p, macro_name="Scenes", module=False))  # fmt: skip
    with pytest.raises(WorkbookUnreadable, match=r"'Scenes' is an Excel 4\.0 macro sheet") as e:
        load_production(src)
    assert src.name in str(e.value) and "worksheet" in str(e.value)
    assert len(load_production(src, tables=["Crew"]).df("Crew")) == 6  # a job that does not need it reads on


# --- 9. duplicate zip entries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml"])
def test_a_part_stored_twice_is_refused(second: str, tmp_path: Path) -> None:
    """Two entries of one part: the graft kept the first, readers read the last."""
    other = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>2</v></c></row>'
             "</sheetData></worksheet>").encode()  # fmt: skip
    path = write_duplicate_entry(tmp_path / "twice.xlsx", minimal_parts(), second, other)
    with pytest.raises(WorkbookUnreadable, match=r"twice.*save it again") as e:
        load_production(path)
    assert "xl/worksheets/sheet1.xml" in str(e.value)


# --- 10. guard false positives, an optional styles part, a protected structure ------------------------------------


def test_a_very_repetitive_sheet_is_not_a_zip_bomb(tmp_path: Path) -> None:
    """A pasted note on 42,000 rows inflates 125-fold to 54 MB: within what the guard bounds (inflated bytes,
    cells), and no zip bomb."""
    path = write_zip(tmp_path / "notes.xlsx", minimal_parts(repetitive_sheet(42_000)))
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 50 << 20 and info.file_size > 120 * info.compress_size
    assert guard.inspect(path).sheets["Scenes"].cells == 42_000


def test_an_empty_part_stored_as_a_zero_byte_deflate_entry_is_accepted(clean: Path, tmp_path: Path) -> None:
    """Excel stores an empty docProps/thumbnail.wmf as a deflate entry of 0 bytes (no deflate stream): zipfile reads
    it as empty; the guard called it truncated."""
    src = write_with_empty_thumbnail(tmp_path / "thumb.xlsx", read_parts(clean))
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(THUMBNAIL)
        assert (info.compress_type, info.compress_size, z.read(THUMBNAIL)) == (zipfile.ZIP_DEFLATED, 0, b"")
    assert read_summary(src) == read_summary(clean)
    out = write_sheets(src, tmp_path / "out.xlsx", [report_spec()])
    with zipfile.ZipFile(out) as z:
        assert (z.getinfo(THUMBNAIL).compress_type, z.getinfo(THUMBNAIL).compress_size) == (zipfile.ZIP_DEFLATED, 0)


# openpyxl cannot set the whole-column print areas LibreOffice writes back, and says so: not what is tested here.
@pytest.mark.filterwarnings("ignore:Print area cannot be set:UserWarning")
def test_a_workbook_without_a_styles_part_gets_one(clean: Path, tmp_path: Path, soffice: str) -> None:
    """The styles part is optional: a workbook without one was refused ("save it again from Excel")."""
    from openpyxl import load_workbook

    from xlproduction.workbook import libreoffice

    src = rewrite(clean, tmp_path / "nostyles.xlsx", remove_styles)
    out = write_sheets(src, tmp_path / "out.xlsx", [report_spec()])
    assert not package_problems(out)
    assert "xl/styles.xml" in parts(out) and b"/styles" in parts(out)["xl/_rels/workbook.xml.rels"]
    for name, data in parts(src).items():
        if name not in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            assert parts(out)[name] == data, name
    assert not findings(out) - findings(src)
    ws = load_workbook(libreoffice.recalculate(out, tmp_path / "lo"))[TAB]
    assert ws["A1"].value == "Generated report" and ws["A1"].font.b and ws["A1"].font.sz == 14


def test_a_protected_structure_is_written_into_a_copy_and_said(clean: Path, tmp_path: Path) -> None:
    """Review → Protect Workbook locks the structure: Excel's own UI adds no sheet. The tabs go into a copy, and the
    command says so; writing into the workbook itself is refused."""
    src = rewrite(clean, tmp_path / "locked.xlsx", protect_structure)
    before = src.read_bytes()
    with pytest.raises(PackageError, match=r"structure is protected"):
        write_sheets(src, src, [report_spec()])
    assert src.read_bytes() == before
    copy = write_sheets(src, tmp_path / "copy.xlsx", [report_spec()])
    assert TAB in _sheet_names(copy)
    r = runner.invoke(app, ["check", str(src), "--write", "--in-place"])
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())
    assert "structure is protected" in said and "locked.checked.xlsx" in "".join(said.split()), said
    assert src.read_bytes() == before, "the protected workbook itself is not written"
    assert "Issues" in _sheet_names(tmp_path / "locked.checked.xlsx")
    r = runner.invoke(app, ["check", str(src), "--write", "-o", str(tmp_path / "mine.xlsx")])
    assert r.exit_code == 0 and "structure is protected" in " ".join(r.output.split()), r.output
    assert "Issues" in _sheet_names(tmp_path / "mine.xlsx")


def test_a_protected_structure_takes_rows_in_place_but_no_new_sheet(clean: Path, tmp_path: Path) -> None:
    """The protection allows editing cells: the table updater (script import) writes rows of the tables the workbook
    holds into the workbook itself, and refuses to add a sheet for a table it lacks there (a copy takes it)."""
    from openpyxl import load_workbook

    from xlproduction.workbook.table_update import TableUpdateError, rows_of, update_tables

    from .rules.base import base_data

    rows = rows_of(base_data(), ["Scenes"])
    locked = rewrite(clean, tmp_path / "locked.xlsx", protect_structure)
    assert update_tables(locked, locked, rows, backups=0) == locked
    wb = load_workbook(clean)
    del wb["Scenes"]
    wb.save(tmp_path / "no-scenes.xlsx")
    lacking = rewrite(tmp_path / "no-scenes.xlsx", tmp_path / "lacking.xlsx", protect_structure)
    before = lacking.read_bytes()
    with pytest.raises(TableUpdateError, match=r"structure is protected.*Scenes table needs one"):
        update_tables(lacking, lacking, rows)
    assert lacking.read_bytes() == before
    assert "Scenes" in _sheet_names(update_tables(lacking, tmp_path / "copy.xlsx", rows))


def _sheet_names(path: Path) -> list[str]:
    from xlproduction.workbook.package import list_sheets

    return [s.name for s in list_sheets(path)]


def test_the_builders_leave_the_clean_production_readable(clean: Path, tmp_path: Path) -> None:
    """The structures alone change nothing a check reports (so each test above isolates its defect)."""
    for edit in (capitalise_sheet_parts, drop_active_tab, rels_as_overrides, protect_structure):
        path = rewrite(clean, tmp_path / f"{edit.__name__}.xlsx", edit)
        assert read_summary(path) == read_summary(clean), edit.__name__
    added = write_parts(tmp_path / "notes.xlsx", add_sheet(read_parts(clean), "Notes", repetitive_sheet(10)))
    assert read_summary(added) == read_summary(clean)
