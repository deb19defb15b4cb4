"""Importing Universal Schedule Standard files: what real files contain (the standard's early sample, and files
written here with each quirk schedulers are known for), into new and existing workbooks read back with the real
reader; and bad files, which write nothing and say where (a JSON path) and what to do."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.uss_support import (
    by_id,
    flat_board_with_day_strips,
    grouped_boneyard,
    schedule,
    set_under_custom_ucid,
    stale_keys,
    two_stripboards,
    u,
    write,
)
from xlproduction.jobs.source import workbook_file
from xlproduction.jobs.uss_import import import_uss
from xlproduction.model.findings import Severity
from xlproduction.workbook.reader import load_production

FIXTURE = Path(__file__).parent / "fixtures" / "uss" / "schedule.uss.json"
SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample_production.xlsx"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}  # one table row per line: a path is never wrapped
    return subprocess.run([sys.executable, "-m", "xlproduction", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)  # fmt: skip


def rows(p: Any, table: str, *cols: str) -> list[tuple[Any, ...]]:
    """A table's columns as tuples; ``p`` is a production, or a workbook path to read."""
    df = (load_production(p) if isinstance(p, Path) else p).df(table)
    out = []
    for r in df.to_dict("records"):
        vals = []
        for c in cols:
            v = r[c]
            if isinstance(v, dt.datetime):  # a pandas Timestamp: the Date columns hold dates
                v = v.date()
            vals.append(None if v is None or (not isinstance(v, tuple) and v != v) else v)
        out.append(tuple(vals))
    return out


def into_new(doc: Any, tmp_path: Path, stripboard: str | None = None) -> tuple[Path, Any]:
    data = json.dumps(doc).encode() if not isinstance(doc, bytes) else doc
    target = tmp_path / "new.xlsx"
    result = import_uss(None, data, stripboard=stripboard, new_workbook=target)
    return target, result


def messages(result: Any, severity: Severity | None = None) -> list[str]:
    return [n.message for n in result.notes if severity is None or n.severity is severity]


# --- the standard's early sample (CC BY 4.0, tests/fixtures/uss) ----------------------------------------------------


def test_the_standards_sample_imports_into_a_new_workbook(tmp_path: Path) -> None:
    path, result = into_new(FIXTURE.read_bytes(), tmp_path)
    assert result.trusted and result.created
    path = load_production(path)
    assert rows(path, "Scenes", "scene", "int_ext", "set", "day_night", "pages", "synopsis", "cast", "script_page",
                "est_time", "notes") == [
        ("89PT1", "EXT", "BEDFORD FALLS BRIDGE", "NIGHT", 2, "George finds Zuzu's petals in his pocket", ("1", "2"),
         "112", dt.timedelta(minutes=95), "This scene must be shot at night")]  # fmt: skip
    assert rows(path, "Cast", "cast_id", "character") == [("1", "GEORGE"), ("2", "CLARENCE")]
    assert rows(path, "Elements", "scene", "category", "element") == [("89PT1", "Props", "Zuzu's Petals")]
    # The chosen stripboard is the one with a day break ("The name of this stripboard"); its banner opens day 1.
    assert result.schedule.chosen == "The name of this stripboard"
    assert rows(path, "Schedule", "day", "order", "scene", "notes") == [(1, 1, "89PT1", "Banner before: A Text Banner")]
    assert rows(path, "Days", "day", "date") == [(1, dt.date(2020, 6, 20))]
    assert sorted(rows(path, "CastEvents", "cast_id", "date", "event")) == [
        ("1", dt.date(2020, 6, 13), "Travel"), ("1", dt.date(2020, 6, 14), "Fitting"),
        ("1", dt.date(2020, 6, 14), "Rehearsal"), ("1", dt.date(2020, 7, 10), "Holiday")]  # fmt: skip
    assert path.settings.title == "It's A Wonderful Life" and path.settings.schedule_revision == "Blue"
    # Nothing dropped silently: the draft format, the lossy banner and the calendar's own events are all said.
    said = " ".join(messages(result))
    assert "0.1 draft" in said and "Banner 'A Text Banner' opens day 1" in said
    for event in ("travel", "fitting", "rehearsal"):
        assert f"Calendar event '{event}'" in said


