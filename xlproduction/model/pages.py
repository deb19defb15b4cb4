"""Page counts in eighths of a page: how a stripboard counts them, parsed from what users type and printed back.

A page is divided into eighths; anything shorter than an eighth counts as one; more than 8/8 rolls into whole
pages. Every layer speaks of pages this way (the reader types the Pages column, the call sheet and the checks
print totals, the script import counts them), so the two conversions live in the model, free of any engine.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MAX_PAGES = 100_000  # a longer "page count" is a typo (and the float would lose its eighths)
_PAGES_RE = re.compile(r"^(?:(?P<whole>\d+)(?:\s+|\s*-\s*))?(?P<num>\d+)\s*/\s*(?P<den>[248])$|^(?P<only>\d+)$")


def parse_pages(v: Any) -> int:
    """Pages as eighths: '1 3/8' = 11, '11/8' = 11, 1.375 = 11, '3/8' = 3, '2' = 16, '1 1/2' = 12.

    Anything shorter than an eighth still counts as one eighth, as on every stripboard."""
    if isinstance(v, bool):
        raise ValueError("expected a page count, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        if not 0 <= v < MAX_PAGES:  # also NaN
            raise ValueError(f"expected a page count, found {v!r}")
        eighths = round(v * 8)
        return max(eighths, 1) if v > 0 else 0
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime) and 8 in (v.day, v.month):
        # Excel turns "3/8" typed into a General cell into the date 8 March (or 3 August day-first); in a
        # page-count column that can only have meant 3/8 of a page.
        return v.month if v.day == 8 else v.day
    if isinstance(v, (dt.date, dt.time, dt.timedelta)):
        raise ValueError(f"expected pages like 1 3/8, found a date or time ({v}); format the column as # ?/8")
    s = str(v).strip().casefold()
    s = re.sub(r"\s*(pgs?|pages?)\.?$", "", s)
    m = _PAGES_RE.match(s)
    if m:
        if m["only"] is not None:
            eighths = int(m["only"]) * 8
        else:
            eighths = int(m["whole"] or 0) * 8 + int(m["num"]) * (8 // int(m["den"]))
        if eighths >= MAX_PAGES * 8:
            raise ValueError(f"expected a page count, found {str(v)!r}")
        return eighths
    try:
        return parse_pages(float(s))
    except ValueError:
        raise ValueError(f"expected pages like 1 3/8, 11/8 or 1.375, found {str(v)!r}") from None


def format_pages(eighths: int) -> str:
    """11 -> '1 3/8'; 8 -> '1'; 3 -> '3/8'."""
    whole, rest = divmod(int(eighths), 8)
    if whole and rest:
        return f"{whole} {rest}/8"
    return f"{rest}/8" if rest else str(whole)
