"""How much each growth house does in the demo year, when and where, and who logs it."""

# House key: (staff username, manager username), as `seed_demo` creates them.
HOVEDSTADEN, SJAELLAND = "vaeksthus-hovedstaden", "vaeksthus-sjaelland"
DEMO_AUTHORS = {
    HOVEDSTADEN: ("staff.hovedstaden", "manager.hovedstaden"),
    SJAELLAND: ("staff.sjaelland", "manager.sjaelland"),
}

# How much each house does in the year; the capital region is the larger.
VOLUMES = {
    "vaeksthus-hovedstaden": {
        "firms": 190,
        "growth_mappings": 100,
        "follow_ups": 30,
        "firms_of_other_house": 10,
        "growth_courses": 20,
        "growth_courses_in_other_house": 4,
        "events": 20,
        "capital_events": 2,
        "collaborations": 10,
        "startups": 5,
        "labour_cases": 4,
        "analyses": 3,
        "press": 6,
    },
    "vaeksthus-sjaelland": {
        "firms": 150,
        "growth_mappings": 75,
        "follow_ups": 20,
        "firms_of_other_house": 8,
        "growth_courses": 14,
        "growth_courses_in_other_house": 3,
        "events": 16,
        "capital_events": 1,
        "collaborations": 8,
        "startups": 2,
        "labour_cases": 4,
        "analyses": 2,
        "press": 4,
    },
}

# Fewer entries in the summer holidays and around Christmas.
MONTH_WEIGHTS = {1: 7, 2: 9, 3: 11, 4: 9, 5: 10, 6: 9, 7: 2, 8: 7, 9: 11, 10: 11, 11: 11, 12: 6}

# Where firms are: weighted towards the larger business municipalities (others weigh 1).
MUNICIPALITY_WEIGHTS = {
    101: 14, 147: 3, 151: 2, 157: 3, 159: 3, 161: 2, 169: 2, 173: 3, 217: 2, 219: 2, 230: 2,
    253: 2, 259: 3, 265: 4, 316: 3, 326: 2, 329: 2, 330: 3, 370: 3, 376: 2,
}  # fmt: skip

# Bornholm and Lolland: one is "på", not "i", an island.
ISLAND_MUNICIPALITIES = {360, 400}
