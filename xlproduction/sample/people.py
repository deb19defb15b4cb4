"""The people of a generated production: unique invented names, fictional phones, example.com e-mails,
emergency contacts and agents, and the Cast and Crew rows built from them.

Phone numbers are drawn from the 555-0120…0199 block of Californian area codes (555-01xx is reserved for
fiction; 0100-0119 are kept for the hospitals and the office), each used once, so a rule that flags shared
phones finds nothing and no real person can be rung from the demo.
"""

from __future__ import annotations

import datetime as dt
import random

from ..model.tabledata import Row
from .castwork import CastPlan
from .crewlist import CORE, DEPARTMENT_ACCOUNT, REPEATABLE, Position
from .names import (
    AGENCIES,
    CHARACTER_FIRST,
    CHARACTER_LAST,
    FIRST_NAMES,
    RELATIONS,
    SAMPLE_CHARACTERS,
    SMALL_PARTS,
    SURNAMES,
)

LA_AREA_CODES = (310, 323, 213, 424, 818, 747, 626, 562, 661)
OTHER_AREA_CODES = (714, 657, 949, 909, 951, 805, 760, 442, 415, 510, 650, 408, 916, 707, 925, 530, 559)


class Directory:
    """Hands out unique names and phone numbers, deterministically for a given random generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[int, int]] = set()
        la = [f"+1 {a} 555 01{n:02d}" for a in LA_AREA_CODES for n in range(20, 100)]
        other = [f"+1 {a} 555 01{n:02d}" for a in OTHER_AREA_CODES for n in range(20, 100)]
        rng.shuffle(la)
        rng.shuffle(other)
        # Local numbers first: only the big sizes reach the out-of-town ones.
        self._phones = la + other
        self._next_phone = 0

    def name(self) -> tuple[str, str]:
        if len(self._used) >= len(FIRST_NAMES) * len(SURNAMES):
            raise RuntimeError("out of invented names")
        while True:
            key = (self._rng.randrange(len(FIRST_NAMES)), self._rng.randrange(len(SURNAMES)))
            if key not in self._used:
                self._used.add(key)
                return FIRST_NAMES[key[0]], SURNAMES[key[1]]

    def phone(self) -> str:
        if self._next_phone >= len(self._phones):
            raise RuntimeError("out of fictional phone numbers")
        self._next_phone += 1
        return self._phones[self._next_phone - 1]

    def emergency(self, surname: str) -> tuple[str, str]:
        relation = self._rng.choice(RELATIONS)
        first = self._rng.choice(FIRST_NAMES)
        last = surname if relation not in ("friend", "roommate") else self._rng.choice(SURNAMES)
        return f"{first} {last} ({relation})", self.phone()


def email(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace(" ", "") + "@example.com"


def crew_positions(n: int) -> list[Position]:
    """The first n positions in hiring priority; past the core crew, the crafts that grow repeat."""
    out = list(CORE[:n])
    k = 0
    while len(out) < n:
        out.append(REPEATABLE[k % len(REPEATABLE)])
        k += 1
    return out


def _monday_before(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _friday_after(d: dt.date) -> dt.date:
    return d + dt.timedelta(days=(4 - d.weekday()) % 7)


def crew_rows(n: int, dates: list[dt.date], minor_dates: list[dt.date], directory: Directory,
              rng: random.Random) -> tuple[list[Row], list[Position]]:  # fmt: skip
    rows: list[Row] = []
    positions = crew_positions(n)
    for i, pos in enumerate(positions):
        first, last = directory.name()
        span = pos.span
        if i >= len(CORE) and span == "shoot" and rng.random() < 0.25:
            span = "part"  # day-playing crew on the bigger shows
        if span == "minor" and minor_dates:
            start, end = min(minor_dates), max(minor_dates)
        elif span == "part":
            k = rng.randint(3, min(8, len(dates)))
            a = rng.randint(0, len(dates) - k)
            start, end = dates[a], dates[a + k - 1]
        else:
            start = _monday_before(dates[0] - dt.timedelta(weeks=pos.prep_weeks)) if pos.prep_weeks else dates[0]
            end = _friday_after(dates[-1] + dt.timedelta(weeks=pos.wrap_weeks)) if pos.wrap_weeks else dates[-1]
        contact, contact_phone = directory.emergency(last)
        rows.append({
            "name": f"{first} {last}", "department": pos.department, "position": pos.title,
            "phone": directory.phone(), "email": email(first, last), "emergency_contact": contact,
            "emergency_phone": contact_phone, "union": pos.union, "day_rate": pos.day_rate,
            "account": pos.account or DEPARTMENT_ACCOUNT[pos.department], "start_date": start, "end_date": end,
            "call_offset": pos.call_offset, "walkie": pos.walkie,
            "notes": "Stunt coordinator: SAG-AFTRA" if pos.title == "Stunt Coordinator" else None,
        })  # fmt: skip
    return rows, positions


def character_names(n: int, rng: random.Random) -> list[str]:
    """The feature's characters, then invented named parts and numbered small parts for bigger casts."""
    out = list(SAMPLE_CHARACTERS[:n])
    named = [f"{f} {last}" for f in CHARACTER_FIRST for last in CHARACTER_LAST]
    rng.shuffle(named)
    k = 0
    while len(out) < n:
        if len(out) < n * 0.4 and k < len(named):
            out.append(named[k])
        else:
            part = SMALL_PARTS[k % len(SMALL_PARTS)]
            out.append(f"{part} #{k // len(SMALL_PARTS) + 1}")
        k += 1
    return out


