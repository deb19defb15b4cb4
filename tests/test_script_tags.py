"""The script import fills the breakdown beyond Scenes and Cast: Final Draft's production tags become Elements
rows under their UCID category, added again never twice, and each scene's starting script page is recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlproduction.jobs.script_import import import_script
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.table_update import TableRows, update_tables

FDX = Path(__file__).parent / "fixtures" / "scripts" / "rosies.fdx"


def _elements(path: Path) -> list[tuple[str, str, str, str | None]]:
    df = load_production(path).df("Elements")
    return [(r["scene"], r["category"], r["element"], None if r["notes"] is None or r["notes"] != r["notes"]
             else r["notes"]) for r in df.to_dict("records")]  # fmt: skip


def test_fdx_tags_become_elements_and_pages_are_kept(tmp_path: Path) -> None:
    book = tmp_path / "rosies.xlsx"
    import_script(FDX, book, today=dt.date(2027, 2, 1))
    p = load_production(book)
    got = _elements(book)
    assert sorted((c, e) for _, c, e, _ in got) == [("Props", "cash box"), ("Vehicles", "pickup truck")]
    scenes = {r["scene"]: r for r in p.scenes.to_dict("records")}
    assert all(isinstance(r["script_page"], str) and r["script_page"] for r in scenes.values())
    # The coordinator notes an element; the next draft's import adds nothing twice and keeps the note.
    rows = [{"scene": s, "category": c, "element": e, "notes": "Hero prop" if e == "cash box" else n}
            for s, c, e, n in got]  # fmt: skip
    update_tables(book, book, [TableRows("Elements", rows)], backups=0)
    import_script(FDX, book, today=dt.date(2027, 2, 8), backups=0)
    assert sorted(_elements(book)) == sorted((s, c, e, "Hero prop" if e == "cash box" else n) for s, c, e, n in got)
