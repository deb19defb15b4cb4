"""Shoot dates, night work and the calls and wraps of every day, built to respect the rest rules.

The times are constructed, not drawn: each call is the later of the day's usual call and the earliest call the
previous wrap allows, with a margin over the rules (crew 10 h, cast 12 h, weekly 56 h) wide enough for the
earliest personal calls (cast pickups 30 min before crew call, catering 90 min before). After a late start,
days are shortened to walk the call back, as an AD would. Nights only ever end a run of consecutive days,
because going from a night back to a day needs a weekend (or a holiday) in between.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import holidays

H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)

DAY_CALL = 7 * H
NIGHT_CALL = 16 * H
DAY_LENGTH = 11 * H  # crew call to estimated wrap, lunch included
SHORTEST_DAY = 9.5 * H
REST = 13 * H  # next call after a wrap on the next calendar day: 12 h cast rest + 30 min pickup + margin
WEEKLY_REST = 57 * H  # across weekends and holidays: 56 h cast weekly rest + margin
LUNCH_AFTER = 5.5 * H  # first meal within 6 h of call
NIGHT_SHARE = 0.3
MINOR_LATEST_WRAP = 21 * H  # an hour before the 10 pm limit for minors


@dataclass(frozen=True, slots=True)
class DayTimes:
    crew_call: dt.timedelta
    shooting_call: dt.timedelta
    lunch: dt.timedelta
    est_wrap: dt.timedelta
    actual_wrap: dt.timedelta | None

    @property
    def wrap(self) -> dt.timedelta:
        """The wrap the rest rules measure from: actual when known, else estimated."""
        return self.actual_wrap if self.actual_wrap is not None else self.est_wrap


def shoot_dates(start: dt.date, n: int, country: str = "US", subdivision: str = "CA") -> list[dt.date]:
    """The first n weekdays from start that are not public holidays."""
    closed = holidays.country_holidays(country, subdiv=subdivision, years=range(start.year, start.year + 3))
    out: list[dt.date] = []
    d = start
    while len(out) < n:
        if d.weekday() < 5 and d not in closed:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def runs(dates: list[dt.date]) -> list[list[int]]:
    """Indices of the dates grouped into runs of consecutive calendar days (a week between weekends)."""
    out: list[list[int]] = []
    for i, d in enumerate(dates):
        if out and (d - dates[out[-1][-1]]).days == 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def night_flags(dates: list[dt.date], rng: random.Random) -> list[bool]:
    """About NIGHT_SHARE of the days are nights, in blocks that always end a run of consecutive days.

    Blocks rather than a night or two every week: each return from nights costs a late Monday call."""
    flags = [False] * len(dates)
    done = nights = 0
    for run in runs(dates):
        done += len(run)
        deficit = round(NIGHT_SHARE * done) - nights
        if deficit >= 2 or (deficit == 1 and rng.random() < 0.3):
            k = min(len(run), deficit + rng.choice((0, 1)))
            for i in run[len(run) - k:]:
                flags[i] = True
            nights += k
    return flags


def _ceil_quarter(t: dt.timedelta) -> dt.timedelta:
    q = 15 * MIN
    return -(-t // q) * q


def day_times(dates: list[dt.date], nights: list[bool], today: dt.date, rng: random.Random) -> list[DayTimes]:
    out: list[DayTimes] = []
    for i, d in enumerate(dates):
        base = NIGHT_CALL if nights[i] else DAY_CALL
        call = base
        if out:
            gap = (d - dates[i - 1]).days
            # A weekend (or a long weekend) owes the weekly rest; a one-day holiday only the daily turnaround.
            earliest = out[-1].wrap + (WEEKLY_REST if gap >= 3 else REST) - gap * 24 * H
            call = max(base, _ceil_quarter(earliest))
        length = max(SHORTEST_DAY, DAY_LENGTH - (call - base))
        est = call + length
        actual = est + rng.choice((-30, -15, 0, 0, 15, 30)) * MIN if d < today else None
        out.append(DayTimes(call, call + H, call + LUNCH_AFTER, est, actual))
    return out


def minor_friendly(t: DayTimes, night: bool) -> bool:
    """A day a minor may work: daytime, called after 5 am, wrapped well before 10 pm."""
    return not night and 6 * H <= t.crew_call <= 10 * H and t.wrap <= MINOR_LATEST_WRAP
