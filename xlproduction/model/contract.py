"""The production workbook contract: every table, column, type and setting, in one place.

This module is the only place a header, a table name or a settings key is spelled. The template builder writes
from it, the reader matches headers against it, and the checks refer to columns by the keys declared here
(``"scene"``, ``"crew_call"``…), so renaming a header for coordinators is a one-line change.

Design choices a coordinator will notice:
- Tables are Excel Tables found by *table name*; sheets can be renamed or moved.
- Headers match case-, space- and punctuation-insensitively, and each column may list aliases
  (``INT/EXT`` for ``I/E``); extra user columns are kept and ignored.
- Pages are stored in Excel as a number of pages shown with the ``# ?/8`` format, so they add up in formulas and
  still read ``1 3/8``; Python holds them as whole eighths.
- Times are held as time-of-day offsets (``timedelta``) so a wrap after midnight (25:30) stays orderable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ColType(StrEnum):
    TEXT = "text"
    ID = "id"  # text identifier; 12.0 typed as a number reads as "12"
    INT = "int"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    TIME = "time"  # time of day, may pass midnight
    DURATION = "duration"  # length of time (est. shooting time)
    PAGES = "pages"  # eighths of a page
    BOOL = "bool"
    ENUM = "enum"
    LIST = "list"  # comma-separated identifiers
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    type: ColType = ColType.TEXT
    required: bool = False
    unique: bool = False
    allowed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # Alternative spellings users type for an allowed value, e.g. {"I": "INT"}.
    value_aliases: tuple[tuple[str, str], ...] = ()
    default: Any = None
    # A formula column is computed by Excel; its text is a template where {T} is the table name. Its type says how
    # the value displays; the reader keeps what Excel cached as is, since Python recomputes it from the inputs.
    formula: str | None = None
    # Values a dropdown offers without refusing others (a custom breakdown category, say); ``allowed`` refuses.
    suggested: tuple[str, ...] = ()
    width: float = 12
    description: str = ""
    personal: bool = False  # personal data: never leaves in a finance pack or a log
    # A number column whose cells may instead hold the name of a global (Globals table), as in Movie Magic: the
    # reader keeps the name in a companion column ``<key>_global`` (see ``global_column``) and leaves the number NA.
    globals_allowed: bool = False


def global_column(key: str) -> str:
    """The companion column holding the global named in a ``globals_allowed`` column's cell (NA for numbers)."""
    return f"{key}_global"


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str  # the Excel table name (ListObject); stable, found by name
    sheet: str  # default sheet name in the template
    columns: tuple[Column, ...]
    required: bool = True
    description: str = ""
    key: str | None = None  # the column that identifies a row to a coordinator

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.name} has no column {key!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.formula is None)

    def header(self, key: str) -> str:
        return self.column(key).header


def C(key: str, header: str, type: ColType = ColType.TEXT, **kw: Any) -> Column:
    return Column(key, header, type, **kw)


T, ID, INT, NUM, MONEY, PCT, DATE, TIME, DUR, PAGES, BOOL, ENUM, LIST, EMAIL, PHONE = (
    ColType.TEXT, ColType.ID, ColType.INT, ColType.NUMBER, ColType.MONEY, ColType.PERCENT, ColType.DATE,
    ColType.TIME, ColType.DURATION, ColType.PAGES, ColType.BOOL, ColType.ENUM, ColType.LIST, ColType.EMAIL,
    ColType.PHONE,
)  # fmt: skip

# --- Allowed values ------------------------------------------------------------------------------------------

INT_EXT = ("INT", "EXT", "INT/EXT")
INT_EXT_ALIASES = (("I", "INT"), ("E", "EXT"), ("INTERIOR", "INT"), ("EXTERIOR", "EXT"), ("I/E", "INT/EXT"),
                   ("EXT/INT", "INT/EXT"), ("E/I", "INT/EXT"), ("INT./EXT.", "INT/EXT"), ("INT.", "INT"),
                   ("EXT.", "EXT"))  # fmt: skip
DAY_NIGHT = ("DAY", "NIGHT", "DAWN", "DUSK")
DAY_NIGHT_ALIASES = (("D", "DAY"), ("N", "NIGHT"), ("MORNING", "DAY"), ("AFTERNOON", "DAY"),
                     ("EVENING", "DUSK"), ("SUNRISE", "DAWN"), ("SUNSET", "DUSK"))  # fmt: skip

# Call-sheet order: the crew block prints departments in this order.
DEPARTMENTS = (
    "Production", "Assistant Directors", "Script", "Camera", "Grip", "Electric", "Sound", "Art",
    "Set Dressing", "Props", "Construction", "Special Effects", "Stunts", "Costume", "Hair & Makeup",
    "Locations", "Transportation", "Catering", "Craft Service", "Medic & Safety", "Accounting", "Casting",
    "Post Production", "VFX", "Publicity",
)  # fmt: skip
DEPARTMENT_ALIASES = (("Wardrobe", "Costume"), ("Makeup", "Hair & Makeup"), ("Hair", "Hair & Makeup"),
                      ("HMU", "Hair & Makeup"), ("ADs", "Assistant Directors"), ("AD", "Assistant Directors"),
                      ("Lighting", "Electric"), ("Grips", "Grip"), ("Transport", "Transportation"),
                      ("SFX", "Special Effects"), ("Craft", "Craft Service"), ("Safety", "Medic & Safety"),
                      ("Post", "Post Production"))  # fmt: skip
CAST_UNIONS = ("SAG-AFTRA", "Equity", "ACTRA", "Non-union")
CREW_UNIONS = ("IATSE", "Teamsters", "DGA", "SAG-AFTRA", "Non-union")  # SAG-AFTRA: stunt coordinators
UNION_ALIASES = (("SAG", "SAG-AFTRA"), ("AFTRA", "SAG-AFTRA"), ("Non union", "Non-union"),
                 ("Nonunion", "Non-union"), ("NU", "Non-union"), ("IA", "IATSE"))  # fmt: skip
BUDGET_UNITS = ("Allow", "Flat", "Days", "Weeks", "Hours", "Months", "Each", "Units", "Pages", "Episodes")
# The units a flat fringe per hour, day or week is converted through (Settings: Hours Per Day/Week/Month); every other
# unit has no hours, so such a fringe does not apply to it (a flat fringe per line always does).
UNIT_HOURS_SETTINGS = {"Days": "hours_per_day", "Weeks": "hours_per_week", "Months": "hours_per_month"}
FLAT_BASES = ("Line", "Hour", "Day", "Week")
FLAT_BASIS_ALIASES = (("Per line", "Line"), ("Hourly", "Hour"), ("Hr", "Hour"), ("Hours", "Hour"),
                      ("Daily", "Day"), ("Days", "Day"), ("Weekly", "Week"), ("Weeks", "Week"))  # fmt: skip
FRINGE_POSTINGS = ("Account", "Category", "Budget")
# A Budget row is a detail line or, as in Movie Magic, a subtotal line: the sum of the detail lines above it in its
# account since the previous subtotal line (Prep, Shoot, Wrap…). No aliases: the formulas compare the exact word.
LINE_TYPES = ("Detail", "Subtotal")
SUBTOTAL = LINE_TYPES[1]
# What a schedule-driven global is computed from (the Globals table's Schedule Link).
GLOBAL_LINKS = ("shoot days", "shoot weeks", "shoot nights", "locations", "stage days")
UNIT_ALIASES = (("Day", "Days"), ("Week", "Weeks"), ("Wks", "Weeks"), ("Hrs", "Hours"), ("Hour", "Hours"),
                ("Month", "Months"), ("Allowance", "Allow"), ("Ea", "Each"), ("Unit", "Units"))  # fmt: skip
CATEGORIES = ("ATL", "BTL", "POST", "OTHER")
CATEGORY_TITLES = {"ATL": "Above the line", "BTL": "Below the line — production", "POST": "Post production",
                   "OTHER": "Other costs"}  # fmt: skip
