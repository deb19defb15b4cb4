"""The demo end to end: the sample is clean, and every planted mistake is found at its cell."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from xlproduction.checks import run_checks
from xlproduction.jobs.demo import plant_mistakes, run_demo
from xlproduction.model.findings import Severity
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.writer import write_workbook


def test_sample_production_has_no_errors_or_warnings(tmp_path: Path) -> None:
    p = load_production(write_workbook(tmp_path / "s.xlsx", sample_production()))
    findings = run_checks(p)
    assert [(f.code, f.location, f.message) for f in findings if f.severity is not Severity.INFO] == []


def test_every_planted_mistake_is_found_at_its_cell(tmp_path: Path) -> None:
    broken, planted = plant_mistakes(sample_production())
    p = load_production(write_workbook(tmp_path / "b.xlsx", broken))
    found = {(f.code, f.sheet, f.cell) for f in run_checks(p)}
    assert len(planted) >= 6
    for m in planted:
        sheet, cell = m.cell(p)
        assert sheet and cell, m.what
        assert (m.code, sheet, cell) in found, f"{m.code} not reported at {sheet}!{cell}: {m.what}"


def test_demo_command_succeeds_and_writes_its_files(tmp_path: Path) -> None:
    buf = io.StringIO()
    assert run_demo(tmp_path, Console(file=buf, width=120)) == 0, buf.getvalue()
    text = buf.getvalue()
    # The sample is clean; its one note says where the UPM's fringe range reaches a cutoff (BU014, info).
    assert "0 errors, 0 warnings, 1 notes" in text and "MISSED" not in text
    assert "script_breakdown.xlsx: 200 scenes" in text
    # Tomorrow's movement order and the rooming list (tabs of a copy), and the list sent to one hotel.
    assert "Transport D13 Wed 17-Mar, Rooming List tabs in sample_production.logistics.xlsx: day 13" in text
    assert "Rooming list for Hollywood Way Inn: rooming_list.xlsx" in text
    for name in ("sample_production.xlsx", "sample_with_mistakes.xlsx", "sample_with_mistakes.checked.xlsx",
                 "last_call_at_rosies.fountain", "script_breakdown.xlsx", "sample_rescheduled.xlsx",
                 "sample_production.logistics.xlsx", "rooming_list.xlsx"):
        assert (tmp_path / name).exists()
    # The change memo of the rescheduled copy, and tomorrow's call sheet published as a dry run: nothing sent.
    assert "Changes — Last Call at Rosie's" in text and "moved from day 13 (Wed 17-Mar) to day 14" in text
    assert "crew call 6:30 AM (was 7:00 AM)" in text and "nothing sent" in text
    dry = tmp_path / "publication dry run"
    assert {"slack-1.json", "teams.json", "email-crew.eml", "email-cast.eml"} <= {p.name for p in dry.iterdir()}
    assert not (tmp_path / "publication log").exists()  # a dry run records nothing
