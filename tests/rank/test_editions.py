"""The draft edition: ordering, overrides, the skip rule, the lifecycle, never twice."""

from __future__ import annotations

import datetime as dt

import pytest

from digest import curate
from digest.config import Config
from digest.editions import (
    build_draft,
    edition_to_json,
    load_edition,
    mark_sent,
    parse_period,
    pending_period,
    period_bounds,
    transition,
)
from digest.exceptions import ConfigError, EditionError, IllegalTransitionError
from digest.models import EditionStatus
from digest.rank import rank
from digest.store import editions as edition_store
from digest.store.db import Database
from tests.rank.conftest import BRIDGE, FILLER, MONDAY, WEEK, Newsroom, make_config


def _titles(edition) -> list[str]:
    return [item.title for item in edition.items]


def test_ranking_is_deterministic(config: Config, database: Database, newsroom: Newsroom) -> None:
    for source, title, text in BRIDGE:
        newsroom.add(source, title, text)
    # Same day and hour for every filler story: ties must still break the same way.
    for index, (title, text) in enumerate(FILLER):
        newsroom.add(f"Site{index}", title, text, day=3, hour=9)
    first = edition_to_json(build_draft(config, database, WEEK))
    second = edition_to_json(build_draft(config, database, WEEK))
    assert first == second
    start, end = period_bounds(config, WEEK)
    candidates = edition_store.load_candidates(database, config.name, start, end)
    forward = rank(candidates, config.rank, start, end)
    backward = rank(list(reversed(candidates)), config.rank, start, end)
    assert [[i.story_id for i in items] for _, items in forward.sections] == [
        [i.story_id for i in items] for _, items in backward.sections
    ]


