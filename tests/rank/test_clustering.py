"""Near-duplicates become one item; different stories on one topic stay apart."""

from __future__ import annotations

import random

from digest.cluster import ClusterSettings, cluster_texts
from digest.config import Config
from digest.editions import build_draft, edition_to_json
from digest.store.db import Database
from tests.rank.conftest import BRIDGE, FLOOD_WALL, FLOOD_WARNING, WEEK, Newsroom


def _items(config: Config, database: Database) -> list[dict]:
    data = edition_to_json(build_draft(config, database, WEEK))
    return [item for section in data["sections"] for item in section["items"]]


def test_one_story_from_three_sources_is_one_item_with_two_also_links(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    for hour, (source, title, text) in enumerate(BRIDGE):
        newsroom.add(source, title, text, hour=hour, weight=2.0 if source == "Radio" else 1.0)
    newsroom.filler(4)
    items = _items(config, database)
    bridge = [item for item in items if "ridge" in item["title"] or "crossing" in item["title"]]
    assert len(bridge) == 1, [item["title"] for item in items]
    [item] = bridge
    # The representative is the heaviest source; the others are "also covered by".
    assert item["source"] == "Radio"
    assert sorted(also["source"] for also in item["also"]) == ["Gazette", "Voice"]
    assert all(also["url"].startswith("https://") and also["title"] for also in item["also"])
    # Being carried three times is worth something in the score, and says so.
    assert item["score_parts"]["coverage"] > 0
    assert len(items) == 5


def test_two_stories_about_one_topic_stay_two_items(
    config: Config, database: Database, newsroom: Newsroom
) -> None:
    newsroom.add(*FLOOD_WALL)
    newsroom.add(*FLOOD_WARNING)
    newsroom.filler(3)
    items = _items(config, database)
    titles = [item["title"] for item in items]
    assert FLOOD_WALL[1] in titles and FLOOD_WARNING[1] in titles
    assert all(not item["also"] for item in items)


def _word_soup(rng: random.Random, words: list[str], own: list[str], count: int) -> str:
    chosen = rng.sample(own, 11) + [rng.choice(words) for _ in range(count - 11)]
    rng.shuffle(chosen)
    return " ".join(chosen)


def test_lsh_path_finds_duplicate_groups_in_a_large_batch() -> None:
    # Above exact_below the MinHash/LSH path runs; groups must still come out whole.
    rng = random.Random(3)
    common = [f"common{i}" for i in range(300)]
    texts, groups = [], []
    for event in range(400):
        own = [f"e{event}w{i}" for i in range(12)]
        copies = 3 if event % 10 == 0 else 1
        groups.append(list(range(len(texts), len(texts) + copies)))
        texts.extend(_word_soup(rng, common, own, 30) for _ in range(copies))
    clusters = cluster_texts(texts, ClusterSettings(exact_below=0))
    found = {tuple(cluster) for cluster in clusters}
    missed = [group for group in groups if tuple(group) not in found]
    assert len(missed) <= 1, missed  # LSH samples; at most a rare miss, never a false merge
    assert all(len(cluster) <= 3 for cluster in clusters)
