"""Keep every email under Gmail's clipping limit (~102 KB of HTML), and say what it took.

When a variant's HTML passes the budget, blurbs are shortened first; if that is not enough,
the lowest-ranked stories (never pinned ones while others are left) move into the "more this
week" list one at a time. If even that does not fit, rendering fails: a clipped email is
never sent silently.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from digest.exceptions import RenderError
from digest.models import Edition, EditionItem

# Blurb lengths tried in turn, in characters.
BLURB_STEPS = (160, 80)


@dataclass(slots=True)
class SizeReport:
    budget: int
    initial_bytes: int = 0
    final_bytes: int = 0
    blurbs_shortened_to: int | None = None
    moved_to_more: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.blurbs_shortened_to is not None or bool(self.moved_to_more)

    def lines(self) -> list[str]:
        """What a person needs to know, one line each."""
        head = f"variant HTML {self.final_bytes:,} bytes (budget {self.budget:,})"
        if not self.changed:
            return [f"{head}: fits, nothing changed"]
        lines = [f"{head}: was {self.initial_bytes:,} bytes before the size guard"]
        if self.blurbs_shortened_to is not None:
            lines.append(f"shortened blurbs to {self.blurbs_shortened_to} characters")
        for title in self.moved_to_more:
            lines.append(f"moved to 'more this week': {title}")
        return lines

    def to_json(self) -> dict[str, object]:
        return {
            "budget": self.budget,
            "initial_bytes": self.initial_bytes,
            "final_bytes": self.final_bytes,
            "blurbs_shortened_to": self.blurbs_shortened_to,
            "moved_to_more": list(self.moved_to_more),
        }


def _lowest_ranked(edition: Edition) -> tuple[int, int] | None:
    """(section index, item index) of the item to demote first, or None when one is left."""
    candidates = [
        (item.pinned, item.score, -position, s, i)
        for position, (s, i, item) in enumerate(
            (s, i, item)
            for s, section in enumerate(edition.sections)
            for i, item in enumerate(section.items)
        )
    ]
    if len(candidates) <= 1:
        return None
    *_, s, i = min(candidates)
    return s, i


def _demote(edition: Edition) -> EditionItem | None:
    where = _lowest_ranked(edition)
    if where is None:
        return None
    s, i = where
    item = edition.sections[s].items.pop(i)
    # Demoted stories ranked above every runner-up, so they lead the list.
    edition.more.insert(0, item)
    edition.sections = [section for section in edition.sections if section.items]
    return item


def fit(
    edition: Edition, budget: int, render: Callable[[Edition, int | None], str]
) -> tuple[str, Edition, SizeReport]:
    """Render ``edition`` (``render(edition, blurb_chars)``) within ``budget`` bytes."""
    report = SizeReport(budget=budget)
    html = render(edition, None)
    size = report.initial_bytes = len(html.encode("utf-8"))
    blurb_chars: int | None = None
    for step in BLURB_STEPS:
        if size <= budget:
            break
        blurb_chars = report.blurbs_shortened_to = step
        html = render(edition, blurb_chars)
        size = len(html.encode("utf-8"))
    if size > budget:
        edition = copy.deepcopy(edition)
    while size > budget:
        item = _demote(edition)
        if item is None:
            raise RenderError(
                f"the email is {size:,} bytes of HTML even with one story left, over the "
                f"{budget:,}-byte budget ([render] size_budget); refusing to risk a clipped email"
            )
        report.moved_to_more.append(item.title)
        html = render(edition, blurb_chars)
        size = len(html.encode("utf-8"))
    report.final_bytes = size
    return html, edition, report
