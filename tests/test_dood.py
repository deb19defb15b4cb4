"""The Day Out of Days on hand-made schedules, written and read back as real workbooks.

Each production is built from rows (who works which date, which cast events), written with the template writer
and read with the reader, so the DOOD is tested on what a coordinator's workbook really holds. Expected grids are
spelled out date by date: every code (SW W WF SWF H D PW PWF TR R FT HOL /), drop/pick-up that qualifies and that
does not (exactly 10 days off is not "more than 10"; 13 is for a feature, not for television), one drop only per
performer, company days off that are never holds, the MMS start/finish rule, and the totals per person and per
day. Also the budget side: ``dood.work_and_hold`` agrees with the DOOD.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.rules.base import base_data
from tests.rules.harness import production_of
from xlproduction.model import dood as D
from xlproduction.model.contract import DOOD_CODES, DOOD_SHEET
from xlproduction.model.production import Production
from xlproduction.model.tabledata import ProductionData
from xlproduction.reports.dood_tab import CODE_FILLS, FIRST_DATE_COL, FIRST_ROW, dood_sheet

d = dt.date


def shoot_dates(start: dt.date, weeks: int) -> list[dt.date]:
    """Monday to Friday for ``weeks`` weeks: weekends are company days off."""
    return [start + dt.timedelta(days=7 * w + i) for w in range(weeks) for i in range(5)]


SHOOT = shoot_dates(d(2027, 3, 1), 5)  # Mon 1 Mar – Fri 2 Apr 2027, 25 shoot days


def make(work: dict[str, list[dt.date]], *, events: Sequence[tuple[str, dt.date, str]] = (),
         drop_ok: AbstractSet[str] = frozenset(), production_type: str = "Feature",
         unknown: dict[str, list[dt.date]] | None = None, dates: Sequence[dt.date] = SHOOT,
         extra_days: Sequence[dict[str, Any]] = ()) -> ProductionData:
    """A production whose shoot day n has one scene listing the cast working that date (IDs of ``unknown`` are
    in scenes but not in the Cast table)."""
    base = base_data()
    everyone = {**work, **(unknown or {})}
    days, scenes, schedule = [], [], []
    for n, day in enumerate(dates, start=1):
        days.append({"day": n, "date": day, "unit": "Main", "location": "L1", "crew_call": dt.timedelta(hours=7),
                     "est_wrap": dt.timedelta(hours=19)})
        cast = tuple(cid for cid, ds in everyone.items() if day in ds)
        scenes.append({"scene": str(n), "int_ext": "INT", "set": "SET", "day_night": "DAY", "pages": 8,
                       "cast": cast, "location": "L1"})
        schedule.append({"day": n, "order": 1, "scene": str(n)})
    for extra in extra_days:
        n = len(days) + 1
        days.append({"day": n, "date": extra["date"], "unit": "Second", "location": "L1",
                     "crew_call": dt.timedelta(hours=7)})
        scenes.append({"scene": str(n), "int_ext": "INT", "set": "SET", "day_night": "DAY", "pages": 8,
                       "cast": extra["cast"], "location": "L1"})
        schedule.append({"day": n, "order": 1, "scene": str(n)})
    cast = [{"cast_id": cid, "character": f"ROLE {cid}", "performer": f"Performer {cid}", "union": "SAG-AFTRA",
             "day_rate": 100.0, "drop_allowed": cid in drop_ok} for cid in work]
    tables = dict(base.tables)
    tables.update({"Days": days, "Scenes": scenes, "Schedule": schedule, "Cast": cast, "Calls": [],
                   "CastEvents": [{"cast_id": c, "date": day, "event": e} for c, day, e in events]})
    settings = {**base.settings, "production_type": production_type}
    return ProductionData(settings=settings, tables=tables)


def dates_between(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def row(x: D.Dood, cast_id: str) -> dict[dt.date, str]:
    """A performer's non-blank codes by date."""
    r = x.grid.loc[cast_id]
    return {c.date(): v for c, v in r.items() if v}


def expected_between(first: dt.date, last: dt.date, codes: dict[dt.date, str], fill_shoot: str = "H") -> dict:
    """Codes of a span: given codes, else ``fill_shoot`` on shoot dates, '/' on the days off."""
    shoot = set(SHOOT)
    return {day: codes.get(day, fill_shoot if day in shoot else "/") for day in dates_between(first, last)}


