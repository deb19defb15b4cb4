"""Generated tabs are grafted into the user's package: every other part byte for byte, styles appended only.

Three kinds of workbook: one made with openpyxl holding a picture, a chart, comments, data validation,
conditional formatting, a defined name, print titles and a hidden sheet; the same saved by LibreOffice (another
writer: shared strings, its own style tables and part names); and the XL generated production (100,000 actuals).
After adding a tab and after replacing it, every part except the four manifests (workbook.xml, its
relationships, the content types, styles.xml) has the same bytes, the user's style entries keep their indices,
the validator finds nothing the input did not already have, and LibreOffice opens the result and shows the tab.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from xlproduction.model.sheetspec import Block, ChartSeries, ChartSpec, Format, Formula, Link, SheetSpec, Style
from xlproduction.workbook.package import Tab, graft_tabs, list_sheets, render_donor
from xlproduction.workbook.render import render_into, write_sheets

MANIFESTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
STYLE_LISTS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TAB = "Report"


def report_spec(title: str = "Generated report") -> SheetSpec:
    """A tab using everything the renderer draws: styles, number formats, a merge, a link, a formula, a freeze,
    print titles, a filter, a tab colour, an overlaid format and a native chart."""
    return SheetSpec(
        name=TAB,
        blocks=(
            Block(1, 1, ((title,),), Style(bold=True, size=14, color="1F3864")),
            Block(3, 1, (("Item", "Qty", "Total"),), Style(bold=True, fill="D9E1F2", border=True)),
            Block(4, 1, tuple((f"Item {i}", i, Formula(f"=B{3 + i}*2")) for i in range(1, 6)),
                  Style(number_format="#,##0.00", border=True)),
        ),
        widths={1: 20, 2: 10}, merges=("A1:C1",), links=(Link(4, 1, "Data", "A2"),), freeze="A4",
        print_title_rows="3:3", autofilter="A3:C8", tab_color="FF0000",
        formats=(Format(Style(fill="FFC7CE", italic=True), ((4, 2, 5, 2),)),),
        charts=(ChartSpec("Totals", "E3", 1, 4, 8, (ChartSeries("Qty", 4, 8, 2),)),),
    )


def feature_workbook(path: Path) -> Path:
    """A user's workbook with what openpyxl must not be trusted to keep, and that we must not touch."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from PIL import Image as PILImage

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Item", "Qty", "Price", "OK"])
    for i in range(1, 21):
        ws.append([f"Item {i}", i, i * 1.5, None])
    ws["A1"].font = Font(name="Georgia", bold=True, size=13, color="8B0000")
    ws["A1"].fill = PatternFill("solid", start_color="FFE699", end_color="FFE699")
    ws["B2"].number_format = '0.000" kg"'
    ws["C2"].border = Border(bottom=Side(style="double", color="FF0000"))
    ws["A3"].alignment = Alignment(horizontal="center", wrap_text=True)
    ws["A2"].comment = Comment("Check this one", "Coordinator")
    dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("D2:D21")
    ws.conditional_formatting.add("B2:B21", CellIsRule(operator="greaterThan", formula=["10"], font=Font(
        color="9C0006"), fill=PatternFill("solid", bgColor="FFC7CE")))  # fmt: skip
    ws.conditional_formatting.add("C2:C21", ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max",
                                                           end_color="63BE7B"))  # fmt: skip
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=21), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=21))
    ws.add_chart(chart, "F2")
    png = io.BytesIO()
    PILImage.new("RGB", (64, 32), (30, 90, 200)).save(png, format="PNG")
    ws.add_image(Image(io.BytesIO(png.getvalue())), "F20")
    wb.defined_names["Prices"] = DefinedName("Prices", attr_text="Data!$C$2:$C$21")
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Second sheet"
    notes.print_title_rows = "1:1"
    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"
    lists["A1"] = "x"
    wb.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def style_entries(data: bytes) -> dict[str, list[bytes]]:
    root = etree.fromstring(data)
    out = {}
    for name in STYLE_LISTS:
        sec = root.find(NS + name)
        out[name] = [] if sec is None else [etree.tostring(el) for el in sec if isinstance(el.tag, str)]
    return out


