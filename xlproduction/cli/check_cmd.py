"""`xlproduction check` and `xlproduction rules`: cross-validation from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, friendly, out, output_path, print_findings


@app.command()
@friendly
def check(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    write: Annotated[bool, typer.Option("--write", help="Write the Issues tab (into a copy).")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --write: into the workbook itself.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="With --write: the copy's path.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to print in text format.")] = 200,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Cross-validate the workbook and list every problem with the cell to fix. Exit 1 when errors are found."""
    from ..checks.engine import counts, findings_frame
    from ..jobs.check import check as check_job
    from ..jobs.source import workbook_file
    from ..reports.issues import summary

    target = output_path(path, output, in_place, "checked") if write else None
    result = check_job(workbook_file(path, target, backups=backups), write=write)
    findings = result.findings
    written = result.written.path if result.written else None
    if format == "json":
        records = json.loads(findings_frame(findings).to_json(orient="records"))
        json.dump({"file": str(path), "counts": counts(findings), "findings": records,
                   "written": str(written) if written else None}, sys.stdout, indent=2)  # fmt: skip
        sys.stdout.write("\n")
    else:
        if findings:
            print_findings(findings, limit)
        out.print(f"{escape(path.name)}: {summary(findings)}")
        if written:
            out.print(f"Issues tab written to {escape(str(written))}")
    if result.has_errors:
        raise typer.Exit(1)


@app.command()
@friendly
def rules(write: Annotated[Path | None, typer.Option(help="Write the rules documentation here.")] = None) -> None:
    """List the rules (or write docs/rules.md)."""
    from ..checks import ALL_RULES
    from ..checks.docs import rules_markdown

    if write:
        write.write_text(rules_markdown(), encoding="utf-8")
        out.print(f"Wrote {write}")
        return
    t = RichTable(header_style="bold")
    for h in ("Code", "Name", "Severity", "Description"):
        t.add_column(h)
    for r in ALL_RULES:
        t.add_row(r.code, r.name, r.info.severity.value, r.info.description)
    out.print(t)
