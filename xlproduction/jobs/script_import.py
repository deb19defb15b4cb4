"""The script import job: a screenplay into a production workbook's Scenes, Cast and Settings.

Into a new workbook (written from the template, with the breakdown as its Scenes and Cast) when the workbook does
not exist; into an existing one as a revision (xlproduction.interchange.script.revise: every scene matched, what
the coordinator typed kept, omitted scenes marked, new ones added, every change listed). Nothing is written when
the import cannot be trusted: a file that is not a script, or a script with errors (no scenes, duplicate scene
numbers).

Rows go into the coordinator's own tables through the source's engine (``Source.write_tables``: for a file,
``workbook/table_update.py``, where only the Scenes, Cast and Settings parts change and everything else stays byte
for byte, atomically, into a copy unless --in-place, which keeps a backup; for the open workbook,
``excel/table_write.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..changes import ChangeSet, compare
from ..interchange.script import Breakdown, breakdown, read_script
from ..interchange.script.revise import Revision, revise
from ..model.contract import CAST, CAST_EVENTS, DAYS, ELEMENTS, SCENES, SCHEDULE
from ..model.findings import Finding, Severity
from ..model.production import Production, with_rows
from .source import Source


class ImportRefused(ValueError):
    """The script has errors: nothing is written. ``findings`` says what to fix."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


@dataclass(frozen=True, slots=True)
class ImportResult:
    breakdown: Breakdown
    revision: Revision
    target: Path | str | None  # the workbook written (its name when open in Excel), None when nothing was written
    created: bool  # a new workbook from the template
    findings: list[Finding] = field(default_factory=list)
    # What the revision changes, as the change memo and publishing announce it (None for a new workbook).
    changes: ChangeSet | None = None


def table_rows(table: Any) -> list[dict[str, Any]]:
    """A typed table's rows as plain dicts (NaN and NaT as None), without the reader's row numbers."""
    import pandas as pd

    out = []
    for rec in table.df.to_dict("records"):
        row = {}
        for k, v in rec.items():
            if k.startswith("_"):
                continue
            if v is pd.NaT or (isinstance(v, float) and v != v):
                v = None
            row[k] = v
        out.append(row)
    return out


def _current(p: Production | None) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]],
                                           dict[str, list[object]]]:  # fmt: skip
    """Settings, Scenes rows, Cast rows and each scene's scheduled days of the workbook (empty for a new one)."""
    if p is None:
        return {}, [], [], {}
    scheduled: dict[str, list[object]] = {}
    for row in table_rows(p.tables[SCHEDULE.name]) if SCHEDULE.name in p.tables else []:
        if row.get("scene") is not None:
            scheduled.setdefault(str(row["scene"]), []).append(row.get("day"))
    scenes = table_rows(p.tables[SCENES.name]) if SCENES.name in p.tables else []
    cast = table_rows(p.tables[CAST.name]) if CAST.name in p.tables else []
    return dict(p.settings), scenes, cast, scheduled


def plan_import(script: str | Path, p: Production | None, *, paper: str | None = None,
                today: dt.date | None = None) -> tuple[Breakdown, Revision]:  # fmt: skip
    """Read the script and compute what importing it into the production ``p`` (None: a new workbook) changes.
    ``ImportRefused`` when the script has errors."""
    settings, old_scenes, old_cast, scheduled = _current(p)
    result = breakdown(read_script(script), paper or settings.get("paper_size"))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        raise ImportRefused(f"{Path(script).name} has {len(errors)} error(s): nothing was written.", errors)
    colours = settings.get("revision_colours") or ()
    revision = revise(old_scenes, old_cast, result, scheduled=scheduled,
                      current_revision=settings.get("script_revision") if old_scenes else None,
                      **({"colours": tuple(colours)} if colours else {}), today=today)  # fmt: skip
    return result, revision


