"""xlproduction: checks, call sheets and reports for a film/TV production workbook.

The package is layered (see README, "Architecture"): ``workbook`` reads and writes the .xlsx contract,
``production`` is the immutable domain model, ``checks`` holds the rules, and the entry points (CLI, Excel)
sit on top. Nothing below the entry points imports xlwings.
"""

__version__ = "0.1.0"