CAST_RATES = {"lead": (8000, 12000), "principal": (3500, 6000), "supporting": (1500, 3000), "day": (1246, 1246)}


def cast_rows(plans: list[CastPlan], windows: list[tuple[dt.date, dt.date]], drops: list[bool], start: dt.date,
              directory: Directory, rng: random.Random) -> list[Row]:  # fmt: skip
    characters = character_names(len(plans), rng)
    agents = []
    for k in range(max(4, len(plans) // 6)):
        first, last = directory.name()
        agents.append((f"{first} {last} ({AGENCIES[k % len(AGENCIES)]})", directory.phone()))
    rows: list[Row] = []
    for i, p in enumerate(plans):
        first, last = directory.name()
        union = "Non-union" if p.tier == "day" and i % 6 == 5 else "SAG-AFTRA"  # the odd non-union day player
        lo, hi = CAST_RATES[p.tier]
        rate = float(round(rng.uniform(lo, hi), -2)) if hi > lo else float(lo)
        if union == "Non-union":
            rate = 600.0
        agent, agent_phone = rng.choice(agents) if p.tier != "day" or rng.random() < 0.6 else (None, None)
        contact, contact_phone = directory.emergency(last)
        dob, notes = None, None
        if p.minor:
            age = rng.randint(10, 14)
            dob = dt.date(start.year - age, rng.randint(1, 12), rng.randint(1, 28))
            if dob > dt.date(start.year - age, start.month, start.day):
                age -= 1
            contact = f"{rng.choice(FIRST_NAMES)} {last} (parent, guardian on set)"
            notes = f"Minor (age {age}): work permit and Coogan account on file"
        rows.append({
            "cast_id": str(i + 1), "character": characters[i], "performer": f"{first} {last}",
            "phone": directory.phone(), "email": email(first, last), "agent": agent, "agent_phone": agent_phone,
            "emergency_contact": contact, "emergency_phone": contact_phone, "union": union, "minor": p.minor,
            "date_of_birth": dob, "day_rate": rate, "account": "1400", "available_from": windows[i][0],
            "available_to": windows[i][1], "drop_allowed": drops[i], "notes": notes,
        })  # fmt: skip
    return rows
