"""The render command: the current draft as a sample subscriber would get it."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from digest.cli.common import app, console, err_console, fail, state
from digest.render import Renderer, build_message, sample_recipient


def _write(path: Path, data: str | bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise fail(f"{path}: cannot write: {escape(str(exc))}") from None


@app.command("render")
def render_command(
    week: str | None = typer.Option(
        None, "--week", help="ISO week such as 2026-W47 (default: the newest with unsent stories)."
    ),
    out: Path = typer.Option(Path("email.html"), "--out", help="Where to write the HTML part."),
    text: Path | None = typer.Option(None, "--text", help="Also write the plain-text part here."),
    eml: Path | None = typer.Option(
        None, "--eml", help="Also write the whole MIME message (.eml) here."
    ),
    topics: str | None = typer.Option(
        None, "--topics", help="Comma-separated section names: render that variant (default: all)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print sizes and the size report as JSON."),
) -> None:
    """Render the current draft for a sample subscriber; print its size and the size guard's report."""
    # Editions are built by another module; imported here so the CLI loads without it.
    from digest.editions import build_draft, parse_period, pending_period

    config = state.config
    database = state.database()
    try:
        period = parse_period(week) if week else pending_period(config, database)
    except ValueError as exc:  # a malformed --week, whichever way the parser says so
        raise fail(f"--week {escape(repr(week))}: {escape(str(exc))}") from None
    if period is None:
        raise fail("no stories are waiting for an edition; run `digest collect` first")
    edition = build_draft(config, database, period)
    if not edition.items:
        why = f" ({edition.skip_reason})" if edition.skip_reason else ""
        raise fail(f"edition {edition.period} has no stories to render{escape(why)}")
    chosen = [t.strip() for t in topics.split(",") if t.strip()] if topics else []
    known = {section.name.casefold() for section in edition.sections}
    unknown = [t for t in chosen if t.casefold() not in known]
    if unknown:
        names = ", ".join(section.name for section in edition.sections) or "none"
        raise fail(f"--topics: no section named {', '.join(unknown)} (sections: {names})")
    variant = Renderer(config).render(edition, chosen)
    recipient = sample_recipient(config.render.base_url, edition.period)
    email = variant.personalise(recipient)
    _write(out, email.html)
    if text is not None:
        _write(text, email.text)
    if eml is not None:
        _write(eml, bytes(build_message(config, email, recipient)))
    html_bytes = len(email.html.encode("utf-8"))
    if as_json:
        summary = {
            "period": edition.period,
            "subject": email.subject,
            "preheader": email.preheader,
            "stories": sum(len(s.items) for s in variant.edition.sections)
            if variant.edition
            else 0,
            "html_bytes": html_bytes,
            "text_bytes": len(email.text.encode("utf-8")),
            "size_guard": variant.report.to_json(),
            "files": {k: str(v) for k, v in {"html": out, "text": text, "eml": eml}.items() if v},
        }
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    console.print(f"[bold]{escape(email.subject)}[/]", highlight=False)
    console.print(f"  {escape(email.preheader)}", style="dim", highlight=False)
    console.print(
        f"wrote {escape(str(out))}: HTML {html_bytes:,} bytes for the sample subscriber",
        highlight=False,
    )
    if text is not None:
        console.print(f"wrote {escape(str(text))}: text {len(email.text.encode()):,} bytes")
    if eml is not None:
        console.print(f"wrote {escape(str(eml))}")
    for line in variant.report.lines():
        target = err_console if variant.report.changed else console
        target.print(f"size guard: {escape(line)}", highlight=False)
