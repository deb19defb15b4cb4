"""The sizes the generator builds: the committed demo ("sample") and the S, L and XL stress productions.

One table of numbers drives one generator, so the demo workbook and the performance fixtures cannot drift into
different shapes of data. Every size starts shooting on the same Monday and has its "today" halfway through
the shoot, so actual wraps and actuals exist for the first half only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

START_DATE = dt.date(2027, 3, 1)  # a Monday: shoot day 1 of every size

# The sample's "today": shoot day 12 (Tuesday 16 March 2027). Days before it have actual wraps; every actual is
# dated on or before it. Checks run against the sample must use this date, not the real today.
SAMPLE_TODAY = dt.date(2027, 3, 16)


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    days: int
    scenes: int
    crew: int
    cast: int
    budget_lines: int
    actuals: int
    locations: int
    minors: int = 1
    company_moves: int = 1
    split_scenes: int = 2

    @property
    def today_day(self) -> int:
        """The shoot day that is "today": the middle of the shoot."""
        return (self.days + 1) // 2


SIZES: dict[str, Size] = {
    "sample": Size("sample", days=23, scenes=88, crew=56, cast=16, budget_lines=180, actuals=380, locations=8),
    "S": Size("S", days=25, scenes=100, crew=40, cast=15, budget_lines=250, actuals=500, locations=8),
    "L": Size("L", days=70, scenes=400, crew=250, cast=80, budget_lines=1500, actuals=20_000, locations=24,
              minors=2, company_moves=3, split_scenes=3),
    "XL": Size("XL", days=150, scenes=1500, crew=400, cast=300, budget_lines=10_000, actuals=100_000, locations=48,
               minors=4, company_moves=6, split_scenes=5),
}  # fmt: skip


def size_spec(size: str) -> Size:
    """The Size for a name, case-insensitively ("xl" is "XL")."""
    for name, spec in SIZES.items():
        if name.casefold() == size.strip().casefold():
            return spec
    raise ValueError(f"unknown production size {size!r}; expected one of: {', '.join(SIZES)}")
