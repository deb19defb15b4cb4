"""Exporting the Universal Schedule Standard: the files validate with 0 errors against USS 1.0.0 (the MIT
uss-validator's schema, converted for jsonschema) and pass its parity checks, on the sample and on the generated
sizes; and the round trip export → import into a blank workbook → export again gives the same scenes, pages,
cast, elements, days and order."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.test_sample import production
from xlproduction.interchange.uss.export import to_uss
from xlproduction.interchange.uss.merge import plan_import
from xlproduction.interchange.uss.read import read_uss
from xlproduction.interchange.uss.validate import first_error, parity_warnings, schema, validate
from xlproduction.jobs.uss_export import uss_text
from xlproduction.model.production import production_from_data
from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import sample_production

NOW = dt.datetime(2027, 3, 16, 9, 30, tzinfo=dt.UTC)
SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample_production.xlsx"


def shape(doc: dict[str, Any]) -> dict[str, Any]:
    """What a round trip must keep, by meaning (IDs and timestamps aside): each scene's breakdowns with their pages,
    duration, synopsis, script page, comments and elements by category and name; the board's days in order; the
    calendar's dates; the cast with their board IDs and events."""
    u = doc["universalScheduleStandard"]
    cats = {c["id"]: (c["ucid"], c["name"]) for c in u["categories"]}
    els = {e["id"]: (cats[e["category"]], e["name"], e["elementId"]) for e in u["elements"]}
    bds = {b["id"]: b for b in u["breakdowns"]}

    def strip(bid: str) -> Any:
        b = bds[bid]
        if b["type"] == "banner":
            return ("banner", b["bannerText"])
        return (b["scene"], b["pages"], b["duration"], b["description"], b["scriptPage"], b["comments"],
                tuple(sorted(map(str, (els[e] for e in b["elements"])))))  # fmt: skip

    board = u["stripboards"][0]["boards"]
    cal = u["calendars"][0]
    return {
        "days": [[strip(x) for x in day] for day in board[0]["breakdownIds"]],
        "boneyard": sorted(map(str, (strip(x) for x in board[1]["breakdownIds"]))),
        "calendar": (cal["daysOff"], [(e["type"], e["date"]) for e in cal["events"]]),
        "cast": sorted((e["elementId"], e["name"], e["isDrop"], tuple((v["type"], v["name"], v["date"])
                                                                      for v in e["events"]))
                       for e in u["elements"] if cats[e["category"]][0] == 100),
        "header": {k: u[k] for k in ("project", "company", "episode", "author", "schedColor", "schedDate",
                                     "scriptColor", "scriptDate")},
    }


def round_trip(data: ProductionData) -> tuple[dict[str, Any], dict[str, Any]]:
    """The production exported, imported into a blank workbook's tables, exported again."""
    first = to_uss(production_from_data(data), now=NOW).doc
    s = read_uss(uss_text(first))
    assert s.trusted, [n.message for n in s.errors]
    plan = plan_import(s, None)
    settings = {**plan.settings, "country": data.settings.get("country"),
                "subdivision": data.settings.get("subdivision")}  # fmt: skip
    again = to_uss(production_from_data(ProductionData(settings=settings, tables=plan.tables)), now=NOW).doc
    return first, again


def test_the_schema_is_uss_validators_converted_and_credited() -> None:
    from jsonschema import Draft7Validator

    s = schema()
    Draft7Validator.check_schema(s)
    assert s["$schema"] == "http://json-schema.org/draft-07/schema#"
    for words in ("UniversalScheduleStandard/uss-validator", "schemas/schema_v1.0.0.js", "MIT License",
                  "7a80783f262921f979a401565db66affa49d85f5"):  # fmt: skip
        assert words in s["$comment"]
    assert "nullable" not in json.dumps({k: v for k, v in s.items() if k != "$comment"})  # Ajv's, now type arrays
    folder = resources.files("xlproduction.interchange.uss")
    assert "Permission is hereby granted, free of charge" in folder.joinpath("LICENSE-uss-validator.txt").read_text()
    root = s["properties"]["universalScheduleStandard"]
    assert root["properties"]["breakdowns"]["items"]["properties"]["pages"] == {
        "type": ["number", "null"], "minimum": 0, "multipleOf": 0.125}


