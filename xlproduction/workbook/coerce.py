"""Turning what coordinators really type into typed values.

Cells arrive from python-calamine as floats, strings, datetimes or times, whatever the user typed: ``1 3/8``,
``"7:30 AM"``, ``0.3125``, ``$1,250.00``, ``03/02/2027``, Excel serial dates. Each parser here either returns
the value or raises ``ValueError`` with a message a coordinator can act on; the reader turns those into
findings. Columns are converted with fast paths keyed on the cell's Python type (a float in a money column, a
date in a date column, an empty string anywhere), so only the odd typed-as-text cells go through the full
parsers.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from dateutil import parser as dateparser

from .contract import ColType, Column, normalise_header

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Placeholders coordinators type for "nothing yet"; a cell holding one is empty (a required one is reported).
BLANK_STRINGS = frozenset({"", "-", "–", "—", "n/a", "na", "none", "null", "tbd", "tba"})

# Excel's 1900 date system counts 1900-02-29, a day that never was, as serial 60; serials from 61 on are days
# since 1899-12-30. Serials below 367 (the year 1900) are never a production date: a bare ``12`` in a date
# column is a day number typed by mistake, so it is reported rather than read as 11 January 1900.
MIN_DATE_SERIAL = 367
MAX_DATE_SERIAL = 2958466  # 10000-01-01


def is_blank(v: Any) -> bool:
    """An empty cell: None, NaN/NA/NaT, an empty or whitespace string, or a placeholder such as '-' or 'TBD'."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and v.strip().casefold() in BLANK_STRINGS:
        return True
    return v is pd.NA or v is pd.NaT


def _is_blank_str(s: str) -> bool:
    """``s`` already stripped."""
    return not s or (len(s) <= 4 and s.casefold() in BLANK_STRINGS)


# --- scalar parsers --------------------------------------------------------------------------------------------


def parse_id(v: Any) -> str:
    """Identifiers: 12.0 typed as a number is scene "12"; text stays as typed, trimmed."""
    if isinstance(v, bool):
        raise ValueError("expected an identifier, found TRUE/FALSE")
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError(f"expected an identifier, found {v!r}")
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (dt.date, dt.time, dt.timedelta)):
        raise ValueError(f"expected an identifier, found a date or time ({v})")
    return " ".join(str(v).split())


def parse_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_MONEY_STRIP = re.compile(r"[\s$€£¥]|USD|EUR|GBP|CAD|AUD", re.IGNORECASE)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def parse_number(v: Any) -> float:
    if isinstance(v, bool):
        raise ValueError("expected a number, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, (dt.date, dt.time, dt.timedelta)):
        raise ValueError(f"expected a number, found a date or time ({v})")
    s = str(v).strip().replace("\u2212", "-")  # a typographic minus pasted from a PDF
    neg = s.startswith("(") and s.endswith(")")
    if neg:
        s = s[1:-1]
    s = _MONEY_STRIP.sub("", s)
    pct = s.endswith("%")
    if pct:
        s = s[:-1]
    if "," in s:
        # Commas are read as thousands separators only where they group thousands: "1,250.00" is 1250, but
        # "1.250,00" or "12,5" (a decimal comma) is reported instead of being silently read as 1.25 or 125.
        if not _THOUSANDS.fullmatch(s):
            raise ValueError(f"expected a number like 1,250.00, found {str(v)!r}")
        s = s.replace(",", "")
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


_MAX_INT = 2**53  # whole numbers beyond this are not whole in a float, and no day or offset comes near


def parse_int(v: Any) -> int:
    x = parse_number(v)
    if not float(x).is_integer():
        raise ValueError(f"expected a whole number, found {v!r}")
    if abs(x) >= _MAX_INT:
        raise ValueError(f"expected a whole number, found {v!r}, which is far too large")
    return int(x)


_TRUE = frozenset({"y", "yes", "true", "1", "x", "✓", "✔"})
_FALSE = frozenset({"n", "no", "false", "0", "✗", "✘"})


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


def _serial_to_date(v: float) -> dt.date:
    if not MIN_DATE_SERIAL <= v < MAX_DATE_SERIAL:
        raise ValueError(f"expected a date, found the number {v:g}")
    return (EXCEL_EPOCH + dt.timedelta(days=int(v))).date()


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_NUMERIC_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{2}|\d{4})")
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_DEFAULT_A = dt.datetime(1, 1, 1)
_DEFAULT_B = dt.datetime(2, 2, 2)


