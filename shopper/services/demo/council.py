"""The invented council the demo loads: its organisation, directory, reception points and people.

Numbers come from Ofcom's drama ranges (0113 496 0xxx, 020 7946 0xxx), which reach nobody.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "shopper-demo"

# Grouping → blocks, each with its teams and how well it keeps the standards:
# the chance that any one item is met, and how many shops it gets relative to others.
COUNCIL: dict[str, dict[str, tuple[tuple[str, ...], float, float]]] = {
    "Resources": {
        "Revenues & Benefits": (
            ("Council Tax", "Benefits Enquiries", "Business Rates"), 0.995, 1.5),
        "Finance": (("Payments", "Income"), 0.93, 0.8),
        "Human Resources": (("Recruitment", "Payroll"), 0.80, 0.7),
        "Legal & Democratic Services": (("Elections", "Committee Services"), 0.97, 0.02),
    },
    "Development & Neighbourhood Services": {
        "Planning": (("Development Management", "Planning Policy"), 0.86, 1.2),
        "Building Control": (("Inspections",), 0.70, 0.8),
        "Housing": (("Housing Options", "Repairs"), 0.62, 1.4),
        "Environmental Health": (("Food Safety", "Pest Control"), 0.995, 0.9),
    },
    "People & Communities": {
        "Adult Social Care": (("First Contact", "Occupational Therapy"), 0.92, 1.0),
        "Children's Services": (("Early Help", "School Admissions"), 0.88, 1.0),
        "Libraries & Culture": (("Central Library", "Museums"), 0.98, 0.02),
    },
    "Place & Environment": {
        "Waste & Recycling": (("Bin Collections", "Bulky Waste"), 0.75, 1.3),
        "Highways & Transport": (("Street Works", "Parking"), 0.55, 1.0),
        "Parks & Open Spaces": (("Allotments", "Grounds Maintenance"), 0.99, 0.7),
    },
}

RECEPTIONS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("Civic Centre", "Market Square, Anytown AN1 1AA",
     ("Revenues & Benefits", "Planning", "Housing", "Building Control"), False),
    ("Northgate Family Hub", "Northgate Road, Anytown AN2 4CD",
     ("Children's Services", "Adult Social Care"), True),
    ("Southfield Family Hub", "Southfield Lane, Anytown AN5 6EF",
     ("Children's Services", "Housing"), True),
    ("Central Library", "Library Street, Anytown AN1 2GH",
     ("Libraries & Culture", "Revenues & Benefits"), False),
    ("Depot Customer Counter", "Works Road, Anytown AN7 8JK",
     ("Waste & Recycling", "Highways & Transport", "Parks & Open Spaces"), False),
)

FIRST_NAMES = ("Aisha", "Ben", "Chloe", "Dev", "Ella", "Farid", "Grace", "Hamza", "Isla", "Jack",
               "Kiran", "Leah", "Mo", "Nia", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tom",
               "Uma", "Vik", "Wren", "Yusuf", "Zara")
SURNAMES = ("Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
            "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Roberts",
            "Shah", "Taylor", "Usman", "Walsh", "Young")


@dataclass(frozen=True)
class DemoPerson:
    email: str
    role: str
    name: str
    blocks: tuple[str, ...] = ()


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("coordinator@anytown.example", "coordinator", "Carys Coordinator"),
    DemoPerson("lead.revenues@anytown.example", "team_lead", "Rhys Revenues",
               ("Revenues & Benefits", "Finance")),
    DemoPerson("lead.housing@anytown.example", "team_lead", "Hana Housing", ("Housing",)),
    DemoPerson("lead.highways@anytown.example", "team_lead", "Harri Highways",
               ("Highways & Transport", "Waste & Recycling")),
    DemoPerson("cllr.jones@anytown.example", "shopper", "Cllr Alun Jones"),
    DemoPerson("cllr.patel@anytown.example", "shopper", "Cllr Meera Patel"),
    DemoPerson("cllr.oconnor@anytown.example", "shopper", "Cllr Siobhan O'Connor"),
    DemoPerson("staff.planning@anytown.example", "shopper", "Pat Planner", ("Planning",)),
    DemoPerson("staff.libraries@anytown.example", "shopper", "Lee Librarian",
               ("Libraries & Culture",)),
    DemoPerson("assessor@assessors.example", "assessor", "Ade Assessor"),
)

LINE_TYPES_BY_TEAM_INDEX = ("contact_centre", "hunt_group", "pa_phone")


def demo_numbers():
    """Every drama number in the two ranges, in order: 0113 496 0000 … then 020 7946 0000 …."""
    for prefix in ("+441134960", "+442079460"):
        for n in range(1000):
            yield f"{prefix}{n:03d}"