CATEGORY_ALIASES = (("Above the line", "ATL"), ("Below the line", "BTL"), ("Post production", "POST"),
                    ("Other", "OTHER"))  # fmt: skip
ACTUAL_STATUSES = ("Posted", "Open PO", "Closed PO", "Void")
STATUS_ALIASES = (("PO", "Open PO"), ("Open", "Open PO"), ("Paid", "Posted"), ("Actual", "Posted"),
                  ("Voided", "Void"))  # fmt: skip
EVENT_TYPES = ("Travel", "Rehearsal", "Fitting", "Holiday")
EVENT_ALIASES = (("TR", "Travel"), ("R", "Rehearsal"), ("FT", "Fitting"), ("Wardrobe fitting", "Fitting"),
                 ("HOL", "Holiday"))  # fmt: skip

# Prep tasks: where a task stands. Done and Cancelled tasks are closed (never overdue, never exported to a board).
TASK_STATUSES = ("To Do", "In Progress", "Waiting", "Done", "Cancelled")
TASK_STATUS_ALIASES = (("Todo", "To Do"), ("Open", "To Do"), ("Not Started", "To Do"), ("Doing", "In Progress"),
                       ("Started", "In Progress"), ("Blocked", "Waiting"), ("On Hold", "Waiting"),
                       ("Complete", "Done"), ("Completed", "Done"), ("Closed", "Done"), ("Canceled", "Cancelled"),
                       ("Dropped", "Cancelled"))  # fmt: skip
TASK_CLOSED = ("Done", "Cancelled")
# Breakdown element categories a dropdown offers (the Universal Category Identification names, model/elements.py
# says which UCID each is); any other text is a custom category.
ELEMENT_CATEGORIES = (
    "Props", "Vehicles", "Wardrobe", "Makeup/Hair", "Special Effects", "Stunts", "Animals", "Animal Wranglers",
    "Special Equipment", "Set Dressing", "Greenery", "Art Department", "Camera", "Grip", "Electric", "Sound", "Music",
    "Security", "Additional Labor", "Visual Effects", "Mechanical Effects", "Miscellaneous", "Other", "Notes",
    "Comments", "Unit", "Sequence",
)  # fmt: skip

# Logistics (Vehicles, Transport, Travel, Accommodation): what a vehicle is, what a run is for, how a trip is made and
# who pays the hotel.
VEHICLE_TYPES = ("Van", "Car", "Minibus", "Cast Trailer", "Truck")
VEHICLE_TYPE_ALIASES = (("SUV", "Car"), ("Sedan", "Car"), ("Sprinter", "Van"), ("Passenger Van", "Van"),
                        ("Bus", "Minibus"), ("Shuttle", "Minibus"), ("Trailer", "Cast Trailer"),
                        ("Honeywagon", "Cast Trailer"), ("Cube Truck", "Truck"), ("Lorry", "Truck"))  # fmt: skip
TRANSPORT_PURPOSES = ("Cast Pickup", "Crew Shuttle", "Airport", "Company Move", "Equipment")
TRANSPORT_PURPOSE_ALIASES = (("Pickup", "Cast Pickup"), ("Cast", "Cast Pickup"), ("Shuttle", "Crew Shuttle"),
                             ("Crew", "Crew Shuttle"), ("Airport Run", "Airport"), ("Move", "Company Move"),
                             ("Kit", "Equipment"), ("Gear", "Equipment"))  # fmt: skip
TRAVEL_MODES = ("Flight", "Train", "Car", "Bus", "Ferry", "Other")
TRAVEL_MODE_ALIASES = (("Air", "Flight"), ("Plane", "Flight"), ("Fly", "Flight"), ("Rail", "Train"),
                       ("Drive", "Car"), ("Coach", "Bus"), ("Boat", "Ferry"))  # fmt: skip
BILLING = ("Production", "Self", "Incidentals Self")
BILLING_ALIASES = (("Company", "Production"), ("Prod", "Production"), ("Guest", "Self"),
                   ("Incidentals", "Incidentals Self"), ("Room Only", "Incidentals Self"),
                   ("Room and Tax", "Incidentals Self"))  # fmt: skip
# The SAG-AFTRA per diem minimums per meal (sagaftra.org, transportation and location expenses): the rates a
# production without a PerDiemRates table pays.
SAG_AFTRA_MEALS = {"breakfast": 12.0, "lunch": 18.0, "dinner": 30.0}

NOTES = C("notes", "Notes", width=28, description="Free text; 'noqa: CODE' here silences rule CODE for the row.")

# --- Tables --------------------------------------------------------------------------------------------------

SETTINGS = TableSpec(
    "Settings", "Settings",
    (
        C("key", "Setting", required=True, unique=True, width=30, aliases=("Key", "Name")),
        C("value", "Value", width=40),
        C("notes", "Notes", width=60),
    ),
    description="Key/value settings: production details, thresholds, revisions, rule configuration.",
    key="key",
)  # fmt: skip

SCENES = TableSpec(
    "Scenes", "Scenes",
    (
        C("scene", "Scene", ID, required=True, unique=True, width=8, aliases=("Scene #", "Sc", "Scene No")),
        C("int_ext", "I/E", ENUM, required=True, allowed=INT_EXT, value_aliases=INT_EXT_ALIASES, width=8,
          aliases=("INT/EXT", "IE")),
        C("set", "Set", required=True, width=30, aliases=("Set Name",)),
        C("day_night", "D/N", ENUM, required=True, allowed=DAY_NIGHT, value_aliases=DAY_NIGHT_ALIASES,
          width=8, aliases=("Day/Night", "DN")),
        C("pages", "Pages", PAGES, required=True, width=8, aliases=("Page Count", "Length")),
        C("synopsis", "Synopsis", width=40, aliases=("Description",)),
        C("cast", "Cast IDs", LIST, width=14, aliases=("Cast", "Cast Members")),
        C("background", "Background", width=20, aliases=("Extras", "BG")),
        C("location", "Location ID", ID, width=10, aliases=("Location", "Loc")),
        C("script_day", "Script Day", width=9),
        C("est_time", "Est. Time", DUR, width=9, aliases=("Estimated Time", "Est Time")),
        C("script_page", "Script Page", width=7, aliases=("Script Pg", "Page No"),
          description="The script page the scene starts on: 12, 12A."),
        NOTES,
    ),
    description="The breakdown: one row per scene.",
    key="scene",
)  # fmt: skip

DAYS = TableSpec(
    "Days", "Days",
    (
        C("day", "Day", INT, required=True, unique=True, width=6, aliases=("Shoot Day", "Day #")),
        C("date", "Date", DATE, required=True, width=16),
        C("unit", "Unit", default="Main", width=8),
        C("location", "Location ID", ID, width=10, aliases=("Location", "Loc")),
        C("crew_call", "Crew Call", TIME, required=True, width=10, aliases=("General Call", "Call")),
        C("shooting_call", "Shooting Call", TIME, width=10, aliases=("Shoot Call",)),
        C("lunch", "Lunch", TIME, width=10, aliases=("First Meal", "Meal")),
        C("est_wrap", "Est. Wrap", TIME, width=10, aliases=("Estimated Wrap", "Est Wrap")),
        C("actual_wrap", "Actual Wrap", TIME, width=10, aliases=("Wrap",)),
        C("weather", "Weather", width=22),
        NOTES,
        C("breakfast_provided", "Breakfast Provided", BOOL, default=False, width=10, aliases=("Breakfast",),
          description="Yes when catering serves breakfast: per diems leave it out that day."),
        C("lunch_provided", "Lunch Provided", BOOL, default=False, width=10, aliases=("Lunch Served",),
          description="Yes when the company serves lunch (the first meal): per diems leave it out that day."),
        C("dinner_provided", "Dinner Provided", BOOL, default=False, width=10, aliases=("Dinner",),
          description="Yes when a second meal or dinner is served: per diems leave it out that day."),
    ),
    description="Shoot days: one row per shoot day with its date, calls, wraps and the meals served.",
    key="day",
)  # fmt: skip