def assert_kept(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Every part but the manifests is byte-identical; the user's styles keep their indices (entries appended)."""
    for name, data in before.items():
        if name in MANIFESTS:
            continue
        assert name in after, f"{name} was dropped"
        assert after[name] == data, f"{name} changed"
    old, new = style_entries(before["xl/styles.xml"]), style_entries(after["xl/styles.xml"])
    for name in STYLE_LISTS:
        assert new[name][: len(old[name])] == old[name], f"styles: {name} renumbered"


def findings(path: Path) -> set[tuple[str, str, str]]:
    from openxml_audit import OpenXmlValidator

    return {(e.part_uri, e.path, e.description) for e in OpenXmlValidator().validate(str(path)).errors}


@pytest.fixture
def feature(tmp_path: Path) -> Path:
    return feature_workbook(tmp_path / "feature.xlsx")


@pytest.fixture
def saved_by_libreoffice(feature: Path, tmp_path: Path, soffice: str) -> Path:
    """The feature workbook as another writer saves it (shared strings, its own styles and part names)."""
    from xlproduction.workbook import libreoffice

    out = libreoffice.recalculate(feature, tmp_path / "lo")
    assert "xl/sharedStrings.xml" in parts(out)
    return out


@pytest.mark.parametrize("book", ["feature", "saved_by_libreoffice"])
def test_add_then_replace_keeps_every_other_part(book: str, request: pytest.FixtureRequest, tmp_path: Path,
                                                 soffice: str) -> None:  # fmt: skip
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from xlproduction.workbook import libreoffice

    src: Path = request.getfixturevalue(book)
    before = parts(src)
    donor = render_donor(lambda wb: render_into(wb.create_sheet(TAB), report_spec()))
    added = graft_tabs(src, tmp_path / "added.xlsx", donor, [Tab(TAB, index=1)])
    after = parts(added)
    assert_kept(before, after)
    assert [s.name for s in list_sheets(added)] == ["Data", TAB, "Notes", "Lists"]
    replaced = write_sheets(added, tmp_path / "replaced.xlsx", [report_spec("Second run")])
    again = parts(replaced)
    assert_kept(before, again)
    old_parts = {n for n in after if n not in before}  # the first run's tab and its drawing, chart…
    assert not {n for n in old_parts if "sheet" in n or "drawing" in n or "chart" in n} & set(again), \
        "the replaced tab's parts are gone"  # fmt: skip
    # Regenerating appends no more styles than the first run did.
    assert style_entries(again["xl/styles.xml"]) == style_entries(after["xl/styles.xml"])
    first, second = list_sheets(added), list_sheets(replaced)
    assert [(s.name, s.sheet_id, s.state) for s in first] == [(s.name, s.sheet_id, s.state) for s in second]

    wb = load_workbook(replaced)
    assert wb.sheetnames == ["Data", TAB, "Notes", "Lists"] and wb["Lists"].sheet_state == "hidden"
    assert wb["Notes"].print_title_rows == "$1:$1"  # its print titles followed it to index 2
    assert wb[TAB].print_title_rows == "$3:$3" and wb[TAB].freeze_panes == "A4"
    assert wb[TAB]["A1"].value == "Second run" and wb[TAB]["A1"].font.b and wb[TAB]["C4"].value == "=B4*2"
    assert wb[TAB]["B4"].number_format == "#,##0.00" and wb[TAB]["B4"].font.i
    assert wb[TAB]["A4"].hyperlink.location == "'Data'!A2"
    assert len(wb[TAB]._charts) == 1 and len(wb["Data"]._charts) == 1 and len(wb["Data"]._images) == 1
    assert "Prices" in wb.defined_names
    assert wb.active.title == "Data"  # the user's tab stays selected: no two tabs grouped

    new_findings = findings(replaced) - findings(src)
    assert not new_findings, new_findings
    assert not findings(added) - findings(src)

    shown = libreoffice.recalculate(replaced, tmp_path / "shown")
    lo = CalamineWorkbook.from_path(str(shown))
    assert lo.sheet_names == ["Data", TAB, "Notes", "Lists"]
    grid = lo.get_sheet_by_name(TAB).to_python()
    assert grid[0][0] == "Second run" and grid[2][:3] == ["Item", "Qty", "Total"]
    assert [row[2] for row in grid[3:8]] == [2.0, 4.0, 6.0, 8.0, 10.0]  # the formulas computed
    names = set(parts(shown))
    assert sum("charts/chart" in n for n in names) == 2 and any(n.startswith("xl/media/") for n in names)
    assert any("comments" in n for n in names)


def test_an_excel_style_calc_chain_is_dropped_only_when_the_replaced_tab_is_in_it(feature: Path,
                                                                                tmp_path: Path) -> None:
    """Excel lists every formula cell in calcChain.xml; after a replaced tab the list would name cells that may no
    longer hold formulas, so that optional part goes (Excel rebuilds it). Adding a tab keeps it."""
    src = tmp_path / "with_chain.xlsx"
    chain = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><c r="C4" i="4"/><c r="C5"/></calcChain>')
    added = graft_tabs(feature, tmp_path / "a.xlsx", render_donor(
        lambda wb: render_into(wb.create_sheet(TAB), report_spec())), [Tab(TAB)])
    with zipfile.ZipFile(added) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"'
                                    b"/></Relationships>")  # fmt: skip
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            zout.writestr(info, data)
        zout.writestr("xl/calcChain.xml", chain)
    assert "xl/calcChain.xml" in parts(write_sheets(src, tmp_path / "other.xlsx", [
        SheetSpec("Other", (Block(1, 1, (("x",),)),))]))  # fmt: skip
    out = parts(write_sheets(src, tmp_path / "b.xlsx", [report_spec()]))
    assert "xl/calcChain.xml" not in out and b"calcChain" not in out["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in out["[Content_Types].xml"]


@pytest.fixture(scope="session")
def xl_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The XL production (150 days, 100,000 actuals), written once per session (~20 s)."""
    from xlproduction.sample import generate_production
    from xlproduction.workbook.writer import write_workbook

    return write_workbook(tmp_path_factory.mktemp("xl") / "xl.xlsx", generate_production("XL"))


def test_the_xl_production_keeps_every_part(xl_book: Path, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    before = parts(xl_book)
    added = write_sheets(xl_book, tmp_path / "added.xlsx", [report_spec()])
    assert_kept(before, parts(added))
    replaced = write_sheets(added, added, [report_spec("Again")], backups=1)  # in place, as --in-place does
    assert_kept(before, parts(replaced))
    assert len(list(tmp_path.glob("added.backup-*.xlsx"))) == 1
    names = [s.name for s in list_sheets(replaced)]
    assert names[-1] == TAB and names[:-1] == [s.name for s in list_sheets(xl_book)]
    wb = CalamineWorkbook.from_path(str(replaced), load_tables=True)
    assert wb.get_sheet_by_name(TAB).to_python()[0][0] == "Again"
    assert len(wb.get_table_by_name("Actuals").to_python()) == 100_000


def test_the_generated_production_gains_no_validator_finding(tmp_path: Path) -> None:
    """The S production comes from the same writer as XL (which takes the validator over ten minutes)."""
    from xlproduction.sample import generate_production
    from xlproduction.workbook.writer import write_workbook

    src = write_workbook(tmp_path / "s.xlsx", generate_production("S"))
    out = write_sheets(src, tmp_path / "out.xlsx", [report_spec()])
    out = write_sheets(out, tmp_path / "out2.xlsx", [report_spec("Again")])
    assert not findings(out) - findings(src)
