"""Commands for the edition: ``digest draft`` and ``digest edition ...``."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from digest import curate
from digest.cli.common import app, console, state
from digest.editions import (
    build_draft,
    current_period,
    edition_to_json,
    load_edition,
    parse_period,
    pending_period,
    transition,
)
from digest.exceptions import EditionError
from digest.models import Edition, EditionItem, EditionStatus

edition_app = typer.Typer(
    help="Show and curate an edition: pin, drop, move, edit, add, approve, cancel.",
    no_args_is_help=True,
)
app.add_typer(edition_app, name="edition")

WEEK_HELP = "ISO week such as 2026-W12 (default: the newest week with stories not yet sent)."


def resolve_week(week: str | None) -> str:
    """The week asked for, else the edition in play (as ``digest draft`` picks it)."""
    if week:
        return parse_period(week)
    return pending_period(state.config, state.database()) or current_period(state.config)


def _print_item(number: int, item: EditionItem) -> None:
    pin = " [pinned]" if item.pinned else ""
    console.print(
        f"{number:>2}. [bold]{escape(item.title)}[/]{pin}  [dim]#{item.story_id}[/]",
        highlight=False,
    )
    when = item.published.strftime("%a %d %b") if item.published else "no date"
    parts = ", ".join(f"{name} {value:g}" for name, value in item.score_parts.items() if value)
    console.print(
        f"    {escape(item.source)} · {when} · score {item.score:g} ({escape(parts)})",
        style="dim",
        highlight=False,
    )
    if item.url:
        console.print(f"    {escape(item.url)}", style="cyan", highlight=False)
    for other in item.also:
        console.print(f"    also: {escape(other.source)}: {escape(other.title)}", highlight=False)


def print_edition(edition: Edition, as_json: bool = False) -> None:
    if as_json:
        typer.echo(json.dumps(edition_to_json(edition), ensure_ascii=False, indent=2))
        return
    console.rule(f"{escape(edition.newsletter)} · {edition.period} · {edition.status}")
    if edition.skip_reason:
        console.print(f"[yellow]skipped:[/] {escape(edition.skip_reason)}", highlight=False)
    console.print(f"[bold]subject:[/] {escape(edition.subject)}", highlight=False)
    if edition.preheader:
        console.print(f"[bold]preheader:[/] {escape(edition.preheader)}", highlight=False)
    if edition.intro:
        console.print(f"[bold]intro:[/] {escape(edition.intro)}", highlight=False)
    number = 0
    for section in edition.sections:
        console.print(f"\n[bold underline]{escape(section.name)}[/]", highlight=False)
        for item in section.items:
            number += 1
            _print_item(number, item)
    if edition.more:
        console.print("\n[bold]More this week[/] (runners-up)", highlight=False)
        for item in edition.more:
            console.print(
                f"  - {escape(item.title)} [dim]#{item.story_id} · score {item.score:g}[/]",
                highlight=False,
            )


@app.command("draft")
def draft_command(
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the edition as JSON."),
) -> None:
    """Build or refresh the draft edition, keeping the editor's overrides, and print it."""
    edition = build_draft(state.config, state.database(), resolve_week(week))
    print_edition(edition, as_json)


@edition_app.command("show")
def show_command(
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the edition as JSON."),
) -> None:
    """Print the stored edition as it is (no rebuild)."""
    period = resolve_week(week)
    edition = load_edition(state.config, state.database(), period)
    if edition is None:
        raise EditionError(
            f"no edition for {period} yet; build it with `digest draft --week {period}`"
        )
    print_edition(edition, as_json)


