"""The optional solver wheel, imported when a solve needs it and explained when it is missing.

OR-Tools is a compiled wheel (~20 MB): the core install and xlwings Lite (Pyodide installs pure-Python wheels only)
do without it, so nothing imports it until ``solve_schedule`` runs, and then a missing wheel is a sentence that says
what to install, not a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

INSTALL_HINT = (
    'The schedule optimizer needs OR-Tools: pip install "xlproduction[plan]". It is a compiled package, so xlwings '
    "Lite cannot install it: run `xlproduction optimize` from a desktop Python instead."
)


class SolverMissing(ImportError):
    """The solver package is not installed (or cannot load here)."""


def cp_model() -> ModuleType:
    """``ortools.sat.python.cp_model``, or ``SolverMissing`` with the install hint."""
    try:
        return importlib.import_module("ortools.sat.python.cp_model")
    except ImportError as e:  # not installed, or a wheel for another platform
        raise SolverMissing(f"{INSTALL_HINT} ({e})") from e
