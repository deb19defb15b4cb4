"""`xlproduction changes OLD NEW`: what changed between two versions of the workbook, as a memo or JSON, and the
Changes tab on request."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, err, friendly, out, output_path


class MemoFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
@friendly
def changes(
    old: Annotated[Path, typer.Argument(help="The earlier version of the workbook (.xlsx).")],
    new: Annotated[Path, typer.Argument(help="The later version (.xlsx).")],
    format: Annotated[MemoFormat, typer.Option("--format", "-f", help="text, json or markdown")] = MemoFormat.text,
    write: Annotated[bool, typer.Option("--write", help="Add the Changes tab to a copy of NEW.")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --write: into NEW itself (keeps a backup).")]
    = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="With --write: the copy's path.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Budget changes smaller than this are not listed "
                                                         "(default: Settings → Budget Change Threshold).")] = None,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """List every change a coordinator announces between two versions of one production — scenes moved, added,
    omitted or reordered, call times, locations, who now works which day, cast and crew, budget and postings — each
    with its day, scene, before and after, who is affected and one sentence. Grouped by shoot day."""
    from ..changes.present import memo_json, memo_markdown, memo_text
    from ..jobs.changes import compare_versions
    from ..jobs.source import workbook_file

    if (in_place or output) and not write:
        err.print("[red]--in-place and --output go with --write.[/red]")
        raise typer.Exit(2)
    target = output_path(new, output, in_place, "changes") if write else None
    result = compare_versions(workbook_file(old), workbook_file(new, target, backups=backups), threshold=threshold,
                              write=write)  # fmt: skip
    cs = result.changes
    for w in cs.warnings:
        err.print(f"[yellow]Warning:[/yellow] {escape(w)}")
    if format is MemoFormat.json:
        sys.stdout.write(memo_json(cs))
    else:
        # The memo is written as plain text (no rich markup: a set called "[BACK LOT]" prints as typed).
        sys.stdout.write(memo_markdown(cs) if format is MemoFormat.markdown else memo_text(cs))
    sys.stdout.flush()
    if result.written is not None:
        out.print(f"Changes tab written to {escape(str(result.written.path))}")
