"""`xlproduction optimize`: propose the stripboard that costs least in hold days and company moves.

Prints the proof status (optimal, or the best found with its lower bound and gap, or infeasible with the
conflicting constraints and their cells), the saving against the current schedule and the change list; while the
solver runs, a progress line shows the best cost found and the bound. Nothing is written unless asked: --write puts
a Proposed Schedule tab into a copy (NAME.optimized.xlsx, or --output); --write --in-place rewrites the workbook's
own Schedule rows (and the Days' locations), atomically, keeping a backup. Infeasible: nothing is written, exit 1.
The solver (OR-Tools) is the optional ``plan`` extra: without it, one line says what to install, exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, TextOrJson, app, err, friendly, out, output_path
from .report_cmds import steps


def _money(x: float) -> str:
    return f"{x:,.0f}"


@app.command()
@friendly
def optimize(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds the solver may take.")] = 60.0,
    write: Annotated[bool, typer.Option("--write", help="Write the proposal: a Proposed Schedule tab in a copy.")]
    = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --write: rewrite the workbook's own Schedule "
                                                              "rows instead (keeps a backup).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path (--write).")] = None,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Propose which scene is shot on which day, in which order, for the least cast hold days and company moves."""
    from ..jobs.optimize import ProblemRefused
    from ..jobs.optimize import optimize as run
    from ..jobs.source import workbook_file
    from ..model.tableupdate import TableUpdateError
    from ..plan import SolverMissing

    if in_place and not write:
        err.print("[red]--in-place goes with --write[/red] (it rewrites the Schedule itself).")
        raise typer.Exit(2)
    target = None
    if write:
        target = path if in_place else output_path(path, output, False, "optimized")
    try:
        with steps() as s:
            source = workbook_file(path, target, backups=backups, progress=s.step)
            task = s.progress.add_task("Solving: no schedule yet", total=None)

            def show(pr: Any) -> None:
                gap = "" if pr.gap is None else f", gap {pr.gap * 100:.1f}%"
                s.progress.update(task, description=f"Solving: best {_money(pr.best or 0)}, bound "
                                                    f"{_money(pr.bound or 0)}{gap}")  # fmt: skip

            result = run(source, time_limit=time_limit, write_tab=write and not in_place, in_place=in_place,
                         progress=show)  # fmt: skip
    except SolverMissing as e:
        err.print(f"[red]{escape(str(e).split(' (')[0])}[/red]")
        raise typer.Exit(2) from None
    except ProblemRefused as e:
        err.print(f"[red]Cannot optimize:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    except TableUpdateError as e:  # --in-place on a table the update cannot be written into as asked
        err.print(f"[red]Cannot write the Schedule:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    if format is TextOrJson.json:
        json.dump(result.as_json(), sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        _print(path, result)
    if not result.found:
        raise typer.Exit(1)


def _print(path: Path, r: Any) -> None:
    from ..changes.present import memo_text

    size = r.size
    out.print(f"{escape(path.name)}: {size.get('strips', 0)} strips on {size.get('days', 0)} days "
              f"({size.get('locked_days', 0)} kept as shot), {size.get('performers', 0)} cast.")  # fmt: skip
    for note in r.notes:
        out.print(f"  {escape(note)}")
    if r.status == "infeasible":
        out.print("[red]Infeasible:[/red] these constraints cannot all hold. Nothing was written.")
        for c in r.conflict:
            cells = f" ({', '.join(c.cells)})" if c.cells else ""
            out.print(f"  - {escape(c.text)}{escape(cells)}")
        if not r.conflict:
            out.print("  (no time was left to find which ones: run again with a longer --time-limit)")
        return
    if not r.found:
        out.print(f"[yellow]No schedule found in {r.seconds:.0f} s[/yellow]: try a longer --time-limit. Nothing was "
                  "written.")  # fmt: skip
        return
    cur, new = r.current_cost, r.cost
    if r.status == "optimal":
        out.print(f"[green]Proven optimal[/green] in {r.seconds:.1f} s.")
    else:
        out.print(f"[yellow]Best found[/yellow] in {r.seconds:.1f} s: lower bound {_money(r.lower_bound or 0)}, gap "
                  f"{(r.gap or 0) * 100:.1f}%.")  # fmt: skip
    out.print(f"Cost {_money(new.total)} (cast {_money(new.cast)}, {new.moves} company moves) against "
              f"{_money(cur.total)} now (cast {_money(cur.cast)}, {cur.moves} moves).")  # fmt: skip
    out.print(f"Saves {_money(r.saving.money)}: hold days {cur.hold_days} → {new.hold_days}, company moves "
              f"{cur.moves} → {new.moves}, dropped days {cur.dropped_days} → {new.dropped_days}.")  # fmt: skip
    if r.current_broken:
        out.print("The current schedule breaks: " + escape("; ".join(r.current_broken[:5])))
    for day, date, strips in r.days:
        out.print(f"  Day {day:>3} {date:%a %d-%b}: {escape(', '.join(strips)) or '—'}")
    if r.new_findings:
        out.print(f"[yellow]The rules find {len(r.new_findings)} new issue(s) on the proposal:[/yellow]")
        for f in r.new_findings[:20]:
            out.print(f"  {f.severity.value} {f.code} {escape(f.location or '')}: {escape(f.message)}")
    else:
        out.print("The schedule, rest and cast rules find nothing new on the proposal.")
    if r.changes is not None and len(r.changes):
        out.print(escape(memo_text(r.changes, affects=False)))
    if r.written is not None:
        out.print(escape(f"Written → {r.written.path}"))
