"""The cost report: the DESIGN §4 identities on every row of the sample, hand-checked figures on a small
production (EFC override, accounts missing from the chart, void and future-dated actuals, the period), the
Cost Report tab's formulas recalculated by a real LibreOffice against Python, the chart, and the CSV export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import soffice_or_skip
from tests.rules.base import TODAY, base_data
from tests.rules.harness import apply_patch, production_of
from xlproduction.model.contract import COST_REPORT_COLUMNS, COST_REPORT_LEVEL, COST_REPORT_SHEET
from xlproduction.model.production import Production
from xlproduction.model.sheetspec import Formula
from xlproduction.model.tabledata import ProductionData
from xlproduction.reports.cost import (
    COL,
    HEADER_ROW,
    MONEY,
    UNASSIGNED,
    cost_frame,
    cost_report,
    cost_sheet,
    largest_variances,
)
from xlproduction.reports.errors import ReportInputError

CENT = 0.005


def cost_data() -> ProductionData:
    """The base production plus: an EFC override under budget (5000), an overrun (3200), actuals coded to an
    account not in the chart (9999) and to none, a void row, a row after the report date, an open PO, and text
    that reads like a formula."""
    rows = [
        ("T006", dt.date(2027, 3, 2), "3200", '=HYPERLINK("http://x","pay")', "Lens damage", 5000.0, "Posted"),
        ("T007", dt.date(2027, 3, 2), "9999", "Gus Grip", "Kit rental, call +1 310 555 0101", 300.0, "Posted"),
        ("T008", dt.date(2027, 3, 1), None, "Petty cash", "-5% discount", 40.0, "Posted"),
        ("T009", dt.date(2027, 3, 1), "2500", "Good Eats", "@SUM(A1)", 999.0, "Void"),
        ("T010", dt.date(2027, 3, 9), "2500", "Good Eats", "Next week", 700.0, "Posted"),
        ("T011", dt.date(2027, 3, 2), "1400", "Ana Example", "Per diem Ana Example", 120.0, "Open PO"),
        ("T012", dt.date(2027, 3, 2), " 6800 ", "+Office", "\tTabbed", 10.0, None),  # blank status = Posted
    ]
    add = [{"table": "Actuals", "row": {"txn_id": t, "date": d, "account": a, "vendor": v, "description": desc,
                                        "amount": amt, **({"status": st} if st else {})}}
           for t, d, a, v, desc, amt, st in rows]  # fmt: skip
    return apply_patch(base_data(), {
        "set": [{"table": "Accounts", "where": {"account": "5000"}, "values": {"efc_override": 28000.0}}],
        "add": add})  # fmt: skip


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Production:
    return production_of(cost_data(), tmp_path_factory.mktemp("cost"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Production:
    """The sample production, with two forecasts an accountant would make mid-shoot (the sample itself has no
    variance: nothing is over budget yet): camera over by 25,000, contingency released."""
    from xlproduction.sample import SAMPLE_TODAY, sample_production

    data = apply_patch(sample_production(), {"set": [
        {"table": "Accounts", "where": {"account": "3200"}, "values": {"efc_override": 366127.375}},
        {"table": "Accounts", "where": {"account": "7000"}, "values": {"efc_override": 0.0}}]})  # fmt: skip
    return production_of(data, tmp_path_factory.mktemp("sample"), today=SAMPLE_TODAY)


def test_no_variance_no_chart(tmp_path: Path) -> None:
    p = production_of(base_data(), tmp_path)
    r = cost_report(p)
    assert largest_variances(r).empty
    spec = cost_sheet(r, p)
    assert spec.charts == ()
    assert any("No variances" in str(v) for b in spec.blocks for row in b.values for v in row)


def assert_identities(df: pd.DataFrame) -> None:
    """DESIGN §4 on every row of ``df``."""
    for r in df.to_dict("records"):
        where = r.get("account") or r.get("category") or r.get("line")
        assert abs(r["total_to_date"] - (r["actual_to_date"] + r["po"])) < CENT, where
        assert abs(r["etc"] - (r["efc"] - r["total_to_date"])) < CENT, where
        assert abs(r["variance"] - (r["efc"] - r["budget"])) < CENT, where
        assert r["actual_period"] <= r["actual_to_date"] + CENT or r["actual_period"] < 0, where


def test_identities_hold_for_every_account_of_the_sample(sample: Production) -> None:
    from xlproduction.model import budget as B

    r = cost_report(sample)
    assert r.end == sample.today  # Settings → Status Date
    assert len(r.accounts) >= len(sample.accounts)
    assert_identities(r.accounts)
    assert_identities(r.categories)
    assert_identities(r.top)
    # EFC defaults to max(budget, total to date) on every account without an override.
    a = r.accounts[~r.accounts["efc_override"]]
    assert ((a["efc"] - a[["budget", "total_to_date"]].max(axis=1)).abs() < CENT).all()
    # Roll-ups: categories are the sums of their accounts, the grand total the sum of everything.
    for c in r.categories.to_dict("records"):
        acc = r.accounts[r.accounts["category"] == c["category"]]
        for k in MONEY:
            assert abs(acc[k].sum() - c[k]) < 0.01, (c["category"], k)
    top = r.top.set_index("line")
    for k in MONEY:
        assert abs(top.at["GRAND_TOTAL", k] - r.accounts[k].sum()) < 0.01, k
    # The budget column is the budget: the top sheet's arithmetic (xlproduction.model.budget).
    fig = B.budget_figures(sample)
    # Every line's total and every contractual charge (posted to its account) reach the EFC's budget.
    assert len(fig.charges) and (fig.charges["amount"] > 0).all()
    grand = fig.lines["total"][fig.lines["detail"]].sum() + fig.charges["amount"].sum()  # subtotal lines count none
    assert abs(top.at["GRAND_TOTAL", "budget"] - grand) < 0.01
    accounts = r.accounts.set_index("account")
    for name, acct, amount in zip(fig.charges["name"], fig.charges["account"], fig.charges["amount"], strict=True):
        assert accounts.at[acct, "budget"] >= amount - 0.01, name
        if not accounts.at[acct, "efc_override"]:  # contingency is released in this fixture
            assert accounts.at[acct, "efc"] >= amount - 0.01, name
    cats = fig.top
    for k in ("ATL", "TOTAL_ATL", "TOTAL_BTL"):
        assert abs(top.at[k, "budget"] - cats[k]) < 0.01, k
    # Actuals to date reconcile with the ledger: cost (Posted, Closed PO) and commitments dated up to the end.
    act = sample.actuals
    live = act[pd.to_datetime(act["date"]) <= pd.Timestamp(r.end)]
    status = live["status"].fillna("Posted")
    assert abs(top.at["GRAND_TOTAL", "actual_to_date"]
               - live.loc[status.isin(["Posted", "Closed PO"]), "amount"].sum()) < 0.01  # fmt: skip
    assert abs(top.at["GRAND_TOTAL", "po"] - live.loc[status == "Open PO", "amount"].sum()) < 0.01


def test_hand_checked_figures(small: Production) -> None:
    r = cost_report(small)  # today 2 Mar 2027: the week 24 Feb – 2 Mar
    assert (r.start, r.end) == (dt.date(2027, 2, 24), TODAY)
    a = r.accounts.set_index(r.accounts["account"].str.strip())
    cam = a.loc["3200"]  # deposit 1,500 (Closed PO, 25 Feb) + 5,000 posted; 3,000 open PO
    assert (cam["actual_to_date"], cam["po"], cam["total_to_date"]) == (6500.0, 3000.0, 9500.0)
    assert cam["efc"] == 9500.0 and abs(cam["variance"] - (9500.0 - cam["budget"])) < CENT and cam["etc"] == 0
    ed = a.loc["5000"]  # EFC override under budget: a saving
    assert ed["efc_override"] and ed["efc"] == 28000.0 and ed["variance"] < 0 and ed["etc"] == 28000.0
    ops = a.loc["2500"]  # void ignored, 9 Mar is after the report date
    assert (ops["actual_to_date"], ops["actual_period"]) == (500.0, 500.0)
    assert a.loc["1400", "po"] == 120.0 and a.loc["1400", "actual_to_date"] == 0
    assert a.loc["6800", "actual_to_date"] == 260.0  # ' 6800 ' matched trimmed; blank status is Posted
    loc = a.loc["3500"]  # 20 Feb: to date, before this period
    assert (loc["actual_to_date"], loc["actual_period"]) == (1200.0, 0.0)
    unknown = r.accounts[r.accounts["category"] == UNASSIGNED].set_index("account")
    assert set(unknown.index) == {"9999", ""}
    assert unknown.loc["9999", "actual_to_date"] == 300.0 and unknown.loc["", "actual_to_date"] == 40.0
    assert not unknown["in_chart"].any()
    assert_identities(r.accounts)
    assert_identities(r.top)
    # A narrower period: only 2 March.
    r2 = cost_report(small, dt.date(2027, 3, 2), dt.date(2027, 3, 2))
    a2 = r2.accounts.set_index(r2.accounts["account"].str.strip())
    assert a2.loc["3200", "actual_period"] == 5000.0 and a2.loc["3200", "actual_to_date"] == 6500.0
    # To date as of 9 March includes the later row.
    r3 = cost_report(small, end=dt.date(2027, 3, 9))
    assert r3.accounts.set_index("account").loc["2500", "actual_to_date"] == 1200.0
    with pytest.raises(ReportInputError):
        cost_report(small, dt.date(2027, 3, 5), dt.date(2027, 3, 1))


def test_largest_variances(small: Production) -> None:
    big = largest_variances(cost_report(small))
    assert list(big["account"].str.strip()) == ["5000", "3200", "9999", ""]  # by size, over or under


def test_csv_export(small: Production, tmp_path: Path) -> None:
    from xlproduction.workbook.safety import write_csv

    r = cost_report(small)
    frame = cost_frame(r)
    assert set(frame[COST_REPORT_LEVEL]) == {"account", "category", "total"}
    path = write_csv(frame, tmp_path / "cost.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(frame.columns)
    assert len(back) == len(r.accounts) + len(r.categories) + 3
    grand = back[back[COST_REPORT_LEVEL] == "total"].iloc[-1]
    assert float(grand[COST_REPORT_COLUMNS["efc"]]) == pytest.approx(r.top.iloc[-1]["efc"], abs=0.01)


def test_tab_layout_and_chart(small: Production) -> None:
    r = cost_report(small)
    spec = cost_sheet(r, small)
    assert spec.name == COST_REPORT_SHEET and spec.literal_text
    assert spec.value_at(HEADER_ROW, COL["variance"]) == COST_REPORT_COLUMNS["variance"]
    (chart,) = spec.charts
    assert chart.kind == "bar" and chart.last_row - chart.first_row + 1 == len(largest_variances(r))
    formulas = [v for b in spec.blocks for row in b.values for v in row if isinstance(v, Formula)]
    assert formulas and all(f.startswith("=") for f in formulas)
    values = cost_sheet(r, small, formulas=False)
    assert not [v for b in values.blocks for row in b.values for v in row if isinstance(v, Formula)]


def _read_back(path: Path, sheet: str) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["small", "sample"])
def test_formulas_recalculated_by_libreoffice_agree_with_python(which: str, request: pytest.FixtureRequest,
                                                                tmp_path: Path) -> None:  # fmt: skip
    """Write the tab (with formulas) into the workbook, let LibreOffice compute it, compare every figure."""
    soffice_or_skip()
    small: Production = request.getfixturevalue(which)
    from openpyxl import load_workbook

    from xlproduction.workbook import libreoffice
    from xlproduction.workbook.render import write_sheets

    r = cost_report(small)
    spec = cost_sheet(r, small)
    src = Path(small.source)
    out = write_sheets(src, tmp_path / "with_cost.xlsx", [spec])
    ws = load_workbook(out)[COST_REPORT_SHEET]
    assert ws.cell(HEADER_ROW + 2, COL["total_to_date"]).data_type == "f"  # really formulas
    assert len(ws._charts) == 1  # a native chart, not a picture
    assert not ws._images
    calc = libreoffice.recalculate(out, tmp_path / "calc")
    grid = _read_back(calc, COST_REPORT_SHEET)

    def at(row: int, col: int) -> object:
        return grid[row - 1][col - 1]

    # Every cell the spec fills: formulas must compute to the Python figure of the same row.
    expected: dict[tuple[int, int], float] = {}
    names = r.accounts.assign(label=r.accounts["account"].astype(str))
    rows_by_account = {}
    title_row = next(row for row in range(1, len(grid) + 1) if str(at(row, 1)).startswith("Largest variances"))
    for row in range(HEADER_ROW + 1, title_row):
        label, name = at(row, 1), at(row, 2)
        hit = names[(names["label"] == str(label or "")) & (names["name"] == str(name or ""))]
        if len(hit) == 1 and isinstance(at(row, COL["budget"]), int | float):
            rows_by_account[hit.index[0]] = row
    assert len(rows_by_account) == len(r.accounts)
    for idx, row in rows_by_account.items():
        for k in MONEY:
            expected[(row, COL[k])] = float(r.accounts.at[idx, k])
    # Category subtotals and the top-sheet lines, found by their labels.
    labels = {str(at(row, 2)): row for row in range(1, len(grid) + 1) if at(row, 2)}
    for c in r.categories.to_dict("records"):
        for k in MONEY:
            expected[(labels[f"Total {c['title']}"], COL[k])] = float(c[k])
    for t in r.top.to_dict("records"):
        if t["line"] in ("TOTAL_ATL", "TOTAL_BTL", "GRAND_TOTAL"):
            for k in MONEY:
                expected[(labels[t["title"]], COL[k])] = float(t[k])
    for (row, col), want in expected.items():
        got = at(row, col)
        assert isinstance(got, int | float), (row, col, got)
        assert abs(float(got) - want) < CENT, (row, col, got, want)
    # The chart's table: each variance equal to its account's.
    big = largest_variances(r)
    for i, v in enumerate(big["variance"]):
        assert abs(float(at(title_row + 2 + i, 3)) - float(v)) < CENT


