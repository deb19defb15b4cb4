"""Create a virtual environment that sees the packages of the Python running this script, whatever that is.

The test command builds throw-away environments over the one it runs in (pandas 2.2 on top of the installed
packages, for xlwings Lite's reader; a fresh wheel install, for the packaging test). ``python -m venv
--system-site-packages`` cannot do that from inside a virtualenv: it exposes the *base* interpreter's packages,
not the virtualenv's, so a new user who follows the README in a fresh venv got ``No module named 'typer'``.
Here the new environment gets a ``.pth`` file that adds this interpreter's own site-packages (and its user
site, when it has one) after its own, processing their ``.pth`` files too (editable installs): packages installed
into the new environment win, everything else is what this interpreter sees.

Usage: ``python scripts/venv_over.py PATH`` (prints the new environment's python).
"""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

PTH = "_xlproduction_parent_site.pth"


def parent_sites() -> list[str]:
    """This interpreter's site-packages folders, its own first (a venv's, or the system's), then the user site."""
    paths = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    if site.ENABLE_USER_SITE:
        paths.append(site.getusersitepackages())
    out: list[str] = []
    for p in paths:
        if p not in out and Path(p).is_dir():
            out.append(p)
    return out


def python_of(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def create(env: Path) -> Path:
    """Create (or refresh) ``env`` over this interpreter's packages; returns its python."""
    py = python_of(env)
    if not py.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
    own = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()  # fmt: skip
    lines = [f"import site; site.addsitedir({p!r})" for p in parent_sites()]
    Path(own, PTH).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return py


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.rsplit("Usage: ", 1)[1].strip())
    print(create(Path(sys.argv[1])))
