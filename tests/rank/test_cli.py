"""`digest draft` and `digest edition ...` as a user runs them, on the bundled samples."""

from __future__ import annotations

import json
from pathlib import Path


def _ok(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_draft_json_on_the_bundled_samples_is_a_sensible_edition(
    tmp_path: Path, digest_cli
) -> None:
    _ok(digest_cli("collect", cwd=tmp_path))
    data = json.loads(_ok(digest_cli("draft", "--json", cwd=tmp_path)))
    # The samples are dated in 2026-W47; that week is the one waiting for an edition.
    assert data["week"] == "2026-W47"
    assert data["status"] == "draft"
    items = [item for section in data["sections"] for item in section["items"]]
    assert 8 <= len(items) <= 12
    for item in items:
        assert {
            "title",
            "url",
            "source",
            "published",
            "score",
            "score_parts",
            "pinned",
            "also",
        } <= set(item)
        for also in item["also"]:
            assert set(also) >= {"title", "url", "source"}
    # The budget, told by four outlets, is one item and leads the edition.
    lead = data["sections"][0]["items"][0]
    assert "budget" in lead["title"].lower()
    assert len(lead["also"]) == 3
    assert data["sections"][0]["name"] == "Council and politics"
    assert "budget" in data["subject"].lower()
    # The flood wall (two outlets) is one item; the rain warning is not part of it.
    flood = [item for item in items if "flood wall" in item["title"].lower()]
    assert len(flood) == 1 and len(flood[0]["also"]) == 1
    assert all("rain" not in also["title"].lower() for also in flood[0]["also"])
    # Nobody's story appears twice anywhere.
    urls = [item["url"] for item in items + data["more"]]
    urls += [a["url"] for item in items + data["more"] for a in item["also"]]
    assert len(urls) == len(set(urls))


def test_editor_commands_shape_the_draft(tmp_path: Path, digest_cli) -> None:
    _ok(digest_cli("collect", cwd=tmp_path))
    data = json.loads(_ok(digest_cli("draft", "--json", cwd=tmp_path)))
    last = data["sections"][-1]["items"][-1]
    runner_up = data["more"][0]

    _ok(digest_cli("edition", "pin", runner_up["url"], "--position", "1", cwd=tmp_path))
    _ok(digest_cli("edition", "drop", str(last["story_id"]), cwd=tmp_path))
    _ok(digest_cli("edition", "edit", "--subject", "Budget week in Riverside", cwd=tmp_path))
    shown = json.loads(_ok(digest_cli("edition", "show", "--json", cwd=tmp_path)))
    items = [item for section in shown["sections"] for item in section["items"]]
    assert shown["subject"] == "Budget week in Riverside"
    assert any(item["url"] == runner_up["url"] and item["pinned"] for item in items)
    assert all(item["story_id"] != last["story_id"] for item in items)

    missing = digest_cli("edition", "pin", "999999", cwd=tmp_path)
    assert missing.returncode == 1 and "no story '999999'" in missing.stderr
    assert "Traceback" not in missing.stderr

    _ok(digest_cli("edition", "approve", cwd=tmp_path))
    refused = digest_cli("edition", "drop", str(items[0]["story_id"]), cwd=tmp_path)
    assert refused.returncode == 1 and "approved" in refused.stderr
    bad_week = digest_cli("draft", "--week", "W12", cwd=tmp_path)
    assert bad_week.returncode == 1 and "2026-W12" in bad_week.stderr


def test_add_collects_a_story_on_the_spot(tmp_path: Path, digest_cli) -> None:
    _ok(digest_cli("collect", cwd=tmp_path))
    note = tmp_path / "late.md"
    note.write_text(
        "---\ntitle: Late news from the harbour\ndate: 2026-11-21T10:00:00Z\n"
        "url: https://harbour.example/late-news\n---\n\nThe harbour master reported a seal.\n",
        encoding="utf-8",
    )
    shown = json.loads(
        _ok(digest_cli("edition", "add", str(note), "--week", "2026-W47", cwd=tmp_path))
        and _ok(digest_cli("edition", "show", "--json", "--week", "2026-W47", cwd=tmp_path))
    )
    items = [item for section in shown["sections"] for item in section["items"]]
    assert any(item["title"] == "Late news from the harbour" and item["pinned"] for item in items)
