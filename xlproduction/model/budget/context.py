"""What a budget line's arithmetic needs besides the line: globals, currencies, charges and the budget settings.

Movie Magic computes a line through the budget's globals (SHOOT_WEEKS), its currencies (rate to the base
currency), the hours of its units (a flat fringe per day becomes one per week through them) and the fringe posting
preference. The workbook keeps each in a table or a setting; ``BudgetContext`` holds them the way the workbook's
formulas look them up: names and codes matched case-insensitively (MATCH), the first row of a duplicated name
winning, a blank value counting as 0 (what INDEX of an empty cell gives to arithmetic).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..contract import SETTINGS_BY_KEY, global_column

if TYPE_CHECKING:
    from ..production import Production

NAN = math.nan


def fold(v: Any) -> str:
    """A name or code as Excel's MATCH and SUMIFS compare it: case-insensitive; blank is ''."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip().casefold()


def _number(v: Any) -> float:
    if v is None or v is pd.NA:
        return 0.0
    try:
        out = float(v)
    except (TypeError, ValueError):
        return NAN
    return 0.0 if out != out else out


@dataclass(frozen=True, slots=True)
class BudgetContext:
    """Globals and currencies by folded name (NaN: what Excel shows as an error), the budget settings, and the
    contractual charges (a frame with the Charges table's input columns; may be empty)."""

    base_currency: str = "USD"
    globals: Mapping[str, float] = field(default_factory=dict)
    currencies: Mapping[str, float] = field(default_factory=dict)
    hours_per_day: float = 8.0
    hours_per_week: float = 40.0
    hours_per_month: float = 173.33
    fringe_posting: str = "Account"
    fringe_account: str = "99"
    charges: pd.DataFrame | None = None

    def unit_hours(self) -> dict[str, float]:
        """Hours in one of each unit (units not listed have none)."""
        return {"hours": 1.0, "days": self.hours_per_day, "weeks": self.hours_per_week,
                "months": self.hours_per_month}  # fmt: skip

    def flat_hours(self) -> dict[str, float]:
        """Hours a flat fringe is per, by its Flat Per (0: per line)."""
        return {"hour": 1.0, "day": self.hours_per_day, "week": self.hours_per_week}


def globals_from(df: pd.DataFrame | None) -> dict[str, float]:
    """Folded name -> value: blank counts 0; a value that names another global is an error (NaN), as in Excel."""
    out: dict[str, float] = {}
    if df is None or df.empty:
        return out
    named = df[global_column("value")] if global_column("value") in df else pd.Series(pd.NA, index=df.index)
    for name, value, other in zip(df["name"].tolist(), df["value"].tolist(), named.tolist(), strict=True):
        k = fold(name)
        if k and k not in out:
            is_name = isinstance(value, str) or not (other is None or other is pd.NA)
            out[k] = NAN if is_name else _number(value)
    return out


def currencies_from(df: pd.DataFrame | None) -> dict[str, float]:
    out: dict[str, float] = {}
    if df is None or df.empty:
        return out
    for code, rate in zip(df["code"].tolist(), df["rate"].tolist(), strict=True):
        k = fold(code)
        if k and k not in out:
            out[k] = _number(rate)
    return out


def _setting(settings: Mapping[str, Any], key: str) -> Any:
    v = settings.get(key)
    return SETTINGS_BY_KEY[key].default if v is None else v


def context_from(settings: Mapping[str, Any], globals_df: pd.DataFrame | None = None,
                 currencies_df: pd.DataFrame | None = None,
                 charges_df: pd.DataFrame | None = None) -> BudgetContext:  # fmt: skip
    """The context of a workbook from its settings (by setting key) and its Globals, Currencies, Charges tables."""

    def num(key: str) -> float:
        return _number(_setting(settings, key))

    return BudgetContext(
        base_currency=str(_setting(settings, "currency") or ""), globals=globals_from(globals_df),
        currencies=currencies_from(currencies_df), hours_per_day=num("hours_per_day"),
        hours_per_week=num("hours_per_week"), hours_per_month=num("hours_per_month"),
        fringe_posting=str(_setting(settings, "fringe_posting") or "Account"),
        fringe_account=str(_setting(settings, "fringe_account") or ""),
        charges=charges_df if charges_df is not None and not charges_df.empty else None,
    )  # fmt: skip


def context_of(p: Production) -> BudgetContext:
    """The context of a production; tables it did not load count as empty."""

    def df(name: str) -> pd.DataFrame | None:
        t = p.tables.get(name)
        return t.df if t is not None else None

    return context_from(p.settings, df("Globals"), df("Currencies"), df("Charges"))
