"""The crew list: departments in call-sheet order, a contact version and a version without personal data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.base import base_data
from tests.rules.harness import apply_patch, production_of
from xlproduction.model.contract import CREW, CREW_LIST_SHEET, DEPARTMENTS
from xlproduction.model.production import Production
from xlproduction.reports.crew_list import CONTACT_COLUMNS, PUBLIC_COLUMNS, crew_frame, crew_list, crew_sheet


@pytest.fixture(scope="module")
def p(tmp_path_factory: pytest.TempPathFactory) -> Production:
    data = apply_patch(base_data(), {"add": [
        {"table": "Crew", "row": {"name": "Cam Two", "department": "Camera", "position": "1st AC",
                                  "phone": "+1 310 555 0177", "email": "cam2@example.com"}},
        {"table": "Crew", "row": {"name": "=Evil Name", "department": "Costume", "position": "Costume Designer"}},
    ]})  # fmt: skip
    return production_of(data, tmp_path_factory.mktemp("crew"))


def test_departments_in_call_sheet_order(p: Production) -> None:
    df = crew_list(p)
    order = [DEPARTMENTS.index(d) for d in df["department"]]
    assert order == sorted(order)
    cam = df[df["department"] == "Camera"]
    assert list(cam["name"]) == ["Dana Photo", "Cam Two"]  # the Crew table's order within a department
    assert list(df.columns) == ["department", *CONTACT_COLUMNS]


def test_no_personal_version_has_no_personal_column_or_value(p: Production) -> None:
    df = crew_list(p, contacts=False)
    assert list(df.columns) == ["department", *PUBLIC_COLUMNS]
    assert not any(CREW.column(k).personal for k in PUBLIC_COLUMNS)
    spec = crew_sheet(p, contacts=False)
    texts = {str(v) for b in spec.blocks for row in b.values for v in row if v is not None}
    for col in CREW.columns:
        if col.personal:
            for v in p.crew[col.key].dropna():
                assert not any(str(v) in t for t in texts), (col.key, v)


def test_contact_sheet_tab_and_csv(p: Production, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from xlproduction.workbook.render import write_sheets
    from xlproduction.workbook.safety import write_csv

    spec = crew_sheet(p)
    out = write_sheets(p.source, tmp_path / "out.xlsx", [spec])
    ws = load_workbook(out)[CREW_LIST_SHEET]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "Production" in flat and "+1 310 555 0177" in flat and "Kin 10" not in flat  # no emergency contacts
    evil = next(c for row in ws.iter_rows() for c in row if c.value == "=Evil Name")
    assert evil.data_type == "s" and evil.quotePrefix  # text, never a formula
    path = write_csv(crew_frame(p), tmp_path / "crew.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "'=Evil Name" in text and text.splitlines()[0].startswith(CREW.header("department"))
