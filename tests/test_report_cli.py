"""`xlproduction report`, `finance-pack` and `calendar` on real files: the write rules of `check` (a copy unless
--in-place, which keeps a backup), the exports, and one-line errors with exit code 2."""

from __future__ import annotations

import hashlib
from pathlib import Path

import icalendar
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.test_cost_report import cost_data
from xlproduction.cli import app
from xlproduction.model.contract import COST_REPORT_SHEET, CREW_LIST_SHEET, DOOD_SHEET, FINANCE_README_SHEET
from xlproduction.workbook.writer import write_workbook

runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "prod.xlsx", cost_data())


@pytest.mark.parametrize(("kind", "sheet"), [("dood", DOOD_SHEET), ("cost", COST_REPORT_SHEET),
                                             ("crew", CREW_LIST_SHEET)])
def test_report_writes_a_copy(book: Path, kind: str, sheet: str) -> None:
    before = digest(book)
    r = runner.invoke(app, ["report", kind, str(book)])
    assert r.exit_code == 0, r.output
    copy = book.with_name(f"prod.{kind}.xlsx")
    assert sheet in load_workbook(copy).sheetnames
    assert digest(book) == before  # the workbook itself is untouched


def test_in_place_keeps_a_backup(book: Path) -> None:
    r = runner.invoke(app, ["report", "cost", str(book), "--in-place", "--from", "2027-03-01", "--to", "2027-03-02"])
    assert r.exit_code == 0, r.output
    assert COST_REPORT_SHEET in load_workbook(book).sheetnames
    assert list(book.parent.glob("prod.backup-*.xlsx"))
    assert "01-Mar-2027 to 02-Mar-2027" in " ".join(r.output.split())


def test_exports(book: Path, tmp_path: Path) -> None:
    csv, xlsx = tmp_path / "cost.csv", tmp_path / "cost_only.xlsx"
    r = runner.invoke(app, ["report", "cost", str(book), "--csv", str(csv), "--xlsx", str(xlsx), "--no-workbook"])
    assert r.exit_code == 0, r.output
    assert not book.with_name("prod.cost.xlsx").exists()
    assert load_workbook(xlsx).sheetnames == [COST_REPORT_SHEET]
    assert csv.read_text(encoding="utf-8-sig").startswith("Level,")
    r = runner.invoke(app, ["report", "crew", str(book), "--no-personal", "--csv", str(tmp_path / "crew.csv"),
                            "-o", str(tmp_path / "crew.xlsx")])  # fmt: skip
    assert r.exit_code == 0, r.output
    text = (tmp_path / "crew.csv").read_text(encoding="utf-8-sig")
    assert "Uma Manager" not in text and "UPM" in text
    dood_csv = tmp_path / "dood.csv"
    r = runner.invoke(app, ["report", "dood", str(book), "--csv", str(dood_csv), "--no-workbook"])
    assert r.exit_code == 0, r.output
    assert dood_csv.read_text(encoding="utf-8-sig").splitlines()[1].startswith("1,MAYA,FT")


def test_finance_pack_and_calendar(book: Path, tmp_path: Path) -> None:
    pack = tmp_path / "finance.xlsx"
    r = runner.invoke(app, ["finance-pack", str(book), str(pack)])
    assert r.exit_code == 0, r.output
    assert load_workbook(pack).sheetnames[0] == FINANCE_README_SHEET
    ics = tmp_path / "shoot.ics"
    r = runner.invoke(app, ["calendar", str(book), str(ics)])
    assert r.exit_code == 0, r.output
    assert len(list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))) == 3
    r = runner.invoke(app, ["calendar", str(book), str(tmp_path / "maya.ics"), "--person", "ana example"])
    assert r.exit_code == 0, r.output
    assert "4 events" in " ".join(r.output.split())  # 3 work days and a fitting


@pytest.mark.parametrize("args", [
    ["calendar", "{book}", "{tmp}/x.ics", "--person", "nobody"],
    ["report", "cost", "{book}", "--from", "2027-03-05", "--to", "2027-03-01"],
    ["report", "dood", "{book}", "--from", "2027-03-05"],
    ["report", "cost", "{book}", "--no-personal"],
    ["finance-pack", "{book}", "{book}"],
    ["finance-pack", "{book}", "{tmp}/pack.csv"],
])  # fmt: skip
def test_user_errors_exit_2_without_traceback(book: Path, tmp_path: Path, args: list[str]) -> None:
    r = runner.invoke(app, [a.format(book=book, tmp=tmp_path) for a in args])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "report this" not in r.output
