"""Ranking: candidates in, a sectioned and ordered selection out. Pure, no I/O.

The score of an item (one cluster of near-duplicates, shown through its
representative story) is a weighted sum of parts, each in [0, 1] except the
editor's boost::

    score = w_recency   * recency      (0 at the period's start, 1 at its end)
          + w_source    * source       (the best source weight in the cluster, capped at 2, / 2)
          + w_coverage  * coverage     (min(1, log2(cluster size) / 2): 1 source 0, 2 -> .5, 4+ -> 1)
          + w_substance * substance    (mean of: body length / 2000 capped at 1, has image, has summary)
          + w_boost     * boost        (the editor's boost, any number, default 0)

The weights come from ``[rank.weights]`` (defaults in ``DEFAULT_WEIGHTS``) and
``score_parts`` holds each *weighted* part, so the parts add up to the score.

Then: sections are assigned by the first matching ``[[rank.sections]]`` rule,
and the selection walks the best candidates with MMR (maximal marginal
relevance): each step takes the item with the best
``lambda * score - (1 - lambda) * similarity to what is already chosen``,
skipping a publisher that already has ``per_publisher`` items. Only the top
``POOL_FACTOR * max_items`` items enter MMR, so it costs O(max_items^2), not
O(n^2). Ties always break on the smaller story id: same input, same order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from digest.cluster import (
    ClusterSettings,
    cluster_shingle_sets,
    content_words,
    paused_gc,
    shingles,
)
from digest.config import SCORE_PART_NAMES, RankConfig, SectionConfig
from digest.models import AlsoCovered, EditionItem
from digest.normalize import publisher_of

SCORE_PARTS = SCORE_PART_NAMES
DEFAULT_WEIGHTS: dict[str, float] = {
    "recency": 1.0,
    "source": 1.0,
    "coverage": 1.5,
    "substance": 1.0,
    "boost": 1.0,
}
POOL_FACTOR = 5
LEDE_CHARS = 300
BLURB_CHARS = 280


@dataclass(slots=True)
class Candidate:
    """What ranking needs of a story: small, so 20k of them load quickly."""

    id: int
    title: str
    url: str | None
    source: str
    published: dt.datetime | None
    lede: str = ""
    summary: str = ""
    image: str | None = None
    body_length: int = 0
    tags: tuple[str, ...] = ()
    weight: float = 1.0

    @property
    def publisher(self) -> str:
        """The site the story belongs to (its URL's host), for the per-publisher cap."""
        return publisher_of(self.url) or self.source

    @property
    def text(self) -> str:
        """Title and lede, what clustering compares: the summary, topped up from the
        body when the summary is short (feeds often repeat the body's opening)."""
        lede = self.summary[:LEDE_CHARS]
        if len(lede) < LEDE_CHARS // 2:
            lede = f"{lede} {self.lede[: LEDE_CHARS - len(lede)]}"
        return f"{self.title} {lede}"


@dataclass(slots=True)
class Override:
    """One editor decision about one story in one edition."""

    story_id: int
    pinned: bool = False
    position: int | None = None
    dropped: bool = False
    section: str | None = None
    title: str | None = None
    blurb: str | None = None
    boost: float = 0.0


@dataclass(slots=True)
class Ranked:
    """Ranking's result: items per section in order, runners-up, and the cluster count."""

    sections: list[tuple[str, list[EditionItem]]] = field(default_factory=list)
    more: list[EditionItem] = field(default_factory=list)
    clusters: int = 0
    # For each shown item (and runner-up): the ids of the other stories in its cluster.
    cluster_ids: dict[int, list[int]] = field(default_factory=dict)


def weights_for(config: RankConfig) -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **config.weights}


