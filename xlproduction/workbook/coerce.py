"""Turning what coordinators really type into typed values.

Cells arrive from python-calamine as floats, strings, datetimes or times, whatever the user typed: ``1 3/8``,
``"7:30 AM"``, ``0.3125``, ``$1,250.00``, ``03/02/2027``, Excel serial dates. Each parser here either returns
the value or raises ``ValueError`` with a message a coordinator can act on; the reader turns those into
findings. Columns are converted in bulk where their cells allow it (numpy for a column of floats or dates, one
conversion per distinct value for text and for anything else whose equal cells read alike), so only the odd
typed-as-text cells go through the full parsers, once each.
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

from ..model.columns import OBJECT, dtype_for, pandas_dtype, to_series  # noqa: F401  (re-exported)
from ..model.contract import ColType, Column, normalise_header
from ..model.pages import MAX_PAGES, format_pages, parse_pages  # noqa: F401  (parse_value types pages)

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


_LONGEST_BLANK = max(map(len, BLANK_STRINGS))


def _is_blank_str(s: str) -> bool:
    """``s`` already stripped."""
    return not s or (len(s) <= _LONGEST_BLANK and s.casefold() in BLANK_STRINGS)


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


_LIST_SEP = re.compile(r"[,;/\n]+")


def parse_list(v: Any) -> tuple[str, ...]:
    """'1, 2, 5' or '1 2 5' -> ('1', '2', '5').

    Spaces separate items only when there is no comma, semicolon, slash or line break: 'White, Double White'
    is two revision colours and 'SC007 = error, CR004=info' two severity overrides."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (parse_id(v),)
    s = str(v).strip()
    # One part exactly when there is no separator. Commas alone (the usual '1, 2, 5') split as well without the
    # regex: the empty parts a run of commas leaves are dropped below.
    parts = s.split(",") if ";" not in s and "/" not in s and "\n" not in s else _LIST_SEP.split(s)
    if len(parts) == 1:
        parts = s.split()
    # Each item with its runs of spaces collapsed, and the empty ones dropped (in C: lists run to thousands).
    return tuple(filter(None, map(" ".join, map(str.split, parts))))


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
    if 0 < v < MAX_PAGES:
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


_PARSERS: dict[ColType, Callable[[Any], Any]] = {
    ColType.ID: parse_id, ColType.TEXT: parse_text, ColType.EMAIL: parse_text, ColType.PHONE: parse_phone,
    ColType.NUMBER: parse_number, ColType.MONEY: parse_number, ColType.PERCENT: parse_percent, ColType.INT: parse_int,
    ColType.BOOL: parse_bool, ColType.TIME: parse_time, ColType.DURATION: parse_duration, ColType.PAGES: parse_pages,
    ColType.LIST: parse_list,
}  # fmt: skip


def _converters(col: Column, date_order: str) -> tuple[Callable[[str], Any], dict[type, Callable[[Any], Any]]]:
    """How a column reads a stripped, non-blank string, and converters by the exact type of other cells."""
    t = col.type
    # parse_value's parser for the column, called directly (a column of lists can have thousands of texts to parse).
    parse: Callable[[Any], Any] = (
        functools.partial(parse_date, date_order=date_order) if t is ColType.DATE
        else functools.partial(parse_enum, col=col) if t is ColType.ENUM
        else _PARSERS[t]
    )  # fmt: skip
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
    """Convert one column. Returns (typed Series, [(position, error)], [positions that were blank])."""
    series, errors, blank = coerce_cells(values, col, date_order)
    return series, errors, np.flatnonzero(blank).tolist()


def coerce_cells(
    values: Sequence[Any], col: Column, date_order: str = "MDY"
) -> tuple[pd.Series, list[tuple[int, str]], np.ndarray]:
    """``coerce_column`` with the blank cells as a boolean mask, which is what the table builder works with.

    A column whose cells are all of one Python type (what calamine hands over for a clean column: floats, dates,
    or text) is converted in bulk (see ``_uniform``), one of a few types once per distinct value (see
    ``_by_distinct_value``), any other cell by cell. All give the same values, errors and blanks: the bulk paths are
    only taken where they provably agree with the cell-by-cell rules. The cells' exact types are taken first (a
    subclass of str is not a str there), so that no cell takes a path meant for another type."""
    types = list(map(type, values))
    if types:
        if types.count(types[0]) == len(types):  # list.count compares identity first: all in C
            kinds = {types[0]}
            done = _uniform(values, types[0], col, date_order)
        else:
            kinds = set(types)
            done = None
        if done is None:
            done = _by_distinct_value(values, kinds, col, date_order)
        if done is not None:
            return done
    series, errors, blanks = _cell_by_cell(values, col, date_order)
    blank = np.zeros(len(values), dtype=bool)
    blank[blanks] = True
    return series, errors, blank


