"""Fixture stories for ranking tests, written here and stored in a real SQLite file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from digest.config import Config, config_from_dict
from digest.models import Story
from digest.store.db import Database
from digest.store.stories import save_stories

# 2026-W12 runs from Monday 16 March to Sunday 22 March 2026 (UTC here).
WEEK = "2026-W12"
MONDAY = dt.datetime(2026, 3, 16, tzinfo=dt.UTC)

# One piece of news (a bridge closure) as three outlets wrote it.
BRIDGE = [
    (
        "Gazette",
        "Wyle Bridge to close for six weeks of repairs from 4 May",
        "The Wyle Bridge will close to all traffic for six weeks from Monday 4 May while "
        "engineers replace corroded steel bearings, Riverside Council said. Buses 12 and 14 "
        "will divert via Mill Lane and a temporary footbridge will open beside the Quayside "
        "steps. The £1.4m repair is funded by the Department for Transport.",
    ),
    (
        "Radio",
        "Drivers face diversions as river crossing shuts in May",
        "Riverside's main river crossing, the Wyle Bridge, is to shut for six weeks from "
        "4 May so that corroded steel bearings can be replaced. Council engineers say the "
        "£1.4m job cannot wait. Buses 12 and 14 go via Mill Lane; walkers get a temporary "
        "footbridge by the Quayside steps.",
    ),
    (
        "Voice",
        "Six-week shutdown for Wyle Bridge: what you need to know",
        "From 4 May the Wyle Bridge closes for six weeks. Corroded steel bearings are being "
        "replaced in a £1.4m repair paid for by the Department for Transport. Buses 12 and 14 "
        "will divert along Mill Lane and a temporary footbridge is going up next to the "
        "Quayside steps, the council said.",
    ),
]

# Two different stories about one topic (flooding).
FLOOD_WALL = (
    "Gazette",
    "Quayside flood wall opens after two-year build",
    "The new flood wall along Quayside opened on Thursday after two years of work. The "
    "£6m wall protects 340 homes and the market square and has glass panels so that "
    "people can still see the river. The mayor, Helen Ortiz, cut the ribbon.",
)
FLOOD_WARNING = (
    "Radio",
    "Flood warning issued as heavy rain swells the Wyle",
    "The Environment Agency has issued a flood warning for low-lying roads in Eastbank "
    "after two days of heavy rain. River levels at Ferry Steps reached 3.1 metres on "
    "Saturday night and sandbags are available from the fire station on Dock Road.",
)

# Unrelated filler news, one per line: (title, text).
FILLER = [
    (
        "Library opens late on Thursdays",
        "Central Library will stay open until 8pm on Thursdays from December in a six-month trial for students and shift workers.",
    ),
    (
        "Rovers beat Kettleby 3-1",
        "Riverside Rovers came from behind to beat Kettleby Town at Mill Lane with goals from Reyes, Akers and a late Hanley penalty.",
    ),
    (
        "Market hall reopens after restoration",
        "Eastbank Market Hall has reopened after a £2.3m restoration of its Victorian iron roof, with twenty traders back inside.",
    ),
    (
        "Brewery to create 14 jobs",
        "The Old Ropeworks brewery is expanding into the next-door warehouse with a £900,000 investment and fourteen new jobs.",
    ),
    (
        "Playhouse pantomime cast named",
        "The Playhouse has named the cast of Jack and the Beanstalk, which opens on 5 December with a local choir on stage.",
    ),
    (
        "Foodbank demand jumps by a third",
        "The Riverside foodbank handed out 4,100 parcels in October, almost a third more than a year ago, and asks for tinned food.",
    ),
    (
        "Otters seen on the Wyle again",
        "Otters have been filmed on the Wyle near Hobb's Meadow for the first time in forty years, say wildlife trust volunteers.",
    ),
    (
        "GP practices to merge in spring",
        "Castle Street and Ferry Lane surgeries will merge into one practice in April, keeping both buildings open for appointments.",
    ),
]


@dataclass
class Newsroom:
    """Writes stories into the store the way collect does."""

    database: Database
    made: list[Story] = field(default_factory=list)

    def add(
        self,
        source: str,
        title: str,
        text: str,
        *,
        day: int = 2,
        hour: int = 9,
        slug: str | None = None,
        weight: float = 1.0,
        tags: tuple[str, ...] = (),
        image: bool = False,
        published: dt.datetime | None = None,
    ) -> Story:
        slug = slug or title.lower().replace(" ", "-")[:60]
        story = Story(
            title=title,
            url=f"https://{source.lower()}.example/news/{slug}",
            published=published or MONDAY + dt.timedelta(days=day, hours=hour),
            summary=text,
            body=text,
            image=f"https://{source.lower()}.example/img/{slug}.jpg" if image else None,
            source=source,
            tags=tags,
        )
        save_stories(self.database, [story], source_name=source, location=source, weight=weight)
        self.made.append(story)
        return story

    def filler(self, count: int = len(FILLER), *, day: int = 3) -> None:
        for index, (title, text) in enumerate(FILLER[:count]):
            self.add(f"Site{index}", title, text, day=day, hour=index)


@pytest.fixture
def newsroom(database: Database) -> Newsroom:
    return Newsroom(database)


def make_config(**rank: Any) -> Config:
    return config_from_dict({"name": "Test Weekly", "timezone": "UTC", "rank": rank})


@pytest.fixture
def config() -> Config:
    return make_config(min_items=3)
