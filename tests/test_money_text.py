"""Amounts printed by xlproduction agree with each other and with what the workbook shows, to the cent.

A budget of fringed lines totals fractions of a cent; Excel rounds half away from zero on the 15 digits it keeps.
Python's own rounding works on the binary float, so two sums of the same lines could print .72 and .73.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.model.numformats import excel_round, money_text
from xlproduction.reports.summary import production_summary, summary_lines
from xlproduction.workbook.reader import load_production

SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample_production.xlsx"


@pytest.mark.parametrize(("x", "shown"), [
    (7525892.725, "7,525,892.73"), (7525892.725000001, "7,525,892.73"), (7525892.7249, "7,525,892.72"),
    (2.675, "2.68"), (1.005, "1.01"), (-1.005, "-1.01"), (0.125, "0.13"), (-0.004, "0.00"), (0.0, "0.00"),
    (1234.5, "1,234.50"), (-2_500_000, "-2,500,000.00"),
])  # fmt: skip
def test_amounts_print_as_excel_shows_them(x: float, shown: str) -> None:
    assert money_text(x) == shown
    assert excel_round(x) == float(shown.replace(",", ""))


@pytest.mark.parametrize("x", [1e308, -1e308, 1e15 + 0.5, float("inf"), float("-inf")])
def test_amounts_beyond_cents_are_left_as_they_are(x: float) -> None:
    assert excel_round(x) == x
    assert money_text(x) == f"{x:,.2f}"


def test_not_a_number_stays_not_a_number() -> None:
    assert money_text(float("nan")) == "nan"


def test_the_summary_and_the_cost_report_command_print_the_same_budget_total() -> None:
    """The summary and `xlproduction report cost` print the same grand total (they once printed .73 and .72 of the
    sample's 7,525,892.725; the sample's budget, contractual charges included, is now 7,403,771.23)."""
    p = load_production(SAMPLE)
    line = next(t for t in summary_lines(production_summary(p)) if t.startswith("Budget"))
    total = re.search(r"Budget \w+ ([\d,.]+) over", line)
    assert total is not None and total[1] == "7,403,771.23"
    r = CliRunner().invoke(app, ["report", "cost", str(SAMPLE), "--no-workbook"])
    assert r.exit_code == 0, r.output
    assert f"budget {total[1]}," in " ".join(r.output.split()), r.output
