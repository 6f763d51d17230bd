"""Commands for getting stories in: init, ingest, collect, stories."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from digest.cli.common import app, console, err_console, fail, parse_since, state
from digest.collect import CollectReport, SourceReport, collect, ingest, save_input
from digest.config import SAMPLES_DIR, Config
from digest.models import Story
from digest.sources import KINDS
from digest.starter import STARTER_CONFIG
from digest.store.stories import list_stories


def _print_story(story: Story) -> None:
    when = story.published.strftime("%Y-%m-%d %H:%M") if story.published else "no date"
    console.print(f"[bold]{escape(story.title)}[/]", highlight=False)
    console.print(f"  {escape(story.source)} · {when}", style="dim", highlight=False)
    if story.url:
        console.print(f"  {escape(story.url)}", style="cyan", highlight=False)


@app.command()
def init(
    directory: Path = typer.Argument(
        Path("."), help="Where to write digest.toml (created if missing)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing digest.toml."),
) -> None:
    """Write a commented starter digest.toml (and sample sources) that works offline."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "digest.toml"
    if target.exists() and not force:
        raise fail(f"{target} already exists; pass --force to overwrite it")
    samples = directory / "samples"
    if not samples.exists():
        shutil.copytree(SAMPLES_DIR, samples)
    target.write_text(STARTER_CONFIG, encoding="utf-8")
    console.print(f"wrote {target} and sample sources in {samples}/")
    console.print(f"next: cd {directory} && digest run")


@app.command("ingest")
def ingest_command(
    inputs: list[str] = typer.Argument(..., help="Feed or page URLs, files or folders."),
    kind: str | None = typer.Option(
        None, "--kind", help=f"Skip detection; one of: {', '.join(KINDS)}."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array of stories."),
    save: bool = typer.Option(False, "--save", help="Also store them, as collect would."),
) -> None:
    """Parse inputs and print their stories; a failing input does not stop the rest."""
    if kind is not None and kind not in KINDS:
        raise fail(f"--kind {kind!r}: use one of {', '.join(KINDS)}")
    results = ingest(inputs, kind=kind, fetch=state.config.fetch)
    database = state.database() if save else None
    stories: list[Story] = []
    for result in results:
        if result.error:
            err_console.print(f"[bold red]error:[/] {escape(result.error)}", highlight=False)
            continue
        for problem in result.problems:
            err_console.print(
                f"[yellow]warning:[/] {escape(result.location)}: {escape(problem)}", highlight=False
            )
        stories.extend(result.stories)
        if database is not None:
            counts = save_input(database, result)
            err_console.print(
                f"saved {result.location}: {counts.new} new, {counts.updated} updated, {counts.unchanged} unchanged",
                highlight=False,
            )
    if as_json:
        typer.echo(json.dumps([s.to_json() for s in stories], ensure_ascii=False, indent=2))
    else:
        for story in stories:
            _print_story(story)
    if any(result.error for result in results):
        raise typer.Exit(1)


def print_collect_report(report: CollectReport) -> None:
    table = Table(title="Collected", show_lines=False)
    for column in ("source", "new", "updated", "unchanged", "status"):
        table.add_column(
            column, justify="right" if column in ("new", "updated", "unchanged") else "left"
        )
    for item in report.sources:
        status = item.status if not item.error else f"failed: {item.error}"
        if item.problems and item.status != "failed":
            status += f" ({len(item.problems)} problem{'s' if len(item.problems) > 1 else ''})"
        style = "red" if item.status == "failed" else None
        table.add_row(
            escape(item.name),
            str(item.counts.new),
            str(item.counts.updated),
            str(item.counts.unchanged),
            escape(status),
            style=style,
        )
    totals = report.totals
    table.add_row(
        "[bold]total[/]",
        str(totals.new),
        str(totals.updated),
        str(totals.unchanged),
        f"{len(report.failed)} failed" if report.failed else "",
    )
    console.print(table)
    for item in report.sources:
        for problem in item.problems[:5]:
            err_console.print(
                f"[yellow]warning:[/] {escape(item.name)}: {escape(problem)}", highlight=False
            )


@contextmanager
def collect_progress(config: Config) -> Iterator[Callable[[SourceReport], None]]:
    """A progress bar over the enabled sources on stderr; yields the per-source callback."""
    with Progress(
        TextColumn("collecting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=sum(1 for s in config.sources if s.enabled))

        def done(report: SourceReport) -> None:
            progress.update(task, advance=1, description=escape(report.name))

        yield done


def run_collect() -> CollectReport:
    config = state.config
    database = state.database()
    with collect_progress(config) as done:
        report = collect(config, database, on_done=done)
    print_collect_report(report)
    return report


@app.command("collect")
def collect_command() -> None:
    """Fetch every configured source into the store, then report per source."""
    report = run_collect()
    if report.failed:
        raise typer.Exit(1)


@app.command("stories")
def stories_command(
    since: str | None = typer.Option(
        "7d", "--since", help="Age (7d, 12h, 2w) or ISO date; '' for all."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array."),
) -> None:
    """List stored stories, newest first."""
    stories = list_stories(state.database(), since=parse_since(since), limit=limit)
    if as_json:
        typer.echo(json.dumps([s.to_json() for s in stories], ensure_ascii=False, indent=2))
        return
    for story in stories:
        _print_story(story)
    console.print(f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'}", style="dim")
