"""What the per-rule fixtures cannot show for the budget, actuals and people rules.

- BU007/BU008 against a workbook really recalculated by LibreOffice: cached figures computed by the template's
  formulas must agree with the Python arithmetic (no false alarm), and a typed-over cell is the only one named.
- Privacy: findings about phones and emails name the cell, never the number or the address.
- Scale: the actuals rules stay vectorised on 100,000 rows.
"""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from xlproduction.checks import money, people, run_checks
from xlproduction.model.production import ROW, Production, Table

from .base import TODAY
from .harness import _split_cached, _write_cached, apply_patch, base, production_of


def test_recalculated_budget_agrees_and_only_the_typed_over_cell_is_reported(soffice: str, tmp_path: Path) -> None:
    from xlproduction.workbook.libreoffice import recalculate
    from xlproduction.workbook.reader import load_production
    from xlproduction.workbook.writer import write_workbook

    # A number typed over one line's Total; LibreOffice computes every other formula, as Excel does on save.
    patch = {"cached": [{"table": "Budget", "where": {"description": "Location fees"}, "values": {"total": 5000}}]}
    data, cached = _split_cached(apply_patch(base(), patch))
    path = write_workbook(tmp_path / "typed.xlsx", data)
    _write_cached(path, cached)
    p = load_production(recalculate(path, tmp_path / "out"), today=TODAY)
    assert p.budget["total"].notna().all(), "LibreOffice should have cached every Total"
    found = [(f.code, f.cell) for f in run_checks(p) if f.code in ("BU007", "BU008")]
    # The account's Budget sums Base Subtotals and Fringes, not the typed Total, so only the line's Total is reported.
    assert found == [("BU007", "Z13")]


def test_phone_and_email_findings_never_repeat_the_value(tmp_path: Path) -> None:
    bad = {"phone": "555-0199", "agent_phone": "+1 213 555 01", "email": "ana.example@exa_mple.com"}
    patch = {
        "set": [
            {"table": "Cast", "where": {"cast_id": "1"}, "values": bad},
            {"table": "Crew", "where": {"name": "Cat Ering"}, "values": {"phone": "+1 310 555 0101",
                                                                        "email": "ben@example.com"}},
        ],
        "settings": {"coordinator_email": "office@@example.com", "coordinator_phone": "0000"},
    }
    p = production_of(apply_patch(base(), patch), tmp_path)
    found = [f for f in run_checks(p) if f.code in ("PE001", "PE002", "PE004")]
    assert {f.code for f in found} == {"PE001", "PE002", "PE004"}
    secrets = [*bad.values(), "office@@example.com", "ben@example.com", "0199", "0101", "exa_mple"]
    for f in found:
        text = f"{f.message} {f.hint}"
        digits = re.sub(r"\D", "", text)
        for s in secrets:
            assert s.casefold() not in text.casefold(), (s, f.message)
        for s in ("5550199", "213555", "3105550101"):
            assert s not in digits, (s, f.message)


def _with_actuals(p: Production, n: int) -> Production:
    rng = np.random.default_rng(7)
    accounts = np.array(["1400", "2000", "2500", "3200", "3300", "3500", "5000", "6800"])
    statuses = np.array(["Posted", "Open PO", "Closed PO", "Void"])
    po = pd.Series([f"PO-{i}" for i in range(n)], dtype="string")
    a = pd.DataFrame({
        "date": pd.Series(pd.Timestamp("2027-01-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D"))
        .astype("datetime64[s]"),
        "txn_id": pd.Series([f"T{i:06d}" for i in range(n)], dtype="string"),
        "account": pd.Series(accounts[rng.integers(0, len(accounts), n)], dtype="string"),
        "vendor": pd.Series([f"Vendor {i}" for i in range(n)], dtype="string"),
        "description": pd.Series(["supplies"] * n, dtype="string"),
        "amount": pd.Series(rng.integers(1, 5_000, n) / 100, dtype="Float64"),
        "po": po,
        "status": pd.Series(statuses[rng.integers(0, 4, n)], dtype="string"),
        "notes": pd.Series([None] * n, dtype="string"),
        ROW: pd.Series(np.arange(2, n + 2), dtype="int64"),
    })  # fmt: skip
    # One planted duplicate payment: the last row repeats the first one's vendor, amount and date.
    a.loc[n - 1, ["vendor", "amount", "date", "status"]] = [a.loc[0, "vendor"], a.loc[0, "amount"], a.loc[0, "date"],
                                                           "Posted"]  # fmt: skip
    a.loc[0, "status"] = "Posted"
    t = p.table("Actuals")
    return dataclasses.replace(p, tables={**p.tables, "Actuals": Table(t.spec, a, t.location)})


def test_actuals_rules_scale_to_100k_rows(tmp_path: Path) -> None:
    p = _with_actuals(production_of(base(), tmp_path), 100_000)
    start = time.perf_counter()
    found = {r.code: list(r.check(p)) for r in (*money.RULES, *people.RULES)}
    elapsed = time.perf_counter() - start
    assert [f.cell for f in found["AC003"]] == ["F100001"]
    assert elapsed < 20, f"budget/actuals/people rules took {elapsed:.1f} s on 100,000 actuals"
