"""Python values (as ``ProductionData`` holds them) turned into what an Excel cell should hold.

The writer stores each value the way a coordinator typing it would, so the workbook's own formulas keep working
on rows added by hand: a scene numbered 12 is the number 12 (MATCH does not equate the text "12" with the number
12), times are fractions of a day, pages are a number of pages, yes/no is the text the dropdown offers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..model.contract import ColType

YES, NO = "Yes", "No"
_PLAIN_INTEGER = re.compile(r"[1-9][0-9]{0,14}|0")  # no sign, no leading zero: round-trips through a number


def _day_fraction(v: dt.timedelta | dt.time) -> float:
    if isinstance(v, dt.time):
        v = dt.timedelta(hours=v.hour, minutes=v.minute, seconds=v.second)
    return v.total_seconds() / 86400


def _text(v: Any) -> str:
    # openpyxl refuses control characters that XML cannot carry; they are never meaningful in a cell.
    return ILLEGAL_CHARACTERS_RE.sub("", str(v))


def cell_value(v: Any, col_type: ColType) -> Any:
    """The value to put in a cell of a column of ``col_type`` (None for an empty cell)."""
    out = _cell_value(v, col_type)
    # An empty string is not an empty cell to Excel (COUNTA counts it, ISBLANK is false): write nothing.
    return None if isinstance(out, str) and out == "" else out


def _cell_value(v: Any, col_type: ColType) -> Any:
    if v is None:
        return None
    t = col_type
    if t is ColType.ID:
        if isinstance(v, bool):
            return _text(v)
        if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
            return int(v)
        s = _text(v).strip()
        return int(s) if _PLAIN_INTEGER.fullmatch(s) else s
    if t is ColType.DATE:
        if isinstance(v, dt.datetime):
            return v.date()
        return v
    if t in (ColType.TIME, ColType.DURATION):
        return _day_fraction(v) if isinstance(v, (dt.timedelta, dt.time)) else v
    if t is ColType.PAGES:
        return v / 8 if isinstance(v, (int, float)) and not isinstance(v, bool) else v
    if t is ColType.BOOL:
        return (YES if v else NO) if isinstance(v, bool) else _text(v)
    if t is ColType.LIST:
        if isinstance(v, str):
            return _text(v)
        if isinstance(v, Iterable):
            return ", ".join(_text(x) for x in v)
        return _text(v)
    if t in (ColType.INT, ColType.NUMBER, ColType.MONEY, ColType.PERCENT):
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else _text(v)
    return _text(v) if isinstance(v, str) else v
