"""Name lists for the invented people of the sample production: performers, crew, agents, relatives.

Kept apart from the generator so the vocabulary can grow without touching any logic. Surnames are deliberately
uncommon so that the demo's performers read as fictional; every name is plain ASCII so that the example.com
e-mail addresses derived from it are valid without transliteration.
"""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = (
    "Ada", "Adrian", "Aiko", "Alma", "Amara", "Anders", "Anika", "Anton", "Ari", "Astrid", "Aurelio", "Beatrix",
    "Bennett", "Bianca", "Bram", "Calla", "Camille", "Casimir", "Cedric", "Celeste", "Dara", "Darius", "Delphine",
    "Desmond", "Dolores", "Eamon", "Edie", "Elio", "Elke", "Emeric", "Esme", "Ezra", "Fabian", "Faye", "Felix",
    "Fenna", "Fiona", "Gideon", "Greta", "Gus", "Hana", "Hollis", "Ines", "Ingrid", "Ira", "Isadora", "Ivo",
    "Jasper", "Jolene", "Jonah", "Juno", "Kai", "Kasimir", "Keiko", "Kenji", "Lark", "Leona", "Lior", "Lorcan",
    "Lucia", "Mabel", "Magnus", "Malik", "Margo", "Marisol", "Matteo", "Maeve", "Mirela", "Nadia", "Nico",
    "Nilufar", "Noor", "Odette", "Olek", "Orla", "Oskar", "Paloma", "Pascal", "Petra", "Quentin", "Rafferty",
    "Ramona", "Reza", "Rhea", "Roisin", "Rufus", "Saoirse", "Selim", "Seren", "Silas", "Solenne", "Stellan",
    "Sunniva", "Tamsin", "Tariq", "Teodor", "Thea", "Tobiah", "Uma", "Valentin", "Vera", "Viggo", "Wren",
    "Xiomara", "Yara", "Yusuf", "Zadie", "Zoltan", "Anouk", "Bastian", "Cosima", "Dashiell", "Elodie", "Florian",
    "Ginevra", "Hamish", "Imogen", "Jericho", "Kestrel", "Linnea", "Marek", "Nerys", "Ottilie", "Perpetua",
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "Abernethy", "Achterberg", "Aldous", "Ambrosetti", "Arkwright", "Ashdown", "Balsamo", "Barrowclough",
    "Bellweather", "Birchall", "Blackwood", "Brannigan", "Brightwater", "Cairncross", "Calder", "Carrow",
    "Castellane", "Cheverton", "Coldridge", "Corrigan", "Crabtree", "Dagenais", "Dalby", "Delacroix-Hart",
    "Demeter", "Dunmore", "Eckhardt", "Elsworth", "Engstrand", "Fairweather", "Falconer", "Farrington", "Fennimore",
    "Ferraby", "Fitzalan", "Galloway", "Garroway", "Gilchrist", "Goldhawk", "Greenhalgh", "Halloran", "Hargreave",
    "Hathersage", "Holloway", "Hornblower", "Ingleby", "Ironside", "Jankowska", "Jessop", "Kavanagh", "Kestrelton",
    "Kilbride", "Kingsley-Oduya", "Lachance", "Lamontagne", "Larkspur", "Lindqvist", "Lockwood", "Lovelock",
    "Maddox", "Malvern", "Marchetti", "Merriweather", "Montclair", "Moorcroft", "Nakashima", "Nettleton",
    "Northcott", "Oakenfold", "Okonkwo-Reyes", "Oldcastle", "Ormsby", "Pemberton", "Penhaligon", "Quaintance",
    "Quillfeather", "Rathbone", "Ravenscroft", "Redgrave-Soto", "Rookwood", "Rosenthorpe", "Saltonstall",
    "Scarborough", "Sedgwick", "Silverthorne", "Sinclair-Ibe", "Stonebridge", "Strickland", "Sunderland",
    "Tallantyre", "Thistlewood", "Thornbury", "Tiverton", "Treadwell", "Tremayne", "Umberfield", "Underhill",
    "Vandermolen", "Varga-Lund", "Vexley", "Wainwright", "Waverley", "Whitlock", "Wildermuth", "Winterbourne",
    "Wolfenden", "Wrexham", "Yardley", "Yarrow", "Zabrowski", "Zellweger-Mao", "Applewhite", "Brackenridge",
    "Copperfield", "Dewhurst", "Easterbrook", "Foxworth", "Gravesend", "Hawksmoor", "Inchcape", "Juniperro",
)  # fmt: skip

# Gender-neutral, since first names are drawn independently of the relation.
RELATIONS: tuple[str, ...] = ("spouse", "partner", "parent", "sibling", "friend", "adult child", "roommate")

AGENCIES: tuple[str, ...] = (
    "Bellwether Talent", "Northlight Artists", "Cobalt & Reed", "Silverline Management", "Harbor Talent Group",
    "Meridian Artists", "Foxglove Talent", "Greenroom Agency", "Lantern Talent", "Parkside Artists",
)  # fmt: skip

# The feature's own characters, in stripboard order; tiers say how much of the shoot each one works.
SAMPLE_CHARACTERS: tuple[str, ...] = (
    "MAYA ALVAREZ", "THEO BRANNOCK", "ROSIE KOWALSKI", "DET. RUTH OYELARAN", "EDDIE VANCE", "LILY ALVAREZ",
    "FRANK KOWALSKI", "OFFICER DANNY REYES", "JUNE MARLOWE", "SAL", "BETTY", "MOTEL CLERK", "TRUCKER",
    "NURSE HOLLIS", "GAS STATION ATTENDANT", "YOUNG COP",
)  # fmt: skip

# Extra speaking parts for the larger sizes: named characters, then small parts numbered as on a call sheet.
CHARACTER_FIRST: tuple[str, ...] = (
    "ABE", "BRIDGET", "CLEM", "DOT", "EZRA", "FLO", "GUS", "HATTIE", "IKE", "JOSIE", "KIT", "LOU", "MAE", "NED",
    "OPAL", "PIP", "QUINN", "ROY", "SADIE", "TUCK", "VI", "WALT", "ZELDA", "AUGIE", "BIRDIE", "CY", "DELLA",
)  # fmt: skip
CHARACTER_LAST: tuple[str, ...] = (
    "HOLT", "MERCER", "DUVALL", "PRUITT", "SKAGGS", "TOLLIVER", "BEAUMONT", "CRANE", "FINCH", "GARVEY", "HALE",
    "KEEGAN", "LOOMIS", "MCCREADY", "NASH", "PIKE", "RUSK", "STROUD", "TEAGUE", "VOSS", "WEBB", "YATES",
)  # fmt: skip
SMALL_PARTS: tuple[str, ...] = (
    "BARTENDER", "PARAMEDIC", "REPORTER", "CASHIER", "BUS DRIVER", "LANDLORD", "MECHANIC", "DISPATCHER", "JUDGE",
    "NEIGHBOUR", "TOW TRUCK DRIVER", "DOCTOR", "PAWNBROKER", "SECURITY GUARD", "BANK TELLER", "LAWYER",
    "PRIEST", "DELIVERY GUY", "TEACHER", "COACH", "SHERIFF", "DEPUTY", "WAITER", "BOUNCER",
)  # fmt: skip
