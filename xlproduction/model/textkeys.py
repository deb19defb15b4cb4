"""String keys (IDs trimmed and case-folded, names without punctuation) computed once per distinct value.

The rules match identifiers across tables trimmed and case-insensitively, and people's names ignoring case,
spacing and punctuation. Without pyarrow, pandas runs such string methods element by element in Python; a
season's ledger has 100,000 rows but only hundreds of vendors, accounts, PO numbers and statuses. So each
transform runs on the distinct values and is spread back over the rows by their codes (``factorize``, in C):
the same answer, a fraction of the work.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def per_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``transform(values.astype("string"))``, computed on the distinct values only. ``transform`` must work
    element by element (each output depends on its own input only)."""
    strings = values.astype("string")
    codes, uniques = strings.factorize()  # blanks (<NA>) get the code -1
    if 2 * len(uniques) > len(strings):  # mostly distinct (transaction IDs): nothing to share
        return transform(strings)
    done = transform(pd.Series(uniques.array, dtype="string"))
    return pd.Series(done.array.take(codes, allow_fill=True), index=values.index, name=values.name)


def id_key(values: pd.Series) -> pd.Series:
    """IDs as Excel's lookups and the cross-reference checks match them: trimmed and case-insensitive."""
    return per_distinct(values, lambda s: s.str.strip().str.casefold())


def _name(s: pd.Series) -> pd.Series:
    t = s.str.casefold().str.replace(r"[^\w\s]", "", regex=True)
    return t.str.replace(r"\s+", " ", regex=True).str.strip()


def name_key(values: pd.Series) -> pd.Series:
    """A name as a person would recognise it: case, spacing and punctuation ignored ('J.  Doe' = 'j doe');
    blank when nothing is left."""
    t = per_distinct(values, _name)
    return t.mask(t == "")