def _cell_by_cell(
    values: Sequence[Any], col: Column, date_order: str
) -> tuple[pd.Series, list[tuple[int, str]], list[int]]:
    """The reference conversion, for columns of mixed types: cells already of the column's usual type (a float in a
    money column, a date in a date column), empty strings and text in text columns are handled inline; only other
    cells pay for a parser call."""
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


# --- conversion in bulk ------------------------------------------------------------------------------------------
#
# A 100,000-line ledger is mostly columns whose cells are all of one Python type, and that repeat themselves (its
# vendors, statuses, accounts and blank notes). Converting them cell by cell in Python was most of the time of reading
# a workbook, so floats and dates go through numpy, and other columns are converted once per distinct value, found in
# one C-level pass, the typed column then built from the distinct values by numpy. Each path below gives exactly what
# ``_cell_by_cell`` gives; where it could not (a NaN or an infinity among native floats, a date outside the range
# pandas 2 and 3 read alike, cells of unusual types), the column goes cell by cell.

_SAMPLE = 2048  # cells looked at to decide whether a text column repeats itself enough to go by distinct value
_MAX_EXACT_INT = float(_MAX_INT)
# Dates numpy and every pandas version since 2.0 turn into the same second-resolution timestamp: inside the range of
# nanosecond timestamps (1677-2262), which ``pd.to_datetime`` (``to_series``) reads the same in pandas 2 and 3.
_DATE_ORDINALS = (dt.date(1678, 1, 1).toordinal(), dt.date(2261, 12, 31).toordinal())
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Column types whose reading of a float is the same for 0.0 and -0.0, the only equal floats that differ: their
# floats can be converted once per distinct value (a dict holds 0.0 and -0.0 as one key). Not numbers, whose sign
# is kept, nor dates, whose error message shows it.
_FLOAT_BY_VALUE = frozenset({ColType.ID, ColType.TEXT, ColType.EMAIL, ColType.PHONE, ColType.ENUM, ColType.BOOL,
                             ColType.LIST, ColType.INT, ColType.PAGES, ColType.TIME, ColType.DURATION})  # fmt: skip


def _id_texts(texts: Sequence[str]) -> list[str]:
    """``_id_text`` of every string, in C: ``" ".join(s.split())`` also strips."""
    return list(map(" ".join, map(str.split, texts)))


def _stripped(texts: Sequence[str]) -> list[str]:
    return list(map(str.strip, texts))


def _uniform(
    values: Sequence[Any], kind: type, col: Column, date_order: str
) -> tuple[pd.Series, list[tuple[int, str]], np.ndarray] | None:
    """A column whose cells are all of type ``kind``, converted in bulk: text in text and ID columns, the floats or
    dates of numeric and date columns, the floats of other columns (account numbers) by distinct value. None for any
    other, or when some cell needs more (see _floats and _dates)."""
    t = col.type
    n = len(values)
    none_blank = np.zeros(n, dtype=bool)
    if kind is str:
        if t in _TEXT_TYPES or t is ColType.ID:
            # Text columns keep the stripped text, IDs also collapse inner runs of spaces (``_id_text``).
            series, blank = _texts(values, t, _id_texts if t is ColType.ID else _stripped)
            return series, [], blank
        return None
    if kind is _NATIVE.get(t):
        # Taken as they are, as ``_cell_by_cell`` does (which only checks floats afterwards: see _floats).
        if kind is float:
            series = _floats(np.fromiter(values, dtype=float, count=n), t)
            return None if series is None else (series, [], none_blank)
        if kind is dt.date:
            return _dates(values), [], none_blank
        return to_series(list(values), t), [], none_blank
    if kind is float:
        arr = np.fromiter(values, dtype=float, count=n)
        if t in (ColType.INT, ColType.PAGES, ColType.PERCENT):
            series = _floats(arr, t)
            if series is not None:
                return series, [], none_blank
        if t in _FLOAT_BY_VALUE:
            # Each distinct float read once (account numbers): pandas finds them in C, NaN apart (code -1).
            codes, distinct = pd.factorize(arr)
            keys: list[Any] = distinct.tolist()
            if (codes < 0).any():
                codes[codes < 0] = len(keys)
                keys.append(math.nan)
            _, others = _converters(col, date_order)
            return _read_distinct(keys, codes, t, others[float])
    return None