SCHEDULE = TableSpec(
    "Schedule", "Schedule",
    (
        C("day", "Day", INT, required=True, width=6, aliases=("Shoot Day",)),
        C("order", "Order", INT, required=True, width=6, aliases=("Seq", "#")),
        C("scene", "Scene", ID, required=True, width=8, aliases=("Scene #", "Sc")),
        C("part", "Part", width=6, description="Part of a split scene, e.g. 1/2; split scenes may repeat."),
        C("banner", "Banner After", width=22, aliases=("Banner",),
          description="Printed after this scene on the call sheet: LUNCH, COMPANY MOVE…"),
        C("pinned", "Pinned", BOOL, default=False, width=7, aliases=("Pin", "Locked"),
          description="Yes keeps this strip on its day and in its place among the day's pinned strips when "
                      "'xlproduction optimize' proposes a schedule."),
        NOTES,
        C("set", "Set", formula='=IFERROR(INDEX(Scenes[Set],MATCH({T}[[#This Row],[Scene]],Scenes[Scene],0)),"")',
          width=28),
        C("int_ext", "I/E",
          formula='=IFERROR(INDEX(Scenes[I/E],MATCH({T}[[#This Row],[Scene]],Scenes[Scene],0)),"")', width=8),
        C("day_night", "D/N",
          formula='=IFERROR(INDEX(Scenes[D/N],MATCH({T}[[#This Row],[Scene]],Scenes[Scene],0)),"")', width=8),
        C("pages", "Pages", PAGES,
          formula='=IFERROR(INDEX(Scenes[Pages],MATCH({T}[[#This Row],[Scene]],Scenes[Scene],0)),"")', width=8),
        C("cast", "Cast IDs",
          formula='=IFERROR(INDEX(Scenes[Cast IDs],MATCH({T}[[#This Row],[Scene]],Scenes[Scene],0))&"","")',
          width=14),
    ),
    description="The stripboard: which scene is shot on which day, in shooting order.",
)  # fmt: skip

CAST = TableSpec(
    "Cast", "Cast",
    (
        C("cast_id", "Cast ID", ID, required=True, unique=True, width=8, aliases=("ID", "#", "Cast #")),
        C("character", "Character", required=True, width=18, aliases=("Role",)),
        C("performer", "Performer", required=True, width=20, aliases=("Actor", "Name"), personal=True),
        C("phone", "Phone", PHONE, width=16, personal=True),
        C("email", "Email", EMAIL, width=26, personal=True, aliases=("E-mail",)),
        C("agent", "Agent", width=18, personal=True),
        C("agent_phone", "Agent Phone", PHONE, width=16, personal=True),
        C("emergency_contact", "Emergency Contact", width=20, personal=True),
        C("emergency_phone", "Emergency Phone", PHONE, width=16, personal=True),
        C("union", "Union", ENUM, allowed=CAST_UNIONS, value_aliases=UNION_ALIASES, width=11),
        C("minor", "Minor", BOOL, default=False, width=7),
        C("date_of_birth", "Date of Birth", DATE, width=14, personal=True, aliases=("DOB",)),
        C("day_rate", "Day Rate", MONEY, width=11, personal=True, aliases=("Rate",)),
        C("account", "Account", ID, width=9),
        C("available_from", "Available From", DATE, width=14),
        C("available_to", "Available To", DATE, width=14),
        C("drop_allowed", "Drop/Pickup OK", BOOL, default=False, width=9, aliases=("Drop OK",),
          description="Yes if the contract lets this performer be dropped and picked up instead of held."),
        NOTES,
        C("local", "Local", BOOL, default=True, width=7, aliases=("Local Hire",),
          description="No for a performer brought in from out of town: needs a hotel room and per diems on the "
                      "nights and days around their work. Blank: local."),
    ),
    description="Cast list: one row per character, numbered as on the stripboard.",
    key="cast_id",
)  # fmt: skip

CAST_EVENTS = TableSpec(
    "CastEvents", "Cast Events",
    (
        C("cast_id", "Cast ID", ID, required=True, width=8),
        C("date", "Date", DATE, required=True, width=16),
        C("event", "Event", ENUM, required=True, allowed=EVENT_TYPES, value_aliases=EVENT_ALIASES, width=12,
          aliases=("Type",)),
        NOTES,
    ),
    required=False,
    description="Travel, rehearsal, fitting and holiday days of cast members, for the Day Out of Days.",
)  # fmt: skip

CREW = TableSpec(
    "Crew", "Crew",
    (
        C("name", "Name", required=True, width=22, personal=True),
        C("department", "Department", ENUM, required=True, allowed=DEPARTMENTS, value_aliases=DEPARTMENT_ALIASES,
          width=18, aliases=("Dept",)),
        C("position", "Position", required=True, width=22, aliases=("Title", "Job")),
        C("phone", "Phone", PHONE, width=16, personal=True),
        C("email", "Email", EMAIL, width=28, personal=True, aliases=("E-mail",)),
        C("emergency_contact", "Emergency Contact", width=20, personal=True),
        C("emergency_phone", "Emergency Phone", PHONE, width=16, personal=True),
        C("union", "Union", ENUM, allowed=CREW_UNIONS, value_aliases=UNION_ALIASES, width=11),
        C("day_rate", "Day Rate", MONEY, width=11, personal=True, aliases=("Rate",)),
        C("account", "Account", ID, width=9),
        C("start_date", "Start Date", DATE, width=14, aliases=("Start",)),
        C("end_date", "End Date", DATE, width=14, aliases=("End", "Finish")),
        C("call_offset", "Call Offset (min)", INT, default=0, width=9, aliases=("Call Offset",),
          description="Minutes before (negative) or after the general crew call this person is called."),
        C("walkie", "Walkie Ch.", width=8, aliases=("Walkie", "Channel")),
        NOTES,
        C("local", "Local", BOOL, default=True, width=7, aliases=("Local Hire",),
          description="No for crew hired from out of town: a hotel room and per diems from start to end date. "
                      "Blank: local."),
    ),
    description="Crew list: one row per person.",
    key="name",
)  # fmt: skip

CALLS = TableSpec(
    "Calls", "Calls",
    (
        C("day", "Day", INT, required=True, width=6, aliases=("Shoot Day",)),
        C("cast_id", "Cast ID", ID, width=8),
        C("crew", "Crew Member", width=20, aliases=("Crew", "Name")),
        C("department", "Department", ENUM, allowed=DEPARTMENTS, value_aliases=DEPARTMENT_ALIASES, width=18),
        C("pickup", "Pickup", TIME, width=10),
        C("makeup", "Makeup/Hair", TIME, width=10, aliases=("HMU", "Makeup")),
        C("on_set", "On Set", TIME, width=10),
        C("call", "Call", TIME, width=10, description="Crew or department call, overriding the general call."),
        C("remarks", "Remarks", width=30, aliases=("Note", "Department Note")),
        NOTES,
    ),
    required=False,
    description="Per-day call overrides: one row per cast member, crew member or department on a day.",
)  # fmt: skip

