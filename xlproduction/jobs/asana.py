"""Export Asana: the open prep tasks as a CSV for Asana's importer (the job behind `xlproduction export asana`).

``since``: the previous export's CSV; its tasks are left out, since Asana's import only ever adds tasks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..interchange.tasks.asana import HEADER, AsanaRows, asana_rows, previous_keys
from .source import Source

COMMAND = "xlproduction export asana WORKBOOK.xlsx TASKS.csv"


@dataclass(frozen=True)
class AsanaResult:
    path: Path
    rows: AsanaRows


def csv_bytes(rows: AsanaRows) -> bytes:
    """UTF-8 without a byte-order mark (Asana's web importer reads the first header as Name only without one);
    formula-like text quoted, as every CSV xlproduction writes."""
    from ..workbook.safety import csv_text

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\r\n")
    w.writeheader()
    for r in rows.rows:
        w.writerow({k: csv_text(v) for k, v in r.items()})
    return buf.getvalue().encode("utf-8")


def export_asana(source: Source, target: Path, since: Path | None = None) -> AsanaResult:
    from ..workbook.safe_write import atomic_save

    skip: set[str] = set()
    if since is not None:
        skip = previous_keys(Path(since).read_text(encoding="utf-8-sig"))
    with source.step(f"Reading {source.name}"):
        p = source.read(("Tasks",))
    rows = asana_rows(p, skip)
    data = csv_bytes(rows)
    with source.step(f"Writing {Path(target).name}"):
        written = atomic_save(lambda tmp: Path(tmp).write_bytes(data), Path(target))
    return AsanaResult(written, rows)
