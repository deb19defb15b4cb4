"""Running the rules over a production, and applying the workbook's own linter configuration.

Settings may ignore rules (``Ignore Rules: CR004, SC005``) and change severities (``Rule Severity:
SC007=error``); a row's Notes cell may silence a rule for that row (``noqa: SC002``), as a linter's inline
comment does. Every finding is collected (pandera's lazy style): one broken rule never hides the others, and a
rule that crashes becomes a finding instead of a traceback in front of a coordinator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from ..model.findings import Finding, RuleInfo, Severity, sort_findings
from ..model.production import ROW, Production
from .registry import Rule

RULE_CRASHED = RuleInfo("XP001", "rule-crashed", "A rule could not run on this workbook.", Severity.WARNING, """\
**What it does.** Reports a rule that failed with an internal error instead of stopping the whole check.

**Why it matters.** The other rules still ran, but this one's problems are not listed.

**Example.** A workbook shape nobody foresaw.

**Fix.** Report it to the xlproduction developers with the message; meanwhile check that area by hand.""")

BAD_CONFIG = RuleInfo("XP002", "bad-rule-config", "A rule code or severity in Settings is not recognised.",
                      Severity.WARNING, """\
**What it does.** Checks the codes in the Ignore Rules and Rule Severity settings.

**Why it matters.** A misspelt code silences nothing and surprises later.

**Example.** `Rule Severity: SC07=error`.

**Fix.** Use codes as listed in the Issues tab or docs/rules.md, and severities error, warning or info.""")

_NOQA = re.compile(r"noqa(?::\s*(?P<codes>[A-Za-z]{2}\d{3}(?:\s*[, ]\s*[A-Za-z]{2}\d{3})*))?", re.IGNORECASE)


def _any_noqa(notes: pd.Series) -> bool:
    """Whether any note may contain 'noqa' (case-insensitive), judged once per distinct note: most tables have
    none, and a ledger's Notes column is 100,000 mostly blank cells."""
    # Blanks first: hashing 100,000 <NA>s to find the distinct notes is far slower than skipping them.
    for v in notes[notes.notna().to_numpy(dtype=bool)].unique():
        if not isinstance(v, str) or _HAS_NOQA.search(v):
            return True
    return False


_HAS_NOQA = re.compile("noqa", re.IGNORECASE)  # what ``str.contains("noqa", case=False)`` looks for


def _noqa_index(p: Production) -> dict[tuple[str, int], frozenset[str] | None]:
    """(table, excel row) -> silenced codes (None means all rules) from each row's Notes."""
    out: dict[tuple[str, int], frozenset[str] | None] = {}
    for name, t in p.tables.items():
        if "notes" not in t.df.columns or t.df.empty or not _any_noqa(t.df["notes"]):
            continue
        notes = t.df["notes"].astype("string")
        has = notes.str.contains("noqa", case=False, na=False)
        for text, row in zip(notes[has], t.df.loc[has, ROW], strict=True):
            m = _NOQA.search(str(text))
            if m is None:
                continue
            codes = m["codes"]
            out[(name, int(row))] = (
                None if codes is None else frozenset(c.upper() for c in re.split(r"[,\s]+", codes) if c))
    return out


def _config(p: Production, known: set[str]) -> tuple[set[str], dict[str, Severity], list[Finding]]:
    s = p.settings
    problems: list[Finding] = []
    where = {"sheet": s.sheet, "table": "Settings"}
    ignored: set[str] = set()
    for code in s.ignore_rules or ():
        c = str(code).strip().upper()
        if c in known:
            ignored.add(c)
        else:
            problems.append(BAD_CONFIG.finding(f"Ignore Rules names {code!r}, which is not a rule code.",
                                               cell=s.cells.get("ignore_rules"), **where))  # type: ignore[arg-type]
    overrides: dict[str, Severity] = {}
    for item in s.rule_severity or ():
        code, _, sev = str(item).partition("=")
        code, sev = code.strip().upper(), sev.strip().lower()
        if code in known and sev in {x.value for x in Severity}:
            overrides[code] = Severity(sev)
        else:
            problems.append(BAD_CONFIG.finding(
                f"Rule Severity entry {item!r} is not CODE=error|warning|info with a known code.",
                cell=s.cells.get("rule_severity"), **where))  # type: ignore[arg-type]
    return ignored, overrides, problems


def run_rules(p: Production, rules: Sequence[Rule]) -> list[Finding]:
    """Reader findings plus every rule's findings, configured by the workbook, sorted for display."""
    known = {r.code for r in rules} | {RULE_CRASHED.code, BAD_CONFIG.code}
    ignored, overrides, problems = _config(p, known)
    found: list[Finding] = [*p.findings, *problems]
    for r in rules:
        if r.check is None or r.code in ignored:
            continue
        try:
            found.extend(r.check(p))
        except Exception as e:  # a rule bug must not hide the other rules' findings
            found.append(RULE_CRASHED.finding(
                f"Rule {r.code} ({r.name}) could not run: {type(e).__name__}: {e}",
                hint="The other checks ran. Please report this message to the xlproduction developers."))
    return sort_findings(configure(found, p, ignored, overrides))


def configure(findings: Iterable[Finding], p: Production, ignored: set[str],
              overrides: dict[str, Severity]) -> list[Finding]:  # fmt: skip
    noqa = _noqa_index(p)
    out: list[Finding] = []
    for f in findings:
        if f.code in ignored:
            continue
        if f.table is not None and f.row is not None:
            silenced = noqa.get((f.table, f.row), frozenset())
            if silenced is None or f.code in silenced:
                continue
        if f.code in overrides and overrides[f.code] is not f.severity:
            f = Finding(f.code, f.rule, overrides[f.code], f.message, f.sheet, f.cell, f.table, f.row, f.column,
                        f.hint)
        out.append(f)
    return out


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    c = {s.value: 0 for s in Severity}
    for f in findings:
        c[f.severity.value] += 1
    return c


def findings_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    """The findings as a table (one row each), for JSON/CSV output and tests."""
    return pd.DataFrame([f.to_dict() for f in findings], columns=list(Finding.__dataclass_fields__))