@edition_app.command("pin")
def pin_command(
    story: str = typer.Argument(..., help="Story id (from `digest edition show`) or URL."),
    position: int | None = typer.Option(None, "--position", help="Place in its section, from 1."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Keep a story in the edition, optionally at a position."""
    print_edition(curate.pin(state.config, state.database(), resolve_week(week), story, position))


@edition_app.command("unpin")
def unpin_command(
    story: str = typer.Argument(..., help="Story id or URL."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Let ranking decide about a pinned story again."""
    print_edition(curate.unpin(state.config, state.database(), resolve_week(week), story))


@edition_app.command("drop")
def drop_command(
    story: str = typer.Argument(..., help="Story id or URL."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Leave a story (and its other versions) out of the edition."""
    print_edition(curate.drop(state.config, state.database(), resolve_week(week), story))


@edition_app.command("move")
def move_command(
    story: str = typer.Argument(..., help="Story id or URL."),
    section: str | None = typer.Option(None, "--section", help="Section name to move it to."),
    position: int | None = typer.Option(None, "--position", help="Place in its section, from 1."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Move a story to another section and/or position (it stays in the edition)."""
    config, database = state.config, state.database()
    print_edition(curate.move(config, database, resolve_week(week), story, section, position))


@edition_app.command("edit")
def edit_command(
    story: str | None = typer.Argument(
        None, help="Story id or URL, to rewrite its title or blurb."
    ),
    title: str | None = typer.Option(None, "--title", help="New title for the story."),
    blurb: str | None = typer.Option(None, "--blurb", help="New blurb for the story."),
    subject: str | None = typer.Option(None, "--subject", help="The email's subject line."),
    preheader: str | None = typer.Option(None, "--preheader", help="The inbox preview text."),
    intro: str | None = typer.Option(None, "--intro", help="The editor's intro paragraph."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Rewrite a story's title/blurb, or set the subject, preheader or intro ('' resets)."""
    config, database = state.config, state.database()
    period = resolve_week(week)
    if story is None and (title is not None or blurb is not None):
        raise EditionError("--title and --blurb need the story to change (its id or URL)")
    edition = None
    if story is not None:
        edition = curate.edit_item(config, database, period, story, title, blurb)
    if subject is not None or preheader is not None or intro is not None:
        edition = curate.edit_edition(
            config, database, period, subject=subject, preheader=preheader, intro=intro
        )
    if edition is None:
        raise EditionError(
            "nothing to change: give --title, --blurb, --subject, --preheader or --intro"
        )
    print_edition(edition)


@edition_app.command("add")
def add_command(
    url: str = typer.Argument(..., help="The story's URL (or a local file), collected now."),
    position: int | None = typer.Option(None, "--position", help="Place in its section, from 1."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Collect one story now and pin it into the edition."""
    print_edition(curate.add_url(state.config, state.database(), resolve_week(week), url, position))


@edition_app.command("boost")
def boost_command(
    story: str = typer.Argument(..., help="Story id or URL."),
    amount: float = typer.Argument(1.0, help="Added to the score (times the boost weight)."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Raise (or with a negative amount, lower) a story's score."""
    print_edition(curate.boost(state.config, state.database(), resolve_week(week), story, amount))


@edition_app.command("reset")
def reset_command(
    story: str | None = typer.Argument(None, help="Story id or URL; all stories when left out."),
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
) -> None:
    """Forget the editor's overrides on one story (or all) and rebuild."""
    print_edition(curate.reset(state.config, state.database(), resolve_week(week), story))


def _step(week: str | None, status: EditionStatus, reason: str | None = None) -> None:
    edition = transition(state.config, state.database(), resolve_week(week), status, reason)
    console.print(f"edition {edition.period} is now {edition.status}", highlight=False)


@edition_app.command("approve")
def approve_command(week: str | None = typer.Option(None, "--week", help=WEEK_HELP)) -> None:
    """Approve the draft for sending (no more changes until reopened)."""
    _step(week, EditionStatus.APPROVED)


@edition_app.command("reopen")
def reopen_command(week: str | None = typer.Option(None, "--week", help=WEEK_HELP)) -> None:
    """Take an approved (or skipped) edition back to draft."""
    _step(week, EditionStatus.DRAFT)


@edition_app.command("cancel")
def cancel_command(week: str | None = typer.Option(None, "--week", help=WEEK_HELP)) -> None:
    """Cancel the edition: it will not be sent (final)."""
    _step(week, EditionStatus.CANCELLED)
