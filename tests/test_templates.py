"""The committed workbooks in workbook_templates/ are what the code builds today."""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlproduction.jobs.templates import (
    BLANK_TEMPLATE,
    REBUILD_COMMAND,
    SAMPLE_WORKBOOK,
    TEMPLATE_DIR,
    rebuild_templates,
    template_sources,
    templates_are_current,
)
from xlproduction.workbook.reader import load_production


def test_committed_templates_are_current() -> None:
    stale = templates_are_current(TEMPLATE_DIR)
    assert stale == [], (
        f"{', '.join(stale)} in {TEMPLATE_DIR.name}/ no longer match what the writer builds (contract, writer or "
        f"sample changed). Rebuild them with `{REBUILD_COMMAND}` and commit the result.")  # fmt: skip


def test_blank_template_is_committed_and_clean() -> None:
    path = TEMPLATE_DIR / BLANK_TEMPLATE
    assert path.is_file(), f"missing {path}; run `{REBUILD_COMMAND}`"
    assert load_production(path).findings == ()


def test_sample_workbook_is_committed_when_the_sample_exists() -> None:
    if SAMPLE_WORKBOOK in template_sources():
        assert (TEMPLATE_DIR / SAMPLE_WORKBOOK).is_file(), f"missing {SAMPLE_WORKBOOK}; run `{REBUILD_COMMAND}`"


def test_staleness_is_detected(tmp_path: Path) -> None:
    only = [BLANK_TEMPLATE]  # the rules are the same for every template; the blank one builds fastest
    rebuild_templates(tmp_path, only)
    assert templates_are_current(tmp_path, only) == []
    path = tmp_path / BLANK_TEMPLATE
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # Document properties (dates, author) may differ without making a template stale …
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(b"2026-01-01", b"2030-06-30")
    _zip(path, parts)
    assert templates_are_current(tmp_path, only) == []
    # … any other part may not.
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(b"Calibri", b"Arial")
    _zip(path, parts)
    assert templates_are_current(tmp_path, only) == [BLANK_TEMPLATE]
    path.write_bytes(b"not a zip")
    assert templates_are_current(tmp_path, only) == [BLANK_TEMPLATE]
    path.unlink()
    assert templates_are_current(tmp_path, only) == [BLANK_TEMPLATE]


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)

