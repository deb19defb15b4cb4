"""The Day Out of Days: what each performer does on every calendar day of the shoot, and what it costs in days.

The DOOD is how a production knows, per performer, how many days it pays (work + hold), when each one starts and
finishes, and where a drop/pick-up saves money. The call sheet prints each performer's code for the day, the
budget checks price work + hold days, and the DOOD tab shows the whole grid — so the codes are computed once here.

Semantics (those of Movie Magic Scheduling, DESIGN §4):

- One column per calendar date from the first to the last event (shoot dates, work dates, cast events).
- Work: ``SW`` on the first work date, ``WF`` on the last, ``SWF`` when both, ``W`` between. Start and finish are
  the first and last *work* dates: travel, fittings or rehearsals before or after do not move them.
- Between the first and last work date, a shoot date on which the performer does not work is a hold ``H``; a
  calendar date with no shoot day (weekend, hiatus) is a company day off ``/`` and never a hold.
- Drop/pick-up: when the performer's Cast row allows it (Drop/Pickup OK), one gap between two consecutive work
  dates whose calendar days off are *more than* 10 (Feature, Other) or 14 (Television; Settings → Production
  Type) is dropped instead of held: its shoot dates read ``D`` (released, not paid) and the return reads ``PW``
  (``PWF`` if it is also the last work date). SAG-AFTRA allows one drop per performer per production, so of the
  qualifying gaps the one saving the most hold days is dropped (the earliest on a tie); a gap with no shoot
  date in it saves nothing and is never dropped.
- Cast events (the CastEvents table) put ``TR`` travel, ``R`` rehearsal, ``FT`` fitting and ``HOL`` holiday on
  their date, over holds, drops and days off; a work date keeps its work code (the fitting is part of the work
  day). Several events on one date: travel, then rehearsal, fitting, holiday.
- Totals count the codes in the grid, so the grid and the totals cannot disagree: work (SW W WF SWF PW PWF),
  hold, drop, travel, rehearsal, fitting, holiday, and total days = work + hold + travel + rehearsal + fitting +
  holiday (every day the performer is engaged; drops and days off are not).

Cast IDs are matched trimmed and case-insensitively, as the cross-reference checks match them. A performer listed
in a scheduled scene but missing from the Cast table still gets a row (``known`` False): their days are real even
if the Cast row is not there yet. Strips on shoot days without a date cannot be placed on a calendar and are left
out. Everything is vectorised over a cast × dates matrix (300 cast × 150 days is 45,000 cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import scheduling
from .contract import EVENT_TYPES
from .production import Production, derived

SW, W, WF, SWF = "SW", "W", "WF", "SWF"
H, D, PW, PWF = "H", "D", "PW", "PWF"
TR, R, FT, HOL = "TR", "R", "FT", "HOL"
OFF = "/"
BLANK = ""
WORK_CODES = frozenset({SW, W, WF, SWF, PW, PWF})
# Event type (contract EVENT_TYPES) -> code; the order is the precedence when a performer has several on one date.
EVENT_CODES: dict[str, str] = {"Travel": TR, "Rehearsal": R, "Fitting": FT, "Holiday": HOL}
assert set(EVENT_CODES) == set(EVENT_TYPES), "every event type of the contract needs a DOOD code"

# SAG-AFTRA: a drop needs a gap of more than this many calendar days between release and pick-up.
DROP_GAP_DAYS: dict[str, int] = {"Feature": 10, "Television": 14, "Other": 10}
DEFAULT_DROP_GAP = 10

# Per-person and per-day totals: total name -> the codes it counts.
TOTAL_CODES: dict[str, frozenset[str]] = {
    "work": WORK_CODES, "hold": frozenset({H}), "drop": frozenset({D}), "travel": frozenset({TR}),
    "rehearsal": frozenset({R}), "fitting": frozenset({FT}), "holiday": frozenset({HOL}),
}  # fmt: skip
ENGAGED = ("work", "hold", "travel", "rehearsal", "fitting", "holiday")  # what "total" adds up


@dataclass(frozen=True, slots=True)
class Dood:
    """A Day Out of Days.

    ``grid``: one row per performer (index ``cast_id`` as spelled in the Cast table), one column per calendar
    date (a ``DatetimeIndex``), the code in each cell ("" for nothing).
    ``dates``: one row per grid column — ``date``, ``weekday`` (Mon…), ``shoot`` (a shoot date), ``off`` (a
    company day off: no shoot day, between the first and last shoot date), ``day`` (the first shoot day number on
    that date) and ``days`` (all of them, "5, 6" when two units shoot that date).
    ``people``: one row per grid row, in grid order — ``cast_id``, ``character``, ``known`` (in the Cast table),
    ``drop_allowed``, the totals (``work`` ``hold`` ``drop`` ``travel`` ``rehearsal`` ``fitting`` ``holiday``
    ``total``), ``start``/``finish`` (first and last work date), ``first_day``/``last_day`` (their shoot day
    numbers), ``dropped_after`` (the work date the performer is released after) and ``pickup`` (the date they
    are picked up), both NaT without a drop.
    ``per_day``: one row per grid column — ``date`` and the count of performers per total (work, hold, …).
    ``drop_gap``: the calendar days off a gap must exceed to be dropped.
    """

    grid: pd.DataFrame
    dates: pd.DataFrame
    people: pd.DataFrame
    per_day: pd.DataFrame
    drop_gap: int

    def code(self, cast_id: str, date: object) -> str:
        """The code of one performer on one date ("" when none, or the date is outside the grid)."""
        ts = pd.Timestamp(date)  # type: ignore[arg-type]
        if cast_id not in self.grid.index or ts not in self.grid.columns:
            return BLANK
        return str(self.grid.at[cast_id, ts])


def drop_gap_days(p: Production) -> int:
    """The drop/pick-up gap for this production's type (Settings → Production Type)."""
    kind = str(p.settings.production_type or "Feature").strip().casefold()
    for name, days in DROP_GAP_DAYS.items():
        if name.casefold() == kind:
            return days
    return DEFAULT_DROP_GAP


