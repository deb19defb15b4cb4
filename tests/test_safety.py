"""Formula-injection safety (xlproduction.workbook.safety) in CSV and in .xlsx written by the renderer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlproduction.model.sheetspec import Block, Formula, SheetSpec
from xlproduction.workbook.render import write_new_workbook
from xlproduction.workbook.safety import csv_text, is_formula_like, neutralise_frame, write_csv

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")', "＝1", "=cmd|' /C calc'!A0"]
SAFE = ["ok", " =not at start", "a=b", "", "1-2"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous(text: str) -> None:
    assert is_formula_like(text) and csv_text(text) == "'" + text


@pytest.mark.parametrize("text", SAFE)
def test_safe(text: str) -> None:
    assert not is_formula_like(text) and csv_text(text) == text


def test_frame_and_csv(tmp_path: Path) -> None:
    df = pd.DataFrame({"text": pd.Series([*DANGEROUS, *SAFE], dtype="string"),
                       "mixed": pd.Series([-5, "=x", None, 1.5, *[None] * 10], dtype=object),
                       "n": range(14)})  # fmt: skip
    out = neutralise_frame(df)
    assert list(out["text"]) == ["'" + t for t in DANGEROUS] + SAFE
    assert out["mixed"].iloc[0] == -5 and out["mixed"].iloc[1] == "'=x"  # numbers are never touched
    assert list(out["n"]) == list(range(14))
    path = write_csv(df, tmp_path / "x.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["text"].iloc[0] == "'=1+1"


def test_xlsx_literal_text_and_formulas(tmp_path: Path) -> None:
    spec = SheetSpec(name="S", blocks=(Block(1, 1, (("=1+1", "-5% off", Formula("=2+2"), "plain", 3),)),),
                     literal_text=True)  # fmt: skip
    ws = load_workbook(write_new_workbook(tmp_path / "x.xlsx", [spec]))["S"]
    a, b, c, d, e = (ws.cell(1, i) for i in range(1, 6))
    assert (a.value, a.data_type, a.quotePrefix) == ("=1+1", "s", True)
    assert (b.value, b.data_type, b.quotePrefix) == ("-5% off", "s", True)
    assert (c.value, c.data_type) == ("=2+2", "f")
    assert (d.data_type, d.quotePrefix) == ("s", False)
    assert e.value == 3
