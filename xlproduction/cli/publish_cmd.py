"""`xlproduction publish WORKBOOK --day N`: the day's call sheet and its changes to Slack, Teams and email.

Exit codes: 0 every channel delivered (or already had this call sheet), 1 a channel failed or errors block the
day (nothing sent then), 2 the command cannot run (the workbook, the day or the configuration). Each channel's
outcome is one line; secrets never appear in any of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..model.privacy import redact
from .common import app, err, friendly, out, print_findings


@app.command()
@friendly
def publish(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx), as saved.")],
    day: Annotated[int | None, typer.Option("--day", "-d", help="Shoot day (default: the next on or after the "
                                                                "Status Date).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Channels, comma-separated: slack, teams, email (default: "
                                                        "every configured one).")] = None,
    since: Annotated[Path | None, typer.Option("--since", help="Announce the changes since this earlier version "
                                                               "(default: since the last publication).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Send nothing: write the exact payloads, emails and "
                                                            "PDFs to --out.")] = False,
    out_dir: Annotated[Path | None, typer.Option("--out", help="With --dry-run: the folder (default: "
                                                               "'<workbook> publication' beside it).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Send again to channels that already have this call "
                                                        "sheet.")] = False,
    retries: Annotated[int, typer.Option("--tries", min=1, max=10, help="Tries per channel on network errors, 5xx "
                                                                        "and 429, waiting longer each time.")] = 4,
) -> None:
    """Publish the day's call sheet: Slack (incoming webhook), Microsoft Teams (Workflows webhook) and email (SMTP,
    one message per audience with its PDF: the crew version to the crew, the cast version to the cast), with the
    changes since the last publication. Secrets come from XLPRODUCTION_* variables or the per-user config file,
    never from the workbook (README, Publishing)."""
    from ..callsheet.model import UnknownDay
    from ..jobs.callsheets import CallSheetNotReady
    from ..jobs.publish import publish as publish_job
    from ..notify.config import ConfigError
    from ..notify.delivery import RetryPolicy

    folder = (out_dir or path.with_name(f"{path.stem} publication")) if dry_run else None
    if out_dir is not None and not dry_run:
        err.print("[red]--out goes with --dry-run[/red] (sent PDFs are saved beside the workbook).")
        raise typer.Exit(2)
    try:
        result = publish_job(path, day, to=to, since=since, dry_run=folder, force=force,
                             policy=RetryPolicy(attempts=retries))  # fmt: skip
    except ConfigError as e:
        err.print(f"[red]Cannot publish:[/red] {escape(str(e))}", soft_wrap=True)
        raise typer.Exit(2) from None
    except UnknownDay as e:
        err.print(f"[red]{escape(redact(str(e)))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    except CallSheetNotReady as e:
        for errors in e.errors.values():
            print_findings(errors)
        err.print(f"[red]{escape(str(e))}[/red] Nothing was sent: fix the cells listed, then publish again.")
        raise typer.Exit(1) from None
    out.print(f"Day {result.day} ({result.date:%a %d-%b-%Y}), call-sheet revision {escape(result.colour)}"
              + (" — dry run: nothing sent" if result.dry_run else ""))  # fmt: skip
    for w in result.warnings:
        err.print(f"[yellow]Warning:[/yellow] {escape(w)}", soft_wrap=True)
    if result.since:
        n = len(result.changes)
        out.print(f"{n} change{'s' if n != 1 else ''} for day {result.day} since {escape(result.since)}"
                  + (":" if n else "."))  # fmt: skip
        for c in result.changes:
            out.print(f"  • {escape(c.message)}", soft_wrap=True)
    # One line per channel, never wrapped by the terminal: a log or a cron mail keeps each outcome on its line.
    colours = {"sent": "green", "skipped": "blue", "failed": "red"}
    for o in result.outcomes:
        status = "dry run" if result.dry_run else o.status
        c = colours[o.status]
        out.print(f"{o.channel}: [{c}]{status}[/{c}] — {escape(o.detail)}", soft_wrap=True)
    for audience, missing in result.missing.items():
        if missing:
            out.print(f"[yellow]No email for {len(missing)} on the {audience} list[/yellow] (tell them another way): "
                      + escape("; ".join(missing)), soft_wrap=True)  # fmt: skip
    if result.dry_run:
        out.print(f"Written to {escape(str(result.dry_run))}: " + ", ".join(escape(f.name) for f in result.files),
                  soft_wrap=True)  # fmt: skip
    elif result.pdfs:
        out.print("PDFs: " + ", ".join(escape(str(f)) for f in result.pdfs), soft_wrap=True)
    if result.failed:
        raise typer.Exit(1)
