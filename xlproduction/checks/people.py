"""People, crew and location rules: the contacts and facts the call sheet and payroll depend on.

A call sheet goes out every evening with phone numbers, emergency contacts and the set address; payroll pays
crew for the days between their start and end dates. A malformed phone number, a missing emergency contact or a
location without an address is found here, while there is still time to call someone.

Privacy: phone numbers and email addresses are personal data. Findings say *which* cell is wrong ("the phone
in Emergency Phone of crew member Gus Grip") and never repeat the number or address itself, because findings
are written to the Issues tab, logs and JSON that may travel further than the crew list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ..model import scheduling, textkeys
from ..model.contract import SETTINGS_BY_KEY, ColType
from ..model.findings import Finding, Severity
from ..model.production import ROW, Production, derived
from .facts import column_name_key
from .locate import at_rows, at_setting
from .registry import rule

# A call offset beyond four hours before or after the general call is almost always a typo (hours typed as
# minutes, or a sign lost); pre-calls for catering or hair and makeup are within it.
MAX_CALL_OFFSET_MIN = 240

# Top-level domains that are typos of .com (email-validator does not check that a domain exists here).
_TLD_TYPOS = frozenset({"con", "cmo", "ocm", "comm", "coom", "vom", "xom", "cpm"})

# Phone columns per table, and the phone settings, by the contract's keys.
PHONE_COLUMNS: dict[str, tuple[str, ...]] = {
    "Cast": ("phone", "agent_phone", "emergency_phone"),
    "Crew": ("phone", "emergency_phone"),
    "Locations": ("hospital_phone", "contact_phone"),
}
PHONE_SETTINGS = tuple(s.key for s in SETTINGS_BY_KEY.values() if s.type is ColType.PHONE)
EMAIL_SETTINGS = tuple(s.key for s in SETTINGS_BY_KEY.values() if s.type is ColType.EMAIL)


# --- shared helpers (also used by the budget rules) ----------------------------------------------------------


def name_key(s: pd.Series) -> pd.Series:
    """A name as a person would recognise it: case, spacing and punctuation ignored ('J.  Doe' = 'j doe')."""
    return textkeys.name_key(s)


@derived
def crew_shoot_days(p: Production) -> pd.Series:
    """Per Crew row (same index): the shoot days between Start and End Date inclusive; every shoot day when
    both are blank, from the first (to the last) shoot day when only one is. Inverted dates give 0."""
    crew = p.crew
    days = p.days.dropna(subset=["day"]).drop_duplicates("day")
    dates = np.sort(days["date"].dropna().to_numpy(dtype="datetime64[s]"))
    start = crew["start_date"].to_numpy(dtype="datetime64[s]")
    end = crew["end_date"].to_numpy(dtype="datetime64[s]")
    # Counting shoot dates inside [start, end] by binary search keeps this vectorised over any crew size.
    lo = np.where(np.isnat(start), 0, np.searchsorted(dates, start, side="left"))
    hi = np.where(np.isnat(end), len(dates), np.searchsorted(dates, end, side="right"))
    n = np.clip(hi - lo, 0, None)
    # A shoot day without a date cannot be placed in a range, but it is still a day everyone undated works.
    n = np.where(np.isnat(start) & np.isnat(end), len(days), n)
    return pd.Series(n.astype("int64"), index=crew.index)


def working_cast(p: Production) -> set[str]:
    """Cast IDs (case-folded) who work at least one scheduled day."""
    # The cast IDs of ``scheduling.cast_work_days``: those of the scenes on a strip of a day in Days (scenes and
    # cast matched as that join matches them), without building the (cast, day) frame.
    sched = p.schedule
    days = p.days["day"].dropna()
    on_days = sched["scene"].notna() & sched["day"].notna() & sched["day"].isin(days)
    scheduled = set(sched.loc[on_days.to_numpy(dtype=bool), "scene"])
    scenes = p.scenes
    ids = scenes.loc[scenes["scene"].isin(scheduled).to_numpy(dtype=bool), "cast"].explode().dropna().unique()
    if all(isinstance(i, str) for i in ids):
        return {i.strip().casefold() for i in ids}
    sc = scheduling.scene_cast(p)
    ids = sc.loc[sc["scene"].isin(scheduled).to_numpy(dtype=bool), "cast_id"]
    return set(ids.astype("string").str.strip().str.casefold().dropna())


def _blank(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _key_in(s: pd.Series, keys: set[str]) -> pd.Series:
    """True where the identifier (trimmed, case-insensitive) is among ``keys``."""
    return s.astype("string").str.strip().str.casefold().isin(keys).fillna(False).astype(bool)


def _who(table: str) -> Callable[[dict[str, Any]], str]:
    """How a message names the row's person or place."""
    if table == "Cast":
        return lambda r: f"cast {r['cast_id']} ({r['performer'] if not _blank(r['performer']) else 'no performer'})"
    if table == "Crew":
        return lambda r: f"crew member {r['name']}"
    return lambda r: f"location {r['location_id']} ({r['name']})"


