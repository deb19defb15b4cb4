"""Excel integration: the ribbon buttons and xlwings Lite scripts that run xlproduction inside a live workbook.

Coordinators work in Excel, not in a terminal. This package binds the engine-neutral core (a ``Production`` in,
``Finding``s and ``SheetSpec``s out) to an open workbook through the xlwings API, and nothing more:

- ``book`` reads every contract table of an ``xw.Book`` (one read per table) into the same ``RawTable``s the
  file reader builds, so findings and cells are identical to the CLI's;
- ``render`` writes ``SheetSpec``s (Issues, DOOD, reports) and ``callsheet_render`` draws a filled call-sheet
  template, each under a temporary tab name swapped in at the end, with a constant number of xlwings calls;
- ``entry_points`` holds one function per ribbon button; ``lite`` the xlwings Lite scripts calling them;
- ``build_addin`` builds ``xlproduction.xlam`` from ``macros/`` (VBA callbacks and ribbon XML) and verifies it.

Only the BSD-licensed part of xlwings is used by the product. The tests drive the real xlwings API through its
remote engine (``xw.Book(json=...)``), which needs ``XLWINGS_LICENSE_KEY=noncommercial``: tests only.
Nothing here imports python-calamine, so the entry points import in xlwings Lite (Pyodide) as they do on desktop.
"""
