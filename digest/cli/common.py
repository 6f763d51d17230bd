"""What every command shares: the app, the consoles, loading config and store."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from digest.config import Config, load_config
from digest.exceptions import DigestError
from digest.store.db import Database, open_database

app = typer.Typer(
    name="digest",
    help="Collect the week's stories, rank them into an edition, render and send it once.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


@dataclass(slots=True)
class State:
    config_path: Path | None = None
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def database(self) -> Database:
        return open_database(self.config.db_url)


state = State()


@app.callback()
def _global_options(
    config: Path | None = typer.Option(
        None,
        "--config",
        "-c",
        help="Config file (default: $DIGEST_CONFIG, then ./digest.toml).",
        envvar=None,
        dir_okay=False,
    ),
) -> None:
    state.config_path = config
    state._config = None


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(
        f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True
    )
    return typer.Exit(code)


_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")


def parse_since(value: str | None) -> dt.datetime | None:
    """``7d``, ``12h``, ``2w`` or an ISO date, as an aware UTC datetime."""
    if not value:
        return None
    match = _DURATION.match(value)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        delta = {
            "h": dt.timedelta(hours=amount),
            "d": dt.timedelta(days=amount),
            "w": dt.timedelta(weeks=amount),
        }[unit]
        return dt.datetime.now(dt.UTC) - delta
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise DigestError(
            f"--since {value!r}: use a duration such as 7d, 12h, 2w or a date such as 2026-03-16"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
