"""Re-importing a revised draft: scenes matched by number then content, moved, omitted and added, and nothing the
coordinator typed is lost."""

from __future__ import annotations

import datetime as dt

from xlproduction.interchange.script import breakdown, parse_script
from xlproduction.interchange.script.revise import OMITTED, next_revision, revise

WHITE = """\
Title: Last Call

INT. DINER - NIGHT #1#

Rosie wipes the counter.

ROSIE
We open at six.

MAYA
Not tomorrow.

EXT. PARKING LOT - NIGHT #2#

Maya runs to the truck.

MAYA
Dean!

INT. TRUCK - DAWN #3#

They drive in silence.

DEAN
Get in.

INT. MOTEL - DAY #4#

Rosie checks in.

ROSIE
One night.
"""

# Blue pages: scene 2 grows and Dean now speaks in it, scene 3 is cut, 3A is new, 4 moves before 2, Rosie no
# longer speaks in 1 (Eddie does), and FRANK is a new character.
BLUE = """\
Title: Last Call

INT. DINER - NIGHT #1#

Rosie wipes the counter, silent.

MAYA
Not tomorrow.

EDDIE
Coffee?

INT. MOTEL - DAY #4#

Rosie checks in.

ROSIE
One night.

EXT. PARKING LOT - NIGHT #2#

Maya runs to the truck. It will not start. She kicks the tyre, twice, then sits on the kerb and waits for
a long while as the sun comes up over the desert and the neon sign of the diner flickers out behind her.
She takes the envelope out of her coat and counts the money again, slowly, twice, and puts it back.

MAYA
Dean!

DEAN
Coming.

INT. BANK - DAY #3A#

FRANK counts the money.

FRANK
It's short.
"""

TODAY = dt.date(2027, 3, 1)


def _first_import():
    b = breakdown(parse_script(WHITE.encode(), "white.fountain"))
    return b, revise([], [], b, today=TODAY)


def test_first_import_numbers_the_cast_by_scenes() -> None:
    _, r = _first_import()
    assert [s["scene"] for s in r.scenes] == ["1", "2", "3", "4"]
    assert [(c["cast_id"], c["character"]) for c in r.cast] == [("1", "ROSIE"), ("2", "MAYA"), ("3", "DEAN")]
    assert r.scenes[0]["cast"] == ("1", "2") and r.scenes[2]["cast"] == ("3",)
    assert r.settings == {"script_revision": "White", "script_revision_date": TODAY, "title": "Last Call"}
    assert r.changes[0].message == "4 scenes and 3 speaking characters imported."


