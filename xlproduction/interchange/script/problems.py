"""What can be wrong with a script, as findings a writer or coordinator can act on.

A file that is not a script at all (a PDF, a Word document, a binary, an FDX with a DTD) is refused outright with
``ScriptUnreadable``: nothing about it can be trusted. A script that reads but is doubtful (no scenes, a heading
that does not say INT or EXT, two scenes numbered alike) gives findings, each naming the file and line; errors
stop an import, warnings are shown beside the breakdown.
"""

from __future__ import annotations

from ...model.findings import Finding, RuleInfo, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


class ScriptUnreadable(ValueError):
    """The file is not a screenplay xlproduction can read; the message says what to export instead."""


EMPTY_SCRIPT = RuleInfo("SP001", "empty-script", "The script has no scene headings.", E, """\
**What it does.** Counts the scene headings (`INT. HOUSE - DAY`, or a line forced with a leading `.`).

**Why it matters.** A breakdown is one row per scene: without headings there is nothing to import.

**Example.** A Fountain file whose headings were typed without a blank line before and after them.

**Fix.** Put each scene heading on its own line with a blank line before and after it, or force it with a
leading `.` (`.KITCHEN`).""")

NO_INT_EXT = RuleInfo("SP002", "heading-without-int-ext", "A scene heading does not say INT or EXT.", W, """\
**What it does.** Reads INT, EXT, INT/EXT (I/E) or EST at the start of every scene heading.

**Why it matters.** Strips are coloured and scenes grouped by interior or exterior; the I/E cell is left blank.

**Example.** `.KITCHEN` (a forced heading), `REVERSE ON` typed as a scene heading in Final Draft.

**Fix.** Write the heading as `INT. KITCHEN - DAY`, or fill I/E in the Scenes table after the import.""")

NO_TIME_OF_DAY = RuleInfo("SP003", "heading-without-time-of-day", "A scene heading does not say day or night.",
                          W, """\
**What it does.** Reads the time of day after the last ` - ` of the heading (DAY, NIGHT, DAWN, DUSK, MORNING,
EVENING… and CONTINUOUS or LATER, which continue the previous scene's).

**Why it matters.** Day and night scenes are scheduled apart; the D/N cell is left blank.

**Example.** `INT. HOUSE` or `EXT. PARK - THE NEXT MORNING`.

**Fix.** End the heading with ` - DAY`, ` - NIGHT`… or fill D/N in the Scenes table after the import.""")

DUPLICATE_NUMBER = RuleInfo("SP004", "duplicate-scene-number", "Two scenes carry the same number.", E, """\
**What it does.** Compares the scene numbers the script gives (`#12A#` in Fountain, `Number` in Final Draft).

**Why it matters.** The scene number is what the schedule, call sheets and revisions match scenes by: two
scenes 12 cannot both be scheduled.

**Example.** A scene pasted from another draft kept its number `#12#`.

**Fix.** Renumber one of them (`12A`) in the screenwriting app, or lock and renumber the scenes there.""")

UNNUMBERED = RuleInfo("SP005", "scene-numbered-by-position", "A scene has no number in a numbered script.", W, """\
**What it does.** When some scenes of a script carry numbers and others do not, numbers the others by their
position.

**Why it matters.** A number given by position may clash with one the script gives, and changes when scenes move.

**Example.** `INT. A THIRD PLACE - DAY` between `#2#` and `#2-B#`.

**Fix.** Number every scene in the screenwriting app (Final Draft: Production → Scene Numbers).""")

MERGED_NAMES = RuleInfo("SP006", "character-names-merged", "Two character names were taken for one person.", I, """\
**What it does.** Takes a shorter cue (`BOB`) for the same person as the one longer speaking name that ends or
starts with it (`CYBER BOB`), unless the extra word says otherwise (`YOUNG BOB`).

**Why it matters.** One person gets one cast ID, however the script shortens the name.

**Example.** `CYBER BOB, 40` is introduced in action and speaks as `BOB` and `CYBER BOB`.

**Fix.** When they are two people, rename one of them in the script, or split the Cast row after the import.""")

DECODED_AS_CP1252 = RuleInfo("SP007", "not-utf8", "The script was not UTF-8 and was read as Windows-1252.", I, """\
**What it does.** Reads Fountain files as UTF-8 (with or without a byte-order mark), else as Windows-1252.

**Why it matters.** Accented names read wrongly if the file was in another encoding.

**Example.** A Fountain file saved by an old Windows editor.

**Fix.** Check the accented names in the breakdown; save the file as UTF-8 to be sure.""")

RULES = (EMPTY_SCRIPT, NO_INT_EXT, NO_TIME_OF_DAY, DUPLICATE_NUMBER, UNNUMBERED, MERGED_NAMES, DECODED_AS_CP1252)


def finding(rule: RuleInfo, source: str, line: int | None, message: str, hint: str = "", unit: str = "line") -> Finding:
    """A finding anchored to a line of the script file (``row``), the file standing where a sheet would.

    ``unit`` is "paragraph" for Final Draft files, whose XML parser keeps no line numbers."""
    where = f"{source}, {unit} {line}: " if line else f"{source}: "
    return rule.finding(where + message, sheet=source, row=line, hint=hint)
