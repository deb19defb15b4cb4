"""The released package carries what a coordinator installs in Excel: built, installed and run outside the repository.

``macros/`` (the ribbon's VBA module and XML) stays at the top of the repository and ships inside the package as
``xlproduction/excel/macros``; the xlwings Lite scripts ship as ``xlproduction/excel/lite``. Only a real build can
show that: ``test_wheel_installs_and_builds_the_addin_outside_the_repository`` is the SLOW one here (~10 s; it
builds an sdist and a wheel from a copy of the sources, installs the wheel into a fresh venv and runs the
``xlproduction`` command there). The wheel is built the way pip builds it: without build isolation when the
installed setuptools can make wheels, else in pip's isolated environment (which fetches setuptools from the package
index, as ``pip install -e .`` in scripts/test.sh already does).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from xlproduction.excel.build_addin import verify_addin

REPO = Path(__file__).resolve().parents[1]
SHIPPED = [  # what the add-in build and `xlproduction lite` read from the installed package
    "xlproduction/excel/macros/XlProductionRibbon.bas",
    "xlproduction/excel/macros/customUI.xml",
    "xlproduction/excel/lite/main.py",
    "xlproduction/excel/lite/requirements.txt",
    "xlproduction/py.typed",
]
SOURCES = {  # the repository files they are copies of
    "xlproduction/excel/macros/XlProductionRibbon.bas": "macros/XlProductionRibbon.bas",
    "xlproduction/excel/macros/customUI.xml": "macros/customUI.xml",
}


def package_dirs() -> set[str]:
    """Every folder of xlproduction/ that holds Python code, as a dotted package name."""
    return {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "xlproduction").rglob("*.py")}


def test_every_package_folder_is_listed_in_pyproject() -> None:
    """The packages are listed by name in pyproject.toml (so macros/ can be mapped into the package): a new
    folder missing from the list would be missing from the wheel."""
    conf = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(conf["packages"])
    assert package_dirs() <= listed, f"add to [tool.setuptools] packages: {sorted(package_dirs() - listed)}"
    assert listed - package_dirs() == {"xlproduction.excel.macros"}
    assert conf["package-dir"] == {"xlproduction.excel.macros": "macros"}


def _can_build_wheels_offline() -> bool:
    """The installed setuptools makes wheels itself from 70.1 on; older ones need the `wheel` package."""
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    said = f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert proc.returncode == 0, f"{' '.join(cmd)} failed ({proc.returncode}):\n{said}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist from a copy of the sources (the build writes build/ and egg-info beside its input), then the wheel
    from the unpacked sdist, as `python -m build` does: a file left out of the sdist is caught too."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "dist", "*.egg-info")
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "MANIFEST.in"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
    for name in ("macros", "xlproduction"):
        shutil.copytree(REPO / name, src / name, ignore=junk)
    _run([sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(tmp / 'sdist')!r})"],
         cwd=src)  # fmt: skip
    sdist = next((tmp / "sdist").glob("xlproduction-*.tar.gz"))
    with tarfile.open(sdist) as t:
        t.extractall(tmp / "unpacked", filter="data")
    unpacked = next((tmp / "unpacked").iterdir())
    cmd = [sys.executable, "-m", "pip", "wheel", str(unpacked), "--no-deps", "-q", "-w", str(tmp / "dist")]
    if _can_build_wheels_offline():
        cmd.append("--no-build-isolation")
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=180, check=False)
    if proc.returncode != 0 and not _can_build_wheels_offline() and not os.environ.get("CI"):
        pytest.skip("building the wheel needs setuptools>=70.1 (or the `wheel` package) installed, or the package "
                    f"index for pip's isolated build: {proc.stderr.strip().splitlines()[-1:]}")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return next((tmp / "dist").glob("xlproduction-*.whl"))


def test_wheel_installs_and_builds_the_addin_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    """SLOW (~10 s): the wheel lists the add-in and Lite files, and its `xlproduction` builds the add-in from a
    folder outside the repository."""
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        for name in SHIPPED:
            assert name in names, f"{name} is not in {wheel.name}"
        for shipped, source in SOURCES.items():
            assert z.read(shipped) == (REPO / source).read_bytes(), f"{shipped} differs from {source}"  # CRLF kept
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    assert {n.split("/")[0] for n in names} == {"xlproduction", dist_info}  # no stray top-level macros/ folder
    assert {".".join(n.split("/")[:-1]) for n in names if n.endswith(".py")} >= package_dirs()

    # A fresh venv that sees the already installed dependencies (those of the Python running the tests, a virtualenv
    # or not: scripts/venv_over.py), and xlproduction from the wheel only.
    venv = tmp_path / "venv"
    _run([sys.executable, str(REPO / "scripts" / "venv_over.py"), str(venv)], cwd=tmp_path)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    _run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
         cwd=tmp_path)  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = _run([str(py), "-c", "import xlproduction.excel.build_addin as b; print(b.__file__); print(b.MACROS)"],
                 cwd=elsewhere, env=env).split()  # fmt: skip
    assert all(Path(w).is_relative_to(venv) for w in where), f"not the installed package: {where}"

    cli = bindir / "xlproduction"
    said = _run([str(cli), "build-addin"], cwd=elsewhere, env=env)
    built = elsewhere / "dist" / "xlproduction.xlam"
    assert built.is_file() and said.startswith(f"Built {Path('dist') / 'xlproduction.xlam'}")
    v = verify_addin(built, REPO / "macros")  # the installed copy built exactly the repository's sources
    assert v.ok, v.problems
    assert set(v.modules) == {"ThisWorkbook", "Sheet1", "XlProductionRibbon"}

    _run([str(cli), "lite", "--out", "lite"], cwd=elsewhere, env=env)
    assert (elsewhere / "lite" / "main.py").read_bytes() == (REPO / "xlproduction/excel/lite/main.py").read_bytes()
    requirements = (elsewhere / "lite" / "requirements.txt").read_text()
    assert requirements == (REPO / "xlproduction/excel/lite/requirements.txt").read_text()


# --- xlwings Lite (Pyodide) -------------------------------------------------------------------------------------

# Compiled packages Pyodide builds itself (https://pyodide.org/en/stable/usage/packages-in-pyodide.html); Lite
# takes their versions from its Pyodide release, so requirements.txt must not pin them.
PYODIDE_BUILDS = {"numpy", "pandas", "pillow", "pydantic-core"}
EMSCRIPTEN = {"platform_system": "Emscripten", "sys_platform": "emscripten", "platform_machine": "wasm32",
              "python_version": "3.12", "python_full_version": "3.12.7", "extra": ""}  # fmt: skip


def test_lite_requirements_install_in_pyodide() -> None:
    """What requirements.txt makes Lite install is pure Python or built by Pyodide: xlproduction's dependencies
    and theirs, with Pyodide's platform markers, judged by the installed packages' own metadata (a wheel says
    Root-Is-Purelib). xlwings is Lite's own and left out."""
    from importlib import metadata

    from packaging.requirements import Requirement

    from xlproduction.excel.lite import lite_requirements

    lines = [ln.strip() for ln in lite_requirements().splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines == ["xlwings>=0.37.5,<1.0", "xlproduction"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    todo = [Requirement(r) for r in project["dependencies"]]
    seen: dict[str, bool] = {}
    while todo:
        req = todo.pop()
        name = req.name.lower().replace("_", "-")
        if name in seen or (req.marker is not None and not req.marker.evaluate(EMSCRIPTEN)):
            continue
        dist = metadata.distribution(name)
        seen[name] = "Root-Is-Purelib: true" in (dist.read_text("WHEEL") or "")
        todo += [Requirement(r) for r in dist.requires or []]
    assert "python-calamine" not in seen and "lxml" not in seen
    assert {"pandas", "openpyxl", "holidays"} <= set(seen)
    compiled = {n for n, pure in seen.items() if not pure}
    assert compiled <= PYODIDE_BUILDS, f"no Pyodide build for {sorted(compiled - PYODIDE_BUILDS)}"


def test_lite_requirements_with_a_wheel_url(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xlproduction.cli import app

    url = "https://example.org/wheels/xlproduction-0.1.0-py3-none-any.whl"
    got = CliRunner().invoke(app, ["lite", "requirements.txt", "--wheel-url", url])
    assert got.exit_code == 0, got.output
    assert got.output.splitlines()[-2:] == ["xlwings>=0.37.5,<1.0", url]
    bad = CliRunner().invoke(app, ["lite", "--wheel-url", "https://example.org/wheels/"])
    assert bad.exit_code == 2 and "ending in .whl" in bad.output
    both = CliRunner().invoke(app, ["lite"])
    assert "# ===== main.py =====" in both.output and "@xw.script" in both.output
    assert "# ===== requirements.txt =====" in both.output
