"""`xlproduction demo`: the main jobs on the sample production, end to end, on real files.

It writes the sample feature, summarises it, checks it (it must be clean), then plants a handful of typical
coordinator mistakes in a copy and shows that each one is found at the right cell; it reschedules a copy (a scene
of tomorrow moved to the day after, an earlier crew call), prints the change memo and publishes tomorrow's call
sheet as a dry run; last, it imports the sample's screenplay into a new workbook — the quickest way to see what
xlproduction does, and a smoke test of the whole chain.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from ..checks import run_checks
from ..model.contract import SETTINGS
from ..model.findings import Finding, Severity
from ..model.numformats import money_text
from ..model.production import ROW, Production
from ..model.tabledata import ProductionData
from ..reports.issues import issues_sheet, summary
from ..reports.summary import production_summary, summary_lines
from ..sample import sample_production
from ..workbook.reader import load_production
from ..workbook.render import write_sheets
from ..workbook.writer import write_workbook


@dataclass(frozen=True)
class Planted:
    """A mistake planted in the demo copy, and where the checks must report it."""

    what: str
    code: str
    table: str
    column: str
    locate: Callable[[Production], int]  # the Excel row of the offending cell, found after reading

    def cell(self, p: Production) -> tuple[str | None, str | None]:
        if self.table == SETTINGS.name:
            return p.settings.sheet, p.settings.cells.get(self.column)
        t = p.table(self.table)
        return t.sheet, t.cell(self.column, self.locate(p))


def _row_of(table: str, **where: object) -> Callable[[Production], int]:
    def find(p: Production) -> int:
        df = p.df(table)
        mask = None
        for k, v in where.items():
            m = df[k].astype("string") == str(v)
            mask = m if mask is None else mask & m
        return int(df.loc[mask, ROW].iloc[-1])

    return find


def plant_mistakes(data: ProductionData) -> tuple[ProductionData, list[Planted]]:
    """A copy of ``data`` with typical mistakes, and the list of what the checks must find."""
    d = copy.deepcopy(data)
    t = d.tables
    planted: list[Planted] = []

    scene = t["Scenes"][3]
    scene["cast"] = (*scene["cast"], "99")
    planted.append(Planted(f"scene {scene['scene']} lists cast ID 99, who is not in the Cast table", "XR001",
                           "Scenes", "cast", _row_of("Scenes", scene=scene["scene"])))

    last_day = max(r["day"] for r in t["Days"])
    # A strip copied onto the day it is already on: the classic stripboard slip.
    again = next(r["scene"] for r in t["Schedule"] if r["day"] == last_day)
    t["Schedule"].append({"day": last_day, "order": 99, "scene": again})
    planted.append(Planted(f"scene {again} is on day {last_day}'s strips twice", "SC002", "Schedule",
                           "scene", _row_of("Schedule", day=last_day, order=99)))

    days = sorted(t["Days"], key=lambda r: r["day"])
    late = next(a for a, b in itertools.pairwise(days[12:]) if (b["date"] - a["date"]).days == 1)
    nxt = next(r for r in days if r["day"] == late["day"] + 1)
    late["est_wrap"] = nxt["crew_call"] + dt.timedelta(hours=24 - 6)
    late.pop("actual_wrap", None)
    planted.append(Planted(f"day {late['day']} wraps 6 hours before day {nxt['day']}'s crew call", "RS001", "Days",
                           "crew_call", _row_of("Days", day=nxt["day"])))

    d.settings["planned_shoot_days"] = len(days) + 2
    planted.append(Planted(f"Planned Shoot Days says {len(days) + 2}, the schedule has {len(days)}", "SC009",
                           SETTINGS.name, "planned_shoot_days", lambda p: 0))

    account = next(a["account"] for a in t["Accounts"] if a["category"] == "BTL")
    t["Actuals"].append({"date": d.settings.get("status_date") or days[0]["date"], "txn_id": "DEMO-1",
                         "account": account, "vendor": "Big Invoice Co", "description": "Invoice posted twice",
                         "amount": 2_500_000.0, "status": "Posted"})  # fmt: skip
    planted.append(Planted(f"a {2_500_000:,} invoice posted to account {account}", "AC001", "Accounts", "account",
                           _row_of("Accounts", account=account)))

    line = next(r for r in t["Budget"] if str(r.get("link", "")).startswith("cast "))
    line["amount"] = line["amount"] - 2
    planted.append(Planted(f"the budget line '{line['description']}' is 2 days short of the schedule", "BU004",
                           "Budget", "amount", _row_of("Budget", description=line["description"])))

    used = days[0]["location"]
    loc = next(r for r in t["Locations"] if r["location_id"] == used)
    loc["hospital_phone"] = None
    planted.append(Planted(f"location {used} has no nearest-hospital phone", "LO001", "Locations",
                           "hospital_phone", _row_of("Locations", location_id=used)))

    dup = t["Actuals"][10]["txn_id"]
    t["Actuals"][20]["txn_id"] = dup
    planted.append(Planted(f"transaction ID {dup} is used twice", "ST006", "Actuals", "txn_id",
                           lambda p: int(p.actuals.loc[p.actuals["txn_id"] == dup, ROW].iloc[-1])))
    return d, planted


def _show(console: Console, findings: list[Finding], limit: int = 25) -> None:
    t = RichTable(header_style="bold")
    for h in ("Severity", "Code", "Where", "Message"):
        t.add_column(h, overflow="fold")
    for f in findings[:limit]:
        t.add_row(f.severity.value, f.code, f.location, f.message)
    console.print(t)
    if len(findings) > limit:
        console.print(f"… {len(findings) - limit} more in the Issues tab.")


def _callsheet(console: Console, sample_path: Path, p: Production) -> None:
    """The next shoot day after the sample's Status Date, as a tab and (with LibreOffice) a PDF."""
    from ..workbook.libreoffice import available
    from .callsheets import generate_callsheets, next_shoot_day

    day = next_shoot_day(p, p.today)
    if day is None:
        console.print("No shoot day after the status date: no call sheet to make.")
        return
    pdf_dir = sample_path.parent if available() else None
    if pdf_dir is None:
        console.print("LibreOffice is not installed: the call sheet is written as a tab only, without a PDF.")
    out = sample_path.with_name("sample_production.callsheet.xlsx")
    result = generate_callsheets(sample_path, out, [day], "crew", pdf_dir, production=p)
    for sheet in result.sheets:
        console.print(f"Day {sheet.day} ({sheet.date:%a %d %b %Y}): tab {sheet.tab!r} in {out.name}, "
                      f"{len(sheet.scenes)} scenes" + (f", PDF {sheet.pdf}" if sheet.pdf else ""))


