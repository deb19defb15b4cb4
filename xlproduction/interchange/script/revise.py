"""A revised draft into a breakdown that already exists: what changes in Scenes, Cast and Settings, and the list of
every change — as a pure function, so the command line, the ribbon and the tests share one set of rules.

Coordinators dread a revision because a re-import that rebuilds the breakdown destroys a week of their work. The
rules here keep it:

- scenes are matched by number (the script's own numbers are the production's contract), then, for what is left,
  by heading (I/E, set, D/N) and content (synopsis); a script numbered by position (no numbers of its own) is
  matched by content first, since inserting one scene shifts every position;
- a matched scene gets the new draft's pages, I/E, set and D/N, and the cast IDs of new speakers are added; every
  other cell (Location ID, Est. Time, background, script day, notes, a synopsis the coordinator wrote, cast added
  by hand, columns of their own) is kept as it was. A character who no longer speaks in a scene keeps their cast ID
  there — they may still be in it, silent — and the change list says so;
- a scene the new draft no longer has is marked OMITTED (synopsis and notes), never deleted: it may be scheduled,
  and the change list says on which day;
- a new scene (``12A``) is added after the scene that precedes it in the script;
- a new speaking character gets a Cast row with the next free cast ID; existing Cast rows are never changed;
- Settings' script revision moves to the next colour of the sequence (White → Blue → Pink …, then 2nd Blue…),
  dated.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...model.contract import REVISION_COLOURS
from .model import Breakdown, SceneBreakdown

Row = dict[str, Any]
OMITTED = "OMITTED"


@dataclass(frozen=True, slots=True)
class Change:
    """One change a revision makes, as the coordinator reads it in the change list."""

    kind: str  # "added", "updated", "omitted", "cast added", "check"
    scene: str  # the scene number, or "" for a cast or settings change
    message: str
    column: str = ""  # the contract key of the changed column, when one cell changed
    old: Any = None
    new: Any = None


@dataclass(frozen=True, slots=True)
class Revision:
    """The new Scenes and Cast rows (every old row kept, in order, new ones inserted), the settings to set, and
    the list of changes."""

    scenes: list[Row]
    cast: list[Row]
    settings: dict[str, Any]
    changes: list[Change] = field(default_factory=list)

    @property
    def summary(self) -> str:
        kinds = [c.kind for c in self.changes]
        parts = [f"{kinds.count(k)} {k}" for k in ("added", "updated", "omitted", "cast added") if k in kinds]
        checks = kinds.count("check")
        return ", ".join(parts or ["no change"]) + (f"; {checks} to check by hand" if checks else "")


def norm(text: object) -> str:
    """Scene numbers and names compare ignoring case and spaces ('12 a' = '12A')."""
    return re.sub(r"\s+", "", str(text or "")).upper()


def _name_key(text: object) -> str:
    return " ".join(str(text or "").upper().split())


def next_revision(current: str | None, colours: Sequence[str] = REVISION_COLOURS) -> str:
    """The colour after ``current``: White → Blue → … → Cherry → 2nd Blue → … (the first colour is the original
    draft and does not come round again, as call sheets count it)."""
    seq = [c for c in colours if str(c).strip()] or list(REVISION_COLOURS)
    cycle = seq[1:] or seq
    key = _name_key(current)
    if not key or key == _name_key(seq[0]):
        return cycle[0]
    m = re.match(r"^(\d+)(?:ST|ND|RD|TH)\s+(.*)$", key)
    rounds, colour = (int(m.group(1)), m.group(2)) if m else (1, key)
    names = [_name_key(c) for c in cycle]
    if colour not in names:
        return cycle[0]
    i = names.index(colour) + 1
    if i == len(cycle):
        rounds, i = rounds + 1, 0
    if rounds == 1:
        return cycle[i]
    suffix = "th" if 10 <= rounds % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rounds % 10, "th")
    return f"{rounds}{suffix} {cycle[i]}"


def _similar(a: str, b: str) -> float:
    a, b = _name_key(a), _name_key(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def _match(old: list[Row], new: Sequence[SceneBreakdown], numbered: bool) -> dict[int, int]:
    """New scene index → old row index."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    by_number: dict[str, int] = {}
    for i, row in enumerate(old):
        by_number.setdefault(norm(row.get("scene")), i)

    def by_content(strict: bool) -> None:
        for ni, s in enumerate(new):
            if ni in matched:
                continue
            best, best_score = None, 0.0
            for oi, row in enumerate(old):
                if oi in used:
                    continue
                same_heading = (_name_key(row.get("set")) == _name_key(s.set)
                                and (row.get("int_ext") or "") == s.ie and (row.get("day_night") or "") == s.dn)
                score = _similar(row.get("synopsis") or "", s.synopsis)
                if same_heading:
                    score += 1.0
                if score > best_score:
                    best, best_score = oi, score
            # Strict: the same heading and a similar synopsis; loose: the same heading, or a near-identical synopsis.
            if best is not None and best_score >= (1.5 if strict else 0.9):
                matched[ni] = best
                used.add(best)

    def by_numbers() -> None:
        for ni, s in enumerate(new):
            oi = by_number.get(norm(s.scene))
            if ni not in matched and oi is not None and oi not in used:
                matched[ni] = oi
                used.add(oi)

    if numbered:
        by_numbers()
        by_content(strict=True)
        by_content(strict=False)
    else:
        by_content(strict=True)
        by_numbers()
        by_content(strict=False)
    return matched


