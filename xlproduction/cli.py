"""The ``xlproduction`` command line: the same jobs as the ribbon buttons, on .xlsx files, without Excel.

Every command reads the workbook once, never modifies it unless told to (``--in-place``, which keeps a
timestamped backup and writes atomically), and reports problems as findings with sheet and cell. Exit codes:
0 done / clean, 1 errors found, 2 the workbook could not be read or written. A coordinator never sees a
traceback: unexpected failures are reported in one line with what to do.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable

from .findings import Finding, Severity

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Checks, call sheets and reports for a film/TV production workbook.")  # fmt: skip
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into one clear line and exit code 2, never a traceback."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from .workbook.reader import WorkbookUnreadable

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except WorkbookUnreadable as e:
            err.print(f"[red]Cannot read the workbook:[/red] {e}")
            raise typer.Exit(2) from None
        except PermissionError as e:
            err.print(f"[red]Cannot write {e.filename}:[/red] it is open in Excel or read-only. Close it and retry.")
            raise typer.Exit(2) from None
        except OSError as e:
            err.print(f"[red]File problem:[/red] {e.strerror or e} ({e.filename or ''}).")
            raise typer.Exit(2) from None
        except Exception as e:  # the last line of defence; the message names the error for a bug report
            err.print(f"[red]xlproduction failed:[/red] {type(e).__name__}: {e}. Nothing was written. "
                      "Please report this to the xlproduction developers.")
            raise typer.Exit(2) from None

    return run


def _output_path(path: Path, output: Path | None, in_place: bool, suffix: str) -> Path:
    if in_place:
        return path
    return output or path.with_name(f"{path.stem}.{suffix}{path.suffix}")


def print_findings(findings: list[Finding], limit: int | None = None) -> None:
    colours = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
    t = RichTable(show_lines=False, header_style="bold")
    for h in ("Severity", "Code", "Where", "Message", "Fix"):
        t.add_column(h, overflow="fold")
    for f in findings[:limit]:
        c = colours[f.severity]
        t.add_row(f"[{c}]{f.severity.value}[/{c}]", f.code, f.location or (f.table or ""), f.message, f.hint)
    out.print(t)
    if limit is not None and len(findings) > limit:
        out.print(f"… and {len(findings) - limit} more (see the Issues tab or --format json).")


# --- commands ----------------------------------------------------------------------------------------------------


@app.command()
@friendly
def new(
    path: Annotated[Path, typer.Argument(help="Where to write the new workbook (.xlsx).")],
    sample: Annotated[bool, typer.Option("--sample", help="Fill it with the sample production.")] = False,
    size: Annotated[str | None, typer.Option(help="Generate a production of size S, L or XL.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a blank production workbook, the sample production, or a generated one."""
    from .workbook.writer import write_workbook

    if path.exists() and not force:
        err.print(f"[red]{path} exists.[/red] Choose another name or add --force to overwrite it.")
        raise typer.Exit(2)
    data = None
    if sample or size:
        from .sample import generate_production

        data = generate_production(size.upper() if size else "sample")
    write_workbook(path, data)
    kind = f"{size.upper()} production" if size else ("sample production" if sample else "blank production workbook")
    out.print(f"Wrote {kind} to {path}")


@app.command()
@friendly
def check(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    write: Annotated[bool, typer.Option("--write", help="Write the Issues tab (into a copy).")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --write: into the workbook itself.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="With --write: the copy's path.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to print in text format.")] = 200,
) -> None:
    """Cross-validate the workbook and list every problem with the cell to fix. Exit 1 when errors are found."""
    from .checks import run_checks
    from .checks.engine import counts, findings_frame
    from .reports.issues import issues_sheet, summary
    from .workbook.reader import load_production
    from .workbook.render import write_sheets

    p = load_production(path)
    findings = run_checks(p)
    target = None
    if write:
        target = write_sheets(path, _output_path(path, output, in_place, "checked"), [issues_sheet(findings, p)])
    if format == "json":
        records = json.loads(findings_frame(findings).to_json(orient="records"))
        json.dump({"file": str(path), "counts": counts(findings), "findings": records,
                   "written": str(target) if target else None}, sys.stdout, indent=2)  # fmt: skip
        sys.stdout.write("\n")
    else:
        if findings:
            print_findings(findings, limit)
        out.print(f"{path.name}: {summary(findings)}")
        if target:
            out.print(f"Issues tab written to {target}")
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


@app.command()
@friendly
def rules(write: Annotated[Path | None, typer.Option(help="Write the rules documentation here.")] = None) -> None:
    """List the rules (or write docs/rules.md)."""
    from .checks import ALL_RULES
    from .checks.docs import rules_markdown

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


@app.command()
@friendly
def templates(check_only: Annotated[bool, typer.Option("--check", help="Only say whether they are stale.")] = False,
              ) -> None:  # fmt: skip
    """Rebuild the committed workbook templates (workbook_templates/)."""
    from .workbook.templates import TEMPLATE_DIR, rebuild_templates, templates_are_current

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
    from .demo import run_demo

    code = run_demo(directory, out)
    raise typer.Exit(code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
