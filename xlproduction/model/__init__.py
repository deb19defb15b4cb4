"""The model: the production and its contract, and the arithmetic every layer shares.

The contract (every table, column, type and setting), the immutable ``Production`` read from a workbook,
scheduling facts, the Day Out of Days, budget arithmetic, page eighths, ``Finding``s and the engine-neutral
``SheetSpec``s of generated tabs. Everything above builds on it, and it imports nothing above it: no domain,
job, engine or entry point, and no openpyxl, xlwings, python-calamine or lxml (the import contract in
pyproject.toml holds it so), which is what lets the same model serve the CLI, desktop Excel and xlwings Lite.
"""
