"""The schedule optimizer (issue 19): propose the stripboard that costs least in hold days and company moves.

Two solvers sit behind one small API:

- ``solve_talent`` orders the scenes of the pure talent-scheduling problem (``TalentProblem``) and proves the order
  optimal: an A* search over sets of scenes in plain Python (``plan/talent.py``), measured against didppy and
  CP-SAT on the published instances by ``python -m bench talent``.
- ``solve_schedule`` puts a workbook's scenes on its shoot days (``ScheduleProblem``: capacities, pins, availability,
  location windows, day/night, drops, company moves) with OR-Tools CP-SAT, to optimality or to the best schedule
  found with its lower bound and gap when the time limit stops it (``plan/schedule.py``).

How the workbook job (``xlproduction optimize``: ``jobs/optimize_problem.py`` states the problem, ``jobs/optimize.py``
runs it) calls it::

    problem = ScheduleProblem(days=(ShootDay("1", date, max_eighths=…, max_minutes=…, locked=…), …),
                              scenes=(Scene("12A", eighths=…, minutes=…, cast=frozenset({"1", "4"}), location="L3",
                                            night=False, pinned_day=…, pinned_order=…, days=frozenset(…)), …),
                              performers=(Performer("1", day_rate=…, unavailable=frozenset({…}), drop_allowed=…,
                                                    max_minutes_per_day=…, rest_pairs=(("3", "4"), …)), …),
                              locations=(Location("L3", windows=((start, end),)), …),
                              precedences=(("12A", "12B"), …), apart=(("12A", "12B"), …), move_cost=…,
                              drop_gap_days=10)
    current = evaluate_schedule(problem, {"1": ["12A", "3"], …})   # what the stripboard costs today
    result = solve_schedule(problem, time_limit=60, hint={"12A": "1", …}, progress=show)
    result.status       # "optimal" | "feasible" (best found; result.lower_bound, result.gap) | "infeasible" | "unknown"
    result.days         # ((day id, (scene ids in shooting order)), …) for every day
    result.cost         # ScheduleCost: total, cast, drop savings, moves, holds, per performer …
    result.conflict     # on "infeasible": the Constraints that cannot hold together (kind + ids → cells)

``check_schedule`` lists what any schedule breaks, for the rule checks on a proposal.

This package is domain code: it imports neither the workbook engines (openpyxl, python-calamine, lxml, xlwings) nor
the rest of xlproduction, and nothing heavy on import — names resolve on first use. CP-SAT is a compiled wheel,
installed by the ``plan`` extra (``pip install "xlproduction[plan]"``); xlwings Lite cannot install it, so
``solve_schedule`` raises ``SolverMissing`` there with what to do instead. ``solve_talent`` needs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .deps import SolverMissing
    from .model import (
        Constraint,
        Location,
        Performer,
        PerformerDays,
        PlanError,
        Progress,
        Scene,
        ScheduleCost,
        ScheduleProblem,
        ScheduleResult,
        ShootDay,
        TalentProblem,
        TalentResult,
    )
    from .schedule import solve_schedule
    from .sequence import check_schedule, evaluate_schedule, sequence_day
    from .talent import solve_talent, talent_costs

__all__ = [
    "Constraint", "Location", "Performer", "PerformerDays", "PlanError", "Progress", "Scene", "ScheduleCost",
    "ScheduleProblem", "ScheduleResult", "ShootDay", "SolverMissing", "TalentProblem", "TalentResult",
    "check_schedule", "evaluate_schedule", "sequence_day", "solve_schedule", "solve_talent", "talent_costs",
]  # fmt: skip
# Public name → the submodule that defines it, imported when the name is first used (PEP 562).
_WHERE = {name: "model" for name in __all__ if name[0].isupper()} | {
    "SolverMissing": "deps",
    "solve_talent": "talent",
    "talent_costs": "talent",
    "solve_schedule": "schedule",
    "evaluate_schedule": "sequence",
    "check_schedule": "sequence",
    "sequence_day": "sequence",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
