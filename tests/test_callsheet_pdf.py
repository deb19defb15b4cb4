"""Call sheets printed to PDF through a real headless LibreOffice (CI installs it; see tests/conftest.py): the text
holds the title, the day and every scene of the day, on the expected number of pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from xlproduction.jobs.callsheets import generate_callsheets

from .callsheet_support import DAY, callsheet_data, overflow_data, write_book

pytestmark = pytest.mark.libreoffice


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def scene_lines(text: str) -> list[str]:
    """Scene numbers at the start of the scene rows (before the advance schedule): '3 DINER - PARKING LOT …'."""
    today = text.split("ADVANCE SCHEDULE")[0]
    return re.findall(r"^(\d+[A-Z]?) (?:DINER|PARK)\b", today, flags=re.MULTILINE)


def test_pdf_of_one_day_is_one_page_with_title_day_and_scenes(soffice: str, tmp_path: Path) -> None:
    book = write_book(tmp_path / "prod.xlsx", callsheet_data())
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY], pdf_dir=tmp_path / "pdf")
    (pdf,) = res.pdfs
    assert pdf.name == "CS_D02_Tue_02-Mar.pdf"
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    assert "Base Test" in text and "Day 2 of 3" in text and "Tuesday, March 2, 2027" in text
    assert scene_lines(text) == ["3", "6"]
    assert "LUNCH" in text and "General Hospital" in text and "Total pages 1 6/8" in text
    assert "Call-sheet revision" not in text  # the margin beside the print area never prints
    assert res.seconds["pdf"] < 60


def test_overflowing_day_continues_on_more_pages_with_every_scene(soffice: str, tmp_path: Path) -> None:
    book = write_book(tmp_path / "big.xlsx", overflow_data(n_scenes=40, n_cast=15))
    res = generate_callsheets(book, tmp_path / "out.xlsx", [DAY], pdf_dir=tmp_path / "pdf")
    pages = pdf_pages(res.pdfs[0])
    # 42 strips, a banner, 18 performers and the crew: about 130 rows, which print on two or three pages.
    assert 2 <= len(pages) <= 3
    expected = ["3", "6", *(str(101 + i) for i in range(40))]
    assert [s for page in pages for s in scene_lines(page)] == expected
    for i, page in enumerate(pages, start=1):  # the title rows repeat on every page, and pages are numbered
        assert "Base Test" in page and "CALL SHEET" in page and f"Page {i} of {len(pages)}" in page
    assert "ADVANCE SCHEDULE" in pages[-1]


def test_all_days_print_in_one_run(soffice: str, tmp_path: Path) -> None:
    book = write_book(tmp_path / "prod.xlsx", callsheet_data())
    res = generate_callsheets(book, tmp_path / "out.xlsx", "all", pdf_dir=tmp_path / "pdf", audience="cast")
    assert [p.name for p in res.pdfs] == ["CS_D01_Mon_01-Mar_cast.pdf", "CS_D02_Tue_02-Mar_cast.pdf",
                                          "CS_D03_Wed_03-Mar_cast.pdf"]  # fmt: skip
    for day, pdf in enumerate(res.pdfs, start=1):
        (text,) = pdf_pages(pdf)
        assert f"Day {day} of 3" in text and "Cast version" in text
        assert "+1 310 555 0112" not in text  # the cast version carries no crew phone
