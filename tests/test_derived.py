"""Facts derived once per production are shared by every rule: one rule's writes must never reach the next rule.

The cache hands out copies that pandas 3 makes lazily (copy-on-write) and pandas 2.2 without that mode (xlwings
Lite's) makes eagerly; either way a caller that writes into the frame it was given, in place, leaves the cached one
as it was.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xlproduction.model.production import Production, derived
from xlproduction.workbook.reader import load_production

SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample_production.xlsx"
computed: list[int] = []


@derived
def ledger_amounts(p: Production) -> pd.DataFrame:
    computed.append(1)
    return p.actuals[["amount"]].copy()


def test_a_derived_fact_is_computed_once_and_in_place_writes_stay_with_the_writer() -> None:
    p = load_production(SAMPLE)
    original = p.actuals["amount"].to_numpy().copy()
    computed.clear()

    first = ledger_amounts(p)
    first.loc[first.index[:5], "amount"] = -1.0  # a rule writing into what it was given, in place
    first.iloc[5, 0] = -2.0
    first["amount"] *= 3  # and replacing the column

    again = ledger_amounts(p)
    assert computed == [1], "computed once per production"
    assert (again["amount"].to_numpy() == original).all(), "the next caller gets the facts, not the first's edits"
    assert (first["amount"].to_numpy()[:5] == -3.0).all(), "the writer keeps its own changes"


def test_each_production_has_its_own_facts() -> None:
    a, b = load_production(SAMPLE), load_production(SAMPLE)
    computed.clear()
    ledger_amounts(a), ledger_amounts(b), ledger_amounts(a)
    assert computed == [1, 1]
