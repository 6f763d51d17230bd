"""The config file: found in the right place, validated with messages naming key and file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.config import load_config
from digest.exceptions import ConfigError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "X"\ncolour = "blue"\n', "colour: unknown key"),
        (
            '[[sources]]\nname = "A"\nurl = "https://a.example/feed"\nweight = -1\n',
            "sources[0].weight",
        ),
        ('[[sources]]\nname = "A"\n', "sources[0]: give exactly one of 'url' or 'path'"),
        (
            '[[sources]]\nname = "A"\nurl = "ftp://a.example/f"\n',
            "url must start with http:// or https://",
        ),
        ('timezone = "Mars/Olympus"\n', "timezone: unknown timezone 'Mars/Olympus'"),
        ("name = [unclosed\n", "not valid TOML"),
        ('[fetch]\nmax_bytes = "lots"\n', "fetch.max_bytes"),
    ],
)
def test_bad_config_gets_one_clear_message(
    tmp_path: Path, digest_cli, text: str, expected: str
) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(text)
    result = digest_cli("--config", str(config), "stories")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(config) in result.stderr
    assert expected in result.stderr


def test_config_is_found_by_flag_then_environment_then_working_folder(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "digest.toml").write_text('name = "From flag"\n')
    (tmp_path / "b" / "digest.toml").write_text('name = "From env"\n')
    (tmp_path / "digest.toml").write_text('name = "From cwd"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIGEST_CONFIG", str(tmp_path / "b" / "digest.toml"))
    assert load_config(tmp_path / "a" / "digest.toml").name == "From flag"
    assert load_config().name == "From env"
    monkeypatch.delenv("DIGEST_CONFIG")
    config = load_config()
    assert config.name == "From cwd"
    # The default database is a SQLite file next to the config file.
    assert config.db_url == f"sqlite:///{tmp_path / 'digest.db'}"
    monkeypatch.setenv("DIGEST_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    assert load_config().db_url == "sqlite:////tmp/elsewhere.db"
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.toml")


def test_init_writes_a_starter_that_works_offline(tmp_path: Path, digest_cli) -> None:
    target = tmp_path / "newsletter"
    result = digest_cli("init", str(target))
    assert result.returncode == 0, result.stderr
    text = (target / "digest.toml").read_text()
    assert text.count("#") > 20  # commented, so a new user can read it
    again = digest_cli("init", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr
    collected = digest_cli("collect", cwd=target)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    stories = json.loads(digest_cli("stories", "--since", "", "--json", cwd=target).stdout)
    assert len(stories) >= 20
    assert (target / "digest.db").exists()
