"""Rules: a code, a name, a one-line description, a default severity, documentation, and a plain function.

Like a linter (sqlfluff) each rule carries its own documentation; like beancount, a rule is a plain function
over the immutable ``Production`` returning ``Finding`` records with their source location. ``rule()`` only
attaches metadata; the list of rules that run is the explicit ``ALL_RULES`` in ``checks/__init__.py``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model.findings import Finding, RuleInfo, Severity
from ..model.production import Production

CheckFn = Callable[[Production], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    info: RuleInfo
    check: CheckFn | None  # None: raised by the reader (structure rules)
    # Tables whose rows the rule points at; lets the call sheet run only the checks relevant to one day.
    tables: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.info.code

    @property
    def name(self) -> str:
        return self.info.name


def rule(code: str, name: str, description: str, severity: Severity = Severity.ERROR,
         tables: tuple[str, ...] = ()) -> Callable[[CheckFn], Rule]:  # fmt: skip
    """Turn a check function into a ``Rule``; its docstring is the rule's documentation."""

    def wrap(fn: CheckFn) -> Rule:
        doc = inspect.cleandoc(fn.__doc__ or "")
        return Rule(RuleInfo(code, name, description, severity, doc), fn, tables)

    return wrap


def reader_rule(info: RuleInfo) -> Rule:
    return Rule(info, None)