LOCATIONS = TableSpec(
    "Locations", "Locations",
    (
        C("location_id", "Location ID", ID, required=True, unique=True, width=10, aliases=("ID", "Loc")),
        C("name", "Name", required=True, width=24),
        C("address", "Address", width=36),
        C("latitude", "Latitude", NUM, width=10, aliases=("Lat",)),
        C("longitude", "Longitude", NUM, width=10, aliases=("Lon", "Long", "Lng")),
        C("parking", "Parking", width=28),
        C("base_camp", "Base Camp", width=28),
        C("hospital", "Nearest Hospital", width=26, aliases=("Hospital",)),
        C("hospital_address", "Hospital Address", width=36),
        C("hospital_phone", "Hospital Phone", PHONE, width=16),
        C("contact", "Contact", width=20, personal=True),
        C("contact_phone", "Contact Phone", PHONE, width=16, personal=True),
        C("permit", "Permit", width=16, aliases=("Permit #",)),
        NOTES,
        C("travel_minutes", "Travel Minutes", INT, width=9, aliases=("Drive Minutes", "Drive Time"),
          description="Minutes of driving from the unit hotel or a pickup point to this location: pickups are this "
                      "long before the call. Blank: from the latitude and longitude at the Drive Speed setting."),
        C("available_from", "Available From", DATE, width=14,
          description="First date the location can be shot (blank: any); the optimizer keeps its scenes inside."),
        C("available_to", "Available To", DATE, width=14,
          description="Last date the location can be shot (blank: any)."),
    ),
    description="Locations with coordinates (for sunrise/sunset) and the nearest hospital.",
    key="location_id",
)  # fmt: skip

ACCOUNTS = TableSpec(
    "Accounts", "Accounts",
    (
        C("account", "Account", ID, required=True, unique=True, width=9, aliases=("Acct", "Account #")),
        C("name", "Name", required=True, width=30, aliases=("Account Name", "Description")),
        C("category", "Category", ENUM, required=True, allowed=CATEGORIES, value_aliases=CATEGORY_ALIASES,
          width=10),
        C("efc_override", "EFC Override", MONEY, width=14,
          description="Estimate at final cost set by the accountant; blank uses max(budget, cost to date)."),
        C("parent", "Topsheet Account", ID, width=10, aliases=("Parent", "Parent Account", "Category Account"),
          description="The topsheet category this account rolls up into (blank: the account is a topsheet line)."),
        NOTES,
        # What the account carries: its lines before fringes (in the base currency), the fringes posted to it (by
        # the Fringe Posting setting) and the contractual charges posted to it.
        C("budget", "Budget", MONEY,
          formula=('=SUMIFS(Budget[Base Subtotal],Budget[Account],{T}[[#This Row],[Account]]&"",'
                   f'Budget[Line Type],"<>{SUBTOTAL}")'
                   '+SUMIFS(Budget[Fringes],Budget[Fringe Account],{T}[[#This Row],[Account]]&"",'
                   f'Budget[Line Type],"<>{SUBTOTAL}")'
                   '+SUMIFS(Charges[Amount],Charges[Account],{T}[[#This Row],[Account]]&"")'),
          width=14),
    ),
    description="Chart of accounts (differs by studio): account code, name and category.",
    key="account",
)  # fmt: skip

def _resolved(col: str, blank: str) -> str:
    """A Budget input cell as a number: itself when a number, ``blank`` when empty, else the value of the global it
    names (#N/A when no global has that name: the line shows the error until the global is defined)."""
    cell = f"{{T}}[[#This Row],[{col}]]"
    return (f'IF(ISNUMBER({cell}),{cell},IF({cell}="",{blank},'
            f'INDEX(Globals[Value],MATCH({cell},Globals[Name],0))))')


def _setting(label: str) -> str:
    """A setting's value, looked up live in the Settings table."""
    return f'INDEX(Settings[Value],MATCH("{label}",Settings[Setting],0))'


_LIST = ('","&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell}," ",","),";",","),"/",","),CHAR(10),",")&","')
# A list of accounts or categories (Charges), split as Fringe Codes are; a blank value never counts as an item.
_CODES = _LIST


def _member(value: str, listed: str) -> str:
    """1 when ``value`` (not blank) is an item of ``listed`` (a list as ``_CODES`` spells it: ",A,B,"), else 0
    (case-insensitive, as MATCH)."""
    return f'(({value}&"")<>"")*ISNUMBER(SEARCH(","&{value}&",",{listed}))'


def _applies(account: str, topsheet: str, category: str, applies: str, excluding: str) -> str:
    """1 when a contractual charge applies to a line: its Applies To is blank (",,") or lists the line's account,
    topsheet account or category, and its Excluding does not list the line's account. ``applies`` and
    ``excluding`` are the Charges table's Applies List and Excluding List."""
    return (f'((((({applies})=",,")+{_member(account, applies)}+{_member(topsheet, applies)}'
            f'+{_member(category, applies)})>0)*(1-{_member(account, excluding)}))')
_IS_SUBTOTAL = f'{{T}}[[#This Row],[Line Type]]="{SUBTOTAL}"'
_BLOCK_OF = ('{T}[Account],{T}[[#This Row],[Account]]&"",{T}[Subtotal Block],{T}[[#This Row],[Subtotal Block]]-1,'
             f'{{T}}[Line Type],"<>{SUBTOTAL}"')
_CUM = "{T}[[#This Row],[Range To Date]]"
_BASE = "{T}[[#This Row],[Base Subtotal]]"
_PREV = f"({_CUM}-{_BASE})"

