"""`xlproduction script breakdown`: a screenplay's breakdown from the command line.

Reads a Fountain or Final Draft (.fdx) file, lays it out on the page, and prints one row per scene (number, I/E,
set, D/N, eighths, page, speaking characters, synopsis) and the cast numbered by scene count, as a table or as the
documented JSON. A file that is not a script (PDF, Word, binary, unsafe XML) exits 2 with what to export instead;
findings (no scenes, headings without INT/EXT, duplicate scene numbers…) are listed, and errors among them exit 1.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..model.findings import Severity
from ..model.pages import format_pages
from .common import app, err, friendly, out

if TYPE_CHECKING:
    from ..interchange.script import Breakdown

script_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Screenplays (Fountain, Final Draft .fdx) into the breakdown.")  # fmt: skip
app.add_typer(script_app, name="script")


class Format(StrEnum):
    table = "table"
    json = "json"


class PaperSize(StrEnum):
    letter = "letter"
    a4 = "a4"


PAPER_HELP = "Paper the page eighths are counted on (default: what the file says, else US Letter)."


@script_app.command("breakdown")
@friendly
def breakdown_cmd(
    script: Annotated[Path, typer.Argument(help="The screenplay: Fountain (.fountain, .txt) or Final Draft (.fdx).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="table or json")] = Format.table,
    paper: Annotated[PaperSize | None, typer.Option(help=PAPER_HELP)] = None,
) -> None:
    """Print the script's breakdown: scenes with I/E, set, D/N, eighths and speaking cast; cast IDs by scene count."""
    from ..interchange.script import ScriptUnreadable, breakdown, read_script

    try:
        result = breakdown(read_script(script), paper.value if paper else None)
    except ScriptUnreadable as e:
        err.print(f"[red]Cannot read the script:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    findings = sorted(result.findings, key=lambda f: (f.severity.rank, f.row or 0))
    if format is Format.json:
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        for f in findings:  # stdout holds exactly the documented JSON; findings go to stderr
            err.print(f"{f.severity.value}: {f.code} {escape(f.message)}")
    else:
        _print_table(result)
        for f in findings:
            colour = {Severity.ERROR: "red", Severity.WARNING: "yellow"}.get(f.severity, "blue")
            out.print(f"[{colour}]{f.severity.value}[/{colour}] {f.code} {escape(f.message)}"
                      + (f" Fix: {escape(f.hint)}" if f.hint else ""))
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


def _print_table(result: Breakdown) -> None:
    title = result.title or result.source
    t = RichTable(title=escape(title), header_style="bold", show_lines=False)
    for h in ("Scene", "I/E", "Set", "D/N", "Pages", "Page", "Characters", "Synopsis"):
        t.add_column(h, overflow="fold")
    for s in result.scenes:
        pages = format_pages(s.eighths) + ("" if not s.estimated else " ~")
        t.add_row(escape(s.scene), s.ie, escape(s.set), s.dn, pages, escape(s.script_page),
                  escape(", ".join(s.characters)), escape(s.synopsis))  # fmt: skip
    out.print(t)
    c = RichTable(title="Cast", header_style="bold")
    for h in ("Cast ID", "Character", "Scenes", "Also called"):
        c.add_column(h)
    for ch in result.characters:
        c.add_row(ch.cast_id, escape(ch.name), str(ch.scenes), escape(", ".join(ch.aliases)))
    if result.characters:
        out.print(c)
    if result.suggestions:
        names = ", ".join(f"{s.name} ({', '.join(s.scenes)})" for s in result.suggestions[:30])
        out.print(f"Named in capitals but never speaking (cast, background or props?): {escape(names)}")
    estimated = any(s.estimated for s in result.scenes)
    out.print(f"{len(result.scenes)} scenes, {format_pages(result.eighths)} pages "
              f"({result.page_count} printed pages on {result.paper})"
              + ("; ~ = eighths estimated by laying the script out, not given by the file." if estimated else "."))
