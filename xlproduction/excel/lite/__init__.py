"""The xlwings Lite scripts (``main.py``) and their ``requirements.txt``, shipped with the package.

A coordinator pastes both into xlwings Lite's editor; ``xlproduction lite`` prints or writes them from whatever
xlproduction is installed, so nobody needs a checkout of the repository to find them. Until xlproduction is on
PyPI, Lite (Pyodide's micropip) can install it only from the URL of its wheel: ``lite_requirements(wheel_url)``
puts that URL in place of the package name.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
MAIN = HERE / "main.py"
REQUIREMENTS = HERE / "requirements.txt"
PACKAGE_LINE = "xlproduction"  # the requirements line that installs xlproduction itself


def lite_main() -> str:
    return MAIN.read_text(encoding="utf-8")


def lite_requirements(wheel_url: str | None = None) -> str:
    """``requirements.txt`` for Lite; with ``wheel_url``, xlproduction is installed from that wheel."""
    text = REQUIREMENTS.read_text(encoding="utf-8")
    if not wheel_url:
        return text
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip() == PACKAGE_LINE:
            lines[i] = wheel_url.strip() + "\n"
            return "".join(lines)
    raise ValueError(f"{REQUIREMENTS} has no {PACKAGE_LINE!r} line to replace.")