BUDGET = TableSpec(
    "Budget", "Budget",
    (
        C("account", "Account", ID, required=True, width=9, aliases=("Acct",)),
        C("description", "Description", required=True, width=32),
        C("amount", "Amount", NUM, default=1, width=8, aliases=("Amt", "Qty"), globals_allowed=True,
          description="A number, or the name of a global (e.g. SHOOT_WEEKS)."),
        C("units", "Units", ENUM, allowed=BUDGET_UNITS, value_aliases=UNIT_ALIASES, default="Allow", width=9,
          aliases=("Unit",)),
        C("x", "X", NUM, default=1, width=5, globals_allowed=True),
        C("currency", "Currency", ID, width=8, aliases=("Curr",),
          description="Blank: the base currency (Settings). Else a code of the Currencies table."),
        C("rate", "Rate", MONEY, default=0, width=12, globals_allowed=True),
        C("fringe_codes", "Fringe Codes", LIST, width=12, aliases=("Fringes Codes", "Fringe")),
        C("fringe_range", "Fringe Range", width=12, aliases=("Range",),
          description="Lines of one person sharing one fringe cutoff (prep, shoot, wrap): the same key on each."),
        C("group", "Group", width=12, description="A group the line belongs to, e.g. Second Unit."),
        C("location", "Location", width=12, aliases=("Loc",)),
        C("set", "Set", width=12),
        C("link", "Schedule Link", width=16, aliases=("Link",),
          description="Ties the line to the schedule: 'shoot days', 'cast 3', 'crew Jane Doe'."),
        C("line_type", "Line Type", ENUM, allowed=LINE_TYPES, default="Detail", width=9, aliases=("Type",),
          description="Subtotal: the line totals the detail lines above it in its account since the previous "
                      "subtotal line (its Amount, X and Rate are ignored); it never counts in the account twice."),
        NOTES,
        C("category", "Category",
          formula='=IFERROR(INDEX(Accounts[Category],MATCH({T}[[#This Row],[Account]],Accounts[Account],0)),"")',
          width=9),
        # The topsheet line the account rolls up into: its Topsheet Account, else the account itself.
        C("topsheet", "Topsheet",
          formula=('=IFERROR(IF(INDEX(Accounts[Topsheet Account],MATCH({T}[[#This Row],[Account]],Accounts[Account],'
                   '0))="",{T}[[#This Row],[Account]],INDEX(Accounts[Topsheet Account],MATCH({T}[[#This Row],'
                   '[Account]],Accounts[Account],0))),{T}[[#This Row],[Account]])'),
          width=9),
        # Amount × X, globals resolved; a blank Amount or X counts as 1 (as in Movie Magic), matching the reader's
        # default for those columns.
        C("quantity", "Quantity", NUM, formula=f"={_resolved('Amount', '1')}*{_resolved('X', '1')}", width=9),
        # In the line's own currency.
        # In the line's own currency; a subtotal line's own figures are 0, so nothing that sums the column counts
        # it (its sum is in Total).
        C("subtotal", "Subtotal", MONEY,
          formula=f"=IF({_IS_SUBTOTAL},0,{{T}}[[#This Row],[Quantity]]*{_resolved('Rate', '0')})",
          width=13),
        # Hours the line pays for: quantity × the unit's hours, for flat fringes per hour/day/week. Days, Weeks and
        # Months read Settings → Hours Per Day/Week/Month (the unit's name without its final s); Hours is 1; every
        # other unit has no setting and so no hours.
        C("hours", "Hours", NUM,
          formula=('={T}[[#This Row],[Quantity]]*IF({T}[[#This Row],[Units]]="Hours",1,IFERROR(INDEX(Settings[Value],'
                   'MATCH("Hours Per "&LEFT({T}[[#This Row],[Units]],LEN({T}[[#This Row],[Units]])-1),'
                   'Settings[Setting],0)),0))'),
          width=8),
        # The line's currency to the base currency: 1 for blank or the base currency, else the Currencies rate.
        C("fx", "FX Rate", NUM,
          formula=('=IF(OR({T}[[#This Row],[Currency]]="",{T}[[#This Row],[Currency]]&""='
                   f'{_setting("Currency")}&""),1,INDEX(Currencies[Rate],MATCH({{T}}[[#This Row],[Currency]],'
                   'Currencies[Code],0)))'),
          width=8),
        C("base_subtotal", "Base Subtotal", MONEY, formula="={T}[[#This Row],[Subtotal]]*{T}[[#This Row],[FX Rate]]",
          width=13),
        # The person's pay so far across the fringe range, this line included, in line order: what a cutoff caps.
        # A line without a range is its own range.
        C("range_to_date", "Range To Date", MONEY,
          formula=('=IF({T}[[#This Row],[Fringe Range]]="",{T}[[#This Row],[Base Subtotal]],'
                   'SUMIFS(INDEX({T}[Base Subtotal],1):{T}[[#This Row],[Base Subtotal]],'
                   'INDEX({T}[Fringe Range],1):{T}[[#This Row],[Fringe Range]],{T}[[#This Row],[Fringe Range]]))'),
          width=13),
        # For each listed code: Percent × the part of this line below the cutoff (the cap applies to the range's
        # pay to date: min(to date, cap) − min(before this line, cap)), plus Flat — per line, or per hour/day/week
        # converted through the line's hours. Codes may be separated by commas, semicolons, slashes, spaces or line
        # breaks, as the reader splits them: each separator becomes a comma, so ",FICA," is found in ",FICA,,MED,".
        C("fringes", "Fringes", MONEY,
          formula=(f'=IF({_IS_SUBTOTAL},0,SUMPRODUCT(ISNUMBER(SEARCH(","&Fringes[Code]&",",'
                   + _LIST.format(cell="{T}[[#This Row],[Fringe Codes]]") + '))'
                   f'*(Fringes[Percent]*({_BASE}-(Fringes[Cap]>0)*(({_CUM}>Fringes[Cap])*({_CUM}-Fringes[Cap])'
                   f'-({_PREV}>Fringes[Cap])*({_PREV}-Fringes[Cap])))'
                   '+Fringes[Flat]*((Fringes[Flat Hours]=0)+(Fringes[Flat Hours]>0)*{T}[[#This Row],[Hours]]'
                   '/(Fringes[Flat Hours]+(Fringes[Flat Hours]=0))))))'),
          width=12),
        # Where the fringes are posted (Settings → Fringe Posting): the line's account, its topsheet account's
        # fringe account (the end of the code replaced by Fringe Account, e.g. 2000 → 2099) or one account.
        # Where the fringes are posted (Settings → Fringe Posting): the line's account, its topsheet account's
        # fringe account (the end of the code replaced by Fringe Account, e.g. 2000 → 2099) or one account for the
        # whole budget. Text: the Accounts' SUMIFS match it as text, which finds 2099 typed as a number too.
        C("fringe_account", "Fringe Account", ID,
          formula=(f'=IFERROR(CHOOSE(MATCH({_setting("Fringe Posting")},{{"Category","Budget"}},0),'
                   f'LEFT({{T}}[[#This Row],[Topsheet]],LEN({{T}}[[#This Row],[Topsheet]])-LEN('
                   f'{_setting("Fringe Account")}))&{_setting("Fringe Account")},{_setting("Fringe Account")}&""),'
                   '{T}[[#This Row],[Account]]&"")'),
          width=10),
        # A subtotal line: the base subtotals and fringes of its account's detail lines in the block before it
        # (Subtotal Block one less than its own). It reads Base Subtotal and Fringes, never Total, so it is not
        # circular.
        C("total", "Total", MONEY,
          formula=(f"=IF({_IS_SUBTOTAL},SUMIFS({{T}}[Base Subtotal],{_BLOCK_OF})+SUMIFS({{T}}[Fringes],{_BLOCK_OF}),"
                   "{T}[[#This Row],[Base Subtotal]]+{T}[[#This Row],[Fringes]])"),
          width=14),
        # The contractual charges this line bears (each charge's percent of the line's total when the charge applies
        # to the line's account, topsheet account or category and does not exclude its account).
        C("charges", "Charges", MONEY,
          formula=(f"=IF({_IS_SUBTOTAL},0,{{T}}[[#This Row],[Total]]*SUMPRODUCT(Charges[Percent]*"
                   + _applies("{T}[[#This Row],[Account]]", "{T}[[#This Row],[Topsheet]]",
                              "{T}[[#This Row],[Category]]", "Charges[Applies List]", "Charges[Excluding List]")
                   + "))"),
          width=12),
        # How many subtotal lines of the line's account are above it, itself included: the detail lines a subtotal
        # line totals are those of its account one block before it.
        C("subtotal_block", "Subtotal Block", INT,
          formula=('=COUNTIFS(INDEX({T}[Account],1):{T}[[#This Row],[Account]],{T}[[#This Row],[Account]]&"",'
                   f'INDEX({{T}}[Line Type],1):{{T}}[[#This Row],[Line Type]],"{SUBTOTAL}")'),
          width=9),
    ),
    description="Budget detail lines: subtotal = amount × X × rate; fringes by code with cutoffs; total in the base "
                "currency.",
)  # fmt: skip

FRINGES = TableSpec(
    "Fringes", "Fringes",
    (
        C("code", "Code", ID, required=True, unique=True, width=8),
        C("description", "Description", required=True, width=30),
        C("percent", "Percent", PCT, default=0, width=9, aliases=("%", "Rate")),
        C("flat", "Flat", MONEY, default=0, width=10,
          description="Flat amount: per budget line, or per hour, day or week worked (Flat Per)."),
        C("flat_per", "Flat Per", ENUM, allowed=FLAT_BASES, value_aliases=FLAT_BASIS_ALIASES, default="Line", width=9,
          description="Line: the flat amount once per line. Hour/Day/Week: converted through the line's unit "
                      "(Settings: Hours Per Day, Week, Month)."),
        C("cap", "Cap", MONEY, default=0, width=12,
          description="Cutoff: the percentage applies to pay up to this amount — a line's, or a person's across "
                      "their Fringe Range (0 = no cap)."),
        NOTES,
        C("flat_hours", "Flat Hours", NUM,
          formula=(f'=IF({{T}}[[#This Row],[Flat Per]]="Hour",1,IF({{T}}[[#This Row],[Flat Per]]="Day",'
                   f'{_setting("Hours Per Day")},IF({{T}}[[#This Row],[Flat Per]]="Week",'
                   f'{_setting("Hours Per Week")},0)))'),
          width=8),
    ),
    description="Fringe codes: payroll taxes and union benefits applied to budget lines.",
    key="code",
)  # fmt: skip

GLOBALS = TableSpec(
    "Globals", "Globals",
    (
        C("name", "Name", ID, required=True, unique=True, width=16, aliases=("Global",)),
        C("value", "Value", NUM, width=10, globals_allowed=True),
        C("link", "Schedule Link", ENUM, allowed=GLOBAL_LINKS, width=14, aliases=("Link", "Source"),
          description="Computed from the schedule and checked against it: shoot days, shoot weeks, shoot nights, "
                      "locations, stage days."),
        C("description", "Description", width=30),
        NOTES,
    ),
    required=False,
    description="Named values (SHOOT_WEEKS…) that budget lines use in Amount, X and Rate; also Excel names.",
    key="name",
)  # fmt: skip

