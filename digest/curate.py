"""The editor's overrides on a draft: pin, drop, move, rewrite, boost, add, texts.

Each override is stored on the edition (one row per story) and the draft is
rebuilt at once, so what the editor sees is what ranking now gives. Rebuilds
after a new collect read the same rows: overrides survive, and new stories
slot in around the pinned ones. Only a draft (or a skipped edition) can be
curated; an approved edition must be reopened first (``digest edition reopen``).

Stories are named by their id (as ``digest edition show`` prints it) or by URL.
"""

from __future__ import annotations

from dataclasses import replace

from digest.collect import ingest, save_input
from digest.config import Config
from digest.editions import REBUILDABLE, build_draft, parse_period
from digest.exceptions import EditionError
from digest.models import Edition, EditionStatus
from digest.rank import Override
from digest.store import editions as store
from digest.store.db import Database


def _editable(config: Config, db: Database, period: str) -> store.EditionRecord:
    period = parse_period(period)
    record = store.get_edition(db, config.name, period)
    if record is None:
        build_draft(config, db, period)
        record = store.get_edition(db, config.name, period)
        assert record is not None
    status = EditionStatus(record.status)
    if status not in REBUILDABLE:
        hint = " (reopen it first: `digest edition reopen`)" if status == "approved" else ""
        raise EditionError(f"edition {period} is {status}; only a draft can be changed{hint}")
    return record


def _story(config: Config, db: Database, reference: str) -> int:
    found = store.find_story(db, reference)
    if found is None:
        raise EditionError(
            f"no story {reference!r} in the store (give a story id from `digest edition show` "
            "or the story's URL; `digest edition add URL` collects a new one)"
        )
    story_id, title = found
    if store.was_sent(db, config.name, story_id):
        raise EditionError(f"story {story_id} ({title!r}) already ran in an earlier edition")
    return story_id


def _change(
    config: Config, db: Database, period: str, reference: str, **changes: object
) -> Edition:
    record = _editable(config, db, period)
    story_id = _story(config, db, reference)
    current = store.load_overrides(db, record.id).get(story_id, Override(story_id))
    store.save_override(db, record.id, replace(current, **changes))  # type: ignore[arg-type]
    return build_draft(config, db, record.period)


def pin(
    config: Config, db: Database, period: str, story: str, position: int | None = None
) -> Edition:
    """Keep a story in the edition (at ``position`` in its section, 1-based, if given)."""
    if position is not None and position < 1:
        raise EditionError("--position counts from 1")
    return _change(config, db, period, story, pinned=True, dropped=False, position=position)


def unpin(config: Config, db: Database, period: str, story: str) -> Edition:
    return _change(config, db, period, story, pinned=False, position=None)


def drop(config: Config, db: Database, period: str, story: str) -> Edition:
    """Leave a story (and its whole near-duplicate cluster) out of this edition."""
    return _change(config, db, period, story, dropped=True, pinned=False, position=None)


def move(
    config: Config,
    db: Database,
    period: str,
    story: str,
    section: str | None = None,
    position: int | None = None,
) -> Edition:
    """Put a story in another section and/or at a position; it stays in the edition."""
    if section is None and position is None:
        raise EditionError("say where to: give --section, --position or both")
    if position is not None and position < 1:
        raise EditionError("--position counts from 1")
    changes: dict[str, object] = {"pinned": True, "dropped": False}
    if section is not None:
        changes["section"] = section
    if position is not None:
        changes["position"] = position
    return _change(config, db, period, story, **changes)


def edit_item(
    config: Config,
    db: Database,
    period: str,
    story: str,
    title: str | None = None,
    blurb: str | None = None,
) -> Edition:
    """Rewrite a story's title or blurb for this edition ('' restores the original)."""
    if title is None and blurb is None:
        raise EditionError("nothing to change: give --title or --blurb")
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = title.strip() or None
    if blurb is not None:
        changes["blurb"] = blurb.strip() or None
    return _change(config, db, period, story, **changes)


def boost(config: Config, db: Database, period: str, story: str, amount: float) -> Edition:
    """Add ``amount`` (times the boost weight) to a story's score; 0 removes the boost."""
    return _change(config, db, period, story, boost=amount)


def reset(config: Config, db: Database, period: str, story: str | None = None) -> Edition:
    """Forget the editor's decisions on one story, or on every story when none is named."""
    record = _editable(config, db, period)
    story_id = _story(config, db, story) if story is not None else None
    store.delete_overrides(db, record.id, story_id)
    return build_draft(config, db, record.period)


def edit_edition(
    config: Config,
    db: Database,
    period: str,
    *,
    subject: str | None = None,
    preheader: str | None = None,
    intro: str | None = None,
) -> Edition:
    """Set the subject, preheader or intro ('' goes back to the generated text)."""
    if subject is None and preheader is None and intro is None:
        raise EditionError("nothing to change: give --subject, --preheader or --intro")
    record = _editable(config, db, period)
    values = {
        name: (value.strip() or None)
        for name, value in (("subject", subject), ("preheader", preheader), ("intro", intro))
        if value is not None
    }
    store.update_edition(db, record.id, **values)
    return build_draft(config, db, record.period)


def add_url(
    config: Config, db: Database, period: str, url: str, position: int | None = None
) -> Edition:
    """Collect one story from a URL (or a local file) now and pin it into the edition."""
    record = _editable(config, db, period)
    results = ingest([url], fetch=config.fetch)
    result = results[0]
    if result.error:
        raise EditionError(f"cannot add {url}: {result.error}")
    if not result.stories:
        raise EditionError(f"cannot add {url}: no story found there")
    save_input(db, result)
    found = store.find_story(db, result.stories[0].key)
    if found is None:
        raise EditionError(f"cannot add {url}: the story was read but could not be found again")
    return pin(config, db, record.period, str(found[0]), position)
