"""Script to breakdown, on the fixtures: what a coordinator sees — scenes, numbers, I/E, sets, D/N, speaking cast,
cast IDs, eighths and pages — and the findings a doubtful script gives.

The Fountain fixtures are public-domain and MIT files (tests/fixtures/scripts/README.md); rosies.fdx is ours, written
from Final Draft's file format. Eighths of the Fountain fixtures are the ones afterwriting's printed PDF gives for
the same scenes (bench/script.py measures them; the long script agrees on 196 of 200 scenes, all within 1/8).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xlproduction.interchange.script import Breakdown, Kind, breakdown, parse_heading, parse_script, read_script
from xlproduction.interchange.script.breakdown import character_names, merge_names
from xlproduction.model.contract import DAY_NIGHT, INT_EXT
from xlproduction.sample.screenplay import generate_screenplay

FIXTURES = Path(__file__).parent / "fixtures" / "scripts"
CYBER_BOB = FIXTURES / "earthbound19_ebScreenplays__Cyber_Bob_ep00001.fountain"


def codes(b: Breakdown) -> list[str]:
    return [f.code for f in b.findings]


def test_cyber_bob_scenes_sets_day_night_cast_and_eighths() -> None:
    b = breakdown(read_script(CYBER_BOB))
    assert b.title == "BOB THE CYBER PAWN AND HIS CYBER CLOUD BOSS THING EPISODE 1: TRAFFIC CONTROL DOGS"
    assert [s.scene for s in b.scenes] == ["1", "2", "3"]
    assert [(s.ie, s.set, s.dn) for s in b.scenes] == [
        ("EXT", "PARK", "DAY"), ("EXT", "SUBURBAN TRAFFIC INTERSECTION", "DAY"),
        ("INT", "TRAFFIC LIGHT HORIZONTAL BEAM", "NIGHT"),
    ]  # fmt: skip
    # BOB and CYBER BOB are one person (so are BOSS and CYBER BOSS): one name, one cast ID, said so in a finding.
    assert [s.characters for s in b.scenes] == [
        ("CYBER BOB", "DOG", "MARGARET", "CYBER BOSS"), ("CYBER BOSS",), ("DOG", "CYBER BOB"),
    ]  # fmt: skip
    assert [(c.cast_id, c.name, c.scenes) for c in b.characters] == [
        ("1", "CYBER BOB", 2), ("2", "DOG", 2), ("3", "CYBER BOSS", 2), ("4", "MARGARET", 1),
    ]  # fmt: skip
    assert b.characters[0].aliases == ("BOB",)
    assert codes(b).count("SP006") == 2 and "SP001" not in codes(b)
    # "CYBER BOSS, 40 (or any age), an ageless," starts an action paragraph in capitals: not a cue.
    assert all("," not in c.name for c in b.characters)
    assert [s.eighths for s in b.scenes] == [16, 4, 23]  # afterwriting's PDF: 2, 4/8, 2 7/8
    assert all(s.estimated for s in b.scenes)
    assert [s.script_page for s in b.scenes] == ["1", "3", "3"]
    assert b.page_count == 6 and b.pages == 43 / 8
    names = {x.name for x in b.suggestions}
    assert {"SEVEN CHIHUAHUAS", "MANY DOGS"} <= names  # named in capitals, never speak
    assert not names & {"FWOOSH", "BOB", "MARGARET", "YIP YUP"}  # sounds and speakers are not suggestions
    assert b.scenes[0].synopsis.startswith("CYBER BOB, 40, a white man") and b.scenes[0].synopsis.endswith("…")
    assert len(b.scenes[0].synopsis) <= 81


def test_scene_headers_fixture_sixteen_headings_and_their_int_ext() -> None:
    script = read_script(FIXTURES / "nyousefi_Fountain__SceneHeaders.fountain")
    b = breakdown(script)
    # The Fountain project's own tests: indexes 0-14 and the lower-case one are headings; "...", two stacked
    # headings without blank lines between them, and ESTABLISHING are not.
    assert len(b.scenes) == 16
    assert [s.ie for s in b.scenes] == ["INT", "EXT", "INT", "EXT", "INT/EXT", "INT/EXT", "INT/EXT", "INT/EXT",
                                        "INT/EXT", "INT", "EXT", "EXT", "EXT", "INT", "", "INT"]  # fmt: skip
    assert {s.set for s in b.scenes} == {"HOUSE", "KITCHEN"}
    assert [s.dn for s in b.scenes].count("DAY") == 15
    kitchen = b.scenes[14]
    assert kitchen.heading == "KITCHEN" and kitchen.line == 29
    assert [f.code for f in b.findings if f.row == 29] == ["SP002", "SP003"]
    assert "line 29" in b.findings[0].message and "INT or EXT" in b.findings[0].message
    texts = [e.text for e in script.elements if e.kind is not Kind.HEADING]
    assert "... not a scene header." in texts and "ESTABLISHING" in texts
    assert "INT. HOUSE - DAY\nEXT. HOUSE - DAY" in texts  # stacked: action, not a cue and its dialogue
    assert not b.characters


def test_scene_numbers_kept_and_duplicates_are_an_error() -> None:
    b = breakdown(read_script(FIXTURES / "nyousefi_Fountain__SceneNumbers.fountain"))
    assert [s.scene for s in b.scenes] == ["1", "1A", "1a", "A1", "I-1-A", "1.", "110A"]
    assert b.scenes[-1].set == "HOUSE" and b.scenes[-1].dn == "DAY"  # "- FLASHBACK (1944)" is not the set
    dup = [f for f in b.findings if f.code == "SP004"]
    assert len(dup) == 1 and dup[0].severity == "error" and dup[0].row == 5 and "1a" in dup[0].message


def test_unnumbered_scenes_in_a_numbered_script_take_their_position() -> None:
    b = breakdown(read_script(FIXTURES / "screenplain_tests__scene-numbers.fountain"))
    assert [s.scene for s in b.scenes] == ["1", "2", "3", "4", "2-B"]
    assert [s.numbered for s in b.scenes] == [True, True, False, False, True]
    assert [(f.code, f.row) for f in b.findings] == [("SP005", 9), ("SP005", 13)]
    assert [s.dn for s in b.scenes] == ["DAY", "NIGHT", "DAY", "DAY", "DAY"]
    assert b.scenes[1].synopsis == "This is scene 2."


def test_bom_and_crlf() -> None:
    script = read_script(FIXTURES / "screenplain_tests__utf-8-bom.fountain")
    assert script.encoding == "utf-8-sig"
    b = breakdown(script)
    assert [(s.scene, s.ie, s.set, s.dn) for s in b.scenes] == [("1", "EXT", "SOMEWHERE", "DAY")]
    assert b.scenes[0].characters == ("GUY", "GURL")
    assert [e.line for e in script.elements if e.kind is Kind.CHARACTER] == [9, 12, 17]
    assert not b.findings


def test_title_page_without_scenes_is_an_empty_script() -> None:
    b = breakdown(read_script(FIXTURES / "screenplain_tests__title-page.fountain"))
    assert b.title == "My Screenplay"
    assert not b.scenes and codes(b) == ["SP001"] and b.findings[0].severity == "error"


def test_dual_dialogue() -> None:
    script = read_script(FIXTURES / "screenplain_tests__dual-dialogue.fountain")
    cues = [(e.text, e.dual) for e in script.elements if e.kind is Kind.CHARACTER]
    assert cues == [("GIRL", False), ("GUY", True)]


FOUNTAIN = """\
Title: **The Test**
Author: Someone