# --- the main hand-made production: every code --------------------------------------------------------------

LEAD_EVENTS = [("1", d(2027, 2, 25), "Fitting"), ("1", d(2027, 2, 26), "Rehearsal"), ("1", d(2027, 2, 27), "Travel"),
               ("1", d(2027, 4, 3), "Travel")]  # fmt: skip
WORK = {
    "1": SHOOT,  # every shoot day: SW … WF, weekends '/'
    "2": [d(2027, 3, 1), d(2027, 3, 4)],  # short gap: holds, a holiday in it
    "3": [d(2027, 3, 1), d(2027, 3, 22), d(2027, 3, 23)],  # 20 days off, drop allowed: D … PW, then WF
    "4": [d(2027, 3, 1), d(2027, 3, 12)],  # exactly 10 days off, drop allowed: not "more than 10" → holds
    "5": [d(2027, 3, 1), d(2027, 3, 16), d(2027, 4, 2)],  # two qualifying gaps: only the better one dropped
    "6": [d(2027, 3, 10)],  # one day: SWF
    "7": [d(2027, 3, 1), d(2027, 3, 15)],  # 13 days off: drop for a feature, hold for television
    "8": [],  # in the Cast table, never scheduled: events only
}
EVENTS = [*LEAD_EVENTS, ("2", d(2027, 3, 3), "Holiday"), ("5", d(2027, 3, 10), "Travel"),
          ("8", d(2027, 3, 9), "Fitting"), ("3", d(2027, 3, 22), "Fitting")]  # fmt: skip
DROP_OK = {"3", "4", "5", "7"}


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> Production:
    data = make(WORK, events=EVENTS, drop_ok=DROP_OK, unknown={"99": [d(2027, 3, 2)]})
    return production_of(data, tmp_path_factory.mktemp("feature"))


@pytest.fixture(scope="module")
def fd(feature: Production) -> D.Dood:
    return D.dood(feature)


def test_grid_spans_first_to_last_event_one_column_per_date(fd: D.Dood) -> None:
    assert fd.grid.columns[0].date() == d(2027, 2, 25)  # the lead's fitting, before the first shoot day
    assert fd.grid.columns[-1].date() == d(2027, 4, 3)  # the lead's travel home, after the last
    assert list(fd.grid.columns) == list(pd.date_range("2027-02-25", "2027-04-03", freq="D"))
    assert list(fd.dates["weekday"][:3]) == ["Thu", "Fri", "Sat"]
    assert int(fd.dates["shoot"].sum()) == len(SHOOT)
    # Days off are the non-shoot dates between the first and last shoot date: weekends here.
    off = {x.date() for x in fd.dates.loc[fd.dates["off"], "date"]}
    assert off == {x for x in dates_between(SHOOT[0], SHOOT[-1]) if x.weekday() >= 5}
    assert fd.dates.set_index("date").loc["2027-03-08", "day"] == 6


def test_every_day_worker_start_finish_ignore_events_outside(fd: D.Dood) -> None:
    r = row(fd, "1")
    assert r[d(2027, 2, 25)] == "FT" and r[d(2027, 2, 26)] == "R" and r[d(2027, 2, 27)] == "TR"
    assert r[d(2027, 3, 1)] == "SW"  # start is the first work day, not the fitting (MMS)
    assert r[d(2027, 4, 2)] == "WF" and r[d(2027, 4, 3)] == "TR"
    assert all(r[x] == "W" for x in SHOOT[1:-1])
    assert all(r[x] == "/" for x in dates_between(SHOOT[0], SHOOT[-1]) if x.weekday() >= 5)  # never a hold
    assert d(2027, 2, 28) not in r  # Sunday before the first shoot day: not a company day off for anyone
    p = fd.people.set_index("cast_id").loc["1"]
    assert (p["work"], p["hold"], p["travel"], p["rehearsal"], p["fitting"], p["holiday"]) == (25, 0, 2, 1, 1, 0)
    assert p["total"] == 25 + 2 + 1 + 1
    assert p["start"].date() == d(2027, 3, 1) and p["finish"].date() == d(2027, 4, 2)
    assert (p["first_day"], p["last_day"]) == (1, 25)


