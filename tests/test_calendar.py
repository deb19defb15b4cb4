"""The iCalendar exports parse back with ``icalendar`` and round-trip the shoot days: count, dates, call times
in the production's time zone, wraps, locations, stable UIDs; a performer's calendar holds only their days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import pytest

from tests.rules.harness import apply_patch, production_of
from tests.test_dood import DROP_OK, EVENTS, WORK, make
from xlproduction.model import dood as D
from xlproduction.model.production import Production
from xlproduction.reports.calendar import PersonNotFound, person_calendar, shoot_calendar, to_ics
from xlproduction.reports.errors import ReportInputError

WHEN = dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def p(tmp_path_factory: pytest.TempPathFactory) -> Production:
    data = make(WORK, events=EVENTS, drop_ok=DROP_OK)
    # A night shoot wrapping after midnight, and a day without a wrap time yet.
    data = apply_patch(data, {"set": [
        {"table": "Days", "where": {"day": 3}, "values": {"crew_call": dt.timedelta(hours=17),
                                                          "est_wrap": dt.timedelta(hours=5, minutes=30)}},
        {"table": "Days", "where": {"day": 4}, "values": {"est_wrap": None}},
        {"table": "Days", "where": {"day": 1}, "values": {"crew_call": dt.timedelta(hours=6)}},
    ], "add": [{"table": "Calls", "row": {"day": 1, "cast_id": "2", "makeup": dt.timedelta(hours=5, minutes=15)}}]})
    return production_of(data, tmp_path_factory.mktemp("cal"))


def parse(cal: icalendar.Calendar) -> list[icalendar.Event]:
    back = icalendar.Calendar.from_ical(to_ics(cal))
    return list(back.walk("VEVENT"))


def test_one_event_per_shoot_day_round_trips(p: Production) -> None:
    events = parse(shoot_calendar(p, when=WHEN))
    days = p.days.sort_values("day")
    assert len(events) == len(days) == 25
    la = ZoneInfo("America/Los_Angeles")
    for ev, r in zip(events, days.to_dict("records"), strict=True):
        start = ev.decoded("dtstart")
        assert start.tzinfo is not None and start.utcoffset() == start.astimezone(la).utcoffset()
        assert start.date() == pd.Timestamp(r["date"]).date()
        call = pd.Timedelta(r["crew_call"])
        assert (start.hour, start.minute) == (call.components.hours, call.components.minutes)
        assert f"Day {r['day']} " in str(ev["summary"])
        assert "Starlite Diner, 100 Main St" in str(ev["location"])
    by_day = {int(str(ev["summary"]).split("Day ")[1].split()[0]): ev for ev in events}
    night = by_day[3].decoded("dtend")
    assert night.date() == dt.date(2027, 3, 4) and (night.hour, night.minute) == (5, 30)  # after midnight
    no_wrap = by_day[4]
    assert no_wrap.decoded("dtend") - no_wrap.decoded("dtstart") == dt.timedelta(hours=12)
    assert "Scenes:" in str(by_day[1]["description"]) and "Sc 1" in str(by_day[1]["description"])
    # DST: 14 March 2027 is the US switch; a call at 7:00 stays 7:00 local either side.
    assert by_day[10].decoded("dtstart").utcoffset() == dt.timedelta(hours=-8)
    assert by_day[11].decoded("dtstart").utcoffset() == dt.timedelta(hours=-7)


def test_uids_are_stable_and_unique(p: Production) -> None:
    a = [str(e["uid"]) for e in parse(shoot_calendar(p, when=WHEN))]
    b = [str(e["uid"]) for e in parse(shoot_calendar(p))]
    assert a == b and len(set(a)) == len(a)


def test_person_calendar_holds_only_their_days(p: Production) -> None:
    x = D.dood(p)
    for cid in ("1", "2", "3", "5"):
        events = parse(person_calendar(p, cid, x, when=WHEN))
        row = x.grid.loc[cid]
        theirs = {c.date() for c, code in row.items() if code in D.WORK_CODES | {"TR", "R", "FT"}}
        got = {(e.decoded("dtstart").date() if isinstance(e.decoded("dtstart"), dt.datetime)
                else e.decoded("dtstart")) for e in events}  # fmt: skip
        assert got == theirs, cid
        assert len(events) == len(theirs)
    # Cast 2 reports for makeup at 5:15 on day 1 (before the 6:00 crew call); a holiday is not in the calendar.
    events = parse(person_calendar(p, "ROLE 2", x, when=WHEN))
    first = min(events, key=lambda e: str(e.decoded("dtstart")))
    assert (first.decoded("dtstart").hour, first.decoded("dtstart").minute) == (5, 15)
    assert dt.date(2027, 3, 3) not in {e.decoded("dtstart").date() for e in events}
    # Travel, rehearsal and fitting days are all-day events.
    lead = parse(person_calendar(p, "performer 1", x, when=WHEN))
    all_day = {e.decoded("dtstart") for e in lead if not isinstance(e.decoded("dtstart"), dt.datetime)}
    assert all_day == {dt.date(2027, 2, 25), dt.date(2027, 2, 26), dt.date(2027, 2, 27), dt.date(2027, 4, 3)}


def test_unknown_person_and_bad_time_zone(p: Production, tmp_path: Path) -> None:
    with pytest.raises(PersonNotFound):
        person_calendar(p, "nobody")
    bad = production_of(apply_patch(make({"1": [dt.date(2027, 3, 1)]}, dates=[dt.date(2027, 3, 1)]),
                                    {"settings": {"time_zone": "Mars/Olympus"}}), tmp_path)  # fmt: skip
    with pytest.raises(ReportInputError):
        shoot_calendar(bad)