def _region(p: Production) -> str | None:
    c = str(p.settings.country or "").strip().upper()
    return c if c in phonenumbers.SUPPORTED_REGIONS else None


@lru_cache(maxsize=4096)
def phone_problem(text: str, region: str | None) -> str | None:
    """Why ``text`` is not a phone number that can be dialled (None when it is). Never echoes the number."""
    n = _parse_phone(text, region)
    if n is None:
        return "is not a phone number"
    if phonenumbers.is_valid_number(n):
        return None
    why = phonenumbers.is_possible_number_with_reason(n)
    R = phonenumbers.ValidationResult
    where = phonenumbers.region_code_for_country_code(n.country_code)
    return {
        R.TOO_SHORT: "is too short",
        R.TOO_LONG: "is too long",
        R.INVALID_LENGTH: "has the wrong number of digits",
        R.INVALID_COUNTRY_CODE: "has no valid country code",
        R.IS_POSSIBLE_LOCAL_ONLY: "has no area code",
    }.get(why, f"is not a valid {where} number" if where and where != "ZZ" else "is not a valid number")


@lru_cache(maxsize=4096)
def email_problem(text: str) -> str | None:
    """Why ``text`` is not a usable email address (None when it is). Never echoes the address."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as e:
        msg = str(e)
        # The validator's reasons are about structure; drop any part that quotes the address back.
        parts = [x for x in re.split(r"[@.\s]+", text.casefold()) if len(x) >= 3]
        if "(" in msg or any(x in msg.casefold() for x in parts):
            return "is not a valid email address"
        return "is not valid: " + msg[0].lower() + msg[1:].rstrip(".")
    tld = text.rsplit(".", 1)[-1].strip().casefold()
    if tld in _TLD_TYPOS:
        return f"ends in .{tld}, a typo of .com"
    return None


def phone_key(s: pd.Series, region: str | None) -> pd.Series:
    """Phones as comparable keys (E.164 when parseable, else the digits), for spotting one number twice."""
    t = s.astype("string").str.strip()
    uniq = {u: _phone_key(str(u), region) for u in t.dropna().unique()}
    return t.map(uniq).astype("string")


@lru_cache(maxsize=4096)
def _phone_key(text: str, region: str | None) -> str | None:
    n = _parse_phone(text, region)
    if n is not None:
        return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"\D", "", text)
    return digits or None


@lru_cache(maxsize=8192)
def _parse_phone(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    """``phonenumbers.parse`` (None when it cannot parse), once per number: parsing costs tens of microseconds,
    and PE002 and PE004 read the same phones. Callers only read the number, never change it."""
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _all_valid(values: pd.Series, problem: Callable[[str], str | None]) -> bool:
    """True when every non-blank value is text whose trimmed form ``problem`` finds nothing wrong with (judged
    once per distinct value): the rule then has nothing to report and builds no frames."""
    for v in values.unique():
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            continue
        if not isinstance(v, str) or problem(v.strip()) is not None:
            return False
    return True


def _one_name_each(contacts: list[Any], names: list[Any]) -> bool:
    """True when every contact (email or phone key) is given with one name key only, blanks aside: then no
    contact is shared by two differently named people."""
    first: dict[Any, Any] = {}
    for c, n in zip(contacts, names, strict=True):
        if _blank(c) or _blank(n):
            continue
        if first.setdefault(c, n) != n:
            return False
    return True


def _email_keys(s: pd.Series) -> list[Any]:
    """``s.astype("string").str.strip().str.casefold()`` as a list (None for blanks), per distinct value."""
    keys = {u: u.strip().casefold() if isinstance(u, str) else None for u in s.unique()}
    if any(not isinstance(u, str) and not _blank(u) for u in keys):
        return s.astype("string").str.strip().str.casefold().tolist()
    return [keys[v] for v in s.tolist()]


# --- PE: people and contacts -----------------------------------------------------------------------------------


@rule("PE001", "email-malformed", "An email address is not valid.", Severity.WARNING,
      tables=("Cast", "Crew", "Settings"))
def email_malformed(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Validates the Email of every cast and crew member and the coordinator's email in
    Settings (structure only: no mail server is contacted), and catches `.con`-style typos of `.com`.

    **Why it matters.** Call sheets, schedules and script revisions go out by email; a typo means someone
    does not get tomorrow's call time.

    **Example.** `ana@example,com`, `ben@@example.com`, `cleo@example.con`.

    **Fix.** Correct the address. The message names the cell but never repeats the address (privacy).
    """
    info = email_malformed.info
    for table in ("Cast", "Crew"):
        df = p.df(table)
        if _all_valid(df["email"], email_problem):
            continue
        e = df["email"].astype("string").str.strip()
        why = e.map({u: email_problem(str(u)) for u in e.dropna().unique()}).astype("string")
        who = _who(table)
        bad = df.assign(why=why)[why.notna()]
        yield from at_rows(p, info, table, bad, "email",
                           lambda r, w=who: f"The email of {w(r)} {r['why']}.",
                           "Correct the address (one @, no spaces, a domain such as example.com).")
    for k in EMAIL_SETTINGS:
        v = p.settings.get(k)
        if not _blank(v) and str(v).strip():
            why = email_problem(str(v).strip())
            if why:
                label = SETTINGS_BY_KEY[k].label
                yield at_setting(p, info, k, f"The email in Settings {label} {why}.",
                                 "Correct the address (one @, no spaces, a domain such as example.com).")


