"""How each contract column type is held in pandas: one dtype per type, for typed tables and empty ones alike.

The reader types what it reads into these dtypes, and a table the workbook lacks is an empty frame of the same
dtypes, so every layer sees the same columns whatever the workbook held. Kept in the model because the
``Production`` builds those empty tables itself, and the model imports no engine.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from .contract import ColType

_DTYPES: dict[ColType, str] = {
    ColType.TEXT: "string", ColType.ID: "string", ColType.ENUM: "string", ColType.EMAIL: "string",
    ColType.PHONE: "string", ColType.INT: "Int64", ColType.PAGES: "Int64", ColType.NUMBER: "Float64",
    ColType.MONEY: "Float64", ColType.PERCENT: "Float64", ColType.BOOL: "boolean",
    ColType.DATE: "datetime64[s]", ColType.TIME: "timedelta64[s]", ColType.DURATION: "timedelta64[s]",
    ColType.LIST: "object",
}  # fmt: skip


def dtype_for(col_type: ColType) -> str:
    return _DTYPES[col_type]


def pandas_dtype(col_type: ColType) -> Any:
    """The pandas dtype of ``dtype_for``, resolved once: resolving a name walks pandas' registry of dtypes, which was
    a tenth of the time of reading a small workbook. "string" also depends on pandas' string storage option."""
    return _resolved(_DTYPES[col_type], pd.get_option("mode.string_storage"))


@functools.lru_cache(maxsize=64)
def _resolved(name: str, string_storage: str) -> Any:
    return pd.api.types.pandas_dtype(name)


OBJECT = np.dtype(object)


def to_series(values: list[Any], col_type: ColType) -> pd.Series:
    """Python values (already typed, or blank) as a column of ``col_type``'s dtype."""
    dtype = pandas_dtype(col_type)
    if col_type is ColType.LIST:
        return pd.Series([v if v is not None else () for v in values], dtype=OBJECT)
    if col_type is ColType.DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=OBJECT), errors="coerce")).astype(dtype)
    if col_type in (ColType.TIME, ColType.DURATION):
        return pd.Series(pd.to_timedelta(pd.Series(values, dtype=OBJECT), errors="coerce")).astype(dtype)
    return pd.Series(pd.array(values, dtype=dtype))