CURRENCIES = TableSpec(
    "Currencies", "Currencies",
    (
        C("code", "Code", ID, required=True, unique=True, width=8, aliases=("Currency", "Curr")),
        C("rate", "Rate", NUM, width=12, aliases=("Rate To Base", "Exchange Rate"),
          description="One unit of this currency in the base currency (Settings → Currency)."),
        C("description", "Description", width=24),
        NOTES,
    ),
    required=False,
    description="Currencies budget lines may be in, with their rate to the base currency.",
    key="code",
)  # fmt: skip

CHARGES = TableSpec(
    "Charges", "Charges",
    (
        C("name", "Name", required=True, unique=True, width=22, aliases=("Charge",)),
        C("percent", "Percent", PCT, default=0, width=9, aliases=("%",)),
        C("applies_to", "Applies To", LIST, width=16, aliases=("Categories",),
          description="Accounts, topsheet accounts or categories (ATL, BTL, POST, OTHER) it is a percent of; "
                      "blank: the whole budget."),
        C("excluding", "Excluding", LIST, width=14, aliases=("Exclude", "Excluded Accounts"),
          description="Accounts left out of the base."),
        C("account", "Account", ID, width=9, aliases=("Acct",),
          description="The account the charge is posted to, so it reaches the cost report's budget and EFC."),
        NOTES,
        C("base", "Base", MONEY,
          formula=(f'=SUMPRODUCT(Budget[Total]*(Budget[Line Type]<>"{SUBTOTAL}")*'
                   + _applies("Budget[Account]", "Budget[Topsheet]", "Budget[Category]",
                              "{T}[[#This Row],[Applies List]]", "{T}[[#This Row],[Excluding List]]") + ")"),
          width=14),
        C("amount", "Amount", MONEY, formula="={T}[[#This Row],[Base]]*{T}[[#This Row],[Percent]]", width=14),
        # The lists as the formulas search them (",BTL,POST,"), spelled once here for every budget line.
        C("applies_list", "Applies List", formula="=" + _CODES.format(cell="{T}[[#This Row],[Applies To]]"),
          width=14),
        C("excluding_list", "Excluding List", formula="=" + _CODES.format(cell="{T}[[#This Row],[Excluding]]"),
          width=14),
    ),
    required=False,
    description="Contractual charges on the top sheet: contingency, insurance, completion bond, overhead.",
    key="name",
)  # fmt: skip

ACTUALS = TableSpec(
    "Actuals", "Actuals",
    (
        C("date", "Date", DATE, required=True, width=13),
        C("txn_id", "Transaction ID", ID, required=True, unique=True, width=12, aliases=("Txn", "Trans #", "ID")),
        C("account", "Account", ID, width=9, aliases=("Acct",)),
        C("vendor", "Vendor", width=24, aliases=("Payee",)),
        C("description", "Description", width=32),
        C("amount", "Amount", MONEY, required=True, width=12),
        C("po", "PO", ID, width=10, aliases=("PO #", "PO Number")),
        C("status", "Status", ENUM, allowed=ACTUAL_STATUSES, value_aliases=STATUS_ALIASES, default="Posted",
          width=10),
        NOTES,
    ),
    description="Costs posted by accounting, and open purchase orders (commitments).",
    key="txn_id",
)  # fmt: skip

ELEMENTS = TableSpec(
    "Elements", "Elements",
    (
        C("scene", "Scene", ID, required=True, width=8, aliases=("Scene #", "Sc")),
        C("category", "Category", required=True, width=18, suggested=ELEMENT_CATEGORIES,
          description="A breakdown category by its Universal Category Identification name (Props, Vehicles, "
                      "Wardrobe…), its UCID number, or your own name for a custom category."),
        C("element", "Element", required=True, width=30, aliases=("Item", "Name")),
        NOTES,
    ),
    required=False,
    description="Breakdown elements beyond cast and background: one row per scene and element (props, vehicles, "
                "wardrobe, makeup, stunts, special effects, animals…).",
)  # fmt: skip

TASKS = TableSpec(
    "Tasks", "Tasks",
    (
        C("task_id", "Task ID", ID, unique=True, width=16, aliases=("ID",),
          description="Stable identifier: derived tasks keep theirs when derived again; blank for your own tasks."),
        C("task", "Task", required=True, width=40, aliases=("Name", "Title")),
        C("department", "Department", ENUM, allowed=DEPARTMENTS, value_aliases=DEPARTMENT_ALIASES, width=18,
          aliases=("Dept", "Section")),
        C("owner", "Owner", EMAIL, width=28, personal=True, aliases=("Assignee", "Owner Email")),
        C("start", "Start", DATE, width=13, aliases=("Start Date",)),
        C("due", "Due", DATE, width=13, aliases=("Due Date",)),
        C("status", "Status", ENUM, allowed=TASK_STATUSES, value_aliases=TASK_STATUS_ALIASES, default="To Do",
          width=12),
        C("linked_to", "Linked To", width=18, aliases=("Link", "Links"),
          description="What the task is for: Day 5, Scene 12A, Location L03, Cast 4 (several: comma-separated)."),
        NOTES,
        C("derived", "Derived", width=10,
          description="Set by 'xlproduction tasks --derive': what it last wrote for this task. While Task, "
                      "Department, Start, Due and Linked To still match it, deriving again updates the row; once "
                      "you edit one of them, your version is kept."),
    ),
    required=False,
    description="Prep tasks: permits, recces, fittings, bookings, call sheets — derived from the production or typed.",
    key="task_id",
)  # fmt: skip

VEHICLES = TableSpec(
    "Vehicles", "Vehicles",
    (
        C("vehicle", "Vehicle", ID, required=True, unique=True, width=12, aliases=("Vehicle ID", "Unit", "Plate"),
          description="The name drivers and the transport captain use: VAN 1, CAR 3, TRAILER A."),
        C("type", "Type", ENUM, allowed=VEHICLE_TYPES, value_aliases=VEHICLE_TYPE_ALIASES, width=12,
          aliases=("Vehicle Type",)),
        C("seats", "Seats", INT, width=6, aliases=("Capacity", "Pax"),
          description="Passenger seats, the driver's not counted."),
        C("driver", "Driver", width=20, personal=True),
        C("driver_phone", "Driver Phone", PHONE, width=16, personal=True),
        NOTES,
    ),
    required=False,
    description="The picture and unit vehicles that move people: one row per vehicle with its driver.",
    key="vehicle",
)  # fmt: skip

TRANSPORT = TableSpec(
    "Transport", "Transport",
    (
        C("day", "Day", INT, required=True, width=6, aliases=("Shoot Day",)),
        C("run", "Run", ID, required=True, width=6, aliases=("Run ID", "Run #")),
        C("vehicle", "Vehicle", ID, width=12, aliases=("Vehicle ID",)),
        C("pickup_time", "Pickup Time", TIME, width=10, aliases=("Pickup", "Time")),
        C("pickup_point", "Pickup Point", width=28, aliases=("Pickup Location", "From"),
          description="Where the run starts: a hotel of the Accommodation table, an address, a location ID or "
                      "'Base Camp'."),
        C("passengers", "Passengers", width=30, aliases=("Pax", "Passenger"),
          description="Cast IDs and crew names, comma-separated: 1, 4, Jane Doe."),
        C("drop_off", "Drop-off", width=20, aliases=("Drop Off", "Destination", "To"),
          description="A location ID, 'Base Camp' or an airport."),
        C("purpose", "Purpose", ENUM, allowed=TRANSPORT_PURPOSES, value_aliases=TRANSPORT_PURPOSE_ALIASES, width=14),
        C("flight_train", "Flight/Train", width=12, aliases=("Flight", "Train", "Flight No")),
        NOTES,
    ),
    required=False,
    description="Transport runs: one row per run of a vehicle on a shoot day (pickups, shuttles, airport runs, "
                "company moves).",
)  # fmt: skip

