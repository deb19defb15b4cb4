"""xlproduction.plan stays domain code: no workbook engine, nothing else of xlproduction, nothing heavy on import.

The optimizer's solver wheel (OR-Tools) is optional and xlwings Lite cannot install it, so importing the package and
using its problem model must not load it; the engines (openpyxl, python-calamine, lxml, xlwings) are what the
architecture keeps out of every domain module (DESIGN §2).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PLAN = Path(__file__).resolve().parents[1] / "xlproduction" / "plan"
ENGINES = {"openpyxl", "python_calamine", "lxml", "xlwings"}


def test_plan_modules_import_no_engine_and_nothing_outside_plan() -> None:
    for path in sorted(PLAN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level in (0, 1), f"{path.name}: relative import reaching outside plan/"
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top not in ENGINES, f"{path.name} imports {name}"
                assert top != "xlproduction", f"{path.name} imports {name}: plan/ uses only itself"
                # The solver wheel is imported only through plan/deps.py, by name, when a solve runs.
                assert top != "ortools", f"{path.name} imports {name} at module level"


def test_importing_plan_loads_no_solver() -> None:
    code = (
        "import json, sys, xlproduction.plan as p\n"
        "p.TalentProblem, p.ScheduleProblem, p.solve_talent, p.evaluate_schedule, p.SolverMissing\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'ortools', 'didppy', 'openpyxl', 'python_calamine', 'lxml', 'xlwings', 'pandas', 'numpy'} "
        "or (m.startswith('xlproduction') and not m.startswith('xlproduction.plan') and m != 'xlproduction'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PLAN.parents[1])  # fmt: skip
    assert json.loads(out.stdout) == []
