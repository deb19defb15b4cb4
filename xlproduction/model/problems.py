"""The structure rules: what the reader reports when a workbook does not match the contract.

They are rules like any other (code, name, severity, documentation) but they are raised while reading, since a
value that cannot be read never reaches a check. The checks registry lists them beside the checks, so
``docs/rules.md`` documents them and Settings can silence or re-rank them like any rule.
"""

from __future__ import annotations

from .findings import RuleInfo, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

MISSING_TABLE = RuleInfo("ST001", "missing-table", "A table the workbook needs is not there.", E, """\
**What it does.** Looks for each table of the contract by its Excel Table name (Scenes, Days, Schedule…).

**Why it matters.** Without, say, the Days table no call sheet or turnaround check can run.

**Example.** The breakdown was pasted into a new sheet as plain cells and the `Scenes` table was deleted.

**Fix.** Select the range and use Insert → Table, then name the table (Table Design → Table Name) as listed
in the README, or copy the sheet from a new template (`xlproduction new`).""")

MISSING_COLUMN = RuleInfo("ST002", "missing-column", "A required column is missing from a table.", E, """\
**What it does.** Matches each table's headers against the contract, ignoring case, spaces and punctuation
and accepting common aliases (`INT/EXT` for `I/E`).

**Why it matters.** A required column (the scene number, a shoot day's date) carries data every check needs.

**Example.** The Days table has no `Date` column.

**Fix.** Add the column with the header shown in the hint, or rename the header you use for it.""")

UNREADABLE_VALUE = RuleInfo("ST003", "unreadable-value", "A cell's value cannot be read as its column's type.",
                            E, """\
**What it does.** Reads numbers, money, dates, times and page counts as users type them (`$1,200`,
`03/02/2027`, `7:30 AM`, `1 3/8`) and reports the cells it cannot read.

**Why it matters.** An unreadable call time or rate is silently missing from every report otherwise.

**Example.** `25:75` in Crew Call; `31/02/2027` in Date; `abc` in Rate.

**Fix.** Type the value in one of the forms named in the message.""")

VALUE_NOT_ALLOWED = RuleInfo("ST004", "value-not-allowed", "A cell holds a value outside its column's list.", E,
                             """\
**What it does.** Checks columns with a fixed list of values (I/E, D/N, department, union, units, status)
against the list; common spellings (`I`, `Interior`, `Wardrobe`) are accepted.

**Why it matters.** Strip colours, crew grouping and cost reports group on these values.

**Example.** `Outside` in the I/E column.

**Fix.** Pick a value from the cell's dropdown.""")

BLANK_REQUIRED = RuleInfo("ST005", "blank-required-cell", "A required cell is empty.", E, """\
**What it does.** Reports empty cells in required columns of non-empty rows.

**Why it matters.** A scene without pages or a shoot day without a date breaks totals and calendars.

**Example.** Row 14 of Scenes has a scene number but no Set.

**Fix.** Fill the cell, or delete the row if it is not needed.""")

DUPLICATE_ID = RuleInfo("ST006", "duplicate-id", "The same identifier appears twice in a table.", E, """\
**What it does.** Checks that identifiers (scene, shoot day, cast ID, location ID, account, fringe code,
transaction ID, crew name) are unique in their table.

**Why it matters.** References from other tables become ambiguous: which scene 12 is scheduled?

**Example.** Two rows of Scenes numbered `12`.

**Fix.** Renumber one of them (`12A`) or delete the duplicate row.""")

PLAIN_RANGE = RuleInfo("ST007", "table-not-excel-table", "A table was found as plain cells, not an Excel Table.",
                       W, """\
**What it does.** When no Excel Table has the expected name, looks for a sheet of that name and finds its
header row.

**Why it matters.** It works, but plain ranges are found by sheet name, so renaming the sheet loses them, and
formulas and dropdowns do not extend to new rows.

**Example.** The Crew sheet holds the crew list as plain cells.

**Fix.** Click in the range, Insert → Table, and name the table as listed in the README.""")

DUPLICATE_COLUMN = RuleInfo("ST008", "duplicate-column", "Two columns of a table mean the same thing.", W, """\
**What it does.** Reports a header that matches a column already matched (`Phone` and `phone`).

**Why it matters.** Only the first is read; edits in the second are ignored.

**Example.** The Cast table has both `Cast ID` and `ID`.

**Fix.** Delete or rename one of the two columns.""")

UNKNOWN_SETTING = RuleInfo("ST009", "unknown-setting", "A row of Settings is not a known setting.", I, """\
**What it does.** Compares each setting name with the list in the README.

**Why it matters.** A misspelt setting (`Planed Shoot Days`) is silently ignored and its default used.

**Example.** `Cast turnarround hours`.

**Fix.** Correct the spelling; the hint names the closest known setting.""")

READER_RULES: tuple[RuleInfo, ...] = (
    MISSING_TABLE, MISSING_COLUMN, UNREADABLE_VALUE, VALUE_NOT_ALLOWED, BLANK_REQUIRED, DUPLICATE_ID, PLAIN_RANGE,
    DUPLICATE_COLUMN, UNKNOWN_SETTING,
)  # fmt: skip
