"""Writing a production workbook (.xlsx) from the contract: the blank template and workbooks from data.

Everything here is driven by ``contract.py``: one sheet per table, each an Excel Table (ListObject) named as the
contract says, columns in contract order with its headers and widths, formula columns as calculated columns so
Excel extends them to new rows, dropdowns for every list column, number formats by column type. The output has
no cached formula values (openpyxl cannot compute them); Excel and LibreOffice compute on open, and
``xlproduction.workbook.libreoffice.recalculate`` does it headless.

Two builds of the same data give byte-identical files (fixed document dates and zip entry times), so the
committed templates can be checked for staleness and rebuilding them leaves git quiet.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..model.contract import (
    ACCOUNTS,
    BUDGET,
    CHARGES,
    GLOBALS,
    LISTS_SHEET,
    SCHEDULE,
    SETTINGS,
    SETTINGS_BY_KEY,
    SETTINGS_KEYS,
    TABLES,
    TABLES_BY_NAME,
    TOP_SHEET,
    ColType,
    Column,
    Setting,
    TableSpec,
)
from ..model.tabledata import ProductionData, Row
from . import styles as S
from .cellvalues import NO, YES, cell_value
from .reader import GLOBAL_NAME
from .topsheet import write_top_sheet

# Dropdowns, strip colours and formats reach this row even in a short table, so rows a coordinator types
# below the table (Excel then grows the table) still get them.
MARGIN_LAST_ROW = 2000
MARGIN_ROWS = 500  # beyond this many data rows, keep a margin of this many rows instead
INLINE_LIST_LIMIT = 255  # Excel rejects an inline dropdown list ("A,B,C") longer than this
MESSAGE_LIMIT = 255  # Excel's limit for a validation error or input message
FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)  # document dates: constant so builds are reproducible
CREATOR = "xlproduction"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry

def formula_text(spec: TableSpec, col: Column) -> str:
    """The column's formula with ``{T}`` replaced by the table name, with its leading '='."""
    assert col.formula is not None
    return col.formula.replace("{T}", spec.name)


def last_margin_row(data_rows: int) -> int:
    """Last row that dropdowns and strip colours cover for a table with ``data_rows`` rows under row 1."""
    return max(MARGIN_LAST_ROW, 1 + data_rows + MARGIN_ROWS)


# --- dropdowns -------------------------------------------------------------------------------------------------


class _Lists:
    """Dropdown sources. Short lists go inline; longer ones (departments) go to a hidden sheet, one column per
    distinct list, created only when needed."""

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._ws: Worksheet | None = None
        self._ranges: dict[tuple[str, ...], str] = {}

    def source(self, values: Sequence[str], title: str) -> str:
        inline = ",".join(values)
        if len(inline) + 2 <= INLINE_LIST_LIMIT and not any("," in v or '"' in v for v in values):
            return f'"{inline}"'
        key = tuple(values)
        if key not in self._ranges:
            if self._ws is None:
                self._ws = self._wb.create_sheet(LISTS_SHEET)
                self._ws.sheet_state = "hidden"
            col = len(self._ranges) + 1
            letter = get_column_letter(col)
            self._ws.cell(1, col, title).font = S.HEADER_FONT
            for i, v in enumerate(values, start=2):
                self._ws.cell(i, col, v)
            self._ws.column_dimensions[letter].width = max(12, max(len(v) for v in values) + 2)
            self._ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        return self._ranges[key]

    def move_last(self) -> None:
        """The hidden sheet goes after every visible one, out of the way of Ctrl+PgDn."""
        if self._ws is not None:
            self._wb.move_sheet(self._ws, offset=len(self._wb.sheetnames) - 1 - self._wb.index(self._ws))