_LEADING_NUMBER = re.compile(r"^(\d*)(.*)$")


def _natural_order(ids: pd.Series) -> np.ndarray:
    """Positions that sort cast IDs as a stripboard numbers them: 1, 2, 10, 10A, B1 (not 1, 10, 10A, 2)."""
    values = ids.tolist()
    if all(isinstance(v, str) and v.isascii() for v in values):
        # The same keys as below, string by string (ASCII digits read as numbers the way to_numeric reads them).
        def sort_key(v: str) -> tuple[float, str]:
            m = _LEADING_NUMBER.match(v.strip())
            if m is None:  # a line break inside the ID: the pattern does not match
                return (np.inf, "")
            return (float(int(m[1])) if m[1] else np.inf, m[2].casefold())

        keys = [sort_key(v) for v in values]
        return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype="int64")
    parts = ids.astype("string").str.strip().str.extract(r"^(\d*)(.*)$")
    # Float64 first: digits that are not ASCII ('１') come back as Int64, which cannot hold infinity.
    num = pd.to_numeric(parts[0], errors="coerce").astype("Float64").fillna(np.inf)
    frame = pd.DataFrame({"num": num.to_numpy(dtype="float64"), "rest": parts[1].fillna("").str.casefold()})
    return frame.sort_values(["num", "rest"], kind="stable").index.to_numpy()


def _people(p: Production, work: pd.DataFrame) -> pd.DataFrame:
    """The grid's rows: the Cast table (first row of a repeated ID), then IDs scheduled but not in Cast."""
    ck = scheduling.table_key(p, "Cast", "cast_id")
    first = (ck.notna() & (ck != "")).fillna(False).to_numpy(dtype=bool) & ~ck.duplicated().to_numpy(dtype=bool)
    cast = p.cast.loc[first, ["cast_id", "character", "drop_allowed"]]
    cast = cast.assign(ck=ck[first], known=True)
    unknown = ~work["cast_key"].isin(cast["ck"]).to_numpy(dtype=bool)
    if unknown.any():
        extra = work[unknown].drop_duplicates("cast_key")
        extra = pd.DataFrame({"cast_id": extra["cast_id"].astype("string").str.strip(),
                              "character": pd.Series(pd.NA, index=extra.index, dtype="string"),
                              "drop_allowed": False, "ck": extra["cast_key"], "known": False})  # fmt: skip
        # Typed alike and without an empty frame, so pandas 2.2 and 3 agree on the result's dtypes (and 2.2 does not
        # warn that they will change).
        cast = cast.assign(character=cast["character"].astype("string"))
        rows = pd.concat([f for f in (cast, extra) if len(f)], ignore_index=True)
    else:
        rows = cast.reset_index(drop=True)
    rows["drop_allowed"] = rows["drop_allowed"].astype("boolean").fillna(False).astype(bool)
    rows["character"] = rows["character"].astype("string")
    rows["cast_id"] = rows["cast_id"].astype("string")
    return rows.iloc[_natural_order(rows["cast_id"])].reset_index(drop=True)


