"""The one exception reports raise for a problem in what the user asked or typed (not a bug).

A period that ends before it starts, a person no cast member matches, a time zone that is not one: the CLI (and
the Excel entry points) show the message as is, in one line, with no traceback and no "please report this".
"""

from __future__ import annotations


class ReportInputError(ValueError):
    """The request or the workbook's settings make the report impossible; the message says what to change."""
