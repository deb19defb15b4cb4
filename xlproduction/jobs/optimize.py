"""The schedule optimizer job: propose the stripboard that costs least, and say how good it is proven to be.

Reads the production, states its scheduling problem (``optimize_problem.build_problem``: capacities, pins, days
already shot, availability, minors' hours, turnaround, location windows, day/night), prices the current
stripboard, solves with CP-SAT under a time limit (starting from the current schedule, so the proposal is never
worse when the current one is feasible), and hands back:

- the proposal, day by day, with the proof status: **optimal**, or the best found with its lower bound and gap, or
  **infeasible** with the smallest set of conflicting constraints and the cells they come from;
- the saving against the current schedule (hold days, company moves, money);
- the change list (``xlproduction.changes.compare`` of the production before and after, as the change memo says it);
- the findings the existing rules raise on the proposal that they do not raise on the current schedule.

Written only when asked: a **Proposed Schedule** tab (``write_tab``), or the Schedule table's own rows and the Days'
locations rewritten (``in_place``; the file engine keeps a backup). Nothing is written when the problem is
infeasible or no schedule was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..changes import ChangeSet, compare
from ..model.contract import DAYS, SCHEDULE
from ..model.findings import Finding
from ..model.production import Production, with_rows
from ..model.sheetspec import Block, SheetSpec, Style, WrittenTabs
from .optimize_problem import ProblemRefused, WorkbookProblem, build_problem
from .script_import import table_rows
from .source import Source

PROPOSED_SHEET = "Proposed Schedule"
TABLES = ("Scenes", "Days", "Schedule", "Cast", "CastEvents", "Crew", "Calls", "Locations")

__all__ = ["PROPOSED_SHEET", "Conflict", "OptimizeResult", "ProblemRefused", "Saving", "optimize"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One constraint of an infeasible set, in words, with the cells it comes from."""

    text: str
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Saving:
    """Current minus proposed: positive is saved."""

    money: float
    hold_days: int
    moves: int
    dropped_days: int


@dataclass(frozen=True)
class OptimizeResult:
    status: str  # optimal | feasible | infeasible | unknown
    seconds: float
    current_cost: Any  # plan.ScheduleCost of the current stripboard
    cost: Any = None  # plan.ScheduleCost of the proposal
    lower_bound: float | None = None
    gap: float | None = None
    days: tuple[tuple[int, dt.date, tuple[str, ...]], ...] = ()  # day, date, strip labels in order
    saving: Saving | None = None
    changes: ChangeSet | None = None
    new_findings: tuple[Finding, ...] = ()
    conflict: tuple[Conflict, ...] = ()
    current_broken: tuple[str, ...] = ()  # constraints the current stripboard breaks
    notes: tuple[str, ...] = ()
    written: WrittenTabs | None = None
    size: dict[str, int] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")

    def as_json(self) -> dict[str, Any]:
        def cost(c: Any) -> dict[str, Any] | None:
            if c is None:
                return None
            return {"total": c.total, "cast": c.cast, "moves": c.moves, "move_cost": c.move_cost,
                    "hold_days": c.hold_days, "dropped_days": c.dropped_days, "drop_savings": c.drop_savings}

        return {
            "status": self.status, "seconds": round(self.seconds, 2), "lower_bound": self.lower_bound,
            "gap": self.gap, "current": cost(self.current_cost), "proposal": cost(self.cost),
            "saving": None if self.saving is None else {"money": self.saving.money, "hold_days": self.saving.hold_days,
                                                        "moves": self.saving.moves,
                                                        "dropped_days": self.saving.dropped_days},
            "days": [{"day": d, "date": date.isoformat(), "strips": list(s)} for d, date, s in self.days],
            "changes": [c.as_json() for c in self.changes] if self.changes is not None else [],
            "new_findings": [{"code": f.code, "severity": f.severity.value, "where": f.location, "message": f.message}
                             for f in self.new_findings],
            "conflict": [{"constraint": c.text, "cells": list(c.cells)} for c in self.conflict],
            "current_breaks": list(self.current_broken), "notes": list(self.notes), "size": self.size,
            "written": None if self.written is None or self.written.path is None else str(self.written.path),
        }  # fmt: skip


