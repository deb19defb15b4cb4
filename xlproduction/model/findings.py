"""The one record every problem is reported as.

Readers, rules, the call-sheet readiness check and the CLI all speak in ``Finding``s, so a coordinator sees the
same shape of message wherever it comes from: what is wrong, where (sheet and cell), and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import lru_cache

from .privacy import redact


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: errors first."""
        return _RANK[self.value]


_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a workbook, anchored to the cell a coordinator has to change."""

    code: str
    rule: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str = ""

    @property
    def location(self) -> str:
        """``'Scenes'!C14`` style address, or the sheet alone, or ``""``."""
        if self.sheet and self.cell:
            return "'" + self.sheet.replace("'", "''") + f"'!{self.cell}"  # a quote in a name is doubled
        return self.sheet or ""

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors before warnings before info, then by sheet and row, as the Issues tab shows them."""
    return sorted(
        findings,
        key=lambda f: (f.severity.rank, f.sheet or "", f.row or 0, f.cell or "", f.code),
    )


# A rule gives most of its findings the same hint: each distinct hint is redacted once.
_redact_hint = lru_cache(maxsize=1024)(redact)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule is, independent of how it runs: the registry, the docs and findings all use it.

    ``doc`` follows sqlfluff's layout (What it does / Why it matters / Example / Fix) and becomes
    docs/rules.md."""

    code: str
    name: str
    description: str
    severity: Severity
    doc: str = ""

    def finding(self, message: str, *, severity: Severity | None = None, **where: object) -> Finding:
        # Findings name the cell to fix, never the personal value in it: whatever a rule or a parser quoted,
        # phone numbers and e-mail addresses are masked here (see xlproduction.model.privacy).
        if isinstance(where.get("hint"), str):
            where["hint"] = _redact_hint(where["hint"])  # type: ignore[arg-type]
        return Finding(self.code, self.name, severity or self.severity, redact(message), **where)  # type: ignore[arg-type]