TRAVEL = TableSpec(
    "Travel", "Travel",
    (
        C("person", "Person", required=True, width=20, personal=True, aliases=("Name", "Traveller", "Cast ID"),
          description="A Cast ID or a crew member's name as the Crew table spells it."),
        C("date", "Date", DATE, required=True, width=13),
        C("origin", "From", width=16, aliases=("Origin", "Departure City")),
        C("destination", "To", width=16, aliases=("Destination", "Arrival City")),
        C("mode", "Mode", ENUM, allowed=TRAVEL_MODES, value_aliases=TRAVEL_MODE_ALIASES, width=9),
        C("carrier", "Carrier and Number", width=14, aliases=("Carrier", "Flight", "Flight No", "Train No")),
        C("depart", "Depart", TIME, width=9, aliases=("Departs", "Departure")),
        C("arrive", "Arrive", TIME, width=9, aliases=("Arrives", "Arrival")),
        C("booking_ref", "Booking Ref", width=12, aliases=("Booking", "PNR", "Reference")),
        C("cost", "Cost", MONEY, width=11, aliases=("Fare", "Amount")),
        C("account", "Account", ID, width=9, aliases=("Acct",)),
        NOTES,
    ),
    required=False,
    description="Travel bookings: one row per leg (flights, trains, long drives) of a performer or crew member.",
)  # fmt: skip

ACCOMMODATION = TableSpec(
    "Accommodation", "Accommodation",
    (
        C("person", "Person", required=True, width=20, personal=True, aliases=("Name", "Guest", "Cast ID"),
          description="A Cast ID or a crew member's name as the Crew table spells it."),
        C("hotel", "Hotel", required=True, width=24),
        C("address", "Address", width=32),
        C("check_in", "Check-in", DATE, width=13, aliases=("Check In", "Arrival")),
        C("check_out", "Check-out", DATE, width=13, aliases=("Check Out", "Departure")),
        C("room_type", "Room Type", width=12, aliases=("Room",)),
        C("sharing_with", "Sharing With", width=20, personal=True, aliases=("Sharing", "Shares With"),
          description="The other guest in the room (a Cast ID or crew name); their row says the same room."),
        C("billing", "Billing", ENUM, allowed=BILLING, value_aliases=BILLING_ALIASES, default="Production",
          width=14),
        C("confirmation", "Confirmation", width=14, aliases=("Confirmation #", "Conf", "Reservation")),
        C("nightly_rate", "Nightly Rate", MONEY, width=11, aliases=("Rate",)),
        C("currency", "Currency", ID, width=8, aliases=("Curr",),
          description="Blank: the base currency (Settings)."),
        C("account", "Account", ID, width=9, aliases=("Acct",)),
        NOTES,
    ),
    required=False,
    description="Hotel bookings: one row per guest and stay.",
)  # fmt: skip

PER_DIEM_RATES = TableSpec(
    "PerDiemRates", "Per Diem Rates",
    (
        C("effective_from", "Effective From", DATE, required=True, width=13, aliases=("From", "Effective")),
        C("union", "Union", width=12,
          description="The contract the rates are for (SAG-AFTRA, IATSE…); blank: everyone without their own."),
        C("breakfast", "Breakfast", MONEY, required=True, width=10),
        C("lunch", "Lunch", MONEY, required=True, width=10),
        C("dinner", "Dinner", MONEY, required=True, width=10),
        C("currency", "Currency", ID, width=8, aliases=("Curr",), description="Blank: the base currency."),
        NOTES,
    ),
    required=False,
    description="Per diem rates per meal, dated as contracts change them (SAG-AFTRA minimums: 12 / 18 / 30 USD); "
                "a rate applies from its date until the next row of the same union.",
)  # fmt: skip

TABLES: tuple[TableSpec, ...] = (
    SETTINGS, SCENES, DAYS, SCHEDULE, CAST, CAST_EVENTS, CREW, CALLS, LOCATIONS, ELEMENTS, TASKS, VEHICLES,
    TRANSPORT, TRAVEL, ACCOMMODATION, PER_DIEM_RATES, ACCOUNTS, BUDGET, FRINGES, GLOBALS, CURRENCIES, CHARGES,
    ACTUALS,
)  # fmt: skip
TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}


# --- Generated sheets of the template -----------------------------------------------------------------------

TOP_SHEET = "Top Sheet"  # budget summary by category and account (formulas over Budget; never read back)
ISSUES_SHEET = "Issues"  # the findings of `check`, replaced on every run
LISTS_SHEET = "Lists"  # hidden: dropdown lists longer than the 255 characters Excel allows inline
# The call-sheet layout a coordinator restyles: placeholders ({{title}}, {{scenes.scene}}…) filled per shoot day.
CALLSHEET_TEMPLATE_SHEET = "Call Sheet Template"
CALLSHEET_TAB_PREFIX = "CS"  # generated call sheets are named "CS D05 Wed 03-Mar" (+ " cast" for the cast version)
# A generated call sheet keeps its revision number beside this label, right of the printed area; regenerating the
# day reads it back and bumps it (White → Blue → Pink… from the Revision Colours setting).
CALLSHEET_REVISION_LABEL = "Call-sheet revision"
# Top-sheet lines beyond the per-category ones, keyed like ``xlproduction.model.budget.category_totals``.
TOP_SHEET_TOTALS = {"TOTAL_ATL": "Total above the line", "TOTAL_BTL": "Total below the line",
                    "GRAND_TOTAL": "Grand total"}  # fmt: skip


# --- Generated reports: tab names and the headings they print (xlproduction.reports) ----------------------------

DOOD_SHEET = "DOOD"  # Day Out of Days
COST_REPORT_SHEET = "Cost Report"
CREW_LIST_SHEET = "Crew List"
CHANGES_SHEET = "Changes"  # xlproduction changes --write: what changed since another version, by shoot day
# Logistics outputs (xlproduction report transport / rooming / travel / perdiem).
TRANSPORT_SHEET_PREFIX = "Transport"  # "Transport D05 Wed 03-Mar": the movement order of one shoot day
ROOMING_SHEET = "Rooming List"
TRAVEL_SHEET = "Travel Movements"
PER_DIEM_SHEET = "Per Diems"
# Day Out of Days codes (DESIGN §4) and what the legend says of each, in legend order.
DOOD_CODES = {
    "SW": "Start work", "W": "Work", "WF": "Work finish", "SWF": "Start, work and finish on one day",
    "H": "Hold (paid, not working)", "D": "Dropped (released: not held, not paid)", "PW": "Picked up: works again",
    "PWF": "Picked up: works and finishes", "TR": "Travel", "R": "Rehearsal", "FT": "Fitting", "HOL": "Holiday",
    "/": "Company day off (never a hold)",
}  # fmt: skip
# Per-performer totals of the Day Out of Days, keyed as ``xlproduction.model.dood.Dood.people`` names them.
DOOD_TOTALS = {"work": "Work", "hold": "Hold", "drop": "Drop", "travel": "Travel", "rehearsal": "Rehearsal",
               "fitting": "Fitting", "holiday": "Holiday", "total": "Total Days", "start": "Start",
               "finish": "Finish"}  # fmt: skip
# Cost report columns, keyed as ``xlproduction.reports.cost`` names them (account and name: the Accounts table's).
COST_REPORT_COLUMNS = {"budget": "Budget", "actual_period": "Actual This Period", "actual_to_date": "Actual To Date",
                       "po": "Open POs", "total_to_date": "Total To Date", "etc": "ETC", "efc": "EFC",
                       "variance": "Variance"}  # fmt: skip
