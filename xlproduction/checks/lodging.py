"""Travel and hotel rules: who the bookings name, rooms against the nights people need, flights against the calls,
and what travel, rooms and per diems cost against their budget accounts.

Hotel rooms and flights are booked weeks ahead and the schedule moves under them: a performer's days slide and the
room does not follow, a room stays booked a week after someone wrapped, a flight lands after the call it was
booked for. The nights a person needs and the per diems they are owed are ``model.stays`` and
``model.perdiems``' (the rooming list and the per-diem sheet count the same ones); these rules compare them with
what the Accommodation and Travel tables book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from ..model import budget as B
from ..model.findings import Finding, Severity
from ..model.perdiems import per_diems
from ..model.production import ROW, Production
from ..model.stays import booked_nights, bookings, room_cost, stays
from .locate import at_rows
from .money import CENT, _account_name, _spend, money
from .movement import calls, cast_work, has, names, people, pkey, resolve
from .registry import rule
from .schedule import clock, plural, when

SELF = "self"  # Billing: the guest pays the room; the production pays nothing


def _dates(ds: list[dt.date], most: int = 4) -> str:
    shown = ", ".join(f"{d:%a} {d.day} {d:%b}" for d in ds[:most])
    return shown + (f" and {len(ds) - most} more" if len(ds) > most else "")


@rule("LG007", "booking-person-unknown", "A travel or hotel booking names someone who is not in Cast or Crew.",
      tables=("Travel", "Accommodation"))
def booking_person_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Looks up the Person of every Travel and Accommodation row, and the Sharing With of every
    Accommodation row, as a Cast ID or a crew member's name (case- and space-insensitive).

    **Why it matters.** A booking nobody can be matched to is left off the rooming list's checks and the per
    diems, and is often the trace of a recast role or a crew member replaced: a room or a ticket paid for nobody.

    **Example.** Accommodation row 4 books `Jane Do` at The Magnolia Suites; the Crew table has `Jane Doe`.

    **Fix.** Type the performer's Cast ID or the crew member's name as the Crew table spells it, or cancel the
    booking.
    """
    info = booking_person_unknown.info
    for table, column in (("Travel", "person"), ("Accommodation", "person"), ("Accommodation", "sharing_with")):
        if not has(p, table):
            continue
        df = p.df(table)
        k = pkey(df[column])
        unknown = k.notna() & resolve(p, k)["kind"].isna()
        what = "room-mate" if column == "sharing_with" else "person"
        yield from at_rows(
            p, info, table, df[unknown.to_numpy(dtype=bool)], column,
            lambda r, c=column, w=what, t=table: f"{t} row names '{r[c]}' as the {w}: neither a Cast ID nor a "
                                                 f"name in the Crew table.",
            "Type the performer's Cast ID or the crew member's name as the Crew table spells it, or cancel the "
            "booking.")


@rule("LG008", "performer-without-room", "A performer who is not local works with no hotel room booked that night.",
      tables=("Cast", "Accommodation"))
