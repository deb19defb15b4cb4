"""Number formats the reports print with, without importing a spreadsheet engine.

``workbook/styles.py`` holds the workbook's formats but imports openpyxl; reports are engine-neutral sheet specs
(rendered by openpyxl or xlwings), so the few formats they need live here. ``money_format`` must give exactly what
``workbook.styles.money_format`` gives (a test compares them for every currency), so a report's amounts look like
the Budget sheet's.
"""

from __future__ import annotations

MONEY_BODY = "#,##0.00"
DATE_FORMAT = "ddd dd-mmm-yyyy"
SHORT_DATE_FORMAT = "dd-mmm-yy"
TIME_FORMAT = "h:mm AM/PM"

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
