"""Fixtures every test area shares: a real SQLite store, the CLI as a subprocess,
and the reference data in ../shared (skipped with a reason where it is absent)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.store.db import Database, open_database

REPO = Path(__file__).resolve().parents[1]
# The reference data sits beside the repository; DIGEST_SHARED_DIR points elsewhere.
SHARED = Path(os.environ.get("DIGEST_SHARED_DIR") or REPO.parent / "shared")


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "fixtures").is_dir():
        pytest.skip(f"reference data not found at {SHARED} (a clone outside the project's CI)")
    return SHARED


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    yield db
    db.dispose()


def run_digest(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real ``digest`` command in a subprocess, as a user would run it."""
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    full_env.pop("DIGEST_CONFIG", None) if env is None or "DIGEST_CONFIG" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def digest_cli():
    return run_digest


@pytest.fixture
def http_server():
    from tests.support.httpserver import LocalServer

    with LocalServer() as server:
        yield server
