"""`xlproduction script import`: a script into a new workbook (read back as a production), a dry run of a revision
on an existing one, and nothing written when the import cannot be trusted."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.jobs.script_import import import_script
from xlproduction.model.contract import CAST, SCENES
from xlproduction.workbook.reader import load_production

FIXTURES = Path(__file__).parent / "fixtures" / "scripts"
runner = CliRunner()
TODAY = dt.date(2027, 3, 1)


def test_import_into_a_new_workbook(tmp_path: Path) -> None:
    target = tmp_path / "rosies.xlsx"
    result = import_script(FIXTURES / "rosies.fdx", target, today=TODAY)
    assert result.created and result.target == target and target.exists()
    p = load_production(target)
    scenes = p.tables[SCENES.name].df
    assert list(scenes["scene"]) == ["1", "2", "3", "3A", "4"]
    assert list(scenes["pages"])[:2] == [11, 4] and list(scenes["set"])[3] == "SHERIFF'S STATION"
    assert list(scenes["day_night"])[:4] == ["NIGHT", "NIGHT", "DAWN", "DAY"]
    assert tuple(scenes["cast"].iloc[0]) == ("2", "1")  # ROSIE and MAYA; MAYA (2 scenes) is cast 1
    cast = p.tables[CAST.name].df
    assert list(zip(cast["cast_id"], cast["character"], strict=True))[:2] == [("1", "MAYA"), ("2", "ROSIE")]
    assert p.settings["script_revision"] == "White" and p.settings["script_revision_date"] == TODAY
    assert p.settings["title"] == "LAST CALL AT ROSIE'S"


def test_cli_import_new_then_revision_dry_run(tmp_path: Path) -> None:
    book = tmp_path / "feature.xlsx"
    r = runner.invoke(app, ["script", "import", str(FIXTURES / "screenplain_tests__scene-numbers.fountain"), str(book)])
    assert r.exit_code == 0, r.output
    assert "New workbook" in r.output and "5 scenes" in r.output and book.exists()
    before = book.read_bytes()
    r = runner.invoke(app, ["script", "import", str(FIXTURES / "nyousefi_Fountain__SceneHeaders.fountain"), str(book),
                            "--dry-run"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "OMITTED" in r.output and "Nothing was written" in r.output and "Script revision: White → Blue" in r.output
    assert book.read_bytes() == before and not list(tmp_path.glob("*.script.xlsx"))


def test_revision_into_an_existing_workbook(tmp_path: Path) -> None:
    book = tmp_path / "feature.xlsx"
    import_script(FIXTURES / "screenplain_tests__scene-numbers.fountain", book, today=TODAY)
    before = book.read_bytes()
    r = runner.invoke(app, ["script", "import", str(FIXTURES / "rosies.fdx"), str(book)])
    if importlib.util.find_spec("xlproduction.workbook.table_update") is None:
        # Without the table-update engine the changes are listed and nothing is written.
        assert r.exit_code == 2 and "nothing was written" in r.output.lower()
        assert "marked OMITTED" in r.output
        assert not (tmp_path / "feature.script.xlsx").exists()
    else:
        assert r.exit_code == 0, r.output
        p = load_production(tmp_path / "feature.script.xlsx")
        assert "3A" in set(p.tables[SCENES.name].df["scene"])
    assert book.read_bytes() == before


def test_nothing_written_when_the_script_has_errors_or_is_not_a_script(tmp_path: Path) -> None:
    book = tmp_path / "x.xlsx"
    r = runner.invoke(app, ["script", "import", str(FIXTURES / "nyousefi_Fountain__SceneNumbers.fountain"), str(book)])
    assert r.exit_code == 1 and "SP004" in r.output and "nothing was written" in r.output and not book.exists()
    r = runner.invoke(app, ["script", "import", str(FIXTURES / "screenplain_tests__title-page.fountain"), str(book)])
    assert r.exit_code == 1 and "SP001" in r.output and not book.exists()
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    r = runner.invoke(app, ["script", "import", str(pdf), str(book)])
    assert r.exit_code == 2 and "is a PDF" in r.output and not book.exists()


def test_revision_written_into_the_workbook_keeps_what_was_typed(tmp_path: Path) -> None:
    """White draft into a new workbook; the coordinator types locations, notes, times and a schedule (openpyxl
    here, Excel in life); the Blue draft is imported into a copy: moved, omitted and added scenes, and every typed
    cell still there."""
    from openpyxl import load_workbook

    from .test_script_revise import BLUE, WHITE

    white, blue = tmp_path / "white.fountain", tmp_path / "blue.fountain"
    white.write_text(WHITE, encoding="utf-8")
    blue.write_text(BLUE, encoding="utf-8")
    book = tmp_path / "prod.xlsx"
    import_script(white, book, today=TODAY)
    wb = load_workbook(book)
    ws = wb["Scenes"]
    head = {c.value: c.column for c in ws[1]}
    typed = {"1": ("L1", "Practical neon", "8 diner patrons"), "3": ("L3", "Car rig", None)}
    for r in range(2, ws.max_row + 1):
        number = str(ws.cell(r, head["Scene"]).value)
        if number in typed:
            loc, notes, bg = typed[number]
            ws.cell(r, head["Location ID"], loc)
            ws.cell(r, head["Notes"], notes)
            ws.cell(r, head["Background"], bg)
            ws.cell(r, head["Est. Time"], dt.time(1, 30))
    sched = wb["Schedule"]
    shead = {c.value: c.column for c in sched[1]}
    sched.cell(2, shead["Day"], 4)
    sched.cell(2, shead["Order"], 1)
    sched.cell(2, shead["Scene"], "3")
    cast = wb["Cast"]
    chead = {c.value: c.column for c in cast[1]}
    cast.cell(2, chead["Performer"], "June Carter")
    wb.save(book)

    r = runner.invoke(app, ["script", "import", str(blue), str(book)])
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())  # the console wraps long lines
    assert "scheduled on day 4: take it off the schedule" in said and "Scene 3A added" in said
    p = load_production(tmp_path / "prod.script.xlsx")
    scenes = {row["scene"]: row for row in p.tables[SCENES.name].df.to_dict("records")}
    assert list(scenes) == ["1", "2", "3A", "3", "4"]
    one, three = scenes["1"], scenes["3"]
    assert (one["location"], one["notes"], one["background"]) == ("L1", "Practical neon", "8 diner patrons")
    assert one["est_time"] == dt.timedelta(hours=1, minutes=30)
    assert three["location"] == "L3" and three["synopsis"].startswith("OMITTED") and "Car rig" in three["notes"]
    assert scenes["3A"]["set"] == "BANK" and tuple(scenes["3A"]["cast"]) == ("5",)
    cast_df = p.tables[CAST.name].df
    assert cast_df["performer"].iloc[0] == "June Carter"
    assert list(cast_df["character"]) == ["ROSIE", "MAYA", "DEAN", "EDDIE", "FRANK"]
    assert p.settings["script_revision"] == "Blue"
    assert load_production(book).settings["script_revision"] == "White"  # the original is untouched
