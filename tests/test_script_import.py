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
