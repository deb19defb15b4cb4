"""Jobs: each thing a coordinator asks for, put together once for the command line and the ribbon.

A job is a plain function: a source in (a workbook file, or the workbook open in Excel through the ``excel``
adapter), a result out (findings, the tabs it wrote, the files it made). It reads the production, runs the
domain (checks, call sheets, reports…) and hands what it made to the engine of its source. ``cli/`` and
``excel/entry_points.py`` only parse what the user asked, call one job and present its result.
"""
