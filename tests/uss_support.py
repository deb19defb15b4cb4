"""USS files written by the tests: a small valid USS 1.0.0 schedule (ours), and the quirks real files have.

``schedule()`` is a two-day shoot at Rosie's Diner and the park: four scenes (one left in the boneyard), a LUNCH
banner, two cast members with events, background, a prop, a vehicle and an animal, a calendar starting Friday
5 March 2027 with weekends off and Monday 8 March a holiday — so day 2 is Tuesday 9 March. Each quirk function
returns a copy written the way some scheduler or the standard's own stale sample writes it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

CREATED = "2027-03-01T09:00:00.000Z"
ROOT = "universalScheduleStandard"


def _cat(cid: str, name: str, ucid: int) -> dict[str, Any]:
    return {"id": cid, "created": CREATED, "name": name, "ucid": ucid}


def _el(eid: str, cat: str, name: str, board: str | None = None, events: list[Any] | None = None,
        **flags: Any) -> dict[str, Any]:  # fmt: skip
    el = {"id": eid, "category": cat, "created": CREATED, "daysOff": [], "dropDayCount": 10, "elementId": board,
          "events": events or [], "isDood": board is not None, "isDrop": False, "isHold": True,
          "isIdLock": board is not None, "linkedElements": [], "name": name}  # fmt: skip
    el.update(flags)
    return el


def _scene(bid: str, scene: str, elements: list[str], pages: float | None, **kw: Any) -> dict[str, Any]:
    b = {"id": bid, "bannerText": None, "comments": None, "created": CREATED, "description": None,
         "elements": elements, "pages": pages, "scene": scene, "scriptPage": None, "duration": None, "type": "scene"}
    b.update(kw)
    return b


def _banner(bid: str, text: str) -> dict[str, Any]:
    return {"id": bid, "bannerText": text, "comments": None, "created": CREATED, "description": None, "elements": [],
            "pages": None, "scene": None, "scriptPage": None, "duration": None, "type": "banner"}  # fmt: skip


def schedule() -> dict[str, Any]:
    """The valid base file (ours)."""
    ev = [{"id": "ev1", "date": "2027-02-24T00:00:00.000Z", "type": "event", "name": "fitting"},
          {"id": "ev2", "date": "2027-03-04T00:00:00.000Z", "type": "event", "name": "travel"},
          {"id": "ev3", "date": "2027-02-25T00:00:00.000Z", "type": "event", "name": "photo"}]
    return {ROOT: {
        "id": "665f00000000000000000001", "author": "Ada First", "company": "Test Pictures LLC", "created": CREATED,
        "description": None, "episode": None, "episodeName": None, "name": "Shooting schedule v3",
        "project": "Night Diner", "schedColor": "Blue", "schedDate": "2027-02-26T00:00:00.000Z",
        "scriptColor": "Pink", "scriptDate": "2027-02-20T00:00:00.000Z", "season": None, "source": "Test scheduler",
        "ussVersion": "1.0.0",
        "breakdowns": [
            _scene("b1", "1", ["e-int", "e-day", "e-diner", "e-loc", "e-maya", "e-joe", "e-bg", "e-cash"], 1.375,
                   description="Maya counts the till twice.", scriptPage="1", duration=5400000,
                   comments="Practical neon on"),
            _banner("bn1", "LUNCH"),
            _scene("b2", "2", ["e-ext", "e-night", "e-park", "e-maya", "e-dog", "e-truck"], 0.5,
                   description="Maya walks the dog.", scriptPage="2"),
            _scene("b3", "3", ["e-int", "e-day", "e-diner", "e-loc", "e-joe"], 2, scriptPage="3"),
            _scene("b4", "4", ["e-ext", "e-day", "e-park"], 0.25, description="The park at dawn."),
        ],
        "categories": [_cat("c0", "Set", 0), _cat("c1", "INT/EXT", 1), _cat("c2", "Day/Night", 2),
                       _cat("c6", "Location", 6), _cat("c100", "Cast Members", 100),
                       _cat("c101", "Background Actors", 101), _cat("c103", "Vehicles", 103),
                       _cat("c104", "Props", 104), _cat("c108", "Animals", 108)],
        "elements": [
            _el("e-int", "c1", "INT"), _el("e-ext", "c1", "EXT"), _el("e-day", "c2", "DAY"),
            _el("e-night", "c2", "NIGHT"), _el("e-diner", "c0", "DINER - COUNTER"), _el("e-park", "c0", "PARK"),
            _el("e-loc", "c6", "Rosie's Diner", "L01"),
            _el("e-maya", "c100", "MAYA", "1", ev, isDrop=True), _el("e-joe", "c100", "JOE", "2"),
            _el("e-bg", "c101", "4 diners"), _el("e-cash", "c104", "Cash box"), _el("e-truck", "c103", "Pickup"),
            _el("e-dog", "c108", "Dog (trained terrier)"),
        ],
        "stripboards": [{"id": "s1", "name": "Shooting order", "calendar": "cal1", "boards": [
            {"id": "bd1", "name": "stripboard", "breakdownIds": [["b1", "bn1", "b2"], ["b3"]]},
            {"id": "bd2", "name": "boneyard", "breakdownIds": ["b4"]}]}],
        "calendars": [{"id": "cal1", "name": "Spring", "daysOff": [0, 6], "events": [
            {"id": "c-start", "date": "2027-03-05T00:00:00.000Z", "type": "start", "name": None},
            {"id": "c-hol", "date": "2027-03-08T00:00:00.000Z", "type": "dayOff", "name": "holiday"}]}],
    }}  # fmt: skip


def u(doc: dict[str, Any]) -> dict[str, Any]:
    return doc[ROOT]  # type: ignore[no-any-return]


def write(doc: Any, path: Path) -> Path:
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def by_id(items: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(x for x in items if x["id"] == ident)


# --- quirks of real files -------------------------------------------------------------------------------------------


def stale_keys() -> dict[str, Any]:
    """The standard's own full sample: type "strip", breakdownArrays, doodDayCount, holidays as events."""
    d = copy.deepcopy(schedule())
    for b in u(d)["breakdowns"]:
        if b["type"] == "scene":
            b["type"] = "strip"
    for board in u(d)["stripboards"][0]["boards"]:
        board["breakdownArrays"] = board.pop("breakdownIds")
    for e in u(d)["elements"]:
        e["doodDayCount"] = e.pop("dropDayCount")
    hol = by_id(u(d)["calendars"][0]["events"], "c-hol")
    hol["type"], hol["name"] = "event", "holiday"
    by_id(u(d)["elements"], "e-maya")["events"][1]["name"] = "doodTravel"
    return d