def _cast_lookup(cast: list[Row]) -> dict[str, str]:
    return {_name_key(r.get("character")): str(r.get("cast_id")) for r in cast if r.get("character")}


def _next_id(cast: list[Row]) -> int:
    numbers = [int(m.group()) for r in cast if (m := re.fullmatch(r"\d+", str(r.get("cast_id") or "").strip()))]
    return max(numbers, default=0) + 1


def revise(old_scenes: Iterable[Mapping[str, Any]], old_cast: Iterable[Mapping[str, Any]], new: Breakdown, *,
           scheduled: Mapping[str, Iterable[object]] | None = None, current_revision: str | None = None,
           colours: Sequence[str] = REVISION_COLOURS, today: dt.date | None = None) -> Revision:  # fmt: skip
    """Merge the breakdown of a (revised) draft into the existing Scenes and Cast rows.

    Rows are dicts keyed by the contract's column keys (``scene``, ``int_ext``, ``set``, ``day_night``, ``pages``
    in eighths, ``synopsis``, ``cast`` as a tuple of IDs, ``background``, ``location``, ``notes``…; any other key
    — a column of the coordinator's own — is carried through untouched). ``scheduled`` maps a scene number to the
    shoot days it is scheduled on. With no old scenes this is the first import: every scene is added, the cast
    numbered as the breakdown numbers it, and the revision is the first colour (White)."""
    today = today or dt.date.today()
    scenes = [dict(r) for r in old_scenes]
    cast = [dict(r) for r in old_cast]
    scheduled_days = {norm(k): sorted(v, key=str) for k, v in (scheduled or {}).items()}
    changes: list[Change] = []
    first_import = not scenes

    # Cast: every speaking character has an ID, existing rows first, new ones numbered after them.
    ids = _cast_lookup(cast)
    numbered_cast = first_import and not cast
    next_id = _next_id(cast)
    for c in new.characters:
        known = next((ids[k] for k in (_name_key(c.name), *map(_name_key, c.aliases)) if k in ids), None)
        if known is not None:
            ids[_name_key(c.name)] = known
            continue
        cid = c.cast_id if numbered_cast else str(next_id)
        next_id += 0 if numbered_cast else 1
        ids[_name_key(c.name)] = cid
        cast.append({"cast_id": cid, "character": c.name})
        if not first_import:  # a first import says how many in one line
                changes.append(Change("cast added", "", f"Cast {cid} {c.name} added ({c.scenes} scene"
                                  f"{'s' if c.scenes != 1 else ''}); fill in the performer.", "character", None,
                                  c.name))  # fmt: skip

    def cast_ids(s: SceneBreakdown) -> tuple[str, ...]:
        return tuple(ids[_name_key(n)] for n in s.characters)

    numbered = any(s.numbered for s in new.scenes)
    matched = _match(scenes, new.scenes, numbered) if scenes else {}
    old_to_new = {oi: ni for ni, oi in matched.items()}

    # Matched scenes: the draft's pages, heading and new speakers; everything else as the coordinator left it.
    for ni, oi in matched.items():
        s, row = new.scenes[ni], scenes[oi]
        updates = {"int_ext": s.ie or row.get("int_ext"), "set": s.set or row.get("set"),
                   "day_night": s.dn or row.get("day_night"), "pages": s.eighths}  # fmt: skip
        if norm(row.get("scene")) != norm(s.scene):
            updates["scene"] = s.scene
        if not (row.get("synopsis") or "").strip():
            updates["synopsis"] = s.synopsis
        if str(row.get("synopsis") or "").startswith(OMITTED):  # back in the script after an omission
            updates["synopsis"] = s.synopsis
        old_ids = tuple(str(x) for x in (row.get("cast") or ()))
        new_ids = cast_ids(s)
        merged_ids = old_ids + tuple(i for i in new_ids if i not in old_ids)
        if merged_ids != old_ids:
            updates["cast"] = merged_ids
        label = s.scene
        for key, value in updates.items():
            before = row.get(key)
            if _differs(before, value):
                changes.append(Change("updated", label, _describe(label, key, before, value), key, before, value))
                row[key] = value
        if s.script_page:
            row["script_page"] = s.script_page  # where the scene now starts: follows every draft, not a change to list
        silent = [i for i in old_ids if i not in new_ids and i in ids.values() and _speaks_elsewhere(i, ids, new)]
        if silent:
            changes.append(Change("check", label, f"Scene {label}: cast {', '.join(silent)} no longer speak"
                                  f"{'s' if len(silent) == 1 else ''} in this draft; kept — remove by hand if "
                                  "they are not in the scene.", "cast"))  # fmt: skip

    # Old scenes the draft no longer has: OMITTED, never deleted.
    revision = next_revision(current_revision, colours) if not first_import else (list(colours) or ["White"])[0]
    for oi, row in enumerate(scenes):
        if oi in old_to_new or str(row.get("synopsis") or "").startswith(OMITTED):
            continue
        label = str(row.get("scene"))
        before = row.get("synopsis") or ""
        row["synopsis"] = f"{OMITTED} — {before}" if before else OMITTED
        note = f"Omitted in the {revision} revision ({today.isoformat()})."
        row["notes"] = f"{row['notes']} {note}".strip() if row.get("notes") else note
        days = scheduled_days.get(norm(label))
        where = (f" It is scheduled on day {', '.join(map(str, days))}: take it off the schedule." if days else "")
        changes.append(Change("omitted", label, f"Scene {label} is not in the new draft: marked OMITTED." + where,
                              "synopsis", before, row["synopsis"]))  # fmt: skip

    # New scenes, each after the scene that precedes it in the draft.
    out = list(scenes)
    anchor: Row | None = None
    for ni, s in enumerate(new.scenes):
        if ni in matched:
            anchor = scenes[matched[ni]]
            continue
        row = {"scene": s.scene, "int_ext": s.ie, "set": s.set, "day_night": s.dn, "pages": s.eighths,
               "synopsis": s.synopsis, "cast": cast_ids(s), "script_page": s.script_page or None}  # fmt: skip
        at = next(i for i, r in enumerate(out) if r is anchor) + 1 if anchor is not None else 0
        out.insert(at, row)
        anchor = row
        if not first_import:
            changes.append(Change("added", s.scene, f"Scene {s.scene} added: {s.heading} ({_pages(s.eighths)})."))

    if first_import:
        changes.insert(0, Change("added", "", f"{len(new.scenes)} scenes and {len(new.characters)} speaking "
                                 "characters imported."))  # fmt: skip
    settings = {"script_revision": revision, "script_revision_date": today}
    if not first_import:
        changes.append(Change("updated", "", f"Script revision: {current_revision or 'White'} → {revision} "
                              f"({today.isoformat()}).", "script_revision", current_revision, revision))
    if new.title:
        settings["title"] = new.title
    return Revision(out, cast, settings, changes)


