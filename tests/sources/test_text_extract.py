"""Tests for digest.sources.text_extract: article extraction from pages saved as plain text."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path
from typing import Any

import pytest

from digest.sources.text_extract import TextArticle, extract_article

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT / ".." / "shared"
SEED = SHARED / "fixtures" / "seed-article.txt"
PAGES = REPO_ROOT / "tests" / "fixtures" / "saved_text"

SEED_EXPECTED: dict[str, Any] = {
    "title": "US Envoy Meets Belarus Leader Over Prisoners",
    "published": "2026-03-20",
    "author": None,
    "standfirst": (
        "They argue that while individual releases are important, lasting progress will depend "
        "on broader political reforms and respect for civil liberties."
    ),
    "body_starts": "A senior envoy from the United States",
    "body_ends": "remains part of a longer, uncertain process.",
    "paragraph_count": 10,
    "furniture": [
        "Dark",
        "Light",
        "Author",
        "Leave a Reply",
        "Your email address will not be published.",
        "Don't Miss",
        "Kenyan Court rules Haiti police deployment illegal",
        "A Kenyan court on Friday ruled against",
        "Tanzania Prepares for Crucial 2025",
        "President Samia Suluhu Hassan",
    ],
}


def _read(path: Path) -> str:
    # Bytes -> str by hand so CRLF line endings reach the extractor untranslated.
    return path.read_bytes().decode("utf-8")


def _page_ids() -> list[str]:
    return sorted(p.stem for p in PAGES.glob("*.txt"))


def _check(article: TextArticle, expected: dict[str, Any]) -> None:
    assert article.title == expected["title"]
    want_date = expected["published"]
    assert article.published == (datetime.date.fromisoformat(want_date) if want_date else None)
    assert article.standfirst == expected["standfirst"]
    assert article.paragraphs, "no body paragraphs"
    assert article.paragraphs[0].startswith(expected["body_starts"]), article.paragraphs[0]
    assert article.paragraphs[-1].endswith(expected["body_ends"]), article.paragraphs[-1]
    body = "\n".join(article.paragraphs)
    for junk in expected["furniture"]:
        # Whole-line furniture ("Dark", "Author") must not be a paragraph; longer strings
        # must not appear anywhere in the body.
        assert junk not in article.paragraphs, f"furniture paragraph in body: {junk!r}"
        if len(junk.split()) > 1 or len(junk) > 8:
            assert junk not in body, f"furniture in body: {junk!r}"
    for text in expected.get("must_contain", []):
        assert text in article.paragraphs, f"missing paragraph: {text!r}"
    if "paragraph_count" in expected:
        assert len(article.paragraphs) == expected["paragraph_count"]
    if "author" in expected:
        assert article.author == expected["author"]
    for p in article.paragraphs:
        assert p == " ".join(p.split()), "paragraph whitespace not normalised"
    if expected.get("standfirst"):
        # The headline block never leaks into the body as its own paragraph.
        assert article.title not in article.paragraphs


def test_seed_article() -> None:
    if not SEED.is_file():
        pytest.skip(f"shared fixture not available: {SEED} (needs the repo's sibling shared/ dir)")
    _check(extract_article(SEED.read_text(encoding="utf-8")), SEED_EXPECTED)


@pytest.mark.parametrize("name", _page_ids())
def test_saved_pages(name: str) -> None:
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    text = _read(PAGES / f"{name}.txt")
    if expected.get("crlf"):
        assert "\r\n" in text, "fixture lost its CRLF line endings"
    _check(extract_article(text), expected)


def test_there_are_enough_pages() -> None:
    assert len(_page_ids()) >= 5
    for name in _page_ids():
        assert (PAGES / f"{name}.json").is_file(), f"{name}.txt has no expectation file"


@pytest.mark.parametrize("name", _page_ids())
def test_line_ending_and_indentation_do_not_matter(name: str) -> None:
    text = _read(PAGES / f"{name}.txt").replace("\r\n", "\n")
    plain = extract_article(text)
    assert extract_article(text.replace("\n", "\r\n")) == plain
    assert extract_article("\n".join("  " + ln for ln in text.split("\n"))) == plain


@pytest.mark.parametrize("text", ["", "   \n\n\t \n", "\r\n\r\n"])
def test_empty_input_raises(text: str) -> None:
    with pytest.raises(ValueError, match="no article text found"):
        extract_article(text)


def test_menu_only_page_raises() -> None:
    page = "\n".join(
        [
            "Skip to content",
            "Home",
            "World",
            "Politics",
            "Business",
            "Science and Technology",
            "Culture",
            "Sport",
            "Opinion",
            "Podcasts",
            "Newsletters",
            "Sign in",
            "Subscribe",
        ]
    )
    with pytest.raises(ValueError, match="no article text found"):
        extract_article(page)


def test_furniture_only_page_raises() -> None:
    page = "\n\n".join(
        [
            "We use cookies to give you the best experience. By continuing you agree.",
            "Accept all",
            "Reject all",
            "Home",
            "News",
            "Sport",
            "Subscribe to our newsletter and never miss a story again.",
            "Most read",
            "1. Storm closes coastal road",
            "2. Schools reopen after floods",
            "Follow us",
            "Privacy policy",
            "© 2026 Example Media. All rights reserved.",
        ]
    )
    with pytest.raises(ValueError, match="no article text found"):
        extract_article(page)


BODY = (
    "The regional council voted on Tuesday to extend the night bus service to the outer "
    "villages, after a trial last winter carried more passengers than expected.\n\n"
    "Officials said the extra routes would run every hour between midnight and five in the "
    "morning from the beginning of next month.\n"
)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("March 20, 2026", "2026-03-20"),
        ("20 March 2026", "2026-03-20"),
        ("2026-03-20", "2026-03-20"),
        ("20.03.2026", "2026-03-20"),
        ("Published: 20 Mar 2026, 10:15", "2026-03-20"),
        ("Updated 2026-03-21 14:05 UTC", "2026-03-21"),
        ("Published March 20, 2026 | Updated March 21, 2026", "2026-03-20"),
        ("20 mars 2026", "2026-03-20"),
        ("Publié le 1er mars 2026 à 08h15", "2026-03-01"),
        ("20. März 2026", "2026-03-20"),
        ("Veröffentlicht am 20.03.2026 um 14:30 Uhr", "2026-03-20"),
        ("20 de marzo de 2026", "2026-03-20"),
        ("viernes, 20 de marzo de 2026", "2026-03-20"),
        ("Friday 20 March 2026", "2026-03-20"),
        ("25/12/2026", "2026-12-25"),
    ],
)
def test_date_formats(dateline: str, expected: str) -> None:
    page = f"Night Buses Extended to Outer Villages\n\n{dateline}\n\n{BODY}"
    article = extract_article(page)
    assert article.published == datetime.date.fromisoformat(expected)
    assert article.title == "Night Buses Extended to Outer Villages"
    assert article.paragraphs[0].startswith("The regional council voted")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe | March 20, 2026", "Jane Doe and John Roe"),
        ("Von Anna Müller, dpa", "Anna Müller"),
        ("Par Claire Dubois", "Claire Dubois"),
        ("Por María López", "María López"),
        ("Author: Sam O'Neill", "Sam O'Neill"),
    ],
)
def test_bylines(byline: str, author: str) -> None:
    article = extract_article(f"Night Buses Extended to Outer Villages\n{byline}\n\n{BODY}")
    assert article.author == author
    assert article.title == "Night Buses Extended to Outer Villages"


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        (
            "Night Buses Extended to Outer Villages | The County Post",
            "Night Buses Extended to Outer Villages",
        ),
        (
            "Night Buses Extended to Outer Villages - County Post",
            "Night Buses Extended to Outer Villages",
        ),
        ("Night Buses Extended to Outer Villages – Post", "Night Buses Extended to Outer Villages"),
        (
            "County Post | Night Buses Extended to Outer Villages",
            "Night Buses Extended to Outer Villages",
        ),
        (
            "Will Night Buses Reach the Outer Villages?",
            "Will Night Buses Reach the Outer Villages?",
        ),
    ],
)
def test_site_name_is_stripped_from_title(headline: str, title: str) -> None:
    assert extract_article(f"Home\nNews\nLocal\n{headline}\n\n{BODY}").title == title


def test_no_byline_no_date_no_standfirst() -> None:
    article = extract_article(f"Night Buses Extended to Outer Villages\n\n{BODY}")
    assert (article.author, article.published, article.standfirst) == (None, None, None)
    assert len(article.paragraphs) == 2


def test_boilerplate_after_body_ends_it() -> None:
    tail = (
        "\n\nShare this article\n\nThis later paragraph sits below the share bar and is "
        "furniture, whatever it says about buses and villages.\n"
    )
    article = extract_article(f"Night Buses Extended to Outer Villages\n\n{BODY}{tail}")
    assert article.paragraphs[-1].endswith("from the beginning of next month.")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = BODY.replace("to the outer ", "to the outer\n").replace(
        "between midnight", "between\nmidnight"
    )
    article = extract_article(f"Night Buses Extended to Outer Villages\n\n{wrapped}")
    assert (
        article.paragraphs
        == extract_article(f"Night Buses Extended to Outer Villages\n\n{BODY}").paragraphs
    )


def test_deterministic_and_fast() -> None:
    text = _read(PAGES / "fr_lire_aussi_footer.txt")
    first = extract_article(text)
    best = float("inf")
    for _ in range(20):
        t0 = time.perf_counter()
        assert extract_article(text) == first
        best = min(best, time.perf_counter() - t0)
    assert best < 0.005, f"extraction took {best * 1000:.2f} ms"


def test_long_comment_section_does_not_win_over_the_article() -> None:
    comment = (
        "I have lived in one of those villages for thirty years and the night bus has always "
        "been a lifeline for people who work late shifts at the hospital in town."
    )
    # Commenter names are short lines between prose comments: one long prose run.
    comments = "\n".join(f"Reader {i}\n{comment}" for i in range(12))
    page = f"Night Buses Extended to Outer Villages\n\n{BODY}\n12 Comments\n{comments}\n"
    article = extract_article(page)
    assert article.paragraphs[0].startswith("The regional council voted")
    assert comment not in article.paragraphs
