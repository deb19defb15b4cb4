"""Crew positions of an independent feature, in hiring priority, with unions, rates, calls and prep.

The list is ordered so that a small crew (size "S") keeps every position a call sheet and the rules need
(UPM, 1st AD, DP, medic, studio teacher…) and larger crews add the rest, then repeat the crafts that grow
with a production (grips, electricians, drivers, PAs).
"""

from __future__ import annotations

from dataclasses import dataclass

# Department -> budget account the person is charged to (see chart.ACCOUNTS).
DEPARTMENT_ACCOUNT: dict[str, str] = {
    "Production": "2000", "Assistant Directors": "2000", "Script": "2000", "Camera": "3200", "Grip": "2500",
    "Electric": "3100", "Sound": "3300", "Art": "2200", "Set Dressing": "2700", "Props": "2800",
    "Construction": "2300", "Special Effects": "2600", "Stunts": "1450", "Costume": "2900", "Hair & Makeup": "3000",
    "Locations": "3500", "Transportation": "3400", "Catering": "3500", "Craft Service": "2500",
    "Medic & Safety": "2500", "Accounting": "2000", "Casting": "1400", "Post Production": "5000", "VFX": "5300",
    "Publicity": "6500",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Position:
    department: str
    title: str
    union: str | None
    day_rate: float
    call_offset: int  # minutes relative to the general crew call
    walkie: str | None
    prep_weeks: float  # starts this many weeks before shoot day 1
    wrap_weeks: float  # ends this many weeks after the last shoot day
    span: str = "shoot"  # "shoot" (whole shoot), "part" (a few shoot days), "minor" (the minors' days)
    linked: bool = False  # paid on a budget line linked to the schedule ("crew <name>")
    account: str | None = None  # overrides the department's account


def P(department: str, title: str, union: str | None, rate: float, offset: int = 0, walkie: str | None = None,
      prep: float = 0.0, wrap: float = 0.0, **kw: object) -> Position:  # fmt: skip
    return Position(department, title, union, float(rate), offset, walkie, prep, wrap, **kw)  # type: ignore[arg-type]


# Walkie channels: 1 production, 3 transportation, 4 locations, 5 camera, 6 grip & electric, 7 art, 8 costume & HMU.
CORE: tuple[Position, ...] = (
    P("Production", "Producer", "Non-union", 1500, prep=16, wrap=12, account="1200"),
    P("Production", "Director", "DGA", 3000, prep=10, wrap=12, account="1300"),
    P("Production", "Unit Production Manager", "DGA", 1100, 0, "1", prep=10, wrap=3),
    P("Production", "Production Coordinator", "IATSE", 520, prep=8, wrap=3),
    P("Assistant Directors", "1st Assistant Director", "DGA", 1400, 0, "1", prep=5),
    P("Assistant Directors", "2nd Assistant Director", "DGA", 950, -60, "1", prep=3),
    P("Script", "Script Supervisor", "IATSE", 750, 0, "1", prep=1, linked=True),
    P("Camera", "Director of Photography", "IATSE", 2000, -15, "5", prep=4, linked=True),
    P("Camera", "1st Assistant Camera", "IATSE", 640, -15, "5", prep=1, linked=True),
    P("Camera", "2nd Assistant Camera", "IATSE", 560, -15, "5", prep=1),
    P("Grip", "Key Grip", "IATSE", 680, 0, "6", prep=1.5, wrap=0.5, linked=True),
    P("Electric", "Gaffer", "IATSE", 680, 0, "6", prep=1.5, wrap=0.5, linked=True),
    P("Sound", "Production Sound Mixer", "IATSE", 850, 0, "1", prep=1, linked=True),
    P("Sound", "Boom Operator", "IATSE", 600),
    P("Art", "Production Designer", "IATSE", 1300, 0, None, prep=8, wrap=1),
    P("Costume", "Costume Designer", "IATSE", 1100, -60, None, prep=7, wrap=1),
    P("Hair & Makeup", "Key Makeup Artist", "IATSE", 700, -60, "8", prep=2, linked=True),
    P("Hair & Makeup", "Key Hair Stylist", "IATSE", 700, -60, "8", prep=2),
    P("Locations", "Location Manager", "Teamsters", 900, -60, "4", prep=8, wrap=2),
    P("Transportation", "Transportation Captain", "Teamsters", 620, -60, "3", prep=3, wrap=1),
    P("Catering", "Caterer", "Non-union", 650, -90),
    P("Medic & Safety", "Set Medic", "IATSE", 520, 0, "1"),
    P("Medic & Safety", "Studio Teacher", "IATSE", 560, 0, None, span="minor", linked=True),
    P("Production", "Assistant Production Coordinator", "IATSE", 400, prep=6, wrap=2),
    P("Assistant Directors", "Key Set PA", "Non-union", 275, -60, "1", prep=1),
    P("Camera", "A Camera Operator", "IATSE", 900, -15, "5"),
    P("Grip", "Best Boy Grip", "IATSE", 600, 0, "6", prep=1, wrap=0.5),
    P("Electric", "Best Boy Electric", "IATSE", 600, 0, "6", prep=1, wrap=0.5),
    P("Art", "Art Director", "IATSE", 900, 0, None, prep=7, wrap=1),
    P("Set Dressing", "Set Decorator", "IATSE", 850, 0, "7", prep=6, wrap=1),
    P("Props", "Property Master", "IATSE", 700, -15, "7", prep=4, wrap=1),
    P("Costume", "Costume Supervisor", "IATSE", 560, -60, "8", prep=4, wrap=1),
    P("Accounting", "Production Accountant", "IATSE", 850, prep=8, wrap=8),
    P("Transportation", "Transportation Coordinator", "Teamsters", 900, -60, "3", prep=6, wrap=2),
    P("Craft Service", "Craft Service", "IATSE", 420, -60),
    P("Camera", "DIT", "IATSE", 850, -15, "5"),
    P("Grip", "Dolly Grip", "IATSE", 600, 0, "6"),
    P("Electric", "Electrician", "IATSE", 560, 0, "6"),
    P("Sound", "Utility Sound Technician", "IATSE", 480),
    P("Hair & Makeup", "Makeup Artist", "IATSE", 560, -60, "8"),
    P("Assistant Directors", "2nd 2nd Assistant Director", "DGA", 850, -60, "1", prep=1),
    P("Assistant Directors", "Set PA", "Non-union", 250, -60, "1"),
    P("Locations", "Key Assistant Location Manager", "Teamsters", 700, -60, "4", prep=5, wrap=1),
    P("Set Dressing", "Leadman", "IATSE", 620, 0, "7", prep=4, wrap=1),
    P("Set Dressing", "On-Set Dresser", "IATSE", 560, 0, "7"),
    P("Props", "Assistant Property Master", "IATSE", 560, -15, "7", prep=2),
    P("Construction", "Construction Coordinator", "IATSE", 800, prep=6, wrap=1),
    P("Special Effects", "Special Effects Coordinator", "IATSE", 850, -30, "6", prep=2),
    P("Stunts", "Stunt Coordinator", None, 1300, 0, "1", span="part", linked=True),
    P("Costume", "Set Costumer", "IATSE", 520, -60, "8"),
    P("Transportation", "Driver", "Teamsters", 480, -60, "3"),
    P("Transportation", "Driver", "Teamsters", 480, -60, "3"),
    P("Production", "Office Production Assistant", "Non-union", 225, prep=6, wrap=2),
    P("Camera", "Steadicam Operator", "IATSE", 1200, -15, "5", span="part", linked=True),
    P("Casting", "Casting Director", "Teamsters", 1000, prep=10),
    P("Post Production", "Editor", "IATSE", 900, prep=0, wrap=20),
    P("Accounting", "1st Assistant Accountant", "IATSE", 600, prep=6, wrap=6),
    P("Catering", "Catering Assistant", "Non-union", 300, -90),
    P("Publicity", "Unit Publicist", "Non-union", 700, span="part"),
    P("Camera", "Still Photographer", "IATSE", 650, -15, "5", span="part"),
    P("VFX", "VFX Supervisor", "IATSE", 1200, prep=4, wrap=16),
    P("Post Production", "Assistant Editor", "IATSE", 600, wrap=20),
)  # fmt: skip

# Crafts that grow with the size of a production; drawn in rotation once CORE is used up.
REPEATABLE: tuple[Position, ...] = (
    P("Grip", "Grip", "IATSE", 560, 0, "6"),
    P("Electric", "Electrician", "IATSE", 560, 0, "6"),
    P("Assistant Directors", "Set PA", "Non-union", 250, -60, "1"),
    P("Transportation", "Driver", "Teamsters", 480, -60, "3"),
    P("Set Dressing", "Set Dresser", "IATSE", 520, 0, "7", prep=2),
    P("Construction", "Carpenter", "IATSE", 520, prep=3),
    P("Construction", "Painter", "IATSE", 500, prep=3),
    P("Grip", "Rigging Grip", "IATSE", 560, span="part"),
    P("Electric", "Rigging Electrician", "IATSE", 560, span="part"),
    P("Costume", "Costumer", "IATSE", 480, -60, "8"),
    P("Hair & Makeup", "Makeup Artist", "IATSE", 560, -60, "8"),
    P("Hair & Makeup", "Hair Stylist", "IATSE", 560, -60, "8"),
    P("Props", "Props Assistant", "IATSE", 480, -15, "7"),
    P("Locations", "Locations Assistant", "Teamsters", 420, -60, "4"),
    P("Art", "Art Department PA", "Non-union", 225, prep=4),
    P("Special Effects", "Special Effects Technician", "IATSE", 600, -30, "6"),
    P("Production", "Office Production Assistant", "Non-union", 225, prep=2),
    P("Camera", "Camera Utility", "IATSE", 480, -15, "5"),
    P("Catering", "Catering Assistant", "Non-union", 300, -90),
    P("Craft Service", "Craft Service Assistant", "IATSE", 380, -60),
    P("Accounting", "Accounting Clerk", "IATSE", 380, prep=4, wrap=4),
    P("Sound", "Sound Utility", "IATSE", 480),
    P("Medic & Safety", "Safety Coordinator", "Non-union", 650, span="part"),
    P("VFX", "VFX Coordinator", "IATSE", 520, wrap=12),
)  # fmt: skip
