"""`xlproduction budget compare|export|import`: budget versions and the exchange file finance loads.

Same write rules as every command: the workbook changes only with --in-place (atomic, with a backup); otherwise an
import goes into NAME.imported.xlsx and the Compare tab into NAME.compare.xlsx beside the second workbook. An
exchange file that cannot be read writes nothing and says which line and column to fix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..model.numformats import money_text
from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, TextOrJson, app, err, friendly, out, output_path
from .report_cmds import steps

budget_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Budget versions and the tab-delimited exchange file (Movie Magic's detail layout).")
app.add_typer(budget_app, name="budget")

SHOWN_LINES = 40  # changed lines printed by the text report; --format json and the Compare tab have them all


@budget_app.command("compare")
@friendly
def compare_cmd(
    a: Annotated[Path, typer.Argument(help="The earlier budget version (.xlsx).")],
    b: Annotated[Path, typer.Argument(help="The later budget version (.xlsx).")],
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = TextOrJson.text,
    write: Annotated[bool, typer.Option("--write", help="Also write a Budget Compare tab into a copy of B.")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --write: into B itself (keeps a backup).")]
    = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="With --write: the copy's path.")] = None,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Per account and category: A, B and the difference, with the lines that changed."""
    from ..jobs.budget_compare import compare
    from ..jobs.source import workbook_file

    target = output_path(b, output, in_place, "compare") if write else None
    with steps() as s:
        result = compare(workbook_file(a, progress=s.step), workbook_file(b, target, backups=backups, progress=s.step),
                         write_tab=write)  # fmt: skip
    r = result.comparison
    if fmt is TextOrJson.json:
        out.print_json(json.dumps(r.as_dict(), default=str))
    else:
        ga, gb = r.grand
        out.print(escape(f"{a.name} → {b.name} ({r.currency}): grand total {money_text(ga)} → {money_text(gb)} "
                         f"({'+' if gb >= ga else '-'}{money_text(abs(gb - ga))})."))  # fmt: skip
        for c in r.categories.to_dict("records"):
            if c["category"] != "TOTAL":
                out.print(escape(f"  {c['category']:<10} {money_text(c['a']):>16} {money_text(c['b']):>16} "
                                 f"{money_text(c['diff']):>14}  {c['title']}"))  # fmt: skip
        moved = r.accounts[r.accounts["diff"].abs() >= 0.005]
        out.print(f"{len(moved)} account{'s' if len(moved) != 1 else ''} moved:")
        for x in moved.to_dict("records"):
            out.print(escape(f"  {x['account']:<10} {money_text(x['a']):>16} {money_text(x['b']):>16} "
                             f"{money_text(x['diff']):>14}  {x['name']}"))  # fmt: skip
        out.print(f"{len(r.lines)} line{'s' if len(r.lines) != 1 else ''} changed:")
        for x in r.lines.head(SHOWN_LINES).to_dict("records"):
            what = f" ({x['what']})" if x["what"] else ""
            out.print(escape(f"  {x['status']:<8} {x['account']:<8} {x['description']}: {money_text(x['a'])} → "
                             f"{money_text(x['b'])}{what}"))  # fmt: skip
        if len(r.lines) > SHOWN_LINES:
            out.print(f"  … and {len(r.lines) - SHOWN_LINES} more (--format json, or --write for the Compare tab).")
    if result.written is not None:
        out.print(escape(f"Budget Compare tab → {result.written.path}"))


@budget_app.command("export")
@friendly
def export_cmd(
    workbook: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    target: Annotated[Path, typer.Argument(help="The exchange file to write (.txt, tab-delimited).")],
    details_only: Annotated[bool, typer.Option("--details-only", help="Detail lines only: no fringe, global, "
                                                                      "currency, charge or setting rows.")] = False,
    currency: Annotated[str | None, typer.Option("--currency", help="Only the lines in this currency, their totals "
                                                                    "in it (one currency per file).")] = None,
) -> None:
    """Write the budget as the tab-delimited detail layout accounting systems load (our layout, not MMB's file)."""
    from ..jobs.budget_export import export_budget
    from ..jobs.source import workbook_file

    if target.suffix.lower() == ".xlsx":
        err.print(f"[red]{escape(target.name)}:[/red] the exchange file is tab-delimited text: name it .txt.")
        raise typer.Exit(2)
    with steps() as s:
        result = export_budget(workbook_file(workbook, progress=s.step), target, details_only=details_only,
                               currency=currency)  # fmt: skip
    out.print(escape(f"{result.lines} budget lines written to {result.path}."))


@budget_app.command("import")
@friendly
def import_cmd(
    file: Annotated[Path, typer.Argument(help="The exchange file (.txt, tab-delimited).")],
    workbook: Annotated[Path, typer.Argument(help="The production workbook (.xlsx) to import into.")],
    in_place: Annotated[bool, typer.Option("--in-place", help="Write into the workbook itself (keeps a backup).")]
    = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Write nothing when a figure of the file disagrees with "
                                                          "the recomputation.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and check the file; write nothing.")] = False,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Import an exchange file: the Budget rows (and, unless it is detail lines only, the fringes, globals,
    currencies, charges and budget settings); every figure is recomputed and disagreeing lines are listed."""
    from ..interchange.budget import BudgetFileError
    from ..jobs.budget_import import BudgetImportRefused, import_budget
    from ..model.tableupdate import TableUpdateError

    target = output_path(workbook, output, in_place, "imported")
    try:
        result = import_budget(file, workbook, target, backups=backups, strict=strict, dry_run=dry_run)
    except (BudgetFileError, BudgetImportRefused, TableUpdateError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2) from None
    bf = result.file
    out.print(escape(f"{file.name}: {len(bf.lines)} budget lines, {len(bf.accounts)} accounts, {len(bf.fringes)} "
                     f"fringes, {len(bf.globals)} globals, {len(bf.currencies)} currencies, {len(bf.charges)} "
                     f"charges."))  # fmt: skip
    if result.disagreements:
        out.print(f"[yellow]{len(result.disagreements)} figure{'s' if len(result.disagreements) != 1 else ''} of the "
                  "file disagree with the recomputation[/yellow] (the workbook shows the recomputed figures):")
        for d in result.disagreements[:SHOWN_LINES]:
            out.print(escape(f"  {d.text()}"))
        if len(result.disagreements) > SHOWN_LINES:
            out.print(f"  … and {len(result.disagreements) - SHOWN_LINES} more.")
    else:
        out.print("Every figure of the file agrees with the recomputation.")
    if result.written is not None:
        out.print(escape(f"{', '.join(result.tables)} → {result.written}"))
    raise typer.Exit(1 if result.disagreements else 0)
