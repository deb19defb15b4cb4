"""The call-sheet model: every block of one shoot day, from a real workbook read back (tests/rules/base.py patched
in tests/callsheet_support.py), and from the sample production."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from astral import LocationInfo
from astral.sun import sun

from xlproduction.callsheet.fill import callsheet_values, fill, fmt_time
from xlproduction.callsheet.model import CallSheet, UnknownDay, build_callsheet, revision_colour
from xlproduction.model.production import Production

from .callsheet_support import DATE, DAY, callsheet_data, h
from .rules.harness import apply_patch, production_of

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Production:
    return production_of(callsheet_data(), tmp_path_factory.mktemp("cs"))


@pytest.fixture(scope="module")
def cs(prod: Production) -> CallSheet:
    return build_callsheet(prod, DAY)


def test_header(cs: CallSheet) -> None:
    assert (cs.day, cs.date, cs.total_days, cs.callsheet_number) == (2, DATE, 3, 2)
    assert (cs.title, cs.company, cs.unit) == ("Base Test", "Test Pictures LLC", "Main")
    scalars, _ = callsheet_values(cs)
    assert scalars["day_x_of_y"] == "Day 2 of 3"
    assert scalars["date_long"] == "Tuesday, March 2, 2027"
    assert scalars["date"] == "Tue 02-Mar-2027"
    assert (scalars["crew_call"], scalars["shooting_call"], scalars["lunch"], scalars["est_wrap"]) == (
        "7:00 AM", "8:00 AM", "1:00 PM", "7:00 PM")
    assert scalars["weather"] == "Sunny, high 72°F"
    people = {k.role: (k.name, k.phone) for k in cs.key_people}
    # The UPM has no phone in Settings: the one on the crew list is used.
    assert people["UPM"] == ("Uma Manager", "+1 310 555 0110")
    assert people["Production Coordinator"] == ("Cory Coord", "+1 310 555 0199")
    assert people["Director"] == ("Dee Director", "")
    assert (scalars["revision"], scalars["revision_number"], scalars["script_revision"]) == ("White", "0", "White")


def test_sunrise_sunset_for_the_location_and_date(cs: CallSheet) -> None:
    loc = LocationInfo("Starlite Diner", "USA", "America/Los_Angeles", 34.0522, -118.2437)
    expected = sun(loc.observer, date=DATE, tzinfo=LA)
    assert cs.sunrise is not None and cs.sunset is not None
    assert abs((cs.sunrise - expected["sunrise"]).total_seconds()) < 60
    assert abs((cs.sunset - expected["sunset"]).total_seconds()) < 60
    # Known: Los Angeles in early March (PST) sees sunrise about 6:20 AM and sunset about 5:50 PM.
    assert dt.time(6, 10) <= cs.sunrise.astimezone(LA).time() <= dt.time(6, 30)
    assert dt.time(17, 40) <= cs.sunset.astimezone(LA).time() <= dt.time(18, 0)
    scalars, _ = callsheet_values(cs)
    assert scalars["sunrise"] == fmt_time(expected["sunrise"])


def test_safety_and_logistics(cs: CallSheet) -> None:
    assert cs.location is not None
    loc = cs.location
    assert (loc.name, loc.address, loc.parking, loc.base_camp) == (
        "Starlite Diner", "100 Main St, Los Angeles, CA", "Lot behind the diner", "Lot B")
    assert (loc.hospital, loc.hospital_address, loc.hospital_phone) == (
        "General Hospital", "1 Care Way, Los Angeles, CA", "+1 213 555 0100")
    _, blocks = callsheet_values(cs)
    assert blocks["locations"][0]["hospital_line"] == "General Hospital, 1 Care Way, Los Angeles, CA, +1 213 555 0100"


def test_scenes_in_shooting_order_with_total_pages_and_banner(cs: CallSheet) -> None:
    assert cs.scene_numbers == ("3", "6")
    first, second = cs.scenes
    assert (first.set, first.int_ext, first.day_night, first.pages, first.cast, first.banner) == (
        "DINER - PARKING LOT", "EXT", "DAY", 6, ("2",), "LUNCH")
    assert (second.set, second.int_ext, second.pages, second.cast, second.est_time) == (
        "DINER - MAIN ROOM", "INT", 8, ("1", "2"), h(1.5))
    assert cs.total_pages == 14
    _, blocks = callsheet_values(cs)
    assert [s.get("pages") for s in blocks["scenes"]] == ["6/8", None, "1"]
    assert blocks["scenes"][1] == {"_kind": "banner", "banner": "LUNCH", "set": "*** LUNCH ***"}
    scalars, _ = callsheet_values(cs)
    assert (scalars["total_pages"], scalars["total_est_time"]) == ("1 6/8", "2:30")
    assert [b.description for b in cs.background] == ["4 diners"]


def test_cast_status_codes_calls_overrides_and_defaults(cs: CallSheet) -> None:
    cast = {c.cast_id: c for c in cs.cast}
    assert [c.cast_id for c in cs.cast] == ["1", "2", "3"]  # working first, then held
    assert {k: c.status for k, c in cast.items()} == {"1": "W", "2": "WF", "3": "H"}
    joe = cast["2"]  # Calls: pickup 6:15, makeup 6:45; on set defaults to the shooting call (first scene)
    assert (joe.pickup, joe.makeup, joe.on_set, joe.remarks) == (h(6.25), h(6.75), h(8), "Wet-down wardrobe")
    maya = cast["1"]  # first in the second strip: 8:00 + 1:00 (scene 3) + 1:00 (LUNCH banner)
    assert (maya.pickup, maya.on_set, maya.makeup) == (None, h(10), h(9))
    rita = cast["3"]
    assert (rita.working, rita.makeup, rita.on_set) == (False, None, None)
    assert (maya.character, maya.performer) == ("MAYA", "Ana Example")


def test_makeup_default_never_before_crew_call(tmp_path: Path) -> None:
    p = production_of(apply_patch(callsheet_data(), {
        "set": [{"table": "Days", "where": {"day": 2}, "values": {"shooting_call": h(7.25)}}]}), tmp_path)
    joe = next(c for c in build_callsheet(p, 1).cast if c.cast_id == "2")
    # Day 1: Joe on set at 8:00 (shooting call), makeup 7:00 = crew call (8:00 − 1 h).
    assert (joe.on_set, joe.makeup) == (h(8), h(7))
    maya = next(c for c in build_callsheet(p, 2).cast if c.cast_id == "1")
    # Day 2: shooting call 7:15, Maya on set 7:15 + 1 h (scene 3) + 1 h (LUNCH) = 9:15, makeup 8:15.
    assert (maya.on_set, maya.makeup) == (h(9.25), h(8.25))
    # Day 3's first strip (scene 4: Maya and Rita) is on set at 7:15: makeup an hour before would be 6:15,
    # before the 7:00 crew call, so it is the crew call.
    early = build_callsheet(production_of(apply_patch(callsheet_data(), {
        "set": [{"table": "Days", "where": {"day": 3}, "values": {"shooting_call": h(7.25)}}]}), tmp_path / "b"), 3)
    assert {c.cast_id: (c.on_set, c.makeup) for c in early.cast} == {"1": (h(7.25), h(7)), "3": (h(7.25), h(7))}


def test_crew_calls_by_department_with_offsets_and_overrides(cs: CallSheet) -> None:
    assert [c.department for c in cs.crew] == ["Production", "Assistant Directors", "Camera", "Grip", "Sound",
                                               "Catering"]  # fmt: skip
    calls = {c.name: (c.call, c.call_source) for c in cs.crew}
    assert calls == {
        "Uma Manager": (h(7), "general"),
        "Adam First": (h(6.5), "offset"),  # call offset −30 min
        "Dana Photo": (h(6), "person"),  # her own Calls row
        "Gus Grip": (h(6.5), "department"),  # the Grip department's Calls row
        "Sam Sound": (h(7), "general"),
        "Cat Ering": (h(5.5), "offset"),  # −90 min
    }
    assert next(c for c in cs.crew if c.name == "Dana Photo").remarks == "Steadicam prep"
    assert [(n.department, n.note) for n in cs.department_notes] == [
        ("Assistant Directors", "Safety meeting at crew call"), ("Camera", "B camera from 10 AM")]
    assert [(w.channel, w.departments) for w in cs.walkies] == [
        ("1", ("Production", "Assistant Directors", "Grip", "Sound", "Catering")), ("5", ("Camera",))]


def test_advance_schedule_is_the_next_shoot_day(cs: CallSheet) -> None:
    a = cs.advance
    assert a is not None
    assert (a.day, a.date, a.location, a.crew_call) == (3, dt.date(2027, 3, 3), "Echo Park", h(7))
    assert [s.scene for s in a.scenes] == ["4", "5"]
    assert (a.cast, a.pages) == (("1", "3"), 26)
    scalars, blocks = callsheet_values(cs)
    assert scalars["advance_title"] == "Day 3 · Wed 03-Mar-2027 · Echo Park · crew call 7:00 AM"
    assert (scalars["advance_cast"], scalars["advance_pages"]) == ("1, 3", "3 2/8")
    assert [s["scene"] for s in blocks["advance"]] == ["4", "5"]


def test_last_day_has_no_advance_and_unknown_day_raises(prod: Production) -> None:
    last = build_callsheet(prod, 3)
    assert last.advance is None
    assert callsheet_values(last)[0]["advance_title"].startswith("none")
    with pytest.raises(UnknownDay, match="Shoot day 9"):
        build_callsheet(prod, 9)


def test_audiences_leave_hidden_fields_out_of_the_model(prod: Production) -> None:
    crew = build_callsheet(prod, DAY, "crew")
    cast = build_callsheet(prod, DAY, "cast")
    client = build_callsheet(prod, DAY, "client")
    assert all(c.phone for c in crew.crew) and crew.location and crew.location.contact_phone
    assert not any(c.phone for c in cast.crew) and not any(k.phone for k in cast.key_people)
    assert cast.location and cast.location.contact == "" and cast.location.hospital_phone  # safety stays
    assert all(c.name for c in cast.crew)
    assert not any(c.name for c in client.crew) and not any(c.pickup for c in client.cast)
    assert callsheet_values(cast)[0]["audience"] == "Cast"


def test_split_scene_shares_its_pages(tmp_path: Path) -> None:
    p = production_of(apply_patch(callsheet_data(), {"add": [
        {"table": "Schedule", "row": {"day": 3, "order": 3, "scene": "6", "part": "2/2"}}],
        "set": [{"table": "Schedule", "where": {"day": 2, "scene": "6"}, "values": {"part": "1/2"}}]}), tmp_path)
    day2, day3 = build_callsheet(p, 2), build_callsheet(p, 3)
    assert [s.pages for s in day2.scenes if s.scene == "6"] == [4]
    assert [(s.pages, s.part) for s in day3.scenes if s.scene == "6"] == [(4, "2/2")]


def test_revision_colours_cycle_after_the_first_issue() -> None:
    seq = [revision_colour(n) for n in range(11)]
    assert seq[:4] == ["White", "Blue", "Pink", "Yellow"]
    assert seq[8] == "Cherry" and seq[9] == "2nd Blue" and seq[10] == "2nd Pink"
    assert revision_colour(2, ("White", "Gold")) == "2nd Gold"


def test_fill_repeats_block_rows_and_keeps_text(cs: CallSheet) -> None:
    grid = [["{{title}}", "Crew call: {{crew_call}}"],
            ["{{scenes.scene}}", "{{scenes.set}}"],
            ["{{scenes.banner}}", None],
            ["{{background.scene}}", "{{notes.note}}"],
            ["{{nope}}", "=SUM(1,2)"]]  # fmt: skip
    plan = fill(grid, cs)
    assert [r.template_row for r in plan.rows] == [1, 2, 3, 2, 4, 5]
    assert plan.rows[0].values == ("Base Test", "Crew call: 7:00 AM")
    assert plan.rows[1].values == (3, "DINER - PARKING LOT")  # a whole-cell plain number becomes a number
    assert plan.rows[2].values == ("LUNCH", None)
    assert plan.rows[4].values[0] == 3  # background of scene 3; the notes field of another block is blank
    assert plan.rows[5].values == ("{{nope}}", "=SUM(1,2)")
    assert set(plan.unknown) == {"{{nope}}", "{{notes.note}} (a second block on one row)"}
    walkies = fill([["{{walkies.channel}}", "{{walkies.departments}}"]], cs)
    assert [r.values[0] for r in walkies.rows] == [1, 5]


def test_empty_block_prints_one_dash_row(prod: Production) -> None:
    cs1 = build_callsheet(prod, 1)
    plan = fill([["{{background.scene}}", "{{background.description}}"]], cs1)
    assert [r.values for r in plan.rows] == [("—", None)]


# --- the sample production -------------------------------------------------------------------------------------

SAMPLE_DAY = 8


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Production, object]:
    sample_mod = pytest.importorskip("xlproduction.sample")
    from xlproduction.workbook.reader import load_production
    from xlproduction.workbook.writer import write_workbook

    data = sample_mod.sample_production()
    path = write_workbook(tmp_path_factory.mktemp("sample") / "sample.xlsx", data)
    return load_production(path, today=sample_mod.SAMPLE_TODAY), data


def test_sample_day_every_block(sample: tuple[Production, object]) -> None:
    from xlproduction.callsheet.readiness import readiness
    from xlproduction.checks import run_checks
    from xlproduction.model.dood import day_status
    from xlproduction.model.pages import format_pages

    p, data = sample
    cs = build_callsheet(p, SAMPLE_DAY)
    rows = data.tables  # type: ignore[attr-defined]
    day = next(d for d in rows["Days"] if d["day"] == SAMPLE_DAY)
    assert cs.date == day["date"] and cs.crew_call == day["crew_call"]
    assert cs.total_days == data.settings["planned_shoot_days"]  # type: ignore[attr-defined]
    assert callsheet_values(cs)[0]["day_x_of_y"] == f"Day {SAMPLE_DAY} of {cs.total_days}"
    # Scenes in shooting order, with their pages (none of this day's scenes is split).
    strips = sorted((s for s in rows["Schedule"] if s["day"] == SAMPLE_DAY), key=lambda s: s["order"])
    assert list(cs.scene_numbers) == [str(s["scene"]) for s in strips]
    scenes = {str(s["scene"]): s for s in rows["Scenes"]}
    assert cs.total_pages == sum(scenes[str(s["scene"])]["pages"] for s in strips)
    assert callsheet_values(cs)[0]["total_pages"] == format_pages(cs.total_pages)
    # The day's location and its hospital.
    loc = next(x for x in rows["Locations"] if x["location_id"] == day["location"])
    assert cs.location is not None
    assert (cs.location.hospital, cs.location.hospital_phone) == (loc["hospital"], loc["hospital_phone"])
    rise = sun(LocationInfo("x", "x", "UTC", loc["latitude"], loc["longitude"]).observer, date=cs.date,
               tzinfo=ZoneInfo(data.settings["time_zone"]))["sunrise"]  # type: ignore[attr-defined]
    assert cs.sunrise is not None and abs((cs.sunrise - rise).total_seconds()) < 60
    # Cast: the DOOD codes of the day, and the Calls overrides.
    status = day_status(p, SAMPLE_DAY)
    assert {c.cast_id: c.status for c in cs.cast} == {k: v for k, v in status.items() if v not in ("", "/")}
    # Pickups come from the Transport runs of the day when one collects the performer (the sample has them for
    # everyone with a pickup), else from Calls.
    runs = {who: r["pickup_time"] for r in rows["Transport"] if r["day"] == SAMPLE_DAY
            for who in (r["passengers"] or "").split(", ")}  # fmt: skip
    for call in (c for c in rows["Calls"] if c["day"] == SAMPLE_DAY and c.get("cast_id")):
        line = next(c for c in cs.cast if c.cast_id == str(call["cast_id"]))
        pickup = runs.get(str(call["cast_id"]), call.get("pickup"))
        assert (line.pickup, line.makeup, line.on_set) == (pickup, call.get("makeup"), call.get("on_set"))
        assert call.get("pickup") is None or pickup is not None
    # Crew: the general call plus each person's offset, unless a Calls row says otherwise.
    overridden = {c["crew"] for c in rows["Calls"] if c["day"] == SAMPLE_DAY and c.get("crew")}
    dept_calls = {c["department"] for c in rows["Calls"]
                  if c["day"] == SAMPLE_DAY and c.get("department") and c.get("call")}  # fmt: skip
    for person in rows["Crew"]:
        line = next((c for c in cs.crew if c.name == person["name"]), None)
        if line is None or person["name"] in overridden or person["department"] in dept_calls:
            continue
        assert line.call == day["crew_call"] + dt.timedelta(minutes=person.get("call_offset") or 0)
    # Advance: the next shoot day's strips.
    nxt = min(d["day"] for d in rows["Days"] if d["date"] > day["date"])
    assert cs.advance is not None and cs.advance.day == nxt
    assert [s.scene for s in cs.advance.scenes] == [
        str(s["scene"]) for s in sorted((s for s in rows["Schedule"] if s["day"] == nxt), key=lambda s: s["order"])]
    # And the sample is ready: no error blocks its call sheet.
    errors, _ = readiness(run_checks(p), p, cs)
    assert errors == []


def test_placeholders_documented_and_produced(cs: CallSheet) -> None:
    from openpyxl import Workbook

    from xlproduction.callsheet.docs import callsheet_markdown
    from xlproduction.callsheet.fill import BLOCKS, KIND, SCALARS
    from xlproduction.workbook.callsheet_template import write_callsheet_template
    from xlproduction.workbook.callsheet_xlsx import template_grid

    scalars, blocks = callsheet_values(cs)
    assert set(scalars) == set(SCALARS)
    assert set(blocks) == set(BLOCKS)
    for name, items in blocks.items():
        for item in items:
            assert set(item) - {KIND} <= set(BLOCKS[name]), name
    # The default template names only known placeholders, and docs/callsheets.md is current.
    wb = Workbook()
    plan = fill(template_grid(write_callsheet_template(wb)), cs)
    assert plan.unknown == ()
    committed = (Path(__file__).resolve().parents[1] / "docs" / "callsheets.md").read_text(encoding="utf-8")
    assert committed == callsheet_markdown(), (
        "docs/callsheets.md is stale: python -c \"from xlproduction.callsheet.docs import callsheet_markdown; "
        "open('docs/callsheets.md', 'w').write(callsheet_markdown())\"")