def test_the_schema_refuses_what_the_standard_refuses() -> None:
    doc = to_uss(production_from_data(sample_production()), now=NOW).doc
    u = doc["universalScheduleStandard"]
    assert validate(doc).is_valid
    bad = copy.deepcopy(doc)
    bad["universalScheduleStandard"]["breakdowns"][0]["pages"] = 0.3  # not an eighth
    bad["universalScheduleStandard"]["breakdowns"][1]["pages"] = "1 3/8"  # a fraction as text
    bad["universalScheduleStandard"]["_ours"] = 1  # custom keys break additionalProperties: false
    del bad["universalScheduleStandard"]["elements"][0]["isDood"]
    paths = {e.path for e in validate(bad).errors}
    assert paths == {"$.universalScheduleStandard", "$.universalScheduleStandard.breakdowns[0].pages",
                     "$.universalScheduleStandard.breakdowns[1].pages",
                     "$.universalScheduleStandard.elements[0]"}  # fmt: skip
    # The standard's early sample is another format (0.1.0): it fails the 1.0.0 schema, as uss-validator says.
    early = json.loads((Path(__file__).parent / "fixtures" / "uss" / "schedule.uss.json").read_text())
    assert len(validate(early).errors) > 50
    assert u["ussVersion"] == "1.0.0"
    # The fast validator (the same schema compiled by fastjsonschema) agrees: valid, or its first error among all.
    assert first_error(doc) is None and validate(doc, fast=True).is_valid
    for wrong in (bad, early):
        first = first_error(wrong)
        assert first is not None and first.path in {e.path for e in validate(wrong).errors}
        assert validate(wrong, fast=True).errors == validate(wrong).errors


def test_the_sample_exports_valid_with_every_part_in_place() -> None:
    data = sample_production()
    p = production_from_data(data)
    out = to_uss(p, now=NOW)
    report = validate(out.doc)
    assert report.errors == () and report.warnings == () and out.warnings == []
    assert report.info["breakdowns"] == out.breakdowns and report.info["isSchedule"]
    u = out.doc["universalScheduleStandard"]
    assert (u["project"], u["author"], u["schedColor"], u["source"]) == (
        "Last Call at Rosie's", data.settings["first_ad"], "Blue", "xlproduction")
    cats = {c["id"]: c for c in u["categories"]}
    ucids = {c["ucid"] for c in u["categories"]}
    assert {0, 1, 2, 3, 6, 100, 101, 103, 104} <= ucids
    by_scene: dict[str, list[dict[str, Any]]] = {}
    for b in u["breakdowns"]:
        if b["type"] == "scene":
            by_scene.setdefault(b["scene"], []).append(b)
    scenes = {r["scene"]: r for r in data.rows("Scenes")}
    els = {e["id"]: e for e in u["elements"]}
    for scene, row in scenes.items():
        parts = by_scene[scene]
        # Pages in eighths as decimal pages, shared among the strips of a split scene; est. time in milliseconds.
        assert sum(b["pages"] for b in parts) * 8 == row["pages"]
        assert sum(b["duration"] for b in parts) == row["est_time"].total_seconds() * 1000
        b = parts[0]
        assert (b["description"], b["scriptPage"]) == (row["synopsis"], row["script_page"])
        named = {(cats[els[e]["category"]]["ucid"], els[e]["name"], els[e]["elementId"]) for e in b["elements"]}
        assert (0, row["set"], None) in named and (1, row["int_ext"], None) in named
        assert (2, row["day_night"], None) in named and (3, row["script_day"], None) in named
        assert {cid for u_, _, cid in named if u_ == 100} == set(row["cast"])
        assert any(u_ == 6 and cid == row["location"] for u_, _, cid in named)
    split = [s for s, parts in by_scene.items() if len(parts) > 1]
    assert sorted(split) == sorted({r["scene"] for r in data.rows("Schedule") if r["part"]})
    # The board: one sub-array per shoot day in shooting order, banners right after their strip.
    board = u["stripboards"][0]["boards"][0]["breakdownIds"]
    bds = {b["id"]: b for b in u["breakdowns"]}
    assert len(board) == len(data.rows("Days"))
    for d, day in enumerate(board, start=1):
        strips = [r for r in data.rows("Schedule") if r["day"] == d]
        want = []
        for r in sorted(strips, key=lambda r: r["order"]):
            want.append(r["scene"])
            if r["banner"]:
                want.append(f"[{r['banner']}]")
        assert [bds[x]["scene"] or f"[{bds[x]['bannerText']}]" for x in day] == want
    # The calendar gives back every shoot date: weekends off, and the holiday (Cesar Chavez Day) named as one.
    cal = u["calendars"][0]
    assert cal["daysOff"] == [0, 6]
    assert ("dayOff", "2027-03-31T00:00:00.000Z", "holiday") in {(e["type"], e["date"], e["name"])
                                                                 for e in cal["events"]}  # fmt: skip


