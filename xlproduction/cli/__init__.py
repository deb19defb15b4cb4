"""The ``xlproduction`` command line. Each command lives in a module named for the job it does; importing them
here registers them on the one Typer app."""

from __future__ import annotations

from . import addin_cmd, callsheet_cmd, check_cmd, report_cmds, workbook_cmds  # noqa: F401  (registers the commands)
from .common import app


def main() -> None:
    app()
