"""`xlproduction new`, `templates` and `demo`: making production workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import app, err, friendly, out


@app.command()
@friendly
def new(
    path: Annotated[Path, typer.Argument(help="Where to write the new workbook (.xlsx).")],
    sample: Annotated[bool, typer.Option("--sample", help="Fill it with the sample production.")] = False,
    size: Annotated[str | None, typer.Option(help="Generate a production of size S, L or XL.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a blank production workbook, the sample production, or a generated one."""
    from ..jobs.templates import new_workbook

    if path.exists() and not force:
        err.print(f"[red]{path} exists.[/red] Choose another name or add --force to overwrite it.")
        raise typer.Exit(2)
    if size is not None and size.upper() not in {"S", "L", "XL"}:
        err.print(f"[red]Unknown size {size!r}.[/red] Use S, L or XL.")
        raise typer.Exit(2)
    new_workbook(path, size.upper() if size else ("sample" if sample else None))
    kind = f"{size.upper()} production" if size else ("sample production" if sample else "blank production workbook")
    out.print(f"Wrote {kind} to {path}")


@app.command()
@friendly
def templates(check_only: Annotated[bool, typer.Option("--check", help="Only say whether they are stale.")] = False,
              ) -> None:  # fmt: skip
    """Rebuild the committed workbook templates (workbook_templates/)."""
    from ..jobs.templates import TEMPLATE_DIR, rebuild_templates, templates_are_current

    if check_only:
        stale = templates_are_current(TEMPLATE_DIR)
        if stale:
            err.print(f"Stale: {', '.join(stale)}. Run: xlproduction templates")
            raise typer.Exit(1)
        out.print("Templates are current.")
        return
    for p in rebuild_templates(TEMPLATE_DIR):
        out.print(f"Wrote {p}")


@app.command()
@friendly
def demo(directory: Annotated[Path, typer.Argument(help="Folder for the demo files.")] = Path("demo")) -> None:
    """Run the main jobs on the sample production: write it, summarise it, check it (and a broken copy)."""
    from ..jobs.demo import run_demo

    raise typer.Exit(run_demo(directory, out))
