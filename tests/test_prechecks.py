"""The rules' quick pre-checks may skip work, never a finding.

Most rules first ask a cheap question of plain arrays (``_maybe_…``: "can anything here possibly be wrong?") and
return at once when the answer is no; when it is yes, the rule's own code runs as before. A pre-check that said no
wrongly would hide a problem from the coordinator, so the checks are run here twice on productions mutated at random
(the fuzz test's mutations: cells replaced, rows deleted or repeated, columns dropped, tables emptied) — once as they
are and once with every pre-check forced to yes — and the findings must be the same, field for field. Each rule's
fail fixtures (tests/rules) run with the pre-checks on, too.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from hypothesis import given

from xlproduction.checks import cast, money, rest, run_checks, schedule
from xlproduction.model.findings import Finding
from xlproduction.workbook.reader import build_production

from .rules.base import TODAY
from .test_fuzz import _mutate, _settings, mutations

PRECHECKS: list[tuple[ModuleType, str]] = [(m, name) for m in (cast, money, rest, schedule)
                                           for name in vars(m) if name.startswith("_maybe_")]  # fmt: skip


def both_ways(muts: list[tuple[Any, ...]]) -> tuple[list[Finding], list[Finding]]:
    """The findings with the pre-checks, and with every pre-check answering 'maybe' (fresh productions, so no
    derived frame is shared between the two runs)."""
    with_prechecks = run_checks(build_production(_mutate(muts), source="fuzz", today=TODAY))
    with pytest.MonkeyPatch.context() as mp:
        for module, name in PRECHECKS:
            mp.setattr(module, name, lambda *_a, **_k: True)
        without = run_checks(build_production(_mutate(muts), source="fuzz", today=TODAY))
    return with_prechecks, without


def test_the_rules_have_prechecks_to_test() -> None:
    assert len(PRECHECKS) >= 10, PRECHECKS


@_settings(25)
@given(muts=mutations())
def test_prechecks_never_hide_a_finding(muts: list[tuple[Any, ...]]) -> None:
    with_prechecks, without = both_ways(muts)
    assert with_prechecks == without
