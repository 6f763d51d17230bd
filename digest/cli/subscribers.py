"""``digest subscribers ...``: the subscriber list from the command line."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from digest.cli.common import app, console, err_console, fail, state
from digest.models import Subscriber, SubscriberStatus
from digest.subscribers import (
    ImportReport,
    add_confirmed,
    confirm,
    expire_pending,
    export_csv,
    forget,
    get_subscriber,
    history,
    import_csv,
    list_subscribers,
    remove,
    signup,
    stats,
)

subscribers_app = typer.Typer(
    name="subscribers",
    help="The subscriber list: import, export, add, remove, confirm, forget.",
    no_args_is_help=True,
)
app.add_typer(subscribers_app, name="subscribers")

LISTED_PROBLEMS = 50
STATUS_HELP = "One of: " + ", ".join(s.value for s in SubscriberStatus) + "."


def _status(value: str | None) -> SubscriberStatus | None:
    if value is None:
        return None
    try:
        return SubscriberStatus(value.strip().lower())
    except ValueError:
        raise fail(f"--status {value!r}: {STATUS_HELP.lower()}") from None


def _describe(subscriber: Subscriber) -> str:
    name = f" ({subscriber.name})" if subscriber.name else ""
    return f"{subscriber.email}{name}: {subscriber.status.value}"


def _print_import(report: ImportReport) -> None:
    console.print(
        f"{report.file}: {report.rows} rows; added {report.added}, updated {report.updated}, "
        f"unchanged {report.unchanged}, forced {report.forced}, "
        f"skipped {report.skipped.count}, invalid {report.invalid.count}",
        highlight=False,
    )
    for warning in report.warnings:
        err_console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
    for label, problems in (("invalid", report.invalid), ("skipped", report.skipped)):
        for problem in problems.items[:LISTED_PROBLEMS]:
            err_console.print(
                f"{label}: line {problem.line}: {escape(problem.reason)}", highlight=False
            )
        if problems.count > LISTED_PROBLEMS:
            err_console.print(
                f"... and {problems.count - LISTED_PROBLEMS} more {label} rows (--json lists them)",
                highlight=False,
            )


@subscribers_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="A CSV file: email,name,topics,timezone,status."),
    force: bool = typer.Option(
        False, "--force", help="Resubscribe people who left or were forgotten (logged)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import a subscriber CSV: good rows go in, bad rows are reported by line number."""
    config, database = state.config, state.database()
    # A million-row file takes a while: show the rows read so far (on stderr, gone after).
    with err_console.status(f"importing {file}...") as status:

        def progress(report: ImportReport) -> None:
            status.update(f"importing {file}: {report.rows:,} rows read")

        report = import_csv(config, database, file, force=force, on_batch=progress)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_import(report)
    if report.invalid.count:
        raise typer.Exit(1)


@subscribers_app.command("export")
def export_command(
    file: Path | None = typer.Argument(None, help="Where to write (default: standard output)."),
    status: str | None = typer.Option(None, "--status", help=f"Only this status. {STATUS_HELP}"),
) -> None:
    """Write subscribers as CSV in the import format, safe to open in a spreadsheet."""
    wanted = _status(status)
    database = state.database()
    if file is None:
        export_csv(state.config, database, sys.stdout, status=wanted)
        return
    file.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a failed export never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
            count = export_csv(state.config, database, target, status=wanted)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    err_console.print(f"wrote {count} subscribers to {file}", highlight=False)


@subscribers_app.command("add")
def add_command(
    email: str = typer.Argument(..., help="The address."),
    name: str = typer.Option("", "--name", help="The person's name."),
    topics: str = typer.Option("", "--topics", help="Sections they want, ';'-separated."),
    timezone: str | None = typer.Option(None, "--timezone", help="IANA name, e.g. Europe/Paris."),
    confirmed: bool = typer.Option(
        False, "--confirmed", help="They already consented: active at once, no confirmation."
    ),
    force: bool = typer.Option(
        False, "--force", help="With --confirmed: re-add someone who left (logged)."
    ),
) -> None:
    """Add a subscriber: pending plus a confirmation email (double opt-in) unless --confirmed."""
    config, database = state.config, state.database()
    if confirmed:
        subscriber = add_confirmed(
            config, database, email, name=name, topics=topics, timezone=timezone, force=force
        )
        console.print(f"added {escape(_describe(subscriber))}", highlight=False)
        return
    if force:
        raise fail("--force only applies with --confirmed")
    subscriber = signup(
        config, database, email, name=name, topics=topics, timezone=timezone, reason="add"
    )
    if subscriber.status is SubscriberStatus.PENDING:
        outbox = config.resolve(config.delivery.outbox_dir)
        console.print(
            f"added {escape(_describe(subscriber))}; confirmation email written to {outbox}",
            highlight=False,
        )
    else:
        console.print(f"already subscribed: {escape(_describe(subscriber))}", highlight=False)


