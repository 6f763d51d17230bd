"""The config model: one TOML file plus the environment.

Where the file is found: ``--config PATH``, then ``$DIGEST_CONFIG``, then
``./digest.toml``. Without any file, digest runs on its embedded defaults: the
bundled sample sources, a SQLite file in the working directory, the outbox
provider. Secrets never live in the file; they come from the environment
(``DIGEST_SECRET_KEY``, ``SENDGRID_API_KEY``, ...). ``DIGEST_DATABASE_URL``
overrides ``database_url``.

Every validation problem becomes one ``ConfigError`` naming the file and the
key, e.g. ``digest.toml: sources[2].weight: must be >= 0``.
"""

from __future__ import annotations

import os
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from digest.exceptions import ConfigError

CONFIG_FILENAME = "digest.toml"
SAMPLES_DIR = Path(__file__).parent / "samples"
SOURCE_KINDS = ("feed", "page", "text", "markdown", "folder")


class _Model(BaseModel):
    # Unknown keys are an error: a typo in a key must not be silently ignored.
    model_config = ConfigDict(extra="forbid")


class SourceConfig(_Model):
    """One place stories come from: a URL or a local path."""

    name: str = Field(min_length=1)
    url: str | None = None
    path: Path | None = None
    kind: Literal["feed", "page", "text", "markdown", "folder"] | None = None
    weight: float = Field(default=1.0, ge=0)
    tags: list[str] = Field(default_factory=list)
    enabled: bool = True

    @model_validator(mode="after")
    def _one_location(self) -> SourceConfig:
        if (self.url is None) == (self.path is None):
            raise ValueError("give exactly one of 'url' or 'path'")
        if self.url is not None and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, got {self.url!r}")
        return self

    @property
    def location(self) -> str:
        return self.url if self.url is not None else str(self.path)


class FetchConfig(_Model):
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    # A whole-request deadline, so a server that trickles bytes cannot hold a worker forever.
    total_timeout: float = Field(default=60.0, gt=0)
    max_bytes: int = Field(default=5_000_000, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    concurrency: int = Field(default=8, ge=1, le=64)
    user_agent: str | None = None


class SectionConfig(_Model):
    """A section of the edition and which stories belong in it (any rule matching).

    ``tags`` match the story's tags and feed categories, ``sources`` the source
    name, ``keywords`` whole words in the title or lede; all case-insensitive.
    A story goes to the first section (in config order) that matches.
    """

    name: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


# The parts of an item's score that [rank.weights] may weigh (see digest/rank.py).
SCORE_PART_NAMES = ("recency", "source", "coverage", "substance", "boost")


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def cutoff_hours(text: str) -> float:
    """How far ``"sunday 18:00"`` moves the end of the week from Monday 00:00, in hours.

    The closing time nearest to Monday 00:00 wins: ``"sunday 18:00"`` is -6
    (the week closes six hours early), ``"monday 06:00"`` is +6.
    """
    parts = text.strip().lower().split()
    day = next((i for i, name in enumerate(_WEEKDAYS) if parts and name.startswith(parts[0])), None)
    try:
        if day is None or len(parts) != 2 or len(parts[0]) < 3:
            raise ValueError
        hour, minute = (int(piece) for piece in parts[1].split(":"))
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
    except ValueError:
        raise ValueError(
            f"cutoff {text!r}: use a weekday and a time, such as 'sunday 18:00'"
        ) from None
    hours = day * 24 + hour + minute / 60
    return hours - 168 if hours > 84 else hours


class RankConfig(_Model):
    max_items: int = Field(default=12, ge=1)
    per_publisher: int = Field(default=4, ge=1)
    min_items: int = Field(default=3, ge=0)
    period: Literal["week"] = "week"
    weights: dict[str, float] = Field(default_factory=dict)
    # 1.0 ranks on score alone; lower values trade score for variety (MMR's lambda).
    diversity: float = Field(default=0.7, ge=0, le=1)
    default_section: str = Field(default="More news", min_length=1)
    # When the week closes, e.g. "sunday 18:00": later stories go to the next edition.
    cutoff: str | None = None
    sections: list[SectionConfig] = Field(default_factory=list)

    @field_validator("cutoff")
    @classmethod
    def _valid_cutoff(cls, value: str | None) -> str | None:
        if value is not None:
            cutoff_hours(value)
        return value

    @field_validator("weights")
    @classmethod
    def _known_parts(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(SCORE_PART_NAMES))
        if unknown:
            raise ValueError(
                f"unknown score part {', '.join(map(repr, unknown))}; "
                f"known parts: {', '.join(SCORE_PART_NAMES)}"
            )
        return value

    @model_validator(mode="after")
    def _unique_sections(self) -> RankConfig:
        names = [section.name for section in self.sections]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"section {repeated[0]!r} is defined twice")
        return self


_HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


class RenderConfig(_Model):
    """How editions become emails: theme, sender identity, links and the size budget."""

    # A folder whose templates override the default theme's files of the same name.
    templates: Path | None = None
    # Gmail clips HTML past ~102 KB; stay under it with room for the provider's own additions.
    size_budget: int = Field(default=95_000, gt=0)
    sender_address: str = "Digest, 1 Example Street, Example Town"
    from_email: str = "digest@example.com"
    from_name: str | None = None
    reply_to: str | None = None
    base_url: str = "http://localhost:8000"
    language: str = Field(default="en", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    logo_url: str | None = None
    accent_color: str = Field(default="#1a5fb4", pattern=_HEX_COLOUR)
    reason: str = "You are receiving this because you subscribed to {name}."
    blurb_chars: int = Field(default=320, ge=40)
    utm: bool = False
    utm_source: str = "digest"
    utm_medium: str = "email"
    # The campaign defaults to the edition's period (e.g. 2026-W47).
    utm_campaign: str | None = None

    @field_validator("logo_url", "base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value


class SubscribersConfig(_Model):
    pending_expiry_days: int = Field(default=7, ge=1)
    check_deliverability: bool = False


class DeliveryConfig(_Model):
    provider: Literal["outbox", "sendgrid", "smtp"] = "outbox"
    outbox_dir: Path = Path("outbox")


class Config(_Model):
    name: str = Field(default="The Weekly Digest", min_length=1)
    timezone: str = "UTC"
    database_url: str | None = None
    sources: list[SourceConfig] = Field(default_factory=list)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    rank: RankConfig = Field(default_factory=RankConfig)
    render: RenderConfig = Field(default_factory=RenderConfig)
    subscribers: SubscribersConfig = Field(default_factory=SubscribersConfig)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)

    # Where the config came from; relative paths in it are relative to this folder.
    path: Path | None = Field(default=None, exclude=True)
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {value!r} (use an IANA name such as 'Europe/London')"
            ) from None
        return value

    @model_validator(mode="after")
    def _unique_source_names(self) -> Config:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}; names must be unique")
            seen.add(source.name)
        return self

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        """The database URL; the default is ``digest.db`` next to the config file."""
        url = os.environ.get("DIGEST_DATABASE_URL") or self.database_url
        if not url:
            return f"sqlite:///{self.base_dir / 'digest.db'}"
        if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            relative = url.removeprefix("sqlite:///")
            if relative and relative != ":memory:":
                return f"sqlite:///{(self.base_dir / relative).resolve()}"
        return url

    def resolve(self, path: Path) -> Path:
        """A path from the config file, made absolute against the config's folder."""
        return path if path.is_absolute() else (self.base_dir / path).resolve()

    @property
    def secret_key(self) -> str | None:
        return os.environ.get("DIGEST_SECRET_KEY")


def embedded_config() -> Config:
    """The starter config run from the package: bundled samples, SQLite in the working folder."""
    from digest.starter import STARTER_CONFIG

    config = config_from_dict(tomllib.loads(STARTER_CONFIG))
    for source in config.sources:
        if source.path is not None and not source.path.is_absolute():
            source.path = SAMPLES_DIR.parent / source.path
    return config


def find_config_path(explicit: Path | str | None = None) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        return path
    from_env = os.environ.get("DIGEST_CONFIG")
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found (from $DIGEST_CONFIG)")
        return path
    local = Path.cwd() / CONFIG_FILENAME
    return local if local.is_file() else None


def _format_location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _describe(error: ValidationError, origin: str) -> str:
    lines = []
    for problem in error.errors():
        # Drop pydantic's "Value error, " prefix: the message itself is what matters.
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key (check the spelling)"
        lines.append(f"{origin}: {_format_location(problem['loc'])}: {message}")
    return "\n".join(lines)


def load_config(explicit: Path | str | None = None) -> Config:
    """Find, read and validate the config; raise ``ConfigError`` with a clear message."""
    path = find_config_path(explicit)
    if path is None:
        return embedded_config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file: {exc}") from None
    return config_from_dict(data, path)


def config_from_dict(data: dict[str, Any], path: Path | None = None) -> Config:
    origin = str(path) if path else "config"
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None
    if path is not None:
        config.path = path.resolve()
        config.base_dir = path.resolve().parent
    return config