def test_holds_between_work_days_and_a_holiday(fd: D.Dood) -> None:
    assert row(fd, "2") == {d(2027, 3, 1): "SW", d(2027, 3, 2): "H", d(2027, 3, 3): "HOL", d(2027, 3, 4): "WF"}
    p = fd.people.set_index("cast_id").loc["2"]
    assert (p["work"], p["hold"], p["holiday"], p["drop"], p["total"]) == (2, 1, 1, 0, 4)


def test_drop_and_pickup_when_the_gap_qualifies(fd: D.Dood) -> None:
    # Cast 3: works 1 Mar, then 22 and 23 Mar: 20 calendar days off > 10 → dropped, picked up on 22 Mar (with a
    # fitting that day: the work code wins).
    exp = expected_between(d(2027, 3, 1), d(2027, 3, 23),
                           {d(2027, 3, 1): "SW", d(2027, 3, 22): "PW", d(2027, 3, 23): "WF"}, fill_shoot="D")
    assert row(fd, "3") == exp
    p = fd.people.set_index("cast_id").loc["3"]
    assert (p["work"], p["hold"], p["drop"], p["fitting"]) == (3, 0, 14, 0)
    assert p["dropped_after"].date() == d(2027, 3, 1) and p["pickup"].date() == d(2027, 3, 22)
    assert p["total"] == 3  # dropped days are not engaged days


def test_exactly_ten_days_off_is_not_more_than_ten(fd: D.Dood) -> None:
    exp = expected_between(d(2027, 3, 1), d(2027, 3, 12), {d(2027, 3, 1): "SW", d(2027, 3, 12): "WF"})
    assert row(fd, "4") == exp
    p = fd.people.set_index("cast_id").loc["4"]
    assert (p["work"], p["hold"], p["drop"]) == (2, 8, 0)
    assert pd.isna(p["pickup"])


def test_one_drop_per_performer_the_one_saving_most_holds(fd: D.Dood) -> None:
    # Gap 1 Mar → 16 Mar: 14 days off, 10 shoot days (one of them a travel day); gap 16 Mar → 2 Apr: 16 days off,
    # 12 shoot days. Both qualify; SAG allows one drop: the second saves more, the first is held.
    codes = {d(2027, 3, 1): "SW", d(2027, 3, 10): "TR", d(2027, 3, 16): "W", d(2027, 4, 2): "PWF"}
    first = expected_between(d(2027, 3, 1), d(2027, 3, 16), codes)
    second = expected_between(d(2027, 3, 16), d(2027, 4, 2), codes, fill_shoot="D")
    assert row(fd, "5") == {**first, **second}
    p = fd.people.set_index("cast_id").loc["5"]
    assert (p["work"], p["hold"], p["travel"], p["drop"]) == (3, 9, 1, 12)
    assert p["pickup"].date() == d(2027, 4, 2)


def test_single_day_swf_and_cast_without_work(fd: D.Dood) -> None:
    assert row(fd, "6") == {d(2027, 3, 10): "SWF"}
    assert row(fd, "8") == {d(2027, 3, 9): "FT"}  # events only: no start, no finish, no holds
    p = fd.people.set_index("cast_id")
    assert p.loc["8", "work"] == 0 and pd.isna(p.loc["8", "start"]) and pd.isna(p.loc["8", "first_day"])
    assert p.loc["6", "total"] == 1


def test_feature_vs_television_gap(feature: Production, fd: D.Dood, tmp_path: Path) -> None:
    # Cast 7: 13 calendar days off. A feature drops them (> 10); television does not (needs > 14).
    assert fd.drop_gap == 10
    assert row(fd, "7")[d(2027, 3, 15)] == "PWF" and row(fd, "7")[d(2027, 3, 2)] == "D"
    tv = D.dood(production_of(make(WORK, events=EVENTS, drop_ok=DROP_OK, production_type="Television"), tmp_path))
    assert tv.drop_gap == 14
    assert row(tv, "7")[d(2027, 3, 15)] == "WF" and row(tv, "7")[d(2027, 3, 2)] == "H"
    assert row(tv, "3")[d(2027, 3, 22)] == "PW"  # 20 days off still qualify


def test_drop_needs_the_cast_row_to_allow_it(tmp_path: Path) -> None:
    x = D.dood(production_of(make(WORK, events=EVENTS, drop_ok=set()), tmp_path))
    assert "D" not in set(x.grid.to_numpy().ravel()) and "PW" not in set(x.grid.to_numpy().ravel())
    assert row(x, "3")[d(2027, 3, 22)] == "W" and row(x, "3")[d(2027, 3, 2)] == "H"


