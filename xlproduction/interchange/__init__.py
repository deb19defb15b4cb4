"""Interchange: the formats coordinators receive and send, read into (or written from) xlproduction's model.

Each format lives in its own subpackage: ``script/`` for screenplays, ``uss/`` for the Universal Schedule Standard,
``tasks/`` for the prep list (derived tasks, Asana's CSV, Trello's cards), ``budget/`` for the budget exchange file.
Like the rest of the domain layer it is pure Python: no openpyxl, xlwings, python-calamine or lxml, so the same
readers run from the CLI, desktop Excel and xlwings Lite, and it never touches a workbook itself — jobs take what it
returns and write it.
"""
