"""Benchmark: one 12-story edition sent to 100,000 subscribers spread over 8 variants.

Run: .venv/bin/python bench/render.py [--subscribers 100000] [--variants 8] [--naive-sample 200]
Prints the time to render one variant, personalised emails per second with render-once
(HTML and text strings built per recipient), the same for a naive full render per subscriber
(measured on a sample and extrapolated), their ratio, and the HTML size for 12 stories.
Building whole MIME messages is measured separately, on a sample.
Targets (2-core machine): >= 20,000 emails/s render-once, >= 50x naive, HTML < 60 KB.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._machine import machine  # noqa: E402
from digest.render import Recipient, Renderer, build_message  # noqa: E402
from tests.render.conftest import SECTIONS, make_config, make_edition  # noqa: E402


def variant_topics(count: int) -> list[tuple[str, ...]]:
    """All sections first, then each single section, then pairs, ... up to ``count``."""
    names = list(SECTIONS)
    combos: list[tuple[str, ...]] = [()]
    for size in range(1, len(names)):
        combos.extend(itertools.combinations(names, size))
    return combos[:count]


def subscriber(number: int) -> Recipient:
    token = f"{number:08d}.c2lnbmF0dXJlLW9mLXRoZS1saW5r"
    return Recipient(
        email=f"reader{number}@example.com",
        name=f"Reader {number}",
        unsubscribe_url=f"https://riverside.example/unsubscribe/{token}",
        preferences_url=f"https://riverside.example/preferences/{token}",
        view_url=f"https://riverside.example/editions/2026-W47?r={number}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--variants", type=int, default=8)
    parser.add_argument("--naive-sample", type=int, default=200)
    parser.add_argument("--mime-sample", type=int, default=5_000)
    args = parser.parse_args()

    config = make_config()
    edition = make_edition()
    topics = variant_topics(args.variants)
    recipients = [subscriber(n) for n in range(args.subscribers)]
    groups = [recipients[i :: len(topics)] for i in range(len(topics))]
    print(f"machine: {machine()}")
    print(
        f"edition: {len(edition.items)} stories in {len(edition.sections)} sections; "
        f"{args.subscribers:,} subscribers over {len(topics)} variants"
    )

    started = time.perf_counter()
    renderer = Renderer(config)
    renderer.render(edition)  # first render: templates compiled, MRML and premailer warmed up
    print(
        f"cold start (load theme + first render): {(time.perf_counter() - started) * 1000:.0f} ms"
    )

    # Render-once: each variant rendered once, then every subscriber of it personalised.
    render_times: list[float] = []
    html_bytes = 0
    total_bytes = 0
    started = time.perf_counter()
    for variant_topics_, group in zip(topics, groups, strict=True):
        began = time.perf_counter()
        variant = renderer.render(edition, variant_topics_)
        render_times.append(time.perf_counter() - began)
        if not variant_topics_:
            html_bytes = variant.size
        for reader in group:
            email = variant.personalise(reader)
            total_bytes += len(email.html) + len(email.text)
    once = time.perf_counter() - started
    once_rate = args.subscribers / once
    print(
        f"variant render: {statistics.mean(render_times) * 1000:.1f} ms mean "
        f"(min {min(render_times) * 1000:.1f}, max {max(render_times) * 1000:.1f}) over {len(topics)} variants"
    )
    print(
        f"render-once: {args.subscribers:,} personalised emails (HTML + text) in {once:.2f} s "
        f"= {once_rate:,.0f} emails/s ({total_bytes / 2**30:.2f} GiB of strings built)"
    )

    # Naive: a full render (Jinja -> MJML -> premailer -> size guard) for every subscriber.
    sample = recipients[: args.naive_sample]
    started = time.perf_counter()
    for n, reader in enumerate(sample):
        renderer.render_for(edition, reader, topics[n % len(topics)])
    naive = time.perf_counter() - started
    naive_rate = len(sample) / naive
    print(
        f"naive full render per subscriber: {naive_rate:,.0f} emails/s "
        f"(measured on {len(sample)} subscribers, extrapolated: "
        f"{args.subscribers / naive_rate:,.0f} s for {args.subscribers:,})"
    )
    print(f"render-once / naive: {once_rate / naive_rate:,.0f}x")

    # Whole MIME messages (what the outbox and SMTP providers need), on a sample.
    variant = renderer.render(edition)
    sample = recipients[: args.mime_sample]
    started = time.perf_counter()
    for reader in sample:
        bytes(build_message(config, variant.personalise(reader), reader))
    mime = time.perf_counter() - started
    print(
        f"with MIME message serialised (sample of {len(sample):,}): {len(sample) / mime:,.0f} emails/s"
    )
    print(f"HTML for 12 stories: {html_bytes:,} bytes (budget {config.render.size_budget:,})")


if __name__ == "__main__":
    main()
