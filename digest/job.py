"""The weekly job: collect, draft the edition, render its preview.

One library call that ``digest run`` (and later the scheduler) drives::

    report = run_job(config, database)

It runs the stages in pipeline order and never lets one stage's failure hide
another's report: a source that fails is recorded by collect and the job goes
on. The edition is drafted for :func:`digest.editions.pending_period`, the
newest period with stories not yet sent, so the bundled sample week drafts an
edition whatever today's date is. Until the delivery layer exists, the job
writes the edition as a sample subscriber would get it to the outbox folder,
for the editor to open; it sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digest.collect import CollectReport, SourceReport, collect
from digest.config import Config
from digest.editions import build_draft, pending_period
from digest.models import Edition, EditionStatus
from digest.render import build_message, render_sample
from digest.render.sizeguard import SizeReport
from digest.store.db import Database


@dataclass(slots=True)
class JobReport:
    """What one run of the job did, stage by stage."""

    collect: CollectReport
    edition: Edition | None = None
    preview: Path | None = None
    size_report: SizeReport | None = None
    html_bytes: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.collect.failed)


def run_job(
    config: Config,
    database: Database,
    *,
    now: dt.datetime | None = None,
    on_source_done: Callable[[SourceReport], None] | None = None,
) -> JobReport:
    """Collect every source, build the pending edition's draft, write its preview."""
    report = JobReport(collect=collect(config, database, on_done=on_source_done))
    period = pending_period(config, database, now=now)
    if period is None:
        return report
    edition = build_draft(config, database, period, now=now)
    report.edition = edition
    if edition.status is EditionStatus.SKIPPED or not edition.items:
        return report
    preview = render_sample(config, edition)
    # One preview per period, replaced on every run, so the editor always opens the latest.
    folder = config.resolve(config.delivery.outbox_dir)
    folder.mkdir(parents=True, exist_ok=True)
    report.preview = folder / f"preview-{edition.period}.eml"
    report.preview.write_bytes(bytes(build_message(config, preview.email, preview.recipient)))
    report.size_report = preview.variant.report
    report.html_bytes = preview.html_bytes
    return report
