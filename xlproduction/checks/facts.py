"""Facts about the tables that many rules ask for, computed once per production (``derived``).

A check runs some eighty rules over one production; most of them pass, and most of their time used to go into
recomputing the same keys (IDs trimmed and case-folded) and the same filtered frames rule after rule. Each fact
here is computed on first use and shared by every later rule. Frames handed out are shallow copies: a rule may
add or replace columns, never write into existing ones.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..model.production import Production, derived
from ..model.scheduling import table_key
from ..model.textkeys import name_key


def column_key(p: Production, table: str, column: str) -> pd.Series:
    """``id_key`` of a table's column (same index as the table): trimmed and case-insensitive IDs."""
    return table_key(p, table, column)


@derived
def column_name_key(p: Production, table: str, column: str) -> pd.Series:
    """``name_key`` of a table's column (same index as the table): names without case, spacing, punctuation."""
    return name_key(p.df(table)[column])


@derived
def key_set(p: Production, table: str, column: str) -> frozenset[str]:
    """The distinct non-blank ``column_key`` values of a table's column."""
    return frozenset(column_key(p, table, column).dropna())


# ``textkeys.name_key`` for one string. For ASCII text (nearly every name and description) a translate and a
# split do what its two regular expressions do: drop what is neither a word character nor whitespace, collapse
# whitespace runs, strip. Other text goes through the same regular expressions.
_ASCII_DROP = {i: None for i in range(128) if not (chr(i).isalnum() or chr(i) == "_" or chr(i).isspace())}
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def name_key_one(text: str) -> str | None:
    """``name_key`` of one string (None where it gives a blank)."""
    t = text.casefold()
    t = " ".join(t.translate(_ASCII_DROP).split()) if t.isascii() else _SPACES.sub(" ", _NOT_WORD.sub("", t)).strip()
    return t or None


def name_keys(values: pd.Series) -> list[Any]:
    """``name_key(values)`` as a list (None for blank), for a rule's quick test; falls back to ``name_key`` itself
    for anything but text."""
    out: list[Any] = []
    for v in values.tolist():
        if isinstance(v, str):
            out.append(name_key_one(v))
        elif v is None or v is pd.NA or (isinstance(v, float) and v != v):
            out.append(None)
        else:
            return [None if k is pd.NA else k for k in name_key(values).tolist()]
    return out