def test_unknown_cast_id_gets_a_row(fd: D.Dood) -> None:
    p = fd.people.set_index("cast_id")
    assert not p.loc["99", "known"] and p.loc["1", "known"]
    assert row(fd, "99") == {d(2027, 3, 2): "SWF"}
    assert list(fd.people["cast_id"]) == ["1", "2", "3", "4", "5", "6", "7", "8", "99"]  # numeric order


def test_totals_are_the_grid_counted(fd: D.Dood) -> None:
    g = fd.grid.to_numpy()
    for name, codes in D.TOTAL_CODES.items():
        mask = np.isin(g, list(codes))
        assert list(fd.people[name]) == list(mask.sum(axis=1)), name
        assert list(fd.per_day[name]) == list(mask.sum(axis=0)), name
    assert list(fd.people["total"]) == list(sum(fd.people[k] for k in D.ENGAGED))
    per_day = fd.per_day.set_index("date")
    # 2 Mar: 1 and 99 work; 2, 4, 5, 7(drop? no: 7 is dropped for a feature) …
    assert per_day.loc["2027-03-02", "work"] == 2  # cast 1 and 99
    assert per_day.loc["2027-03-02", "hold"] == 3  # 2, 4, 5
    assert per_day.loc["2027-03-02", "drop"] == 2  # 3, 7
    assert per_day.loc["2027-03-06"].drop("work").sum() == 0 and per_day.loc["2027-03-06", "work"] == 0


def test_every_code_appears(fd: D.Dood) -> None:
    seen = set(fd.grid.to_numpy().ravel()) - {""}
    assert seen == set(DOOD_CODES), set(DOOD_CODES) ^ seen


def test_day_status_and_day_codes(feature: Production, fd: D.Dood) -> None:
    # Shoot day 2 is 2 Mar.
    assert D.day_status(feature, 2, fd) == {"1": "W", "2": "H", "3": "D", "4": "H", "5": "H", "7": "D", "99": "SWF"}
    assert D.day_status(feature, 1) == {"1": "SW", "2": "SW", "3": "SW", "4": "SW", "5": "SW", "7": "SW"}
    assert D.day_status(feature, 999, fd) == {}
    dc = D.day_codes(feature, fd)
    assert set(dc["day"]) == set(range(1, 26))
    assert dc[(dc["day"] == 8)].set_index("cast_id")["code"].to_dict()["5"] == "TR"  # 10 Mar is shoot day 8


def test_work_and_hold_agrees_with_the_dood(feature: Production, fd: D.Dood) -> None:
    wh = D.work_and_hold(feature).set_index("cast_id")
    assert list(wh.columns) == ["first_day", "last_day", "work", "hold"]
    assert "8" not in wh.index  # never works
    assert wh.loc["3", "hold"] == 0 and wh.loc["3", "work"] == 3  # dropped days are not held
    assert wh.loc["5", "hold"] == 10  # 9 holds + the travel day inside the held gap; the dropped gap is free
    assert wh.loc["2", "hold"] == 2  # the hold and the holiday inside the span are paid days
    assert wh.loc["4", "hold"] == 8 and (wh.loc["4", "first_day"], wh.loc["4", "last_day"]) == (1, 10)
    assert wh.loc["1", "hold"] == 0 and wh.loc["1", "work"] == 25


def test_two_units_on_one_date(tmp_path: Path) -> None:
    # Second unit shoots 2 Mar too (day 26): cast 2 works only there. The main unit's call sheet (day 2) does
    # not list them as working; the date counts once.
    work = {"1": [d(2027, 3, 1), d(2027, 3, 2), d(2027, 3, 3)], "2": [d(2027, 3, 1), d(2027, 3, 3)]}
    data = make(work, dates=SHOOT[:3], extra_days=[{"date": d(2027, 3, 2), "cast": ("2",)}])
    p = production_of(data, tmp_path)
    x = D.dood(p)
    assert row(x, "2") == {d(2027, 3, 1): "SW", d(2027, 3, 2): "W", d(2027, 3, 3): "WF"}
    assert D.day_status(p, 2, x) == {"1": "W"}
    assert D.day_status(p, 4, x) == {"2": "W"}  # the second unit: only who works there
    assert x.dates.set_index("date").loc["2027-03-02", "days"] == "2, 4"
    wh = D.work_and_hold(p).set_index("cast_id")
    assert (wh.loc["2", "work"], wh.loc["2", "hold"]) == (3, 0)


