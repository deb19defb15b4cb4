"""What every command shares: the Typer app, consoles, the no-traceback wrapper and findings printing.

The ``xlproduction`` command line runs the same jobs as the ribbon buttons, on .xlsx files, without Excel.

Every command reads the workbook once, never modifies it unless told to (``--in-place``, which keeps a
timestamped backup and writes atomically), and reports problems as findings with sheet and cell. Exit codes:
0 done / clean, 1 errors found, 2 the workbook could not be read or written. A coordinator never sees a
traceback: unexpected failures are reported in one line with what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ..model.findings import Finding, Severity
from ..model.privacy import redact


class TextOrJson(StrEnum):
    """--format of the commands that print a report for people or JSON for scripts."""

    text = "text"
    json = "json"


app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Checks, call sheets and reports for a film/TV production workbook.")  # fmt: skip
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into one clear line and exit code 2, never a traceback."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from ..workbook.package import PackageError
        from ..workbook.reader import WorkbookUnreadable

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except WorkbookUnreadable as e:
            err.print(f"[red]Cannot read the workbook:[/red] {escape(str(e))}")
            raise typer.Exit(2) from None
        except PackageError as e:  # a package the graft cannot write a tab into (Strict XML, a protected structure…)
            err.print(f"[red]Cannot write into the workbook:[/red] {escape(str(e))} Nothing was written.")
            raise typer.Exit(2) from None
        except PermissionError as e:
            err.print(f"[red]Cannot write {escape(str(e.filename))}:[/red] it is open in Excel or read-only. Close it "
                      "and retry.")  # fmt: skip
            raise typer.Exit(2) from None
        except OSError as e:
            where = escape(str(e.filename or ""))
            err.print(f"[red]File problem:[/red] {escape(redact(str(e.strerror or e)))} ({where}).")
            raise typer.Exit(2) from None
        except MemoryError:
            err.print("[red]Out of memory:[/red] the workbook is too large for this computer. Nothing was written.")
            raise typer.Exit(2) from None
        except RecursionError:
            err.print("[red]xlproduction failed:[/red] the workbook is nested too deeply to read. Nothing was written.")
            raise typer.Exit(2) from None
        except Exception as e:  # the last line of defence; the message names the error for a bug report
            # An exception's text may quote a cell: no phone number or address reaches the terminal or a log.
            err.print(f"[red]xlproduction failed:[/red] {type(e).__name__}: {escape(redact(str(e)))}. Nothing was "
                      "written. Please report this to the xlproduction developers.")  # fmt: skip
            raise typer.Exit(2) from None

    return run


def print_findings(findings: list[Finding], limit: int | None = None) -> None:
    colours = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
    t = RichTable(show_lines=False, header_style="bold")
    for h in ("Severity", "Code", "Where", "Message", "Fix"):
        t.add_column(h, overflow="fold")
    for f in findings[:limit]:
        c = colours[f.severity]
        # Messages quote what was typed ('[v2]', a masked '[phone]'): printed as text, never as rich markup.
        t.add_row(f"[{c}]{f.severity.value}[/{c}]", f.code, escape(f.location or (f.table or "")), escape(f.message),
                  escape(f.hint))  # fmt: skip
    out.print(t)
    if limit is not None and len(findings) > limit:
        out.print(f"… and {len(findings) - limit} more (see the Issues tab or --format json).")


def output_path(path: Path, output: Path | None, in_place: bool, suffix: str, *, adds_sheets: bool = True) -> Path:
    """Where a write goes: the workbook itself with --in-place, else --output, else NAME.SUFFIX.xlsx beside it.

    The workbook is only ever written with --in-place (which keeps a backup): an --output that is the workbook
    itself under another spelling (a relative path, a link) is refused, not silently written over.

    A workbook whose structure is protected (Review → Protect Workbook) gets no tab Excel's own UI would refuse to
    add: with --in-place the tabs go into the copy instead, and either way the coordinator is told. A command that
    only writes cells of existing tables (``adds_sheets=False``), which the protection allows, is not redirected."""
    from ..workbook.package import structure_locked

    locked = adds_sheets and structure_locked(path)
    if in_place and not locked:
        return path
    if in_place:
        target = path.with_name(f"{path.stem}.{suffix}{path.suffix}")
    else:
        target = output or path.with_name(f"{path.stem}.{suffix}{path.suffix}")
        if _same_file(target, path):
            err.print(f"[red]{escape(str(target))} is the workbook itself.[/red] Add --in-place to write into it (a "
                      "backup is kept), or choose another --output.")  # fmt: skip
            raise typer.Exit(2)
    if locked:
        err.print(f"[yellow]{escape(path.name)}'s structure is protected[/yellow] (Review → Protect Workbook), so "
                  "Excel itself would not let a sheet be added to it: the tabs are written into the copy "
                  f"{escape(str(target))}" + (" instead of the workbook" if in_place else "") + ", which keeps the "
                  "protection. To have them in the workbook, remove the protection and run again.")  # fmt: skip
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


BACKUPS_HELP = "With --in-place: how many timestamped backups of the workbook to keep (0: none)."