def _choice_validation(lists: _Lists, allowed: Sequence[str], title: str, prompt: str, *,
                       strict: bool = True) -> DataValidation:  # fmt: skip
    """A dropdown of ``allowed``; ``strict=False`` only suggests them: any other value is taken without a word."""
    if not strict:
        dv = DataValidation(type="list", formula1=lists.source(allowed, title), allow_blank=True,
                            showErrorMessage=False)  # fmt: skip
        if prompt:
            dv.showInputMessage, dv.promptTitle, dv.prompt = True, title[:32], prompt[:MESSAGE_LIMIT]
        return dv
    message = f"Pick one of: {', '.join(allowed)}."
    if len(message) > MESSAGE_LIMIT:
        message = "Pick a value from the cell's dropdown list."
    dv = DataValidation(type="list", formula1=lists.source(allowed, title), allow_blank=True,
                        showErrorMessage=True, errorStyle="stop", errorTitle=title[:32], error=message)  # fmt: skip
    if prompt:
        dv.showInputMessage, dv.promptTitle, dv.prompt = True, title[:32], prompt[:MESSAGE_LIMIT]
    return dv


def _allowed(col_type: ColType, allowed: Sequence[str]) -> tuple[str, ...]:
    if col_type is ColType.BOOL:
        return (YES, NO)
    return tuple(allowed) if col_type is ColType.ENUM else ()


# --- table sheets -----------------------------------------------------------------------------------------------


def _add_table(ws: Worksheet, spec: TableSpec, last_row: int) -> None:
    ref = f"A1:{get_column_letter(len(spec.columns))}{last_row}"
    columns = [
        TableColumn(id=j, name=col.header,
                    calculatedColumnFormula=TableFormula(attr_text=formula_text(spec, col)[1:]) if col.formula
                    else None)
        for j, col in enumerate(spec.columns, start=1)
    ]  # fmt: skip
    ws.add_table(Table(
        displayName=spec.name, name=spec.name, ref=ref, tableColumns=columns, autoFilter=AutoFilter(ref=ref),
        tableStyleInfo=TableStyleInfo(name=S.TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                      showFirstColumn=False, showLastColumn=False)))  # fmt: skip


def _check_row(spec: TableSpec, row: Row, index: int) -> None:
    inputs = {c.key for c in spec.input_columns}
    unknown = [k for k in row if k not in inputs]
    if unknown:
        formula = [k for k in unknown if k in spec.keys]
        why = f" ({', '.join(formula)} {'is a formula column' if len(formula) == 1 else 'are formula columns'})" \
            if formula else ""  # fmt: skip
        raise ValueError(f"{spec.name} row {index + 1} has keys the contract does not list as input columns: "
                         f"{', '.join(map(repr, unknown))}{why}.")  # fmt: skip


