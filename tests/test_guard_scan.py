"""The guard's fast cell scan (numpy over the bytes) must bound a sheet exactly as the general regex path does.

The fast path decides how far a parser would allocate for the cells Excel and openpyxl write; a reference it
misreads would let a crafted file through (too small an extent) or refuse a good one (too large). So every shape
of reference it accepts is compared with the general path on the same bytes, and every shape it must not accept
(lower case, '$', other attribute order, a namespace prefix, too many digits or letters) sends the chunk to the
general path.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xlproduction.workbook.guard import (
    _ANY_CELL,
    _ATTR_R,
    LIMITS,
    SheetScan,
    _cell,
    _col_letters,
    _fast_extent,
    _Part,
)


def general_extent(text: bytes) -> tuple[int, int]:
    """The largest row and column of the cells in ``text``, by the general (regex) path."""
    rows, cols = [0], [0]
    for m in _ANY_CELL.finditer(text):
        r = _ATTR_R.search(m[1])
        at = _cell(r[1].decode()) if r else None
        if at is not None:
            rows.append(at[0])
            cols.append(at[1])
    return max(rows), max(cols)


def fast(text: bytes) -> tuple[int, int] | None:
    found = _fast_extent(text)
    if found is None:
        return None
    return max((r for r, _, _ in found), default=0), max((c for _, c, _ in found), default=0)


refs = st.tuples(st.integers(1, 16_384), st.integers(1, 9_999_999))


def sheet_xml(cells: list[tuple[int, int]], extra: str = "") -> bytes:
    body = "".join(f'<row r="{r}"><c r="{_col_letters(c)}{r}" s="1" t="n"><v>1</v></c></row>' for c, r in cells)
    return f'<sheetData>{body}</sheetData>{extra}<cols><col min="1" max="2"/></cols>'.encode()


@settings(max_examples=300, deadline=None)
@given(st.lists(refs, min_size=1, max_size=40))
def test_fast_scan_agrees_with_the_general_path(cells: list[tuple[int, int]]) -> None:
    text = sheet_xml(cells)
    assert fast(text) == general_extent(text) == (max(r for _, r in cells), max(c for c, _ in cells))


def test_the_reference_that_sets_the_extent_is_reported() -> None:
    found = _fast_extent(sheet_xml([(3, 10), (2, 700), (16_384, 5)]))
    assert found is not None
    assert {ref for _, _, ref in found} == {"B700", "XFD5"}


def test_a_chunk_without_cells_has_no_extent() -> None:
    assert _fast_extent(b'<sheetData/><cols><col min="1" max="3"/></cols><conditionalFormatting sqref="A1"/>') == []


def test_a_cell_in_a_comment_still_counts() -> None:
    # Overstating is the safe side: a parser that ignores the comment allocates less than the guard assumed.
    assert fast(sheet_xml([(1, 1)], extra='<!-- <c r="XFD1048576"/> -->')) == (1_048_576, 16_384)


def test_unusual_cells_take_the_general_path() -> None:
    unusual = [
        b'<row r="1"><c r="a1"><v>1</v></c></row>',  # lower case
        b'<row r="1"><c r="$A$1"><v>1</v></c></row>',  # absolute marks
        b'<row r="1"><c s="1" r="A1"><v>1</v></c></row>',  # attribute order
        b'<row r="1"><c r="ABCD1"><v>1</v></c></row>',  # four letters
        b'<row r="1"><c r="A12345678"><v>1</v></c></row>',  # eight digits
        b'<row r="1"><c r="A"><v>1</v></c></row>',  # no row number
        b'<row r="1"><c><v>1</v></c></row>',  # no reference at all
        b'<row r="1"><c\tr="A1"><v>1</v></c></row>',  # a tab before the attribute
        b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>',  # a namespace prefix
    ]
    for text in unusual:
        assert _fast_extent(text) is None, text


def test_text_that_merely_contains_colon_c_stays_fast() -> None:
    text = b'<row r="2"><c r="C2" t="inlineStr"><is><t>Note:call the unit at 06:c</t></is></c></row>'
    assert fast(text) == (2, 3)


def test_a_part_scanned_through_chunks_bounds_the_whole_sheet() -> None:
    """End to end through the part scanner, fed in small chunks so that references straddle the cuts."""
    cells = [(c, r) for r in range(1, 400) for c in (1, 2, 27, 703)]
    text = b'<?xml version="1.0"?><worksheet>' + sheet_xml(cells) + b"</worksheet>"
    part = _Part("xl/worksheets/sheet1.xml", "t.xlsx", LIMITS)
    for i in range(0, len(text), 997):
        part.feed(text[i:i + 997])
    part.close()
    scan = part.sheet
    assert isinstance(scan, SheetScan)
    assert (scan.max_row, scan.max_col) == (399, 703)
