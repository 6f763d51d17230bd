"""The README's first command: the main job on the embedded defaults, offline."""

from __future__ import annotations

import email
import email.policy
import sqlite3
from pathlib import Path


def test_run_on_embedded_defaults_collects_drafts_and_previews(tmp_path: Path, digest_cli) -> None:
    result = digest_cli("run", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    database = sqlite3.connect(tmp_path / "digest.db")
    sources = dict(database.execute("select name, last_status from sources"))
    assert sources and set(sources.values()) == {"ok"}, sources
    stored = database.execute("select count(*) from stories").fetchone()[0]
    assert stored >= 25

    # The bundled week becomes a draft edition, led by the story four sources carried.
    editions = database.execute("select period, status from editions").fetchall()
    assert editions == [("2026-W47", "draft")]
    assert "2026-W47" in result.stdout

    # The editor gets the email as a sample subscriber would, in the outbox.
    preview = tmp_path / "outbox" / "preview-2026-W47.eml"
    message = email.message_from_bytes(preview.read_bytes(), policy=email.policy.default)
    assert "budget" in message["Subject"].lower()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert html.lower().startswith("<!doctype html")
    assert "Ferry" in html and "Ferry" in text

    # Running it again stores nothing twice and refreshes the same draft.
    again = digest_cli("run", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert database.execute("select count(*) from stories").fetchone()[0] == stored
    assert database.execute("select count(*) from editions").fetchone()[0] == 1
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == ["preview-2026-W47.eml"]