@pytest.mark.parametrize("size", ["sample", "S", "L", "XL"])
def test_export_validates_and_round_trips(size: str) -> None:
    data = sample_production() if size == "sample" else production(size)
    first, again = round_trip(data)
    report = validate(first)
    assert report.errors == () and report.warnings == ()
    assert shape(again) == shape(first)


def test_round_trip_through_files(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "250"}

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "xlproduction", *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=180, env=env)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    said = run("export", "uss", str(SAMPLE), "first.uss")
    assert "valid against the standard's schema" in said and "114 breakdowns on 23 shoot days" in said
    # The command line's import is tested in tests/test_uss_import.py: here the same jobs run in this process.
    from xlproduction.jobs.source import workbook_file
    from xlproduction.jobs.uss_export import export_uss
    from xlproduction.jobs.uss_import import import_uss

    import_uss(None, (tmp_path / "first.uss").read_bytes(), new_workbook=tmp_path / "blank.xlsx")
    export_uss(workbook_file(tmp_path / "blank.xlsx"), tmp_path / "again.uss")
    first = json.loads((tmp_path / "first.uss").read_text(encoding="utf-8"))
    again = json.loads((tmp_path / "again.uss").read_text(encoding="utf-8"))
    assert validate(again).is_valid and parity_warnings(again) == []
    a, b = shape(first), shape(again)
    # The blank workbook knows no country, so the holiday is a plain day off there: the dates are the same.
    a["calendar"] = (a["calendar"][0], sorted(a["calendar"][1]))
    b["calendar"] = (b["calendar"][0], sorted(b["calendar"][1]))
    assert a == b


def test_parity_checks_look_through_day_breaks_and_catch_what_is_missing() -> None:
    doc = to_uss(production_from_data(sample_production()), now=NOW).doc
    assert parity_warnings(doc) == []  # day sub-arrays are not "missing" breakdowns
    u = doc["universalScheduleStandard"]
    u["stripboards"][0]["boards"][0]["breakdownIds"][3].pop(0)  # a scene on no board
    u["stripboards"][0]["boards"][0]["breakdownIds"][0].append("nope")
    u["elements"][0]["category"] = "gone"
    u["elements"][1]["linkedElements"] = ["ghost"]
    u["stripboards"][0]["calendar"] = None
    u["calendars"][0]["events"] = [e for e in u["calendars"][0]["events"] if e["type"] != "start"]
    u["breakdowns"][0]["elements"].append("phantom")
    titles = [w.title for w in parity_warnings(doc)]
    assert titles == ["Breakdown Elements", "Element missing Category", "Linked Elements not in Elements",
                      "Boards does not equal Breakdowns", "Boards breakdownIds not in Breakdowns",
                      "Stripboard missing Calendar", "Calendar missing start date"]  # fmt: skip


def test_what_the_file_cannot_say_is_reported() -> None:
    data = copy.deepcopy(sample_production())
    data.tables["Scenes"][0]["cast"] = (*data.tables["Scenes"][0]["cast"], "99")
    data.tables["Days"][3]["date"] = None
    data.tables["Days"][6]["date"] = data.tables["Days"][5]["date"]
    out = to_uss(production_from_data(data), now=NOW)
    assert validate(out.doc).errors == ()
    said = "\n".join(out.warnings)
    assert "Scene 1 lists cast ID 99, which is not in the Cast table" in said
    assert "Shoot day 4 has no date" in said
    assert "Day 7 is dated 08-Mar-2027, not after day 6 (08-Mar-2027)" in said
