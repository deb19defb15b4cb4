"""Breakdown categories by Universal Category Identification (UCID): what an Elements row's Category means.

Schedulers (Movie Magic, Set Hero, Think Crew, Filmustage…) and the Universal Schedule Standard name breakdown
categories freely but agree on a number for each intent: 104 is props whatever a scheduler calls it. The Elements
table holds a category as a coordinator reads it — the standard name ("Props"), a common spelling ("Prop",
"SFX"), the number itself ("104"), or a custom category ("Picture Cars"; one that came from a USS file keeps its
number as "Picture Cars (UCID 501)"). This module is the one place those spellings are turned into UCIDs and back,
for the USS exchange, the call sheet (props, vehicles and special needs of each scene) and the checks.

UCIDs (UniversalScheduleStandard/UniversalCategoryIdentification): scene categories 0–6, custom scene categories
50–99, action categories 100–126, custom action categories from 500; the rest is reserved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .contract import normalise_header

SCENE_CATEGORIES: dict[int, str] = {
    0: "Set", 1: "INT/EXT", 2: "Day/Night", 3: "Script Day", 4: "Unit", 5: "Sequence", 6: "Location",
}  # fmt: skip
ACTION_CATEGORIES: dict[int, str] = {
    100: "Cast Members", 101: "Background Actors", 102: "Stunts", 103: "Vehicles", 104: "Props",
    105: "Special Effects", 106: "Wardrobe", 107: "Makeup/Hair", 108: "Animals", 109: "Animal Wranglers",
    110: "Camera", 111: "Grip", 112: "Electric", 113: "Sound", 114: "Music", 115: "Art Department",
    116: "Set Dressing", 117: "Greenery", 118: "Security", 119: "Special Equipment", 120: "Additional Labor",
    121: "Visual Effects", 122: "Mechanical Effects", 123: "Notes", 124: "Comments", 125: "Miscellaneous",
    126: "Other",
}  # fmt: skip
STANDARD: dict[int, str] = {**SCENE_CATEGORIES, **ACTION_CATEGORIES}

SET, INT_EXT, DAY_NIGHT, SCRIPT_DAY, UNIT, SEQUENCE, LOCATION = 0, 1, 2, 3, 4, 5, 6
CAST, BACKGROUND, STUNTS, VEHICLES, PROPS = 100, 101, 102, 103, 104
NOTES_UCID, COMMENTS_UCID = 123, 124
FIRST_CUSTOM_SCENE, FIRST_CUSTOM_ACTION = 50, 500

# Other names schedulers and coordinators give the standard categories.
ALIASES: dict[str, int] = {
    "Sets": 0, "Set Name": 0, "I/E": 1, "IE": 1, "Int/Ext": 1, "D/N": 2, "DN": 2, "Time of Day": 2, "Script Days": 3,
    "Units": 4, "Sequences": 5, "Locations": 6, "Location ID": 6,
    "Cast": 100, "Cast Member": 100, "Characters": 100, "Background": 101, "Extras": 101, "BG": 101,
    "Atmosphere": 101, "Stunt": 102, "Vehicle": 103, "Picture Cars": 103, "Picture Vehicles": 103, "Prop": 104,
    "Hand Props": 104, "SFX": 105, "Special FX": 105, "Costume": 106, "Costumes": 106, "Wardrobe/Costume": 106,
    "Makeup": 107, "Hair": 107, "Hair/Makeup": 107, "Hair & Makeup": 107, "Makeup & Hair": 107, "HMU": 107,
    "Animal": 108, "Livestock": 108, "Wranglers": 109, "Animal Handlers": 109, "Lighting": 112, "Electrics": 112,
    "Art": 115, "Dressing": 116, "Special Equip": 119, "Special Equipment": 119, "Equipment": 119, "Labor": 120,
    "Additional Labour": 120, "VFX": 121, "Visual FX": 121, "MFX": 122, "Mechanical FX": 122, "Note": 123,
    "Comment": 124, "Misc": 125, "Misc.": 125,
}  # fmt: skip

_LOOKUP: dict[str, int] = {}
for _ucid, _name in STANDARD.items():
    _LOOKUP[normalise_header(_name)] = _ucid
for _alias, _ucid in ALIASES.items():
    _LOOKUP.setdefault(normalise_header(_alias), _ucid)

_NUMBERED = re.compile(r"^(?P<name>.*?)\s*\(\s*UCID\s*(?P<n>\d{1,6})\s*\)\s*$", re.IGNORECASE)

# What the call sheet lists for each scene besides its cast and background: props, vehicles, and the special needs
# (stunts, effects, animals, wardrobe, makeup, equipment…). Scene categories, notes and comments are not needs.
NOT_NEEDS = frozenset({CAST, BACKGROUND, VEHICLES, PROPS, NOTES_UCID, COMMENTS_UCID})


@dataclass(frozen=True, slots=True)
class Category:
    ucid: int | None  # None: a custom category not yet given a number
    name: str  # as shown: the standard name, or the custom name

    @property
    def label(self) -> str:
        """How an Elements row spells it: the standard name, else the custom name with its number if it has one."""
        if self.ucid is not None and STANDARD.get(self.ucid) == self.name:
            return self.name
        return f"{self.name} (UCID {self.ucid})" if self.ucid is not None else self.name

    @property
    def is_scene(self) -> bool:
        """Scene categories (set, I/E, unit…) describe the scene; action categories what appears in it."""
        return self.ucid is not None and self.ucid < 100


def parse_category(text: object) -> Category:
    """An Elements row's Category: a standard name or alias, a UCID number, ``Name (UCID n)``, or a custom name."""
    s = " ".join(str(text or "").split())
    m = _NUMBERED.match(s)
    if m is not None:
        n = int(m["n"])
        name = m["name"].strip() or STANDARD.get(n, f"Category {n}")
        return Category(n, STANDARD[n] if n in STANDARD and normalise_header(name) in _names_of(n) else name)
    if s.isdigit():
        n = int(s)
        return Category(n, STANDARD.get(n, f"Category {n}"))
    hit = _LOOKUP.get(normalise_header(s))
    if hit is not None:
        return Category(hit, STANDARD[hit])
    return Category(None, s)


def _names_of(ucid: int) -> set[str]:
    return {k for k, v in _LOOKUP.items() if v == ucid}


def standard_ucid(name: object) -> int | None:
    """The standard UCID a category *name* stands for (``Set`` -> 0, ``Picture Cars`` -> 103), ignoring any number."""
    return _LOOKUP.get(normalise_header(str(name or "")))


def is_reserved(ucid: int) -> bool:
    """UCIDs neither standard nor in a custom range (7–49, 127–499): a file using one breaks the standard."""
    return ucid not in STANDARD and not (FIRST_CUSTOM_SCENE <= ucid < 100 or ucid >= FIRST_CUSTOM_ACTION)


def is_need(ucid: int | None) -> bool:
    """Whether a category's elements print among a scene's special needs on the call sheet."""
    if ucid is None:
        return True  # a custom category nobody numbered: something the day must not forget
    return ucid >= 100 and ucid not in NOT_NEEDS
