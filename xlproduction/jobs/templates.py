"""The committed workbooks in ``workbook_templates/``: the blank production template and the sample production.

They are build outputs kept in the repository so coordinators can download them without Python; this module
rebuilds them from the contract (and the sample data) and tells when the committed files no longer match what
the code would write, which a test checks. Run ``python -m xlproduction.jobs.templates`` to rebuild.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..model.tabledata import ProductionData
from ..workbook.writer import write_workbook

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "workbook_templates"
BLANK_TEMPLATE = "production_template.xlsx"
SAMPLE_WORKBOOK = "sample_production.xlsx"
REBUILD_COMMAND = "python -m xlproduction.jobs.templates"
# Document properties hold dates; everything else must match byte for byte.
_IGNORED_PARTS = frozenset({"docProps/core.xml"})


def _sample() -> ProductionData | None:
    """The sample production, or None while the sample package does not provide it yet."""
    try:
        from ..sample import sample_production
    except ImportError as e:
        # Only the sample package's own absence (or its entry point's) is tolerated; a sample that fails to
        # import for another reason is a bug to see, not a sample to skip.
        if e.name == f"{__package__.rsplit('.', 1)[0]}.sample":
            return None
        raise
    data = sample_production()
    if not isinstance(data, ProductionData):
        raise TypeError(f"sample_production() returned {type(data).__name__}, expected ProductionData")
    return data


def new_workbook(path: str | Path, production: str | None = None) -> Path:
    """A new production workbook at ``path``: blank, or filled with the ``"sample"`` production or a generated one
    of size ``"S"``, ``"L"`` or ``"XL"`` (the job behind `xlproduction new`)."""
    data = None
    if production is not None:
        from ..sample import generate_production

        data = generate_production(production)
    return write_workbook(Path(path), data)


def template_sources() -> dict[str, ProductionData | None]:
    """File name -> data it is built from (None: the blank template)."""
    sources: dict[str, ProductionData | None] = {BLANK_TEMPLATE: None}
    sample = _sample()
    if sample is not None:
        sources[SAMPLE_WORKBOOK] = sample
    return sources


def rebuild_templates(directory: str | Path = TEMPLATE_DIR, names: Iterable[str] | None = None) -> list[Path]:
    """Write every template (or only ``names``) into ``directory``; returns the paths written."""
    out = Path(directory)
    wanted = None if names is None else set(names)
    return [write_workbook(out / name, data) for name, data in template_sources().items()
            if wanted is None or name in wanted]  # fmt: skip


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n not in _IGNORED_PARTS}


def templates_are_current(directory: str | Path = TEMPLATE_DIR, names: Iterable[str] | None = None) -> list[str]:
    """Names of the templates (all, or ``names``) in ``directory`` that are missing or differ from a fresh build
    (zip parts compared after decompression, document properties excepted). An empty list means all are
    current."""
    here = Path(directory)
    stale: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xlproduction-templates-") as tmp:
        for fresh in rebuild_templates(tmp, names):
            committed = here / fresh.name
            try:
                current = committed.is_file() and _parts(committed) == _parts(fresh)
            except zipfile.BadZipFile:
                current = False
            if not current:
                stale.append(fresh.name)
    return stale


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else TEMPLATE_DIR
    for path in rebuild_templates(directory):
        print(f"wrote {path}")
    if SAMPLE_WORKBOOK not in template_sources():
        print("xlproduction.sample.sample_production is not available yet: the sample workbook was not built.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