def set_under_custom_ucid() -> dict[str, Any]:
    """A real scheduler's export: "Set" as custom UCID 50, plus custom scene categories of its own."""
    d = copy.deepcopy(schedule())
    by_id(u(d)["categories"], "c0")["ucid"] = 50
    u(d)["categories"].append(_cat("c51", "Scene Number", 51))
    return d


def flat_board_with_day_strips() -> dict[str, Any]:
    """Day breaks as "day" strips closing each day on a flat board (the 0.1 draft, Movie Magic's habit)."""
    d = copy.deepcopy(schedule())
    u(d)["breakdowns"] += [
        {**_banner("d1", ""), "type": "day", "bannerText": None, "description": "End of day 1"},
        {**_banner("d2", ""), "type": "day", "bannerText": None, "description": "End of day 2"}]
    u(d)["stripboards"][0]["boards"][0]["breakdownIds"] = ["b1", "bn1", "b2", "d1", "b3", "d2"]
    u(d)["stripboards"][0]["boards"][1]["breakdownIds"] = ["b4"]
    return d


def grouped_boneyard() -> dict[str, Any]:
    """The boneyard itself grouped into sub-arrays, as a real export had it."""
    d = copy.deepcopy(schedule())
    u(d)["stripboards"][0]["boards"][1]["breakdownIds"] = [[], [], ["b4"], []]
    return d


def two_stripboards() -> dict[str, Any]:
    """A "Script Order" scenario without day breaks before the shooting one; and a second pass with one day."""
    d = copy.deepcopy(schedule())
    first = {"id": "s0", "name": "Script Order", "calendar": "cal1", "boards": [
        {"id": "bd0", "name": "stripboard", "breakdownIds": ["b1", "b2", "b3", "b4", "bn1"]},
        {"id": "bd0b", "name": "boneyard", "breakdownIds": []}]}
    other = {"id": "s2", "name": "Second Pass", "calendar": "cal1", "boards": [
        {"id": "bd3", "name": "stripboard", "breakdownIds": [["b3", "b1", "b2", "bn1"]]},
        {"id": "bd4", "name": "boneyard", "breakdownIds": ["b4"]}]}
    u(d)["stripboards"] = [first, *u(d)["stripboards"], other]
    return d
