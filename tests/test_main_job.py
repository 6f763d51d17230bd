"""The README's first command: the main job on the embedded defaults, offline."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def test_run_on_embedded_defaults_collects_the_bundled_samples(tmp_path: Path, digest_cli) -> None:
    result = digest_cli("run", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    database = sqlite3.connect(tmp_path / "digest.db")
    sources = dict(database.execute("select name, last_status from sources"))
    assert sources and set(sources.values()) == {"ok"}, sources
    stored = database.execute("select count(*) from stories").fetchone()[0]
    assert stored >= 25
    # Running it again stores nothing twice.
    again = digest_cli("run", cwd=tmp_path)
    assert again.returncode == 0
    assert database.execute("select count(*) from stories").fetchone()[0] == stored