def _events(p: Production, keys: pd.Index) -> pd.DataFrame:
    """CastEvents of performers on the grid: ``row`` (grid row), ``date``, ``code``, one per (row, date)."""
    table = p.tables.get("CastEvents")
    if table is None or table.df.empty:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "date": pd.Series(dtype="datetime64[s]"),
                             "code": pd.Series(dtype="object")})  # fmt: skip
    e = table.df[["cast_id", "date", "event"]].dropna()
    row = keys.get_indexer(scheduling.key(e["cast_id"]))
    rank = np.array([_EVENT_RANK.get(v, -1) for v in e["event"].tolist()], dtype="int64")
    ok = (row >= 0) & (rank >= 0)
    row, rank, date = row[ok], rank[ok], e["date"].to_numpy()[ok]
    # Per (row, date) the event of the highest precedence (lowest rank).
    order = np.lexsort((rank, date, row))
    row, rank, date = row[order], rank[order], date[order]
    first = np.r_[True, (row[1:] != row[:-1]) | (date[1:] != date[:-1])][: len(row)]
    codes = np.array(list(EVENT_CODES.values()), dtype=object)
    return pd.DataFrame({"row": row[first].astype("int64"), "date": pd.Series(date[first], dtype=e["date"].dtype),
                         "code": codes[rank[first]]})


_EVENT_RANK = {t: i for i, t in enumerate(EVENT_CODES)}


def _empty(drop_gap: int) -> Dood:
    grid = pd.DataFrame(index=pd.Index([], name="cast_id", dtype="string"), columns=pd.DatetimeIndex([], name="date"))
    dates = pd.DataFrame({"date": pd.Series(dtype="datetime64[s]"), "weekday": pd.Series(dtype="string"),
                          "shoot": pd.Series(dtype=bool), "off": pd.Series(dtype=bool),
                          "day": pd.Series(dtype="Int64"), "days": pd.Series(dtype="string")})  # fmt: skip
    people = pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
        ("cast_id", "string"), ("character", "string"), ("known", bool), ("drop_allowed", bool),
        *((k, "int64") for k in (*TOTAL_CODES, "total")), ("start", "datetime64[s]"), ("finish", "datetime64[s]"),
        ("first_day", "Int64"), ("last_day", "Int64"), ("dropped_after", "datetime64[s]"),
        ("pickup", "datetime64[s]"))})  # fmt: skip
    per_day = pd.DataFrame({"date": pd.Series(dtype="datetime64[s]"),
                            **{k: pd.Series(dtype="int64") for k in TOTAL_CODES}})  # fmt: skip
    return Dood(grid, dates, people, per_day, drop_gap)


def _work(p: Production) -> pd.DataFrame:
    """Who works which shoot day, with its date: cast_key, cast_id, day, date (strips on dateless days left out)."""
    s = scheduling.cast_strips(p)[["cast_key", "cast_id", "day", "date"]]
    s = s[(s["cast_key"].notna() & s["date"].notna() & (s["cast_key"] != "")).fillna(False).to_numpy(dtype=bool)]
    return s.drop_duplicates(["cast_key", "day"]).reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class _Core:
    """The DOOD as matrices (performers × calendar dates): what ``dood`` turns into frames, and all the budget
    checks need (work and hold days), so the checks do not pay for the grid of strings and the per-date frames."""

    people: pd.DataFrame  # the grid's rows (``_people``)
    work: pd.DataFrame  # ``_work``
    wrow: np.ndarray  # grid row of each ``work`` row
    cols: pd.DatetimeIndex  # the calendar dates
    shoot: np.ndarray  # per date: a shoot date
    worked: np.ndarray  # m × n: works that date
    span: np.ndarray  # m × n: between first and last work date
    dropped: np.ndarray  # m × n: inside the dropped gap
    ev: np.ndarray  # m × n: event code, or BLANK
    first: np.ndarray  # per row: first work column (n without work)
    last: np.ndarray  # per row: last work column (-1 without work)
    has_work: np.ndarray
    drop_lo: np.ndarray
    pickup: np.ndarray  # per row: pick-up column, -1 without a drop


