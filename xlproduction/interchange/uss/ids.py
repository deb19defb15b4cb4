"""Identifiers and timestamps as USS files carry them.

IDs are 24 hex digits, the shape of the BSON ObjectIds the standard calls best practice, derived from what the
object *is* (a scene's number, a category's UCID, a cast ID) rather than drawn at random: exporting an unchanged
workbook twice gives the same file, and a scheduler re-importing it sees the same objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re


def object_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]


def timestamp(when: dt.datetime) -> str:
    """``2026-03-02T09:00:00.000Z`` (UTC, milliseconds), as the standard's examples write them."""
    utc = when.astimezone(dt.UTC) if when.tzinfo else when
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def date_stamp(d: dt.date) -> str:
    return f"{d.isoformat()}T00:00:00.000Z"


_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: object) -> dt.date | None:
    """The calendar date a USS date string names: its ``YYYY-MM-DD`` part as written.

    Schedulers write the shoot day's wall date with whatever offset they run in (``2020-06-20T08:00:00.000Z`` from
    Los Angeles, ``2022-08-03T07:00:00.000+0000``); converting to another zone would move days across midnight, so
    the date is taken as written."""
    if not isinstance(text, str):
        return None
    m = _DATE.match(text)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def uss_weekday(d: dt.date) -> int:
    """The standard's weekday numbers: 0 = Sunday … 6 = Saturday."""
    return (d.weekday() + 1) % 7
