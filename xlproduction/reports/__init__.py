"""Generated tabs and files: the Issues tab, Day Out of Days, cost report, crew list, finance pack, calendar.

Each report is computed from a ``Production`` and described as an engine-neutral ``SheetSpec`` (or a file
payload), so the CLI (openpyxl) and the Excel entry points (xlwings) render the same thing.
"""