COST_REPORT_LEVEL = "Level"  # the CSV column saying whether a row is an account, a category or a total
COST_REPORT_LEVELS = ("account", "category", "total")
# The finance pack's own tabs (its cost report is COST_REPORT_SHEET, its top sheet TOP_SHEET).
FINANCE_BUDGET_SHEET = "Budget Detail"
FINANCE_ACTUALS_SHEET = "Actuals"
FINANCE_README_SHEET = "About"


# --- Settings ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setting:
    key: str  # python attribute name
    label: str  # what the coordinator sees in the Setting column
    type: ColType = ColType.TEXT
    default: Any = None
    description: str = ""
    personal: bool = False
    allowed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())


def S(key: str, label: str, type: ColType = ColType.TEXT, default: Any = None, description: str = "",
      **kw: Any) -> Setting:  # fmt: skip
    return Setting(key, label, type, default, description, **kw)


REVISION_COLOURS = ("White", "Blue", "Pink", "Yellow", "Green", "Goldenrod", "Buff", "Salmon", "Cherry")

SETTINGS_KEYS: tuple[Setting, ...] = (
    S("title", "Title", description="Production title, printed on every output."),
    S("company", "Production Company"),
    S("episode", "Episode", description="Episode number or title; blank for a feature."),
    S("production_type", "Production Type", ENUM, "Feature", allowed=("Feature", "Television", "Other"),
      description="Feature or Television: decides the SAG-AFTRA drop/pickup gap (10 vs 14 days)."),
    S("producer", "Producer", personal=False),
    S("producer_phone", "Producer Phone", PHONE, personal=True),
    S("director", "Director"),
    S("upm", "UPM", description="Unit production manager."),
    S("upm_phone", "UPM Phone", PHONE, personal=True),
    S("first_ad", "1st AD"),
    S("first_ad_phone", "1st AD Phone", PHONE, personal=True),
    S("coordinator", "Production Coordinator"),
    S("coordinator_phone", "Coordinator Phone", PHONE, personal=True),
    S("coordinator_email", "Coordinator Email", EMAIL, personal=True),
    S("office_address", "Production Office"),
    S("office_phone", "Office Phone", PHONE),
    S("currency", "Currency", default="USD", description="ISO code; sets money formats."),
    S("country", "Country", default="US", description="ISO country code for public holidays and phones."),
    S("subdivision", "State/Province", default="", description="Holiday subdivision, e.g. CA, NY, ON."),
    S("time_zone", "Time Zone", default="America/Los_Angeles", description="IANA zone for sunrise/sunset."),
    S("date_order", "Date Order", ENUM, "MDY", allowed=("MDY", "DMY", "YMD"),
      description="How typed dates like 03/04/2027 are read."),
    S("planned_shoot_days", "Planned Shoot Days", INT, description="Shoot days the budget and schedule plan for."),
    S("paper_size", "Paper Size", ENUM, "Letter", allowed=("Letter", "A4")),
    S("crew_turnaround_hours", "Crew Turnaround Hours", NUM, 10.0, "IATSE rest between wrap and next call."),
    S("cast_turnaround_hours", "Cast Turnaround Hours", NUM, 12.0, "SAG-AFTRA rest between wrap and next call."),
    S("cast_weekly_rest_hours", "Cast Weekly Rest Hours", NUM, 56.0, "SAG-AFTRA weekly rest period."),
    S("crew_weekly_rest_hours", "Crew Weekly Rest Hours", NUM, 54.0, "IATSE weekend rest period."),
    S("meal_interval_hours", "Meal Interval Hours", NUM, 6.0, "First meal due within this many hours of call."),
    S("max_pages_per_day", "Max Pages Per Day", PAGES, 8 * 8, "Warn when a day schedules more pages."),
    S("minor_earliest_call", "Minor Earliest Call", TIME, dt.timedelta(hours=5),
      "Minors may not be called earlier (California: 5:00 AM)."),
    S("minor_latest_wrap", "Minor Latest Wrap", TIME, dt.timedelta(hours=22),
      "Minors must wrap by this time (California: 10:00 PM)."),
    S("script_revision", "Script Revision", default="White", description="Colour of the current script pages."),
    S("script_revision_date", "Script Revision Date", DATE),
    S("schedule_revision", "Schedule Revision", default="White"),
    S("schedule_revision_date", "Schedule Revision Date", DATE),
    S("revision_colours", "Revision Colours", LIST, REVISION_COLOURS,
      "Colour sequence for script, schedule and call-sheet revisions."),
    S("ignore_rules", "Ignore Rules", LIST, (), "Rule codes to skip, e.g. CR004, SC010."),
    S("rule_severity", "Rule Severity", LIST, (), "Severity overrides, e.g. SC007=error, CR004=info."),
    S("budget_change_threshold", "Budget Change Threshold", MONEY, 1000.0,
      "xlproduction changes: budget lines and account totals that moved by more than this amount are listed."),
    S("finance_may_see_rates", "Finance May See Rates", BOOL, False,
      "Yes to include day rates of named people in the finance pack."),
    S("hours_per_day", "Hours Per Day", NUM, 8.0, "Hours in a budget Day: converts flat fringes per hour/week."),
    S("hours_per_week", "Hours Per Week", NUM, 40.0, "Hours in a budget Week."),
    S("hours_per_month", "Hours Per Month", NUM, 173.33, "Hours in a budget Month."),
    S("fringe_posting", "Fringe Posting", ENUM, "Account", allowed=FRINGE_POSTINGS,
      description="Where fringes are posted: each line's Account, its topsheet Category's fringe account, or one "
                  "account for the whole Budget."),
    S("fringe_account", "Fringe Account", default="99",
      description="Category posting: the digits ending a category's fringe account (2000 → 2099). Budget posting: "
                  "the account every fringe goes to."),
    S("status_date", "Status Date", DATE, None,
      "The date the workbook reports as of: cost to date, future-dated actuals, wraps still to come. Blank = today."),
    # Lead times of the prep tasks 'xlproduction tasks --derive' makes (days before the date a task serves).
    S("permit_lead_days", "Permit Lead Days", INT, 14, "Location permits due this many days before the first day "
      "shot there."),
    S("insurance_lead_days", "Insurance Lead Days", INT, 17, "Insurance certificates due this many days before the "
      "first day at a location (permit offices ask for one with the application)."),
    S("recce_lead_days", "Recce Lead Days", INT, 21, "Location recces due this many days before the first day "
      "there."),
    S("fitting_lead_days", "Fitting Lead Days", INT, 7, "Fittings and rehearsals booked this many days before "
      "they happen."),
    S("minor_permit_lead_days", "Minor Permit Lead Days", INT, 21, "Minors' work permits due this many days "
      "before their first work day."),
    S("travel_lead_days", "Travel Lead Days", INT, 21, "Travel and hotel bookings due this many days before the "
      "travel day."),
    S("task_window_days", "Task Window Days", INT, 7, "A derived task starts this many days before it is due."),
    S("drive_speed_kmh", "Drive Speed km/h", NUM, 40.0, "Average driving speed for pickups where a location has no "
      "Travel Minutes: the straight-line distance from latitude and longitude at this speed."),
    S("pickup_buffer_minutes", "Pickup Buffer Minutes", INT, 10, "Minutes added to every derived pickup for "
      "loading and parking."),
    S("company_move_cost", "Company Move Cost", MONEY, 5000.0,
      "What one company move within a shoot day costs (the unit's time packing up and travelling): the schedule "
      "optimizer weighs it against performers' hold days."),
    S("call_sheet_out", "Call Sheet Out By", TIME, dt.timedelta(hours=18),
      "The call sheet goes out by this time on the evening before each shoot day."),
)  # fmt: skip
SETTINGS_BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS_KEYS}


def normalise_header(text: object) -> str:
    """Header matching is case-, space- and punctuation-insensitive: 'Est. Time' == 'est time' == 'EST_TIME'."""
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())
