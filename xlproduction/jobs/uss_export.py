"""Export USS: the production's breakdown, stripboard and calendar as a Universal Schedule Standard file (the job
behind `xlproduction export uss` and the Export USS button).

The file is validated against the USS 1.0.0 schema before it is written: a file that other schedulers would refuse
is never saved (that would be a bug here, reported as such). The validator's parity warnings, and what the file
cannot say as the workbook does (a day without a date…), come back with the result.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..interchange.uss.export import EXPORT_TABLES, to_uss
from ..interchange.uss.validate import ROOT, Problem, validate
from ..model.production import Production
from .source import Source

COMMAND = "xlproduction export uss WORKBOOK.xlsx SCHEDULE.uss"


class UssExportError(Exception):
    """The file would not be valid USS; nothing was written."""


@dataclass(frozen=True)
class UssExportResult:
    path: Path
    production: Production
    breakdowns: int
    days: int
    warnings: list[str] = field(default_factory=list)
    parity: list[Problem] = field(default_factory=list)


def uss_text(doc: dict[str, Any]) -> str:
    """The file's text: UTF-8 JSON with each breakdown, category, element, stripboard and calendar on a line of its
    own — diffable between two exports, and written by the C encoder (an indented dump takes Python's, ~10× slower
    on a season)."""

    def dump(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))

    parts = []
    for k, v in doc[ROOT].items():
        if isinstance(v, list) and v:
            parts.append(f"{dump(k)}:[\n" + ",\n".join(map(dump, v)) + "\n]")
        else:
            parts.append(f"{dump(k)}:{dump(v)}")
    return "{" + dump(ROOT) + ":{\n" + ",\n".join(parts) + "\n}}\n"


def export_uss(source: Source, target: Path | None = None, *, now: dt.datetime | None = None) -> UssExportResult:
    """Write the production as USS 1.0.0 to ``target`` (default: ``<workbook> schedule.uss`` beside it)."""
    from ..workbook.safe_write import atomic_save

    target = target or source.file_beside(" schedule.uss", "USS schedule", COMMAND)
    with source.step(f"Reading {source.name}"):
        p = source.read(EXPORT_TABLES)
    with source.step("Building the schedule"):
        out = to_uss(p, now=now)
    with source.step("Validating against USS 1.0.0"):
        report = validate(out.doc, fast=True)
    if report.errors:
        shown = "; ".join(f"{e.path}: {e.message}" for e in report.errors[:3])
        raise UssExportError(f"The schedule would not be valid USS 1.0.0 ({len(report.errors)} errors: {shown}). "
                             "Nothing was written. Please report this to the xlproduction developers.")
    data = uss_text(out.doc).encode("utf-8")
    with source.step(f"Writing {target.name}"):
        written = atomic_save(lambda tmp: Path(tmp).write_bytes(data), Path(target))
    return UssExportResult(written, p, out.breakdowns, out.days, out.warnings, list(report.warnings))
