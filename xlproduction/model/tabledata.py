"""Workbook content as plain Python rows: what the sample/generator produces and the template writer writes.

Rows are keyed by the contract's column keys (input columns only; formula columns are the workbook's job).
Values are Python natives: ``datetime.date`` for dates, ``datetime.timedelta`` (offset from midnight) for
times and durations, ``int`` eighths for pages, ``tuple[str, ...]`` for lists, ``float`` for money. Settings are
keyed by setting key (``planned_shoot_days``), not by label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ProductionData:
    settings: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])