def import_script_into(script: str | Path, source: Source, *, paper: str | None = None,
                       today: dt.date | None = None, dry_run: bool = False) -> ImportResult:  # fmt: skip
    """A revision of the workbook ``source``: Scenes, Cast and the script revision in Settings rewritten."""
    from ..model.tableupdate import SettingValues, TableRows

    with source.step(f"Reading {source.name}"):
        # Days and Cast Events too: the change memo names days by date and tells who now works which day.
        p = source.read([SCENES.name, CAST.name, SCHEDULE.name, DAYS.name, CAST_EVENTS.name, ELEMENTS.name])
    with source.step(f"Reading {Path(script).name}"):
        result, revision = plan_import(script, p, paper=paper, today=today)
        after = with_rows(with_rows(p, SCENES.name, _scene_rows(revision.scenes)), CAST.name, revision.cast,
                          revision.settings)  # fmt: skip
        changes = compare(p, after)
    if dry_run:
        return ImportResult(result, revision, None, False, list(result.findings), changes)
    updates: list[Any] = [TableRows(SCENES.name, _scene_rows(revision.scenes)), TableRows(CAST.name, revision.cast),
                          SettingValues(revision.settings)]
    old_elements = table_rows(p.tables[ELEMENTS.name]) if ELEMENTS.name in p.tables else []
    elements = tag_elements(result, old_elements)
    if len(elements) != len(old_elements):
        updates.append(TableRows(ELEMENTS.name, elements))
    with source.step("Writing Scenes, Cast and Settings"):
        written = source.write_tables(updates)
    return ImportResult(result, revision, written.path or source.name, False, list(result.findings), changes)


def new_workbook_from_script(script: str | Path, target: str | Path, *, paper: str | None = None,
                             today: dt.date | None = None, dry_run: bool = False) -> ImportResult:  # fmt: skip
    """A new production workbook from the template with the script's breakdown as its Scenes and Cast."""
    from ..model.tabledata import ProductionData
    from ..workbook.writer import write_workbook

    result, revision = plan_import(script, None, paper=paper, today=today)
    if dry_run:
        return ImportResult(result, revision, None, True, list(result.findings))
    settings = dict(revision.settings)
    settings["paper_size"] = result.paper
    data = ProductionData(settings, {SCENES.name: _scene_rows(revision.scenes), CAST.name: revision.cast,
                                     ELEMENTS.name: tag_elements(result, [])})
    return ImportResult(result, revision, write_workbook(Path(target), data), True, list(result.findings))


def import_script(script: str | Path, workbook: str | Path, *, output: str | Path | None = None,
                  paper: str | None = None, today: dt.date | None = None, backups: int | None = None,
                  dry_run: bool = False) -> ImportResult:  # fmt: skip
    """On files: ``script`` into ``workbook`` written to ``output`` (the workbook itself by default, keeping a
    backup), or into a new workbook from the template when ``workbook`` does not exist."""
    workbook = Path(workbook)
    if not workbook.exists():
        return new_workbook_from_script(script, workbook, paper=paper, today=today, dry_run=dry_run)
    from .source import workbook_file

    source = workbook_file(workbook, Path(output) if output is not None else workbook, backups=backups)
    return import_script_into(script, source, paper=paper, today=today, dry_run=dry_run)


def tag_elements(result: Breakdown, old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Elements rows after the script's production tags (Final Draft's TagData: props, vehicles, wardrobe…):
    ``old`` as it is, plus each tag a scene does not have yet, under its category's UCID name. Tags are added, never
    removed (the coordinator may have broken the scene down further); cast members are the Cast table's."""
    from ..model.elements import CAST as CAST_UCID
    from ..model.elements import parse_category

    have = {(str(r.get("scene") or "").strip().casefold(), parse_category(r.get("category")).ucid,
             parse_category(r.get("category")).name.casefold(), str(r.get("element") or "").strip().casefold())
            for r in old}  # fmt: skip
    out = list(old)
    for sc in result.scenes:
        for category, label in sc.elements:
            cat = parse_category(category or "Other")
            if cat.ucid == CAST_UCID or not label.strip():
                continue
            key = (sc.scene.casefold(), cat.ucid, cat.name.casefold(), label.strip().casefold())
            if key not in have:
                have.add(key)
                out.append({"scene": sc.scene, "category": cat.label, "element": label.strip(), "notes": None})
    return out


def _scene_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blank I/E and D/N stay blank cells (a finding said why), not empty strings."""
    return [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]
