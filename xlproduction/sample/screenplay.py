"""A generated feature screenplay in Fountain: the long script the benchmark times and the demo imports.

No copyrighted screenplay may be committed, and the public-domain ones at hand are a few pages long, so the
120-page, ~200-scene feature the speed target is set for is written here, deterministically from a seed. It uses
every construction a real script does — a title page, numbered headings with inserted scenes (``12A``), INT/EXT,
I/E and EST headings, DAY/NIGHT/DAWN/DUSK/CONTINUOUS/LATER, speeches with parentheticals and (V.O.)/(O.S.)/(CONT'D)
extensions, dual dialogue, forced cues, transitions, synopses, sections, notes, boneyard and forced page breaks —
and the cast and sets of the sample production (``Last Call at Rosie's``), so importing it into the sample reads
naturally.
"""

from __future__ import annotations

import random

TITLE = "Last Call at Rosie's"

# (name, weight): leads speak in most scenes, day players in a few.
CHARACTERS: tuple[tuple[str, int], ...] = (
    ("ROSIE", 30), ("MAYA", 24), ("DEAN", 18), ("LILY", 14), ("SHERIFF COLE", 10), ("FRANK", 9), ("NORA", 8),
    ("EDDIE", 7), ("PASTOR WILLIS", 5), ("TRUCKER", 4), ("DEPUTY RUIZ", 4), ("MRS. ABERNATHY", 3), ("JUNIOR", 3),
    ("DOC HALVERSON", 3), ("WAITRESS", 2), ("RADIO HOST", 2), ("BANK MANAGER", 2), ("MOTEL CLERK", 2),
    ("LANDLORD", 2), ("BIKER", 1), ("KID", 1), ("NURSE", 1), ("LAWYER", 1), ("CHOIR LEADER", 1),
)  # fmt: skip

SETS: tuple[tuple[str, str], ...] = (
    ("INT.", "ROSIE'S DINER"), ("INT.", "ROSIE'S DINER - KITCHEN"), ("EXT.", "ROSIE'S DINER - PARKING LOT"),
    ("INT.", "ROSIE'S HOUSE - KITCHEN"), ("INT.", "ROSIE'S HOUSE - BEDROOM"), ("EXT.", "ROSIE'S HOUSE - PORCH"),
    ("INT.", "SHERIFF'S STATION"), ("INT.", "SHERIFF'S STATION - HOLDING CELL"), ("EXT.", "MAIN STREET"),
    ("INT./EXT.", "DEAN'S PICKUP TRUCK"), ("EXT.", "DESERT HIGHWAY"), ("INT.", "STARLIGHT MOTEL - ROOM 6"),
    ("EXT.", "STARLIGHT MOTEL"), ("INT.", "BLUE MOON BAR"), ("EXT.", "SANTA MONICA PIER"), ("INT.", "FIRST BANK"),
    ("INT.", "ST. AGNES CHURCH"), ("EXT.", "CITY PARK"), ("INT.", "COUNTY HOSPITAL - CORRIDOR"),
    ("INT.", "MAYA'S LOFT"), ("EXT.", "WAREHOUSE DISTRICT"), ("I/E", "GREYHOUND BUS"), ("EST.", "DESERT TOWN"),
    ("INT.", "HIGH SCHOOL GYM"), ("EXT.", "GAS STATION"),
)  # fmt: skip

TIMES = ("DAY", "DAY", "DAY", "NIGHT", "NIGHT", "DAWN", "DUSK", "MORNING", "EVENING", "CONTINUOUS", "LATER")
EXTENSIONS = ("", "", "", "", "", "", " (V.O.)", " (O.S.)", " (CONT'D)", " (ON PHONE)")
PARENTHETICALS = ("(quietly)", "(beat)", "(not looking up)", "(to Maya)", "(re: the envelope)", "(laughing)",
                  "(under her breath)", "(off the ledger)")  # fmt: skip
WORDS = ("the", "diner", "neon", "flickers", "and", "rain", "runs", "down", "glass", "a", "truck", "idles", "outside",
         "coffee", "counter", "keys", "envelope", "ledger", "she", "he", "waits", "watches", "the", "road", "slowly",
         "turns", "back", "toward", "door", "quiet", "for", "moment", "then", "lights", "go", "out", "behind",
         "them", "jukebox", "plays", "old", "song", "cash", "box", "under", "floorboards", "motel", "sign",
         "buzzes", "with", "moths", "dust", "rises", "off", "highway", "sirens", "far", "away")  # fmt: skip