# Cell types whose equal values always read the same (see _by_distinct_value). Equal datetimes or times in different
# time zones would not, so those are checked to have none.
_BY_VALUE_KINDS = frozenset({str, float, int, bool, type(None), dt.date, dt.datetime, dt.time, dt.timedelta})
_NUMERIC_KINDS = frozenset({float, int, bool})


def _by_distinct_value(
    values: Sequence[Any], kinds: set[type], col: Column, date_order: str
) -> tuple[pd.Series, list[tuple[int, str]], np.ndarray] | None:
    """Convert each distinct cell once, as ``_cell_by_cell`` would, where equal cells are sure to read the same:
    None otherwise. Not with two numeric types (1 == 1.0 == True, and TRUE is no number), nor with floats where
    0.0 and -0.0 read differently (see _FLOAT_BY_VALUE), nor with cells of other types (numpy or pandas scalars)."""
    if not kinds <= _BY_VALUE_KINDS or len(kinds & _NUMERIC_KINDS) > 1:
        return None
    if float in kinds and col.type not in _FLOAT_BY_VALUE:  # also keeps the NaN and inf checks of native floats
        return None
    return _by_value(values, col.type, _cell_reader(col, date_order))


def _cell_reader(col: Column, date_order: str) -> Callable[[Any], Any]:
    """What ``_cell_by_cell`` does with one cell, as a function: the value, _BLANK, or a raised ValueError. (A
    native float, which it checks afterwards, never comes here: see _by_distinct_value.)"""
    native = _NATIVE.get(col.type, _BLANK)
    text = col.type in _TEXT_TYPES
    from_str, others = _converters(col, date_order)

    def read(v: Any) -> Any:
        tv = type(v)
        if tv is native:
            return v
        if tv is str:
            s = v.strip()
            if _is_blank_str(s):
                return _BLANK
            return s if text else from_str(s)
        if v is None:
            return _BLANK
        conv = others.get(tv)
        return conv(v) if conv is not None else _BLANK if is_blank(v) else parse_value(v, col, date_order)

    return read


def _floats(arr: np.ndarray, t: ColType) -> pd.Series | None:
    """A column of floats in a numeric column, in numpy; None when some float needs ``_cell_by_cell`` (NaN is a
    blank cell there, infinity an error, and a fraction in a whole-number column an error)."""
    if not np.isfinite(arr).all():
        return None
    if t in (ColType.NUMBER, ColType.MONEY):
        return pd.Series(pd.array(arr, dtype=pandas_dtype(t)))
    if t is ColType.PERCENT:
        # parse_percent: a bare number above 1 is a percentage (6.2 is 6.2%), one up to 1 a fraction already.
        return pd.Series(pd.array(np.where(np.abs(arr) > 1, arr / 100, arr), dtype=pandas_dtype(t)))
    if t is ColType.INT:
        if not ((np.trunc(arr) == arr) & (np.abs(arr) < _MAX_EXACT_INT)).all():
            return None  # a fraction, or a number too large to be whole in a float: _cell_by_cell reports it
        return pd.Series(pd.array(arr.astype(np.int64), dtype=pandas_dtype(t)))
    if t is ColType.PAGES:
        if not ((arr >= 0) & (arr < MAX_PAGES)).all():
            return None
        # round(v * 8) in Python and np.rint both round halves to even; anything above 0 is at least an eighth.
        eighths = np.rint(arr * 8).astype(np.int64)
        eighths[(eighths == 0) & (arr > 0)] = 1
        return pd.Series(pd.array(eighths, dtype=pandas_dtype(t)))
    return None


