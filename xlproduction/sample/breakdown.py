"""The rest of the breakdown: props, vehicles, wardrobe, makeup, effects, stunts and animals per scene, and the
script page each scene starts on.

A breakdown sheet lists, for every scene, what each department must bring; the Elements table holds it by
Universal Category Identification name. The sample draws from a vocabulary per kind of place (a diner has its
cash box and coffee pots, a desert road its pickup truck and dust), so the call sheet's props and special needs
read like a real show's.
"""

from __future__ import annotations

import random

from ..model.tabledata import Row

# Props by kind of place (see places.Place.kind); every scene takes one or two.
PROPS: dict[str, tuple[str, ...]] = {
    "diner": ("Hero cash box", "Order pad and pencil", "Coffee pots (2)", "Pie under glass dome", "Jukebox coins",
              "Till with period receipts"),
    "house": ("Eviction notice", "Old letters bundle", "Framed photograph", "Car keys", "Cordless phone"),
    "police": ("Case file folder", "Evidence bags", "Police radio", "Handcuffs (rubber)", "Polaroid photos"),
    "park": ("Picnic basket", "Thermos", "Dog leash", "Newspaper"),
    "desert": ("Road map", "Jerry can", "Binoculars", "Cooler with ice"),
    "loft": ("Vinyl records", "Party cups", "Polaroid camera", "Guitar"),
    "pier": ("Fishing rod", "Arcade tickets", "Cotton candy", "Disposable camera"),
    "motel": ("Room key with fob", "Ledger", "Duffel bag", "Ice bucket"),
    "bar": ("Pool cue", "Beer bottles (breakaway)", "Bar tab slips", "Dartboard darts"),
    "warehouse": ("Clipboard manifest", "Crowbar (rubber)", "Flashlight", "Padlock and keys"),
    "office": ("Laptop with screen content", "Desk phone", "Contract folder", "Coffee mug"),
    "church": ("Hymn books", "Candles", "Collection plate"),
    "school": ("Backpacks", "Textbooks", "Hall pass"),
    "shop": ("Shopping bags", "Price gun", "Receipt roll"),
    "street": ("Shopping bags", "Phone (hero)", "Umbrella"),
    "hospital": ("Clipboard chart", "IV stand", "Hospital wristband"),
}  # fmt: skip
VEHICLES: dict[str, tuple[str, ...]] = {
    "diner": ("1978 Ford pickup (picture car)",), "desert": ("1978 Ford pickup (picture car)", "Tow truck"),
    "street": ("Police cruiser", "City bus (background)"), "police": ("Police cruiser",),
    "motel": ("1978 Ford pickup (picture car)", "Station wagon"), "pier": ("Ice-cream van",),
    "warehouse": ("Forklift", "Box truck"), "hospital": ("Ambulance",), "park": ("Park ranger cart",),
}  # fmt: skip
# (category, element, the chance a scene at such a place has it)
NEEDS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "diner": (("Special Effects", "Steam from the grill", 0.3), ("Makeup/Hair", "Grease burns on hands", 0.1)),
    "house": (("Special Effects", "Fireplace fire", 0.15),),
    "police": (("Stunts", "Arrest take-down", 0.15),),
    "desert": (("Special Effects", "Dust and wind", 0.5), ("Stunts", "Truck skid", 0.2)),
    "park": (("Animals", "Dog (trained terrier)", 0.25), ("Animal Wranglers", "Dog trainer", 0.25)),
    "loft": (("Special Effects", "Atmos (haze)", 0.3), ("Music", "Playback: party track", 0.3)),
    "pier": (("Special Effects", "Wave machine spray", 0.2), ("Stunts", "Fall into water (double)", 0.1)),
    "motel": (("Special Effects", "Rain towers", 0.3), ("Makeup/Hair", "Blood gag and bruise continuity", 0.2)),
    "bar": (("Stunts", "Bar fight (choreographed)", 0.2), ("Makeup/Hair", "Cut lip (prosthetic)", 0.15)),
    "warehouse": (("Special Effects", "Sparks from grinder", 0.3), ("Special Equipment", "Condor lift", 0.2)),
    "office": (("Visual Effects", "Screen replacement", 0.3),),
    "street": (("Security", "Traffic control officers", 0.3), ("Special Equipment", "Process trailer", 0.15)),
    "hospital": (("Makeup/Hair", "Bandages and stitches", 0.4),),
}  # fmt: skip
WARDROBE = ("Waitress uniform", "Wet-down double", "Blood-stained shirt (x3)", "Period suit", "Night-out dress")


def element_rows(scenes: list[dict[str, object]], kinds: list[str], rng: random.Random) -> list[Row]:
    """Elements rows for ``scenes`` (Scenes rows, in script order) shot at places of ``kinds``."""
    rows: list[Row] = []
    for sc, kind in zip(scenes, kinds, strict=True):
        scene = sc["scene"]
        for prop in rng.sample(PROPS.get(kind, PROPS["street"]), k=rng.choice((1, 1, 2))):
            rows.append({"scene": scene, "category": "Props", "element": prop, "notes": None})
        vehicles = VEHICLES.get(kind, ())
        if vehicles and sc["int_ext"] != "INT" and rng.random() < 0.6:
            rows.append({"scene": scene, "category": "Vehicles", "element": rng.choice(vehicles), "notes": None})
        for category, element, chance in NEEDS.get(kind, ()):
            if rng.random() < chance:
                rows.append({"scene": scene, "category": category, "element": element, "notes": None})
        if sc.get("cast") and rng.random() < 0.12:
            rows.append({"scene": scene, "category": "Wardrobe", "element": rng.choice(WARDROBE),
                         "notes": f"Cast {sc['cast'][0]}"})  # type: ignore[index]  # fmt: skip
    return rows


def script_pages(scenes: list[dict[str, object]]) -> None:
    """Each scene's starting script page (scenes in script order, a page being 8 eighths), set in place."""
    eighths = 0
    for sc in scenes:
        sc["script_page"] = str(eighths // 8 + 1)
        eighths += int(sc["pages"])  # type: ignore[call-overload]