def _reports(console: Console, sample_path: Path, p: Production) -> None:
    """Day Out of Days, cost report and crew list as tabs of one copy; the finance pack and the calendars."""
    from ..reports.calendar import person_calendar, shoot_calendar, to_ics
    from ..reports.cost import cost_report, cost_sheet
    from ..reports.crew_list import crew_sheet
    from ..reports.dood_tab import dood_sheet
    from ..reports.finance_pack import finance_pack
    from ..workbook.render import write_new_workbook

    report = cost_report(p)
    tabs = [dood_sheet(p), cost_sheet(report, p), crew_sheet(p)]
    out = write_sheets(sample_path, sample_path.with_name("sample_production.reports.xlsx"), tabs)
    console.print(f"{', '.join(t.name for t in tabs)} tabs in {out.name}")
    top = report.top.set_index("line").loc["GRAND_TOTAL"]
    console.print(f"  Cost to date {report.currency} {money_text(top['total_to_date'])} of "
                  f"{money_text(top['budget'])} budget; EFC {money_text(top['efc'])}, variance "
                  f"{money_text(top['variance'])} (period {report.start:%d %b} – {report.end:%d %b %Y})")
    pack = write_new_workbook(sample_path.with_name("finance_pack.xlsx"), finance_pack(p).specs)
    console.print(f"Finance pack without personal data: {pack.name}")
    ics = sample_path.with_name("shoot_calendar.ics")
    ics.write_bytes(to_ics(shoot_calendar(p)))
    lead = str(p.cast["cast_id"].iloc[0])
    mine = sample_path.with_name(f"cast_{lead}_calendar.ics")
    mine.write_bytes(to_ics(person_calendar(p, lead)))
    console.print(f"Calendars: {ics.name} (every shoot day), {mine.name} (cast {lead}'s days only)")


