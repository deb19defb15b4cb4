"""Check: every rule over the production, and the Issues tab (the job behind `xlproduction check` and the
Check button)."""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import run_checks
from ..model.findings import Finding, Severity
from ..model.production import Production
from ..model.sheetspec import WrittenTabs
from ..reports.issues import issues_sheet
from .source import Source


@dataclass(frozen=True)
class CheckResult:
    production: Production
    findings: list[Finding]
    written: WrittenTabs | None = None  # the Issues tab, when asked for

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check(source: Source, *, write: bool = False) -> CheckResult:
    """Cross-validate the workbook; with ``write``, write the Issues tab (errors first, each linked to its cell)."""
    with source.step(f"Reading {source.name}"):
        p = source.read()
    with source.step("Checking"):
        findings = run_checks(p)
    written = None
    if write:
        with source.step("Writing the Issues tab"):
            written = source.write_tabs([issues_sheet(findings, p)])
    return CheckResult(p, findings, written)
