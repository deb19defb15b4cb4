"""Turning what coordinators really type into typed values.

Cells arrive from python-calamine as floats, strings, datetimes or times, whatever the user typed: ``1 3/8``,
``"7:30 AM"``, ``0.3125``, ``$1,250.00``, ``03/02/2027``, Excel serial dates. Each parser here either returns
the value or raises ``ValueError`` with a message a coordinator can act on; the reader turns those into
findings. Columns are converted with vectorised fast paths for cells that are already of the right kind, so
only the odd typed-as-text cells go through the per-cell parsers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
from dateutil import parser as dateparser

from .contract import ColType, Column

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
BLANK_STRINGS = frozenset({"", "-", "—", "n/a", "na", "none", "null", "tbd", "tba"})


def is_blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and v.strip().casefold() in BLANK_STRINGS:
        return True
    return v is pd.NA or v is pd.NaT


# --- scalar parsers --------------------------------------------------------------------------------------------


def parse_id(v: Any) -> str:
    """Identifiers: 12.0 typed as a number is scene "12"; text stays as typed, trimmed."""
    if isinstance(v, bool):
        raise ValueError("expected an identifier, found TRUE/FALSE")
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (dt.date, dt.time)):
        raise ValueError(f"expected an identifier, found a date or time ({v})")
    return " ".join(str(v).split())


def parse_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_MONEY_STRIP = re.compile(r"[\s$€£¥,]|USD|EUR|GBP|CAD|AUD", re.IGNORECASE)


def parse_number(v: Any) -> float:
    if isinstance(v, bool):
        raise ValueError("expected a number, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, (dt.date, dt.time, dt.timedelta)):
        raise ValueError(f"expected a number, found a date or time ({v})")
    s = str(v).strip()
    neg = s.startswith("(") and s.endswith(")")
    if neg:
        s = s[1:-1]
    s = _MONEY_STRIP.sub("", s)
    pct = s.endswith("%")
    if pct:
        s = s[:-1]
    try:
        x = float(s)
    except ValueError:
        raise ValueError(f"expected a number, found {str(v)!r}") from None
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"expected a number, found {str(v)!r}")
    x = -x if neg else x
    return x / 100 if pct else x


def parse_percent(v: Any) -> float:
    """'6.2%', 0.062 and 6.2 all mean six point two percent (a bare number above 1 is read as percent)."""
    x = parse_number(v)
    if isinstance(v, str) and v.strip().endswith("%"):
        return x
    return x / 100 if abs(x) > 1 else x


def parse_int(v: Any) -> int:
    x = parse_number(v)
    if not float(x).is_integer():
        raise ValueError(f"expected a whole number, found {v!r}")
    return int(x)


_TRUE = frozenset({"y", "yes", "true", "1", "x", "✓", "✔"})
_FALSE = frozenset({"n", "no", "false", "0"})


def parse_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if v in (0, 1):
            return bool(v)
        raise ValueError(f"expected Yes or No, found {v!r}")
    s = str(v).strip().casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"expected Yes or No, found {str(v)!r}")


def parse_date(v: Any, date_order: str = "MDY") -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise ValueError("expected a date, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        # Excel serial date (1900 date system); 1 = 1900-01-01, 60 is Excel's phantom 29-Feb-1900.
        if not 1 <= v < 2958466:
            raise ValueError(f"expected a date, found the number {v!r}")
        return (EXCEL_EPOCH + dt.timedelta(days=int(v))).date()
    if isinstance(v, dt.time):
        raise ValueError(f"expected a date, found the time {v}")
    s = str(v).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return parse_date(float(s))
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}(?:[T ].*)?", s):
            return dateparser.isoparse(s[:10] if len(s) > 10 and s[10] in "T " else s).date()
        return dateparser.parse(s, dayfirst=date_order == "DMY", yearfirst=date_order == "YMD").date()
    except (ValueError, OverflowError):
        raise ValueError(f"expected a date, found {s!r}") from None


_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m?\.?)?$", re.IGNORECASE
)
_HHMM_RE = re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})\s*(?P<ampm>[ap]\.?m?\.?)?$", re.IGNORECASE)


def parse_time(v: Any) -> dt.timedelta:
    """A time of day as an offset from midnight; '25:30' and 1.0625 stay past midnight."""
    if isinstance(v, dt.timedelta):
        return v
    if isinstance(v, dt.time):
        return dt.timedelta(hours=v.hour, minutes=v.minute, seconds=v.second)
    if isinstance(v, dt.datetime):
        # Excel stores a bare time as a fraction of 1899-12-30/31; a full datetime keeps its clock only.
        base = v - EXCEL_EPOCH
        if dt.timedelta(0) <= base < dt.timedelta(days=2):
            return _round_minute(base)
        return dt.timedelta(hours=v.hour, minutes=v.minute, seconds=v.second)
    if isinstance(v, bool):
        raise ValueError("expected a time, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        if not 0 <= v < 2:
            raise ValueError(f"expected a time, found the number {v!r} (times are fractions of a day)")
        return _round_minute(dt.timedelta(days=float(v)))
    s = str(v).strip().replace("\u202f", " ").replace("\u00a0", " ")
    if s.casefold() in {"noon", "12 noon"}:
        return dt.timedelta(hours=12)
    if s.casefold() == "midnight":
        return dt.timedelta(hours=24)
    m = _TIME_RE.match(s) or _HHMM_RE.match(s)
    if not m:
        raise ValueError(f"expected a time like 7:30 AM or 19:30, found {s!r}")
    h, mnt = int(m["h"]), int(m["m"] or 0)
    sec = int(m.groupdict().get("s") or 0)
    ampm = (m["ampm"] or "").casefold()[:1]
    if ampm:
        if not 1 <= h <= 12:
            raise ValueError(f"{s!r} is not a valid clock time")
        h = h % 12 + (12 if ampm == "p" else 0)
    if mnt > 59 or sec > 59 or h > 29:
        raise ValueError(f"{s!r} is not a valid time")
    return dt.timedelta(hours=h, minutes=mnt, seconds=sec)


def _round_minute(td: dt.timedelta) -> dt.timedelta:
    return dt.timedelta(minutes=round(td.total_seconds() / 60))


def parse_duration(v: Any) -> dt.timedelta:
    """Est. time: '1:30' (h:mm), '90 min', '1h30', 0.0625 (day fraction) or 1.5 (hours)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 1:
        return _round_minute(dt.timedelta(hours=float(v)))
    if isinstance(v, str):
        s = v.strip().casefold()
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(m|min|mins|minutes)", s)
        if m:
            return _round_minute(dt.timedelta(minutes=float(m[1])))
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours)", s)
        if m:
            return _round_minute(dt.timedelta(hours=float(m[1])))
    return parse_time(v)