@subscribers_app.command("remove")
def remove_command(email: str = typer.Argument(..., help="The address.")) -> None:
    """Unsubscribe an address (its record and history are kept)."""
    subscriber = remove(state.config, state.database(), email)
    console.print(escape(_describe(subscriber)), highlight=False)


@subscribers_app.command("list")
def list_command(
    status: str | None = typer.Option(None, "--status", help=f"Only this status. {STATUS_HELP}"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array."),
) -> None:
    """List subscribers in the order they were added."""
    found = list_subscribers(state.database(), _status(status))
    if as_json:
        # Streamed item by item: the list can be long.
        typer.echo("[", nl=False)
        for number, subscriber in enumerate(found):
            typer.echo(("," if number else "") + "\n  ", nl=False)
            typer.echo(json.dumps(subscriber.to_json(), ensure_ascii=False), nl=False)
        typer.echo("\n]")
        return
    count = 0
    for subscriber in found:
        count += 1
        topics = f" [{'; '.join(subscriber.topics)}]" if subscriber.topics else ""
        console.print(escape(_describe(subscriber) + topics), highlight=False)
    console.print(f"{count} subscriber{'s' if count != 1 else ''}", style="dim")


@subscribers_app.command("show")
def show_command(
    email: str = typer.Argument(..., help="The address."),
    as_json: bool = typer.Option(False, "--json", help="Print the record and history as JSON."),
) -> None:
    """One subscriber with the history of every change and why."""
    database = state.database()
    subscriber = get_subscriber(state.config, database, email)
    events = history(database, subscriber)
    if as_json:
        payload = {**subscriber.to_json(), "history": [event.to_json() for event in events]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for key, value in subscriber.to_json().items():
        shown = "; ".join(value) if isinstance(value, list) else value
        console.print(f"{key}: {escape(str(shown if shown not in (None, '') else '-'))}")
    console.rule("history")
    for event in events:
        move = f"{event.from_status or '-'} -> {event.to_status}" if event.to_status else ""
        console.print(
            f"{event.at:%Y-%m-%d %H:%M:%S} {event.kind} {move} {escape(event.reason)}",
            highlight=False,
        )


@subscribers_app.command("stats")
def stats_command(
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """How many subscribers have each status."""
    counts = stats(state.database())
    if as_json:
        payload = {status.value: count for status, count in counts.items()}
        payload["total"] = sum(counts.values())
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table(title="Subscribers")
    table.add_column("status")
    table.add_column("count", justify="right")
    for status, count in counts.items():
        table.add_row(status.value, str(count))
    table.add_row("[bold]total[/]", str(sum(counts.values())))
    console.print(table)


@subscribers_app.command("forget")
def forget_command(email: str = typer.Argument(..., help="The address.")) -> None:
    """Delete everything about a person, keeping only a hash so they are never re-added."""
    found = forget(state.config, state.database(), email)
    what = "deleted the record of" if found else "no record held for"
    console.print(
        f"{what} {escape(email.strip())}; its hash is kept so it is never re-added by accident",
        highlight=False,
    )


@subscribers_app.command("confirm")
def confirm_command(
    token: str = typer.Argument(..., help="The token from a confirm link."),
) -> None:
    """Confirm a pending subscriber with the token from their confirmation link."""
    subscriber = confirm(state.config, state.database(), token.rstrip("/").rsplit("/", 1)[-1])
    console.print(f"confirmed {escape(_describe(subscriber))}", highlight=False)


@subscribers_app.command("expire")
def expire_command() -> None:
    """Delete pending subscribers who did not confirm within pending_expiry_days."""
    removed = expire_pending(state.config, state.database())
    days = state.config.subscribers.pending_expiry_days
    console.print(
        f"expired {len(removed)} pending subscriber{'s' if len(removed) != 1 else ''} "
        f"older than {days} days",
        highlight=False,
    )
