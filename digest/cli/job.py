"""The main job's command: ``digest run`` collects, drafts and previews in one go."""

from __future__ import annotations

import typer
from rich.markup import escape

from digest.cli.common import app, console, state
from digest.cli.editions import print_edition
from digest.cli.render import print_size_report
from digest.cli.stories import collect_progress, print_collect_report
from digest.job import run_job
from digest.models import EditionStatus


@app.command("run")
def run_command() -> None:
    """The weekly job: collect every source, build the pending edition's draft, write a preview."""
    config = state.config
    database = state.database()
    with collect_progress(config) as done:
        report = run_job(config, database, on_source_done=done)
    print_collect_report(report.collect)
    edition = report.edition
    if edition is None:
        console.print("no stories are waiting for an edition: nothing to draft this time")
    else:
        print_edition(edition)
        if report.preview is not None:
            console.print(
                f"\npreview for a sample subscriber: {escape(str(report.preview))} "
                f"(HTML {report.html_bytes:,} bytes)",
                highlight=False,
            )
            if report.size_report is not None:
                print_size_report(report.size_report)
        if edition.status is EditionStatus.DRAFT:
            console.print(
                f"next: curate with `digest edition ...`, then "
                f"`digest edition approve --week {edition.period}`",
                style="dim",
                highlight=False,
            )
    if report.failed:
        raise typer.Exit(1)
