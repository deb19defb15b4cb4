"""The finance pack, written and scanned cell by cell: no personal data, no formulas, formula-like text
neutralised, figures that hold without Python.

"Personal data" is every value of a column the contract marks personal in the Cast, Crew and Locations tables
(performer and crew names, phones, emails, agents, emergency contacts, dates of birth, location contacts, day
rates), as the workbook holds them. The scan looks for each text value inside every text cell of every sheet
(case-insensitively), for dates of birth among the date cells, and for day rates in the budget's rate column.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.rules.harness import apply_patch, production_of
from tests.test_cost_report import cost_data
from xlproduction.model import budget as B
from xlproduction.model.contract import (
    ACCOMMODATION,
    CAST,
    COST_REPORT_SHEET,
    CREW,
    FINANCE_ACTUALS_SHEET,
    FINANCE_BUDGET_SHEET,
    FINANCE_README_SHEET,
    LOCATIONS,
    PER_DIEM_SHEET,
    TOP_SHEET,
    TRAVEL,
    VEHICLES,
    ColType,
)
from xlproduction.model.perdiems import per_diems
from xlproduction.model.production import Production
from xlproduction.reports.finance_pack import finance_pack
from xlproduction.workbook.render import write_new_workbook
from xlproduction.workbook.safety import is_formula_like


def personal(p: Production) -> dict[str, set[Any]]:
    """Every personal value of the people tables, by kind: text, dates, money."""
    text: set[str] = set()
    dates: set[dt.date] = set()
    money: set[float] = set()
    for spec in (CAST, CREW, LOCATIONS, VEHICLES, TRAVEL, ACCOMMODATION):
        if spec.name not in p.tables:
            continue
        df = p.df(spec.name)
        for col in spec.columns:
            if not col.personal:
                continue
            vals = df[col.key].dropna()
            if col.type is ColType.DATE:
                dates |= {pd.Timestamp(v).date() for v in vals}
            elif col.type is ColType.MONEY:
                money |= {float(v) for v in vals}
            else:
                text |= {str(v).strip() for v in vals if len(str(v).strip()) >= 2}
    return {"text": text, "dates": dates, "money": money}


def cells(path: Path) -> list[tuple[str, Any]]:
    wb = load_workbook(path)
    return [(ws.title, c) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def write_pack(p: Production, tmp_path: Path, name: str = "pack.xlsx") -> Path:
    return write_new_workbook(tmp_path / name, finance_pack(p).specs)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Production:
    data = apply_patch(cost_data(), {"add": [
        {"table": "Budget", "row": {"account": "2500", "description": "=1+1 craft table (Cat Ering)", "amount": 1,
                                    "units": "Allow", "x": 1, "rate": 50.0}},
        {"table": "Budget", "row": {"account": "6800", "description": "@office plant", "amount": 1,
                                    "units": "Allow", "x": 1, "rate": 60.0}},
        {"table": "Actuals", "row": {"date": dt.date(2027, 3, 2), "txn_id": "T020", "account": "3500",
                                     "vendor": "LOU OWNER", "description": "Fee, call +1 213 555 0111 or "
                                     "pam parks", "amount": 75.0, "status": "Posted"}},
    ]})  # fmt: skip
    return production_of(data, tmp_path_factory.mktemp("pack"))


def payee_cells(p: Production) -> set[str]:
    """What the Per Diems tab's first column may hold: each payee's name alone, and their total line."""
    names = {x.payee for x in per_diems(p)}
    return names | {f"Total {n}" for n in names}


def assert_no_personal_data(p: Production, path: Path) -> None:
    """No personal value of Cast, Crew, Locations or the logistics tables anywhere in the pack — but the payees'
    names in the Per Diems tab's first column, exactly (the name and nothing beside it)."""
    pv = personal(p)
    assert pv["text"], "the production must have personal data for the scan to mean anything"
    lowered = {v.casefold() for v in pv["text"]}
    payees = payee_cells(p)
    for sheet, c in cells(path):
        if sheet == PER_DIEM_SHEET and c.column == 1 and c.row > 4 and c.value in payees:
            continue  # accounting pays these people: their name is the one personal datum the pack carries
        if isinstance(c.value, str):
            text = c.value.casefold()
            leaked = [v for v in lowered if v in text]
            assert not leaked, f"{sheet}!{c.coordinate} {c.value!r} holds personal data {leaked}"
        elif isinstance(c.value, dt.datetime):
            assert c.value.date() not in pv["dates"], f"{sheet}!{c.coordinate}: a date of birth"
    # Day rates: the budget lines of named people (linked to cast/crew, or naming one) show no rate, amount or X.
    ws = load_workbook(path)[FINANCE_BUDGET_SHEET]
    header = [c.value for c in ws[4]]
    lines = B.budget_figures(p).lines
    lines = lines[lines["detail"]]  # the pack lists detail lines: finance sums the sheet
    named = lines["link"].astype("string").str.match(r"(?i)\s*(?:cast|crew)\b").fillna(False).astype(bool)
    names = {str(v).casefold() for v in pd.concat([p.cast["performer"], p.crew["name"]]).dropna()}
    named |= lines["description"].astype("string").fillna("").str.casefold().map(
        lambda d: any(n in d for n in names)).astype(bool)
    assert named.any()
    for i in range(len(lines)):
        if named.iloc[i]:
            for k in ("rate", "amount", "x"):
                assert ws.cell(5 + i, header.index(B_HEADER[k]) + 1).value is None, (i, k)


B_HEADER = {"rate": "Rate", "amount": "Amount", "x": "X", "description": "Description"}