def _full_year(y: str) -> int:
    """Two-digit years are within 50 years of today, as Excel and dateutil read them."""
    if len(y) == 4:
        return int(y)
    this = dt.date.today().year
    year = this - this % 100 + int(y)
    return year - 100 if year > this + 50 else year


def parse_date(v: Any, date_order: str = "MDY") -> dt.date:
    """A calendar date: a date cell, an Excel serial number, or text in the workbook's date order.

    Numeric text (``03/02/2027``) is read strictly in ``date_order`` (MDY, DMY or YMD; four leading digits are
    always year-first): a ``13/02/2027`` in an MDY workbook is reported rather than quietly read day-first,
    because reading some cells of a column one way and others the other way hides a wrong Date Order setting.
    Text must name day, month and year: ``3/2`` or ``March`` alone is reported, not completed with today's year.
    """
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise ValueError("expected a date, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        return _serial_to_date(v)
    if isinstance(v, dt.time):
        raise ValueError(f"expected a date, found the time {v}")
    if isinstance(v, dt.timedelta):
        raise ValueError(f"expected a date, found the duration {v}")
    s = str(v).strip()
    try:
        m = _ISO_DATE.fullmatch(s)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _NUMERIC_DATE.fullmatch(s)
        if m:
            a, b, c = m[1], m[3], m[4]
            if len(a) == 4 or date_order == "YMD":
                y, mo, d, order = _full_year(a), int(b), int(c), "year/month/day"
            elif date_order == "DMY":
                d, mo, y, order = int(a), int(b), _full_year(c), "day/month/year"
            else:
                mo, d, y, order = int(a), int(b), _full_year(c), "month/day/year"
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise ValueError(f"{s!r} is not a date when read as {order} (see Date Order in Settings)") from None
        if _SERIAL_TEXT.fullmatch(s):
            return _serial_to_date(float(s))
        dayfirst, yearfirst = date_order == "DMY", date_order == "YMD"
        r = dateparser.parse(s, dayfirst=dayfirst, yearfirst=yearfirst, default=_DEFAULT_A)
        if r.year == 1 or r.month == 1 or r.day == 1:
            # dateutil fills what is missing from the default; a second default shows whether it had to.
            r2 = dateparser.parse(s, dayfirst=dayfirst, yearfirst=yearfirst, default=_DEFAULT_B)
            if r2 != r:
                raise ValueError(f"a date needs a day, a month and a year, found {s!r}")
        return r.date()
    except OverflowError:
        raise ValueError(f"expected a date, found {s!r}") from None
    except ValueError as e:
        if str(e).startswith(("a date needs", repr(s))):
            raise
        raise ValueError(f"expected a date, found {s!r}") from None


_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m?\.?)?$", re.IGNORECASE
)
_HHMM_RE = re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})\s*(?P<ampm>[ap]\.?m?\.?)?$", re.IGNORECASE)
_DAY = dt.timedelta(days=1)
# Date parts that mean "a time past midnight": a time-formatted cell holding 1.0625 (25:30) reaches Python as
# 1899-12-31 01:30 through OLE/xlwings and as 1900-01-01 01:30 (or the date 1900-01-01 for exactly 24:00)
# through calamine, which counts Excel serials from 1899-12-31 before March 1900.
_TIME_DAY_OFFSET = {dt.date(1899, 12, 30): dt.timedelta(0), dt.date(1899, 12, 31): _DAY, dt.date(1900, 1, 1): _DAY}