def _speaks_elsewhere(cast_id: str, ids: Mapping[str, str], new: Breakdown) -> bool:
    """Whether the cast ID belongs to a character who speaks somewhere in the draft (a hand-added extra never does,
    and is not worth a line in the change list)."""
    names = {n for n, i in ids.items() if i == cast_id}
    return any(_name_key(c.name) in names for c in new.characters)


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return tuple(map(str, a or ())) != tuple(map(str, b or ()))
    if a is None or a == "":
        return b not in (None, "")
    return a != b


def _pages(eighths: int) -> str:
    whole, rest = divmod(int(eighths), 8)
    return (f"{whole} {rest}/8" if whole and rest else f"{rest}/8" if rest else str(whole)) + " pgs"


_LABELS = {"int_ext": "I/E", "set": "set", "day_night": "D/N", "pages": "pages", "synopsis": "synopsis",
           "cast": "cast", "scene": "number"}  # fmt: skip


def _describe(scene: str, key: str, before: Any, after: Any) -> str:
    if key == "pages":
        was = _pages(before) if before not in (None, "") else "(blank)"
        return f"Scene {scene}: pages {was} → {_pages(after)}."
    if key == "cast":
        added = [x for x in after if x not in tuple(map(str, before or ()))]
        return f"Scene {scene}: cast {', '.join(added)} added (now speaking)."
    if key == "scene":
        return f"Scene {before} is now numbered {after}."
    return f"Scene {scene}: {_LABELS.get(key, key)} {before or '(blank)'} → {after}."
