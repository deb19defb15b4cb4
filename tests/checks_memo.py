"""Running the rules once per distinct production in a test module (as tests/test_excel_entry_points.py does).

The rules cost ~0.1–0.3 s per production (80 rules of pandas work, most of it fixed cost) and are
tested by tests/rules; modules that run many commands on the same workbooks share each production's findings.
The commands still read and write their files themselves.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import xlproduction.checks as checks


def memoised(real: Callable[..., Any]) -> Callable[..., Any]:
    """``run_checks`` that runs each distinct (rules, production) once; other call shapes run as asked."""
    memo: dict[str, Any] = {}

    def cached(p: Any, *args: Any, **kwargs: Any) -> Any:
        rules = tuple(getattr(r, "code", None) for r in (args[0] if args else ()))
        if kwargs or None in rules:  # not a plain list of rules: run as asked
            return real(p, *args, **kwargs)
        key = hashlib.sha1(pickle.dumps((rules, dict(p.settings), p.today, p.findings,
                                         {n: t.df for n, t in p.tables.items()}))).hexdigest()  # fmt: skip
        if key not in memo:
            memo[key] = real(p, *args, **kwargs)
        return list(memo[key])

    return cached


@contextmanager
def shared_checks() -> Iterator[None]:
    import pytest

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(checks, "run_checks", memoised(checks.run_checks))
        yield