LINES = ("We open at six. We always open at six.", "You don't get to decide that for me.",
         "Where were you the night of the fire?", "It's in the ledger. Every cent of it.",
         "I'm not asking you again.", "Then who took it?", "Lily doesn't need to know. Not yet.",
         "The bank called. Twice.", "You think this town forgets anything?", "Pie's on the house. Sit down.",
         "I should have left years ago.", "Don't. Please.", "He was here. I saw his truck.",
         "One more week. That's all I need.", "Some things you don't fix, you just keep running.",
         "Sheriff wants a word.", "Turn the sign off. We're closed.", "You kept the letters.")  # fmt: skip
NON_SPEAKING = ("a TRUCKER", "two DEPUTIES", "a BUSBOY", "the REGULARS", "a STRAY DOG", "an OLD COUPLE")


def generate_screenplay(scenes: int = 200, seed: int = 15) -> str:
    """A feature screenplay in Fountain of ``scenes`` scenes (about 0.6 page each: 200 scenes ≈ 120 pages)."""
    rng = random.Random(seed)
    names = [n for n, _ in CHARACTERS]
    weights = [w for _, w in CHARACTERS]
    out: list[str] = [f"Title: {TITLE}", "Credit: written by", "Author: Sam Ortega", "Draft date: 2027-01-15",
                      "Contact:", "    Marigold Lane Pictures", "    office@example.com", "",
                      "FADE IN:", ""]  # fmt: skip
    number = 0
    for i in range(scenes):
        if i and i % 40 == 0:
            out += [f"# Act {i // 40 + 1}", ""]
        ie, place = SETS[rng.randrange(len(SETS))]
        time = TIMES[rng.randrange(len(TIMES))] if i else "NIGHT"
        if rng.random() < 0.05 and number:
            label = f"{number}A"  # a scene added in revision keeps its neighbours' numbers
        else:
            number += 1
            label = str(number)
        out += [f"{ie} {place} - {time} #{label}#", ""]
        if rng.random() < 0.3:
            out += [f"= {rng.choice(LINES)}", ""]
        if rng.random() < 0.1:
            out += ["[[check continuity of the envelope with props]]", ""]
        cast = _pick(rng, names, weights, 1 + min(3, int(rng.expovariate(0.9))))
        out += [_action(rng, cast, sentences=rng.randint(1, 4)), ""]
        beats = rng.randint(2, 5) if rng.random() < 0.92 else rng.randint(14, 24)  # a few long scenes
        for b in range(beats):
            who = cast[b % len(cast)] if rng.random() < 0.85 else rng.choice(cast)
            if rng.random() < 0.15:
                out += [_action(rng, cast, sentences=rng.randint(1, 3)), ""]
            if len(cast) > 1 and rng.random() < 0.04:
                other = next(c for c in cast if c != who)
                out += [who, rng.choice(LINES), "", f"{other} ^", rng.choice(LINES), ""]
                continue
            cue = ("@" + who.title()) if who == "DOC HALVERSON" and rng.random() < 0.3 else who
            out.append(cue + EXTENSIONS[rng.randrange(len(EXTENSIONS))])
            if rng.random() < 0.25:
                out.append(rng.choice(PARENTHETICALS))
            out.append(" ".join(rng.choice(LINES) for _ in range(rng.randint(1, 4))))
            out.append("")
        if rng.random() < 0.2:
            out += ["/* cut for time?", rng.choice(LINES), "*/", ""]
        if rng.random() < 0.15:
            out += ["CUT TO:", ""]
        if rng.random() < 0.01:
            out += ["===", ""]
    out += ["> FADE OUT.", "", "> THE END <", ""]
    return "\n".join(out)


def _pick(rng: random.Random, names: list[str], weights: list[int], k: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        n = rng.choices(names, weights)[0]
        if n not in chosen:
            chosen.append(n)
    return chosen


def _action(rng: random.Random, cast: list[str], sentences: int) -> str:
    parts = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 22))]
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), cast[0].title())
        if rng.random() < 0.1:
            words.insert(0, NON_SPEAKING[rng.randrange(len(NON_SPEAKING))])
        s = " ".join(words)
        parts.append(s[0].upper() + s[1:] + ".")
    return " ".join(parts)