def test_empty_production(tmp_path: Path) -> None:
    data = make({}, dates=[])
    x = D.dood(production_of(data, tmp_path))
    assert x.grid.empty and x.people.empty
    assert D.work_and_hold(production_of(data, tmp_path)).empty


def test_season_size_is_fast() -> None:
    """300 cast × 150 shoot days (a TV season) in well under a second, in memory (no workbook)."""
    import time

    from tests.rules.harness import _in_memory

    rng = np.random.default_rng(7)
    dates = shoot_dates(d(2027, 1, 4), 30)
    cast_ids = [str(i) for i in range(1, 301)]
    scenes, sched = [], []
    for n, _ in enumerate(dates, start=1):
        for k in range(4):
            who = tuple(rng.choice(cast_ids, size=6, replace=False))
            scenes.append({"scene": f"{n}-{k}", "int_ext": "INT", "set": "S", "day_night": "DAY", "pages": 8,
                           "cast": who})
            sched.append({"day": n, "order": k + 1, "scene": f"{n}-{k}"})
    data = ProductionData(settings={"title": "Season"}, tables={
        "Days": [{"day": n, "date": x, "crew_call": dt.timedelta(hours=7)} for n, x in enumerate(dates, start=1)],
        "Scenes": scenes, "Schedule": sched,
        "Cast": [{"cast_id": c, "character": f"C{c}", "performer": f"P{c}", "drop_allowed": int(c) % 2 == 0}
                 for c in cast_ids]})  # fmt: skip
    p = _in_memory(data, d(2027, 1, 1))
    t = time.perf_counter()
    x = D.dood(p)
    D.day_codes(p, x)
    elapsed = time.perf_counter() - t
    assert x.grid.shape[0] == 300 and int(x.dates["shoot"].sum()) == 150
    assert elapsed < 5, elapsed  # ~0.4 s here; generous for a slow CI machine


# --- the DOOD tab ---------------------------------------------------------------------------------------------


def test_dood_tab(feature: Production, fd: D.Dood, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from xlproduction.workbook.render import write_sheets

    spec = dood_sheet(feature, fd)
    assert spec.name == DOOD_SHEET and spec.freeze == f"C{FIRST_ROW}"
    cast_row = FIRST_ROW + list(fd.people["cast_id"]).index("3")
    col_22mar = FIRST_DATE_COL + list(fd.grid.columns).index(pd.Timestamp("2027-03-22"))
    assert spec.value_at(cast_row, 1) == "3" and spec.value_at(cast_row, 2) == "ROLE 3"
    assert spec.value_at(cast_row, col_22mar) == "PW"
    # Every code cell is coloured with its code's fill.
    fills = {f.style.fill: f for f in spec.formats}
    for code, fill in CODE_FILLS.items():
        assert fill in fills, code
    src = tmp_path / "src.xlsx"
    from xlproduction.workbook.writer import write_workbook

    write_workbook(src, make(WORK, events=EVENTS, drop_ok=DROP_OK))
    out = write_sheets(src, tmp_path / "out.xlsx", [spec])
    ws = load_workbook(out)[DOOD_SHEET]
    assert ws.freeze_panes == f"C{FIRST_ROW}"
    assert ws.cell(cast_row, col_22mar).value == "PW"
    assert ws.cell(cast_row, col_22mar).fill.fgColor.rgb.endswith(CODE_FILLS["PW"])
    sat = FIRST_DATE_COL + list(fd.grid.columns).index(pd.Timestamp("2027-03-06"))
    assert ws.cell(FIRST_ROW, sat).value == "/"
    assert ws.cell(FIRST_ROW, sat).fill.fgColor.rgb.endswith(CODE_FILLS["/"])
    # The totals columns and per-day rows hold the DOOD's numbers.
    headers = [ws.cell(FIRST_ROW - 1, c).value for c in range(1, ws.max_column + 1)]
    work_col = headers.index("Work") + 1
    assert ws.cell(cast_row, work_col).value == 3
    texts = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert "Hold" in texts and DOOD_CODES["D"] in texts  # per-day rows and the legend
