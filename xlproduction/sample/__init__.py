"""The sample production and the scalable production generator.

``sample_production()`` is the demo feature committed as the sample workbook; ``generate_production(size)``
builds the same kind of production at stress sizes (S, L, XL) for performance tests. Both return plain rows
(``ProductionData``) and never touch a workbook engine, so the template writer, the tests and the CLI can all
use them. Everything is deterministic: the same size and seed give the same production.

Dates are in spring 2027; the sample's "today" (``SAMPLE_TODAY``) is shoot day 12, so checks that compare
with today must be given that date rather than the real one.
"""

from __future__ import annotations

import datetime as dt

from .generator import generate_production, sample_production
from .shootdays import shoot_dates
from .sizes import SAMPLE_TODAY, SIZES, START_DATE, Size, size_spec


def production_today(size: str = "sample") -> dt.date:
    """The "today" a generated production is built around (the middle shoot day); SAMPLE_TODAY for the sample."""
    spec = size_spec(size)
    return shoot_dates(START_DATE, spec.today_day)[-1]


__all__ = ["SAMPLE_TODAY", "SIZES", "START_DATE", "Size", "generate_production", "production_today",
           "sample_production", "size_spec"]  # fmt: skip