def optimize(source: Source, *, time_limit: float = 60.0, write_tab: bool = False, in_place: bool = False,
             progress: Callable[[Any], None] | None = None, workers: int | None = None) -> OptimizeResult:  # fmt: skip
    """Propose the cheapest stripboard for ``source``'s production within ``time_limit`` seconds of solving.
    ``write_tab``: the Proposed Schedule tab into the source; ``in_place``: the Schedule rows (and the Days'
    locations) rewritten. Raises ``ProblemRefused`` for a schedule that cannot be read as a problem, and
    ``plan.SolverMissing`` without OR-Tools (before reading anything)."""
    from ..plan import check_schedule, evaluate_schedule, solve_schedule
    from ..plan.deps import cp_model

    cp_model()  # the install hint before a long read, not after
    with source.step(f"Reading {source.name}"):
        p = source.read(list(TABLES))
    with source.step("Stating the problem"):
        wp = build_problem(p)
        problem = wp.problem
        current_cost = evaluate_schedule(problem, wp.current)
        broken = tuple(c.text for c in check_schedule(problem, wp.current))
    size = {"days": len(problem.days), "strips": len(problem.scenes),
            "locked_days": sum(d.locked for d in problem.days), "performers": len(problem.performers)}
    hint = {s: d for d, ids in wp.current.items() for s in ids}
    with source.step(f"Solving (up to {time_limit:g} s)"):
        solved = solve_schedule(problem, time_limit=time_limit, hint=hint, progress=progress, workers=workers)
    if not solved.days or solved.cost is None:
        conflict = tuple(Conflict(c.text, tuple(wp.cells_of(c.kind, c.subject))) for c in solved.conflict)
        return OptimizeResult(solved.status, solved.seconds, current_cost, conflict=conflict, current_broken=broken,
                              notes=wp.notes, size=size)  # fmt: skip
    with source.step("Checking the proposal"):
        schedule_rows, days_rows = proposal_rows(p, wp, solved.days)
        after = with_rows(with_rows(p, SCHEDULE.name, schedule_rows), DAYS.name, days_rows)
        changes = compare(p, after)
        new_findings = _new_findings(p, after)
    c = solved.cost
    saving = Saving(float(current_cost.total) - float(c.total), current_cost.hold_days - c.hold_days,
                    current_cost.moves - c.moves, c.dropped_days - current_cost.dropped_days)  # fmt: skip
    dates = {d.id: d.date for d in problem.days}
    days = tuple((int(d), dates[d], tuple(ids)) for d, ids in solved.days)
    written = None
    if in_place:
        from ..model.tableupdate import TableRows

        with source.step("Writing Schedule and Days"):
            written = source.write_tables([TableRows(SCHEDULE.name, schedule_rows), TableRows(DAYS.name, days_rows)])
    elif write_tab:
        with source.step(f"Writing the {PROPOSED_SHEET} tab"):
            written = source.write_tabs([proposed_sheet(p, wp, solved, current_cost)])
    return OptimizeResult(solved.status, solved.seconds, current_cost, c, solved.lower_bound, solved.gap, days, saving,
                          changes, new_findings, current_broken=broken, notes=wp.notes, written=written,
                          size=size)  # fmt: skip


def proposal_rows(p: Production, wp: WorkbookProblem, plan_days: Any) -> tuple[list[dict[str, Any]],
                                                                               list[dict[str, Any]]]:  # fmt: skip
    """The Schedule rows of the proposal (each strip's own row moved, orders 1…n, COMPANY MOVE and LUNCH banners
    placed anew) and the Days rows with each changed day's Location ID set to where its first strip is."""
    rows: list[dict[str, Any]] = []
    first_location: dict[int, str] = {}
    had_lunch = {s.day for s in wp.strips.values() if "lunch" in str(s.values.get("banner") or "").casefold()}
    for day_id, ids in plan_days:
        day = int(day_id)
        strips = [wp.strips[i] for i in ids]
        moved = [s.day != day or s.order != n for n, s in enumerate(strips, start=1)]
        total = sum(s.minutes for s in strips)
        lunch_after = None
        if day in had_lunch and any(moved):
            run = 0
            for n, s in enumerate(strips):
                run += s.minutes
                if run * 2 >= total:
                    lunch_after = n
                    break
        for n, s in enumerate(strips):
            row = dict(s.values)
            row["day"], row["order"] = day, n + 1
            if any(moved):
                banner = str(row.get("banner") or "")
                keep = "" if ("company move" in banner.casefold() or "lunch" in banner.casefold()) else banner
                nxt = strips[n + 1] if n + 1 < len(strips) else None
                parts = [keep] if keep else []
                if n == lunch_after:
                    parts.append("LUNCH")
                if nxt is not None and s.location and nxt.location and nxt.location != s.location:
                    parts.append("COMPANY MOVE")
                row["banner"] = " / ".join(parts) or None
            rows.append(row)
            if s.location and day not in first_location:
                first_location[day] = s.location
    days_rows = table_rows(p.tables[DAYS.name])
    rows, days_rows = _present(p, SCHEDULE.name, rows), _present(p, DAYS.name, days_rows)
    for r in days_rows:
        day = r.get("day")
        if day is not None and int(day) in first_location and r.get("location") != first_location[int(day)]:
            dp = next((d for d in wp.problem.days if d.id == str(int(day))), None)
            if dp is not None and not dp.locked:
                r["location"] = first_location[int(day)]
    return rows, days_rows


