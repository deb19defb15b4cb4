"""Words for the breakdown and the call sheets: synopses, background, department notes, weather, day notes.

Separate from the scheduling logic so the demo can read like a real production without the generator growing
a wall of strings. ``{a}`` and ``{b}`` in a synopsis are the first names of two characters in the scene.
"""

from __future__ import annotations

SYNOPSES_ONE: tuple[str, ...] = (
    "{a} counts the till twice and comes up short.", "{a} finds the envelope taped under the counter.",
    "{a} waits for a call that never comes.", "{a} burns the old letters.", "{a} rehearses what to say.",
    "{a} hides the keys in the flour bin.", "{a} watches the road for headlights.",
    "{a} reads the eviction notice aloud.", "{a} fixes the jukebox with a butter knife.",
    "{a} makes a decision and packs a bag.", "{a} sits alone with a cold cup of coffee.",
    "{a} follows the tyre tracks off the road.", "{a} practises the combination on the safe.",
    "{a} talks to a photograph.", "{a} breaks down, then pulls it together.",
)  # fmt: skip

SYNOPSES_TWO: tuple[str, ...] = (
    "{a} confronts {b} about the missing money.", "{a} asks {b} for one more week.",
    "{b} tells {a} the diner is being sold.", "{a} and {b} argue over the night shift.",
    "{a} catches {b} in a lie.", "{b} offers {a} a way out.", "{a} and {b} share a cigarette and a secret.",
    "{b} warns {a} to stay away from the motel.", "{a} teaches {b} to make the perfect pie crust.",
    "{a} and {b} drive in silence.", "{b} shows {a} the ledger.", "{a} begs {b} not to call the police.",
    "{a} and {b} almost kiss.", "{b} recognises {a} from the newspaper.", "{a} hands {b} the cash box.",
    "{b} questions {a} about the night of the fire.", "{a} and {b} laugh for the first time.",
    "{b} follows {a} outside.", "{a} tells {b} the truth about Lily's father.", "{b} threatens {a}.",
)  # fmt: skip

# Background by kind of place (see places.Place.kind); None means no background for that scene.
BACKGROUND: dict[str, tuple[str, ...]] = {
    "diner": ("8 diner patrons, 1 busboy", "4 regulars at the counter", "12 late-night diners, 2 truckers"),
    "house": ("2 neighbours", "mail carrier"),
    "police": ("6 uniformed officers, 3 detectives", "4 officers, 2 arrestees", "desk sergeant, 3 officers"),
    "park": ("10 joggers & walkers", "6 picnickers, 4 kids with parents", "2 fishermen, 5 walkers"),
    "desert": ("2 bikers", "trucker at pump"),
    "loft": ("party guests (15)", "2 neighbours on the stairs"),
    "pier": ("30 tourists", "arcade players (10)", "8 beachgoers, 2 lifeguards"),
    "motel": ("2 motel guests", "housekeeper", "couple arguing (2)"),
    "bar": ("10 drinkers, 1 pool player", "band (4) and 20 patrons"),
    "warehouse": ("4 warehouse workers", "forklift driver"),
    "office": ("12 office workers", "security guard, 6 visitors"),
    "church": ("25 congregants", "choir (8)"),
    "school": ("20 students", "2 teachers, 15 students"),
    "shop": ("3 customers", "2 customers"),
    "street": ("10 pedestrians, 2 cyclists", "street vendor, 6 pedestrians"),
    "hospital": ("3 nurses, 4 patients", "2 EMTs, 1 doctor"),
}  # fmt: skip

# Department notes for call sheets: (department, remark); {scene} is a scene on that day.
DEPARTMENT_NOTES: tuple[tuple[str, str], ...] = (
    ("Camera", "Steadicam for sc. {scene}"), ("Camera", "Second camera body for sc. {scene}"),
    ("Grip", "Dolly track and 20' jib for sc. {scene}"), ("Electric", "Condor and 18K for sc. {scene}"),
    ("Sound", "Playback on set for sc. {scene}"), ("Props", "Hero cash box and ledger sc. {scene}"),
    ("Props", "Breakaway plates sc. {scene}"), ("Set Dressing", "Swap the counter stools before sc. {scene}"),
    ("Special Effects", "Rain towers and water truck sc. {scene}"), ("Special Effects", "Atmos (haze) sc. {scene}"),
    ("Hair & Makeup", "Blood gag and bruise continuity sc. {scene}"), ("Costume", "Wet-down doubles sc. {scene}"),
    ("Transportation", "Picture car: 1978 pickup on set for sc. {scene}"),
    ("Locations", "Neighbours notified; no parking on the east side"),
    ("Medic & Safety", "Safety meeting at call; stunt in sc. {scene}"),
    ("Catering", "Hot breakfast 30 min before crew call"), ("Craft Service", "Walking breakfast to set"),
    ("Assistant Directors", "Closed set for sc. {scene}"),
)  # fmt: skip

WEATHER: tuple[str, ...] = (
    "Sunny, high 72°F, low 54°F", "Partly cloudy, high 68°F, low 52°F", "Marine layer, clearing by noon, 66°F",
    "Clear, high 75°F, low 55°F", "Overcast, 20% rain, high 63°F", "Windy, high 70°F, gusts 25 mph",
)  # fmt: skip

FIRST_DAY_NOTE = "Day 1: safety meeting at crew call"
NIGHT_NOTE = "Night work: hot meal served at lunch time"
LATE_CALL_NOTE = "Late call for weekly rest after nights"