def _clock(t: dt.time | dt.datetime) -> dt.timedelta:
    """The clock time, to the nearest second (Excel's float times can land a microsecond short)."""
    return dt.timedelta(hours=t.hour, minutes=t.minute, seconds=t.second + (t.microsecond >= 500_000))


def parse_time(v: Any) -> dt.timedelta:
    """A time of day as an offset from midnight; '25:30' and 1.0625 stay past midnight."""
    if isinstance(v, dt.timedelta):
        return v
    if isinstance(v, dt.time):
        return _clock(v)
    if isinstance(v, dt.datetime):
        # A bare time past midnight (see _TIME_DAY_OFFSET); any other datetime keeps its clock only.
        return _TIME_DAY_OFFSET.get(v.date(), dt.timedelta(0)) + _clock(v)
    if isinstance(v, dt.date):
        # calamine hands over exactly 24:00 in a time-formatted cell as the date 1900-01-01.
        if v in _TIME_DAY_OFFSET:
            return _TIME_DAY_OFFSET[v]
        raise ValueError(f"expected a time, found the date {v}")
    if isinstance(v, bool):
        raise ValueError("expected a time, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        if 0 <= v < 2:
            return _round_minute(dt.timedelta(days=float(v)))
        if float(v).is_integer() and 2 <= v < 3000:
            # 730 or 1930 typed into a General cell (Excel drops the leading zero of 0730): military time.
            return parse_time(str(int(v)))
        raise ValueError(f"expected a time, found the number {v!r} (times are fractions of a day)")
    s = str(v).strip().replace("\u202f", " ").replace("\u00a0", " ")
    low = s.casefold()
    if low in {"noon", "12 noon", "midday"}:
        return dt.timedelta(hours=12)
    if low == "midnight":
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


_MAX_DURATION_HOURS = 10_000  # a longer "estimated time" is a typo, and timedelta overflows not far beyond


def _hours(x: float) -> dt.timedelta:
    if not 0 <= x < _MAX_DURATION_HOURS:
        raise ValueError(f"expected a duration, found {x:g} hours")
    return _round_minute(dt.timedelta(hours=x))


_DUR_MIN = re.compile(r"(\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?)")
_DUR_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)")
_DUR_HM = re.compile(r"(\d+)\s*(?:h|hr|hrs|hours?)\s*(\d+)\s*(?:m|min|mins|minutes?)?")
_DECIMAL = re.compile(r"\d+(?:\.\d*)?|\.\d+")


def parse_duration(v: Any) -> dt.timedelta:
    """Est. time: '1:30' (h:mm), '90 min', '1h30', '1 hr 30 min', 0.0625 (day fraction) or 1.5 (hours)."""
    if isinstance(v, str):
        s = v.strip().casefold()
        if _DECIMAL.fullmatch(s) and not _TIME_RE.match(s):
            # "1.5" typed as text means what the number 1.5 means (hours); "1.30" stays h.mm below.
            return parse_duration(float(s))
        m = _DUR_MIN.fullmatch(s)
        if m:
            return _hours(float(m[1]) / 60)
        m = _DUR_HOURS.fullmatch(s)
        if m:
            return _hours(float(m[1]))
        m = _DUR_HM.fullmatch(s)
        if m and int(m[2]) < 60:
            return _hours(int(m[1])) + dt.timedelta(minutes=int(m[2]))
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        if v < 0 or math.isnan(v) or math.isinf(v):
            raise ValueError(f"expected a duration, found {v!r}")
        if v >= 1:
            return _hours(float(v))
        return _round_minute(dt.timedelta(days=float(v)))
    return parse_time(v)


_MAX_PAGES = 100_000
_PAGES_RE = re.compile(r"^(?:(?P<whole>\d+)(?:\s+|\s*-\s*))?(?P<num>\d+)\s*/\s*(?P<den>[248])$|^(?P<only>\d+)$")