def _dates(values: Sequence[dt.date]) -> pd.Series:
    """A column of ``datetime.date``s as ``to_series`` makes it, through day numbers instead of pandas' parser."""
    ordinals = np.fromiter(map(dt.date.toordinal, values), dtype=np.int64, count=len(values))
    lo, hi = _DATE_ORDINALS
    if len(ordinals) and not (lo <= ordinals.min() and ordinals.max() <= hi):
        return to_series(list(values), ColType.DATE)
    days = (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")
    return pd.Series(days.astype(pandas_dtype(ColType.DATE)))


def _texts(
    values: Sequence[str], t: ColType, clean: Callable[[Sequence[str]], list[str]]
) -> tuple[pd.Series, np.ndarray]:
    """A column of strings in a text or ID column: each cleaned (``clean`` maps a list of strings), blank where it is
    empty or a placeholder of BLANK_STRINGS. A column that repeats itself (most do: vendors, statuses, empty notes)
    is cleaned once per distinct string; one that does not (transaction numbers) cell by cell, still in C."""
    sample = values[:_SAMPLE]
    if len(set(sample)) * 2 > len(sample):
        cleaned: list[Any] = clean(values)
        blank = np.zeros(len(values), dtype=bool)
        blank[_blank_texts(cleaned)] = True
        return to_series(cleaned, t), blank
    keys, codes = _distinct(values)
    cleaned = clean(keys)
    blank_key = np.zeros(len(keys), dtype=bool)
    blank_key[_blank_texts(cleaned)] = True
    return _spread(cleaned, t, codes), blank_key[codes]


def _blank_texts(cleaned: list[Any]) -> list[int]:
    """Positions of the blank strings of ``cleaned`` (stripped), which become None. A blank string is at most as
    long as the longest placeholder (casefolding never shortens a string), so only short strings are looked at."""
    if min(map(len, cleaned), default=_LONGEST_BLANK + 1) > _LONGEST_BLANK:
        return []
    lengths = np.fromiter(map(len, cleaned), dtype=np.intp, count=len(cleaned))
    at = [i for i in np.flatnonzero(lengths <= _LONGEST_BLANK).tolist() if _is_blank_str(cleaned[i])]
    for i in at:
        cleaned[i] = None
    return at


def _distinct(values: Sequence[Any]) -> tuple[list[Any], np.ndarray]:
    """The distinct cells of a column in order of appearance, and the index of each cell among them, in one pass
    in C (NaN floats are told apart by identity, as dicts do). The column is then built from the distinct values
    alone (``_spread``): cells are new objects scattered in memory, and every pass over them counts."""
    n = len(values)
    first: dict[Any, int] = {}  # distinct cell -> position of its first occurrence
    at_first = np.fromiter(map(first.setdefault, values, range(n)), dtype=np.intp, count=n)
    number = np.empty(n, dtype=np.intp)  # those positions renumbered 0, 1, 2... by numpy
    number[np.fromiter(first.values(), dtype=np.intp, count=len(first))] = np.arange(len(first))
    return list(first), number[at_first]


def _spread(results: list[Any], t: ColType, codes: np.ndarray) -> pd.Series:
    """The typed column of the cells whose distinct values read as ``results`` (None: missing). ``to_series``
    converts value by value, so converting the distinct values and repeating them gives the same column."""
    typed = to_series(results, t).array if t in _CONVERTED else pd.array(results, dtype=pandas_dtype(t))
    return pd.Series(typed.take(codes))


def _by_value(
    values: Sequence[Any], t: ColType, convert: Callable[[Any], Any]
) -> tuple[pd.Series, list[tuple[int, str]], np.ndarray] | None:
    """Convert each distinct cell once (``convert`` returns the value or _BLANK, or raises as in ``_cell_by_cell``)
    and hand the result to every cell holding it. Only for columns where equal cells read the same; None for one
    with a datetime or time in a time zone (Excel has none: only a grid made by hand could)."""
    keys, codes = _distinct(values)
    if any(type(k) in (dt.datetime, dt.time) and k.tzinfo is not None for k in keys):
        return None
    return _read_distinct(keys, codes, t, convert)


def _read_distinct(
    keys: list[Any], codes: np.ndarray, t: ColType, convert: Callable[[Any], Any]
) -> tuple[pd.Series, list[tuple[int, str]], np.ndarray]:
    """``_by_value`` once the distinct cells are known (``codes``: the index of each cell among them)."""
    results: list[Any] = [None] * len(keys)
    blank_key = np.zeros(len(keys), dtype=bool)
    failed: dict[int, str] = {}
    for i, v in enumerate(keys):
        try:
            r = convert(v)
        except (ValueError, OverflowError) as e:  # OverflowError: a last guard, as in _cell_by_cell
            failed[i] = str(e) if isinstance(e, ValueError) else f"{v!r} is out of range"
            continue
        if r is _BLANK:
            blank_key[i] = True
        else:
            results[i] = r
    errors: list[tuple[int, str]] = []
    if failed:
        bad_key = np.zeros(len(keys), dtype=bool)
        bad_key[list(failed)] = True
        at = np.flatnonzero(bad_key[codes])
        errors = [(p, failed[k]) for p, k in zip(at.tolist(), codes[at].tolist(), strict=True)]
    return _spread(results, t, codes), errors, blank_key[codes]


_CONVERTED = frozenset({ColType.LIST, ColType.DATE, ColType.TIME, ColType.DURATION})  # more than pd.array in to_series
