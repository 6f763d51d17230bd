"""``digest render``: the current draft as a sample subscriber gets it."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from tests.conftest import run_digest


@pytest.fixture(scope="module")
def newsletter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("newsletter")
    assert run_digest("init", str(folder)).returncode == 0
    collected = run_digest("collect", cwd=folder)
    assert collected.returncode == 0, collected.stderr
    return folder


def test_render_writes_html_text_and_eml(newsletter: Path) -> None:
    result = run_digest(
        "render", "--out", "out/email.html", "--text", "out/email.txt", "--eml", "out/email.eml",
        cwd=newsletter,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (newsletter / "out" / "email.html").read_text(encoding="utf-8")
    text = (newsletter / "out" / "email.txt").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Hi Sample Reader," in html and "Hi Sample Reader," in text
    assert "/unsubscribe/SAMPLE-TOKEN" in html and "/unsubscribe/SAMPLE-TOKEN" in text
    message = email.message_from_bytes(
        (newsletter / "out" / "email.eml").read_bytes(), policy=email.policy.default
    )
    assert message["To"] == "Sample Reader <reader@example.com>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"HTML {len(html.encode()):,} bytes" in result.stdout
    assert "size guard:" in result.stdout + result.stderr


def test_render_json_summary(newsletter: Path) -> None:
    result = run_digest("render", "--json", "--out", "email.html", cwd=newsletter)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["html_bytes"] == len((newsletter / "email.html").read_bytes())
    assert summary["size_guard"]["budget"] == 95_000
    assert summary["stories"] >= 1


def test_render_unknown_topic_is_a_clear_error(newsletter: Path) -> None:
    result = run_digest("render", "--topics", "No Such Section", cwd=newsletter)
    assert result.returncode == 1
    assert "no section named No Such Section" in result.stderr
    assert "Traceback" not in result.stderr


def test_render_bad_week_is_a_clear_error(newsletter: Path) -> None:
    result = run_digest("render", "--week", "last tuesday", cwd=newsletter)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_a_week_without_stories_is_not_rendered(newsletter: Path) -> None:
    result = run_digest("render", "--week", "2026-W10", "--out", "empty.html", cwd=newsletter)
    assert result.returncode == 1
    assert "edition 2026-W10 has no stories to render" in result.stderr
    assert not (newsletter / "empty.html").exists()
