"""The size guard: shorten blurbs, then move the lowest-ranked stories, and say so."""

from __future__ import annotations

import pytest

from digest.exceptions import RenderError
from digest.models import Edition
from digest.render import Renderer
from tests.render.conftest import make_config, make_edition

LONG_BLURB = "{title}. " + "The council heard evidence from residents, traders and experts. " * 12


def size_of(edition: Edition, **render: object) -> int:
    return Renderer(make_config(**render)).render(edition).size


def test_blurbs_are_shortened_first() -> None:
    edition = make_edition(blurb=LONG_BLURB)
    full = size_of(edition, blurb_chars=2000)
    budget = full - 3_000
    rendered = Renderer(make_config(blurb_chars=2000, size_budget=budget)).render(edition)
    report = rendered.report
    assert report.initial_bytes == full
    assert rendered.size <= budget
    assert report.blurbs_shortened_to == 160
    assert not report.moved_to_more
    assert len(rendered.edition.items) == 12
    assert any("shortened blurbs to 160 characters" in line for line in report.lines())
    assert "…" in rendered.html


def test_then_the_lowest_ranked_stories_move_to_more_this_week() -> None:
    edition = make_edition()
    edition.items[4].pinned = True
    edition.items[4].score = -50.0  # pinned: kept even though it scores lowest
    short = size_of(edition, blurb_chars=80)
    budget = short - 4_000
    rendered = Renderer(make_config(size_budget=budget)).render(edition)
    report = rendered.report
    assert rendered.size <= budget < report.initial_bytes
    assert report.blurbs_shortened_to == 80
    assert report.moved_to_more
    lowest = sorted((i for i in edition.items if not i.pinned), key=lambda i: i.score)
    assert report.moved_to_more == [i.title for i in lowest[: len(report.moved_to_more)]]
    assert edition.items[4].title in [i.title for i in rendered.edition.items]
    # Moved stories lead the list, above the runners-up, and are still linked.
    more_titles = [i.title for i in rendered.edition.more]
    assert more_titles[: len(report.moved_to_more)] == list(reversed(report.moved_to_more))
    for title in report.moved_to_more:
        assert title in rendered.html and title in rendered.text
        assert any(f"moved to 'more this week': {title}" == line for line in report.lines())


def test_an_edition_that_cannot_fit_is_refused() -> None:
    with pytest.raises(RenderError, match="over the 5,000-byte budget"):
        Renderer(make_config(size_budget=5_000)).render(make_edition())
