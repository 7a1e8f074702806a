"""What the bench log is made of: the demo year's kinds of entry (streams), and how many of
each a house logs in a log of a given size.
"""

from dataclasses import dataclass

from devtools.demo import texts as demo_texts
from devtools.demo.volumes import VOLUMES


@dataclass(frozen=True)
class Stream:
    """One kind of entry the demo year has, and how many of it each house logs there."""

    name: str
    type_code: str
    volume: str | int  # a key of devtools.demo.volumes.VOLUMES, or a count per house
    texts: tuple[str, ...]
    # "each": every firm of the house's pool once; "distinct": a sample of them;
    # "any": any firm, again and again; None: no firm.
    firms: str | None = None
    other_house: bool = False  # by the other house, for a firm of this house's pool
    delivered_in_firm_house: bool = False
    goals: tuple[str | None, ...] = ()  # one is chosen per entry; None: no goal
    municipality_share: float = 0.0  # entries with no firm: how many name a municipality
    participants: tuple[int, int] | None = None
    by_manager: bool = False


def _texts(*groups):
    """Return the demo's description templates filled in, a few ways each."""
    filled = {
        template.format(
            topic=topic,
            municipality="kommunen",
            in_municipality="i kommunen",
            firm="virksomheden",
            other="det andet væksthus",
        )
        for group in groups
        for template in group
        for topic in demo_texts.TOPICS[:5]
    }
    return tuple(sorted(filled))


STREAMS = (
    Stream("first_guidance", "guidance", "firms", _texts(demo_texts.GUIDANCE_TEXTS), firms="each"),
    Stream(
        "growth_mapping",
        "growth_mapping",
        "growth_mappings",
        _texts(demo_texts.GROWTH_MAPPING_TEXTS),
        firms="distinct",
    ),
    Stream("follow_up", "guidance", "follow_ups", _texts(demo_texts.FOLLOW_UP_TEXTS), firms="any"),
    Stream(
        "guidance_by_other_house",
        "guidance",
        "firms_of_other_house",
        _texts(demo_texts.SHARED_FIRM_TEXTS),
        firms="any",
        other_house=True,
    ),
    Stream(
        "growth_course",
        "growth_course",
        "growth_courses",
        _texts(demo_texts.GROWTH_COURSE_TEXTS),
        firms="any",
        goals=("b.d",),
    ),
    Stream(
        "growth_course_in_other_house",
        "growth_course",
        "growth_courses_in_other_house",
        ("Vækstforløb i det andet væksthus' region inden for fagområdet; henvist af dem.",),
        firms="any",
        other_house=True,
        delivered_in_firm_house=True,
        goals=("a.4a",),
    ),
    Stream(
        "event",
        "event",
        "events",
        tuple(f"{title}, afholdt i kommunen." for title in demo_texts.EVENTS),
        goals=tuple(demo_texts.EVENTS.values()),
        municipality_share=1.0,
        participants=(12, 90),
    ),
    Stream(
        "large_event",
        "event",
        1,
        tuple(text for text, _participants in demo_texts.LARGE_EVENTS.values()),
        goals=("a.2a",),
        participants=(650, 2400),
        by_manager=True,
    ),
    Stream(
        "capital_event",
        "capital_event",
        "capital_events",
        _texts(demo_texts.CAPITAL_EVENTS),
        goals=("b.c",),
        participants=(25, 80),
    ),
    Stream(
        "collaboration",
        "collaboration",
        "collaborations",
        _texts(*demo_texts.COLLABORATIONS.values()),
        goals=tuple(demo_texts.COLLABORATIONS),
        municipality_share=0.5,
        by_manager=True,
    ),
    Stream(
        "startup",
        "startup_attracted",
        "startups",
        _texts(demo_texts.STARTUPS),
        goals=("a.2b",),
        municipality_share=1.0,
    ),
    Stream(
        "professional_area",
        "professional_area",
        1,
        tuple(f"Fagområde valgt: {area}." for area in demo_texts.PROFESSIONAL_AREAS.values()),
        goals=("a.4a",),
        by_manager=True,
    ),
    Stream(
        "programme",
        "programme",
        1,
        tuple(text for _goal, text in demo_texts.PROGRAMMES.values()),
        goals=tuple(goal for goal, _text in demo_texts.PROGRAMMES.values()),
        by_manager=True,
    ),
    Stream(
        "labour_case",
        "labour_case",
        "labour_cases",
        _texts(demo_texts.LABOUR_CASES),
        goals=("b.e",),
        municipality_share=1.0,
    ),
    Stream(
        "analysis",
        "analysis",
        "analyses",
        _texts(demo_texts.ANALYSES),
        goals=("c.1",),
        by_manager=True,
    ),
    Stream("press", "press", "press", _texts(demo_texts.PRESS), goals=("c.1",)),
)


def scaled_counts(houses, activities):
    """Return {(house id, stream name): count}: the demo year's volumes scaled to `activities`."""
    volumes = {
        (house.pk, stream.name): _volume(house, stream) for house in houses for stream in STREAMS
    }
    scale = activities / sum(volumes.values())
    counts = {key: round(volume * scale) for key, volume in volumes.items()}
    if any(counts[(house.pk, "first_guidance")] < 1 for house in houses):
        raise ValueError(f"{activities} activities are too few for a log of both houses.")
    # Rounding leftovers go to the first guidances of the larger house.
    largest = max(houses, key=lambda house: volumes[(house.pk, "first_guidance")])
    counts[(largest.pk, "first_guidance")] += activities - sum(counts.values())
    return counts


def _volume(house, stream):
    if isinstance(stream.volume, int):
        return stream.volume
    return VOLUMES[house.key][stream.volume]
