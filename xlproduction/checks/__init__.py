"""Cross-validation of the production workbook: the rules, and ``run_checks`` to run them all.

The list of rules is explicit (beancount's way): a rule runs because it is listed here, in the order of the
areas a coordinator thinks in. Structure rules are raised by the reader and listed first for documentation.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model.findings import Finding
from ..model.problems import READER_RULES
from ..model.production import Production
from . import breakdown, budget, cast, lodging, logistics, money, people, references, rest, schedule, tasks
from .engine import BAD_CONFIG, RULE_CRASHED, run_rules
from .registry import Rule, reader_rule

STRUCTURE_RULES: tuple[Rule, ...] = tuple(reader_rule(i) for i in READER_RULES)

ALL_RULES: tuple[Rule, ...] = (
    *STRUCTURE_RULES,
    *references.RULES,
    *schedule.RULES,
    *rest.RULES,
    *cast.RULES,
    *money.RULES,
    *budget.RULES,
    *people.RULES,
    *breakdown.RULES,
    *tasks.RULES,
    *logistics.RULES,
    *lodging.RULES,
)

# Rules about the checker itself; documented, never "run".
ENGINE_RULES = (reader_rule(RULE_CRASHED), reader_rule(BAD_CONFIG))


def run_checks(p: Production, rules: Sequence[Rule] = ALL_RULES) -> list[Finding]:
    """Every finding for the production (reader's and rules'), configured by its Settings, errors first."""
    return run_rules(p, rules)


def rule_by_code(code: str) -> Rule:
    for r in (*ALL_RULES, *ENGINE_RULES):
        if r.code == code.upper():
            return r
    raise KeyError(code)
