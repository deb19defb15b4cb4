"""The locations of a generated production: the feature's own places, then invented ones for larger sizes.

Generated places sit in real Los Angeles neighbourhoods (coordinates jittered around the neighbourhood's
centre) and take that neighbourhood's nearest hospital, so every location of every size can print a real
hospital on its call sheet and a plausible sunrise.
"""

from __future__ import annotations

import random

from ..model.tabledata import Row
from .names import SURNAMES
from .places import HOSPITALS, NEIGHBOURHOODS, PLACE_TYPES, SAMPLE_PLACES, Place


def build_places(n: int, rng: random.Random) -> list[Place]:
    """n places: the sample's own first, then invented ones cycling through neighbourhoods and kinds."""
    places = list(SAMPLE_PLACES[:n])
    owners = rng.sample(SURNAMES, k=min(len(SURNAMES), max(0, n - len(places))))
    for j in range(n - len(places)):
        hood = NEIGHBOURHOODS[j % len(NEIGHBOURHOODS)]
        kind, pattern, sets = PLACE_TYPES[(j * 5 + j // len(NEIGHBOURHOODS)) % len(PLACE_TYPES)]
        owner = owners[j % len(owners)] + (f" {j // len(owners) + 2}" if j >= len(owners) else "")
        name = pattern.format(owner=owner)
        prefix = name.upper()
        street = hood.streets[j % len(hood.streets)]
        places.append(Place(
            name=name, address=f"{rng.randint(100, 9899)} {street}, {hood.city}, CA {hood.zip_code}",
            latitude=round(hood.latitude + rng.uniform(-0.008, 0.008), 4),
            longitude=round(hood.longitude + rng.uniform(-0.008, 0.008), 4),
            hospital=hood.hospital, kind=kind, sets=tuple((f"{prefix} - {s}", ie) for s, ie in sets),
            weight=rng.uniform(0.6, 1.6), parking=f"Crew parking: lot on {street} (shuttle)",
            base_camp=f"{street}, {hood.name}",
        ))  # fmt: skip
    return places


def location_id(i: int) -> str:
    return f"L{i + 1:02d}"


def location_rows(places: list[Place], contacts: list[tuple[str, str]]) -> list[Row]:
    """Locations table rows; contacts are (name, phone) of each location's owner or manager."""
    rows: list[Row] = []
    for i, p in enumerate(places):
        address, phone = HOSPITALS[p.hospital]
        rows.append({
            "location_id": location_id(i), "name": p.name, "address": p.address, "latitude": p.latitude,
            "longitude": p.longitude, "parking": p.parking, "base_camp": p.base_camp, "hospital": p.hospital,
            "hospital_address": address, "hospital_phone": phone, "contact": contacts[i][0],
            "contact_phone": contacts[i][1], "permit": None if p.stage else f"FilmLA 27-{4101 + i * 7:05d}",
            "available_from": None, "available_to": None,
            "notes": "Sound stage: no permit needed" if p.stage else None,
        })  # fmt: skip
    return rows