def _logistics(console: Console, sample_path: Path, p: Production) -> None:
    """Tomorrow's movement order and the rooming list as tabs of one copy; the rooming list of the first hotel as
    the .xlsx sent to it."""
    from ..model.perdiems import per_diems
    from ..reports.rooming import hotels, rooming, rooming_sheet
    from ..reports.transport_tab import movement_order, transport_sheet
    from ..workbook.render import write_new_workbook
    from .callsheets import next_shoot_day

    day = next_shoot_day(p, p.today) or int(p.days["day"].dropna().iloc[0])
    m = movement_order(p, day)
    tabs = [transport_sheet(p, m), rooming_sheet(p, rooming(p))]
    out = write_sheets(sample_path, sample_path.with_name("sample_production.logistics.xlsx"), tabs)
    vehicles = len({s.vehicle for s in m.stops})
    console.print(f"{', '.join(t.name for t in tabs)} tabs in {out.name}: day {day}, {len(m.stops)} runs in "
                  f"{vehicles} vehicles")  # fmt: skip
    first = hotels(p)[0]
    by_hotel = rooming(p, first)
    sent = write_new_workbook(sample_path.with_name("rooming_list.xlsx"), [rooming_sheet(p, by_hotel)])
    console.print(f"Rooming list for {first}: {sent.name} ({len(by_hotel[first])} guests, sorted by arrival)")
    lines = per_diems(p)
    console.print(f"Per diems: {len({x.ident for x in lines})} people from out of town, "
                  f"{money_text(sum(x.amount for x in lines))} over {len(lines)} days")


def plant_schedule_change(data: ProductionData, day: int) -> tuple[ProductionData, str, str]:
    """A copy of ``data`` where shoot ``day``'s first scene moves to the next day and its crew call is 30 minutes
    earlier: (the copy, the scene moved, the memo's sentence for the call)."""
    d = copy.deepcopy(data)
    strip = min((r for r in d.tables["Schedule"] if r["day"] == day), key=lambda r: r["order"])
    strip["day"], strip["order"] = day + 1, 99
    row = next(r for r in d.tables["Days"] if r["day"] == day)
    row["crew_call"] -= dt.timedelta(minutes=30)
    return d, strip["scene"], "crew call"


def _slack_text(folder: Path) -> str:
    """The text of every section of the Slack messages a dry run wrote."""
    import json

    texts = []
    for f in sorted(folder.glob("slack-*.json")):
        for b in json.loads(f.read_text(encoding="utf-8"))["blocks"]:
            if b["type"] == "section" and "text" in b:
                texts.append(b["text"]["text"])
    return "\n".join(texts)


def _changes_and_publication(console: Console, directory: Path, data: ProductionData, sample_path: Path,
                             p: Production) -> bool:  # fmt: skip
    """The change memo of a rescheduled copy, and tomorrow's call sheet published as a dry run (nothing is sent)."""
    from ..changes import Kind
    from ..changes.present import memo_text
    from ..notify.config import PublishConfig
    from ..notify.slack import escape
    from .callsheets import next_shoot_day
    from .changes import compare_versions
    from .publish import publish
    from .source import workbook_file

    day = next_shoot_day(p, p.today)
    if day is None:
        console.print("No shoot day after the status date: nothing to reschedule.")
        return True
    moved, scene, _ = plant_schedule_change(data, day)
    path = write_workbook(directory / "sample_rescheduled.xlsx", moved)
    cs = compare_versions(workbook_file(sample_path), workbook_file(path)).changes
    console.print(f"{sample_path.name} → {path.name}: scene {scene} moved from day {day} to day {day + 1}, "
                  f"day {day}'s crew call 30 minutes earlier.")
    console.print(memo_text(cs), markup=False, highlight=False, soft_wrap=True)
    found = [c for c in cs.of_kind(Kind.SCENE_MOVED) if c.scene == scene] and cs.of_kind(Kind.CREW_CALL)
    folder = directory / "publication dry run"
    # No secrets needed: a dry run writes what each channel would get (a configured setup is in the README).
    result = publish(path, day, since=sample_path, dry_run=folder, config=PublishConfig(),
                     data_root=directory / "publication log")  # fmt: skip
    console.print(f"Day {result.day} ({result.date:%a %d %b %Y}) published as a dry run, revision {result.colour}: "
                  f"{len(result.changes)} change(s) for the day announced; nothing sent.")
    for f in result.files:
        console.print(f"  {f.relative_to(directory)}")
    for w in result.warnings:
        console.print(f"  [yellow]{w}[/yellow]")
    announced = bool(result.changes) and all(escape(c.message) in _slack_text(folder) for c in result.changes)
    if not (found and announced):
        console.print("[red]The planted schedule change was not reported as expected.[/red]")
    return bool(found and announced)


