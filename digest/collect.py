"""Collection: run every source, normalise, dedup, store; failures recorded, never fatal.

URL sources are fetched concurrently (bounded by ``fetch.concurrency``) while
a single worker parses and stores what has arrived, so one slow server never
holds up the others and the database sees one writer.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.config import Config, FetchConfig, SourceConfig
from digest.exceptions import FetchError, SourceError
from digest.fetch import Fetched, Fetcher, FetchRequest, read_file
from digest.models import Story
from digest.sources import Document, Parsed, parse_document
from digest.sources.base import detect_kind
from digest.sources.folder import files_in
from digest.store.db import Database
from digest.store.stories import SaveCounts, SourceState, record_fetch, save_stories, source_state

# Kinds whose parsing is article extraction rather than reading a structured format.
_EXTRACT_KINDS = {"page", "text"}


@dataclass(slots=True)
class SourceReport:
    """How one source went: ``ok``, ``not modified`` (HTTP 304), ``partial`` or ``failed``."""

    name: str
    location: str
    kind: str | None = None
    status: str = "ok"
    counts: SaveCounts = field(default_factory=SaveCounts)
    error: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CollectReport:
    sources: list[SourceReport] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def failed(self) -> list[SourceReport]:
        return [report for report in self.sources if report.status == "failed"]

    @property
    def totals(self) -> SaveCounts:
        total = SaveCounts()
        for report in self.sources:
            total += report.counts
        return total


@dataclass(slots=True)
class InputResult:
    """What one ``digest ingest`` input gave: stories in input order, or an error."""

    location: str
    kind: str | None = None
    stories: list[Story] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None


def _timed(seconds: dict[str, float], stage: str, started: float) -> None:
    seconds[stage] += time.perf_counter() - started


def _parse(
    document: Document, kind: str | None, name: str | None, seconds: dict[str, float]
) -> tuple[str, Parsed]:
    kind = kind or detect_kind(document)
    started = time.perf_counter()
    try:
        return kind, parse_document(document, kind, name)
    finally:
        _timed(seconds, "extract" if kind in _EXTRACT_KINDS else "parse", started)


def read_local(
    path: Path, kind: str | None, name: str | None, max_bytes: int, seconds: dict[str, float]
) -> InputResult:
    """A local file or folder, parsed; a bad file in a folder is a problem, not a failure."""
    result = InputResult(location=str(path), kind=kind)
    if path.is_dir() and kind in (None, "folder"):
        result.kind = "folder"
        for file_path, file_kind in files_in(path):
            try:
                started = time.perf_counter()
                content = read_file(file_path, max_bytes)
                _timed(seconds, "fetch", started)
                # Each file keeps its own publisher (a feed's title, a page's site name).
                _, parsed = _parse(Document(content, str(file_path)), file_kind, None, seconds)
            except SourceError as exc:
                result.problems.append(str(exc))
                continue
            fallback = name or path.name
            result.stories.extend(
                replace(s, source=fallback) if s.source == str(file_path) else s
                for s in parsed.stories
            )
            result.problems.extend(f"{file_path.name}: {p}" for p in parsed.problems)
        return result
    started = time.perf_counter()
    content = read_file(path, max_bytes)
    _timed(seconds, "fetch", started)
    result.kind, parsed = _parse(Document(content, str(path)), kind, name, seconds)
    result.stories, result.problems = parsed.stories, parsed.problems
    return result


def _from_fetched(
    fetched: Fetched, kind: str | None, name: str | None, seconds: dict[str, float]
) -> InputResult:
    document = Document(fetched.content, fetched.url, fetched.content_type, fetched.charset)
    result = InputResult(location=fetched.url)
    result.kind, parsed = _parse(document, kind, name, seconds)
    result.stories, result.problems = parsed.stories, parsed.problems
    return result


def _with_source_tags(stories: Sequence[Story], tags: Sequence[str]) -> list[Story]:
    if not tags:
        return list(stories)
    return [replace(s, tags=tuple(dict.fromkeys((*s.tags, *tags)))) for s in stories]


class _Collector:
    """One collect run: owns the timings and the single parse/store worker."""

    def __init__(
        self, config: Config, database: Database, on_done: Callable[[SourceReport], None] | None
    ):
        self.config = config
        self.database = database
        self.on_done = on_done
        self.report = CollectReport()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-collect")

    def store(
        self, source: SourceConfig, result: InputResult, state: SourceState | None
    ) -> SourceReport:
        report = SourceReport(source.name, source.location, result.kind, problems=result.problems)
        started = time.perf_counter()
        stories = _with_source_tags(result.stories, source.tags)
        report.counts = save_stories(
            self.database,
            stories,
            source_name=source.name,
            location=source.location,
            kind=result.kind,
            weight=source.weight,
        )
        if result.problems and not result.stories:
            report.status = "partial"
        record_fetch(
            self.database,
            source.name,
            source.location,
            result.kind,
            status=report.status,
            error="; ".join(result.problems[:3]) or None,
            state=state,
        )
        _timed(self.report.seconds, "store", started)
        return report

    def failed(self, source: SourceConfig, error: Exception) -> SourceReport:
        report = SourceReport(
            source.name, source.location, source.kind, status="failed", error=str(error)
        )
        record_fetch(
            self.database,
            source.name,
            source.location,
            source.kind,
            status="failed",
            error=str(error),
        )
        return report

    def process_local(self, source: SourceConfig) -> SourceReport:
        assert source.path is not None
        try:
            result = read_local(
                self.config.resolve(source.path),
                source.kind,
                source.name,
                self.config.fetch.max_bytes,
                self.report.seconds,
            )
        except SourceError as exc:
            return self.failed(source, exc)
        return self.store(source, result, None)

    def process_fetched(
        self, source: SourceConfig, fetched: Fetched, state: SourceState
    ) -> SourceReport:
        if fetched.not_modified:
            record_fetch(
                self.database,
                source.name,
                source.location,
                source.kind,
                status="not modified",
                state=state,
            )
            return SourceReport(source.name, source.location, source.kind, status="not modified")
        try:
            result = _from_fetched(fetched, source.kind, source.name, self.report.seconds)
        except SourceError as exc:
            return self.failed(source, exc)
        return self.store(source, result, fetched.state)

    def finish(self, report: SourceReport) -> SourceReport:
        if self.on_done is not None:
            self.on_done(report)
        return report

    async def run(self, sources: Sequence[SourceConfig]) -> CollectReport:
        loop = asyncio.get_running_loop()
        states = {s.name: source_state(self.database, s.name, s.location) for s in sources if s.url}
        fetch_started = time.perf_counter()
        async with Fetcher(self.config.fetch) as fetcher:

            async def one(source: SourceConfig) -> SourceReport:
                if source.url is None:
                    report = await loop.run_in_executor(self.worker, self.process_local, source)
                    return self.finish(report)
                state = states[source.name]
                try:
                    fetched = await fetcher.fetch(FetchRequest(source.url, state))
                except FetchError as exc:
                    report = await loop.run_in_executor(self.worker, self.failed, source, exc)
                    return self.finish(report)
                self.report.seconds["fetch"] += fetched.seconds
                report = await loop.run_in_executor(
                    self.worker, self.process_fetched, source, fetched, state
                )
                return self.finish(report)

            self.report.sources = list(await asyncio.gather(*(one(s) for s in sources)))
        self.report.seconds["total"] = time.perf_counter() - fetch_started
        self.worker.shutdown()
        return self.report


def collect(
    config: Config,
    database: Database,
    *,
    only: Sequence[str] | None = None,
    on_done: Callable[[SourceReport], None] | None = None,
) -> CollectReport:
    """Run every enabled source (or the named ones) into the store."""
    sources = [s for s in config.sources if s.enabled and (not only or s.name in only)]
    return asyncio.run(_Collector(config, database, on_done).run(sources))


def ingest(
    locations: Sequence[str], *, kind: str | None = None, fetch: FetchConfig | None = None
) -> list[InputResult]:
    """Parse each input (a URL, file or folder); results in input order, errors per input."""
    fetch = fetch or FetchConfig()
    seconds: dict[str, float] = defaultdict(float)
    results: list[InputResult | None] = [None] * len(locations)
    urls = [
        (i, loc)
        for i, loc in enumerate(locations)
        if "://" in loc or loc.lower().startswith(("javascript:", "data:"))
    ]

    async def fetch_urls() -> None:
        async with Fetcher(fetch) as fetcher:

            async def one(index: int, url: str) -> None:
                try:
                    fetched = await fetcher.fetch(FetchRequest(url))
                    results[index] = _from_fetched(fetched, kind, None, seconds)
                except SourceError as exc:
                    results[index] = InputResult(location=url, kind=kind, error=str(exc))

            await asyncio.gather(*(one(i, u) for i, u in urls))

    if urls:
        asyncio.run(fetch_urls())
    for index, location in enumerate(locations):
        if results[index] is not None:
            continue
        try:
            results[index] = read_local(Path(location), kind, None, fetch.max_bytes, seconds)
        except SourceError as exc:
            results[index] = InputResult(location=location, kind=kind, error=str(exc))
    return [r for r in results if r is not None]


def save_input(database: Database, result: InputResult) -> SaveCounts:
    """Store what ``ingest`` found, exactly as ``collect`` stores a source's stories."""
    counts = save_stories(
        database,
        result.stories,
        source_name=result.location,
        location=result.location,
        kind=result.kind,
    )
    record_fetch(database, result.location, result.location, result.kind, status="ok")
    return counts
