"""The architecture is enforced, not only written: the import contracts in pyproject.toml hold on the code, they
break when a domain module reaches for a spreadsheet engine, and every room of the package is placed in them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the ``xlproduction`` package found in ``folder``, with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True))")
    return subprocess.run([sys.executable, "-c", code, str(ROOT / "pyproject.toml")], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_the_code_keeps_every_contract() -> None:
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("checks/cast.py", "import openpyxl", "never touch a file or Excel engine"),
    ("model/dood.py", "from ..workbook import reader", "never touch a file or Excel engine"),
    ("callsheet/model.py", "from ..jobs import check", "Layers"),
    ("workbook/render.py", "from ..jobs import source", "Engines are adapters"),
])  # fmt: skip
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    shutil.copytree(ROOT / "xlproduction", tmp_path / "xlproduction", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "xlproduction" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    run = lint(tmp_path)
    assert run.returncode != 0, run.stdout
    broken = [ln for ln in run.stdout.splitlines() if ln.rstrip().endswith("BROKEN") or "BROKEN (" in ln]
    assert any(contract in ln for ln in broken), run.stdout
    assert module.removesuffix(".py").replace("/", ".") in run.stdout  # the report names the offending module


def _placed() -> set[str]:
    """Every module named by a contract (layers split on their sibling separators)."""
    names: set[str] = set()
    for c in CONFIG["contracts"]:
        for entry in [*c.get("layers", []), *c.get("source_modules", []), *c.get("forbidden_modules", [])]:
            names |= {part.strip() for part in entry.replace("|", ":").split(":")}
    return names


def test_every_room_of_the_package_is_placed() -> None:
    placed = _placed()
    package = ROOT / "xlproduction"
    rooms = {f"xlproduction.{p.name}" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    rooms |= {f"xlproduction.{p.stem}" for p in package.glob("*.py") if p.name != "__init__.py"}
    assert rooms <= placed, f"not placed in any import contract: {sorted(rooms - placed)}"
