"""Subscriber tests: a config rooted in the test's folder, and CSV files written for real."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from digest.config import Config, config_from_dict

HEADER = "email,name,topics,timezone,status"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    # Tests choose the secret themselves; one from the outer environment must not leak in.
    monkeypatch.delenv("DIGEST_SECRET_KEY", raising=False)
    path = tmp_path / "digest.toml"
    path.write_text('[render]\nbase_url = "https://news.example.com/"\n', encoding="utf-8")
    return config_from_dict({"render": {"base_url": "https://news.example.com/"}}, path)


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(
        lines: list[str], name: str = "list.csv", *, header: str | None = HEADER, bom: bool = False
    ) -> Path:
        path = tmp_path / name
        text = "\n".join(([header] if header is not None else []) + lines) + "\n"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return path

    return write