@derived
def _core(p: Production) -> _Core | None:
    """The matrices of the DOOD, or None when there is nothing to put on a grid (no dates or no performers)."""
    gap_days = drop_gap_days(p)
    work = _work(p)
    people = _people(p, work)
    keys = pd.Index(people["ck"])
    events = _events(p, keys)
    shoot_dates = pd.to_datetime(p.days["date"].dropna()).astype("datetime64[s]")
    all_dates = np.concatenate([shoot_dates.to_numpy(dtype="datetime64[s]"), work["date"].to_numpy(
        dtype="datetime64[s]"), events["date"].to_numpy(dtype="datetime64[s]")])
    if not len(all_dates) or people.empty:
        return None
    cols = pd.date_range(all_dates.min(), all_dates.max(), freq="D", name="date").astype("datetime64[s]")
    start = cols[0].to_datetime64()
    m, n = len(people), len(cols)
    colidx = np.arange(n)

    def col_of(dates: pd.Series) -> np.ndarray:
        # Whole days from the first column (every date here is on or after it).
        return ((dates.to_numpy(dtype="datetime64[s]") - start) // np.timedelta64(1, "D")).astype("int64")

    shoot = np.zeros(n, dtype=bool)
    shoot[col_of(shoot_dates)] = True

    # Work matrix and each performer's first/last work column.
    worked = np.zeros((m, n), dtype=bool)
    wrow = keys.get_indexer(work["cast_key"])
    worked[wrow, col_of(work["date"])] = True
    has_work = worked.any(axis=1)
    first = np.where(has_work, worked.argmax(axis=1), n)
    last = np.where(has_work, n - 1 - worked[:, ::-1].argmax(axis=1), -1)
    span = (colidx >= first[:, None]) & (colidx <= last[:, None])

    # Gaps between consecutive work columns of a performer; at most one (the best qualifying) is dropped.
    r_idx, c_idx = np.nonzero(worked)  # row-major: sorted by row, then column
    # With nobody working yet (early prep) there are no work columns: keep the three arrays the same length.
    same = np.r_[r_idx[1:] == r_idx[:-1], False][: len(r_idx)]
    nxt = np.r_[c_idx[1:], 0][: len(c_idx)]
    cum = np.r_[0, np.cumsum(shoot)]
    g_row, g_col, g_next = r_idx[same], c_idx[same], nxt[same]
    g_off = g_next - g_col - 1  # calendar days strictly between the two work dates
    g_held = cum[g_next] - cum[g_col + 1]  # shoot dates among them
    ok = people["drop_allowed"].to_numpy()[g_row] & (g_off > gap_days) & (g_held > 0)
    # Per performer, the qualifying gap holding the most shoot dates, the earliest on a tie.
    order = np.lexsort((g_col[ok], -g_held[ok], g_row[ok]))
    c_row, c_col, c_next = g_row[ok][order], g_col[ok][order], g_next[ok][order]
    best = np.r_[True, c_row[1:] != c_row[:-1]][: len(c_row)]
    c_row, c_col, c_next = c_row[best], c_col[best], c_next[best]
    drop_lo = np.full(m, n)
    drop_hi = np.full(m, -1)
    pickup = np.full(m, -1)
    drop_lo[c_row] = c_col + 1
    drop_hi[c_row] = c_next - 1
    pickup[c_row] = c_next
    dropped = (colidx >= drop_lo[:, None]) & (colidx <= drop_hi[:, None])

    ev = np.full((m, n), BLANK, dtype=object)
    ev[events["row"].to_numpy(), col_of(events["date"])] = events["code"].to_numpy()
    return _Core(people, work, wrow, cols, shoot, worked, span, dropped, ev, first, last, has_work, drop_lo, pickup)


def _first_last_days(core: _Core) -> tuple[np.ndarray, np.ndarray]:
    """Per grid row: the first and last shoot day number worked (Int64 arrays, <NA> without work)."""
    m = len(core.people)
    days = core.work.assign(row=core.wrow).groupby("row")["day"]
    first_day = pd.Series(days.min(), dtype="Int64").reindex(range(m)).to_numpy()
    last_day = pd.Series(days.max(), dtype="Int64").reindex(range(m)).to_numpy()
    return first_day, last_day


def dood(p: Production) -> Dood:
    """The Day Out of Days of the production (see the module docstring for the rules)."""
    gap_days = drop_gap_days(p)
    core = _core(p)
    if core is None:
        return _empty(gap_days)
    people, cols, shoot, worked, span, ev = core.people, core.cols, core.shoot, core.worked, core.span, core.ev
    first, last, has_work, drop_lo, pickup = core.first, core.last, core.has_work, core.drop_lo, core.pickup
    n = len(cols)
    colidx = np.arange(n)

    is_first = colidx == first[:, None]
    is_last = colidx == last[:, None]
    is_pick = colidx == pickup[:, None]
    work_code = np.select([is_first & is_last, is_first, is_pick & is_last, is_pick, is_last],
                          [SWF, SW, PWF, PW, WF], default=W)  # fmt: skip
    codes = np.select(
        [worked, ev != BLANK, span & shoot & core.dropped, span & shoot, span],
        [work_code, ev, D, H, OFF], default=BLANK).astype(object)  # fmt: skip

    # Totals: counts of the grid's codes, per performer (rows) and per date (columns).
    masks = {name: np.isin(codes, list(cs)) for name, cs in TOTAL_CODES.items()}
    totals = {name: mk.sum(axis=1).astype("int64") for name, mk in masks.items()}
    out = people[["cast_id", "character", "known", "drop_allowed"]].copy()
    for name, v in totals.items():
        out[name] = v
    out["total"] = sum(totals[k] for k in ENGAGED)
    nat = np.datetime64("NaT", "s")
    colv = cols.to_numpy()
    out["start"] = np.where(has_work, colv[np.minimum(first, n - 1)], nat)
    out["finish"] = np.where(has_work, colv[np.maximum(last, 0)], nat)
    out["first_day"], out["last_day"] = _first_last_days(core)
    out["first_day"] = out["first_day"].astype("Int64")
    out["last_day"] = out["last_day"].astype("Int64")
    has_drop = pickup >= 0
    out["dropped_after"] = np.where(has_drop, colv[np.clip(drop_lo - 1, 0, n - 1)], nat)
    out["pickup"] = np.where(has_drop, colv[np.clip(pickup, 0, n - 1)], nat)
    for c in ("start", "finish", "dropped_after", "pickup"):
        out[c] = out[c].astype("datetime64[s]")

    grid = pd.DataFrame(codes, index=pd.Index(people["cast_id"], name="cast_id"), columns=cols)
    day_numbers = p.days[["day", "date"]].dropna().astype({"date": "datetime64[s]"}).sort_values("day")
    by_date = day_numbers.groupby("date")["day"]
    first_shoot, last_shoot = (cols[shoot].min(), cols[shoot].max()) if shoot.any() else (None, None)
    in_shoot = (cols >= first_shoot) & (cols <= last_shoot) if first_shoot is not None else np.zeros(n, bool)
    dates = pd.DataFrame({
        "date": cols, "weekday": cols.strftime("%a"), "shoot": shoot, "off": in_shoot & ~shoot,
        "day": pd.Series(cols.map(by_date.min()), dtype="Int64").to_numpy(),
        "days": cols.map(by_date.agg(lambda d: ", ".join(str(int(x)) for x in d))).astype("string"),
    })  # fmt: skip
    dates["day"] = dates["day"].astype("Int64")
    per_day = pd.DataFrame({"date": cols, **{name: mk.sum(axis=0).astype("int64") for name, mk in masks.items()}})
    return Dood(grid=grid, dates=dates, people=out.reset_index(drop=True), per_day=per_day, drop_gap=gap_days)


def day_codes(p: Production, d: Dood | None = None) -> pd.DataFrame:
    """One row per (shoot day, performer with a code that day): ``day``, ``cast_id``, ``code``.

    On a date two units shoot, a performer's work code goes only on the shoot day whose scenes they are in: the
    other unit's call sheet does not list them. Holds, drops and events show on every shoot day of the date."""
    d = d if d is not None else dood(p)
    days = p.days[["day", "date"]].dropna().drop_duplicates("day").astype({"date": "datetime64[s]"})
    if d.grid.empty or days.empty:
        return pd.DataFrame({"day": pd.Series(dtype="Int64"), "cast_id": pd.Series(dtype="string"),
                             "code": pd.Series(dtype="string")})  # fmt: skip
    long = d.grid.rename_axis(columns="date").stack().rename("code").reset_index()
    long = long[long["code"] != BLANK]
    long["date"] = long["date"].astype("datetime64[s]")
    out = days.merge(long, on="date", how="inner")
    work = _work(p)
    cast_keys = scheduling.key(out["cast_id"])
    here = pd.MultiIndex.from_frame(work[["day", "cast_key"]].astype({"day": "Int64"}))
    on_day = pd.MultiIndex.from_arrays([out["day"].astype("Int64"), cast_keys]).isin(here)
    keep = ~out["code"].isin(list(WORK_CODES)) | on_day
    out = out[keep]
    return out[["day", "cast_id", "code"]].astype({"day": "Int64", "code": "string"}).reset_index(drop=True)


def day_status(p: Production, day: int, d: Dood | None = None) -> dict[str, str]:
    """Performer (cast_id as in the Cast table) -> DOOD code on shoot day ``day``; only performers with a code.

    The call sheet's "status" column. Pass a precomputed ``d`` when asking for many days."""
    codes = day_codes(p, d)
    on = codes[codes["day"] == day]
    return dict(zip(on["cast_id"].astype(str), on["code"].astype(str), strict=True))


def work_and_hold(p: Production, d: Dood | None = None) -> pd.DataFrame:
    """Per performer who works: ``cast_id``, ``first_day``, ``last_day``, ``work`` (work dates) and ``hold`` —
    the shoot dates between their first and last work date on which they are engaged without working (held, or
    travelling, rehearsing, in a fitting, on holiday), never the dropped ones. work + hold are the days the
    budget pays, computed here only so the budget checks and the DOOD tab cannot disagree."""
    cols = ["cast_id", "first_day", "last_day", "work", "hold"]
    if d is None:
        # From the matrices, without building the grid of codes: the budget checks ask this of every workbook.
        core = _core(p)
        if core is None:
            return _no_work_and_hold()
        # The grid's codes, as ``dood`` chooses them: a worked date is a work code; an event shows over a drop;
        # a shoot date inside the span is a drop when in the dropped gap, else a hold.
        off_work = ~core.worked & core.span & core.shoot[None, :]
        engaged = off_work & ((core.ev != BLANK) | ~core.dropped)
        first_day, last_day = _first_last_days(core)
        out = core.people[["cast_id"]].assign(first_day=first_day, last_day=last_day,
                                              work=core.worked.sum(axis=1).astype("int64"),
                                              hold=engaged.sum(axis=1).astype("int64"))
        out["first_day"] = out["first_day"].astype("Int64")
        out["last_day"] = out["last_day"].astype("Int64")
        out = out[out["work"] > 0]
        return out[cols].reset_index(drop=True)
    if d.grid.empty:
        return _no_work_and_hold()
    codes = d.grid.to_numpy()
    colv = d.grid.columns.to_numpy()
    start = d.people["start"].to_numpy()[:, None]
    finish = d.people["finish"].to_numpy()[:, None]
    inside = (colv[None, :] >= start) & (colv[None, :] <= finish) & d.dates["shoot"].to_numpy()[None, :]
    engaged = np.isin(codes, [H, TR, R, FT, HOL]) & inside
    out = d.people.assign(hold=engaged.sum(axis=1).astype("int64"))
    out = out[out["work"] > 0]
    return out[cols].reset_index(drop=True)


def work_and_hold_by_key(p: Production) -> pd.DataFrame:
    """``work`` and ``hold`` of ``work_and_hold`` per cast key (``scheduling.key`` of the cast ID; index ``ck``,
    sorted), for the budget checks: each grid row has its own key, so nothing is added up."""
    core = _core(p)
    if core is None:
        return pd.DataFrame({"work": pd.Series(dtype="int64"), "hold": pd.Series(dtype="int64")},
                            index=pd.Index([], dtype="string", name="ck"))  # fmt: skip
    engaged = ~core.worked & core.span & core.shoot[None, :] & ((core.ev != BLANK) | ~core.dropped)
    work = core.worked.sum(axis=1).astype("int64")
    out = pd.DataFrame({"work": work, "hold": engaged.sum(axis=1).astype("int64")},
                       index=pd.Index(core.people["ck"].array, name="ck"))
    return out[work > 0].sort_index()


def _no_work_and_hold() -> pd.DataFrame:
    return pd.DataFrame({"cast_id": pd.Series(dtype="string"), "first_day": pd.Series(dtype="Int64"),
                         "last_day": pd.Series(dtype="Int64"), "work": pd.Series(dtype="int64"),
                         "hold": pd.Series(dtype="int64")})  # fmt: skip
