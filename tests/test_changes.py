"""What changed between two versions of the workbook: each change a coordinator makes in a week is found, with the
day, scene, before, after, who is affected and one sentence; nothing else is; and the memo, JSON and Changes tab
say it. Both versions are real .xlsx files read by the reader."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from xlproduction.changes import ChangeSet, Kind, compare
from xlproduction.changes.present import changes_sheet, groups, memo_json, memo_markdown, memo_text
from xlproduction.model.contract import CHANGES_SHEET
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.writer import write_workbook

from .changes_support import EARLIER_CALL_DAY, MOVED_FROM, MOVED_TO, NEW_SCENE, Planted, write_versions


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[ChangeSet, Planted, Path, Path]:
    folder = tmp_path_factory.mktemp("changes")
    old, new, info = write_versions(folder)
    return compare(load_production(old), load_production(new)), info, old, new


def _one(cs: ChangeSet, kind: Kind, **where: object):
    hits = [c for c in cs.of_kind(kind) if all(getattr(c, k) == v for k, v in where.items())]
    assert len(hits) == 1, f"{kind} {where}: {[c.message for c in cs.of_kind(kind)]}"
    return hits[0]


def test_a_moved_scene_names_both_days_and_its_cast(planted):
    cs, info, *_ = planted
    c = _one(cs, Kind.SCENE_MOVED, scene=info.moved_scene)
    assert c.day == MOVED_TO and c.days == (MOVED_FROM, MOVED_TO)
    assert c.before.startswith(f"day {MOVED_FROM} (") and c.after.startswith(f"day {MOVED_TO} (")
    assert set(c.affects.cast) == set(info.moved_cast) and not c.affects.everyone
    assert c.message.startswith(f"Scene {info.moved_scene} (") and f"to day {MOVED_TO} (" in c.message
    assert c.date == dt.date(2027, 3, 11)  # day 9's date, in the new version
    # Both call sheets change, finance hears nothing of it.
    assert c in cs.for_day(MOVED_FROM) and c in cs.for_day(MOVED_TO) and c not in cs.for_day(1)


def test_the_performer_now_working_the_new_day_is_told_with_the_dood_code(planted):
    cs, info, *_ = planted
    c = _one(cs, Kind.CAST_WORKS, day=MOVED_TO)
    assert c.affects.cast == (info.newly_working,)
    assert c.after in {"SW", "W", "WF", "SWF", "PW", "PWF"} and c.before is None
    assert f"({info.newly_working}) now works day {MOVED_TO}" in c.message


def test_schedule_changes_unscheduled_omitted_added_reordered_split_banner(planted):
    cs, info, *_ = planted
    c = _one(cs, Kind.SCENE_REMOVED, scene=info.unscheduled_scene)
    assert c.day == 3 and c.after == "unscheduled" and "boneyard" in c.message
    c = _one(cs, Kind.SCENE_OMITTED, scene=info.omitted_scene)
    assert c.day == 4 and c.after == "omitted" and "removed from the breakdown" in c.message
    c = _one(cs, Kind.SCENE_ADDED, scene=NEW_SCENE)
    assert c.day == 8 and c.before == "unscheduled" and "(a new scene)" in c.message
    c = _one(cs, Kind.SCENE_REORDERED, day=info.reordered_day)
    assert c.before.split(", ")[:2] == list(reversed(c.after.split(", ")[:2]))
    assert c.affects.cast  # the cast of the two swapped scenes
    c = _one(cs, Kind.SCENE_SPLIT, scene=info.split_scene)
    assert c.days == (10, 11) and "2 parts" in c.message
    c = _one(cs, Kind.BANNER, day=1)
    assert c.affects.everyone and c.before.startswith("LUNCH after scene") and c.after.startswith("LUNCH after scene")
    assert c.before != c.after
    # A scene leaving a day is not a reordering of the day's other strips.
    assert not cs.of_kind(Kind.SCENE_REORDERED)[1:], [c.message for c in cs.of_kind(Kind.SCENE_REORDERED)]


def test_shoot_day_changes_affect_everyone(planted):
    cs, *_ = planted
    c = _one(cs, Kind.CREW_CALL, day=EARLIER_CALL_DAY)
    assert c.affects.everyone and c.before == "11:45 AM" and c.after == "11:15 AM"
    assert c.message == f"Day {EARLIER_CALL_DAY} (Mon 08-Mar): crew call 11:15 AM (was 11:45 AM)."
    c = _one(cs, Kind.DAY_LOCATION, day=12)
    assert c.after == "L01 Rosie's Diner" and c.before.startswith("L05")
    c = _one(cs, Kind.WEATHER, day=11)
    assert c.after == "Rain, 60% chance after 3 PM"


def test_calls_cast_crew_and_departments(planted):
    cs, *_ = planted
    c = _one(cs, Kind.CAST_CALL, day=1, column="pickup")
    assert (c.before, c.after) == ("6:30 AM", "6:15 AM") and c.affects.cast == ("1",)
    c = _one(cs, Kind.DEPARTMENT_NOTE, day=2)
    assert c.affects.departments == ("Locations",) and c.after.startswith("Parking moved")
    c = _one(cs, Kind.DEPARTMENT_CALL, day=2)
    assert c.affects.departments == ("Grip",) and c.before is None and c.after == "6:00 AM"
    assert c.message == "Grip, day 2 (Tue 02-Mar): call 6:00 AM (new)."


def test_cast_and_crew_lists(planted):
    cs, info, *_ = planted
    assert _one(cs, Kind.CAST_ADDED).affects.cast == ("99",)
    c = _one(cs, Kind.CAST_CHANGED, column="performer")
    assert (c.before, c.after) == ("Magnus Jankowska", "Ines Replacement")
    c = _one(cs, Kind.CREW_ADDED)
    assert c.affects.crew == (info.crew_added,) and c.affects.departments == ("Camera",)
    assert _one(cs, Kind.CREW_REMOVED).affects.crew == (info.crew_removed,)
    c = _one(cs, Kind.CREW_DEPARTMENT)
    assert c.affects.crew == (info.crew_moved,) and len(c.affects.departments) == 2
    assert not cs.of_kind(Kind.CREW_POSITION)


def test_a_location_change_reaches_every_day_that_goes_there(planted):
    cs, *_ = planted
    address = _one(cs, Kind.LOCATION, column="address")
    assert address.days == (1, 2, 3, 12) and address.day is None and address.affects.everyone
    assert "5110 Lankershim" in address.after
    assert address in cs.for_day(12)
    assert _one(cs, Kind.LOCATION, column="hospital").after == "Valley Presbyterian Hospital"


def test_finance_threshold_postings_corrections(planted):
    cs, info, *_ = planted
    line = _one(cs, Kind.BUDGET_LINE)
    assert info.budget_line in line.message and line.after - line.before > 25_000
    assert info.small_budget_line not in " ".join(c.message for c in cs)  # under the threshold
    total = _one(cs, Kind.ACCOUNT_TOTAL)
    assert total.message.startswith(f"Account {info.budget_account} ")
    # The account total counts the small line too.
    assert total.after - total.before > line.after - line.before
    posted = _one(cs, Kind.POSTINGS_ADDED)
    assert posted.after == 3000.0 and "2 new postings" in posted.message and "NEW-1, NEW-2" in posted.message
    fixed = _one(cs, Kind.POSTING_CHANGED)
    assert info.changed_txn in fixed.message and round(fixed.after - fixed.before, 2) == 250.0
    assert info.removed_txn in _one(cs, Kind.POSTING_REMOVED).message
    assert all(c.affects.finance and not c.days for c in cs if c.area.value == "finance")
    assert not [c for c in cs if c.area.value == "finance" and c in cs.for_day(1)]


def test_nothing_else_is_reported(planted):
    cs, *_ = planted
    expected_kinds = {Kind.SCENE_MOVED, Kind.SCENE_REMOVED, Kind.SCENE_OMITTED, Kind.SCENE_ADDED,
                      Kind.SCENE_REORDERED, Kind.SCENE_SPLIT, Kind.BANNER, Kind.CREW_CALL, Kind.DAY_LOCATION,
                      Kind.WEATHER, Kind.CAST_CALL, Kind.DEPARTMENT_NOTE, Kind.DEPARTMENT_CALL, Kind.CAST_ADDED,
                      Kind.CAST_CHANGED, Kind.CREW_ADDED, Kind.CREW_REMOVED, Kind.CREW_DEPARTMENT, Kind.LOCATION,
                      Kind.BUDGET_LINE, Kind.ACCOUNT_TOTAL, Kind.POSTINGS_ADDED, Kind.POSTING_CHANGED,
                      Kind.POSTING_REMOVED, Kind.CAST_WORKS, Kind.CAST_STATUS, Kind.CAST_RELEASED}  # fmt: skip
    assert {c.kind for c in cs} <= expected_kinds
    # The DOOD changes follow from the edits: each concerns a performer of a moved, added, removed or split scene.
    concerned = set()
    for c in cs.of_kind(Kind.SCENE_MOVED, Kind.SCENE_ADDED, Kind.SCENE_REMOVED, Kind.SCENE_OMITTED, Kind.SCENE_SPLIT):
        concerned |= set(c.affects.cast)
    for c in cs.of_kind(Kind.CAST_WORKS, Kind.CAST_STATUS, Kind.CAST_RELEASED):
        assert set(c.affects.cast) <= concerned, c.message
    assert cs.warnings == ()


def test_the_same_workbook_has_no_changes_and_the_order_of_rows_does_not_matter(tmp_path):
    def shuffle(data):
        d = copy.deepcopy(data)
        rng = random.Random(7)
        for name in ("Schedule", "Crew", "Cast", "Calls", "Actuals", "Locations", "Days", "Scenes"):
            rng.shuffle(d.tables[name])
        return d, None

    old, new, _ = write_versions(tmp_path, shuffle)
    cs = compare(load_production(old), load_production(new))
    assert list(cs) == [], memo_text(cs)
    assert memo_text(cs).rstrip().endswith("No changes.")
    assert compare(load_production(old), load_production(old)).changes == ()


def test_two_different_productions_give_a_warning_not_a_crash(tmp_path):
    def retitle(data):
        d = copy.deepcopy(data)
        d.settings["title"] = "Another Show Entirely"
        return d, None

    old, new, _ = write_versions(tmp_path, retitle)
    cs = compare(load_production(old), load_production(new))
    assert len(cs.warnings) == 1 and "two different productions" in cs.warnings[0]
    assert "Another Show Entirely" in cs.warnings[0]
    assert "Warning: " in memo_text(cs) and "**Warning:**" in memo_markdown(cs)


def test_the_threshold_comes_from_settings(tmp_path):
    def nudge(data):
        d = copy.deepcopy(data)
        d.tables["Budget"][0]["rate"] += 300.0
        d.settings["budget_change_threshold"] = 50.0
        return d, None

    old, new, _ = write_versions(tmp_path, nudge)
    a, b = load_production(old), load_production(new)
    assert b.settings.budget_change_threshold == 50.0
    assert compare(a, b).of_kind(Kind.BUDGET_LINE)  # +300 and fringes > 50
    assert not compare(a, b, threshold=10_000).of_kind(Kind.BUDGET_LINE)


def test_a_changed_date_and_a_removed_day(tmp_path):
    def shift(data):
        d = copy.deepcopy(data)
        days = sorted(d.tables["Days"], key=lambda r: r["day"])
        last = days[-1]
        last["date"] = last["date"] + dt.timedelta(days=1)
        d.tables["Days"].remove(days[-2])
        return d, (last["day"], days[-2]["day"])

    old, new, (moved, removed) = write_versions(tmp_path, shift)
    cs = compare(load_production(old), load_production(new))
    c = _one(cs, Kind.DAY_DATE, day=moved)
    assert c.affects.everyone and c.before != c.after and "moves to" in c.message
    c = _one(cs, Kind.DAY_REMOVED, day=removed)
    assert "no longer on the schedule" in c.message


def test_memo_formats(planted):
    cs, info, *_ = planted
    text = memo_text(cs)
    assert text.startswith("Changes — Last Call at Rosie's\nold.xlsx → new.xlsx: ")
    headings = [h for h, _ in groups(cs)]
    assert headings[-2:] == ["Not tied to one day", "Finance"]
    days = [int(h.split()[1]) for h in headings if h.startswith("Day ")]
    assert days == sorted(days)
    assert f"Day {MOVED_TO} · Thu 11-Mar-2027" in text
    md = memo_markdown(cs)
    assert md.startswith("# Changes — Last Call at Rosie's") and f"## Day {MOVED_TO} · Thu 11\\-Mar\\-2027" not in md
    assert f"## Day {MOVED_TO} · Thu 11-Mar-2027" in md
    assert "- Scene 23A (INT/EXT. THEO'S PICKUP (MOVING) – NIGHT) moved" in md
    data = json.loads(memo_json(cs))
    assert len(data["changes"]) == len(cs)
    for item in data["changes"]:
        assert {"kind", "day", "scene", "before", "after", "affects", "message"} <= set(item)
    moved = next(i for i in data["changes"] if i["kind"] == "scene_moved")
    assert moved["day"] == MOVED_TO and moved["days"] == [MOVED_FROM, MOVED_TO] and moved["scene"] == info.moved_scene
    assert moved["affects"]["cast"] == sorted(info.moved_cast, key=int)


def test_markdown_prints_typed_text_as_typed(tmp_path):
    def starry(data):
        d = copy.deepcopy(data)
        next(r for r in d.tables["Days"] if r["day"] == 3)["weather"] = "*windy* [gusts] <40 mph>"
        return d, None

    old, new, _ = write_versions(tmp_path, starry)
    md = memo_markdown(compare(load_production(old), load_production(new)))
    assert r"\*windy\* \[gusts\] \<40 mph\>" in md


def test_the_changes_tab_is_grouped_by_day(planted, tmp_path):
    from python_calamine import CalamineWorkbook

    from xlproduction.workbook.render import write_sheets

    cs, _, _, new = planted
    spec = changes_sheet(cs, when=dt.datetime(2027, 3, 16, 18, 0))
    out = write_sheets(new, tmp_path / "new.changes.xlsx", [spec])
    wb = CalamineWorkbook.from_path(str(out))
    assert CHANGES_SHEET in wb.sheet_names and "Schedule" in wb.sheet_names
    rows = wb.get_sheet_by_name(CHANGES_SHEET).to_python()
    assert rows[0][0] == "Changes — Last Call at Rosie's"
    assert rows[3][:4] == ["Day", "Date", "Area", "What changed"]
    banners = [r[0] for r in rows[4:] if r[0] and not r[3]]
    assert banners[0] == "Day 1 · Mon 01-Mar-2027" and banners[-1] == "Finance"
    moved = next(r for r in rows if str(r[3]).startswith(f"Scene {cs.of_kind(Kind.SCENE_MOVED)[0].scene} "))
    assert moved[0] == MOVED_TO and moved[1] == dt.date(2027, 3, 11) and moved[2] == "schedule"
    assert moved[7] == "cast 1 MAYA ALVAREZ, cast 10 SAL"
    budget = next(r for r in rows if r[2] == "finance" and str(r[3]).startswith("Budget line"))
    assert isinstance(budget[5], float) and budget[6] > budget[5]
    assert len([r for r in rows[4:] if r[3]]) == len(cs)


def test_text_that_looks_like_a_formula_stays_text_in_the_tab(tmp_path):
    from python_calamine import CalamineWorkbook

    from xlproduction.workbook.render import write_sheets

    d = copy.deepcopy(sample_production())
    old = write_workbook(tmp_path / "old.xlsx", d)
    next(r for r in d.tables["Days"] if r["day"] == 2)["weather"] = '=HYPERLINK("http://example.com","rain")'
    new = write_workbook(tmp_path / "new.xlsx", d)
    cs = compare(load_production(old), load_production(new))
    out = write_sheets(new, tmp_path / "c.xlsx", [changes_sheet(cs)])
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(CHANGES_SHEET).to_python()
    assert any(r[6] == '=HYPERLINK("http://example.com","rain")' for r in rows)
