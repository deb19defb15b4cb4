"""The budget exchange file and budget versions, through the command line on real workbooks.

Export → import into a blank workbook → export gives the same file, and the imported workbook computes the same
budget (in Python and in a real LibreOffice); header aliases and reordered columns are read; figures that disagree
with the recomputation are listed by line, and --strict or an unreadable file writes nothing; --details-only and
--currency shape the file for systems that want less; `budget compare` lists accounts and lines that moved.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from tests.conftest import soffice_or_skip
from xlproduction.cli import app
from xlproduction.interchange.budget import BudgetFileError, read_budget_file
from xlproduction.model import budget as B
from xlproduction.workbook.reader import load_production

TEMPLATES = Path(__file__).resolve().parents[1] / "workbook_templates"
SAMPLE = TEMPLATES / "sample_production.xlsx"
BLANK = TEMPLATES / "production_template.xlsx"
runner = CliRunner()


def run(*args: object) -> tuple[int, str]:
    r = runner.invoke(app, [str(a) for a in args])
    return r.exit_code, " ".join(r.output.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("exchange")
    code, output = run("budget", "export", SAMPLE, d / "sample.txt")
    assert code == 0, output
    return d / "sample.txt"


@pytest.fixture(scope="module")
def imported(exported: Path) -> Path:
    blank = exported.parent / "blank.xlsx"
    shutil.copy(BLANK, blank)
    code, output = run("budget", "import", exported, blank)
    assert code == 0, output
    assert "Every figure of the file agrees with the recomputation" in output
    return exported.parent / "blank.imported.xlsx"


def test_the_file_is_the_documented_layout(exported: Path) -> None:
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 with BOM for Excel, CRLF
    rows = [r.split("\t") for r in raw.decode("utf-8-sig").splitlines()]
    assert rows[0][:15] == ["Level", "Account", "Description", "Amount", "Units", "X", "Currency", "Rate", "Subtotal",
                            "Fringe Codes", "Fringe Range", "Group", "Location", "Set", "Total"]
    levels = {r[0] for r in rows[1:]}
    assert levels == {"SETTING", "CURRENCY", "GLOBAL", "FRINGE", "C", "D", "S", "CHARGE"}
    upm = [r for r in rows if r[0] == "D" and r[2].startswith("Unit production manager")]
    assert [r[10] for r in upm] == ["UPM"] * 3 and upm[1][15] == "Amount=SHOOT_WEEKS"
    cad = [r for r in rows if r[0] == "D" and r[6] == "CAD"]
    assert cad and all(r[11] == "Second Unit" and r[12] == "Vancouver" for r in cad)
    # The file's figures are the workbook's: every detail Total, and the header rows' sums of them.
    p = load_production(SAMPLE)
    fig = B.budget_figures(p)
    details = [float(r[14]) for r in rows if r[0] == "D"]
    assert abs(sum(details) - fig.lines["total"][fig.lines["detail"]].sum()) < 0.01 * len(details)
    # The sample's subtotal lines: an S row each, after the detail line they close, with that line's total; the
    # account's C row counts the detail lines alone.
    i = next(j for j, r in enumerate(rows) if r[0] == "S")
    assert [(r[0], r[2]) for r in rows[i - 1:i + 4]] == [
        ("D", "Unit production manager — prep"), ("S", "Prep subtotal"), ("D", "Unit production manager — shoot"),
        ("S", "Shoot subtotal"), ("D", "Unit production manager — wrap")]
    assert rows[i][1] == "2000" and rows[i][14] == rows[i - 1][14] and rows[i][3:14] == [""] * 11
    staff = next(r for r in rows if r[0] == "C" and r[1] == "2000")
    here = [r for r in rows if r[1] == "2000" and r[0] in ("D", "S")]
    assert abs(float(staff[14]) - sum(float(r[14]) for r in here if r[0] == "D")) < 0.01
    charges = {r[2]: float(r[14]) for r in rows if r[0] == "CHARGE"}
    assert charges.keys() == {"Contingency", "Completion bond"}
    for name, amount in zip(fig.charges["name"], fig.charges["amount"], strict=True):
        assert abs(charges[name] - amount) < 0.01


def test_round_trip_gives_the_same_file_and_the_same_budget(exported: Path, imported: Path) -> None:
    again = exported.parent / "again.txt"
    code, output = run("budget", "export", imported, again)
    assert code == 0, output
    assert again.read_bytes() == exported.read_bytes()
    a, b = B.budget_figures(load_production(SAMPLE)), B.budget_figures(load_production(imported))
    assert abs(a.top["GRAND_TOTAL"] - b.top["GRAND_TOTAL"]) < 0.005
    assert a.groups == pytest.approx(b.groups)
    code, output = run("check", imported)
    assert code == 0 and "0 errors, 0 warnings" in output, output


@pytest.mark.libreoffice
def test_imported_workbook_recalculates_to_the_cent(imported: Path, tmp_path: Path) -> None:
    """The rows went in through the table update engine under the template's live formulas: LibreOffice computes
    the same lines as Python."""
    from xlproduction.workbook import libreoffice

    soffice_or_skip()
    out = libreoffice.recalculate(imported, tmp_path)
    table = CalamineWorkbook.from_path(str(out), load_tables=True).get_table_by_name("Budget")
    got = table.to_python()
    total_at = list(table.columns).index("Total")
    lines = B.budget_figures(load_production(imported)).lines
    assert len(got) == len(lines)
    for row, want in zip(got, lines["total"], strict=True):
        assert abs(float(row[total_at]) - want) < 0.005


def test_header_aliases_and_a_details_only_file(tmp_path: Path) -> None:
    """Another system's export: Acct/Desc/Amt/Unit/Curr headers in its own order, detail lines only; the workbook's
    own fringes and globals compute them."""
    text = ("Acct\tLevel\tDesc\tUnit\tAmt\tRate\tCurr\tFringes\tTotal\r\n"
            "2000\tD\tUPM - prep\tWeeks\t6\t5200\t\tFICA, MEDI\t33586.80\r\n"
            "2000\tD\tUPM - shoot\tWeeks\t5\t$5,200.00\tUSD\tFICA;MEDI\t27994.99\r\n"
            "5000\tD\tEditor\tWeeks\t20\t4500\t\t\t90000\r\n")  # fmt: skip
    f = tmp_path / "details.txt"
    f.write_text(text, encoding="utf-8")
    book = tmp_path / "sample.xlsx"
    shutil.copy(SAMPLE, book)
    code, output = run("budget", "import", f, book, "--in-place", "--backups", "0")
    assert code == 1, output  # one Total disagrees
    assert "1 figure of the file disagree" in output and "line 3 (D 2000 UPM - shoot): Total 27,994.99" in output
    p = load_production(book)
    assert list(p.budget["description"]) == ["UPM - prep", "UPM - shoot", "Editor"]
    assert list(p.budget["rate"]) == [5200.0, 5200.0, 4500.0]
    assert len(p.df("Fringes")) == 11 and len(p.df("Globals")) == 3  # definitions kept: the file had none
    lines = B.budget_figures(p).lines
    assert abs(lines["total"].iloc[0] - 31200 * (1 + 0.062 + 0.0145)) < 0.005


def test_disagreements_listed_strict_refuses_and_bad_files_write_nothing(exported: Path, tmp_path: Path) -> None:
    text = exported.read_text(encoding="utf-8-sig").replace("\t150000\t150000.00\t", "\t160000\t150000.00\t", 1)
    changed = tmp_path / "changed.txt"
    changed.write_text(text, encoding="utf-8")
    book = tmp_path / "book.xlsx"
    shutil.copy(BLANK, book)
    before = book.read_bytes()
    code, output = run("budget", "import", changed, book, "--in-place", "--strict")
    assert code == 2 and "disagree with the recomputation (--strict): nothing was written" in output, output
    assert book.read_bytes() == before
    code, output = run("budget", "import", changed, book, "--dry-run")
    assert code == 1, output
    assert "Subtotal 150,000.00 in the file, 160,000.00 recomputed" in output
    assert "(C 1100 Story & Rights): Total" in output and "(CHARGE 7100 Completion bond): Total" in output
    assert not (tmp_path / "book.imported.xlsx").exists()
    bad = tmp_path / "bad.txt"
    bad.write_text("Level\tAccount\tDescription\tAmount\nZ\t1\tx\t1\nD\t1100\tLine\tlots\nD\t\tOrphan\t1\n",
                   encoding="utf-8")  # fmt: skip
    code, output = run("budget", "import", bad, book, "--in-place")
    assert code == 2 and book.read_bytes() == before
    for where in ("line 2: unknown Level 'Z'", "line 3, column Amount: 'lots' is not a number",
                  "line 4: a detail line with no Account"):
        assert where in output, output
    with pytest.raises(BudgetFileError, match="no header row with a 'Level' column"):
        read_budget_file("Account\tDescription\n1100\tx\n", "headless.txt")


def test_details_only_and_one_currency_per_file(tmp_path: Path) -> None:
    code, output = run("budget", "export", SAMPLE, tmp_path / "d.txt", "--details-only")
    assert code == 0, output
    rows = [r.split("\t") for r in (tmp_path / "d.txt").read_text(encoding="utf-8-sig").splitlines()]
    assert len(rows[0]) == 15 and {r[0] for r in rows[1:]} == {"C", "D"}
    code, output = run("budget", "export", SAMPLE, tmp_path / "cad.txt", "--currency", "CAD", "--details-only")
    assert code == 0 and "3 budget lines" in output, output
    cad = [r for r in (r.split("\t") for r in (tmp_path / "cad.txt").read_text(encoding="utf-8-sig").splitlines())
           if r[0] == "D"]  # fmt: skip
    lines = B.budget_figures(load_production(SAMPLE)).lines
    second = lines[lines["currency"] == "CAD"]
    assert [float(r[14]) for r in cad] == pytest.approx([round(t / 0.73, 2) for t in second["total"]], abs=0.006)


def test_compare_two_versions(tmp_path: Path, exported: Path) -> None:
    rows = exported.read_bytes().decode("utf-8-sig").split("\r\n")
    # B: a rate raised, a line removed, a line added, the contingency raised.
    rows = [r.replace("\t150000\t150000.00\t", "\t160000\t160000.00\t") for r in rows
            if "Script copies and printing" not in r]  # fmt: skip
    at = next(i for i, r in enumerate(rows) if r.startswith("D\t1100\tUnderlying rights option"))
    rows.insert(at + 1, "D\t1100\tLife rights\t1\tAllow\t1\t\t20000\t20000.00\t\t\t\t\t\t20000.00\t")
    rows = [r.replace("CHARGE\t7000\tContingency\t\t\t\t\t0.05", "CHARGE\t7000\tContingency\t\t\t\t\t0.06")
            for r in rows]  # fmt: skip
    (tmp_path / "b.txt").write_text("\r\n".join(rows), encoding="utf-8")
    shutil.copy(BLANK, tmp_path / "b.xlsx")
    code, output = run("budget", "import", tmp_path / "b.txt", tmp_path / "b.xlsx", "--in-place", "--backups", "0")
    assert code == 1, output  # the edited figures disagree: listed, imported
    code, output = run("budget", "compare", SAMPLE, tmp_path / "b.xlsx", "--format", "json")
    assert code == 0, output
    r = runner.invoke(app, ["budget", "compare", str(SAMPLE), str(tmp_path / "b.xlsx"), "--format", "json"])
    doc = json.loads(r.output)
    lines = {(x["status"], x["description"]): x for x in doc["lines"]}
    assert set(lines) == {("changed", "Screenplay purchase price"), ("removed", "Script copies and printing"),
                          ("added", "Life rights")}
    assert lines[("changed", "Screenplay purchase price")]["what"] == "Rate"
    assert lines[("added", "Life rights")]["diff"] == pytest.approx(20000)
    moved = {x["account"]: x["diff"] for x in doc["accounts"] if abs(x["diff"]) >= 0.005}
    assert set(moved) == {"1100", "7000", "7100"}  # the bond follows the lines it is a percent of
    total = next(c for c in doc["categories"] if c["category"] == "TOTAL")
    assert total["diff"] == pytest.approx(sum(moved.values()))
    code, output = run("budget", "compare", SAMPLE, tmp_path / "b.xlsx", "--write")
    assert code == 0 and "3 lines changed" in output and "3 accounts moved" in output, output
    written = tmp_path / "b.compare.xlsx"
    grid = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Budget Compare").to_python()
    texts = {str(v) for row in grid for v in row}
    assert {"Life rights", "Script copies and printing", "Screenplay purchase price", "Grand total"} <= texts
