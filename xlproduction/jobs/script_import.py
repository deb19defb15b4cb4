"""The script import job: a screenplay into a production workbook's Scenes, Cast and Settings.

Into a new workbook (written from the template, with the breakdown as its Scenes and Cast) when the workbook does
not exist; into an existing one as a revision (xlproduction.interchange.script.revise: every scene matched, what
the coordinator typed kept, omitted scenes marked, new ones added, every change listed). Nothing is written when
the import cannot be trusted: a file that is not a script, or a script with errors (no scenes, duplicate scene
numbers).

Rows go into the coordinator's own tables through the table-update engine (``workbook/table_update.py``): only
the Scenes, Cast and Settings parts change, everything else in the file stays byte for byte, atomically, into a
copy unless --in-place (which keeps a backup). A build without that engine lists the changes and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..interchange.script import Breakdown, breakdown, read_script
from ..interchange.script.revise import Revision, revise
from ..model.findings import Finding, Severity


class ImportRefused(ValueError):
    """The script has errors: nothing is written. ``findings`` says what to fix."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


class WritingNotAvailable(RuntimeError):
    """Writing into an existing workbook's tables needs the table-update engine, which this build lacks."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    breakdown: Breakdown
    revision: Revision
    target: Path | None  # the workbook written, None when nothing was written
    created: bool  # a new workbook from the template
    findings: list[Finding] = field(default_factory=list)


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


def plan_import(script: str | Path, workbook: str | Path, *, paper: str | None = None,
                today: dt.date | None = None) -> tuple[Breakdown, Revision, bool]:  # fmt: skip
    """Read the script and (when it exists) the workbook, and compute what the import changes: (breakdown,
    revision, whether the workbook is new). ``ImportRefused`` when the script has errors."""
    workbook = Path(workbook)
    exists = workbook.exists()
    settings: dict[str, Any] = {}
    old_scenes: list[dict[str, Any]] = []
    old_cast: list[dict[str, Any]] = []
    scheduled: dict[str, list[object]] = {}
    if exists:
        from ..model.contract import CAST, SCENES, SCHEDULE
        from ..workbook.reader import load_production

        p = load_production(workbook, tables=[SCENES.name, CAST.name, SCHEDULE.name])
        settings = dict(p.settings)
        old_scenes = table_rows(p.tables[SCENES.name])
        old_cast = table_rows(p.tables[CAST.name])
        for row in table_rows(p.tables[SCHEDULE.name]):
            if row.get("scene") is not None:
                scheduled.setdefault(str(row["scene"]), []).append(row.get("day"))
    result = breakdown(read_script(script), paper or settings.get("paper_size"))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        raise ImportRefused(f"{Path(script).name} has {len(errors)} error(s): nothing was written.", errors)
    colours = settings.get("revision_colours") or ()
    revision = revise(old_scenes, old_cast, result, scheduled=scheduled,
                      current_revision=settings.get("script_revision") if old_scenes else None,
                      **({"colours": tuple(colours)} if colours else {}), today=today)  # fmt: skip
    return result, revision, not exists


def import_script(script: str | Path, workbook: str | Path, *, output: str | Path | None = None,
                  paper: str | None = None, today: dt.date | None = None, backups: int | None = None,
                  dry_run: bool = False) -> ImportResult:  # fmt: skip
    """Import ``script`` into ``workbook`` and write the result to ``output`` (the workbook itself for
    --in-place). A new workbook is written from the template when ``workbook`` does not exist."""
    result, revision, new = plan_import(script, workbook, paper=paper, today=today)
    target = Path(output) if output is not None else Path(workbook)
    if dry_run:
        return ImportResult(result, revision, None, new, list(result.findings))
    if new:
        from ..model.contract import CAST, SCENES
        from ..model.tabledata import ProductionData
        from ..workbook.writer import write_workbook

        settings = dict(revision.settings)
        settings["paper_size"] = result.paper
        data = ProductionData(settings, {SCENES.name: _scene_rows(revision.scenes), CAST.name: revision.cast})
        write_workbook(target, data)
        return ImportResult(result, revision, target, True, list(result.findings))
    try:  # the table-update engine (issue "tables"): rows into the user's own tables, everything else kept
        from ..workbook.table_update import SettingValues, TableRows, update_tables
    except ImportError:
        raise WritingNotAvailable(
            "Writing a revision into an existing workbook needs xlproduction's table-update engine, which this "
            "version does not have yet. The changes are listed above; nothing was written. Import into a new "
            "workbook (a path that does not exist) to get the breakdown now.") from None
    from ..model.contract import CAST, SCENES
    from ..workbook.safe_write import DEFAULT_BACKUPS

    update_tables(Path(workbook), target, [TableRows(SCENES.name, _scene_rows(revision.scenes)),
                                           TableRows(CAST.name, revision.cast),
                                           SettingValues(revision.settings)],
                  backups=DEFAULT_BACKUPS if backups is None else backups)  # fmt: skip
    return ImportResult(result, revision, target, False, list(result.findings))


def _scene_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blank I/E and D/N stay blank cells (a finding said why), not empty strings."""
    return [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]
