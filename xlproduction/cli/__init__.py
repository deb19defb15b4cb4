"""The ``xlproduction`` command line. Each command lives in a module named for the job it does; importing them
here registers them on the one Typer app."""

from __future__ import annotations

from . import (  # noqa: F401  (registers the commands)
    addin_cmd,
    budget_cmds,
    callsheet_cmd,
    changes_cmd,
    check_cmd,
    interchange_cmds,
    optimize_cmd,
    publish_cmd,
    report_cmds,
    script_cmd,
    transport_cmd,
    workbook_cmds,
)
from .common import app


def main() -> None:
    app()
