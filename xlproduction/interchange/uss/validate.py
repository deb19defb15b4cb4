"""Validating a Universal Schedule Standard document: the USS 1.0.0 schema, then the validator's parity checks.

The schema is uss-validator's own (MIT; ``schema_v1.0.0.json`` beside this module, converted for ``jsonschema``
as its ``$comment`` says), so a file xlproduction writes passes the check every USS implementer runs. jsonschema
lists every error with its path (``validate``); where only "valid or not, and the first problem" is needed on a
season-sized file, ``first_error`` runs the same schema compiled by fastjsonschema. uss-validator
then runs seven "parity" checks whose failures are warnings, not errors; they are restated here with their titles.
Two of them, as written in JavaScript, count a board's top-level entries, so a board with day breaks (sub-arrays,
which the standard itself defines) would fail them whatever it held: here they look through the sub-arrays, which
is what the standard asks ("all boards of a stripboard together reference every breakdown"). A third
(``calendarsHaveStart``) reports a calendar once per event before its start event; here a calendar without a start
event is reported once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

ROOT = "universalScheduleStandard"
SCHEMA_FILE = "schema_v1.0.0.json"


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning: uss-validator's title, where (a JSON path), and what is wrong."""

    title: str
    path: str
    message: str


@dataclass(frozen=True)
class Report:
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def json_path(parts: Sequence[Any]) -> str:
    """``[ROOT, 'breakdowns', 3, 'pages']`` -> ``$.universalScheduleStandard.breakdowns[3].pages``."""
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


@functools.cache
def schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft7Validator

    s = schema()
    Draft7Validator.check_schema(s)
    return Draft7Validator(s)


@functools.cache
def _fast() -> Any:
    import fastjsonschema

    return fastjsonschema.compile(schema())


def first_error(doc: Any) -> Problem | None:
    """The first schema error of ``doc``, or None when it is valid: the same schema, compiled to Python code by
    fastjsonschema, ~30 times faster than jsonschema on a season's file (0.03 s against 0.9 s). It says only the
    first error; ``schema_errors`` lists them all. tests/test_uss_export.py holds the two to the same answers."""
    from fastjsonschema import JsonSchemaException

    try:
        _fast()(doc)
    except JsonSchemaException as e:
        parts = [int(x) if isinstance(x, str) and x.isdigit() else x for x in list(getattr(e, "path", None) or
                                                                                  ["data"])[1:]]  # fmt: skip
        message = str(getattr(e, "message", e))
        name = str(getattr(e, "name", "") or "")
        return Problem("Schema", json_path(parts), message.removeprefix(name).strip() if name else message)
    return None


def schema_errors(doc: Any, limit: int | None = None) -> list[Problem]:
    """The schema's errors, in document order (at most ``limit``)."""
    out: list[Problem] = []
    for e in sorted(_validator().iter_errors(doc), key=lambda e: [str(x) for x in e.absolute_path]):
        out.append(Problem("Schema", json_path(list(e.absolute_path)), e.message))
        if limit is not None and len(out) >= limit:
            break
    return out


def flat_ids(ids: Any) -> Iterator[Any]:
    """A board's breakdown IDs in order, day-break sub-arrays opened."""
    for x in ids or ():
        if isinstance(x, list):
            yield from flat_ids(x)
        else:
            yield x


def parity_warnings(doc: Mapping[str, Any]) -> list[Problem]:
    """uss-validator's seven parity checks, on a document that passed the schema."""
    u = doc[ROOT]
    here = f"$.{ROOT}"
    out: list[Problem] = []
    element_ids = {e["id"] for e in u["elements"]}
    breakdown_ids = [b["id"] for b in u["breakdowns"]]
    category_ids = {c["id"] for c in u["categories"]}

    bad = sorted({x for b in u["breakdowns"] for x in b["elements"] if x not in element_ids})
    if bad:
        out.append(Problem("Breakdown Elements", f"{here}.breakdowns",
                           f"Element IDs in breakdowns that are not in the elements array: {', '.join(bad[:10])}"))
    bad = [e["id"] for e in u["elements"] if e["category"] not in category_ids]
    if bad:
        out.append(Problem("Element missing Category", f"{here}.elements",
                           f"Elements whose category is not in the categories array: {', '.join(bad[:10])}"))
    bad = sorted({x for e in u["elements"] for x in (e.get("linkedElements") or ()) if x not in element_ids})
    if bad:
        out.append(Problem("Linked Elements not in Elements", f"{here}.elements",
                           f"Linked elements that are not in the elements array: {', '.join(bad[:10])}"))
    known = set(breakdown_ids)
    for s_i, sb in enumerate(u.get("stripboards") or ()):
        on_boards = [x for b in sb["boards"] for x in flat_ids(b["breakdownIds"])]
        if len(on_boards) != len(breakdown_ids) or set(on_boards) != known:
            missing = len(known - set(on_boards))
            out.append(Problem("Boards does not equal Breakdowns", f"{here}.stripboards[{s_i}]",
                               f"Stripboard {sb['name']!r}: its boards hold {len(on_boards)} breakdown IDs for "
                               f"{len(breakdown_ids)} breakdowns ({missing} not on any board)."))
        for b_i, b in enumerate(sb["boards"]):
            unknown = [x for x in flat_ids(b["breakdownIds"]) if x not in known]
            if unknown:
                out.append(Problem("Boards breakdownIds not in Breakdowns",
                                   f"{here}.stripboards[{s_i}].boards[{b_i}]",
                                   f"Board {b['name']!r} holds breakdown IDs that are not in the breakdowns array: "
                                   f"{', '.join(map(str, unknown[:10]))}"))  # fmt: skip
        if not isinstance(sb.get("calendar"), str) or not sb["calendar"]:
            out.append(Problem("Stripboard missing Calendar", f"{here}.stripboards[{s_i}].calendar",
                               f"Stripboard {sb['name']!r} has no calendar ID."))
    for c_i, cal in enumerate(u.get("calendars") or ()):
        if not any(ev.get("type") == "start" for ev in cal.get("events") or ()):
            out.append(Problem("Calendar missing start date", f"{here}.calendars[{c_i}]",
                               f"Calendar {cal['name']!r} has no start event."))
    return out


def validate(doc: Any, *, fast: bool = False) -> Report:
    """uss-validator's answer for ``doc`` (a parsed JSON value): schema errors, and parity warnings when there are
    none, with its ``info`` summary. ``fast``: check validity with ``first_error`` first, listing every error (with
    jsonschema) only when there is one."""
    errors = schema_errors(doc) if not fast or first_error(doc) is not None else []
    if errors:
        return Report(tuple(errors))
    u = doc[ROOT]
    info = {"breakdowns": len(u["breakdowns"]), "categories": len(u["categories"]), "elements": len(u["elements"]),
            "stripboards": len(u.get("stripboards") or ()), "calendars": len(u.get("calendars") or ()),
            "isSchedule": bool(u.get("stripboards")), "name": u["name"], "source": u["source"],
            "ussVersion": u["ussVersion"]}  # fmt: skip
    return Report((), tuple(parity_warnings(doc)), info)
