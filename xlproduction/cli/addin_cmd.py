"""`xlproduction build-addin` and `xlproduction lite`: what a coordinator installs in Excel, from the installed package.

``build-addin`` builds the ribbon add-in (xlproduction.xlam) from the VBA and ribbon sources and verifies it;
``lite`` prints or writes the xlwings Lite scripts and requirements. Both read files shipped inside the wheel
(``xlproduction/excel/macros``, ``xlproduction/excel/lite``), so neither needs a checkout of the repository.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .common import app, err, friendly, out


@app.command("build-addin")
@friendly
def build_addin_cmd(
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write it (default dist/).")] = None,
    xlsm: Annotated[bool, typer.Option("--xlsm", help="Build the standalone .xlsm form instead.")] = False,
    macros: Annotated[Path | None, typer.Option(help="Folder of the .bas modules and customUI.xml.")] = None,
) -> None:
    """Build xlproduction.xlam from macros/ (VBA callbacks + ribbon XML) and verify it without Excel."""
    from ..excel.build_addin import ADDIN_NAME, MACROS, build_addin, verify_addin

    source = macros or MACROS
    target = output or Path("dist") / (Path(ADDIN_NAME).with_suffix(".xlsm").name if xlsm else ADDIN_NAME)
    try:
        built = build_addin(target, source, standalone=xlsm)
    except FileNotFoundError as e:  # the sources are missing: say which folder, not a bare OSError line
        if e.filename is not None:
            raise
        err.print(f"[red]Cannot build the add-in:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    v = verify_addin(built, source, standalone=xlsm)
    for problem in v.problems:
        err.print(f"[red]FAILED:[/red] {problem}")
    if not v.ok:
        raise typer.Exit(1)
    out.print(f"Built {built}: modules {', '.join(sorted(v.modules))}; {len(v.callbacks)} ribbon callbacks, all "
              "present; the modules extracted again equal the sources byte for byte.")  # fmt: skip


class LiteFile(StrEnum):
    main = "main.py"
    requirements = "requirements.txt"


OUT_HELP = "Write main.py and requirements.txt into this folder instead of printing them."
WHEEL_HELP = "Install xlproduction in Lite from this wheel's URL (until it is on PyPI)."


@app.command("lite")
@friendly
def lite_cmd(
    which: Annotated[LiteFile | None, typer.Argument(help="Print only this file.")] = None,
    output: Annotated[Path | None, typer.Option("--out", "-o", help=OUT_HELP)] = None,
    wheel_url: Annotated[str | None, typer.Option(help=WHEEL_HELP)] = None,
) -> None:
    """The xlwings Lite scripts (main.py) and requirements.txt to paste into Lite's editor."""
    from ..excel.lite import lite_main, lite_requirements

    if wheel_url is not None and not wheel_url.strip().split("?")[0].endswith(".whl"):
        # micropip installs a URL only when it names a wheel file (xlproduction-0.1.0-py3-none-any.whl).
        err.print("[red]--wheel-url must be the URL of the wheel file itself[/red], ending in .whl, e.g. "
                  "https://example.org/xlproduction-0.1.0-py3-none-any.whl (`pip wheel . --no-deps` builds it).")
        raise typer.Exit(2)
    files = {LiteFile.main: lite_main(), LiteFile.requirements: lite_requirements(wheel_url)}
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (output / name.value).write_text(text, encoding="utf-8", newline="\n")
        out.print(f"Wrote {escape(str(output / LiteFile.main.value))} (paste into Lite's main.py) and "
                  f"{escape(str(output / LiteFile.requirements.value))} (into its requirements.txt).")  # fmt: skip
        return
    # Printed as they are (no rich markup or wrapping), so they can be piped or copied.
    shown = [files[which]] if which is not None else [f"# ===== {n.value} =====\n{t}\n" for n, t in files.items()]
    try:
        for text in shown:
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # piped into `head` or a pager that stopped reading: not a failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail again
