"""Saved plain-text pages through the real command, as the issue checks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAVED = Path(__file__).resolve().parents[1] / "fixtures" / "saved_text"


def test_seed_article_through_ingest(digest_cli, shared_dir: Path) -> None:
    result = digest_cli("ingest", "--json", str(shared_dir / "fixtures" / "seed-article.txt"))
    assert result.returncode == 0, result.stderr
    [story] = json.loads(result.stdout)
    assert story["title"] == "US Envoy Meets Belarus Leader Over Prisoners"
    assert story["published"].startswith("2026-03-20")
    body = story["body"]
    assert body.startswith("A senior envoy from the United States")
    assert body.endswith("remains part of a longer, uncertain process.")
    for furniture in (
        "Dark",
        "Light",
        "Leave a Reply",
        "Your email address",
        "Don't Miss",
        "Kenyan Court",
        "Tanzania Prepares",
        "Author",
    ):
        assert furniture not in body
    assert body.count("\n\n") == 9  # ten paragraphs, each separated by one blank line


@pytest.mark.parametrize("page", sorted(p.stem for p in SAVED.glob("*.txt")))
def test_own_saved_pages_through_ingest(digest_cli, page: str) -> None:
    expected = json.loads((SAVED / f"{page}.json").read_text(encoding="utf-8"))
    result = digest_cli("ingest", "--json", "--kind", "text", str(SAVED / f"{page}.txt"))
    assert result.returncode == 0, result.stderr
    [story] = json.loads(result.stdout)
    assert story["title"] == expected["title"]
    assert (story["published"] or "").startswith(expected["published"] or "")
    assert story["body"].startswith(expected["body_starts"])
    assert story["body"].endswith(expected["body_ends"])
    for furniture in expected["furniture"]:
        assert furniture not in story["body"]