def test_the_command_imports_it_and_lists_the_stripboards(tmp_path: Path) -> None:
    run = cli("import", "uss", str(FIXTURE), "show.xlsx", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "'Script Order' (no day breaks, 1 scenes)" in run.stdout.replace("\n", " ")
    assert "New workbook" in run.stdout and (tmp_path / "show.xlsx").exists()
    before = (tmp_path / "show.xlsx").read_bytes()
    run = cli("import", "uss", str(FIXTURE), "show.xlsx", "--stripboard", "script order", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    # Into a copy by default: the workbook itself is not touched.
    assert "no day breaks" in run.stdout and (tmp_path / "show.imported.xlsx").exists()
    assert (tmp_path / "show.xlsx").read_bytes() == before


# --- what real files contain ----------------------------------------------------------------------------------------

EXPECTED_SCENES = [
    ("1", "INT", "DINER - COUNTER", "DAY", 11, ("1", "2"), "4 diners", "L01", dt.timedelta(minutes=90), "1"),
    ("2", "EXT", "PARK", "NIGHT", 4, ("1",), None, None, None, "2"),
    ("3", "INT", "DINER - COUNTER", "DAY", 16, ("2",), None, "L01", None, "3"),
    ("4", "EXT", "PARK", "DAY", 2, (), None, None, None, None),
]  # fmt: skip
SCENE_COLS = ("scene", "int_ext", "set", "day_night", "pages", "cast", "background", "location", "est_time",
              "script_page")  # fmt: skip


@pytest.mark.parametrize("make", [schedule, stale_keys, set_under_custom_ucid, flat_board_with_day_strips,
                                  grouped_boneyard, two_stripboards],
                         ids=["valid", "stale keys", "Set under UCID 50", "day strips", "grouped boneyard",
                              "several stripboards"])  # fmt: skip
def test_every_quirk_gives_the_same_workbook(make: Any, tmp_path: Path) -> None:
    path, result = into_new(make(), tmp_path)
    assert result.trusted, messages(result)
    path = load_production(path)
    assert rows(path, *(("Scenes", *SCENE_COLS))) == EXPECTED_SCENES
    # The board: banner after scene 1, scene 4 in the boneyard (unscheduled); weekends and the holiday skipped.
    assert rows(path, "Schedule", "day", "order", "scene", "part", "banner") == [
        (1, 1, "1", None, "LUNCH"), (1, 2, "2", None, None), (2, 1, "3", None, None)]
    assert rows(path, "Days", "day", "date", "location") == [(1, dt.date(2027, 3, 5), "L01"),
                                                           (2, dt.date(2027, 3, 9), "L01")]  # fmt: skip
    assert rows(path, "Cast", "cast_id", "character", "drop_allowed") == [("1", "MAYA", True), ("2", "JOE", False)]
    assert rows(path, "Locations", "location_id", "name") == [("L01", "Rosie's Diner")]
    assert sorted(rows(path, "Elements", "scene", "category", "element")) == [
        ("1", "Props", "Cash box"), ("2", "Animals", "Dog (trained terrier)"), ("2", "Vehicles", "Pickup")]
    assert sorted(rows(path, "CastEvents", "cast_id", "date", "event")) == [
        ("1", dt.date(2027, 2, 24), "Fitting"), ("1", dt.date(2027, 3, 4), "Travel")]
    assert "Event 'photo' of 'MAYA' on 25-Feb-2027 not imported" in " ".join(messages(result))


def test_set_under_a_custom_ucid_is_matched_by_name_and_custom_categories_are_kept(tmp_path: Path) -> None:
    doc = set_under_custom_ucid()
    u(doc)["categories"].append({"id": "c500", "created": "x", "name": "Picture Cars Crew", "ucid": 500})
    u(doc)["elements"].append({**by_id(u(doc)["elements"], "e-cash"), "id": "e-pcc", "category": "c500",
                               "name": "Precision driver"})  # fmt: skip
    u(doc)["elements"].append({**by_id(u(doc)["elements"], "e-cash"), "id": "e-sn", "category": "c51", "name": "1"})
    by_id(u(doc)["breakdowns"], "b1")["elements"] += ["e-pcc", "e-sn"]
    path, result = into_new(doc, tmp_path)
    assert "Category 'Set' has UCID 50: read as the standard Set (UCID 0) by its name." in messages(result)
    assert sorted(rows(path, "Elements", "scene", "category", "element")) == [
        ("1", "Picture Cars Crew (UCID 500)", "Precision driver"), ("1", "Props", "Cash box"),
        ("1", "Scene Number (UCID 51)", "1"), ("2", "Animals", "Dog (trained terrier)"), ("2", "Vehicles", "Pickup")]


def test_banners_and_a_day_holding_only_a_banner(tmp_path: Path) -> None:
    doc = schedule()
    u(doc)["breakdowns"] += [
        {**by_id(u(doc)["breakdowns"], "bn1"), "id": "bn2", "bannerText": "COMPANY MOVE"},
        {**by_id(u(doc)["breakdowns"], "bn1"), "id": "bn3", "bannerText": "WEATHER COVER"},
        {**by_id(u(doc)["breakdowns"], "bn1"), "id": "bn4", "bannerText": "DARK DAY"}]
    u(doc)["stripboards"][0]["boards"][0]["breakdownIds"] = [["b1", "bn1", "b2", "bn2"], ["bn3", "b3"], ["bn4"]]
    path, result = into_new(doc, tmp_path)
    path = load_production(path)
    assert rows(path, "Schedule", "day", "scene", "banner", "notes") == [
        (1, "1", "LUNCH", None), (1, "2", "COMPANY MOVE", None), (2, "3", None, "Banner before: WEATHER COVER")]
    said = messages(result, Severity.WARNING)
    assert any("Banner 'WEATHER COVER' opens day 2" in m for m in said)
    assert any("Day 3 holds only the banner 'DARK DAY'" in m for m in said)
    assert rows(path, "Days", "day", "date")[-1] == (3, dt.date(2027, 3, 10))


def test_choosing_a_stripboard(tmp_path: Path) -> None:
    doc = two_stripboards()
    _, result = into_new(doc, tmp_path)
    assert result.schedule.chosen == "Shooting order"  # the first with day breaks, not "Script Order"
    assert [(b.name, b.days, b.scenes) for b in result.schedule.stripboards] == [
        ("Script Order", 0, 4), ("Shooting order", 2, 3), ("Second Pass", 1, 3)]
    (tmp_path / "new.xlsx").unlink()
    path, result = into_new(doc, tmp_path, stripboard="second pass")
    assert rows(path, "Schedule", "day", "order", "scene", "banner") == [(1, 1, "3", None), (1, 2, "1", None),
                                                                         (1, 3, "2", "LUNCH")]  # fmt: skip
    (tmp_path / "new.xlsx").unlink()
    _, result = into_new(doc, tmp_path, stripboard="Third Pass")
    assert not result.trusted and not (tmp_path / "new.xlsx").exists()
    assert result.schedule.errors[0].message == ("There is no stripboard 'Third Pass'; the file has 'Script Order', "
                                                 "'Shooting order', 'Second Pass'.")  # fmt: skip


def test_split_scenes_and_values_off_the_standard(tmp_path: Path) -> None:
    doc = schedule()
    part2 = {**by_id(u(doc)["breakdowns"], "b1"), "id": "b1b", "pages": "3/8", "duration": 600000}
    u(doc)["breakdowns"].append(part2)
    u(doc)["stripboards"][0]["boards"][0]["breakdownIds"][1].append("b1b")
    by_id(u(doc)["breakdowns"], "b3")["pages"] = 2.3
    by_id(u(doc)["elements"], "e-night")["name"] = "MAGIC HOUR"
    path, result = into_new(doc, tmp_path)
    path = load_production(path)
    got = {r[0]: r for r in rows(path, "Scenes", "scene", "pages", "est_time", "day_night")}
    assert got["1"][1:3] == (14, dt.timedelta(minutes=100))  # 11/8 + 3/8, 90 + 10 minutes
    assert got["3"][1] == 18  # 2.3 pages, to the nearest eighth
    assert got["2"][3] is None  # MAGIC HOUR is not a D/N: written as typed, and the reader flags the cell
    assert [r for r in rows(path, "Schedule", "day", "scene", "part") if r[1] == "1"] == [(1, "1", "1/2"),
                                                                                          (2, "1", "2/2")]
    said = " ".join(messages(result, Severity.WARNING))
    assert "pages written as text ('3/8')" in said and "pages 2.3 is not a whole number of eighths" in said
    assert "D/N 'MAGIC HOUR' is not one of DAY, NIGHT, DAWN, DUSK" in said
    assert any(f.sheet == "Scenes" and "'MAGIC HOUR' is not one of" in f.message for f in path.findings)


# --- bad files: nothing written -------------------------------------------------------------------------------------


def _drop(key: str) -> Any:
    def make() -> Any:
        d = schedule()
        del u(d)[key]
        return d

    return make


def _set(fn: Any) -> Any:
    def make() -> Any:
        d = schedule()
        fn(u(d))
        return d

    return make


BAD = [
    ("not JSON", lambda: b'{"universalScheduleStandard": {"id": "x",,}}', "line 1, column 42",
     "The file is not valid JSON"),
    ("a JSON list", lambda: b"[1, 2]", "$", "The file holds a JSON list, not a USS schedule object."),
    ("JSON, not USS", lambda: b'{"tasks": []}', "$", "The file has no 'universalScheduleStandard' object"),
    ("another version", _set(lambda x: x.update(ussVersion="2.0.0")), "$.universalScheduleStandard.ussVersion",
     "This is USS version 2.0.0; xlproduction reads version 1 (1.0.0) only."),
    ("no breakdowns", _drop("breakdowns"), "$.universalScheduleStandard.breakdowns", "breakdowns is missing."),
    ("no elements", _drop("elements"), "$.universalScheduleStandard.elements", "elements is missing."),
    ("a dangling element", _set(lambda x: x["breakdowns"][2]["elements"].append("e-gone")),
     "$.universalScheduleStandard.breakdowns[2].elements",
     "Scene 2 names element ID(s) the file does not define: e-gone."),
    ("a dangling strip", _set(lambda x: x["stripboards"][0]["boards"][0]["breakdownIds"][1].append("b9")),
     "$.universalScheduleStandard.stripboards[0].boards[0].breakdownIds",
     "Board 'stripboard' names breakdown ID(s) the file does not define: b9."),
    ("an ID twice", _set(lambda x: x["breakdowns"][3].update(id="b1")),
     "$.universalScheduleStandard.breakdowns[3].id", "Breakdown ID b1 is used twice."),
    ("an element without ID", _set(lambda x: x["elements"][0].pop("id")), "$.universalScheduleStandard.elements[0]",
     "An element without an ID."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "path", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_file_that_cannot_be_trusted_writes_nothing(name: str, make: Any, path: str, message: str,
                                                      tmp_path: Path) -> None:  # fmt: skip
    doc = make()
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    book = tmp_path / "book.xlsx"
    shutil.copy(SAMPLE, book)
    before = book.read_bytes()
    result = import_uss(workbook_file(book, book), data)
    assert not result.trusted
    errors = [(n.path, n.message) for n in result.schedule.errors]
    assert any(p == path and m.startswith(message) for p, m in errors), errors
    assert all(n.hint for n in result.schedule.errors)
    assert book.read_bytes() == before and sorted(x.name for x in tmp_path.iterdir()) == ["book.xlsx"]


def test_the_command_exits_1_and_prints_where(tmp_path: Path) -> None:
    bad = write(_set(lambda x: x["breakdowns"][2]["elements"].append("e-gone"))(), tmp_path / "bad.uss")
    shutil.copy(SAMPLE, tmp_path / "book.xlsx")
    run = cli("import", "uss", "bad.uss", "book.xlsx", "--in-place", cwd=tmp_path)
    assert run.returncode == 1
    assert "$.universalScheduleStandard.breakdowns[2].elements" in run.stdout
    assert "Nothing was written" in run.stderr and "Traceback" not in run.stderr
    assert not bad.with_suffix(".xlsx").exists() and len(list(tmp_path.iterdir())) == 2


# --- into an existing workbook --------------------------------------------------------------------------------------


def test_importing_into_a_workbook_keeps_what_the_coordinator_typed(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    first, _ = into_new(schedule(), tmp_path)
    shutil.move(first, book)
    # The coordinator fills in performers, a call, a scene of their own, and a strip note.
    from xlproduction.workbook.table_update import TableRows, update_tables

    p = load_production(book)
    cast = [{**r, "performer": f"Performer {r['cast_id']}"} for r in _plain(p, "Cast")]
    days = [{**r, "crew_call": dt.timedelta(hours=7)} for r in _plain(p, "Days")]
    scenes = [*_plain(p, "Scenes"), {"scene": "99", "int_ext": "INT", "set": "OFFICE", "day_night": "DAY",
                                     "pages": 8}]  # fmt: skip
    sched = [{**r, "notes": "Steadicam" if r["scene"] == "3" else r["notes"]} for r in _plain(p, "Schedule")]
    elements = [{**r, "notes": "Hero and a double"} if r["element"] == "Cash box" else r
                for r in _plain(p, "Elements")]  # fmt: skip
    update_tables(book, book, [TableRows("Cast", cast), TableRows("Days", days), TableRows("Scenes", scenes),
                               TableRows("Schedule", sched), TableRows("Elements", elements)], backups=0)  # fmt: skip
    # The scheduler sends a revision: scene 3 moves to day 1, JOE becomes JOSEPH, a new scene 5 on day 2.
    doc = schedule()
    by_id(u(doc)["elements"], "e-joe")["name"] = "JOSEPH"
    u(doc)["breakdowns"].append({**by_id(u(doc)["breakdowns"], "b4"), "id": "b5", "scene": "5"})
    u(doc)["stripboards"][0]["boards"][0]["breakdownIds"] = [["b1", "bn1", "b3", "b2"], ["b5"]]
    result = import_uss(workbook_file(book, tmp_path / "out.xlsx"), json.dumps(doc).encode())
    assert result.trusted and result.written == tmp_path / "out.xlsx"
    out = load_production(tmp_path / "out.xlsx")
    assert rows(out, "Cast", "cast_id", "character", "performer") == [("1", "MAYA", "Performer 1"),
                                                                      ("2", "JOSEPH", "Performer 2")]  # fmt: skip
    assert [r[0] for r in rows(out, "Scenes", "scene")] == ["1", "2", "3", "4", "99", "5"]
    assert rows(out, "Schedule", "day", "order", "scene", "notes") == [
        (1, 1, "1", None), (1, 2, "3", "Steadicam"), (1, 3, "2", None), (2, 1, "5", None)]
    assert rows(out, "Days", "day", "crew_call") == [(1, dt.timedelta(hours=7)), (2, dt.timedelta(hours=7))]
    assert ("1", "Cash box", "Hero and a double") in rows(out, "Elements", "scene", "element", "notes")
    assert any("1 scene(s) of the workbook are not in the file (99): kept, and no longer scheduled." in m
               for m in messages(result))  # fmt: skip
    assert book.stat().st_size and not (tmp_path / "book.imported.xlsx").exists()


def _plain(p: Any, table: str) -> list[dict[str, Any]]:
    from xlproduction.interchange.uss.merge import _rows

    return _rows(p, table)


def test_in_place_keeps_a_backup(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "book.xlsx")
    write(schedule(), tmp_path / "s.uss")
    before = (tmp_path / "book.xlsx").read_bytes()  # (the default copy: test_the_command_imports_it_and_lists…)
    run = cli("import", "uss", "s.uss", "book.xlsx", "--in-place", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert list(tmp_path.glob("book.backup-*.xlsx")) and (tmp_path / "book.xlsx").read_bytes() != before
    assert rows(tmp_path / "book.xlsx", "Days", "day", "date")[:2] == [(1, dt.date(2027, 3, 5)),
                                                                       (2, dt.date(2027, 3, 9))]  # fmt: skip