def run_demo(directory: Path, console: Console) -> int:
    """Returns the exit code: 0 when the sample is clean and every planted mistake is found where expected."""
    directory.mkdir(parents=True, exist_ok=True)
    data = sample_production()
    sample_path = write_workbook(directory / "sample_production.xlsx", data)
    p = load_production(sample_path)
    console.rule("The sample production")
    console.print(f"Wrote {sample_path}")
    for line in summary_lines(production_summary(p)):
        console.print("  " + line)

    console.rule("Check")
    findings = run_checks(p)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    console.print(f"{sample_path.name}: {summary(findings)}")
    ok = not errors
    if errors:
        _show(console, errors)

    console.rule("Tomorrow's call sheet")
    _callsheet(console, sample_path, p)

    console.rule("Reports")
    _reports(console, sample_path, p)

    console.rule("Logistics")
    _logistics(console, sample_path, p)

    console.rule("Check a copy with planted mistakes")
    broken, planted = plant_mistakes(data)
    broken_path = write_workbook(directory / "sample_with_mistakes.xlsx", broken)
    bp = load_production(broken_path)
    found = run_checks(bp)
    console.print(f"{broken_path.name}: {summary(found)}")
    at = {(f.code, f.sheet, f.cell) for f in found}
    for m in planted:
        sheet, cell = m.cell(bp)
        hit = (m.code, sheet, cell) in at
        ok &= hit
        mark = "[green]found[/green]" if hit else "[red]MISSED[/red]"
        console.print(f"  {mark} {m.code} at {sheet}!{cell}: {m.what}")
    issues_path = write_sheets(broken_path, broken_path.with_name("sample_with_mistakes.checked.xlsx"),
                               [issues_sheet(found, bp)])  # fmt: skip
    _show(console, [f for f in found if f.severity is Severity.ERROR])
    console.print(f"Issues tab with links to each cell: {issues_path}")

    console.rule("What changed, and tomorrow's call sheet published (dry run)")
    ok &= _changes_and_publication(console, directory, data, sample_path, p)

    console.rule("Import a script into a new workbook")
    ok &= _script(console, directory)

    console.rule("Optimize the schedule (20 s)")
    ok &= _optimize(console, sample_path)
    return 0 if ok else 1


DEMO_OPTIMIZE_SECONDS = 20.0


def _optimize(console: Console, sample_path: Path) -> bool:
    """The optimizer's proposal for the sample, as a Proposed Schedule tab in a copy; skipped (not failed) when
    OR-Tools, an optional extra, is not installed."""
    from ..plan import SolverMissing
    from .optimize import optimize
    from .source import workbook_file

    target = sample_path.with_name("sample_production.optimized.xlsx")
    try:
        r = optimize(workbook_file(sample_path, target), time_limit=DEMO_OPTIMIZE_SECONDS, write_tab=True)
    except SolverMissing:
        console.print('Skipped: the optimizer needs OR-Tools (pip install "xlproduction[plan]").')
        return True
    if not r.found:
        console.print(f"[red]No proposal: {r.status}.[/red]")
        return False
    proof = "proven optimal" if r.status == "optimal" else f"best found, gap {(r.gap or 0) * 100:.1f}%"
    console.print(f"  {proof} in {r.seconds:.1f} s: cost {r.cost.total:,.0f} against {r.current_cost.total:,.0f} "
                  f"now — saves {r.saving.money:,.0f} (hold days {r.current_cost.hold_days} → {r.cost.hold_days}, "
                  f"company moves {r.current_cost.moves} → {r.cost.moves}); {len(r.changes or ())} changes.")
    console.print(f"  Proposed Schedule tab: {target}")
    return r.saving.money >= 0


def _script(console: Console, directory: Path) -> bool:
    """The sample feature's screenplay (generated: 200 scenes, ~120 pages) broken down into a new workbook."""
    from ..jobs.script_import import import_script
    from ..model.pages import format_pages
    from ..sample.screenplay import generate_screenplay

    script = directory / "last_call_at_rosies.fountain"
    script.write_text(generate_screenplay(), encoding="utf-8")
    target = directory / "script_breakdown.xlsx"
    target.unlink(missing_ok=True)  # the demo's own output from an earlier run: a new workbook each time
    result = import_script(script, target)
    b = result.breakdown
    console.print(f"{script.name} → {target.name}: {len(b.scenes)} scenes, {format_pages(b.eighths)} pages "
                  f"({b.page_count} printed pages, eighths estimated on {b.paper}), {len(b.characters)} speaking "
                  "characters")  # fmt: skip
    lead = ", ".join(f"{c.cast_id} {c.name} ({c.scenes})" for c in b.characters[:4])
    console.print(f"  Cast IDs by scene count: {lead} …")
    return target.exists() and len(b.scenes) == 200