def _present(p: Production, table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows without the contract columns the workbook's table lacks (a Schedule made before the Pinned column:
    the reader fills in the default, which is not to be written into a column that is not there)."""
    t = p.tables[table]
    if t.location is None:
        return rows
    absent = set(t.spec.keys) - set(t.location.letters)
    return [{k: v for k, v in r.items() if k not in absent} for r in rows] if absent else rows


# The rules a schedule change can trip; the rest (budget, people…) do not read the stripboard.
_SCHEDULE_RULES = ("SC", "RS", "CA")


def _new_findings(before: Production, after: Production) -> tuple[Finding, ...]:
    """Findings of the schedule, rest and cast rules on the proposal that the current schedule does not have."""
    from ..checks import ALL_RULES, run_checks

    rules = [r for r in ALL_RULES if r.code.startswith(_SCHEDULE_RULES)]
    old = {(f.code, f.message) for f in run_checks(before, rules)}
    return tuple(f for f in run_checks(after, rules) if (f.code, f.message) not in old)


def _money(x: float) -> str:
    return f"{x:,.0f}"


def proposed_sheet(p: Production, wp: WorkbookProblem, solved: Any, current: Any) -> SheetSpec:
    """The Proposed Schedule tab: the proof status and saving on top, then one row per strip."""
    c = solved.cost
    if solved.status == "optimal":
        status = "Proven optimal."
    else:
        status = (f"Best found in the time limit; lower bound {_money(solved.lower_bound or 0)}, gap "
                  f"{(solved.gap or 0) * 100:.1f}%.")  # fmt: skip
    scenes = {str(r.get("scene")).strip().casefold(): r for r in p.scenes.to_dict("records")}
    dates = {d.id: d.date for d in wp.problem.days}
    header = ("Day", "Date", "Order", "Scene", "Part", "Was Day", "I/E", "D/N", "Set", "Location", "Cast IDs", "Pinned")
    body = []
    for day_id, ids in solved.days:
        for n, sid in enumerate(ids, start=1):
            s = wp.strips[sid]
            sc = scenes.get(s.scene.casefold(), {})
            cast = sc.get("cast") or ()
            body.append((int(day_id), dates[day_id], n, s.scene, s.part, s.day if s.day != int(day_id) else None,
                         sc.get("int_ext"), sc.get("day_night"), sc.get("set"), s.location,
                         ", ".join(map(str, cast)), "Yes" if wp.problem.scenes[wp.problem.scene_index(sid)].pinned_day
                         else None))  # fmt: skip
    body = [tuple(None if v is None or (isinstance(v, float) and v != v) else v for v in r) for r in body]
    blocks = [
        Block(1, 1, ((f"Proposed Schedule — {p.settings.title or 'Production'}",),), Style(bold=True, size=14)),
        Block(2, 1, ((f"{status} Cost {_money(float(c.total))} against {_money(float(current.total))} now: saves "
                      f"{_money(float(current.total) - float(c.total))} ({current.hold_days - c.hold_days} hold days, "
                      f"{current.moves - c.moves} company moves).",),), Style(italic=True)),
        Block(3, 1, (("Generated by xlproduction optimize; the Schedule itself is unchanged. Pinned strips and days "
                      "already shot are kept.",),), Style(italic=True, color="595959")),
        Block(5, 1, (header,), Style(bold=True, fill="D9D9D9", border=True)),
    ]
    if body:
        blocks.append(Block(6, 1, tuple(body), Style(border=True)))
        blocks.append(Block(6, 2, tuple((r[1],) for r in body), Style(border=True, number_format="ddd dd-mmm-yyyy")))
    widths = {1: 6, 2: 16, 3: 7, 4: 8, 5: 6, 6: 8, 7: 8, 8: 8, 9: 28, 10: 10, 11: 14, 12: 8}
    return SheetSpec(PROPOSED_SHEET, tuple(blocks), widths=widths, freeze="A6", print_title_rows="5:5",
                     paper=p.settings.paper_size or "Letter", tab_color="00B050", literal_text=True,
                     autofilter=f"A5:L{5 + len(body)}")  # fmt: skip