def parse_pages(v: Any) -> int:
    """Pages as eighths: '1 3/8' = 11, '11/8' = 11, 1.375 = 11, '3/8' = 3, '2' = 16, '1 1/2' = 12.

    Anything shorter than an eighth still counts as one eighth, as on every stripboard."""
    if isinstance(v, bool):
        raise ValueError("expected a page count, found TRUE/FALSE")
    if isinstance(v, (int, float)):
        if not 0 <= v < _MAX_PAGES:  # also NaN
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
        if eighths >= _MAX_PAGES * 8:
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


_LIST_SEP = re.compile(r"[,;/\n]+")


def parse_list(v: Any) -> tuple[str, ...]:
    """'1, 2, 5' or '1 2 5' -> ('1', '2', '5').

    Spaces separate items only when there is no comma, semicolon, slash or line break: 'White, Double White'
    is two revision colours and 'SC007 = error, CR004=info' two severity overrides."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (parse_id(v),)
    s = str(v).strip()
    parts = _LIST_SEP.split(s) if _LIST_SEP.search(s) else s.split()
    return tuple(" ".join(p.split()) for p in parts if p.strip())


@functools.lru_cache(maxsize=256)
def _enum_lookup(allowed: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Allowed values and their aliases by spelling, ignoring case, spaces and punctuation ('Int.' = 'INT')."""
    out: dict[str, str] = {}
    for alias, target in aliases:
        out[alias.casefold().replace(" ", "")] = target
        out.setdefault(normalise_header(alias), target)
    for a in allowed:  # allowed values win over aliases
        out[a.casefold().replace(" ", "")] = a
        out[normalise_header(a)] = a
    return out


def parse_enum(v: Any, col: Column) -> str:
    s = parse_text(v)
    lookup = _enum_lookup(col.allowed, col.value_aliases)
    hit = lookup.get(s.casefold().replace(" ", "")) or lookup.get(normalise_header(s))
    if hit is None:
        raise ValueError(f"{s!r} is not one of: {', '.join(col.allowed)}")
    return hit


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


_BLANK = object()  # what a converter returns for an empty cell

# The Python type a column's cells usually arrive as from calamine, taken as they are without a call.
_NATIVE: dict[ColType, type] = {
    ColType.NUMBER: float, ColType.MONEY: float, ColType.DATE: dt.date, ColType.TIME: dt.timedelta,
    ColType.DURATION: dt.timedelta, ColType.BOOL: bool,
}  # fmt: skip
_TEXT_TYPES = frozenset({ColType.TEXT, ColType.EMAIL, ColType.PHONE})


def _id_text(s: str) -> str:
    return " ".join(s.split())


def _number_from_float(v: float) -> Any:
    if v != v:  # NaN is an empty cell
        return _BLANK
    if v in (math.inf, -math.inf):
        raise ValueError(f"expected a number, found {v!r}")
    return v


def _int_from_float(v: float) -> Any:
    if v != v:
        return _BLANK
    return int(v) if v.is_integer() and abs(v) < _MAX_INT else parse_int(v)


def _pages_from_float(v: float) -> Any:
    if v != v:
        return _BLANK
    if 0 < v < _MAX_PAGES:
        e = round(v * 8)
        return e if e else 1
    return parse_pages(v)


def _id_from_float(v: float) -> Any:
    if v != v:
        return _BLANK
    return str(int(v)) if v.is_integer() else parse_id(v)


def _nan_or(parse: Callable[[Any], Any]) -> Callable[[float], Any]:
    def from_float(v: float) -> Any:
        return parse(v) if v == v else _BLANK

    return from_float