# Act One

.KITCHEN #7#
= Mum burns the toast.

MUM
(to herself)
Again.

EXT. GARDEN - CONTINUOUS

[[a note
over two lines]]
A ROBIN watches. JOHN (10) kicks a ball.

@McCLANE
Yippee.

BOB (V.O.)
Hello.

BOB (CONT'D)
Still me.

/* a cut scene
INT. CUT - DAY

CUT
Gone.
*/

int house day

YOUNG BOB
Hi.

===

EXT. STREET - LATER

GUARD
Halt.

PRISON GUARD
Stop.

CUT TO:

EXT. ROOF, MAGIC HOUR

MUM
Look.
"""


def test_fountain_constructions() -> None:
    script = parse_script(FOUNTAIN.encode(), "test.fountain")
    b = breakdown(script)
    assert script.title == "The Test"
    assert [s.scene for s in b.scenes] == ["7", "2", "3", "4", "5"]  # the scene cut in the boneyard is gone
    s7, garden, house, street, roof = b.scenes
    assert (s7.ie, s7.set, s7.dn, s7.synopsis) == ("", "KITCHEN", "", "Mum burns the toast.")
    assert garden.dn == "" and garden.time_of_day == "CONTINUOUS"  # continues a scene whose D/N is unknown
    assert (house.ie, house.set, house.dn) == ("INT", "HOUSE", "DAY")
    assert street.dn == "DAY" and street.time_of_day == "LATER"  # LATER continues the house's DAY
    assert (roof.set, roof.dn) == ("ROOF", "DUSK")
    assert garden.characters == ("McCLANE", "BOB") or garden.characters == ("MCCLANE", "BOB")
    assert house.characters == ("YOUNG BOB",)  # YOUNG BOB is another person than BOB
    assert street.characters == ("GUARD", "PRISON GUARD")  # a generic GUARD is not merged
    assert {x.name for x in b.suggestions} >= {"ROBIN", "JOHN"}
    # Line numbers survive the note and the boneyard: the heading after them is on line 43 of the text.
    assert house.line == FOUNTAIN.splitlines().index("int house day") + 1
    assert street.script_page == "2" and house.script_page == "1"  # === starts a new page
    sections = [e for e in script.elements if e.kind is Kind.SECTION]
    assert [e.text for e in sections] == ["Act One"]
    assert next(e for e in script.elements if e.kind is Kind.TRANSITION).text == "CUT TO:"


def test_cp1252_fountain_is_read_and_said() -> None:
    data = "INT. CAF\xc9 - DAY\n\nJOS\xc9\nOl\xe9.\n".encode("cp1252")
    b = breakdown(parse_script(data, "old.fountain"))
    assert b.scenes[0].set == "CAFÉ" and b.scenes[0].characters == ("JOSÉ",)
    assert codes(b) == ["SP007"]


@pytest.mark.parametrize(
    ("heading", "ie", "set_", "dn"),
    [
        ("INT. HOUSE - KITCHEN - NIGHT", "INT", "HOUSE - KITCHEN", "NIGHT"),
        ("EXT. PARK--DAY", "EXT", "PARK", "DAY"),
        ("INT./EXT. CAR - MOVING - DAWN", "INT/EXT", "CAR - MOVING", "DAWN"),
        ("I/E HOUSE DAY", "INT/EXT", "HOUSE", "DAY"),
        ("EST. DESERT TOWN - DUSK", "EXT", "DESERT TOWN", "DUSK"),
        ("EXT. BEACH - EVENING", "EXT", "BEACH", "DUSK"),
        ("INT. OFFICE - MORNING", "INT", "OFFICE", "DAY"),
        ("EXT. FIELD - SUNRISE", "EXT", "FIELD", "DAWN"),
        ("INT. BAR - LATER THAT NIGHT", "INT", "BAR", "NIGHT"),
        ("INT. HOUSE - DAY (1979)", "INT", "HOUSE", "DAY"),
        ("INTERIOR HOUSE - NIGHT", "INT", "HOUSE", "NIGHT"),
        ("EXT. STREET", "EXT", "STREET", ""),
        ("INTERCUT WITH ROSIE", "", "INTERCUT WITH ROSIE", ""),
    ],
)
def test_headings(heading: str, ie: str, set_: str, dn: str) -> None:
    h = parse_heading(heading)
    assert (h.ie, h.set, h.dn) == (ie, set_, dn)
    assert h.ie in (*INT_EXT, "") and h.dn in (*DAY_NIGHT, "")


def test_character_names_and_merges() -> None:
    assert character_names("BOB (V.O.)") == ["BOB"]
    assert character_names("MARY (CONT'D)") == ["MARY"]
    assert character_names("MARY CONT’D") == ["MARY"]
    assert character_names("SHERIFF COLE (INTO PHONE) ^") == ["SHERIFF COLE"]
    assert character_names("BOB & MARY") == ["BOB", "MARY"]
    assert merge_names(["BOB", "CYBER BOB"]) == {"BOB": "CYBER BOB"}
    assert merge_names(["BOB", "YOUNG BOB"]) == {}
    assert merge_names(["GUARD", "PRISON GUARD"]) == {}
    assert merge_names(["COP", "COP #2"]) == {}
    assert merge_names(["SMITH", "JOHN SMITH", "MARY SMITH"]) == {}  # ambiguous: two Smiths speak


def test_fdx_lengths_pages_tags_and_dual_dialogue() -> None:
    script = read_script(FIXTURES / "rosies.fdx")
    b = breakdown(script)
    assert script.format == "fdx" and b.title == "LAST CALL AT ROSIE'S"
    assert [s.scene for s in b.scenes] == ["1", "2", "3", "3A", "4"]  # INTERCUT WITH: opens no scene
    assert [(s.ie, s.set, s.dn) for s in b.scenes] == [
        ("INT", "ROSIE'S DINER", "NIGHT"), ("EXT", "ROSIE'S DINER - PARKING LOT", "NIGHT"),
        ("INT/EXT", "DEAN'S PICKUP TRUCK - MOVING", "DAWN"), ("INT", "SHERIFF'S STATION", "DAY"),
        ("", "REVERSE ON", ""),
    ]  # fmt: skip
    # Final Draft's own lengths are trusted; the scene without SceneProperties is estimated and says so.
    assert [s.eighths for s in b.scenes][:2] == [11, 4] and [s.eighths for s in b.scenes][3:] == [17, 8]
    assert [s.estimated for s in b.scenes] == [False, False, True, False, False]
    assert [s.script_page for s in b.scenes] == ["1", "2", "2", "2", "4"]
    assert b.page_count == 4
    assert b.scenes[0].synopsis == "Rosie finds the envelope under the counter."  # the FDX Summary
    assert b.scenes[0].characters == ("ROSIE", "MAYA") and b.scenes[3].characters == ("SHERIFF COLE",)
    lead = b.characters[0]
    assert (lead.cast_id, lead.name, lead.scenes) == ("1", "MAYA", 2)
    assert b.scenes[0].elements == (("Props", "cash box"),) and b.scenes[1].elements == (("Vehicles", "pickup truck"),)
    dual = [(e.text, e.dual) for e in script.elements if e.kind is Kind.CHARACTER][2:4]
    assert dual == [("ROSIE", False), ("MAYA", True)]
    assert script.revisions == (("1", "Blue Rev.", "#000000000000"),)
    assert any(e.revisions == ("1",) for e in script.elements if e.kind is Kind.HEADING)
    assert [(f.code, f.row) for f in b.findings] == [("SP002", 24), ("SP003", 24)]
    assert "paragraph 24" in b.findings[0].message


def test_long_feature() -> None:
    """The 120-page, 200-scene feature of the benchmark (its speed is measured in bench/script.py, not here)."""
    text = generate_screenplay(200).encode()
    b = breakdown(parse_script(text, "feature.fountain"))
    assert len(b.scenes) == 200 and 115 <= b.page_count <= 125
    assert len(b.characters) >= 20 and b.characters[0].cast_id == "1"
    assert b.characters[0].scenes == max(c.scenes for c in b.characters)
    assert "12A" in {s.scene for s in b.scenes} or any(s.scene.endswith("A") for s in b.scenes)
    assert not [f for f in b.findings if f.severity == "error"]
    assert {s.dn for s in b.scenes} == set(DAY_NIGHT)
    # Totals agree with the printed pages: the scenes fill the pages from the first heading on.
    assert abs(b.pages - b.page_count) <= 1


def test_a4_fits_more_lines_on_a_page() -> None:
    text = generate_screenplay(200).encode()
    letter = breakdown(parse_script(text, "f.fountain"))
    a4 = breakdown(parse_script(text, "f.fountain"), paper="A4")
    assert a4.paper == "A4" and letter.paper == "Letter"
    assert a4.page_count != letter.page_count
