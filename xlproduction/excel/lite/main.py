"""xlwings Lite scripts: the ribbon's buttons for coordinators without a local Python.

xlwings Lite runs Python inside Excel (Pyodide, in the add-in's task pane). Paste this file into Lite's
``main.py`` editor and ``requirements.txt`` beside it into its requirements tab (``xlproduction lite`` prints or
writes both); each ``@script`` below then shows up as a button in the task pane and runs the same entry point as
the desktop ribbon, on the open workbook. In Lite the tables come through the xlwings API (no python-calamine,
which has no Pyodide build), and writes are applied by Excel when the script returns. The calendar, the finance
pack and the USS export are files saved next to the workbook, and the USS import reads a file from this computer,
which Lite cannot do: they say so and point to the command line. The prep tasks are written into the Tasks table,
which Lite can. Publishing cannot run in a browser either (Slack and Teams webhooks refuse requests from web pages):
its script says so. Nor can the schedule optimizer (OR-Tools is a compiled wheel): it says to use
``xlproduction optimize`` from a desktop Python.
"""

from __future__ import annotations

import xlwings as xw

from xlproduction.excel import entry_points as ep


@xw.script
def check(book: xw.Book) -> None:
    """Check the workbook: writes the Issues tab."""
    ep.check(book)


@xw.script
def callsheet(book: xw.Book) -> None:
    """Call sheet of the selected Days/Schedule row's day, else of the next shoot day."""
    ep.callsheet(book)


@xw.script
def callsheets_all(book: xw.Book) -> None:
    """Call sheets of every shoot day."""
    ep.callsheets_all(book)


@xw.script
def dood(book: xw.Book) -> None:
    """Day Out of Days tab."""
    ep.dood(book)


@xw.script
def cost_report(book: xw.Book) -> None:
    """Cost Report tab."""
    ep.cost_report(book)


@xw.script
def crew_list(book: xw.Book) -> None:
    """Crew List tab."""
    ep.crew_list(book)


@xw.script
def calendar(book: xw.Book) -> None:
    """Shoot calendar (.ics file: desktop and command line only, Lite cannot save files next to the workbook)."""
    ep.calendar(book)


@xw.script
def finance_pack(book: xw.Book) -> None:
    """Finance pack (desktop and command line only: Lite cannot save files next to the workbook)."""
    ep.finance_pack(book)


@xw.script
def publish(book: xw.Book) -> None:
    """Publish to Slack, Teams and email (desktop Excel and command line only: the browser cannot post webhooks)."""
    ep.publish(book)


@xw.script
def import_script(book: xw.Book) -> None:
    """Import a script (desktop and command line only: Lite cannot read files from the computer; it says so)."""
    ep.import_script(book)


@xw.script
def import_uss(book: xw.Book) -> None:
    """Import a USS schedule (desktop and command line only: Lite cannot read files from this computer)."""
    ep.import_uss(book)


@xw.script
def export_uss(book: xw.Book) -> None:
    """Export a USS schedule (desktop and command line only: Lite cannot save files next to the workbook)."""
    ep.export_uss(book)


@xw.script
def tasks(book: xw.Book) -> None:
    """Derive the prep tasks into the Tasks table."""
    ep.tasks(book)


@xw.script
def transport(book: xw.Book) -> None:
    """Transport tab: the movement order of the selected day (else the next shoot day)."""
    ep.transport(book)


@xw.script
def rooming_list(book: xw.Book) -> None:
    """Rooming List tab."""
    ep.rooming_list(book)


@xw.script
def travel(book: xw.Book) -> None:
    """Travel Movements tab."""
    ep.travel(book)


@xw.script
def per_diems(book: xw.Book) -> None:
    """Per Diems tab."""
    ep.per_diems(book)


@xw.script
def optimize(book: xw.Book) -> None:
    """Optimize the schedule (desktop Excel and command line only: the solver is a compiled package Lite cannot
    install; it says so)."""
    ep.optimize(book)