def _converters(col: Column, date_order: str) -> tuple[Callable[[str], Any], dict[type, Callable[[Any], Any]]]:
    """How a column reads a stripped, non-blank string, and converters by the exact type of other cells."""
    t = col.type
    parse: Callable[[Any], Any] = functools.partial(parse_value, col=col, date_order=date_order)
    from_str: Callable[[str], Any] = parse
    if t is ColType.ID:
        from_str = _id_text
    elif t is ColType.ENUM:
        lookup = _enum_lookup(col.allowed, col.value_aliases)

        def from_str(s: str) -> Any:
            hit = lookup.get(s.casefold().replace(" ", "")) or lookup.get(normalise_header(s))
            return hit if hit is not None else parse_enum(s, col)  # parse_enum raises with the message

    by_float = {ColType.NUMBER: _number_from_float, ColType.MONEY: _number_from_float, ColType.INT: _int_from_float,
                ColType.PAGES: _pages_from_float, ColType.ID: _id_from_float}  # fmt: skip
    others: dict[type, Callable[[Any], Any]] = {
        float: by_float.get(t) or _nan_or(parse), int: parse, bool: parse, dt.date: parse, dt.datetime: parse,
        dt.time: parse, dt.timedelta: parse,
    }  # fmt: skip
    if t is ColType.DATE:
        others[dt.datetime] = dt.datetime.date
    elif t is ColType.TIME:
        others[dt.time] = _clock
    return from_str, others


def coerce_column(
    values: Sequence[Any], col: Column, date_order: str = "MDY"
) -> tuple[pd.Series, list[tuple[int, str]], list[int]]:
    """Convert one column. Returns (typed Series, [(position, error)], [positions that were blank]).

    Cells already of the column's usual type (a float in a money column, a date in a date column), empty
    strings and text in text columns are handled inline; only other cells pay for a parser call."""
    n = len(values)
    out: list[Any] = [None] * n
    errors: list[tuple[int, str]] = []
    blanks: list[int] = []
    native = _NATIVE.get(col.type, _BLANK)  # _BLANK: no cell is of that type
    text = col.type in _TEXT_TYPES
    from_str, others = _converters(col, date_order)
    other = others.get
    blank_strings = BLANK_STRINGS
    # Coordinators repeat themselves ('INT', '1 3/8', '1, 2'): each distinct text is parsed once per column.
    memo: dict[str, Any] = {}
    for i, v in enumerate(values):
        tv = type(v)
        if tv is native:
            out[i] = v
            continue
        try:
            if tv is str:
                s = v.strip()
                if not s or (len(s) <= 4 and s.casefold() in blank_strings):
                    blanks.append(i)
                elif text:
                    out[i] = s
                else:
                    r = memo.get(s, _BLANK)
                    if r is _BLANK:
                        r = memo[s] = from_str(s)
                    out[i] = r
                continue
            if v is None:
                blanks.append(i)
                continue
            conv = other(tv)
            r = conv(v) if conv is not None else _BLANK if is_blank(v) else parse_value(v, col, date_order)
        except (ValueError, OverflowError) as e:  # OverflowError: a last guard, never seen from the parsers
            errors.append((i, str(e) if isinstance(e, ValueError) else f"{v!r} is out of range"))
            continue
        if r is _BLANK:
            blanks.append(i)
        else:
            out[i] = r
    series = to_series(out, col.type)
    if native is float:
        # Floats were taken as they are: NaN (from pandas-made grids) is an empty cell, inf cannot be a number.
        arr = series.to_numpy(dtype=float, na_value=math.nan)
        odd = ~np.isfinite(arr)
        if odd.any():
            odd[blanks] = False
            odd[[p for p, _ in errors]] = False
            for p in np.flatnonzero(odd).tolist():
                if out[p] != out[p]:
                    blanks.append(p)
                else:
                    errors.append((p, f"expected a number, found {out[p]!r}"))
            blanks.sort()
            errors.sort()
            series = series.where(np.isfinite(arr), pd.NA)
    return series, errors, blanks


def to_series(values: list[Any], col_type: ColType) -> pd.Series:
    dtype = dtype_for(col_type)
    if col_type is ColType.LIST:
        return pd.Series([v if v is not None else () for v in values], dtype="object")
    if col_type is ColType.DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")).astype(dtype)
    if col_type in (ColType.TIME, ColType.DURATION):
        return pd.Series(pd.to_timedelta(pd.Series(values, dtype="object"), errors="coerce")).astype(dtype)
    return pd.Series(pd.array(values, dtype=dtype))