def assert_safe(path: Path) -> None:
    """No formulas at all; formula-like text stored as text with the quote prefix; no macros."""
    seen_formula_like = 0
    for sheet, c in cells(path):
        assert c.data_type != "f", f"{sheet}!{c.coordinate} is a formula: {c.value!r}"
        if is_formula_like(c.value):
            seen_formula_like += 1
            assert c.data_type == "s" and c.quotePrefix, f"{sheet}!{c.coordinate} {c.value!r} not neutralised"
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert not [n for n in names if "vbaProject" in n]
        assert "macroEnabled" not in z.read("[Content_Types].xml").decode()
    return seen_formula_like  # type: ignore[return-value]


def test_pack_has_the_tabs_and_no_personal_data(small: Production, tmp_path: Path) -> None:
    path = write_pack(small, tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == [FINANCE_README_SHEET, TOP_SHEET, COST_REPORT_SHEET, FINANCE_BUDGET_SHEET,
                             FINANCE_ACTUALS_SHEET]  # fmt: skip
    assert_no_personal_data(small, path)
    assert assert_safe(path) >= 5  # =HYPERLINK vendor, -5%, @SUM, +Office, tab, =1+1, @office…


def test_names_are_replaced_by_roles(small: Production, tmp_path: Path) -> None:
    pack = finance_pack(small)
    desc = list(pack.budget["description"])
    assert "MAYA - [Cast 1]" in desc and "=1+1 craft table ([Caterer])" in desc
    act = pack.actuals.set_index("txn_id")
    assert act.loc["T007", "vendor"] == "[Key Grip]"  # a crew member paid as a vendor
    assert act.loc["T007", "description"] == "Kit rental, call [withheld]"  # a performer's phone
    assert act.loc["T020", "vendor"] == "[withheld]"  # a location contact, typed in capitals
    assert act.loc["T020", "description"] == "Fee, call [withheld] or [withheld]"
    assert act.loc["T011", "description"] == "Per diem [Cast 1]"


def test_rates_of_named_people_withheld_totals_kept(small: Production) -> None:
    pack = finance_pack(small)
    lines = B.budget_figures(small).lines
    b = pack.budget
    named = lines["link"].astype("string").str.match(r"(?i)\s*(cast|crew)\b").fillna(False).astype(bool)
    named |= lines["description"].str.contains("Cat Ering", regex=False).fillna(False).astype(bool)
    assert b.loc[named, ["amount", "x", "rate"]].isna().all().all()
    assert b.loc[~named, "rate"].notna().all()
    assert pack.withheld_rates == int(named.sum())
    # Values that hold without Python: the computed totals, and they add up to the top sheet.
    assert (b["total"] - lines["total"]).abs().max() < 1e-9
    assert abs(pack.report.top.set_index("line").at["GRAND_TOTAL", "budget"] - lines["total"].sum()) < 0.01


def test_finance_may_see_rates_keeps_names_and_rates_only(small: Production, tmp_path: Path) -> None:
    data = apply_patch(cost_data(), {"settings": {"finance_may_see_rates": True}})
    p = production_of(data, tmp_path)
    pack = finance_pack(p)
    assert "MAYA - Ana Example" in list(pack.budget["description"])
    assert pack.budget["rate"].notna().all() and pack.withheld_rates == 0
    path = write_new_workbook(tmp_path / "pack.xlsx", pack.specs)
    texts = " | ".join(str(c.value) for _, c in cells(path) if isinstance(c.value, str)).casefold()
    assert "ana example" in texts and "gus grip" in texts
    for spec, key in ((CAST, "phone"), (CAST, "email"), (CREW, "emergency_contact"), (LOCATIONS, "contact")):
        for v in p.df(spec.name)[key].dropna():
            assert str(v).casefold() not in texts, (spec.name, key, v)
    assert_safe(path)


def test_sample_pack(tmp_path: Path) -> None:
    from xlproduction.sample import SAMPLE_TODAY, sample_production

    p = production_of(sample_production(), tmp_path, today=SAMPLE_TODAY)
    path = write_pack(p, tmp_path, "sample_pack.xlsx")
    assert_no_personal_data(p, path)
    assert_safe(path)
    # Every budget figure is a value equal to the Python arithmetic.
    ws = load_workbook(path)[FINANCE_BUDGET_SHEET]
    header = [c.value for c in ws[4]]
    tcol = header.index("Total") + 1
    totals = [ws.cell(r, tcol).value for r in range(5, ws.max_row + 1)]
    fig = B.budget_figures(p)
    lines = fig.lines[fig.lines["detail"]]  # the sample's subtotal lines are left out: finance sums the sheet
    assert (~fig.lines["detail"]).sum() == 3
    assert len(totals) == len(lines)
    assert abs(sum(totals) - lines["total"].sum()) < 0.01
    # The budget detail shows each line's currency and what it bears; the top sheet the charges and the groups.
    ccol, chcol = header.index("Currency") + 1, header.index("Charges") + 1
    assert {ws.cell(r, ccol).value for r in range(5, ws.max_row + 1)} == {None, "CAD"}
    assert abs(sum(ws.cell(r, chcol).value for r in range(5, ws.max_row + 1)) - fig.charges["amount"].sum()) < 0.01
    top = {str(v): row for row in load_workbook(path)["Top Sheet"].iter_rows(values_only=True) for v in row if v}
    for name, amount in zip(fig.charges["name"], fig.charges["amount"], strict=True):
        assert abs(top[name][2] - amount) < 0.01, name
    assert abs(top["Group Second Unit"][2] - fig.groups["Second Unit"]) < 0.01
    assert abs(top["Grand total without Second Unit"][2] - (fig.top["GRAND_TOTAL"] - fig.groups["Second Unit"])) < 0.01
