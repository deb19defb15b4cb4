"""Los Angeles places for the sample production: filming locations, their sets, and the nearest hospitals.

A call sheet must always print the nearest hospital, and sunrise/sunset need real coordinates, so the demo uses
real neighbourhoods, real hospitals (name and street address) and plausible coordinates. Location street
numbers are invented, and every phone number is a 555-01xx number (reserved for fiction), so nobody is ever
called from a demo call sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

# name -> (street address, fictional phone)
HOSPITALS: dict[str, tuple[str, str]] = {
    "Providence Saint Joseph Medical Center": ("501 S Buena Vista St, Burbank, CA 91505", "+1 818 555 0101"),
    "Adventist Health Glendale": ("1509 Wilson Terrace, Glendale, CA 91206", "+1 818 555 0102"),
    "Hollywood Presbyterian Medical Center": ("1300 N Vermont Ave, Los Angeles, CA 90027", "+1 323 555 0103"),
    "PIH Health Good Samaritan Hospital": ("1225 Wilshire Blvd, Los Angeles, CA 90017", "+1 213 555 0104"),
    "Henry Mayo Newhall Hospital": ("23845 McBean Pkwy, Valencia, CA 91355", "+1 661 555 0105"),
    "California Hospital Medical Center": ("1401 S Grand Ave, Los Angeles, CA 90015", "+1 213 555 0106"),
    "Providence Saint John's Health Center": ("2121 Santa Monica Blvd, Santa Monica, CA 90404", "+1 310 555 0107"),
    "Providence Holy Cross Medical Center": ("15031 Rinaldi St, Mission Hills, CA 91345", "+1 818 555 0108"),
    "Kaiser Permanente Los Angeles Medical Center": ("4867 W Sunset Blvd, Los Angeles, CA 90027",
                                                     "+1 323 555 0109"),
    "Valley Presbyterian Hospital": ("15107 Vanowen St, Van Nuys, CA 91405", "+1 818 555 0110"),
    "Huntington Hospital": ("100 W California Blvd, Pasadena, CA 91105", "+1 626 555 0111"),
    "Long Beach Memorial Medical Center": ("2801 Atlantic Ave, Long Beach, CA 90806", "+1 562 555 0112"),
    "Southern California Hospital at Culver City": ("3828 Delmas Terrace, Culver City, CA 90232",
                                                    "+1 310 555 0113"),
    "Marina Del Rey Hospital": ("4650 Lincoln Blvd, Marina del Rey, CA 90292", "+1 310 555 0114"),
    "Providence Little Company of Mary Medical Center San Pedro": ("1300 W 7th St, San Pedro, CA 90732",
                                                                   "+1 310 555 0115"),
    "Providence Little Company of Mary Medical Center Torrance": ("4101 Torrance Blvd, Torrance, CA 90503",
                                                                  "+1 310 555 0116"),
    "Sherman Oaks Hospital": ("4929 Van Nuys Blvd, Sherman Oaks, CA 91403", "+1 818 555 0117"),
    "Ronald Reagan UCLA Medical Center": ("757 Westwood Plaza, Los Angeles, CA 90095", "+1 310 555 0118"),
    "LAC+USC Medical Center": ("2051 Marengo St, Los Angeles, CA 90033", "+1 323 555 0119"),
    "Keck Hospital of USC": ("1500 San Pablo St, Los Angeles, CA 90033", "+1 323 555 0100"),
    "Centinela Hospital Medical Center": ("555 E Hardy St, Inglewood, CA 90301", "+1 310 555 0100"),
}  # fmt: skip

OFFICE_ADDRESS = "3400 W Riverside Dr, Suite 210, Burbank, CA 91505"
OFFICE_PHONE = "+1 818 555 0100"


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    address: str
    latitude: float
    longitude: float
    hospital: str  # a key of HOSPITALS
    kind: str  # picks background and department-note vocabulary
    sets: tuple[tuple[str, str], ...]  # (set name, INT/EXT)
    weight: float = 1.0  # share of the shoot days spent here
    parking: str = ""
    base_camp: str = ""
    stage: bool = False  # a sound stage: billed as stage rental, not a site fee


SAMPLE_PLACES: tuple[Place, ...] = (
    Place("Rosie's Diner", "5107 Lankershim Blvd, North Hollywood, CA 91601", 34.1640, -118.3760,
          "Providence Saint Joseph Medical Center", "diner",
          (("DINER - COUNTER", "INT"), ("DINER - KITCHEN", "INT"), ("DINER - BOOTH", "INT"),
           ("DINER - PARKING LOT", "EXT"), ("DINER - BACK ALLEY", "EXT")),
          weight=3.0, parking="Crew parking: NoHo Metro lot, shuttle every 15 min",
          base_camp="Lankershim Blvd & Magnolia Blvd, east curb"),
    Place("Alvarez House", "4821 Townsend Ave, Eagle Rock, Los Angeles, CA 90041", 34.1390, -118.2060,
          "Adventist Health Glendale", "house",
          (("ALVAREZ HOUSE - KITCHEN", "INT"), ("ALVAREZ HOUSE - LIVING ROOM", "INT"),
           ("ALVAREZ HOUSE - LILY'S BEDROOM", "INT"), ("ALVAREZ HOUSE - FRONT PORCH", "EXT"),
           ("ALVAREZ HOUSE - BACKYARD", "EXT")),
          weight=2.5, parking="Crew parking: Occidental College lot P3 (permit on dash)",
          base_camp="Colorado Blvd & Townsend Ave"),
    Place("Cole Avenue Stages - Stage 4", "1147 N Cole Ave, Los Angeles, CA 90038", 34.0915, -118.3327,
          "Hollywood Presbyterian Medical Center", "police",
          (("POLICE STATION - BULLPEN", "INT"), ("POLICE STATION - INTERROGATION ROOM", "INT"),
           ("POLICE STATION - HOLDING CELL", "INT"), ("THEO'S PICKUP (MOVING)", "INT/EXT"),
           ("HOSPITAL - CORRIDOR", "INT")),
          weight=3.0, parking="On the lot, Gate 2 off Willoughby Ave", base_camp="Stage 4 elephant door",
          stage=True),
    Place("Echo Park Lake", "751 Echo Park Ave, Los Angeles, CA 90026", 34.0727, -118.2606,
          "PIH Health Good Samaritan Hospital", "park",
          (("ECHO PARK - BOATHOUSE", "EXT"), ("ECHO PARK - LAKE PATH", "EXT"), ("ECHO PARK - BOATHOUSE CAFE", "INT")),
          weight=1.2, parking="Crew parking: Glendale Blvd lot, walk 5 min", base_camp="Park Ave & Echo Park Ave"),
    Place("Agua Dulce Desert Road", "33100 Escondido Canyon Rd, Agua Dulce, CA 91390", 34.4876, -118.3204,
          "Henry Mayo Newhall Hospital", "desert",
          (("DESERT HIGHWAY", "EXT"), ("ROADSIDE GAS STATION - PUMPS", "EXT"), ("GAS STATION - STORE", "INT"),
           ("DRY RIVERBED", "EXT")),
          weight=1.5, parking="Dirt lot at mile marker 12 (4x4 shuttle)", base_camp="Agua Dulce Canyon Rd turnout"),
    Place("Spring Street Loft", "453 S Spring St, Los Angeles, CA 90013", 34.0480, -118.2500,
          "California Hospital Medical Center", "loft",
          (("THEO'S LOFT", "INT"), ("LOFT - ROOFTOP", "EXT"), ("SPRING STREET", "EXT"), ("LOFT - STAIRWELL", "INT")),
          weight=1.5, parking="Crew parking: 5th & Spring structure, level 3", base_camp="Main St between 4th & 5th"),
    Place("Santa Monica Pier", "200 Santa Monica Pier, Santa Monica, CA 90401", 34.0094, -118.4973,
          "Providence Saint John's Health Center", "pier",
          (("PIER - ARCADE", "INT"), ("PIER - BOARDWALK", "EXT"), ("BEACH BELOW THE PIER", "EXT")),
          weight=1.0, parking="Crew parking: Lot 1 North (validated)", base_camp="Appian Way turnaround"),
    Place("Valley Motor Inn", "8401 San Fernando Rd, Sun Valley, CA 91352", 34.2230, -118.3680,
          "Providence Holy Cross Medical Center", "motel",
          (("MOTOR INN - ROOM 12", "INT"), ("MOTOR INN - OFFICE", "INT"), ("MOTOR INN - PARKING LOT", "EXT")),
          weight=1.3, parking="Crew parking: rear lot behind units 20-30", base_camp="San Fernando Rd frontage"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    name: str
    city: str
    zip_code: str
    latitude: float
    longitude: float
    streets: tuple[str, ...]
    hospital: str


NEIGHBOURHOODS: tuple[Neighbourhood, ...] = (
    Neighbourhood("Silver Lake", "Los Angeles", "90026", 34.0869, -118.2702,
                  ("Sunset Blvd", "Silver Lake Blvd", "Hyperion Ave"), "Kaiser Permanente Los Angeles Medical Center"),
    Neighbourhood("Koreatown", "Los Angeles", "90005", 34.0618, -118.3004,
                  ("Wilshire Blvd", "W 6th St", "S Western Ave"), "PIH Health Good Samaritan Hospital"),
    Neighbourhood("Van Nuys", "Van Nuys", "91405", 34.1867, -118.4490,
                  ("Sepulveda Blvd", "Victory Blvd", "Van Nuys Blvd"), "Valley Presbyterian Hospital"),
    Neighbourhood("Pasadena", "Pasadena", "91101", 34.1478, -118.1445,
                  ("Colorado Blvd", "Lake Ave", "Fair Oaks Ave"), "Huntington Hospital"),
    Neighbourhood("Long Beach", "Long Beach", "90802", 33.7701, -118.1937,
                  ("Ocean Blvd", "Pine Ave", "Atlantic Ave"), "Long Beach Memorial Medical Center"),
    Neighbourhood("Burbank", "Burbank", "91502", 34.1808, -118.3090,
                  ("Magnolia Blvd", "Olive Ave", "San Fernando Blvd"), "Providence Saint Joseph Medical Center"),
    Neighbourhood("Culver City", "Culver City", "90232", 34.0211, -118.3965,
                  ("Washington Blvd", "Culver Blvd", "Venice Blvd"), "Southern California Hospital at Culver City"),
    Neighbourhood("Venice", "Los Angeles", "90291", 33.9850, -118.4695,
                  ("Abbot Kinney Blvd", "Main St", "Rose Ave"), "Marina Del Rey Hospital"),
    Neighbourhood("Highland Park", "Los Angeles", "90042", 34.1115, -118.1923,
                  ("N Figueroa St", "York Blvd", "Avenue 50"), "Adventist Health Glendale"),
    Neighbourhood("San Pedro", "San Pedro", "90731", 33.7361, -118.2923,
                  ("Gaffey St", "S Pacific Ave", "Harbor Blvd"),
                  "Providence Little Company of Mary Medical Center San Pedro"),
    Neighbourhood("Torrance", "Torrance", "90503", 33.8358, -118.3406,
                  ("Hawthorne Blvd", "Torrance Blvd", "Sepulveda Blvd"),
                  "Providence Little Company of Mary Medical Center Torrance"),
    Neighbourhood("Glendale", "Glendale", "91203", 34.1425, -118.2551,
                  ("N Brand Blvd", "Glenoaks Blvd", "W Colorado St"), "Adventist Health Glendale"),
    Neighbourhood("Sherman Oaks", "Sherman Oaks", "91403", 34.1508, -118.4490,
                  ("Ventura Blvd", "Van Nuys Blvd", "Riverside Dr"), "Sherman Oaks Hospital"),
    Neighbourhood("Westwood", "Los Angeles", "90024", 34.0635, -118.4455,
                  ("Westwood Blvd", "Wilshire Blvd", "Gayley Ave"), "Ronald Reagan UCLA Medical Center"),
    Neighbourhood("Chinatown", "Los Angeles", "90012", 34.0623, -118.2383,
                  ("N Broadway", "N Spring St", "N Hill St"), "LAC+USC Medical Center"),
    Neighbourhood("Boyle Heights", "Los Angeles", "90033", 34.0339, -118.2048,
                  ("E Cesar E Chavez Ave", "E 1st St", "N Soto St"), "Keck Hospital of USC"),
    Neighbourhood("Santa Clarita", "Santa Clarita", "91355", 34.3917, -118.5426,
                  ("Valencia Blvd", "Soledad Canyon Rd", "Bouquet Canyon Rd"), "Henry Mayo Newhall Hospital"),
    Neighbourhood("Inglewood", "Inglewood", "90301", 33.9617, -118.3531,
                  ("W Manchester Blvd", "N La Brea Ave", "N Market St"), "Centinela Hospital Medical Center"),
)  # fmt: skip

# Kinds of generated locations for the larger sizes: (kind, name pattern, sets as (suffix, INT/EXT)).
# {owner} is an invented surname, so every generated set name is unique to its location.
PLACE_TYPES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("house", "{owner} House", (("KITCHEN", "INT"), ("LIVING ROOM", "INT"), ("BEDROOM", "INT"),
                                ("FRONT YARD", "EXT"))),
    ("bar", "{owner}'s Tavern", (("BAR", "INT"), ("BACK ROOM", "INT"), ("ALLEY", "EXT"))),
    ("warehouse", "{owner} Warehouse", (("LOADING DOCK", "EXT"), ("FLOOR", "INT"), ("OFFICE", "INT"))),
    ("office", "{owner} Tower", (("LOBBY", "INT"), ("CORNER OFFICE", "INT"), ("PLAZA", "EXT"))),
    ("church", "St. {owner}'s Church", (("NAVE", "INT"), ("STEPS", "EXT"), ("RECTORY", "INT"))),
    ("school", "{owner} High School", (("CLASSROOM", "INT"), ("GYM", "INT"), ("PARKING LOT", "EXT"))),
    ("shop", "{owner} Laundromat", (("LAUNDROMAT", "INT"), ("STOREFRONT", "EXT"))),
    ("street", "{owner} Street", (("SIDEWALK", "EXT"), ("BUS STOP", "EXT"), ("CORNER STORE", "INT"))),
    ("motel", "{owner} Motel", (("ROOM 7", "INT"), ("OFFICE", "INT"), ("POOL", "EXT"))),
    ("park", "{owner} Park", (("PLAYGROUND", "EXT"), ("PICNIC AREA", "EXT"), ("RESTROOMS", "INT"))),
    ("hospital", "{owner} Clinic", (("WAITING ROOM", "INT"), ("EXAM ROOM", "INT"), ("AMBULANCE BAY", "EXT"))),
    ("diner", "{owner}'s Diner", (("COUNTER", "INT"), ("KITCHEN", "INT"), ("PARKING LOT", "EXT"))),
)  # fmt: skip