def _write_table_sheet(wb: Workbook, spec: TableSpec, rows: Sequence[Row], lists: _Lists,
                       currency: str | None, paper: str | None) -> Worksheet:  # fmt: skip
    ws = wb.create_sheet(spec.sheet)
    for i, row in enumerate(rows):
        _check_row(spec, row, i)
    # An Excel Table needs at least one data row: an empty table keeps one blank row (formulas only), which
    # the reader skips because its input cells are empty.
    n = max(len(rows), 1)
    last_row = n + 1
    margin = last_margin_row(n)
    for j, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(j)
        shown = col.type
        head = ws.cell(1, j, col.header)
        head.font, head.alignment, head.border = S.HEADER_FONT, S.header_alignment(shown), S.RULE_BELOW
        ws.column_dimensions[letter].width = S.column_width(shown, col.width)
        fmt = S.number_format(shown, currency)
        align = S.body_alignment(shown)
        formula = formula_text(spec, col) if col.formula else None
        for i in range(n):
            cell = ws.cell(i + 2, j)
            if formula is not None:
                cell.value = formula
            elif i < len(rows):
                v = rows[i].get(col.key)
                cell.value = cell_value(col.default if v is None else v, col.type)
                if cell.data_type == "f":  # text that merely starts with '=' stays text
                    cell.data_type = "s"
            if fmt:
                cell.number_format = fmt
            if align is not None:
                cell.alignment = align
        choices = _allowed(col.type, col.allowed) if col.formula is None else ()
        if choices or col.suggested or col.description:
            dv = (_choice_validation(lists, choices, col.header, col.description) if choices
                  else _choice_validation(lists, col.suggested, col.header, col.description, strict=False)
                  if col.suggested and col.formula is None
                  else DataValidation(showInputMessage=True, promptTitle=col.header[:32],
                                      prompt=col.description[:MESSAGE_LIMIT], allow_blank=True))  # fmt: skip
            dv.add(f"{letter}2:{letter}{margin}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = S.HEADER_ROW_HEIGHT
    _add_table(ws, spec, last_row)
    ws.freeze_panes = "A2"
    landscape = spec is not SETTINGS
    S.print_setup(ws, landscape=landscape, paper=paper, title_rows="1:1", columns=len(spec.columns))
    if spec is SCHEDULE:
        _strip_colours(ws, spec, margin)
    return ws


def _strip_colours(ws: Worksheet, spec: TableSpec, last_row: int) -> None:
    """Stripboard colours by I/E × D/N, as conditional formats over the whole rows of the Schedule table."""
    ie = f"${get_column_letter(spec.keys.index('int_ext') + 1)}2"
    dn = f"${get_column_letter(spec.keys.index('day_night') + 1)}2"
    exterior = f'OR({ie}="{S.EXT}",{ie}="{S.INT_AND_EXT}")'  # INT/EXT strips are coloured as exteriors
    rules = (
        # Dawn and dusk first: magic-hour scenes stand out whatever their I/E.
        (f'OR({dn}="{S.DAWN}",{dn}="{S.DUSK}")', S.ORANGE),
        (f'AND({ie}="{S.INT}",{dn}="{S.DAY}")', S.WHITE),
        (f'AND({exterior},{dn}="{S.DAY}")', S.YELLOW),
        (f'AND({ie}="{S.INT}",{dn}="{S.NIGHT}")', S.BLUE),
        (f'AND({exterior},{dn}="{S.NIGHT}")', S.GREEN),
    )
    area = f"A2:{get_column_letter(len(spec.columns))}{last_row}"
    for formula, colour in rules:
        ws.conditional_formatting.add(area, FormulaRule(formula=[formula], fill=S.solid(colour), stopIfTrue=True))


# --- Settings ----------------------------------------------------------------------------------------------------


def _settings_rows(settings: dict[str, Any]) -> list[tuple[Setting, Any]]:
    unknown = [k for k in settings if k not in SETTINGS_BY_KEY]
    if unknown:
        raise ValueError(f"Unknown setting keys {', '.join(map(repr, unknown))}; settings are keyed by the "
                         "contract's setting keys (e.g. 'planned_shoot_days'), not by label.")  # fmt: skip
    return [(s, settings[s.key] if settings.get(s.key) is not None else s.default) for s in SETTINGS_KEYS]


def _write_settings(ws: Worksheet, settings: dict[str, Any], lists: _Lists, currency: str | None) -> None:
    """Values are typed per setting (a date setting holds a date) in the text-typed Value column."""
    keys = SETTINGS.keys
    kcol, vcol, ncol = (keys.index(k) + 1 for k in ("key", "value", "notes"))
    for i, (setting, value) in enumerate(_settings_rows(settings), start=2):
        ws.cell(i, kcol, setting.label)
        cell = ws.cell(i, vcol, cell_value(value, setting.type))
        if cell.data_type == "f":
            cell.data_type = "s"
        fmt = S.number_format(setting.type, currency)
        if fmt:
            cell.number_format = fmt
        cell.alignment = S.WRAPPED_TEXT
        ws.cell(i, ncol, setting.description or None).alignment = S.WRAPPED_TEXT
        ws.cell(i, kcol).alignment = S.WRAPPED_TEXT
        choices = _allowed(setting.type, setting.allowed)
        if choices:
            dv = _choice_validation(lists, choices, setting.label, setting.description)
            dv.add(cell.coordinate)
            ws.add_data_validation(dv)


# --- globals as Excel names -----------------------------------------------------------------------------------------

# Text Excel would read as a cell reference (A1, XFD1048576, R1C1) cannot be a defined name.
_CELL_LIKE = re.compile(r"([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])")


def excel_name_ok(name: str) -> bool:
    """Whether ``name`` can be an Excel defined name (letters, digits, _ and ., not a cell reference)."""
    return bool(GLOBAL_NAME.fullmatch(name)) and not _CELL_LIKE.fullmatch(name) and len(name) <= 255


def define_global_names(wb: Workbook, sheet: str, names: Sequence[Any]) -> None:
    """Each global becomes a workbook name for its Value cell, so a coordinator can type =SHOOT_WEEKS*2 in any cell
    (Budget lines may also hold the bare name, which the Budget formulas look up in the Globals table)."""
    col = get_column_letter(GLOBALS.keys.index("value") + 1)
    seen: set[str] = set()
    for i, name in enumerate(names, start=2):
        text = str(name).strip() if name is not None else ""
        if not text or text.casefold() in seen or not excel_name_ok(text):
            continue
        seen.add(text.casefold())
        wb.defined_names[text] = DefinedName(text, attr_text=f"{quote_sheetname(sheet)}!${col}${i}")


def _distinct(values: Any) -> list[str]:
    """Distinct non-blank texts, first spelling kept, compared case-insensitively (as SUMIFS does)."""
    out: dict[str, str] = {}
    for v in values:
        text = "" if v is None else str(v).strip()
        if text:
            out.setdefault(text.casefold(), text)
    return list(out.values())


# --- workbook ------------------------------------------------------------------------------------------------------


def build_workbook(data: ProductionData | None = None) -> Workbook:
    """The workbook in memory (see ``write_workbook``)."""
    data = data or ProductionData()
    unknown = [t for t in data.tables if t not in TABLES_BY_NAME]
    if unknown:
        raise ValueError(f"Unknown tables {', '.join(map(repr, unknown))}; tables are keyed by the contract's "
                         f"table names ({', '.join(TABLES_BY_NAME)}).")  # fmt: skip
    settings = dict(data.settings)
    _settings_rows(settings)  # fail early on unknown keys
    currency = settings.get("currency") or SETTINGS_BY_KEY["currency"].default
    paper = settings.get("paper_size") or SETTINGS_BY_KEY["paper_size"].default

    wb = Workbook()
    wb.remove(wb.active)
    lists = _Lists(wb)
    for spec in TABLES:
        if spec is ACCOUNTS:
            # The top sheet opens the budget section, as in budgeting software: top sheet, accounts, detail.
            write_top_sheet(wb.create_sheet(TOP_SHEET), data.rows(ACCOUNTS.name), currency=currency, paper=paper,
                            charges=_distinct(r.get("name") for r in data.rows(CHARGES.name)),
                            groups=_distinct(r.get("group") for r in data.rows(BUDGET.name)))  # fmt: skip
        rows = [{"key": s.label} for s in SETTINGS_KEYS] if spec is SETTINGS else data.rows(spec.name)
        ws = _write_table_sheet(wb, spec, rows, lists, currency, paper)
        if spec is SETTINGS:
            _write_settings(ws, settings, lists, currency)
        if spec is GLOBALS:
            define_global_names(wb, ws.title, [r.get("name") for r in rows])
    # The call-sheet layout lives in the workbook so coordinators can restyle it; every call sheet copies it.
    from .callsheet_template import write_callsheet_template

    write_callsheet_template(wb, paper=paper)
    lists.move_last()
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.active
    # No cached values are written: ask Excel to compute everything on open.
    wb.calculation.fullCalcOnLoad = True
    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.created = props.modified = FIXED_TIMESTAMP
    props.title = str(settings["title"]) if settings.get("title") else None
    return wb


def save_deterministic(wb: Workbook, path: str | Path) -> Path:
    """Save like openpyxl does, minus the two sources of noise: the 'modified' stamp openpyxl sets to now, and
    zip entry times. Written to a temporary file first so a failed save never leaves half a workbook."""
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".xlsx", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
                zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as dst:  # fmt: skip
            for info in src.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                dst.writestr(entry, src.read(info.filename))
        # mkstemp makes the file private; a workbook gets the mode of the file it replaces, else rw-r--r--.
        os.chmod(tmp, out.stat().st_mode & 0o777 if out.exists() else 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def write_workbook(path: str | Path, data: ProductionData | None = None) -> Path:
    """Write a production workbook to ``path``: the blank template when ``data`` is None, else the template
    filled with ``data`` (settings by setting key, table rows by column key). Returns the path written."""
    return save_deterministic(build_workbook(data), path)