@rule("PE002", "phone-malformed", "A phone number cannot be dialled as written.", Severity.WARNING,
      tables=("Cast", "Crew", "Locations", "Settings"))
def phone_malformed(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks every phone of the Cast (Phone, Agent Phone, Emergency Phone), Crew (Phone,
    Emergency Phone), Locations (Hospital Phone, Contact Phone) and the phone settings with the numbering
    plan of the Settings Country (numbers written with `+` and a country code are checked in their own
    country's plan).

    **Why it matters.** The phones on a call sheet are the ones people call when something goes wrong: the
    nearest hospital, an emergency contact, the location's owner at 5 a.m.

    **Example.** `555-0101` (no area code), `+1 310 555 01` (too short), `call agent`.

    **Fix.** Write the full number with its area code, or in international form (`+44 20 7946 0958`) for a
    number in another country. The message names the cell but never repeats the number (privacy).
    """
    info = phone_malformed.info
    region = _region(p)
    country = region or "international"
    hint = (f"Write the full number with its area code, or with + and the country code for a number outside "
            f"{country}.")  # fmt: skip
    for table, cols in PHONE_COLUMNS.items():
        df = p.df(table)
        who = _who(table)
        for col in cols:
            if _all_valid(df[col], lambda t: phone_problem(t, region)):
                continue
            header = p.table(table).spec.header(col)
            s = df[col].astype("string").str.strip()
            why = s.map({u: phone_problem(str(u), region) for u in s.dropna().unique()}).astype("string")
            bad = df.assign(why=why)[why.notna()]
            yield from at_rows(p, info, table, bad, col,
                               lambda r, w=who, h=header: f"The phone in {h} of {w(r)} {r['why']}.", hint)
    for k in PHONE_SETTINGS:
        v = p.settings.get(k)
        if not _blank(v) and str(v).strip():
            why = phone_problem(str(v).strip(), region)
            if why:
                yield at_setting(p, info, k, f"The phone in Settings {SETTINGS_BY_KEY[k].label} {why}.", hint)


@rule("PE003", "emergency-contact-missing", "A cast or crew member who works has no emergency contact or phone.",
      Severity.WARNING, tables=("Cast", "Crew"))
def emergency_contact_missing(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every performer scheduled to work at least one day, and every crew member engaged
    for at least one shoot day, checks that Emergency Contact and Emergency Phone are filled in; each blank
    cell is reported.

    **Why it matters.** When someone is hurt on set, the first AD and the set medic need a name and a number
    within minutes, not after a search through deal memos.

    **Example.** The caterer has an emergency contact but no emergency phone.

    **Fix.** Ask the person for an emergency contact and fill in both cells.
    """
    info = emergency_contact_missing.info
    cast = p.cast
    works = {"Cast": _key_in(cast["cast_id"], working_cast(p)), "Crew": crew_shoot_days(p) > 0}
    for table in ("Cast", "Crew"):
        df = p.df(table)
        who = _who(table)
        on = works[table]
        for col, what in (("emergency_contact", "Emergency Contact"), ("emergency_phone", "Emergency Phone")):
            missing = on.to_numpy(dtype=bool) & df[col].isna().to_numpy(dtype=bool)
            if not missing.any():
                continue
            bad = df[on & df[col].isna()]
            yield from at_rows(p, info, table, bad, col,
                               lambda r, w=who, x=what: f"{_cap(w(r))} works on the shoot but has no {x}.",
                               "Ask the person for an emergency contact and fill in both the name and the phone.")


@rule("PE004", "same-person-twice", "The same person seems to be listed twice.", Severity.WARNING,
      tables=("Cast", "Crew"))
def same_person_twice(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports, at the later row: a crew name repeated (ignoring case, spacing and
    punctuation), a performer listed on two cast rows, and the same email or phone given for two people with
    different names (across Cast and Crew).

    **Why it matters.** A person listed twice gets two calls and is paid twice; two people sharing a phone or
    email is usually a copy-paste slip that sends one person's call sheet to the other.

    **Example.** `Gus Grip` and `gus  grip` in Crew; the caterer has the key grip's phone number.

    **Fix.** Delete the repeated row or correct the contact. When it is right (one performer plays two
    characters), add `noqa: PE004` to the later row's Notes.
    """
    info = same_person_twice.info
    cast, crew = p.cast, p.crew
    # Repeated names within a table.
    for table, col, label, hint in (
        ("Crew", "name", "Crew member {name}", "Delete the repeated row (keep the details in one row)."),
        ("Cast", "performer", "Performer {performer}", "Delete the repeated row, or add 'noqa: PE004' to its Notes "
                                                       "if one performer really plays both characters."),
    ):
        df = p.df(table)
        k = column_name_key(p, table, col)
        dup = k.notna() & k.duplicated(keep="first")
        if dup.any():
            first = df[ROW].groupby(k).transform("first")
            who = "row {first_row}" if table == "Crew" else "row {first_row} (cast {first_id})"
            extra = {"first_row": first[dup]}
            if table == "Cast":
                extra["first_id"] = df["cast_id"].groupby(k).transform("first")[dup]
            yield from at_rows(p, info, table, df[dup].assign(**extra), col,
                               f"{label} is listed again; the same name is on {who}.", hint)
    # One email or phone for two differently named people, Cast rows first, then Crew.
    region = _region(p)
    names = [*column_name_key(p, "Cast", "performer").tolist(), *column_name_key(p, "Crew", "name").tolist()]
    emails = [*_email_keys(cast["email"]), *_email_keys(crew["email"])]
    phones = [*phone_key(cast["phone"], region).tolist(), *phone_key(crew["phone"], region).tolist()]
    shared = {"email": not _one_name_each(emails, names), "phone": not _one_name_each(phones, names)}
    if not any(shared.values()):
        return
    people = pd.concat([
        pd.DataFrame({"table": "Cast", ROW: cast[ROW], "nk": name_key(cast["performer"]),
                      "label": "cast " + cast["cast_id"].astype("string").fillna("(no ID)") + " ("
                               + cast["performer"].astype("string").fillna("no performer") + ")",
                      "email": cast["email"].astype("string").str.strip().str.casefold(),
                      "phone": phone_key(cast["phone"], region)}),
        pd.DataFrame({"table": "Crew", ROW: crew[ROW], "nk": name_key(crew["name"]),
                      "label": "crew member " + crew["name"].astype("string"),
                      "email": crew["email"].astype("string").str.strip().str.casefold(),
                      "phone": phone_key(crew["phone"], region)}),
    ], ignore_index=True)  # fmt: skip
    for col, what in (("email", "email"), ("phone", "phone number")):
        d = people.dropna(subset=[col, "nk"])
        if d.empty or not shared[col]:
            continue
        firsts = d.groupby(col, sort=False)[["nk", "label"]].transform("first")
        bad = d.assign(first_label=firsts["label"])[d["nk"] != firsts["nk"]]
        for table in ("Cast", "Crew"):
            rows = p.df(table).merge(bad[bad["table"] == table][[ROW, "label", "first_label"]], on=ROW)
            yield from at_rows(p, info, table, rows, col,
                               lambda r, w=what: f"{_cap(r['label'])} has the same {w} as {r['first_label']}.",
                               f"Correct the {what} of one of them; if both rows are the same person, use one name.")


# --- CR: crew -----------------------------------------------------------------------------------------------------


@rule("CR001", "crew-dates-inverted", "A crew member's start date is after their end date.", tables=("Crew",))
def crew_dates_inverted(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports crew rows whose Start Date is after their End Date.

    **Why it matters.** The person is engaged for no day at all: they drop off the crew list of every call
    sheet and out of the budget comparison.

    **Example.** Start `03/15/2027`, End `03/05/2027` (day and month swapped).

    **Fix.** Correct one of the two dates.
    """
    c = p.crew
    bad = c[(c["start_date"] > c["end_date"]).fillna(False).astype(bool)]
    yield from at_rows(p, crew_dates_inverted.info, "Crew", bad, "start_date",
                       "Crew member {name} starts on {start_date:%d-%b-%Y}, after their end date "
                       "{end_date:%d-%b-%Y}.",
                       "Correct the Start Date or the End Date (day and month may be swapped).")


@rule("CR002", "crew-without-day-rate", "A crew member has no day rate.", Severity.WARNING, tables=("Crew",))
def crew_without_day_rate(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports crew rows with a blank Day Rate.

    **Why it matters.** Their days cost nothing in the budget comparison (BU005, BU012), so the department
    looks cheaper than it is.

    **Example.** A day player added the night before, rate still to be agreed.

    **Fix.** Enter the day rate from the deal memo (0 for an unpaid position).
    """
    c = p.crew
    yield from at_rows(p, crew_without_day_rate.info, "Crew", c[c["day_rate"].isna()], "day_rate",
                       "Crew member {name} ({position}) has no Day Rate.",
                       "Enter the day rate from the deal memo (0 for an unpaid position).")


@rule("CR003", "call-offset-implausible", "A crew call offset is more than four hours from the general call.",
      Severity.WARNING, tables=("Crew",))
def call_offset_implausible(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports crew whose Call Offset (minutes before, negative, or after the general crew
    call) is more than 240 minutes either way.

    **Why it matters.** The call sheet prints the person's call as the general call plus the offset: `-90`
    typed as `-900` calls the caterer at 10 p.m. the night before.

    **Example.** Call Offset `-600` for the caterer (meant `-60`).

    **Fix.** Enter the offset in minutes (e.g. -90 for an hour and a half early); use a Calls row for a
    one-day special call.
    """
    c = p.crew
    off = c["call_offset"].astype("Int64")
    bad = c[(off.abs() > MAX_CALL_OFFSET_MIN).fillna(False).astype(bool)]
    yield from at_rows(p, call_offset_implausible.info, "Crew", bad, "call_offset",
                       lambda r: f"Crew member {r['name']} is called {abs(int(r['call_offset']))} minutes "
                                 f"{'before' if r['call_offset'] < 0 else 'after'} the general call "
                                 f"({abs(int(r['call_offset'])) / 60:g} hours).",
                       f"Enter the offset in minutes, within {MAX_CALL_OFFSET_MIN} either way (e.g. -90); use a "
                       f"Calls row for a one-day special call.")


@rule("CR004", "crew-without-account", "A paid crew member is not charged to any account.", Severity.WARNING,
      tables=("Crew",))
def crew_without_account(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports crew rows with a Day Rate but a blank Account.

    **Why it matters.** Their cost is compared with no budget (BU012) and lands in no line of the cost
    report's labour estimate.

    **Example.** A second camera assistant added mid-shoot with a day rate and no account.

    **Fix.** Enter the account the person is paid from (e.g. 3200 for camera).
    """
    c = p.crew
    bad = c[c["day_rate"].notna() & c["account"].isna()]
    yield from at_rows(p, crew_without_account.info, "Crew", bad, "account",
                       "Crew member {name} ({position}) has a Day Rate but no Account.",
                       "Enter the account the person is paid from, as in the Accounts table.")


# --- LO: locations ------------------------------------------------------------------------------------------------


@derived
def _used_locations(p: Production) -> pd.Series:
    """True for each Locations row that a shoot day or a scene refers to."""
    used = set(p.days["location"].astype("string").str.casefold().dropna()) | set(
        p.scenes["location"].astype("string").str.casefold().dropna())
    return p.locations["location_id"].astype("string").str.casefold().isin(used).fillna(False).astype(bool)


@rule("LO002", "location-without-coordinates", "A location in use has no valid latitude and longitude.",
      Severity.WARNING, tables=("Locations",))
def location_without_coordinates(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each location a shoot day or scene uses, checks that Latitude is between -90 and 90
    and Longitude between -180 and 180, and that they are not both 0 (a placeholder).

    **Why it matters.** The call sheet computes sunrise and sunset from the coordinates; without them the
    conditions block is empty and exterior scenes cannot be planned around the light.

    **Example.** Latitude blank; or latitude `-118.24` and longitude `34.05` (swapped).

    **Fix.** Copy the coordinates from a map (right-click the place in Google Maps): latitude first, then
    longitude, as decimal degrees.
    """
    loc = p.locations
    lat_f = loc["latitude"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    lon_f = loc["longitude"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        wrong = (np.isnan(lat_f) | (np.abs(lat_f) > 90) | ((lat_f == 0) & (lon_f == 0)) | np.isnan(lon_f)
                 | (np.abs(lon_f) > 180))  # fmt: skip
    if not (wrong & _used_locations(p).to_numpy(dtype=bool)).any():
        return  # every location in use has coordinates
    lat, lon = loc["latitude"].astype("Float64"), loc["longitude"].astype("Float64")
    null_island = ((lat == 0) & (lon == 0)).fillna(False).astype(bool)
    bad_lat = (lat.isna() | (lat.abs() > 90)).fillna(True).astype(bool) | null_island
    bad_lon = (lon.isna() | (lon.abs() > 180)).fillna(True).astype(bool)
    used = _used_locations(p)
    info = location_without_coordinates.info

    def why(v: Any, limit: int) -> str:
        return "is blank" if _blank(v) else f"is {float(v):g}, outside ±{limit}" if abs(float(v)) > limit else "is 0"

    yield from at_rows(p, info, "Locations", loc[used & bad_lat], "latitude",
                       lambda r: f"Location {r['location_id']} ({r['name']}): Latitude {why(r['latitude'], 90)}, so "
                                 f"the call sheet cannot compute sunrise and sunset.",
                       "Enter the latitude in decimal degrees (e.g. 34.0522), copied from a map.")
    yield from at_rows(p, info, "Locations", loc[used & ~bad_lat & bad_lon], "longitude",
                       lambda r: f"Location {r['location_id']} ({r['name']}): Longitude {why(r['longitude'], 180)}, "
                                 f"so the call sheet cannot compute sunrise and sunset.",
                       "Enter the longitude in decimal degrees (e.g. -118.2437), copied from a map.")


@rule("LO003", "location-without-address", "A location in use has no address.", tables=("Locations",))
def location_without_address(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports locations used by a shoot day or a scene whose Address is blank.

    **Why it matters.** The call sheet prints the set address for everyone driving in at dawn, and the
    emergency services need it.

    **Example.** `L3 Warehouse` is scheduled on day 4 with no address.

    **Fix.** Enter the street address (and directions in the Parking column if the entrance is hard to find).
    """
    loc = p.locations
    bad = loc[_used_locations(p) & loc["address"].isna()]
    yield from at_rows(p, location_without_address.info, "Locations", bad, "address",
                       "Location {location_id} ({name}) is used on the schedule but has no Address.",
                       "Enter the street address; the call sheet prints it for everyone driving to set.")


RULES = (
    email_malformed, phone_malformed, emergency_contact_missing, same_person_twice,
    crew_dates_inverted, crew_without_day_rate, call_offset_implausible, crew_without_account,
    location_without_coordinates, location_without_address,
)  # fmt: skip
