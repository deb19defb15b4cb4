"""Excel number formats, as plain strings: one definition for the workbook, the reports and both renderers.

The workbook writer (openpyxl), the engine-neutral report specs and the xlwings renderer all print money, dates
and times; keeping the format codes here, free of any spreadsheet engine, is what makes a report's amounts look
exactly like the Budget sheet's. Codes are ones Excel 2010+ and LibreOffice 7.4 both understand.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

MONEY_BODY = "#,##0.00"
DATE_FORMAT = "ddd dd-mmm-yyyy"
SHORT_DATE_FORMAT = "dd-mmm-yy"
TIME_FORMAT = "h:mm AM/PM"
DURATION_FORMAT = "[h]:mm"  # [h] so an estimate of 25 hours does not wrap to 1:00
PAGES_FORMAT = "# ?/8"  # pages are a number of pages; Excel shows 1.375 as 1 3/8
PERCENT_FORMAT = "0.00%"

# Currency tags ([$symbol-LCID]) put the symbol where each currency's home locale does; Excel and LibreOffice
# both honour them. Codes not listed show the ISO code itself.
CURRENCY_TAGS: dict[str, str] = {
    "USD": "[$$-409]", "CAD": "[$$-1009]", "AUD": "[$$-C09]", "NZD": "[$$-1409]", "GBP": "[$£-809]",
    "EUR": "[$€-1809]", "JPY": "[$¥-411]", "CNY": "[$¥-804]", "INR": "[$₹-4009]", "ZAR": "[$R-1C09]",
}  # fmt: skip


def money_format(currency: str | None) -> str:
    """``[$$-409]#,##0.00`` for USD; an unknown ISO code is shown as text before the amount."""
    code = (currency or "").strip().upper()
    if not code:
        return MONEY_BODY
    tag = CURRENCY_TAGS.get(code)
    if tag is not None:
        return f"{tag}{MONEY_BODY}"
    safe = "".join(ch for ch in code if ch.isalnum())
    return f'"{safe} "{MONEY_BODY}' if safe else MONEY_BODY


def excel_round(x: float, places: int = 2) -> float:
    """``x`` rounded as Excel rounds and shows it: half away from zero, on the 15 significant digits Excel keeps.

    A budget of fringed lines totals fractions of a cent, and two sums of the same lines can land on binary floats
    either side of a half cent (7,525,892.725 as ...724999 or ...725001): Python's own rounding then prints .72
    in one place and .73 in another, where the workbook shows .73 in both."""
    if not math.isfinite(x) or abs(x) >= 1e15:  # no cents among 15 digits (and 1e308 would overflow the quantum)
        return x
    q = Decimal(f"{x:.15g}").quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(q) + 0.0  # + 0.0: no "-0.00" for a refund of a fraction of a cent


def money_text(x: float) -> str:
    """'7,525,892.73': an amount as the workbook's money format shows it (see ``excel_round``)."""
    return f"{excel_round(x):,.2f}"