def _blurb(candidate: Candidate) -> str:
    text = (candidate.summary or candidate.lede).strip()
    if len(text) <= BLURB_CHARS:
        return text
    cut = text[:BLURB_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _completeness(candidate: Candidate) -> float:
    return (
        min(1.0, candidate.body_length / 2000)
        + (1.0 if candidate.image else 0.0)
        + (1.0 if candidate.summary or candidate.lede else 0.0)
    ) / 3


def representative(members: Sequence[Candidate]) -> Candidate:
    """The cluster member shown: best source weight, then the most complete, then oldest id."""
    return min(members, key=lambda c: (-c.weight, -_completeness(c), c.id))


def score_parts(
    members: Sequence[Candidate],
    lead: Candidate,
    start: dt.datetime,
    end: dt.datetime,
    weights: dict[str, float],
    boost: float = 0.0,
) -> dict[str, float]:
    published = [c.published for c in members if c.published is not None]
    if published:
        span = (end - start).total_seconds() or 1.0
        newest = max(published)
        recency = min(1.0, max(0.0, (newest - start).total_seconds() / span))
    else:
        recency = 0.5
    raw = {
        "recency": recency,
        "source": min(2.0, max(c.weight for c in members)) / 2,
        "coverage": min(1.0, math.log2(len(members)) / 2),
        "substance": _completeness(lead),
        "boost": boost,
    }
    return {name: round(weights[name] * value, 4) for name, value in raw.items()}


def _words(values: Iterable[str]) -> set[str]:
    return {value.casefold() for value in values}


@dataclass(slots=True)
class _SectionRule:
    name: str
    tags: set[str]
    sources: set[str]
    keywords: re.Pattern[str] | None

    @classmethod
    def of(cls, section: SectionConfig) -> _SectionRule:
        keywords = None
        if section.keywords:
            alternatives = "|".join(re.escape(k.casefold()) for k in section.keywords)
            keywords = re.compile(rf"\b(?:{alternatives})\b")
        return cls(section.name, _words(section.tags), _words(section.sources), keywords)


def section_for(
    members: Sequence[Candidate], lead: Candidate, rules: Sequence[_SectionRule]
) -> str:
    """The section by precedence: the lead story's tags in their order (a feed lists
    its main category first), then the other members' tags, then source names,
    then keywords; within each step the first rule in config order wins."""
    tags = [t.casefold() for t in lead.tags] + [
        t.casefold() for c in members if c is not lead for t in c.tags
    ]
    for tag in tags:
        for rule in rules:
            if tag in rule.tags:
                return rule.name
    for rule in rules:
        if any(c.source.casefold() in rule.sources for c in members):
            return rule.name
    text = lead.text.casefold()
    for rule in rules:
        if rule.keywords and rule.keywords.search(text):
            return rule.name
    return ""


def _jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(slots=True)
class _Item:
    item: EditionItem
    lead: Candidate
    members: list[Candidate]
    labels: set[str]
    override: Override | None
    words: set[str] = field(default_factory=set)

    def similarity(self, other: _Item) -> float:
        return max(_jaccard(self.words, other.words), _jaccard(self.labels, other.labels))


def _materialise(
    members: list[Candidate],
    lead: Candidate,
    parts: dict[str, float],
    override: Override | None,
    rules: Sequence[_SectionRule],
    default_section: str,
) -> _Item:
    """The full item for a cluster that may be shown: section, blurb, also-covered links."""
    others = sorted((c for c in members if c is not lead), key=lambda c: (-c.weight, c.id))
    section = (override.section if override and override.section else None) or (
        section_for(members, lead, rules) or default_section
    )
    item = EditionItem(
        story_id=lead.id,
        title=(override.title if override and override.title else lead.title),
        url=lead.url,
        source=lead.source,
        published=lead.published,
        blurb=(override.blurb if override and override.blurb else _blurb(lead)),
        image=lead.image,
        section=section,
        score=round(sum(parts.values()), 4),
        score_parts=parts,
        pinned=bool(override and (override.pinned or override.position is not None)),
        also=[AlsoCovered(c.title, c.url, c.source) for c in others],
    )
    # What the diversity pass compares besides title words: the labels (tags of
    # the whole cluster plus the section) that say what the item is about.
    labels = {tag.casefold() for c in members for tag in c.tags} | {f"section:{section}"}
    return _Item(item, lead, members, labels, override)


def rank(
    candidates: Sequence[Candidate],
    config: RankConfig,
    start: dt.datetime,
    end: dt.datetime,
    overrides: dict[int, Override] | None = None,
    *,
    settings: ClusterSettings | None = None,
) -> Ranked:
    """Cluster, score, section and select; the editor's overrides applied on top."""
    overrides = overrides or {}
    weights = weights_for(config)
    ordered = sorted(candidates, key=lambda c: c.id)
    with paused_gc():
        clusters = cluster_shingle_sets([shingles(c.text) for c in ordered], settings)

    # Score every cluster cheaply; build full items only for those that can be shown.
    scored: list[tuple[float, int, list[Candidate], Candidate, dict[str, float], Override | None]]
    scored = []
    for indexes in clusters:
        members = [ordered[i] for i in indexes]
        override = None
        if overrides:
            if any(c.id in overrides and overrides[c.id].dropped for c in members):
                continue
            override = next((overrides[c.id] for c in members if c.id in overrides), None)
        # A pinned or edited member is the one the editor chose to show.
        lead = (
            next(c for c in members if c.id == override.story_id)
            if override
            else representative(members)
        )
        parts = score_parts(members, lead, start, end, weights, override.boost if override else 0)
        scored.append((-round(sum(parts.values()), 4), lead.id, members, lead, parts, override))
    scored.sort(key=lambda entry: (entry[0], entry[1]))

    pinned = [e for e in scored if e[5] is not None and (e[5].pinned or e[5].position)]
    # MMR reads POOL_FACTOR x max_items; runners-up come from the next max_items.
    reach = (POOL_FACTOR + 1) * config.max_items + len(pinned)
    rules = [_SectionRule.of(section) for section in config.sections]
    shown = {id(e) for e in pinned}
    items = [
        _materialise(e[2], e[3], e[4], e[5], rules, config.default_section)
        for e in pinned + [e for e in scored[:reach] if id(e) not in shown]
    ]
    items.sort(key=lambda x: (-x.item.score, x.item.story_id))
    chosen = _select(items, config)
    chosen_ids = {x.item.story_id for x in chosen}
    more = [x for x in items if x.item.story_id not in chosen_ids][: config.max_items]
    return Ranked(
        sections=_arrange(chosen, config),
        more=[x.item for x in more],
        clusters=len(clusters),
        cluster_ids={
            x.item.story_id: sorted(c.id for c in x.members if c is not x.lead)
            for x in chosen + more
        },
    )


def _select(items: list[_Item], config: RankConfig) -> list[_Item]:
    """Pinned items first, then MMR over the best of the rest, with the publisher cap."""
    pinned = [x for x in items if x.item.pinned]
    chosen = list(pinned)
    per_publisher: dict[str, int] = {}
    for x in pinned:
        per_publisher[x.lead.publisher] = per_publisher.get(x.lead.publisher, 0) + 1
    pool = [x for x in items if not x.item.pinned][: POOL_FACTOR * config.max_items]
    # Title words only for the few that MMR compares, not for every cluster.
    for x in pinned + pool:
        x.words = set(content_words(x.item.title))
    if not pool:
        return chosen
    # Scores are scaled to the best one so lambda trades like for like with similarity.
    top = max(x.item.score for x in pool)
    top = top if top > 0 else 1.0
    diversity = config.diversity
    while len(chosen) < config.max_items and pool:
        best: tuple[float, int, int] | None = None
        for index, x in enumerate(pool):
            if per_publisher.get(x.lead.publisher, 0) >= config.per_publisher:
                continue
            redundancy = max((x.similarity(y) for y in chosen), default=0.0)
            value = diversity * x.item.score / top - (1 - diversity) * redundancy
            key = (-value, x.item.story_id, index)
            if best is None or key < best:
                best = key
        if best is None:
            break
        x = pool.pop(best[2])
        chosen.append(x)
        per_publisher[x.lead.publisher] = per_publisher.get(x.lead.publisher, 0) + 1
    return chosen


def _arrange(chosen: list[_Item], config: RankConfig) -> list[tuple[str, list[EditionItem]]]:
    """Group into sections (config order, default last); pinned positions are kept."""
    names = [s.name for s in config.sections]
    by_section: dict[str, list[_Item]] = {}
    for x in chosen:
        by_section.setdefault(x.item.section, []).append(x)
    order = [n for n in names if n in by_section] + sorted(n for n in by_section if n not in names)
    if config.default_section in order:
        order.remove(config.default_section)
        order.append(config.default_section)
    arranged = []
    for name in order:
        members = by_section[name]
        placed = [x for x in members if x.override and x.override.position]
        floating = [x for x in members if not (x.override and x.override.position)]
        # Pinned without a position lead the section; then the rest in selection order.
        floating.sort(key=lambda x: (not x.item.pinned,))
        result = [x.item for x in floating]
        for x in sorted(placed, key=lambda x: (x.override.position, x.item.story_id)):  # type: ignore[union-attr]
            result.insert(min(x.override.position - 1, len(result)), x.item)  # type: ignore[union-attr]
        arranged.append((name, result))
    return arranged
