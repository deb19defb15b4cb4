"""Re-exported calendars update the events phones already have: same UIDs, a higher SEQUENCE where an event
changed, the same where it did not, and a CANCELLED copy for a shoot day removed (two exports parsed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from tests.rules.base import base_data
from xlproduction.jobs.calendar import make_calendar
from xlproduction.jobs.source import workbook_file
from xlproduction.workbook.writer import write_workbook


def events(path: Path) -> dict[str, tuple[int, str, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert cal["METHOD"] == "PUBLISH"
    return {str(e["UID"]): (int(e["SEQUENCE"]), str(e.get("STATUS", "")), str(e["SUMMARY"]))
            for e in cal.walk("VEVENT")}  # fmt: skip


def test_a_changed_day_raises_its_sequence_and_a_removed_day_is_cancelled(tmp_path: Path) -> None:
    d = base_data()
    book = write_workbook(tmp_path / "book.xlsx", d)
    ics = tmp_path / "shoot.ics"
    first = make_calendar(workbook_file(book), ics)
    one = events(ics)
    assert first.events == 3 and {s for s, _, _ in one.values()} == {0}
    # Unchanged: exported again, nothing moves.
    make_calendar(workbook_file(book), ics)
    assert events(ics) == one
    # Day 2's crew call moves an hour later: only its event changes.
    d.tables["Days"][1]["crew_call"] = dt.timedelta(hours=8)
    write_workbook(book, d)
    second = make_calendar(workbook_file(book), ics)
    two = events(ics)
    assert set(two) == set(one)
    changed = {uid for uid in two if two[uid][0] != one[uid][0]}
    assert len(changed) == 1 and "Day 2" in two[changed.pop()][2]
    assert (second.sequences.changed, second.sequences.unchanged) == (1, 2)
    # Day 3 is dropped (its scenes moved to day 2; planned days stay 3): its event is cancelled, not left behind.
    d.tables["Days"] = d.tables["Days"][:2]
    for s in d.tables["Schedule"]:
        if s["day"] == 3:
            s["day"] = 2
    write_workbook(book, d)
    third = make_calendar(workbook_file(book), tmp_path / "elsewhere.ics", previous=ics)
    three = events(tmp_path / "elsewhere.ics")
    gone = [uid for uid, (_, status, _) in three.items() if status == "CANCELLED"]
    assert len(gone) == 1 and three[gone[0]][0] == two[gone[0]][0] + 1 and third.events == 2
    assert third.sequences.cancelled == 1
    # Sent again, the cancelled event stays cancelled at the same SEQUENCE.
    make_calendar(workbook_file(book), tmp_path / "elsewhere.ics")
    assert events(tmp_path / "elsewhere.ics")[gone[0]] == three[gone[0]]


def test_a_performer_calendar_updates_too(tmp_path: Path) -> None:
    d = base_data()
    book = write_workbook(tmp_path / "book.xlsx", d)
    ics = tmp_path / "maya.ics"
    make_calendar(workbook_file(book), ics, person="MAYA")
    one = events(ics)
    d.tables["CastEvents"][0]["date"] = dt.date(2027, 2, 25)  # the fitting moves a day earlier
    write_workbook(book, d)
    make_calendar(workbook_file(book), ics, person="MAYA")
    two = events(ics)
    # The fitting's UID says its date: the old one is cancelled, the new one is new; work days are untouched.
    assert [v for k, v in two.items() if k not in one] == [(0, "", "Base Test: MAYA — Fitting")]
    assert [v[:2] for k, v in two.items() if k in one and v != one[k]] == [(1, "CANCELLED")]
