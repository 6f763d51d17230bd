"""A realistic edition built by hand: 12 stories in 4 sections, some with images and other
sources' coverage, plus runners-up for "more this week"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.config import Config, config_from_dict
from digest.models import AlsoCovered, Edition, EditionItem, Section
from digest.render import Recipient, Renderer

SECTIONS = {
    "Council": [
        ("Council approves £4.2m budget after late-night vote", "Riverside Gazette"),
        ("New cycle lanes planned for the harbour road", "Valley Voice"),
        ("Mayor opens consultation on weekend parking charges", "Riverside Radio"),
    ],
    "Community": [
        ("Market hall reopens after two years of repairs", "Riverside Gazette"),
        ("Library stays open late on Thursdays from December", "Valley Voice"),
        ("School meals pilot feeds 600 pupils in its first month", "Riverside Radio"),
    ],
    "Environment": [
        ("Flood defences opened a month ahead of the winter storms", "Valley Voice"),
        ("Volunteers plant 3,000 trees along the river path", "Riverside Gazette"),
        ("Air quality sensors go up outside every primary school", "Riverside Radio"),
    ],
    "Sport": [
        ("Rowing club celebrates its centenary with a regatta", "Riverside Gazette"),
        ("Town football club's new stand passes its safety check", "Valley Voice"),
        ("Park run reaches its 500th Saturday with a record field", "Riverside Radio"),
    ],
}

BLURB = (
    "{title}. Residents and traders packed the meeting to hear the plans, which follow a "
    "year of consultation and two rounds of public drop-in sessions at the town hall. "
    "Supporters say the change is overdue; critics want more detail on the costs before "
    "anything is signed off, and the decision returns to the full council in the spring."
)


def make_edition(stories_per_section: int = 3, blurb: str = BLURB) -> Edition:
    published = dt.datetime(2026, 11, 17, 9, 30, tzinfo=dt.UTC)
    sections = []
    story_id = 0
    for name, stories in SECTIONS.items():
        items = []
        for position, (title, source) in enumerate(stories[:stories_per_section]):
            story_id += 1
            slug = f"story-{story_id}"
            item = EditionItem(
                story_id=story_id,
                title=title,
                url=f"https://news.example.org/{slug}?ref=feed&page=1",
                source=source,
                published=published + dt.timedelta(hours=story_id * 7),
                blurb=blurb.format(title=title),
                image=f"https://img.example.org/{slug}.jpg" if story_id % 3 == 1 else None,
                section=name,
                score=100.0 - story_id * 3 - position,
            )
            if story_id % 4 == 0:
                item.also = [
                    AlsoCovered(
                        f"{title} (report)", f"https://other.example.net/{slug}", "Town Crier"
                    ),
                    AlsoCovered(title, None, "Evening Post"),
                ]
            items.append(item)
        sections.append(Section(name=name, items=items))
    more = [
        EditionItem(
            story_id=100 + n,
            title=f"Runner-up story number {n} about the town",
            url=f"https://news.example.org/more-{n}",
            source="Valley Voice",
            section=list(SECTIONS)[n % 4],
            score=10.0 - n,
        )
        for n in range(5)
    ]
    return Edition(
        newsletter="The Riverside Weekly",
        period="2026-W47",
        subject="Budget passed, market hall back, flood defences open",
        preheader="Twelve stories from Riverside this week, picked for you.",
        intro="A busy week at the town hall.\n\nAlso: the market hall is back, and the rowing club turns 100.",
        sections=sections,
        more=more,
        id=1,
    )


@pytest.fixture
def edition() -> Edition:
    return make_edition()


def make_config(tmp_path: Path | None = None, **render: object) -> Config:
    path = None
    if tmp_path is not None:
        path = tmp_path / "digest.toml"
        path.write_text("")
    return config_from_dict(
        {
            "name": "The Riverside Weekly",
            "render": {
                "sender_address": "Riverside Weekly, 1 Quay Street, Riverside RV1 2AB",
                "from_email": "news@riverside.example",
                "base_url": "https://riverside.example",
                **render,
            },
        },
        path,
    )


@pytest.fixture
def config() -> Config:
    return make_config()


@pytest.fixture
def renderer(config: Config) -> Renderer:
    return Renderer(config)


def recipient(name: str = "Sample Reader", email: str = "reader@example.com") -> Recipient:
    token = email.replace("@", "-at-")
    return Recipient(
        email=email,
        name=name,
        unsubscribe_url=f"https://riverside.example/u/{token}?sig=abc&x=1",
        preferences_url=f"https://riverside.example/p/{token}",
        view_url=f"https://riverside.example/w/2026-W47?r={token}",
    )


@pytest.fixture
def reader() -> Recipient:
    return recipient()