def performer_without_room(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every performer whose Local is No, takes the nights they need a room (from arriving for
    their first travel, fitting, rehearsal or work day to the night before they leave: ``model.stays``) and their
    work days on the stripboard, and reports the work days whose night no Accommodation row books for them.

    **Why it matters.** A performer flown in for a shoot day with no room that night is the coordinator's
    midnight phone call, and an unbudgeted hotel at walk-in rates.

    **Example.** Cast 7 is not local and works Tue 9 and Wed 10 Mar; their room is booked from the 10th.

    **Fix.** Book the missing nights (extend the Accommodation row or add one), or set Local to Yes if they live
    within reach.
    """
    if "Cast" not in p.tables or p.cast.empty:
        return
    away = p.cast["local"].astype("boolean").eq(False).fillna(False) if "local" in p.cast else None
    if away is None or not away.any():
        return
    need = stays(p)
    booked = booked_nights(p)
    work = cast_work(p)
    rows, missing = [], []
    cast = p.cast[away.to_numpy(dtype=bool)]
    for row, k in zip(cast[ROW].tolist(), pkey(cast["cast_id"]).tolist(), strict=True):
        stay = need.get(k) if isinstance(k, str) else None
        if stay is None:
            continue
        nights = set(stay.nights)
        worked = sorted(d.date() for d in work.loc[work["pkey"] == k, "date"])
        gaps = [d for d in worked if d in nights and d not in booked.get(k, set())]
        if gaps:
            rows.append(row)
            missing.append(gaps)
    bad = cast[cast[ROW].isin(rows).to_numpy(dtype=bool)].copy()
    bad["missing"] = [missing[rows.index(r)] for r in bad[ROW].tolist()]
    yield from at_rows(
        p, performer_without_room.info, "Cast", bad, "cast_id",
        lambda r: f"Cast {r['cast_id']} ({r['performer']}) is not local but has no room booked the night of "
                  f"{plural(len(r['missing']), 'work day')}: {_dates(r['missing'])}.",
        "Book the missing nights in Accommodation (extend the stay or add a row), or set Local to Yes.")


@rule("LG009", "room-night-not-needed", "A hotel booking includes nights nobody needs a room for.",
      Severity.WARNING, tables=("Accommodation",))
def room_night_not_needed(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Compares each Accommodation row's nights (Check-in up to Check-out) with the nights its
    guest needs a room (``model.stays``: a performer who is not local from arriving for their first travel,
    fitting, rehearsal or work day to the night before they leave, dropped dates at home; crew who are not local
    from the night before their Start Date to their End Date) and reports the nights nobody needs: early, late, or
    all of them for someone who is local.

    **Why it matters.** Hotels bill what is booked: a week left on a room after a performer's days moved is money
    spent on nothing, and the first saving a UPM asks for.

    **Example.** Cast 7 wraps Wed 10 Mar and flies home the next morning; the room is booked until Sun 14 Mar.

    **Fix.** Shorten the stay (Check-in, Check-out) to the nights needed, or check the performer's days.
    """
    if not has(p, "Accommodation"):
        return
    need = stays(p)
    known = set(people(p)["pkey"])
    found: list[tuple[int, str, list[dt.date]]] = []
    for b in bookings(p):
        if not b.nights or b.key not in known:  # an unknown guest is LG007's
            continue
        stay = need.get(b.key)
        wanted = set(stay.nights) if stay is not None else set()
        extra = [n for n in b.nights if n not in wanted]
        # Nights after the last one needed are the Check-out's to fix; the others the Check-in's.
        late = [n for n in extra if wanted and n > max(wanted)]
        early = [n for n in extra if n not in late]
        found += [(b.row, col, ns) for col, ns in (("check_in", early), ("check_out", late)) if ns]
    if not found:
        return
    acc = p.accommodation.set_index(ROW, drop=False)
    for column in ("check_in", "check_out"):
        mine = [(row, ns) for row, col, ns in found if col == column]
        if not mine:
            continue
        part = acc.loc[[row for row, _ in mine]].assign(extra=[ns for _, ns in mine]).reset_index(drop=True)
        part["guest"] = names(p, part["person"]).to_numpy()
        yield from at_rows(
            p, room_night_not_needed.info, "Accommodation", part, column,
            lambda r, c=column: f"{r['guest']}'s room at {r['hotel']} books {plural(len(r['extra']), 'night')} "
                                f"{'after the last one they need' if c == 'check_out' else 'nobody needs'}: "
                                f"{_dates(r['extra'])}.",
            lambda r, c=column: ("Check out the morning after the last night needed" if c == "check_out" else
                                 "Shorten the stay to the nights needed") +
                                ", or check the guest's schedule, Local and dates.")


@rule("LG010", "travel-arrives-after-call", "A traveller arrives after their first call of the day.",
      tables=("Travel",))
def travel_arrives_after_call(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every Travel row, takes its arrival (Date and Arrive; an arrival earlier than the
    departure lands the next day) and the traveller's first call on that date — a performer's Makeup/Hair, else
    On Set, else the crew call; a crew member's own, department or general call — and reports an arrival after
    the call, unless the leg departs after the day's wrap (a trip home after work).

    **Why it matters.** A performer landing at 11:25 for a 7:00 makeup call is a shoot day lost, or a schedule
    rebuilt the night before.

    **Example.** Cast 4's flight from JFK lands at 11:25 AM on Mon 1 Mar; their makeup call that day is 6:00 AM.

    **Fix.** Book an earlier flight (the day before, usually), or move their call or their scenes.
    """
    if not has(p, "Travel"):
        return
    t = p.travel
    t = t[t["date"].notna().to_numpy(dtype=bool) & t["arrive"].notna().to_numpy(dtype=bool)].copy()
    if t.empty:
        return
    base = pd.to_datetime(t["date"]).astype("datetime64[ns]")
    overnight = (t["depart"].notna() & (t["arrive"] < t["depart"])).fillna(False).to_numpy(dtype=bool)
    t["arrive_at"] = base + t["arrive"] + pd.to_timedelta(np.where(overnight, 1, 0), unit="D")
    t["depart_at"] = base + t["depart"]
    t["pkey"] = pkey(t["person"])
    t["on"] = t["arrive_at"].dt.normalize()
    c = calls(p)[["pkey", "date", "call_at", "wrap_at"]]
    m = t.merge(c, left_on=["pkey", "on"], right_on=["pkey", "date"], how="inner", suffixes=("", "_c"))
    if m.empty:
        return
    going_home = (m["depart_at"].notna() & m["wrap_at"].notna() & (m["depart_at"] >= m["wrap_at"])).to_numpy(
        dtype=bool)  # fmt: skip
    bad = m[(m["arrive_at"] > m["call_at"]).to_numpy(dtype=bool) & ~going_home]
    bad = bad.assign(guest=names(p, bad["person"]).to_numpy())
    yield from at_rows(
        p, travel_arrives_after_call.info, "Travel", bad, "arrive",
        lambda r: f"{r['guest']} arrives at {clock(r['arrive'])} on {when(r['on'])}"
                  f"{' (' + r['carrier'] + ')' if isinstance(r['carrier'], str) else ''}, after their call at "
                  f"{clock(r['call_at'] - r['on'])}.",
        "Book an earlier arrival (the day before, usually), or move their call or their scenes.")


@rule("LG011", "checkout-before-checkin", "A hotel booking checks out on or before it checks in.",
      tables=("Accommodation",))
def checkout_before_checkin(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports every Accommodation row whose Check-out date is before its Check-in date, and, as a
    warning, one that checks out the day it checks in (a booking of no nights).

    **Why it matters.** The rooming list and the hotel read the dates as typed: a reversed stay is a booking the
    hotel cannot honour, and the nights the guest needs are not booked at all.

    **Example.** Check-in 14-Mar-2027, Check-out 04-Mar-2027 (the months typed the other way round).

    **Fix.** Correct the dates: Check-in is the arrival night, Check-out the departure morning.
    """
    if not has(p, "Accommodation"):
        return
    a = p.accommodation
    a = a.assign(guest=names(p, a["person"]).to_numpy())
    info = checkout_before_checkin.info
    both = (a["check_in"].notna() & a["check_out"].notna()).to_numpy(dtype=bool)
    yield from at_rows(
        p, info, "Accommodation", a[both & (a["check_out"] < a["check_in"]).fillna(False).to_numpy(dtype=bool)],
        "check_out",
        lambda r: f"{r['guest']}'s room at {r['hotel']} checks out {when(r['check_out'])}, before it checks in "
                  f"({when(r['check_in'])}).",
        "Correct the dates: Check-in is the arrival night, Check-out the departure morning.")
    yield from at_rows(
        p, info, "Accommodation", a[both & (a["check_out"] == a["check_in"]).fillna(False).to_numpy(dtype=bool)],
        "check_out",
        lambda r: f"{r['guest']}'s room at {r['hotel']} checks in and out on {when(r['check_in'])}: no nights.",
        "Check out the morning after the last night, or delete the booking.", severity=Severity.WARNING)


def logistics_costs(p: Production) -> pd.DataFrame:
    """Per account key: ``travel`` (Travel costs), ``rooms`` (nights × rate of the rooms the production pays, in the
    base currency) and ``per_diems`` (charged to the account of the person's hotel booking, else their travel)."""
    ctx = B.context_of(p)
    base = B.fold(ctx.base_currency)

    def rate(code: Any) -> float:
        c = B.fold(code)
        return 1.0 if not c or c == base else float(ctx.currencies.get(c, np.nan))

    parts = []
    if has(p, "Travel"):
        tr = p.travel
        parts.append(pd.DataFrame({"acct": [B.fold(a) for a in tr["account"].tolist()],
                                   "travel": tr["cost"].astype("Float64").fillna(0).astype("float64")}))  # fmt: skip
    account_of: dict[str, str] = {}
    if has(p, "Travel"):
        for k, a in zip(pkey(p.travel["person"]).tolist(), p.travel["account"].tolist(), strict=True):
            if isinstance(k, str) and B.fold(a):
                account_of.setdefault(k, B.fold(a))
    rooms = []
    for b in bookings(p):
        if B.fold(b.account):
            account_of[b.key] = B.fold(b.account)
        if B.fold(b.billing) != SELF and B.fold(b.account):
            rooms.append((B.fold(b.account), room_cost(b) * rate(b.currency)))
    if rooms:
        parts.append(pd.DataFrame(rooms, columns=["acct", "rooms"]))
    diems = [(account_of.get(_key(line.ident)), line.amount * rate(line.currency)) for line in per_diems(p)]
    if diems:
        parts.append(pd.DataFrame([d for d in diems if d[0]], columns=["acct", "per_diems"]))
    if not parts:
        return pd.DataFrame(columns=["travel", "rooms", "per_diems"])
    out = pd.concat(parts, ignore_index=True)
    out = out[out["acct"].astype(bool)]
    return out.groupby("acct")[[c for c in ("travel", "rooms", "per_diems") if c in out]].sum().reindex(
        columns=["travel", "rooms", "per_diems"], fill_value=0.0).fillna(0.0)  # fmt: skip


def _key(ident: str) -> str:
    return " ".join(ident.split()).casefold()


@rule("LG012", "logistics-over-budget", "Travel, hotel rooms and per diems charged to an account cost more than its "
      "budget leaves.", Severity.WARNING, tables=("Accounts",))
def logistics_over_budget(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each account, adds up what the logistics tables charge to it: the Travel rows' Cost,
    the nights × Nightly Rate of the Accommodation rows the production pays (Billing not Self; converted with the
    Currencies table) and the per diems owed (``model.perdiems``, charged to the account of the person's hotel
    booking, else of their travel). It reports the account when that alone exceeds the account's budget (its
    lines, fringes and charges posted to it), and, as a note, when it fits the budget but not what the actuals
    posted and open POs on the account leave of it (if none of the bookings is among those actuals yet).

    **Why it matters.** Travel and living are booked one by one by the office and paid later by accounting: the
    sum only shows on the cost report once the invoices arrive, weeks after it could have been fixed.

    **Example.** Account 1500 Travel & Living budgets 42,000; the flights, rooms and per diems booked for the
    out-of-town cast come to 47,300.

    **Fix.** Raise the account's travel, hotel and per-diem lines, move people to cheaper rooms or fares, or
    correct a booking's Account.
    """
    if not any(has(p, t) for t in ("Travel", "Accommodation")):
        return
    costs = logistics_costs(p)
    if costs.empty:
        return
    s = _spend(p)
    total = costs.sum(axis=1)
    s = s.assign(**{c: s["acct"].map(costs[c]).fillna(0.0) for c in costs.columns},
                 logistics=s["acct"].map(total).fillna(0.0))  # fmt: skip
    s = s[(s["logistics"] > CENT / 2).to_numpy(dtype=bool)]
    over = s["logistics"] - s["budgeted"] > CENT
    tight = ~over & (s["logistics"] + s["posted"] + s["open"] - s["budgeted"] > CENT)
    info = logistics_over_budget.info

    def parts(r: dict[str, Any]) -> str:
        named = (("travel", "travel"), ("rooms", "hotel rooms"), ("per_diems", "per diems"))
        return ", ".join(f"{label} {money(p, r[c])}" for c, label in named if r[c] > CENT / 2)

    yield from at_rows(
        p, info, "Accounts", s[over.to_numpy(dtype=bool)], "account",
        lambda r: f"{_account_name(r)}: the bookings charged to it come to {money(p, r['logistics'])} "
                  f"({parts(r)}), over its budget {money(p, r['budgeted'])} by "
                  f"{money(p, r['logistics'] - r['budgeted'])}.",
        lambda r: f"Raise the travel, hotel and per-diem lines of {r['account']}, book cheaper, or correct the "
                  f"bookings' Account.")
    yield from at_rows(
        p, info, "Accounts", s[tight.to_numpy(dtype=bool)], "account",
        lambda r: f"{_account_name(r)}: the bookings charged to it ({money(p, r['logistics'])}: {parts(r)}) and "
                  f"the actuals and open POs posted to it ({money(p, r['posted'] + r['open'])}) come to "
                  f"{money(p, r['logistics'] + r['posted'] + r['open'])}, over its budget "
                  f"{money(p, r['budgeted'])} — unless some bookings are already among those actuals.",
        lambda r: f"Check which bookings on {r['account']} are already paid; if the rest still overruns, raise the "
                  f"account's lines or set its EFC Override.",
        severity=Severity.INFO)


RULES = (booking_person_unknown, performer_without_room, room_night_not_needed, travel_arrives_after_call,
         checkout_before_checkin, logistics_over_budget)  # fmt: skip