_PAGES_RE = re.compile(r"^(?:(?P<whole>\d+)\s+)?(?P<num>\d+)\s*/\s*8$|^(?P<only>\d+)$")


def parse_pages(v: Any) -> int:
    """Pages as eighths: '1 3/8' = 11, '11/8' = 11, 1.375 = 11, '3/8' = 3, '2' = 16.

    Anything shorter than an eighth still counts as one eighth, as on every stripboard."""
    if isinstance(v, bool):
        raise ValueError("expected a page count, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        if v < 0 or math.isnan(v) or math.isinf(v):
            raise ValueError(f"expected a page count, found {v!r}")
        eighths = round(v * 8)
        return max(eighths, 1) if v > 0 else 0
    s = str(v).strip().casefold()
    s = re.sub(r"\s*(pgs?|pages?)\.?$", "", s)
    m = _PAGES_RE.match(s)
    if m:
        if m["only"] is not None:
            return int(m["only"]) * 8
        return int(m["whole"] or 0) * 8 + int(m["num"])
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


def parse_list(v: Any) -> tuple[str, ...]:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (parse_id(v),)
    parts = re.split(r"[,;/\n]+|\s{1,}(?=\S)", str(v).strip())
    return tuple(p.strip() for p in parts if p.strip())


def parse_enum(v: Any, col: Column) -> str:
    s = parse_text(v)
    key = s.casefold().replace(" ", "")
    for allowed in col.allowed:
        if allowed.casefold().replace(" ", "") == key:
            return allowed
    for alias, target in col.value_aliases:
        if alias.casefold().replace(" ", "") == key:
            return target
    raise ValueError(f"{s!r} is not one of: {', '.join(col.allowed)}")


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")


def parse_email(v: Any) -> str:
    # Only the shape is checked here; full validation (domains, dots) is a rule, so one typo does not hide
    # the rest of the row.
    return str(v).strip()


def parse_phone(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


# --- column conversion -------------------------------------------------------------------------------------------

_DTYPES: dict[ColType, str] = {
    ColType.TEXT: "string", ColType.ID: "string", ColType.ENUM: "string", ColType.EMAIL: "string",
    ColType.PHONE: "string", ColType.INT: "Int64", ColType.PAGES: "Int64", ColType.NUMBER: "Float64",
    ColType.MONEY: "Float64", ColType.PERCENT: "Float64", ColType.BOOL: "boolean",
    ColType.DATE: "datetime64[s]", ColType.TIME: "timedelta64[s]", ColType.DURATION: "timedelta64[s]",
    ColType.LIST: "object",
}  # fmt: skip


def dtype_for(col_type: ColType) -> str:
    return _DTYPES[col_type]


def parse_value(v: Any, col: Column, date_order: str = "MDY") -> Any:
    t = col.type
    if t is ColType.ID:
        return parse_id(v)
    if t in (ColType.TEXT, ColType.EMAIL, ColType.PHONE):
        return parse_phone(v) if t is ColType.PHONE else parse_text(v)
    if t is ColType.ENUM:
        return parse_enum(v, col)
    if t in (ColType.NUMBER, ColType.MONEY):
        return parse_number(v)
    if t is ColType.PERCENT:
        return parse_percent(v)
    if t is ColType.INT:
        return parse_int(v)
    if t is ColType.BOOL:
        return parse_bool(v)
    if t is ColType.DATE:
        return parse_date(v, date_order)
    if t is ColType.TIME:
        return parse_time(v)
    if t is ColType.DURATION:
        return parse_duration(v)
    if t is ColType.PAGES:
        return parse_pages(v)
    if t is ColType.LIST:
        return parse_list(v)
    raise AssertionError(t)


def coerce_column(
    values: Sequence[Any], col: Column, date_order: str = "MDY"
) -> tuple[pd.Series, list[tuple[int, str]], list[int]]:
    """Convert one column. Returns (typed Series, [(position, error)], [positions that were blank])."""
    n = len(values)
    out: list[Any] = [None] * n
    errors: list[tuple[int, str]] = []
    blanks: list[int] = []
    fast_float = col.type in (ColType.NUMBER, ColType.MONEY, ColType.INT, ColType.PAGES)
    for i, v in enumerate(values):
        if is_blank(v):
            blanks.append(i)
            continue
        if fast_float and type(v) is float and (col.type is ColType.NUMBER or col.type is ColType.MONEY):
            out[i] = v
            continue
        try:
            out[i] = parse_value(v, col, date_order)
        except ValueError as e:
            errors.append((i, str(e)))
    return to_series(out, col.type), errors, blanks


def to_series(values: list[Any], col_type: ColType) -> pd.Series:
    dtype = dtype_for(col_type)
    if col_type is ColType.LIST:
        return pd.Series([v if v is not None else () for v in values], dtype="object")
    if col_type is ColType.DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")).astype(dtype)
    if col_type in (ColType.TIME, ColType.DURATION):
        return pd.Series(pd.to_timedelta(pd.Series(values, dtype="object"), errors="coerce")).astype(dtype)
    return pd.Series(pd.array([v if v is not None else pd.NA for v in values], dtype=dtype))
