"""Value parsers: what coordinators really type, read as typed values, or refused with a message to act on.

Each parser has data-driven pass cases (what is typed -> the value the production holds) and fail cases (what is
typed -> a fragment of the message the coordinator reads in the finding).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlproduction.model.contract import (
    ACTUALS,
    BUDGET,
    CAST,
    CREW,
    DAYS,
    SCENES,
    TABLES,
    ColType,
    Column,
)
from xlproduction.workbook import coerce as cv

D = dt.date
H = dt.timedelta


def hm(h: int, m: int = 0) -> dt.timedelta:
    return dt.timedelta(hours=h, minutes=m)


# --- dates -----------------------------------------------------------------------------------------------------

DATE_OK: list[tuple[Any, str, dt.date]] = [
    (D(2027, 3, 2), "MDY", D(2027, 3, 2)),
    (dt.datetime(2027, 3, 2, 14, 30), "MDY", D(2027, 3, 2)),
    (pd.Timestamp("2027-03-02 08:00"), "MDY", D(2027, 3, 2)),
    (46448.0, "MDY", D(2027, 3, 2)),  # Excel serial in a General cell
    (46448, "MDY", D(2027, 3, 2)),
    (46448.75, "MDY", D(2027, 3, 2)),  # a serial with a time part keeps the day
    ("46448", "MDY", D(2027, 3, 2)),  # serial stored as text
    ("2027-03-02", "DMY", D(2027, 3, 2)),  # ISO is ISO whatever the order
    ("2027-3-2", "MDY", D(2027, 3, 2)),
    ("2027-03-02T09:00:00", "MDY", D(2027, 3, 2)),
    ("2027-03-02 09:00", "MDY", D(2027, 3, 2)),
    ("03/02/2027", "MDY", D(2027, 3, 2)),
    ("03/02/2027", "DMY", D(2027, 2, 3)),
    ("3/2/27", "MDY", D(2027, 3, 2)),
    ("3-2-2027", "MDY", D(2027, 3, 2)),
    ("02.03.2027", "DMY", D(2027, 3, 2)),
    ("2027/03/02", "DMY", D(2027, 3, 2)),  # four leading digits: always year first
    ("27/03/02", "YMD", D(2027, 3, 2)),
    ("2 Mar 2027", "MDY", D(2027, 3, 2)),
    ("2 Mar 2027", "DMY", D(2027, 3, 2)),
    ("March 2, 2027", "DMY", D(2027, 3, 2)),
    ("Tue 2 March 2027", "MDY", D(2027, 3, 2)),
    ("2-Mar-27", "MDY", D(2027, 3, 2)),
    ("1 Jan 2027", "MDY", D(2027, 1, 1)),
    ("  03/02/2027 ", "MDY", D(2027, 3, 2)),
]


@pytest.mark.parametrize(("typed", "order", "expected"), DATE_OK)
def test_parse_date_reads(typed: Any, order: str, expected: dt.date) -> None:
    assert cv.parse_date(typed, order) == expected


DATE_BAD: list[tuple[Any, str, str]] = [
    ("31/02/2027", "DMY", "not a date when read as day/month/year"),
    ("02/31/2027", "MDY", "not a date when read as month/day/year"),
    ("13/02/2027", "MDY", "see Date Order in Settings"),  # day-first in an MDY workbook is not guessed
    ("2027-02-30", "MDY", "expected a date"),
    ("2027-13-01", "MDY", "expected a date"),
    ("abc", "MDY", "expected a date, found 'abc'"),
    ("3/2", "MDY", "needs a day, a month and a year"),
    ("March", "MDY", "needs a day, a month and a year"),
    ("Mar 2027", "MDY", "needs a day, a month and a year"),
    ("12", "MDY", "needs a day, a month and a year"),
    (12.0, "MDY", "found the number 12"),  # a day number typed in a date column, not 11 Jan 1900
    (-5.0, "MDY", "found the number"),
    (1e9, "MDY", "found the number"),
    (True, "MDY", "TRUE/FALSE"),
    (dt.time(7, 30), "MDY", "found the time"),
    (hm(7), "MDY", "found the duration"),
]


@pytest.mark.parametrize(("typed", "order", "message"), DATE_BAD)
def test_parse_date_refuses(typed: Any, order: str, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_date(typed, order)
    assert message in str(e.value)


# --- times -----------------------------------------------------------------------------------------------------

TIME_OK: list[tuple[Any, dt.timedelta]] = [
    (dt.time(7, 30), hm(7, 30)),
    (dt.time(7, 30, 59, 999_999), hm(7, 31)),  # float noise rounds to the second
    (hm(25, 30), hm(25, 30)),  # [h]:mm cell
    (0.3125, hm(7, 30)),  # day fraction in a General cell
    (0.5, hm(12)),
    (0.0, hm(0)),
    (1.0625, hm(25, 30)),  # past midnight as a day fraction
    (1.0, hm(24)),
    (0.29166666, hm(7)),  # rounded to the minute
    (730.0, hm(7, 30)),  # 0730 typed into a General cell: Excel keeps 730
    (1930, hm(19, 30)),
    (dt.datetime(1900, 1, 1, 1, 30), hm(25, 30)),  # calamine: 1.0625 in an h:mm cell
    (D(1900, 1, 1), hm(24)),  # calamine: 1.0 (24:00) in an h:mm cell
    (dt.datetime(1899, 12, 31, 1, 30), hm(25, 30)),  # xlwings/OLE: 1.0625
    (dt.datetime(1899, 12, 30, 7, 30), hm(7, 30)),  # xlwings/OLE: 0.3125
    (dt.datetime(2027, 3, 2, 7, 30), hm(7, 30)),  # a full date-time keeps its clock
    ("7:30 AM", hm(7, 30)),
    ("7:30am", hm(7, 30)),
    ("7:30 a.m.", hm(7, 30)),
    ("7:30\u202fPM", hm(19, 30)),  # narrow no-break space, as macOS types it
    ("7 PM", hm(19)),
    ("12:00 AM", hm(0)),
    ("12:15 PM", hm(12, 15)),
    ("19:30", hm(19, 30)),
    ("07:30:00", hm(7, 30)),
    ("7.30", hm(7, 30)),
    ("7h30", hm(7, 30)),
    ("730p", hm(19, 30)),
    ("730", hm(7, 30)),
    ("0730", hm(7, 30)),
    ("1930", hm(19, 30)),
    ("25:30", hm(25, 30)),
    ("noon", hm(12)),
    ("Noon", hm(12)),
    ("midnight", hm(24)),
]


@pytest.mark.parametrize(("typed", "expected"), TIME_OK)
def test_parse_time_reads(typed: Any, expected: dt.timedelta) -> None:
    assert cv.parse_time(typed) == expected


TIME_BAD: list[tuple[Any, str]] = [
    ("25:75", "not a valid time"),
    ("7:60", "not a valid time"),
    ("30:00", "not a valid time"),
    ("13:00 PM", "not a valid clock time"),
    ("0:30 AM", "not a valid clock time"),
    ("abc", "expected a time like 7:30 AM or 19:30"),
    ("7:30 tomorrow", "expected a time"),
    (2.5, "times are fractions of a day"),
    (-0.1, "times are fractions of a day"),
    (1960.0, "not a valid time"),  # 19:60
    (True, "TRUE/FALSE"),
    (D(2027, 3, 2), "found the date"),
]


@pytest.mark.parametrize(("typed", "message"), TIME_BAD)
def test_parse_time_refuses(typed: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_time(typed)
    assert message in str(e.value)


# --- durations -------------------------------------------------------------------------------------------------

DURATION_OK: list[tuple[Any, dt.timedelta]] = [
    ("1:30", hm(1, 30)),
    ("0:45", hm(0, 45)),
    ("90 min", hm(1, 30)),
    ("45m", hm(0, 45)),
    ("2h", hm(2)),
    ("1.5 hrs", hm(1, 30)),
    ("1h30", hm(1, 30)),
    ("1 hr 30 min", hm(1, 30)),
    ("1h 30m", hm(1, 30)),
    ("1.5", hm(1, 30)),  # a number typed as text means what the number means: hours
    (1.5, hm(1, 30)),
    (2, hm(2)),
    (0.0625, hm(1, 30)),  # a day fraction (an h:mm cell typed in General)
    (dt.time(1, 30), hm(1, 30)),
    (hm(2, 15), hm(2, 15)),
]


@pytest.mark.parametrize(("typed", "expected"), DURATION_OK)
def test_parse_duration_reads(typed: Any, expected: dt.timedelta) -> None:
    assert cv.parse_duration(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [("long", "expected a time"), (-1.0, "expected a duration"),
                                                ("1:75", "not a valid time")])  # fmt: skip
def test_parse_duration_refuses(typed: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_duration(typed)
    assert message in str(e.value)


# --- pages -----------------------------------------------------------------------------------------------------

PAGES_OK: list[tuple[Any, int]] = [
    ("1 3/8", 11),
    ("11/8", 11),
    (1.375, 11),
    ("1.375", 11),
    ("3/8", 3),
    ("2", 16),
    (2.0, 16),
    (2, 16),
    ("0 1/8", 1),
    ("1-3/8", 11),
    ("1 3/8 pgs", 11),
    ("2 pages", 16),
    ("1/2", 4),
    ("1 1/4", 10),
    (0.1, 1),  # shorter than an eighth still counts as one eighth
    (0.01, 1),
    ("0.1", 1),
    (0, 0),
    (0.125, 1),
    (D(2027, 3, 8), 3),  # Excel turned "3/8" into 8 March
    (D(2027, 8, 5), 5),  # ... or, day-first, "5/8" into 5 August
]


@pytest.mark.parametrize(("typed", "expected"), PAGES_OK)
def test_parse_pages_reads(typed: Any, expected: int) -> None:
    assert cv.parse_pages(typed) == expected


PAGES_BAD: list[tuple[Any, str]] = [
    ("abc", "expected pages like 1 3/8, 11/8 or 1.375, found 'abc'"),
    ("1 3/7", "expected pages like"),
    ("1/3", "expected pages like"),
    ("-1", "expected pages like"),
    (-0.5, "expected a page count"),
    (math.nan, "expected a page count"),
    (True, "TRUE/FALSE"),
    (D(2027, 3, 2), "format the column as # ?/8"),
]


@pytest.mark.parametrize(("typed", "message"), PAGES_BAD)
def test_parse_pages_refuses(typed: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_pages(typed)
    assert message in str(e.value)


@pytest.mark.parametrize(("eighths", "shown"), [(11, "1 3/8"), (8, "1"), (3, "3/8"), (0, "0"), (16, "2"), (1, "1/8")])
def test_format_pages(eighths: int, shown: str) -> None:
    assert cv.format_pages(eighths) == shown
    assert cv.parse_pages(shown) == eighths


# --- numbers and money -----------------------------------------------------------------------------------------

NUMBER_OK: list[tuple[Any, float]] = [
    (1250.0, 1250.0),
    (12, 12.0),
    ("1250", 1250.0),
    ("$1,250.00", 1250.0),
    ("$ 1,250", 1250.0),
    ("1,234,567.5", 1234567.5),
    ("(200)", -200.0),
    ("($1,250.00)", -1250.0),
    ("-200", -200.0),
    ("\u2212200", -200.0),  # typographic minus pasted from a PDF
    ("€500", 500.0),
    ("£ 12.50", 12.5),
    ("USD 100", 100.0),
    ("1 250", 1250.0),
    ("50%", 0.5),
    (" 7 ", 7.0),
]


@pytest.mark.parametrize(("typed", "expected"), NUMBER_OK)
def test_parse_number_reads(typed: Any, expected: float) -> None:
    assert cv.parse_number(typed) == pytest.approx(expected)


NUMBER_BAD: list[tuple[Any, str]] = [
    ("abc", "expected a number, found 'abc'"),
    ("1.250,00", "like 1,250.00"),  # a decimal comma is not silently read as 1.25
    ("12,5", "like 1,250.00"),
    ("1.2.3", "expected a number"),
    ("nan", "expected a number"),
    ("inf", "expected a number"),
    (True, "TRUE/FALSE"),
    (D(2027, 3, 2), "date or time"),
]


@pytest.mark.parametrize(("typed", "message"), NUMBER_BAD)
def test_parse_number_refuses(typed: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_number(typed)
    assert message in str(e.value)


@pytest.mark.parametrize(("typed", "expected"), [("6.2%", 0.062), (0.062, 0.062), (6.2, 0.062), ("6.2", 0.062),
                                                 ("15 %", 0.15), (1, 1.0), ("100%", 1.0), (0, 0.0)])  # fmt: skip
def test_parse_percent_reads(typed: Any, expected: float) -> None:
    assert cv.parse_percent(typed) == pytest.approx(expected)


@pytest.mark.parametrize("typed", ["six", "6,2%", True])
def test_parse_percent_refuses(typed: Any) -> None:
    with pytest.raises(ValueError, match="expected a number"):
        cv.parse_percent(typed)


@pytest.mark.parametrize(("typed", "expected"), [(3.0, 3), ("3", 3), ("1,000", 1000), (-15, -15), ("-15", -15),
                                                 ("3.0", 3)])  # fmt: skip
def test_parse_int_reads(typed: Any, expected: int) -> None:
    assert cv.parse_int(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [(2.5, "whole number"), ("2.5", "whole number"),
                                                ("Day 3", "expected a number"), (True, "TRUE/FALSE")])  # fmt: skip
def test_parse_int_refuses(typed: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_int(typed)
    assert message in str(e.value)


# --- booleans, ids, text, lists --------------------------------------------------------------------------------

BOOL_OK = [(True, True), (False, False), ("Yes", True), ("yes", True), ("Y", True), ("x", True), ("X", True),
           ("TRUE", True), ("✓", True), (1.0, True), ("No", False), ("N", False), ("false", False), (0, False),
           (" no ", False)]  # fmt: skip


@pytest.mark.parametrize(("typed", "expected"), BOOL_OK)
def test_parse_bool_reads(typed: Any, expected: bool) -> None:
    assert cv.parse_bool(typed) is expected


@pytest.mark.parametrize("typed", ["maybe", 2.0, "yess"])
def test_parse_bool_refuses(typed: Any) -> None:
    with pytest.raises(ValueError, match="expected Yes or No"):
        cv.parse_bool(typed)


@pytest.mark.parametrize(("typed", "expected"), [(12.0, "12"), (12, "12"), ("12A", "12A"), (" 12 ", "12"),
                                                 ("A  12", "A 12"), (12.5, "12.5"), ("012", "012")])  # fmt: skip
def test_parse_id_reads(typed: Any, expected: str) -> None:
    assert cv.parse_id(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [(True, "TRUE/FALSE"), (D(2027, 3, 2), "date or time"),
                                                (math.inf, "identifier")])  # fmt: skip
def test_parse_id_refuses(typed: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_id(typed)
    assert message in str(e.value)


@pytest.mark.parametrize(("typed", "expected"), [(12.0, "12"), ("  Kitchen ", "Kitchen"), (1.5, "1.5")])
def test_parse_text(typed: Any, expected: str) -> None:
    assert cv.parse_text(typed) == expected


PHONE_OK = [(4155550123.0, "4155550123"), (" +1 415 555 0123 ", "+1 415 555 0123")]


@pytest.mark.parametrize(("typed", "expected"), PHONE_OK)
def test_parse_phone(typed: Any, expected: str) -> None:
    assert cv.parse_phone(typed) == expected


LIST_OK = [
    ("1, 2, 3", ("1", "2", "3")),
    ("1,2,3", ("1", "2", "3")),
    ("1; 2;3", ("1", "2", "3")),
    ("1/2/3", ("1", "2", "3")),
    ("1 2 3", ("1", "2", "3")),
    ("1\n2", ("1", "2")),
    ("1, 2,", ("1", "2")),
    (4.0, ("4",)),
    ("White, Blue, Double White", ("White", "Blue", "Double White")),  # spaces inside items survive commas
    ("SC007 = error, CR004=info", ("SC007 = error", "CR004=info")),
]


@pytest.mark.parametrize(("typed", "expected"), LIST_OK)
def test_parse_list(typed: Any, expected: tuple[str, ...]) -> None:
    assert cv.parse_list(typed) == expected


# --- enums -----------------------------------------------------------------------------------------------------

INT_EXT = SCENES.column("int_ext")
DAY_NIGHT = SCENES.column("day_night")
DEPT = CREW.column("department")
UNION = CAST.column("union")
UNITS = BUDGET.column("units")
STATUS = ACTUALS.column("status")

ENUM_OK: list[tuple[Column, Any, str]] = [
    (INT_EXT, "INT", "INT"),
    (INT_EXT, "int", "INT"),
    (INT_EXT, "I", "INT"),
    (INT_EXT, "Interior", "INT"),
    (INT_EXT, "Int.", "INT"),
    (INT_EXT, "E", "EXT"),
    (INT_EXT, "I/E", "INT/EXT"),
    (INT_EXT, "int./ext.", "INT/EXT"),
    (INT_EXT, "Int / Ext", "INT/EXT"),
    (DAY_NIGHT, "D", "DAY"),
    (DAY_NIGHT, "night", "NIGHT"),
    (DAY_NIGHT, "Sunset", "DUSK"),
    (DEPT, "Wardrobe", "Costume"),
    (DEPT, "wardrobe", "Costume"),
    (DEPT, "HMU", "Hair & Makeup"),
    (DEPT, "Hair & Make-up", "Hair & Makeup"),
    (DEPT, "grips", "Grip"),
    (UNION, "SAG", "SAG-AFTRA"),
    (UNION, "sag aftra", "SAG-AFTRA"),
    (UNION, "non union", "Non-union"),
    (UNITS, "Wks", "Weeks"),
    (UNITS, "day", "Days"),
    (STATUS, "PO", "Open PO"),
    (STATUS, "paid", "Posted"),
]


@pytest.mark.parametrize(("col", "typed", "expected"), ENUM_OK)
def test_parse_enum_reads(col: Column, typed: Any, expected: str) -> None:
    assert cv.parse_enum(typed, col) == expected


@pytest.mark.parametrize(("col", "typed"), [(INT_EXT, "Outside"), (DAY_NIGHT, "Twilight"), (DEPT, "Catering Dept"),
                                            (UNITS, "3")])  # fmt: skip
def test_parse_enum_refuses(col: Column, typed: Any) -> None:
    with pytest.raises(ValueError) as e:
        cv.parse_enum(typed, col)
    assert f"{typed!r} is not one of: {', '.join(col.allowed)}" == str(e.value)


# --- blanks and whole columns ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [None, "", "   ", "-", "—", "n/a", "N/A", "TBD", "none", math.nan, pd.NA, pd.NaT])
def test_is_blank(typed: Any) -> None:
    assert cv.is_blank(typed)


@pytest.mark.parametrize("typed", [0, 0.0, False, "0", "x", "Nathan", D(2027, 3, 2)])
def test_is_not_blank(typed: Any) -> None:
    assert not cv.is_blank(typed)


def test_every_contract_type_has_a_dtype() -> None:
    for t in ColType:
        assert cv.dtype_for(t)
    for spec in TABLES:
        for col in spec.columns:
            series, _, _ = cv.coerce_column([], col)
            assert str(series.dtype) == cv.dtype_for(col.type)


COLUMN_CASES: list[tuple[Column, list[Any], list[Any], list[int], list[int]]] = [
    # column, cells, values (None = missing), blank positions, error positions
    (ACTUALS.column("amount"), [1250.0, "", "$1,250.00", "(200)", "abc", None, math.nan, math.inf, 7],
     [1250.0, None, 1250.0, -200.0, None, None, None, None, 7.0], [1, 5, 6], [4, 7]),
    (DAYS.column("date"), [D(2027, 3, 2), dt.datetime(2027, 3, 3, 9), 46450.0, "03/05/2027", "31/02/2027", " ", "tbd"],
     [D(2027, 3, 2), D(2027, 3, 3), D(2027, 3, 4), D(2027, 3, 5), None, None, None], [5, 6], [4]),
    (DAYS.column("crew_call"), [dt.time(7), hm(25, 30), 0.3125, "7:30 AM", "25:75", "", dt.datetime(1900, 1, 1, 1)],
     [hm(7), hm(25, 30), hm(7, 30), hm(7, 30), None, None, hm(25)], [5], [4]),
    (SCENES.column("pages"), [1.375, "1 3/8", "11/8", 0.1, "lots", "", 2.0],
     [11, 11, 11, 1, None, None, 16], [5], [4]),
    (SCENES.column("scene"), [12.0, "12A", " 14 ", "", 3],
     ["12", "12A", "14", None, "3"], [3], []),
    (SCENES.column("int_ext"), ["I", "EXT", "Outside", "", "int/ext", "I", "I"],
     ["INT", "EXT", None, None, "INT/EXT", "INT", "INT"], [3], [2]),
    (CAST.column("minor"), [True, "Yes", "n", "x", "", "maybe", 1.0],
     [True, True, False, True, None, None, True], [4], [5]),
    (DAYS.column("day"), [1.0, "2", 3, 4.5, "", "four"],
     [1, 2, 3, None, None, None], [4], [3, 5]),
    (SCENES.column("cast"), ["1, 2", 3.0, "", "1 2"],
     [("1", "2"), ("3",), (), ("1", "2")], [2], []),
    (SCENES.column("est_time"), [hm(1), "1:30", 0.0625, "90 min", "soon", ""],
     [hm(1), hm(1, 30), hm(1, 30), hm(1, 30), None, None], [5], [4]),
]  # fmt: skip


@pytest.mark.parametrize(("col", "cells", "values", "blanks", "errors"), COLUMN_CASES,
                         ids=[c[0].key for c in COLUMN_CASES])  # fmt: skip
def test_coerce_column(col: Column, cells: list[Any], values: list[Any], blanks: list[int], errors: list[int]) -> None:
    series, errs, blank_pos = cv.coerce_column(cells, col)
    assert str(series.dtype) == cv.dtype_for(col.type)
    got = [None if not isinstance(v, tuple) and pd.isna(v) else v for v in series.tolist()]
    if col.type is ColType.DATE:
        got = [None if v is None else v.date() for v in got]
    elif col.type in (ColType.TIME, ColType.DURATION):
        got = [None if v is None else pd.Timedelta(v).to_pytimedelta() for v in got]
    assert got == values
    assert blank_pos == blanks
    assert [p for p, _ in errs] == errors
    assert all(msg for _, msg in errs)


def test_coerce_column_follows_date_order() -> None:
    series, errors, _ = cv.coerce_column(["03/04/2027", "13/04/2027"], DAYS.column("date"), date_order="DMY")
    assert series.tolist() == [pd.Timestamp("2027-04-03"), pd.Timestamp("2027-04-13")]
    assert errors == []
    _, errors, _ = cv.coerce_column(["03/04/2027", "13/04/2027"], DAYS.column("date"), date_order="MDY")
    assert [p for p, _ in errors] == [1]


def test_repeated_text_is_parsed_once_but_read_every_time() -> None:
    cells = ["1 3/8"] * 1000 + ["abc"] * 3
    series, errors, _ = cv.coerce_column(cells, SCENES.column("pages"))
    assert series.iloc[:1000].eq(11).all()
    assert [p for p, _ in errors] == [1000, 1001, 1002]


def test_parse_value_dispatches_on_column_type() -> None:
    assert cv.parse_value("1 3/8", SCENES.column("pages")) == 11
    assert cv.parse_value("03/04/2027", DAYS.column("date"), "DMY") == D(2027, 4, 3)
    assert cv.parse_value(12.0, SCENES.column("scene")) == "12"
    assert cv.parse_value("wardrobe", DEPT) == "Costume"


CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["", " ", "-", "1 3/8", "7:30 AM", "$1,250.00", "(200)", "03/02/2027", "Yes", "I", "12A", "1, 2"]),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(min_value=-hm(48), max_value=hm(10_000)),
)  # fmt: skip
ONE_COLUMN_PER_TYPE = {c.type: c for spec in TABLES for c in spec.columns if c.formula is None}


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(CELLS, max_size=20), col_type=st.sampled_from(sorted(ONE_COLUMN_PER_TYPE)))
def test_coerce_column_never_raises_on_anything_a_cell_can_hold(cells: list[Any], col_type: ColType) -> None:
    col = ONE_COLUMN_PER_TYPE[col_type]
    series, errors, blanks = cv.coerce_column(cells, col)
    assert len(series) == len(cells) and str(series.dtype) == cv.dtype_for(col_type)
    bad = {p for p, _ in errors}
    assert not bad & set(blanks)
    for p in bad | set(blanks):
        v = series.iloc[p]
        assert v == () if col_type is ColType.LIST else pd.isna(v)