def test_every_item_carries_the_parts_of_its_score(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    newsroom.filler()
    edition = build_draft(config, database, WEEK)
    for item in edition.items:
        assert set(item.score_parts) == {"recency", "source", "coverage", "substance", "boost"}
        assert item.score == pytest.approx(sum(item.score_parts.values()), abs=1e-3)
    scores = [item.score for item in edition.items]
    assert scores == sorted(scores, reverse=True)  # one section: best first


def test_weights_come_from_config_and_unknown_parts_are_refused(
    database: Database, newsroom: Newsroom
) -> None:
    newsroom.filler()
    edition = build_draft(make_config(weights={"recency": 0, "substance": 0}), database, WEEK)
    assert all(item.score_parts["recency"] == 0 for item in edition.items)
    with pytest.raises(ConfigError, match="unknown score part 'recenty'"):
        make_config(weights={"recenty": 1})


def test_publisher_cap_max_items_and_sections(database: Database, newsroom: Newsroom) -> None:
    for index, (title, text) in enumerate(FILLER):
        newsroom.add("Big", title, text, slug=f"big-{index}", weight=2.0, hour=index)
    newsroom.add(
        "Small",
        "Rowing club turns 100",
        "The rowing club marks a century on the river.",
        tags=("Sport",),
    )
    config = make_config(
        per_publisher=3, max_items=5, sections=[{"name": "Sport", "tags": ["sport"]}]
    )
    edition = build_draft(config, database, WEEK)
    assert len(edition.items) == 4  # 3 from big.example (the cap) + 1 from small.example
    assert [section.name for section in edition.sections] == ["Sport", "More news"]
    assert [item.title for item in edition.sections[0].items] == ["Rowing club turns 100"]
    assert len(edition.more) == 5  # runners-up for "more this week"


def test_overrides_survive_a_rebuild_and_new_stories_slot_in(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    newsroom.filler(6)
    first = build_draft(config, database, WEEK)
    top, last = first.items[0], first.items[-1]
    curate.pin(config, database, WEEK, str(last.story_id), position=1)
    curate.drop(config, database, WEEK, str(top.story_id))
    curate.edit_item(config, database, WEEK, str(first.items[1].story_id), title="Rewritten")
    curate.edit_edition(config, database, WEEK, subject="Our week", intro="Hello!")

    # A new collect brings a fresh, strong story; the rebuild keeps every decision.
    newsroom.add(
        "Fresh",
        "Late-breaking news",
        "Something new happened on Sunday in town today.",
        day=6,
        image=True,
    )
    edition = build_draft(config, database, WEEK)
    assert edition.items[0].story_id == last.story_id and edition.items[0].pinned
    assert top.story_id not in [item.story_id for item in edition.items + edition.more]
    assert "Rewritten" in _titles(edition)
    assert "Late-breaking news" in _titles(edition)
    assert (edition.subject, edition.intro) == ("Our week", "Hello!")
    assert load_edition(config, database, WEEK) == edition


def test_a_story_sent_last_week_never_appears_this_week(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    last_week = MONDAY - dt.timedelta(days=5)
    for index, (title, text) in enumerate(FILLER[:4]):
        newsroom.add(f"Site{index}", title, text, published=last_week + dt.timedelta(hours=index))
    for source, title, text in BRIDGE:  # the same news three times, last week
        newsroom.add(source, title, text, published=last_week)
    sent = build_draft(config, database, "2026-W11")
    transition(config, database, "2026-W11", EditionStatus.APPROVED)
    mark_sent(config, database, "2026-W11")
    assert load_edition(config, database, "2026-W11").status == "sent"

    # This week: the same stories come back with new dates (a feed re-dated them),
    # next to genuinely new ones.
    for index, (title, text) in enumerate(FILLER[:4]):
        newsroom.add(f"Site{index}", title, text, day=1)
    for source, title, text in BRIDGE:
        newsroom.add(source, title, text, day=1)
    for index, (title, text) in enumerate(FILLER[4:]):
        newsroom.add(f"Other{index}", title + " again", text + " More to follow.", day=2)
    edition = build_draft(config, database, WEEK)
    sent_urls = {item.url for item in sent.items} | {a.url for i in sent.items for a in i.also}
    shown = {item.url for item in edition.items + edition.more}
    assert shown and not shown & sent_urls
    with pytest.raises(EditionError, match="already ran"):
        curate.pin(config, database, WEEK, sent.items[0].url or "")


def test_too_few_new_items_skips_the_edition_and_says_why(
    database: Database, newsroom: Newsroom
) -> None:
    config = make_config(min_items=3)
    newsroom.filler(2)
    edition = build_draft(config, database, WEEK)
    assert edition.status == EditionStatus.SKIPPED
    assert "only 2 new stories" in (edition.skip_reason or "")
    # More stories arrive: the rebuild turns it back into a draft.
    newsroom.filler(5)
    assert build_draft(config, database, WEEK).status == EditionStatus.DRAFT


def test_lifecycle_transitions_are_enforced(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    newsroom.filler()
    build_draft(config, database, WEEK)
    with pytest.raises(IllegalTransitionError, match="draft; it cannot become sent"):
        transition(config, database, WEEK, EditionStatus.SENT)
    approved = transition(config, database, WEEK, EditionStatus.APPROVED)
    # A rebuild of an approved edition returns it unchanged, even with new stories.
    newsroom.add("Fresh", "After approval", "This arrived after the editor approved it all.")
    assert build_draft(config, database, WEEK) == approved
    with pytest.raises(EditionError, match="only a draft can be changed"):
        curate.drop(config, database, WEEK, str(approved.items[0].story_id))
    transition(config, database, WEEK, EditionStatus.CANCELLED)
    with pytest.raises(IllegalTransitionError, match="final"):
        transition(config, database, WEEK, EditionStatus.DRAFT)


def test_periods_parse_and_pending_period_finds_the_waiting_week(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    assert parse_period("2026w12") == "2026-W12"
    for bad in ("2026-12", "last week", "2026-W54"):
        with pytest.raises(EditionError, match="week"):
            parse_period(bad)
    newsroom.filler()
    later = MONDAY + dt.timedelta(days=9)  # the following week, nothing collected in it
    assert pending_period(config, database, now=later) == WEEK
    build_draft(config, database, WEEK)
    transition(config, database, WEEK, EditionStatus.CANCELLED)
    assert pending_period(config, database, now=later) is None


def test_unknown_story_reference_is_a_clear_error(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    newsroom.filler()
    with pytest.raises(EditionError, match="no story 'https://nowhere.example/x' in the store"):
        curate.pin(config, database, WEEK, "https://nowhere.example/x")


def test_a_cutoff_closes_the_week_early(database: Database, newsroom: Newsroom) -> None:
    config = make_config(min_items=1, cutoff="sunday 18:00")
    sunday = MONDAY + dt.timedelta(days=6)
    newsroom.add(
        "Early",
        "Before the cut-off",
        "Filed on Sunday afternoon before six.",
        published=sunday + dt.timedelta(hours=17),
    )
    newsroom.add(
        "Late",
        "After the cut-off",
        "Filed on Sunday evening after six o'clock.",
        published=sunday + dt.timedelta(hours=19),
    )
    assert _titles(build_draft(config, database, WEEK)) == ["Before the cut-off"]
    assert _titles(build_draft(config, database, "2026-W13")) == ["After the cut-off"]
    with pytest.raises(ConfigError, match="use a weekday and a time"):
        make_config(cutoff="teatime")


def test_move_boost_and_reset(database: Database, newsroom: Newsroom) -> None:
    config = make_config(min_items=1, sections=[{"name": "Sport", "tags": ["sport"]}])
    newsroom.filler(5)
    newsroom.add(
        "Club",
        "Rowing club turns 100",
        "The rowing club marks a century on the river.",
        tags=("Sport",),
    )
    edition = build_draft(config, database, WEEK)
    weakest = min(edition.items, key=lambda item: item.score)
    moved = curate.move(config, database, WEEK, str(weakest.story_id), section="Sport", position=1)
    assert moved.sections[0].name == "Sport"
    assert moved.sections[0].items[0].story_id == weakest.story_id
    assert moved.sections[0].items[0].section == "Sport"

    boosted = curate.boost(config, database, WEEK, str(weakest.story_id), 3)
    [item] = [i for i in boosted.items if i.story_id == weakest.story_id]
    assert item.score_parts["boost"] == 3 and item.score == pytest.approx(
        weakest.score + 3, abs=1e-3
    )

    reset = curate.reset(config, database, WEEK)
    assert [s.name for s in reset.sections] == [s.name for s in edition.sections]
    assert edition_to_json(reset)["sections"] == edition_to_json(edition)["sections"]