def test_revision_keeps_what_the_coordinator_typed() -> None:
    _, first = _first_import()
    scenes = first.scenes
    # What a coordinator adds over a week: locations, times, background, notes, a synopsis of their own, a silent
    # character added by hand, a column of their own; and a schedule.
    scenes[0].update(location="L1", est_time=dt.timedelta(hours=2), background="8 diner patrons",
                     notes="Practical neon", my_column="keep me")  # fmt: skip
    scenes[1].update(location="L2", synopsis="Maya's escape (coordinator's words)")
    scenes[2].update(location="L3", notes="Car rig")
    scenes[3]["cast"] = (*scenes[3]["cast"], "2")  # Maya is in the motel scene, silent: added by hand
    lot_pages = scenes[1]["pages"]
    cast = first.cast
    cast[0].update(performer="June Carter", phone="555 0100")

    blue = breakdown(parse_script(BLUE.encode(), "blue.fountain"))
    r = revise(scenes, cast, blue, scheduled={"3": [4], "1": [1]}, current_revision="White", today=TODAY)

    by = {s["scene"]: s for s in r.scenes}
    # Every old row is still there, in its place; 3A follows scene 2, its predecessor in the draft.
    assert [s["scene"] for s in r.scenes] == ["1", "2", "3A", "3", "4"]
    one, two, three, motel = by["1"], by["2"], by["3"], by["4"]
    assert (one["location"], one["est_time"], one["background"], one["notes"], one["my_column"]) == (
        "L1", dt.timedelta(hours=2), "8 diner patrons", "Practical neon", "keep me")  # fmt: skip
    # Speaking cast updated by adding: Eddie is new; Rosie stays (maybe silent in the scene) and is listed to check.
    assert one["cast"] == ("1", "2", "4")
    assert two["synopsis"] == "Maya's escape (coordinator's words)" and two["location"] == "L2"
    assert two["pages"] > lot_pages and two["cast"] == ("2", "3")
    # Scene 3 is gone from the draft: OMITTED, not deleted, and its schedule day named.
    assert three["synopsis"].startswith(OMITTED) and three["location"] == "L3" and "Car rig" in three["notes"]
    assert "Omitted in the Blue revision (2027-03-01)" in three["notes"]
    assert motel["cast"] == ("1", "2")  # the hand-added Maya stays
    new = by["3A"]
    assert (new["int_ext"], new["set"], new["day_night"], new["cast"]) == ("INT", "BANK", "DAY", ("5",))
    # Cast: existing rows untouched, new speakers numbered after them.
    assert r.cast[0] == {"cast_id": "1", "character": "ROSIE", "performer": "June Carter", "phone": "555 0100"}
    assert [(c["cast_id"], c["character"]) for c in r.cast[3:]] == [("4", "EDDIE"), ("5", "FRANK")]
    assert r.settings["script_revision"] == "Blue" and r.settings["script_revision_date"] == TODAY

    messages = [c.message for c in r.changes]
    assert "Scene 3 is not in the new draft: marked OMITTED. It is scheduled on day 4: take it off the schedule." \
        in messages  # fmt: skip
    assert any(m.startswith("Scene 3A added: INT. BANK - DAY") for m in messages)
    assert f"Scene 2: pages {lot_pages}/8 pgs → {two['pages']}/8 pgs." in messages
    assert "Scene 1: cast 4 added (now speaking)." in messages
    assert any("cast 1 no longer speaks" in m for m in messages)
    assert "Script revision: White → Blue (2027-03-01)." in messages
    assert {c.kind for c in r.changes} == {"added", "updated", "omitted", "cast added", "check"}
    assert "omitted" in r.summary and "to check by hand" in r.summary


def test_reimporting_the_same_draft_changes_nothing_but_the_revision() -> None:
    b, first = _first_import()
    r = revise(first.scenes, first.cast, b, current_revision="White", today=TODAY)
    assert [c.kind for c in r.changes] == ["updated"] and r.changes[0].column == "script_revision"
    assert r.scenes == first.scenes and r.cast == first.cast


def test_unnumbered_script_matches_by_content_when_a_scene_is_inserted() -> None:
    strip = lambda text: "\n".join(ln.split(" #")[0] for ln in text.splitlines())  # noqa: E731
    b1 = breakdown(parse_script(strip(WHITE).encode(), "a.fountain"))
    first = revise([], [], b1, today=TODAY)
    first.scenes[1]["location"] = "L2"  # the parking lot
    inserted = strip(WHITE).replace("INT. TRUCK", "INT. GAS STATION - NIGHT\n\nA stop.\n\nINT. TRUCK")
    b2 = breakdown(parse_script(inserted.encode(), "b.fountain"))
    r = revise(first.scenes, first.cast, b2, current_revision="White", today=TODAY)
    # The parking lot is still scene 2 with its location; the gas station is new, not a rewrite of scene 3.
    lot = next(s for s in r.scenes if s["set"] == "PARKING LOT")
    assert lot["location"] == "L2" and not lot["synopsis"].startswith(OMITTED)
    assert [c.kind for c in r.changes].count("added") == 1


def test_revision_colours_follow_the_sequence() -> None:
    assert next_revision(None) == "Blue" and next_revision("White") == "Blue" and next_revision("blue") == "Pink"
    assert next_revision("Cherry") == "2nd Blue" and next_revision("2nd Cherry") == "3rd Blue"
    assert next_revision("Pink", ["White", "Pink", "Green"]) == "Green"
